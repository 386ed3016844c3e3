from datetime import date

import pytest

from improvement.status import (
    Status,
    count_by_status,
    effective_status,
    is_overdue,
    parse_status,
    roll_up,
    status_from_fill,
)

C, G, A, R, N = (
    Status.COMPLETE,
    Status.ON_TRACK,
    Status.BEHIND,
    Status.OFF_TRACK,
    Status.NOT_STARTED,
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Complete", C),
        ("Completed", C),
        ("done", C),
        ("On track", G),
        ("ON TRACK", G),
        ("on-track", G),
        ("Behind", A),
        ("Slightly delayed", A),
        ("Delayed", A),
        ("Not on track", R),
        ("Off track", R),
        ("No progress", N),
        ("Not started", N),
        ("", N),
        ("   ", N),
        (None, N),
        ("  on   track ", G),
        ("off_track", R),
        ("maybe", None),
        # RAG words and letters, BRAG's blue, and councils' own words.
        ("Red", R),
        ("R", R),
        ("Amber", A),
        ("a", A),
        ("Green", G),
        ("G", G),
        ("G.", G),
        ("(Amber)", A),
        ("Blue", C),
        ("B", C),
        ("Grey", N),
        ("Gray", N),
        ("Completed", C),
        ("Achieved", C),
        ("At risk", A),
        ("Slipped", R),
        ("Not yet started", N),
        ("Ongoing", G),
        ("On-going", G),
        ("In progress", G),
        (".", None),
        ("Greenish", None),
        ("RAG", None),
    ],
)
def test_parse_status_reads_the_words_councils_use(cell, expected):
    assert parse_status(cell) == expected


def test_every_status_has_machine_name_label_and_colour():
    assert [(s.value, s.label, s.colour) for s in Status] == [
        ("complete", "Complete", "blue"),
        ("on_track", "On track", "green"),
        ("behind", "Behind", "amber"),
        ("off_track", "Off track", "red"),
        ("not_started", "Not started", "grey"),
    ]


D = date(2006, 6, 30)


@pytest.mark.parametrize(
    ("status", "due", "as_at", "overdue"),
    [
        (G, date(2006, 6, 29), D, True),  # due yesterday, not done
        (G, D, D, False),  # due today is not yet late
        (G, date(2006, 7, 1), D, False),
        (C, date(2006, 1, 31), D, False),  # complete is never overdue
        (N, date(2006, 3, 31), D, True),  # never started and past due
        (A, date(2006, 3, 31), D, True),
        (R, date(2006, 3, 31), D, True),
        (G, None, D, False),  # no due date, never overdue
    ],
)
def test_overdue_rule(status, due, as_at, overdue):
    assert is_overdue(status, due, as_at) is overdue


def test_overdue_counts_as_off_track_with_the_reason():
    effective = effective_status(G, date(2006, 5, 31), D)
    assert (effective.status, effective.reported, effective.reason) == (R, G, "overdue")
    assert effective.overdue
    on_time = effective_status(A, date(2006, 7, 31), D)
    assert (on_time.status, on_time.reason, on_time.overdue) == (A, "", False)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([C, C, C], C),
        ([C], C),
        ([C, G], G),
        ([C, N], G),  # some done, nothing wrong: on track
        ([G, A], A),
        ([G, A, R], R),
        ([C, R], R),
        ([A, N], A),
        ([N, N], N),
        ([G], G),
        ([], N),
        ([R, R], R),
    ],
)
def test_roll_up(statuses, expected):
    assert roll_up(statuses) == expected


def test_roll_up_accepts_any_iterable():
    assert roll_up(s for s in (C, G)) == G


def test_count_by_status_lists_every_status_worst_first():
    counts = count_by_status([C, C, G, R])
    assert list(counts) == [R, A, G, N, C]
    assert counts == {R: 1, A: 0, G: 1, N: 0, C: 2}


@pytest.mark.parametrize(
    ("due", "as_at", "status", "phrase"),
    [
        (date(2006, 7, 12), date(2006, 6, 30), G, "due in 12 days"),
        (date(2006, 7, 1), date(2006, 6, 30), G, "due in 1 day"),
        (date(2006, 6, 30), date(2006, 6, 30), A, "due today"),
        (date(2006, 5, 21), date(2006, 6, 30), G, "overdue by 40 days"),
        (date(2006, 5, 21), date(2006, 6, 30), C, ""),  # complete: nothing to chase
        (None, date(2006, 6, 30), G, ""),
        # 20 years and 7 months: rounded down, as people count.
        (date(2006, 4, 30), date(2026, 11, 23), N, "overdue by 20 years"),
        (date(2007, 1, 31), date(2006, 6, 30), G, "due in 7 months"),
    ],
)
def test_due_phrase(due, as_at, status, phrase):
    from improvement.status import due_phrase

    assert due_phrase(due, as_at, status) == phrase


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (1, "1 day"),
        (90, "90 days"),
        (91, "3 months"),
        (231, "7 months"),  # 7.6 months
        (365, "12 months"),
        (729, "23 months"),
        (730, "2 years"),
        (7512, "20 years"),  # 20 years 7 months
        (7670, "21 years"),
    ],
)
def test_days_in_words(days, words):
    from improvement.status import days_in_words

    assert days_in_words(days) == words


@pytest.mark.parametrize(
    ("status", "last_update", "stale"),
    [
        (G, date(2006, 6, 1), False),  # 29 days before: within a 30-day cycle
        (G, date(2006, 5, 31), False),  # exactly 30 days
        (G, date(2006, 5, 30), True),
        (G, None, True),  # never updated
        (C, None, False),  # complete needs no update
        (A, date(2006, 1, 1), True),
    ],
)
def test_is_stale(status, last_update, stale):
    from improvement.status import is_stale

    assert is_stale(status, last_update, date(2006, 6, 30), 30) is stale


def test_awaiting_sign_off_counts_as_on_track_and_says_so():
    effective = effective_status(C, date(2006, 1, 31), D, awaiting_sign_off=True)
    assert (effective.status, effective.label, effective.overdue) == (
        G,
        "Complete, awaiting sign-off",
        False,
    )
    assert effective_status(G, None, D, awaiting_sign_off=True).status == G


@pytest.mark.parametrize(
    ("fill", "expected"),
    [
        ("FF0000", R),
        ("FFFF0000", R),  # Excel's ARGB, alpha first
        ("C00000", R),  # Excel's dark red
        ("FFC7CE", R),  # Excel's "Bad" style
        ("#F00000", R),  # near enough to red
        ("FFC000", A),
        ("FFFF00", A),  # yellow stands for amber in many plans
        ("FFEB9C", A),  # Excel's "Neutral"
        ("00B050", G),
        ("92D050", G),
        ("C6EFCE", G),  # Excel's "Good"
        ("0070C0", C),
        ("00B0F0", C),
        ("808080", N),
        ("BFBFBF", N),
        ("FFFFFF", None),  # white is no status
        ("000000", None),
        ("FF00FF", None),  # magenta is near no RAG colour
        ("7030A0", None),  # Excel's purple
        ("", None),
        (None, None),
        ("not a colour", None),
        ("GGGGGG", None),
    ],
)
def test_status_from_fill_reads_rag_colours_within_a_tolerance(fill, expected):
    assert status_from_fill(fill) == expected
