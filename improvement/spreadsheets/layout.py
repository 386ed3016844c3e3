"""Finding the template's tables in a council's own workbook: which sheet holds the plan (and
the people, PIs and risks), which row holds its headings, and which template column each
heading is, from the synonyms in synonyms.py. A person (or a mapping file) may choose any of
these instead; the choice is a Mapping, saved on the plan for next month's import."""

import re
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from improvement.spreadsheets.problems import Problem
from improvement.spreadsheets.reading import SHEETS, FileProblem, Grid, Row, Sheet, _unneutralised
from improvement.spreadsheets.synonyms import HEADINGS
from improvement.spreadsheets.template import (
    INDICATOR_COLUMNS,
    INDICATOR_COMPUTED,
    PEOPLE_COLUMNS,
    PLAN_COLUMNS,
    PLAN_COMPUTED,
    RISK_COLUMNS,
)

COLUMNS = {
    "plan": PLAN_COLUMNS,
    "people": PEOPLE_COLUMNS,
    "indicators": INDICATOR_COLUMNS,
    "risks": RISK_COLUMNS,
}
# What our export adds after the template's columns: read back, ignored.
COMPUTED = {"plan": PLAN_COMPUTED, "indicators": INDICATOR_COMPUTED}
# The heading row is looked for among a sheet's first rows: titles and banners sit above it.
HEADING_ROWS_SCANNED = 30
# A sheet not named after a template sheet is taken for one when it has at least this many of
# its headings in one row.
HEADINGS_TO_RECOGNISE = 2
NOT_IMPORTED = ""


def normalise(heading: str) -> str:
    """ "Rec No." and "rec_no" are both "rec no"."""
    return " ".join(re.sub(r"[\W_]+", " ", (heading or "").lower()).split())


def _lookup(kind: str) -> dict[str, str]:
    table = {}
    for column, words in HEADINGS[kind].items():
        for word in words:
            table.setdefault(normalise(word), column)
    for column in COMPUTED.get(kind, ()):
        table[normalise(column)] = NOT_IMPORTED
    # The template's own names always mean their own columns ("timescale" is the
    # recommendation's timescale in our template, even though councils use it for the due date).
    for column in COLUMNS[kind]:
        table[normalise(column)] = column
    return table


def recognise(heading: str, kind: str) -> str:
    """The template column a heading names, or "" when it names none."""
    return _lookup(kind).get(normalise(heading), NOT_IMPORTED)


@dataclass(frozen=True)
class Column:
    index: int
    heading: str  # as written in the file
    column: str  # the template's column, or "" when it is not imported

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass
class Layout:
    """Where a template sheet was found: the file's sheet, its heading row, its columns."""

    kind: str
    sheet: str
    header_row: int
    columns: list[Column]

    @property
    def headed(self) -> list[Column]:
        return [c for c in self.columns if c.heading]

    @property
    def ignored(self) -> list[Column]:
        return [c for c in self.headed if not c.column]

    def as_mapping(self) -> dict:
        """The choice as the JSON that import_plan --mapping reads and a plan keeps."""
        return {
            "sheet": self.sheet,
            "header_row": self.header_row,
            "columns": {c.heading: c.column for c in self.headed},
        }


