"""Which tables the data package holds, and their Frictionless Table Schemas.

The tables come from the models: every managed model of ``people``, ``events``,
``articles`` and ``figures`` (many-to-many tables included) but those in ``NOT_EXPORTED``,
so that a new model or field is in the next package without a change here. A column is a
concrete field, named by its database column (``publication_id`` for a foreign key); a field
type this module does not know stops the export (``UnknownFieldType``) rather than write it
badly.

How a value is written in the CSV files (and read back by ``load.py``):

- empty cell: null; for a text column that cannot be null, the empty text;
- integer: decimal digits; number: Python's ``repr``; boolean: ``true`` / ``false``;
- date: ``YYYY-MM-DD``; datetime: UTC, ``YYYY-MM-DDThh:mm:ss.ffffffZ``;
- array / object (JSON fields): compact JSON, UTF-8, keys in their stored order.
"""

from __future__ import annotations

import datetime
import decimal
import json
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cached_property

from django.apps import apps
from django.db import models
from django.utils import translation

CONTENT_APPS = ("people", "events", "articles", "figures")

# Not in the package, and why. The article tallies are unmanaged (kept by triggers), so they
# are left out without being listed.
NOT_EXPORTED = {
    "articles.SearchEntry": "derived from the other tables; import_data rebuilds it",
    "articles.FingerprintBand": "derived from the articles' text; import_data rebuilds it",
    "articles.SeedRecord": "the seed import's own bookkeeping, not archive content",
}

TEXT_FIELDS = (models.CharField, models.TextField)
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


class UnknownFieldType(Exception):
    """A model field this module cannot write: add its type to ``field_type``."""


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    # Every exported model: a foreign key to a model outside them (a user) is left out.
    exported: frozenset = dataclass_field(default=frozenset(), compare=False, repr=False)

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    @property
    def path(self) -> str:
        return f"data/{self.name}.csv"

    @cached_property
    def fields(self) -> list[models.Field]:
        return [f for f in self.model._meta.concrete_fields if not self.left_out(f)]

    def left_out(self, field: models.Field) -> bool:
        """A key naming a row outside the package, such as the editor who saved a row: not
        archive content, and not loadable without that row."""
        if not field.is_relation or field.related_model in self.exported:
            return False
        if not field.null:
            raise UnknownFieldType(
                f"{field.model._meta.label}.{field.name} names {field.related_model._meta.label}"
                ", which the data package does not hold, and cannot be empty: add that model "
                "to the package or leave its table out (datapackage.schema.NOT_EXPORTED)."
            )
        return True

    @property
    def columns(self) -> list[str]:
        return [f.column for f in self.fields]

    @property
    def pk(self) -> models.Field:
        return self.model._meta.pk

    def foreign_keys(self) -> list[models.ForeignKey]:
        return [f for f in self.fields if f.is_relation and (f.many_to_one or f.one_to_one)]


def tables() -> list[Table]:
    """The exported tables, each after the tables its foreign keys name (a table naming itself,
    such as an agency's parent, is no obstacle: the database checks keys at commit)."""
    candidates = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in CONTENT_APPS
        and model._meta.managed
        and not model._meta.proxy
        and model._meta.label not in NOT_EXPORTED
    ]
    ordered: list[type[models.Model]] = []

    def visit(model, seen=()):
        if model in ordered:
            return
        if model in seen:
            raise ValueError(f"The foreign keys of {model._meta.label} form a cycle.")
        for field in model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if target is not None and target is not model and target in candidates:
                visit(target, (*seen, model))
        ordered.append(model)

    for model in sorted(candidates, key=lambda m: m._meta.db_table):
        visit(model)
    exported = frozenset(ordered)
    return [Table(model, exported) for model in ordered]


def table_for(model: type[models.Model]) -> Table | None:
    return next((t for t in tables() if t.model is model), None)


# --- field types -------------------------------------------------------------------------------


