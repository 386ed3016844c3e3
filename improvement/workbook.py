"""The Excel workbooks every export writes: dates as dates and plain numbers as numbers, refs
and everything else as text (never a formula), the heading row frozen with a filter on it, and
an About sheet saying which plan and which as-at date the figures are for."""

import io
import re
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "d mmm yyyy"  # "30 Jun 2006", as councils write dates
TEXT, NUMBER, DATE = "text", "number", "date"
ABOUT = "About"

_PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def plain_number(text: str) -> int | float | None:
    """The number a cell's text is, when writing it as a number loses nothing ("-29.6", "75");
    None for anything else ("75.50", "007", "Up to 50%", "1,234")."""
    if not _PLAIN_NUMBER.fullmatch(text):
        return None
    return float(text) if "." in text else int(text)


def is_plain_number(text: str) -> bool:
    return plain_number(text) is not None


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe, which
    spreadsheets show as text and our importer takes off again. A plain number (-29.6) is
    no formula and stays a number."""
    if value.startswith(FORMULA_STARTS) and not is_plain_number(value):
        return "'" + value
    return value


def cell_value(value, kind: str = TEXT):
    """What a cell holds: a date in a date column (an ISO date's text, or a date), a number in
    a number column where the text is a plain number, any number or date the code computed;
    otherwise the text as it is."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, (date, int, float)):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    text = str(value)
    if kind == DATE and _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return text
    if kind == NUMBER:
        number = plain_number(text)
        if number is not None:
            return number
    return text


def add_sheet(workbook, title: str, rows: list[list], kinds: list[str]) -> None:
    """A sheet whose first row is the headings, frozen and filtered."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    sheet = workbook.create_sheet(title)
    header, *body = rows
    sheet.append([str(h) for h in header])
    for row in body:
        sheet.append(
            [cell_value(v, kinds[i] if i < len(kinds) else TEXT) for i, v in enumerate(row)]
        )
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                # XLSX cannot hold control characters; a stray one from a pasted cell goes.
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", cell.value)
                # Text is text: nothing typed in a plan is ever evaluated as a formula.
                cell.data_type = "s"
            elif isinstance(cell.value, (date, datetime)):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    if header:
        sheet.auto_filter.ref = sheet.dimensions


def add_about(workbook, plan, as_at: date, what: str) -> None:
    """The About sheet, and the workbook's own title and subject."""
    from django.utils import timezone

    sheet = workbook.create_sheet(ABOUT)
    exported = timezone.localtime().replace(tzinfo=None, microsecond=0)
    for label, value in (
        ("Plan", plan.title),
        ("Plan address", plan.slug),
        ("Contents", what),
        ("Figures as at", as_at),
        ("Exported", exported),
    ):
        sheet.append([label, value])
    for (cell,) in sheet.iter_rows(min_col=2, max_col=2):
        if isinstance(cell.value, datetime):
            cell.number_format = DATE_FORMAT + " hh:mm"
        elif isinstance(cell.value, date):
            cell.number_format = DATE_FORMAT
        else:
            cell.data_type = "s"
    workbook.properties.title = f"{plan.title}: {what} as at {as_at:%-d %b %Y}"
    workbook.properties.subject = f"As at {as_at.isoformat()}"


def workbook_bytes(sheets: list[tuple[str, list[list], list[str]]], about=None) -> bytes:
    """`sheets`: (title, rows with the headings first, each column's kind); `about`: (plan,
    as-at date, what the workbook holds), or None."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows, kinds in sheets:
        add_sheet(workbook, title, rows, kinds)
    if about is not None:
        add_about(workbook, *about)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_kinds(table, columns) -> list[str]:
    """Each exported column's kind: a DateColumn or one the table lists in `date_columns` is
    dates, one in `number_columns` numbers, the rest (refs included) text."""
    from improvement.tables import DateColumn

    dates = set(getattr(table, "date_columns", ()))
    numbers = set(getattr(table, "number_columns", ()))
    return [
        DATE
        if isinstance(column.column, DateColumn) or column.name in dates
        else NUMBER
        if column.name in numbers
        else TEXT
        for column in columns
    ]


def table_xlsx_response(table, plan, as_at: date, filename: str, exclude=()) -> HttpResponse:
    """A django-tables2 table as a typed workbook: the table's sheet and the About sheet."""
    columns = [
        column
        for column in table.columns.iterall()
        if not (column.column.exclude_from_export or column.name in exclude)
    ]
    rows = list(table.as_values(exclude_columns=exclude))
    title = getattr(table, "sheet_title", "Table")
    content = workbook_bytes(
        [(title, rows, table_kinds(table, columns))], about=(plan, as_at, title.lower())
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