@dataclass(frozen=True)
class Mapping:
    """A person's choice for the plan sheet: {"sheet": ..., "header_row": n, "columns":
    {"Their heading": "template_column"}}; a heading mapped to "" (or null) is not imported,
    and headings it does not name are recognised as usual."""

    sheet: str = ""
    header_row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data, source: str = "The mapping") -> "Mapping":
        if not isinstance(data, dict):
            raise FileProblem(f"{source} must be a JSON object with sheet, header_row, columns.")
        sheet, row, columns = data.get("sheet", ""), data.get("header_row"), data.get("columns")
        if not isinstance(sheet, str):
            raise FileProblem(f"{source}: “sheet” must be the sheet's name.")
        if row is not None and (not isinstance(row, int) or isinstance(row, bool) or row < 1):
            raise FileProblem(f"{source}: “header_row” must be a row number, 1 or more.")
        columns = columns or {}
        if not isinstance(columns, dict):
            raise FileProblem(f"{source}: “columns” must map headings to template columns.")
        for heading, column in columns.items():
            if column not in (None, NOT_IMPORTED, *PLAN_COLUMNS):
                raise FileProblem(
                    f"{source} maps “{heading}” to “{column}”, which is not a column of the "
                    f'plan template: use one of {", ".join(PLAN_COLUMNS)}, or "" to leave it out.'
                )
        return cls(sheet, row, {str(h).strip(): c or NOT_IMPORTED for h, c in columns.items()})

    def fits(self, grids: list[Grid]) -> bool:
        """Whether the workbook still has the sheet and headings this mapping names: a saved
        mapping is used for next month's file only when it does."""
        grid = _grid_named(grids, self.sheet)
        if grid is None or self.header_row is None or self.header_row > len(grid.records):
            return False
        headings = {c.strip() for c in grid.records[self.header_row - 1]}
        return set(self.columns) <= headings


