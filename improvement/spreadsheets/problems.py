"""What an import says about a file: problems by sheet, row and column."""

from dataclasses import dataclass

from improvement.spreadsheets.reading import Sheet


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.sheet}" + (f", row {self.row}" if self.row else "")
        where += f", column {self.column}" if self.column else ""
        return f"{where}: {self.message}"


def check_headers(sheet: Sheet, expected: tuple[str, ...], required: tuple[str, ...], extra=()):
    """The sheet's own problems (two columns for one template column), then one error for
    each required column that no heading is: never one per row."""
    problems = list(getattr(sheet, "problems", []))
    layout = sheet.layout
    row = layout.header_row if layout else 1
    ignored = ", ".join(f"“{c.heading}”" for c in layout.ignored) if layout else ""
    for column in required:
        if column not in sheet.headers:
            said = f" Headings not imported: {ignored}." if ignored else ""
            problems.append(
                Problem(
                    sheet.name,
                    row,
                    column,
                    f"No column is the {column.replace('_', ' ')} (missing {column}): give its "
                    f"heading, or choose which column it is.{said} "
                    f"Expected: {', '.join(expected)}.",
                )
            )
    return problems


def too_long(sheet: str, row: int, cells: dict[str, str], limits: dict[str, int]) -> list[Problem]:
    """A cell longer than its database column allows is an error, not a crash or a cut."""
    return [
        Problem(sheet, row, column, f"At most {most} characters here; this cell has {len(value)}.")
        for column, most in limits.items()
        if len(value := cells.get(column, "")) > most
    ]
