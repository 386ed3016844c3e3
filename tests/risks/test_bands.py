"""The band rule, table-driven: the 2009 directorate register's own ratings, the edges of each
band, unscored risks, and re-banding after a change of matrix."""

from datetime import date

import pytest

from improvement.models import default_risk_bands
from risks import bands

DEFAULT = default_risk_bands()
# A plan that moved to a 5 x 5 matrix with four bands.
FIVE = [
    {"name": "LOW", "max": 4},
    {"name": "MEDIUM", "max": 9},
    {"name": "HIGH", "max": 16},
    {"name": "VERY HIGH", "max": None},
]


@pytest.mark.parametrize(
    ("likelihood", "severity", "score", "band"),
    [
        # Every rating printed in the 2009 directorate register.
        (3, 4, 12, "HIGH"),
        (2, 4, 8, "MEDIUM"),
        (2, 3, 6, "MEDIUM"),
        (2, 2, 4, "LOW"),
        (1, 2, 2, "LOW"),
        # The edges of each band on the default 4 x 4 matrix.
        (1, 1, 1, "LOW"),
        (1, 4, 4, "LOW"),
        (3, 3, 9, "MEDIUM"),
        (4, 4, 16, "HIGH"),
        (2, 5, 10, "HIGH"),
        # Unscored: either score missing.
        (None, None, None, None),
        (3, None, None, None),
        (None, 4, None, None),
    ],
)
def test_default_matrix_gives_the_2009_registers_ratings(likelihood, severity, score, band):
    assert bands.score(likelihood, severity) == score
    assert bands.band(score, DEFAULT) == band


@pytest.mark.parametrize(
    ("score", "before", "after_five", "after_wider_low"),
    [
        (2, "LOW", "LOW", "LOW"),
        (4, "LOW", "LOW", "LOW"),
        (6, "MEDIUM", "MEDIUM", "LOW"),
        (8, "MEDIUM", "MEDIUM", "MEDIUM"),
        (9, "MEDIUM", "MEDIUM", "MEDIUM"),
        (12, "HIGH", "HIGH", "MEDIUM"),
        (16, "HIGH", "HIGH", "HIGH"),
        (20, "HIGH", "VERY HIGH", "HIGH"),
        (None, None, None, None),
    ],
)
def test_the_same_scores_re_band_after_a_change_of_matrix(
    score, before, after_five, after_wider_low
):
    wider_low = [
        {"name": "LOW", "max": 6},
        {"name": "MEDIUM", "max": 12},
        {"name": "HIGH", "max": None},
    ]
    assert bands.band(score, DEFAULT) == before
    assert bands.band(score, FIVE) == after_five
    assert bands.band(score, wider_low) == after_wider_low


def test_a_band_without_an_unbounded_last_band_is_refused():
    with pytest.raises(ValueError):
        bands.band(20, [{"name": "LOW", "max": 4}, {"name": "HIGH", "max": 16}])


@pytest.mark.parametrize(
    ("scale", "matrix", "errors"),
    [
        (4, DEFAULT, []),
        (5, DEFAULT, []),
        (5, FIVE, []),
        (4, [{"name": "ALL", "max": None}], []),
        (3, DEFAULT, [(None, None, "The scale must be 4 or 5")]),
        (4, [], [(None, None, "Give at least one band")]),
        (
            4,
            [{"name": f"B{n}", "max": n} for n in range(1, 6)] + [{"name": "X", "max": None}],
            [(None, None, "Give at most 5 bands")],
        ),
        # The last band must be unbounded; the others bounded and rising.
        (
            4,
            [{"name": "LOW", "max": 4}, {"name": "HIGH", "max": 16}],
            [(1, "max", "The highest band has no upper score: leave it empty")],
        ),
        (
            4,
            [{"name": "LOW", "max": None}, {"name": "HIGH", "max": None}],
            [(0, "max", "Enter the band's highest score")],
        ),
        (
            4,
            [
                {"name": "LOW", "max": 9},
                {"name": "MEDIUM", "max": 4},
                {"name": "HIGH", "max": None},
            ],
            [(1, "max", "The highest score must be more than 9")],
        ),
        (
            4,
            [{"name": "LOW", "max": 4}, {"name": "HIGH", "max": 16}, {"name": "X", "max": None}],
            [(1, "max", "The highest score must be less than 16")],
        ),
        # No score of a 4 x 4 matrix is 5 or 7: a band holding only those could never be used.
        (
            4,
            [{"name": "LOW", "max": 4}, {"name": "ODD", "max": 5}, {"name": "HIGH", "max": None}],
            [(1, "max", "No score on a 4 x 4 matrix is 5")],
        ),
        (
            5,
            [{"name": "LOW", "max": 4}, {"name": "ODD", "max": 5}, {"name": "HIGH", "max": None}],
            [],
        ),
        # Names: given, different, and not the word kept for unscored risks.
        (
            4,
            [{"name": " ", "max": 4}, {"name": "HIGH", "max": None}],
            [(0, "name", "Enter the band's name")],
        ),
        (
            4,
            [{"name": "High", "max": 4}, {"name": "HIGH", "max": None}],
            [(1, "name", "Two bands are called HIGH")],
        ),
        (
            4,
            [{"name": "LOW", "max": 4}, {"name": "Unscored", "max": None}],
            [(1, "name", "Unscored is kept for unscored risks")],
        ),
    ],
)
def test_matrix_errors(scale, matrix, errors):
    found = [(e.index, e.field, e.message) for e in bands.matrix_errors(scale, matrix)]
    assert found == errors
    assert bands.is_valid_matrix(scale, matrix) == (not errors)


