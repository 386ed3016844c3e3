"""The progress statement, phrased as cabinet reports phrase it, for 0, 1 and several."""

from datetime import date

import pytest

from improvement.reports.progress import join, long_date, progress_sentence
from improvement.status import Status

C, OT, B, OFF, NS = (
    Status.COMPLETE,
    Status.ON_TRACK,
    Status.BEHIND,
    Status.OFF_TRACK,
    Status.NOT_STARTED,
)
JUNE = date(2006, 6, 30)


@pytest.mark.parametrize(
    ("counts", "overdue", "expected"),
    [
        ({}, 0, "There are no milestones due by 30 June 2006."),
        ({C: 0, OT: 0}, 0, "There are no milestones due by 30 June 2006."),
        ({C: 1}, 0, "There is 1 milestone due by 30 June 2006. It has been completed."),
        ({OT: 1}, 0, "There is 1 milestone due by 30 June 2006. It is on track."),
        ({OFF: 1}, 1, "There is 1 milestone due by 30 June 2006. It is off track (overdue)."),
        ({NS: 1}, 0, "There is 1 milestone due by 30 June 2006. It has not started."),
        ({C: 3}, 0, "There are 3 milestones due by 30 June 2006. All of them have been completed."),
        (
            {OFF: 2},
            2,
            "There are 2 milestones due by 30 June 2006. All of them are off track (all overdue).",
        ),
        (
            {C: 9, OT: 4, B: 1},
            0,
            "There are 14 milestones due by 30 June 2006. Of these, 9 have been completed, "
            "4 are on track and 1 is behind.",
        ),
        (
            {C: 1, B: 2},
            0,
            "There are 3 milestones due by 30 June 2006. Of these, 1 has been completed "
            "and 2 are behind.",
        ),
        (
            {OFF: 3, C: 2, NS: 1},
            1,
            "There are 6 milestones due by 30 June 2006. Of these, 2 have been completed, "
            "3 are off track (1 of them overdue) and 1 has not started.",
        ),
        (
            {OFF: 1, OT: 1},
            1,
            "There are 2 milestones due by 30 June 2006. Of these, 1 is on track "
            "and 1 is off track (overdue).",
        ),
    ],
)
def test_progress_sentence(counts, overdue, expected):
    assert progress_sentence(JUNE, counts, overdue) == expected


@pytest.mark.parametrize(
    ("parts", "expected"),
    [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")],
)
def test_join_lists_as_prose(parts, expected):
    assert join(parts) == expected


def test_long_date_has_no_leading_zero_and_the_full_month():
    assert long_date(date(2006, 7, 3)) == "3 July 2006"