def field_type(field: models.Field) -> str:
    """The Table Schema type of a concrete field."""
    if field.is_relation:
        return field_type(field.target_field)
    if isinstance(field, models.BooleanField):
        return "boolean"
    if isinstance(field, models.DateTimeField):
        return "datetime"
    if isinstance(field, models.DateField):
        return "date"
    if isinstance(field, models.AutoField | models.IntegerField):
        return "integer"
    if isinstance(field, models.DecimalField | models.FloatField):
        return "number"
    if isinstance(field, models.JSONField):
        default = field.get_default()
        return "object" if isinstance(default, dict) else "array"
    if isinstance(field, TEXT_FIELDS):
        return "string"
    raise UnknownFieldType(
        f"{field.model._meta.label}.{field.name} is a {type(field).__name__}, which the data "
        "package cannot write yet: add its type to datapackage.schema.field_type."
    )


def required(field: models.Field) -> bool:
    """Whether every row has a value (an empty text counts as none, as Frictionless reads it)."""
    if field.null:
        return False
    return not (isinstance(field, TEXT_FIELDS) and field.blank)


def to_cell(field: models.Field, value) -> str:
    """``value`` of ``field`` as its CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return to_utc(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int | decimal.Decimal):
        return str(value)
    if isinstance(field, models.JSONField):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def to_json(field: models.Field, value):
    """``value`` as it goes into the one-file JSON: JSON fields as JSON, dates as in the CSV."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(field, models.JSONField):
        return value
    return to_cell(field, value)


def to_utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime(DATETIME_FORMAT)


# --- descriptors -------------------------------------------------------------------------------


def _text(value) -> str:
    return " ".join(str(value).split())


def field_descriptor(field: models.Field) -> dict:
    with translation.override("en"):
        title = _text(field.verbose_name)
        described = _text(field.help_text) if field.help_text else ""
        if field.is_relation:
            target = field.related_model._meta
            described = " ".join(
                filter(None, [described, f"The id of a row of {target.db_table}."])
            )
        if field.choices and not field.is_relation:
            labels = "; ".join(f"{value}: {_text(label)}" for value, label in field.flatchoices)
            described = " ".join(filter(None, [described, f"Values: {labels}."]))
    out = {"name": field.column, "title": title[:1].upper() + title[1:], "type": field_type(field)}
    if described:
        out["description"] = described
    if field_type(field) == "datetime":
        out["format"] = DATETIME_FORMAT
        out["description"] = " ".join(filter(None, [out.get("description"), "In UTC."]))
    constraints: dict = {"required": required(field)}
    if field.unique and not field.primary_key:
        constraints["unique"] = True
    if isinstance(field, models.CharField) and field.max_length:
        constraints["maxLength"] = field.max_length
    if field.choices and not field.is_relation:
        constraints["enum"] = [str(value) for value, _label in field.flatchoices if value != ""]
    out["constraints"] = constraints
    return out


def table_schema(table: Table) -> dict:
    schema = {
        "fields": [field_descriptor(f) for f in table.fields],
        "missingValues": [""],
        "primaryKey": [table.pk.column],
    }
    keys = []
    for field in table.foreign_keys():
        target = field.related_model
        keys.append(
            {
                "fields": [field.column],
                "reference": {
                    # "" names the table itself, as the Table Schema specification asks.
                    "resource": "" if target is table.model else target._meta.db_table,
                    "fields": [field.target_field.column],
                },
            }
        )
    if keys:
        schema["foreignKeys"] = keys
    return schema


def table_title(table: Table) -> str:
    opts = table.model._meta
    with translation.override("en"):
        if opts.auto_created:
            owner = opts.auto_created._meta
            field = next(
                f for f in owner.local_many_to_many if f.remote_field.through is table.model
            )
            return f"{_text(owner.verbose_name_plural).capitalize()}: {_text(field.verbose_name)}"
        return _text(opts.verbose_name_plural).capitalize()


def table_description(table: Table) -> str:
    opts = table.model._meta
    if opts.auto_created:
        owner = opts.auto_created._meta
        return f"The links of the many-to-many field of {owner.db_table} this table is named after."
    doc = (table.model.__doc__ or "").strip()
    if doc.startswith(f"{table.model.__name__}("):  # Django's generated docstring: no help
        doc = ""
    return _text(doc)
