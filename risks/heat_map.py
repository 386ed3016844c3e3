"""The likelihood x severity grid with the number of risks in each cell: pure, no ORM.

The template (components/heat_map.html) only lays out what this computes, so the same grid
renders on the register page and in a PDF report.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from risks import bands


@dataclass(frozen=True)
class Cell:
    likelihood: int
    severity: int
    score: int
    band: str
    tone: str
    count: int
    query: str  # the register's filter for this cell's risks, e.g. "likelihood=3&severity=4"


@dataclass(frozen=True)
class Row:
    likelihood: int
    cells: list[Cell]


@dataclass(frozen=True)
class HeatMap:
    caption: str
    kind: str  # "inherent" or "residual"
    scale: int
    rows: list[Row]  # highest likelihood first, as risk matrices are drawn
    unscored: int  # risks not on the map because they have no scores of this kind

    @property
    def severities(self) -> list[int]:
        return list(range(1, self.scale + 1))

    @property
    def total(self) -> int:
        return sum(cell.count for row in self.rows for cell in row.cells)


PARAMS = {
    "inherent": ("likelihood", "severity"),
    "residual": ("residual_likelihood", "residual_severity"),
}


def heat_map(
    kind: str,
    scale: int,
    matrix: bands.Bands,
    pairs: Iterable[tuple[int | None, int | None]],
    *,
    caption: str,
    extra_query: dict[str, str] | None = None,
) -> HeatMap:
    """Count (likelihood, severity) pairs into a scale x scale grid; a pair with either score
    missing counts as unscored. Scores outside the scale (which the forms refuse) are left out."""
    counts: Counter[tuple[int, int]] = Counter()
    unscored = 0
    for likelihood, severity in pairs:
        if likelihood is None or severity is None:
            unscored += 1
        else:
            counts[likelihood, severity] += 1
    l_param, s_param = PARAMS[kind]
    rows = []
    for likelihood in range(scale, 0, -1):
        cells = []
        for severity in range(1, scale + 1):
            score = likelihood * severity
            name = bands.band(score, matrix)
            query = urlencode({l_param: likelihood, s_param: severity, **(extra_query or {})})
            cells.append(
                Cell(
                    likelihood,
                    severity,
                    score,
                    name,
                    bands.tone(name, matrix),
                    counts[likelihood, severity],
                    query,
                )
            )
        rows.append(Row(likelihood, cells))
    return HeatMap(caption, kind, scale, rows, unscored)
