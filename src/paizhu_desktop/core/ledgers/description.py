"""The declarative description of a ledger.

One :class:`LedgerDescription` per ledger drives its table, validation,
search, list columns, ordering, JSON schema — and, above the core, its form
and print layout. Adding a ledger is adding a description.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.fields import Field, FieldType

#: A cross-field check: returns {field name: Chinese message} for what is wrong.
Validator = Callable[[Mapping[str, Any]], dict[str, str]]
#: Picks the default 密级 from the entry's content (e.g. 第四十八条(五) → 秘密).
ClassificationRule = Callable[[Mapping[str, Any]], Classification | None]


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

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.id}: duplicate field names")
        for col in (*self.list_columns, *(o for o, _ in self.ordering), self.date_field,
                    self.summary_field):
            if col not in names:
                raise ValueError(f"{self.id}: unknown field {col!r}")

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

    def defaults(self) -> dict[str, Any]:
        """Pre-filled values of a new entry."""
        return {f.name: f.default for f in self.fields if f.default is not None}

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
        }
