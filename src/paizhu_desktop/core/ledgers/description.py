"""The declarative description of a ledger.

One :class:`LedgerDescription` per ledger drives its table, validation,
search, list columns, ordering, JSON schema — and, above the core, its form
and print layout. Adding a ledger is adding a description.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.duties import Duty
from paizhu_desktop.core.ledgers.fields import CURRENT_USER, TODAY, Choice, Field, FieldType
from paizhu_desktop.core.ledgers.rules import (
    Check,
    ClassificationRule,
    Computed,
    EntryView,
    Validator,
    WriteRule,
)
from paizhu_desktop.core.ledgers.workflow import Workflow
from paizhu_desktop.core.text import quoted

_NUMERALS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1–99 in Chinese numerals, as chapters and articles are numbered (六十二)."""
    if n < 10:
        return _NUMERALS[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else _NUMERALS[tens]) + "十" + ("" if units == 0 else _NUMERALS[units])


@dataclass(frozen=True)
class Chapter:
    """A chapter of a regulation: where a ledger belongs (navigation, coverage)."""

    regulation: str  # short name, ../seeds/README.md
    number: int
    title: str
    first_article: int
    last_article: int
    planned: tuple[str, ...] = ()  # the ledgers the chapter asks for, in Chinese
    #: The heading when it is not "第N章 title" (a 制度 of 濮阳五项制度, cited by its own name).
    label: str = ""

    @property
    def heading(self) -> str:
        return self.label or f"第{chinese_number(self.number)}章 {self.title}"

    @property
    def articles(self) -> str:
        first, last = chinese_number(self.first_article), chinese_number(self.last_article)
        return f"第{first}条" if first == last else f"第{first}–{last}条"


@dataclass(frozen=True)
class Derivation:
    """Enter once: a new entry of ``target`` pre-filled from an entry of this ledger.

    ``build`` returns the target's values (with the link back to the source);
    the person still reviews them in the form before saving.
    """

    action: str
    label: str
    target: str
    build: Callable[[EntryView], dict[str, Any]]


@dataclass(frozen=True)
class Link:
    """A declared relation: an entry of this ledger names another entry.

    ``id_field`` holds the other entry's id; the other ledger is fixed
    (``ledger``) or named per entry by ``ledger_field`` (a source among several).
    """

    id_field: str
    label: str
    ledger: str = ""
    ledger_field: str = ""


#: A document prints one entry (会议纪要) or one period of the ledger (大事记 of a month).
DocumentScope = Literal["entry", "period"]


@dataclass(frozen=True)
class Document:
    """A document the ledger prints in GB/T 9704 layout, besides its register.

    ``name`` picks the printing template; ``via`` names a :class:`Link` field of
    *another* ledger pointing at this one when the document is printed from the
    linked entry (a 组务会 prints its 会议纪要). ``article`` cites what the document
    fulfils (制度覆盖); without it the document counts under the ledger's citation.
    """

    name: str
    scope: DocumentScope
    menu: str
    via: str = ""
    article: str = ""


