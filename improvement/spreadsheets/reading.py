"""Reading CSV and XLSX files into sheets of text cells, refusing what we cannot read safely.

Every cell comes out as text as a person typed it: numbers without a spurious ".0", dates as
ISO text, formulas as their cached value (never evaluated).
"""

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from xml.etree.ElementTree import ParseError

from django.conf import settings

SHEETS = ("plan", "people", "indicators", "risks")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_ROWS = 20_000
DEFAULT_MAX_MEMBER_BYTES = 50 * 1024 * 1024


class FileProblem(Exception):
    """A whole file cannot be read; the message says why, for the person who sent it."""


@dataclass
class Row:
    number: int  # the row number a spreadsheet shows
    cells: dict[str, str]
    # The fill colour (RGB hex) of a cell with no text, by column: a status shown only as colour.
    fills: dict[str, str] = field(default_factory=dict)

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class Sheet:
    name: str  # the sheet's own name in the workbook ("plan" for plan.csv)
    headers: list[str]  # the template's columns, in the file's order
    rows: list[Row] = field(default_factory=list)
    layout: object = None  # how the table was found (layout.Layout), for the preview
    problems: list = field(default_factory=list)  # the layout's own (two columns for one)


@dataclass
class Grid:
    """One sheet as read: every row's cells as text, blank rows included, and the fills of
    cells that hold no text."""

    title: str
    records: list[list[str]]
    fills: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column), from 0


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def max_member_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_MEMBER_BYTES", DEFAULT_MAX_MEMBER_BYTES)


def check_size(size: int, name: str) -> None:
    limit = max_bytes()
    if size > limit:
        raise FileProblem(
            f"{name} is {size / 1024 / 1024:.1f} MB; the limit is {limit / 1024 / 1024:.0f} MB."
        )


