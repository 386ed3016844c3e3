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
    problems = []
    unknown = [h for h in sheet.headers if h and h not in expected and h not in extra]
    missing = [h for h in required if h not in sheet.headers]
    if missing or unknown:
        said = []
        if missing:
            said.append("missing " + ", ".join(missing))
        if unknown:
            said.append("unknown " + ", ".join(unknown))
        problems.append(
            Problem(
                sheet.name,
                1,
                "",
                f"The headings are wrong ({'; '.join(said)}). Expected: {', '.join(expected)}.",
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