@dataclass(frozen=True)
class LedgerDescription:
    """Everything the application knows about one ledger.

    Attributes:
        id: code name (glossary), also the table name suffix and CLI name.
        name: the Chinese name shown in the UI and on the register.
        chapter: the chapter of the regulation it belongs to (checked by the catalog).
        article: citation shown with the ledger, e.g. "献县办法 第四十八–五十条".
        fields: the entry's fields, in form order.
        list_columns: field names shown as list columns, in order.
        ordering: (field name, descending) pairs giving the ledger's own order.
        date_field: the field that places an entry in a period (year, month).
        default_classification: 密级 of a new entry when no rule says otherwise.
        classification_rule: content-dependent default 密级.
        minimum_classification: the lowest 密级 a new entry may be given (线索 and 谈话
            material is at least 秘密); only an approved 降密/解密 review goes below it.
        validators: cross-field checks run after each field is normalised.
        summary_field: the field that best names an entry in one line.
        workflow: the approval flow, for ledgers whose article requires one.
        write_rules: refusals checked inside every write (locks, sequences).
        checks: completeness findings over a year (gaps, overdue items).
        derivations: "enter once" actions creating a linked entry elsewhere.
        register_name: the paper register's title (登记簿), if not 名称 + 登记簿.
        computed: values derived from the others on every save (e.g. a period's dates).
        computed_fields: the fields ``computed`` fills.
        version: the description's version; a field added later says ``since``.
        classification_inputs: the fields ``classification_rule`` reads (the form
            re-proposes 密级 when one of them changes).
        links: declared relations to entries of other ledgers.
        documents: what the ledger prints besides its register.
        duties: the periods and deadlines the ledger's articles set (the compliance
            calendar), each with its citation.
    """

    id: str
    name: str
    chapter: Chapter
    article: str
    fields: tuple[Field, ...]
    list_columns: tuple[str, ...]
    ordering: tuple[tuple[str, bool], ...]
    date_field: str
    summary_field: str
    default_classification: Classification = Classification.INTERNAL
    classification_rule: ClassificationRule | None = None
    minimum_classification: Classification | None = None
    validators: tuple[Validator, ...] = field(default=())
    description: str = ""
    workflow: Workflow | None = None
    write_rules: tuple[WriteRule, ...] = field(default=())
    checks: tuple[Check, ...] = field(default=())
    derivations: tuple[Derivation, ...] = field(default=())
    register_name: str = ""
    computed: Computed | None = None
    computed_fields: tuple[str, ...] = ()
    version: int = 1
    classification_inputs: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    documents: tuple[Document, ...] = ()
    duties: tuple[Duty, ...] = ()

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        keys = [f.key for f in self.fields]
        every_name = names + [old for f in self.fields for old in f.former_names]
        if len(set(every_name)) != len(every_name) or len(set(keys)) != len(keys):
            raise ValueError(f"{self.id}: duplicate field names")
        named = (*self.list_columns, *(o for o, _ in self.ordering), self.date_field,
                 self.summary_field, *self.computed_fields, *self.classification_inputs,
                 *(n for link in self.links for n in (link.id_field, link.ledger_field) if n))
        for col in named:
            if col not in names:
                raise ValueError(f"{self.id}: unknown field {col!r}")
        for f in self.fields:
            if f.since > self.version:
                raise ValueError(f"{self.id}.{f.name}: since {f.since} > version {self.version}")
        recorded = self.recorded_fields
        if self.workflow is not None:
            unknown = recorded - set(names)
            if unknown:
                raise ValueError(f"{self.id}: workflow records unknown fields {sorted(unknown)}")
            for name in (self.workflow.requester, self.workflow.on_behalf_of):
                if name and (name not in names or self.field(name).type is not FieldType.USER
                             or self.field(name).hidden):
                    raise ValueError(f"{self.id}: {name!r} is not a visible account field")
            if self.workflow.on_behalf_of and self.field(self.workflow.on_behalf_of).required:
                raise ValueError(f"{self.id}: on_behalf_of must be optional")
        for f in self.fields:
            # What a step records is never in the form (add and edit refuse it).
            if f.name in recorded and not f.hidden:
                raise ValueError(f"{self.id}.{f.name}: recorded by a step, must be hidden")
        for col in self.list_columns:
            if self.field(col).retired:
                raise ValueError(f"{self.id}: retired field {col!r} listed")
        succeeded = [f.succeeds for f in self.fields if f.succeeds]
        for name in succeeded:
            if name not in names or not self.field(name).retired:
                raise ValueError(f"{self.id}: succeeds {name!r}, which is not a retired field")
        if len(set(succeeded)) != len(succeeded):
            raise ValueError(f"{self.id}: a retired field succeeded twice")

    @property
    def statuses(self) -> tuple[Choice, ...]:
        """The workflow's states (value, Chinese label); empty without a workflow."""
        return self.workflow.states if self.workflow else ()

    def status_label(self, status: str) -> str:
        return self.workflow.label(status) if self.workflow else status

    @property
    def visible_fields(self) -> tuple[Field, ...]:
        """Fields the person fills in (not links, computed or step-recorded values)."""
        return tuple(f for f in self.fields if not f.hidden and not f.retired)

    @property
    def recorded_fields(self) -> frozenset[str]:
        """Fields only workflow steps write (approver, times, notes, numbers)."""
        return self.workflow.recorded_fields if self.workflow else frozenset()

    @property
    def link_fields(self) -> frozenset[str]:
        return frozenset(n for link in self.links for n in (link.id_field, link.ledger_field)
                         if n)

    def document(self, name: str) -> Document:
        for d in self.documents:
            if d.name == name:
                return d
        raise KeyError(name)

    @property
    def table_name(self) -> str:
        return f"ledger_{self.id}"

    @property
    def fts_table_name(self) -> str:
        return f"fts_{self.id}"

    def field(self, name: str) -> Field:
        """The field called ``name`` now or earlier (a declared rename)."""
        for f in self.fields:
            if f.name == name or name in f.former_names:
                return f
        raise KeyError(name)

    def display(self, name: str, values: Mapping[str, Any]) -> str:
        """A field's value as read on screen, paper and CLI (its declared format)."""
        return self.field(name).formatted(values.get(name), values)

    @property
    def searchable_fields(self) -> tuple[Field, ...]:
        text_types = (FieldType.TEXT, FieldType.LONGTEXT, FieldType.CHOICE, FieldType.TABLE,
                      FieldType.USER)
        return tuple(f for f in self.fields if f.searchable and f.type in text_types)

    def defaults(self, username: str = "") -> dict[str, Any]:
        """Pre-filled values of a new entry (today, now and the current user resolved)."""
        out: dict[str, Any] = {}
        for f in self.fields:
            if f.default is None or f.retired:
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

    def routed(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Input under a retired field's name, given to the field that succeeds it
        (unless that is given too): JSON written for the retired field still counts."""
        out = dict(data)
        for f in self.fields:
            if f.succeeds and f.succeeds in out and f.name not in out:
                out[f.name] = out.pop(f.succeeds)
        return out

    def normalise(self, data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        """Check and convert raw input; return (values, {field: Chinese error}).

        Input under a field's former name counts as that field. A retired field
        keeps whatever value it holds (it is no longer entered, never lost); the field
        that succeeds it takes that value where it holds none.
        """
        data = dict(data)
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for f in self.fields:
            for old in f.former_names:
                if old in data and f.name not in data:
                    data[f.name] = data.pop(old)
        for f in self.fields:
            # An entry from before a declared change of kind takes the retired value
            # into the field that succeeds it when it is saved again.
            if f.succeeds and data.get(f.name) in (None, "") \
                    and data.get(f.succeeds) not in (None, ""):
                data[f.name] = data[f.succeeds]
        names = {f.name for f in self.fields}
        for k in data:
            if k not in names:
                # The name is echoed on one line, cut short (it may be anything).
                errors[quoted(k)] = f"“{self.name}”没有名为“{quoted(k)}”的字段"
        for f in self.fields:
            if f.retired:
                values[f.name] = data.get(f.name)
                continue
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
        parts = [f.formatted(values.get(f.name), values) for f in self.searchable_fields]
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
            "version": self.version,
            "article": self.article,
            "chapter": self.chapter.heading,
            "regulation": self.chapter.regulation,
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
                "requester": self.workflow.requester,
                "on_behalf_of": self.workflow.on_behalf_of,
                "recorded_fields": sorted(self.workflow.recorded_fields),
                "states": [{"value": c.value, "label": c.label} for c in self.workflow.states],
                "steps": [{"action": st.action, "label": st.label, "from": list(st.sources),
                           "to": st.target, "permission": st.permission.value,
                           "asks": list(st.asks)} for st in self.workflow.steps],
            }} if self.workflow else {}),
        }
