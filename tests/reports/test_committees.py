"""Reports for any committee: carried-over narrative marked until edited, and issuing asks
for confirmation when the text names another committee than the report's."""

import pytest
from django.urls import reverse

from improvement.reports.committees import carried_over, other_committees_named
from improvement.reports.models import BoardReport
from improvement.tasks.models import BackgroundTask
from tests.reports.conftest import make_report

COMMITTEES = ["Improvement Board", "Cabinet", "Children's Scrutiny Committee"]


@pytest.mark.parametrize(
    ("text", "meeting", "expected"),
    [
        ("To advise Improvement Board of progress.", "Cabinet", ["Improvement Board"]),
        ("To advise improvement  board of progress.", "Cabinet", ["Improvement Board"]),
        ("To advise Cabinet of progress.", "Cabinet", []),
        ("To advise Improvement Board of progress.", "Improvement Board", []),
        # A committee whose name is part of the meeting's is this one.
        ("THAT Improvement Board notes it.", "Improvement Board (special meeting)", []),
        # Whole words only: "Cabinets" is not "Cabinet".
        ("Filing cabinets were bought.", "Improvement Board", []),
        (
            "Cabinet and Children's Scrutiny Committee both asked.",
            "Improvement Board",
            ["Cabinet", "Children's Scrutiny Committee"],
        ),
        ("", "Cabinet", []),
    ],
)
def test_other_committees_named(text, meeting, expected):
    found = other_committees_named({"purpose": text}, meeting, COMMITTEES)
    assert [committee for _, committee in found] == expected


@pytest.mark.parametrize(
    ("values", "source", "expected"),
    [
        ({"purpose": "A", "reasons": "B"}, {"purpose": "A", "reasons": "C"}, ["purpose"]),
        ({"purpose": "A"}, {"purpose": "A "}, []),  # edited, if only by a space
        ({"purpose": ""}, {"purpose": ""}, []),  # nothing carried over from a blank
        (
            {"purpose": "A", "contact": "X"},
            {"purpose": "A", "contact": "X"},
            ["purpose", "contact"],
        ),
    ],
)
def test_carried_over(values, source, expected):
    assert carried_over(values, source) == expected


@pytest.fixture
def board_report(small_plan):
    return make_report(
        small_plan.plan,
        meeting="Improvement Board",
        title="Board report",
        purpose="To advise Improvement Board of progress.",
        recommendation="THAT Improvement Board notes the progress.",
    )


def test_carried_over_text_is_marked_until_it_is_edited(client, clerk, small_plan, board_report):
    client.force_login(clerk)
    url = reverse("report_create", args=[small_plan.plan.slug]) + f"?from={board_report.pk}"
    page = client.get(url).content.decode()
    marked = "Carried over from “Board report” (Improvement Board, 13 July 2006) until you edit it."
    # Purpose, recommendation, and the wards and key decision the source had; not its blanks.
    assert page.count(marked) == 4
    response = client.post(
        url,
        {
            "title": "Cabinet report",
            "meeting": "Cabinet",
            "meeting_date": "2006-09-14",
            "as_at": "2006-08-31",
            "purpose": "To advise Cabinet of progress.",
            "recommendation": board_report.recommendation,
            "wards_affected": "Kington",
            "key_decision": "",
        },
    )
    cabinet = BoardReport.objects.get(title="Cabinet report")
    assert response.status_code == 302 and cabinet.carried_from == board_report
    page = client.get(reverse("report_edit", args=[small_plan.plan.slug, cabinet.pk])).text
    assert page.count(marked) == 1  # the purpose was edited; the recommendation was not
    assert "1 field still holds the text carried over from “Board report”" in page


def test_issuing_text_naming_another_committee_asks_for_confirmation(
    client, clerk, small_plan, board_report
):
    cabinet = make_report(
        small_plan.plan,
        meeting="Cabinet",
        title="Cabinet report",
        purpose=board_report.purpose,
        carried_from=board_report,
    )
    client.force_login(clerk)
    url = reverse("report_issue", args=[small_plan.plan.slug, cabinet.pk])
    page = client.get(url).content.decode()
    assert "Is this text meant for Cabinet?" in page
    assert (
        "Purpose names Improvement Board, carried over from “Board report” (Improvement Board, "
        "13 July 2006), but this report goes to Cabinet." in page
    )
    refused = client.post(url)
    assert refused.status_code == 400
    assert "Confirm that the text is right for Cabinet, or edit it first" in refused.text
    assert not BackgroundTask.objects.exists()
    confirmed = client.post(url, {"checked_committee": "yes"})
    assert confirmed.status_code == 302
    assert BackgroundTask.objects.get().report == cabinet


def test_issuing_text_for_its_own_committee_asks_nothing_more(client, clerk, board_report):
    client.force_login(clerk)
    url = reverse("report_issue", args=[board_report.plan.slug, board_report.pk])
    assert "Is this text meant for" not in client.get(url).content.decode()
    assert client.post(url).status_code == 302
