"""A list's items as CSV rows, with columns named after the JSON fields, for Excel's and Power
BI's "From web".

The columns come from the item's model, so JSON and CSV cannot disagree: a field is a column;
a nested object's fields are columns named `field_sub` (`owner_name`); a list of objects
(leads) gives one column per sub-field holding the values joined by "; "; and the one list a
model names as `csv_rows` (an indicator's figures) gives one row per entry, the item's own
columns repeated, so that the file is a table a pivot can read.
"""

import csv
import io
import typing
from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum
from types import UnionType

from django.http import HttpResponse
from pydantic import BaseModel

from improvement.workbook import neutralise

JOIN = "; "


def _model_of(annotation) -> type[BaseModel] | None:
    """The model a field holds (alone, optional or in a list), if it holds one."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (list, typing.Union, UnionType):
        for arg in args:
            if (found := _model_of(arg)) is not None:
                return found
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _is_list(annotation) -> bool:
    return typing.get_origin(annotation) is list


def columns(model: type[BaseModel]) -> list[str]:
    """The CSV header for a list of `model` items."""
    names = []
    for name, field in model.model_fields.items():
        inner = _model_of(field.annotation)
        if inner is None:
            names.append(name)
        else:
            names.extend(f"{name}_{sub}" for sub in columns(inner))
    return names


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return JOIN.join(_cell(v) for v in value)
    return neutralise(str(value))


def _flat(item: BaseModel, skip: str | None = None) -> dict[str, str]:
    row = {}
    for name, field in type(item).model_fields.items():
        if name == skip:
            continue
        value = getattr(item, name)
        inner = _model_of(field.annotation)
        if inner is None:
            row[name] = _cell(value)
        elif _is_list(field.annotation):
            for sub in columns(inner):
                row[f"{name}_{sub}"] = JOIN.join(_flat(v)[sub] for v in value)
        else:
            for sub in columns(inner):
                row[f"{name}_{sub}"] = _flat(value)[sub] if value is not None else ""
    return row


def rows(items: Iterable[BaseModel]) -> Iterable[dict[str, str]]:
    for item in items:
        expand = type(item).csv_rows
        if expand is None:
            yield _flat(item)
            continue
        own = _flat(item, skip=expand)
        children = getattr(item, expand)
        if not children:
            yield own
        for child in children:
            yield {**own, **{f"{expand}_{k}": v for k, v in _flat(child).items()}}


def csv_response(model: type[BaseModel], items: Iterable[BaseModel], filename: str):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns(model), restval="", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows(items))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
