"""Reading CSV and XLSX files into sheets of text cells, refusing what we cannot read safely.

Every cell comes out as text as a person typed it: numbers without a spurious ".0", dates as
ISO text, formulas as their cached value (never evaluated).
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.conf import settings

SHEETS = ("plan", "people", "indicators", "risks")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class FileProblem(Exception):
    """A whole file cannot be read; the message says why, for the person who sent it."""


@dataclass
class Row:
    number: int  # the row number a spreadsheet shows: the header is row 1
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class Sheet:
    name: str
    headers: list[str]
    rows: list[Row] = field(default_factory=list)


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def check_size(size: int, name: str) -> None:
    limit = max_bytes()
    if size > limit:
        raise FileProblem(
            f"{name} is {size / 1024 / 1024:.1f} MB; the limit is {limit / 1024 / 1024:.0f} MB."
        )


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without a byte-order mark) or Windows-1252, the encodings Excel and
    council systems write; anything else is refused by name."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(f"{name} is UTF-16 text: save it as “CSV UTF-8” and try again.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileProblem(
            f"{name} is neither UTF-8 nor Windows-1252 text: save it as “CSV UTF-8” and try again."
        ) from None


def read_csv(data: bytes, sheet: str, name: str) -> Sheet:
    check_size(len(data), name)
    text = decode(data, name)
    if "\x00" in text:
        raise FileProblem(f"{name} is not a CSV file (it holds binary data).")
    records = list(csv.reader(io.StringIO(text, newline="")))
    return _sheet(sheet, records, name)


def read_xlsx(data: bytes, name: str) -> dict[str, Sheet]:
    """The workbook's sheets named plan, people, indicators and risks (case-insensitive)."""
    import openpyxl

    check_size(len(data), name)
    try:
        # data_only: a formula cell gives the value Excel last calculated, never a formula.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileProblem(f"{name} is not an Excel workbook (.xlsx) that can be read.") from exc
    sheets = {}
    try:
        for worksheet in workbook.worksheets:
            key = worksheet.title.strip().lower()
            if key in SHEETS:
                records = [
                    [_cell_text(v) for v in row] for row in worksheet.iter_rows(values_only=True)
                ]
                sheets[key] = _sheet(key, records, f"{name}, sheet {worksheet.title}")
    finally:
        workbook.close()
    return sheets


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _unneutralised(value: str) -> str:
    """Our export writes '=... for a cell that starts like a formula; read it back as typed."""
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def _sheet(name: str, records: list[list[str]], source: str) -> Sheet:
    """The first non-blank row holds the headings; rows keep the numbers a spreadsheet shows
    them with, blank rows counted, so that an error's row is where the person looks."""
    numbered = [
        (number, record)
        for number, record in enumerate(records, start=1)
        if any((cell or "").strip() for cell in record)
    ]
    if not numbered:
        raise FileProblem(f"{source} is empty: the first row must hold the column headings.")
    headers = [(h or "").strip().lower() for h in numbered[0][1]]
    sheet = Sheet(name, headers)
    for number, record in numbered[1:]:
        cells = {}
        for index, header in enumerate(headers):
            if header:
                value = (record[index] if index < len(record) else "") or ""
                cells[header] = _unneutralised(value)
        sheet.rows.append(Row(number, cells))
    return sheet


def read_path(path: Path) -> dict[str, Sheet]:
    """A folder of CSV files (plan.csv, people.csv, ...) or one .xlsx workbook."""
    if path.is_dir():
        sheets = {}
        for sheet in SHEETS:
            candidates = [p for p in path.iterdir() if p.name.lower() == f"{sheet}.csv"]
            if candidates:
                sheets[sheet] = read_csv(candidates[0].read_bytes(), sheet, candidates[0].name)
        if not sheets:
            raise FileProblem(
                f"{path} holds none of plan.csv, people.csv, indicators.csv, risks.csv."
            )
        return sheets
    if not path.exists():
        raise FileProblem(f"{path} does not exist.")
    return read_upload(path.name, path.read_bytes())


def read_upload(name: str, data: bytes) -> dict[str, Sheet]:
    """One uploaded file: an .xlsx workbook, or a CSV named after its sheet (plan.csv)."""
    check_size(len(data), name)
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, name)
    stem = Path(name).stem.strip().lower()
    if Path(name).suffix.lower() != ".csv":
        raise FileProblem(f"{name} is neither a CSV file nor an Excel workbook (.xlsx).")
    sheet = stem if stem in SHEETS else "plan"
    return {sheet: read_csv(data, sheet, name)}