def test_the_default_matrix_is_valid_on_both_scales():
    assert bands.is_valid_matrix(4, DEFAULT) and bands.is_valid_matrix(5, DEFAULT)


@pytest.mark.parametrize(
    ("name", "above", "up_to"),
    [("LOW", 0, 4), ("MEDIUM", 4, 9), ("HIGH", 9, None)],
)
def test_score_range_of_each_band(name, above, up_to):
    assert bands.score_range(name, DEFAULT) == (above, up_to)


def test_describe_gives_each_bands_scores_in_words():
    assert bands.describe(DEFAULT, 4) == [
        ("LOW", "1 to 4"),
        ("MEDIUM", "5 to 9"),
        ("HIGH", "10 to 16"),
    ]


def test_scores_on_a_scale():
    assert bands.scores_on_scale(4) == [1, 2, 3, 4, 6, 8, 9, 12, 16]


@pytest.mark.parametrize(
    ("matrix", "tones"),
    [
        (DEFAULT, ["green", "yellow", "red"]),
        (FIVE, ["green", "yellow", "orange", "red"]),
        ([{"name": "OK", "max": 8}, {"name": "NOT OK", "max": None}], ["green", "red"]),
    ],
)
def test_tones_run_from_green_to_red(matrix, tones):
    assert [bands.tone(name, matrix) for name in bands.band_names(matrix)] == tones
    assert bands.tone("RETIRED", matrix) == bands.NO_TONE
    assert bands.tone(None, matrix) == bands.NO_TONE


def test_rating_names_its_band_in_words_or_says_not_scored():
    high = bands.rate(3, 4, DEFAULT)
    assert (high.score, high.band, high.tone, high.label, high.key) == (
        12,
        "HIGH",
        "red",
        "HIGH",
        "HIGH",
    )
    assert str(high) == "3 x 4 = 12 HIGH"
    unscored = bands.rate(None, None, DEFAULT)
    assert (unscored.scored, unscored.label, unscored.key) == (False, "Not scored", "unscored")


def test_a_recorded_rating_keeps_its_band_whatever_the_matrix_now_says():
    recorded = bands.recorded_rating(3, 4, "HIGH", FIVE)
    assert recorded.band == "HIGH" and bands.band(12, [{"name": "ALL", "max": None}]) == "ALL"
    retired = bands.recorded_rating(3, 4, "SEVERE", DEFAULT)
    assert (retired.band, retired.tone) == ("SEVERE", bands.NO_TONE)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (12, 8, "down"),
        (6, 12, "up"),
        (8, 8, "same"),
        (None, 6, "scored"),
        (6, None, "unscored"),
        (None, None, "same"),
    ],
)
def test_movement(before, after, expected):
    assert bands.movement(before, after) == expected


@pytest.mark.parametrize(
    ("inherent", "residual", "warn"),
    [(8, 12, True), (12, 8, False), (8, 8, False), (None, 4, False), (8, None, False)],
)
def test_residual_above_inherent_is_flagged(inherent, residual, warn):
    assert bands.residual_above_inherent(inherent, residual) is warn


AS_AT = date(2026, 5, 1)


@pytest.mark.parametrize(
    ("review_date", "is_open", "overdue"),
    [
        (date(2026, 4, 30), True, True),
        (date(2026, 5, 1), True, False),  # due today is not yet overdue
        (date(2026, 6, 1), True, False),
        (None, True, False),
        (date(2026, 4, 30), False, False),  # a closed risk needs no review
    ],
)
def test_review_overdue(review_date, is_open, overdue):
    assert bands.review_overdue(review_date, AS_AT, is_open=is_open) is overdue


@pytest.mark.parametrize(
    ("closed_on", "expected"),
    [(None, True), (date(2026, 5, 2), True), (date(2026, 5, 1), False), (date(2026, 1, 1), False)],
)
def test_is_open_as_at(closed_on, expected):
    assert bands.is_open(closed_on, AS_AT) is expected