class Workbook(dict):
    """The template's sheets found in a file, by name (plan, people, ...), with the file's
    sheets as read, for choosing another layout."""

    def __init__(self, *args, source: str = "", grids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.grids: list[Grid] = list(grids or [])

    @property
    def layouts(self) -> list[Layout]:
        return [sheet.layout for sheet in self.values() if sheet.layout is not None]

    @property
    def unused_sheets(self) -> list[str]:
        used = {sheet.name for sheet in self.values()}
        return [g.title for g in self.grids if g.title not in used and _has_text(g)]


def _has_text(grid: Grid) -> bool:
    return any(any(c.strip() for c in record) for record in grid.records)


def _grid_named(grids: list[Grid], title: str) -> Grid | None:
    wanted = (title or "").strip().casefold()
    return next((g for g in grids if g.title.strip().casefold() == wanted), None)


def propose_header_row(grid: Grid, kind: str) -> tuple[int | None, int]:
    """The row (numbered as the spreadsheet shows it) among the first rows with the most of
    the sheet's headings, and how many it has; the earliest wins a tie."""
    table = _lookup(kind)
    best, best_score = None, 0
    for index, record in enumerate(grid.records[:HEADING_ROWS_SCANNED]):
        found = {table.get(normalise(c)) for c in record if c.strip()} - {None, NOT_IMPORTED}
        if len(found) > best_score:
            best, best_score = index + 1, len(found)
    return best, best_score


def map_columns(record: list[str], kind: str, chosen: dict[str, str] | None = None) -> list[Column]:
    chosen = chosen or {}
    columns = []
    for index, cell in enumerate(record):
        heading = (cell or "").strip()
        column = chosen[heading] if heading in chosen else recognise(heading, kind)
        columns.append(Column(index, heading, column if heading else NOT_IMPORTED))
    mapped = [c.column for c in columns]
    # Councils call their due date "Timescale"; our template's timescale is the
    # recommendation's. With no other due column it is the due date.
    if kind == "plan" and "due" not in mapped and mapped.count("timescale") == 1:
        timescale = columns[mapped.index("timescale")]
        if timescale.heading not in chosen:
            columns[timescale.index] = Column(timescale.index, timescale.heading, "due")
    return columns


def duplicate_problems(layout: Layout) -> list[Problem]:
    """Two columns that would fill the same template column: an error naming both."""
    problems, first = [], {}
    for column in layout.headed:
        if not column.column:
            continue
        if column.column in first:
            other = first[column.column]
            problems.append(
                Problem(
                    layout.sheet,
                    layout.header_row,
                    column.column,
                    f"Columns {other.letter} (“{other.heading}”) and {column.letter} "
                    f"(“{column.heading}”) are both the {column.column.replace('_', ' ')}: "
                    "map one of them to another column, or leave it out.",
                )
            )
        else:
            first[column.column] = column
    return problems


def sheet_from_grid(grid: Grid, kind: str, source: str, mapping: Mapping | None = None) -> Sheet:
    """The grid's table as the template's sheet ``kind``: rows below the heading row, cells by
    template column, each row numbered as the spreadsheet shows it."""
    if not _has_text(grid):
        raise FileProblem(f"{source} is empty: the first row must hold the column headings.")
    header_row = mapping.header_row if mapping else None
    if header_row is None:
        header_row, _ = propose_header_row(grid, kind)
        if header_row is None:
            header_row = next(n for n, r in enumerate(grid.records, 1) if any(c.strip() for c in r))
    if header_row > len(grid.records) or not any(c.strip() for c in grid.records[header_row - 1]):
        raise FileProblem(f"{source}, sheet {grid.title}: row {header_row} holds no headings.")
    columns = map_columns(grid.records[header_row - 1], kind, mapping.columns if mapping else None)
    layout = Layout(kind, grid.title, header_row, columns)
    sheet = Sheet(grid.title, [c.column for c in columns if c.column], layout=layout)
    sheet.problems = duplicate_problems(layout)
    used = [c for c in columns if c.column]
    for index in range(header_row, len(grid.records)):
        record = grid.records[index]
        if not any((cell or "").strip() for cell in record):
            continue
        cells = {
            c.column: _unneutralised(record[c.index] if c.index < len(record) else "") for c in used
        }
        fills = {c.column: f for c in used if (f := grid.fills.get((index, c.index)))}
        sheet.rows.append(Row(index + 1, cells, fills))
    return sheet


def find_tables(
    grids: list[Grid],
    source: str,
    mapping: Mapping | None = None,
    csv_sheet: str | None = None,
    saved: Mapping | None = None,
) -> Workbook:
    """The template's sheets in the file: the mapping's sheet as the plan; sheets named after
    a template sheet (plan, people, indicators, risks) as that sheet; any other sheet as the
    template sheet whose headings it has most of (at least two)."""
    workbook = Workbook(source=source, grids=grids)
    free = list(grids)
    if mapping is None and saved is not None and saved.fits(grids):
        mapping = saved
    if mapping is not None:
        grid = _grid_named(grids, mapping.sheet) if mapping.sheet else None
        if grid is None and mapping.sheet and len(grids) > 1:
            raise FileProblem(
                f"{source} has no sheet “{mapping.sheet}”, which the mapping names: its sheets "
                f"are {', '.join(g.title for g in grids)}."
            )
        grid = grid or grids[0]
        workbook["plan"] = sheet_from_grid(grid, "plan", source, mapping)
        free.remove(grid)
    if csv_sheet and not workbook:
        workbook[csv_sheet] = sheet_from_grid(free.pop(0), csv_sheet, source)
    # The blank template's notes describe the columns; they are never a table to import.
    free = [g for g in free if g.title.strip().lower() != "notes"]
    for grid in list(free):
        kind = grid.title.strip().lower()
        if kind in SHEETS and kind not in workbook:
            workbook[kind] = sheet_from_grid(grid, kind, f"{source}, sheet {grid.title}")
            free.remove(grid)
    candidates = sorted(
        (
            (-score, order, kind, grid)
            for order, grid in enumerate(free)
            for kind in SHEETS
            if kind not in workbook
            and (score := propose_header_row(grid, kind)[1]) >= HEADINGS_TO_RECOGNISE
        ),
        key=lambda c: c[:3],
    )
    for _, _, kind, grid in candidates:
        if kind not in workbook and grid in free:
            workbook[kind] = sheet_from_grid(grid, kind, f"{source}, sheet {grid.title}")
            free.remove(grid)
    if not workbook and len(grids) == 1 and csv_sheet is None and _has_text(grids[0]):
        # One sheet or CSV file with nothing recognisable: take it for the plan, so that the
        # preview shows its headings and what is missing.
        workbook["plan"] = sheet_from_grid(grids[0], "plan", source)
    if "plan" in workbook:
        # Beside a plan, a sheet of headings alone (the blank template's) has nothing to say.
        for kind in [k for k, sheet in workbook.items() if k != "plan" and not sheet.rows]:
            del workbook[kind]
    if not workbook and not any(_has_text(g) for g in grids):
        raise FileProblem(f"{source} is empty: the first row must hold the column headings.")
    return workbook
