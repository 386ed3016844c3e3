"""A dry run's outcome as plain JSON, so that a task worker can make the preview of a large
file and the page can show it later: every error and warning by sheet, row and column, the
counts, the changes, how the file was read, and the first rows the mapping form offers.
Nothing pickled, no model instances: it is read back into the same shapes the preview page
shows (ImportResult, Layout, Grid)."""

from collections import Counter

from improvement.spreadsheets.layout import HEADING_ROWS_SCANNED, Column, Layout
from improvement.spreadsheets.plan_import import ImportResult, MilestoneChange
from improvement.spreadsheets.problems import Problem
from improvement.spreadsheets.reading import Grid
from improvement.status import Status


def _problem(problem: Problem) -> dict:
    return {
        "sheet": problem.sheet,
        "row": problem.row,
        "column": problem.column,
        "message": problem.message,
    }


def layout_json(layout: Layout) -> dict:
    return {
        "kind": layout.kind,
        "sheet": layout.sheet,
        "header_row": layout.header_row,
        "columns": [[c.index, c.heading, c.column] for c in layout.columns],
    }


def layout_from(data: dict | None) -> Layout | None:
    if not data:
        return None
    return Layout(
        data["kind"],
        data["sheet"],
        data["header_row"],
        [Column(index, heading, column) for index, heading, column in data["columns"]],
    )


def result_json(result: ImportResult) -> dict:
    return {
        "plan": result.plan,
        "errors": [_problem(p) for p in result.errors],
        "warnings": [_problem(p) for p in result.warnings],
        "created": dict(result.created),
        "updated": dict(result.updated),
        "unchanged": dict(result.unchanged),
        "unknown_leads": list(result.unknown_leads),
        "missing": list(result.missing),
        "layouts": [layout_json(layout) for layout in result.layouts],
        "unused_sheets": list(result.unused_sheets),
        "statuses_read": {
            read: [str(status), n] for read, (status, n) in result.statuses_read.items()
        },
        "changes": [
            {"ref": change.ref, "changes": [list(c) for c in change.changes]}
            for change in result.changes
        ],
    }


def result_from(data: dict) -> ImportResult:
    """The dry run's result as the preview page shows it."""
    return ImportResult(
        plan=data["plan"],
        dry_run=True,
        errors=[Problem(**p) for p in data["errors"]],
        warnings=[Problem(**p) for p in data["warnings"]],
        created=Counter(data["created"]),
        updated=Counter(data["updated"]),
        unchanged=Counter(data["unchanged"]),
        unknown_leads=data["unknown_leads"],
        missing=data["missing"],
        layouts=[layout_from(layout) for layout in data["layouts"]],
        unused_sheets=data["unused_sheets"],
        statuses_read={read: (Status(s), n) for read, (s, n) in data["statuses_read"].items()},
        changes=[
            MilestoneChange(c["ref"], [tuple(x) for x in c["changes"]]) for c in data["changes"]
        ],
    )


def grids_json(workbook) -> list[dict]:
    """The sheets the mapping form offers (those holding anything), each with the first rows
    its heading-row select shows: all it needs, without the file."""
    return [
        {"title": grid.title, "records": grid.records[:HEADING_ROWS_SCANNED]}
        for grid in workbook.grids
        if any(any(c.strip() for c in record) for record in grid.records)
    ]


def grids_from(data: list[dict]) -> list[Grid]:
    return [Grid(grid["title"], grid["records"]) for grid in data]
