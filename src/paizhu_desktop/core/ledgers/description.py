"""The declarative description of a ledger.

One :class:`LedgerDescription` per ledger drives its table, validation,
search, list columns, ordering, JSON schema — and, above the core, its form
and print layout. Adding a ledger is adding a description.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.fields import CURRENT_USER, TODAY, Choice, Field, FieldType
from paizhu_desktop.core.ledgers.workflow import Workflow

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from paizhu_desktop.core.ledgers.service import Entry, LedgerService

#: A cross-field check: returns {field name: Chinese message} for what is wrong.
Validator = Callable[[Mapping[str, Any]], dict[str, str]]
#: Picks the default 密级 from the entry's content (e.g. 第四十八条(五) → 秘密).
ClassificationRule = Callable[[Mapping[str, Any]], Classification | None]
#: A rule on writing: given the stored entry (None for a new one) and the new values,
#: a Chinese refusal or None. Runs inside the write transaction (e.g. a signed-off
#: chronicle period is locked, 第五十条).
WriteRule = Callable[["LedgerService", "Connection", "Entry | None", Mapping[str, Any]],
                     "str | None"]
#: A completeness check over a year: Chinese findings (e.g. a gap in the seal numbers).
Check = Callable[["LedgerService", "Connection", int], list[str]]


@dataclass(frozen=True)
class Derivation:
    """Enter once: a new entry of ``target`` pre-filled from an entry of this ledger.

    ``build`` returns the target's values (with the link back to the source);
    the person still reviews them in the form before saving.
    """

    action: str
    label: str
    target: str
    build: Callable[[Entry], dict[str, Any]]


@dataclass(frozen=True)
class LedgerDescription:
    """Everything the application knows about one ledger.

    Attributes:
        id: code name (glossary), also the table name suffix and CLI name.
        name: the Chinese name shown in the UI and on the register.
        chapter: the chapter of 献县办法 (or other regulation) it belongs to.
        article: citation shown with the ledger, e.g. "献县办法 第四十八–五十条".
        fields: the entry's fields, in form order.
        list_columns: field names shown as list columns, in order.
        ordering: (field name, descending) pairs giving the ledger's own order.
        date_field: the field that places an entry in a period (year, month).
        default_classification: 密级 of a new entry when no rule says otherwise.
        classification_rule: content-dependent default 密级.
        validators: cross-field checks run after each field is normalised.
        summary_field: the field that best names an entry in one line.
        workflow: the approval flow, for ledgers whose article requires one.
        write_rules: refusals checked inside every write (locks, sequences).
        checks: completeness findings over a year (gaps, overdue items).
        derivations: "enter once" actions creating a linked entry elsewhere.
        register_name: the paper register's title (登记簿), if not 名称 + 登记簿.
        computed: values derived from the others on every save (e.g. a period's dates).
    """

    id: str
    name: str
    chapter: str
    article: str
    fields: tuple[Field, ...]
    list_columns: tuple[str, ...]
    ordering: tuple[tuple[str, bool], ...]
    date_field: str
    summary_field: str
    default_classification: Classification = Classification.INTERNAL
    classification_rule: ClassificationRule | None = None
    validators: tuple[Validator, ...] = field(default=())
    description: str = ""
    workflow: Workflow | None = None
    write_rules: tuple[WriteRule, ...] = field(default=())
    checks: tuple[Check, ...] = field(default=())
    derivations: tuple[Derivation, ...] = field(default=())
    register_name: str = ""
    computed: Callable[[Mapping[str, Any]], dict[str, Any]] | None = None

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.id}: duplicate field names")
        for col in (*self.list_columns, *(o for o, _ in self.ordering), self.date_field,
                    self.summary_field):
            if col not in names:
                raise ValueError(f"{self.id}: unknown field {col!r}")

    @property
    def statuses(self) -> tuple[Choice, ...]:
        """The workflow's states (value, Chinese label); empty without a workflow."""
        return self.workflow.states if self.workflow else ()

    def status_label(self, status: str) -> str:
        return self.workflow.label(status) if self.workflow else status

    @property
    def visible_fields(self) -> tuple[Field, ...]:
        """Fields the person fills in (not links or values a workflow step records)."""
        return tuple(f for f in self.fields if not f.hidden)

    @property
    def table(self) -> Any:
        """The SQL table of this ledger (for rules and checks that query it)."""
        # The schema imports the registry, which imports the descriptions: import late.
        from paizhu_desktop.core.schema import ledger_table

        return ledger_table(self)

    @property
    def table_name(self) -> str:
        return f"ledger_{self.id}"

    @property
    def fts_table_name(self) -> str:
        return f"fts_{self.id}"

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def searchable_fields(self) -> tuple[Field, ...]:
        text_types = (FieldType.TEXT, FieldType.LONGTEXT, FieldType.CHOICE, FieldType.TABLE,
                      FieldType.USER)
        return tuple(f for f in self.fields if f.searchable and f.type in text_types)

    def defaults(self, username: str = "") -> dict[str, Any]:
        """Pre-filled values of a new entry (today, now and the current user resolved)."""
        out: dict[str, Any] = {}
        for f in self.fields:
            if f.default is None:
                continue
            if f.default in (TODAY, CURRENT_USER):
                value, _ = f.normalise(f.default) if f.default == TODAY else (username, None)
                if value:
                    out[f.name] = value
            else:
                out[f.name] = f.default
        return out

    def classification_for(self, data: Mapping[str, Any]) -> Classification:
        """The default 密级 for an entry with this content."""
        if self.classification_rule is not None:
            ruled = self.classification_rule(data)
            if ruled is not None:
                return ruled
        return self.default_classification

    def normalise(self, data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        """Check and convert raw input; return (values, {field: Chinese error})."""
        unknown = [k for k in data if k not in {f.name for f in self.fields}]
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for k in unknown:
            errors[k] = f"“{self.name}”没有名为“{k}”的字段"
        for f in self.fields:
            value, err = f.normalise(data.get(f.name, f.default))
            if err:
                errors[f.name] = err
            values[f.name] = value
        if not errors:
            for check in self.validators:
                errors.update(check(values))
        if not errors and self.computed is not None:
            values.update(self.computed(values))
        return values, errors

    def search_text(self, values: Mapping[str, Any]) -> str:
        """All searchable text of an entry in one string (for substring search)."""
        parts = [f.display(values.get(f.name)) for f in self.searchable_fields]
        return "\n".join(p for p in parts if p)

    def summary(self, values: Mapping[str, Any], limit: int = 40) -> str:
        text = self.field(self.summary_field).display(values.get(self.summary_field))
        text = " ".join(text.split())
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def json_schema(self) -> dict[str, Any]:
        """The description as ``paizhu schema`` prints it."""
        return {
            "id": self.id,
            "name": self.name,
            "article": self.article,
            "chapter": self.chapter,
            "fields": [f.json_schema() for f in self.fields],
            "common_fields": [
                {"name": "classification", "label": "密级", "type": "choice", "required": True,
                 "choices": [{"value": c.value, "label": c.value} for c in Classification],
                 "default": self.default_classification.value},
                {"name": "retention", "label": "保密期限", "type": "text", "required": False},
            ],
            "list_columns": list(self.list_columns),
            "ordering": [{"field": n, "descending": d} for n, d in self.ordering],
            **({"workflow": {
                "initial": self.workflow.initial,
                "states": [{"value": c.value, "label": c.label} for c in self.workflow.states],
                "steps": [{"action": st.action, "label": st.label, "from": list(st.sources),
                           "to": st.target, "permission": st.permission.value,
                           "asks": list(st.asks)} for st in self.workflow.steps],
            }} if self.workflow else {}),
        }