def _too_many_rows(source: str) -> FileProblem:
    return FileProblem(
        f"{source} has more than {max_rows():,} rows, the most a sheet may have "
        "(IMPORT_MAX_ROWS): split it, or remove the empty rows at its end."
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


def read_csv_grid(data: bytes, name: str) -> Grid:
    check_size(len(data), name)
    text = decode(data, name)
    if "\x00" in text:
        raise FileProblem(f"{name} is not a CSV file (it holds binary data).")
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []
    try:
        for record in reader:
            if len(records) >= max_rows():
                raise _too_many_rows(name)
            records.append(record)
    except csv.Error as exc:
        raise FileProblem(
            f"{name}, row {reader.line_num}: a cell is longer than {csv.field_size_limit():,} "
            "characters, the most a CSV cell may hold (or a quotation mark is not closed)."
            if "field larger" in str(exc)
            else f"{name}, row {reader.line_num}: this row cannot be read as CSV ({exc})."
        ) from None
    return Grid(Path(name).stem, records)


def read_csv(data: bytes, sheet: str, name: str) -> Sheet:
    """One CSV file as the template's sheet ``sheet``, its table found as in a workbook."""
    from improvement.spreadsheets.layout import sheet_from_grid

    grid = read_csv_grid(data, name)
    grid.title = sheet
    return sheet_from_grid(grid, sheet, name)


def _check_members(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a zip bomb by the sizes its directory declares, before anything is unpacked,
    and XML that declares entities (no workbook Excel writes has a DOCTYPE), before it is
    parsed: entity expansion never starts, whatever the XML parser's own defences."""
    limit = max_member_bytes()
    for member in archive.infolist():
        if member.file_size > limit:
            raise FileProblem(
                f"{name}: its part {member.filename} is {member.file_size / 1024 / 1024:,.0f} MB "
                f"unpacked; the limit is {limit / 1024 / 1024:.0f} MB (IMPORT_MAX_MEMBER_BYTES)."
            )
    for member in archive.infolist():
        if member.filename.endswith((".xml", ".rels")):
            with archive.open(member) as part:
                if b"<!DOCTYPE" in part.read(_PROLOGUE_BYTES).upper():
                    raise FileProblem(
                        f"{name}: its part {member.filename} declares XML entities, which no "
                        "Excel workbook does; it is refused unread."
                    )


# Where a DOCTYPE must be, if anywhere: before the root element, after the XML declaration.
_PROLOGUE_BYTES = 4096
_ROW_TAGS = (b"<row ", b"<row>", b":row ", b":row>")


def _worksheets(archive: zipfile.ZipFile) -> list[str]:
    return [
        member
        for member in archive.namelist()
        if member.startswith("xl/worksheets/") and member.endswith(".xml")
    ]


def _counted_rows(archive: zipfile.ZipFile, member: str, most: int | None = None) -> int:
    """The row tags of one worksheet part, counted as it unpacks, before any XML is parsed;
    stops once past ``most``."""
    rows, tail = 0, b""
    with archive.open(member) as part:
        while chunk := part.read(1 << 20):
            window = tail + chunk
            rows += sum(window.count(tag) for tag in _ROW_TAGS)
            # Four bytes carried over: a five-byte tag cut by the chunk's end is counted
            # with the next chunk, and none is counted twice.
            tail = window[-4:]
            if most is not None and rows > most:
                break
    return rows


def _check_row_counts(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a sheet of too many rows by counting its row tags as it unpacks, before any XML
    is parsed: a 100,000-row sheet is refused in a fraction of a second, in little memory."""
    titles = _sheet_titles(archive)
    for member in _worksheets(archive):
        if _counted_rows(archive, member, max_rows()) > max_rows():
            raise _too_many_rows(f"{name}, sheet {titles.get(member, member)}")


def count_rows(name: str, data: bytes) -> int:
    """How many rows the file holds, headings included, without parsing it: the row tags of
    every worksheet, or a CSV file's lines (a cell with a line break counts twice: an upper
    bound). 0 when it is not a workbook that can be opened: reading it says why, at once.
    Raises FileProblem for what is refused unread (a part too large unpacked, a DOCTYPE)."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                _check_members(archive, name)
                return sum(_counted_rows(archive, member) for member in _worksheets(archive))
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, NotImplementedError):
            return 0
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet part's sheet name, from the workbook's own index (best effort)."""
    from xml.etree.ElementTree import fromstring

    try:
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        book = fromstring(archive.read("xl/workbook.xml"))
    except (KeyError, ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    titles = {}
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet"):
            rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, "").lstrip("/")
            titles[target if target.startswith("xl/") else f"xl/{target}"] = sheet.get("name")
    return titles


def _malformed_part(data: bytes) -> str:
    """The first part of a workbook that is not well-formed XML, to name it in the error."""
    from xml.etree.ElementTree import iterparse

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            if member.endswith((".xml", ".rels")):
                try:
                    with archive.open(member) as part:
                        for _ in iterparse(part):
                            pass
                except ParseError:
                    return member
    return ""


def read_xlsx_grids(data: bytes, name: str) -> list[Grid]:
    """Every sheet of the workbook, whatever its name."""
    import openpyxl

    check_size(len(data), name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_members(archive, name)
            _check_row_counts(archive, name)
        # data_only: a formula cell gives the value Excel last calculated, never a formula.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # SyntaxError: the standard library's ParseError, and lxml's XMLSyntaxError, which
    # openpyxl raises instead once lxml is installed (python-docx brings it).
    except SyntaxError as exc:
        part = _malformed_part(data)
        raise FileProblem(
            f"{name} cannot be read: its part {part or 'of the workbook'} is malformed XML ({exc})."
        ) from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise FileProblem(f"{name} is not an Excel workbook (.xlsx) that can be read.") from exc
    try:
        return [_grid(worksheet, name) for worksheet in workbook.worksheets]
    finally:
        workbook.close()


def _grid(worksheet, name: str) -> Grid:
    source = f"{name}, sheet {worksheet.title}"
    if (worksheet.max_row or 0) > max_rows():
        raise _too_many_rows(source)  # as the sheet itself declares: nothing read yet
    grid = Grid(worksheet.title, [])
    try:
        for number, row in enumerate(worksheet.iter_rows(), start=0):
            if number >= max_rows():
                raise _too_many_rows(source)
            record = []
            for column, cell in enumerate(row):
                text = _cell_text(cell.value)
                record.append(text)
                if not text and (fill := _fill_colour(cell)):
                    grid.fills[number, column] = fill
            grid.records.append(record)
        _fill_merged(grid, worksheet)
    except ParseError as exc:
        raise FileProblem(f"{source} cannot be read: its XML is malformed ({exc}).") from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise FileProblem(f"{source} cannot be read ({exc}).") from None
    return grid


def _fill_colour(cell) -> str:
    """A solid fill's RGB hex (theme colours cannot be told without the theme: none)."""
    if not getattr(cell, "has_style", False):
        return ""
    fill = cell.fill
    if getattr(fill, "fill_type", None) != "solid":
        return ""
    colour = fill.fgColor
    if colour.type == "rgb" and isinstance(colour.rgb, str):
        return colour.rgb[-6:].upper()
    if colour.type == "indexed" and isinstance(colour.indexed, int):
        from openpyxl.styles.colors import COLOR_INDEX

        if 0 <= colour.indexed < len(COLOR_INDEX):
            return COLOR_INDEX[colour.indexed][-6:].upper()
    return ""


def _fill_merged(grid: Grid, worksheet) -> None:
    """A cell merged down several rows shows its value on each of them (a lead or a due date
    for a recommendation's milestones): copy it down. Merges across columns (a title over the
    table) are left alone, so that a heading is never repeated."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import range_boundaries

    # The read-only reader does not keep merged ranges; they are read from the sheet's XML.
    with worksheet.parent._archive.open(worksheet._worksheet_path) as source:
        for _, element in iterparse(source):
            if element.tag.endswith("}mergeCell"):
                low_col, low_row, _, high_row = range_boundaries(element.get("ref", ""))
                top = grid.records[low_row - 1] if low_row - 1 < len(grid.records) else []
                value = top[low_col - 1] if low_col - 1 < len(top) else ""
                for number in range(low_row, min(high_row, len(grid.records))):
                    record = grid.records[number]
                    record.extend([""] * (low_col - len(record)))
                    record[low_col - 1] = record[low_col - 1] or value
                    if not value and (fill := grid.fills.get((low_row - 1, low_col - 1))):
                        grid.fills[number, low_col - 1] = fill
            element.clear()


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


def read_path(path: Path, mapping=None, saved=None):
    """A folder of CSV files (plan.csv, people.csv, ...) or one .xlsx or .csv file."""
    from improvement.spreadsheets.layout import Workbook, sheet_from_grid

    if path.is_dir():
        workbook = Workbook(source=path.name)
        for sheet in SHEETS:
            candidates = [p for p in path.iterdir() if p.name.lower() == f"{sheet}.csv"]
            if candidates:
                grid = read_csv_grid(candidates[0].read_bytes(), candidates[0].name)
                grid.title = sheet
                workbook.grids.append(grid)
                chosen = mapping if sheet == "plan" else None
                workbook[sheet] = sheet_from_grid(grid, sheet, candidates[0].name, chosen)
        if not workbook:
            raise FileProblem(
                f"{path} holds none of plan.csv, people.csv, indicators.csv, risks.csv."
            )
        return workbook
    if not path.exists():
        raise FileProblem(f"{path} does not exist.")
    return read_upload(path.name, path.read_bytes(), mapping, saved)


def read_upload(name: str, data: bytes, mapping=None, saved=None):
    """One uploaded file: an .xlsx workbook, or a CSV file. Returns a layout.Workbook: the
    template's sheets found in it, by name."""
    from improvement.spreadsheets.layout import find_tables

    check_size(len(data), name)
    if data.startswith(b"PK\x03\x04"):
        return find_tables(read_xlsx_grids(data, name), name, mapping, saved=saved)
    if Path(name).suffix.lower() != ".csv":
        raise FileProblem(f"{name} is neither a CSV file nor an Excel workbook (.xlsx).")
    grid = read_csv_grid(data, name)
    stem = Path(name).stem.strip().lower()
    if stem in SHEETS:
        grid.title = stem
    return find_tables(
        [grid], name, mapping, csv_sheet=stem if stem in SHEETS else None, saved=saved
    )
