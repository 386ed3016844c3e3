"""The heat map: counts per cell, bands in words, headers, and links to each cell's risks."""

import re

import pytest
from django.template.loader import render_to_string

from improvement.models import default_risk_bands
from risks.heat_map import heat_map

PAIRS = [(3, 4), (3, 4), (2, 2), (1, 2), (None, None), (4, None)]


@pytest.fixture
def grid():
    return heat_map("inherent", 4, default_risk_bands(), PAIRS, caption="Inherent")


def test_counts_fall_in_their_cells(grid):
    counts = {(c.likelihood, c.severity): c.count for row in grid.rows for c in row.cells}
    assert counts[3, 4] == 2 and counts[2, 2] == 1 and counts[1, 2] == 1
    assert sum(counts.values()) == grid.total == 4
    assert grid.unscored == 2  # a pair with either score missing


def test_rows_run_from_the_highest_likelihood_and_columns_from_the_lowest_severity(grid):
    assert [row.likelihood for row in grid.rows] == [4, 3, 2, 1]
    assert [cell.severity for cell in grid.rows[0].cells] == [1, 2, 3, 4]
    assert grid.severities == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("likelihood", "severity", "score", "band", "tone"),
    [
        (4, 4, 16, "HIGH", "red"),
        (3, 4, 12, "HIGH", "red"),
        (2, 3, 6, "MEDIUM", "yellow"),
        (3, 3, 9, "MEDIUM", "yellow"),
        (2, 2, 4, "LOW", "green"),
        (1, 1, 1, "LOW", "green"),
    ],
)
def test_each_cell_has_its_score_and_band(grid, likelihood, severity, score, band, tone):
    cell = grid.rows[4 - likelihood].cells[severity - 1]
    assert (cell.score, cell.band, cell.tone) == (score, band, tone)


def test_residual_cells_filter_on_residual_scores():
    grid = heat_map(
        "residual",
        5,
        default_risk_bands(),
        [(5, 5)],
        caption="Residual",
        extra_query={"status": "open"},
    )
    assert len(grid.rows) == 5 and grid.rows[0].cells[4].count == 1
    assert grid.rows[0].cells[4].query == "residual_likelihood=5&residual_severity=5&status=open"


def test_the_component_is_an_accessible_table_with_words_in_every_cell(grid):
    html = render_to_string("components/heat_map.html", {"map": grid, "register_url": "/r/"})
    assert "<script" not in html
    assert "<caption" in html and "Inherent" in html
    assert len(re.findall(r'<th scope="col"', html)) == 4
    assert len(re.findall(r'<th scope="row"', html)) == 4
    cells = re.findall(r'<td class="govuk-table__cell app-heat-map__cell.*?</td>', html, re.S)
    assert len(cells) == 16
    assert all(re.search(r"app-heat-map__band\">(LOW|MEDIUM|HIGH)<", cell) for cell in cells)
    # Only non-empty cells link, each to its own risks, named for a screen reader.
    links = re.findall(
        r'<a class="app-heat-map__count" href="([^"]+)">(\d+)'
        r'<span class="govuk-visually-hidden"> (.*?)</span>',
        html,
    )
    assert sorted(links) == [
        ("/r/?likelihood=1&amp;severity=2", "1", "risk with likelihood 1 and severity 2"),
        ("/r/?likelihood=2&amp;severity=2", "1", "risk with likelihood 2 and severity 2"),
        ("/r/?likelihood=3&amp;severity=4", "2", "risks with likelihood 3 and severity 4"),
    ]
    assert "2 open risks have no inherent scores, so are not on this map." in html
