"""The JAR 2006 demo equals its CSV files, and its history reproduces the plan's timeline."""

import csv
from collections import Counter
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from improvement.dates import month_end
from improvement.demo import DEMO_DIR, timeline_history
from improvement.leads import split_leads
from improvement.models import Organisation, Person, Plan
from improvement.status import Status, parse_status
from recommendations.models import Milestone, MilestoneLead, Recommendation, StatusUpdate
from recommendations.snapshot import plan_snapshot


def rows(name):
    with open(DEMO_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_demo_files_are_the_shared_transcription():
    assert len(rows("plan.csv")) == 66
    assert len(rows("people.csv")) == 23
    assert len(rows("timeline.csv")) == 25


def test_counts_equal_the_csv_rows(demo):
    plan_rows = rows("plan.csv")
    assert demo.recommendations.count() == len({r["recommendation_ref"] for r in plan_rows}) == 17
    assert Milestone.objects.filter(recommendation__plan=demo).count() == len(plan_rows)
    assert list(demo.themes.values_list("name", flat=True)) == [
        "Stay Safe",
        "Be Healthy",
        "Achieve Economic Well-being",
        "Service Management",
    ]
    listed = Person.objects.filter(is_listed=True)
    assert listed.count() == len(rows("people.csv"))
    assert set(Person.objects.filter(is_listed=False).values_list("initials", flat=True)) == {
        "MG",
        "NA",
        "RG",
        "LH",
        "BT",
        "CYPP",
    }


def test_every_milestone_keeps_its_cells_and_its_leads_in_order(demo):
    milestones = Milestone.objects.filter(recommendation__plan=demo).with_related()
    by_order = {m.order: m for m in milestones}
    for order, row in enumerate(rows("plan.csv"), start=2):  # spreadsheet rows
        milestone = by_order[order]
        assert milestone.recommendation.ref == row["recommendation_ref"]
        assert milestone.recommendation.theme.name == row["theme"]
        assert milestone.text == row["milestone"]
        assert milestone.success_criteria == row["success_criteria"]
        assert milestone.due_text == row["due"]
        assert (milestone.outcome.text if milestone.outcome else "") == row["outcome"]
        assert [p.short_name for p in milestone.lead_people] == split_leads(row["leads"])


def test_due_dates_are_parsed_and_the_text_kept(demo):
    def milestone(rec, ref):
        return Milestone.objects.get(recommendation__plan=demo, recommendation__ref=rec, ref=ref)

    assert milestone("1", "1").due_date == date(2006, 3, 31)  # "03/06"
    assert milestone("5", "3").due_date == date(2006, 9, 30)  # "9/06 –"
    assert milestone("10", "2").due_date == date(2006, 12, 31)  # "7/06 12/06"
    assert milestone("17", "3").due_date == date(2006, 9, 30)  # "9/06 6/06"
    assert milestone("16", "2").due_date is None  # no due date printed


def test_recommendation_16_keeps_both_milestones_numbered_2(demo):
    refs = list(
        Milestone.objects.filter(recommendation__plan=demo, recommendation__ref="16")
        .order_by("order")
        .values_list("ref", flat=True)
    )
    assert refs == ["1", "2", "2-2", "3"]


def test_recommendations_sort_naturally_within_a_theme(demo):
    snapshot = plan_snapshot(demo, date(2006, 5, 31))
    stay_safe = snapshot.themes[0]
    assert [r.recommendation.ref for r in stay_safe.recommendations] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
    ]


def test_roll_up_at_each_month_end_reproduces_every_timeline_cell(demo):
    cells = rows("timeline.csv")
    months = sorted({c["month"] for c in cells})
    mismatches = []
    for month in months:
        year, number = (int(part) for part in month.split("-"))
        statuses = plan_snapshot(demo, month_end(year, number)).recommendation_statuses()
        for cell in (c for c in cells if c["month"] == month):
            expected = parse_status(cell["status"])
            if statuses[cell["recommendation_ref"]] != expected:
                mismatches.append((cell["recommendation_ref"], month, expected))
    assert mismatches == []
    assert len(cells) == 25


def test_loading_twice_changes_nothing(demo):
    def state():
        return (
            Plan.objects.count(),
            Recommendation.objects.count(),
            Milestone.objects.count(),
            Person.objects.count(),
            StatusUpdate.objects.count(),
            sorted(Milestone.objects.values_list("pk", "status", "version")),
        )

    before = state()
    call_command("load_demo")
    assert state() == before


def test_demo_accounts_only_when_asked(demo, settings):
    settings.DEBUG = False
    call_command("load_demo")
    assert not get_user_model().objects.exists()
    call_command("load_demo", "--with-demo-accounts")
    users = {u.username: {g.name for g in u.groups.all()} for u in get_user_model().objects.all()}
    assert users == {
        "officer": {"Officer"},
        "pct": {"Officer"},
        "director": {"Director"},
        "clerk": {"Clerk"},
        "admin": {"Administrator"},
    }
    assert Person.objects.get(initials="LM").user.username == "officer"


def test_the_demo_shows_the_organisation_rule(demo, client):
    """The plan is the council's, shared with its partners: the PCT's officer reads it and
    the council's director does; an officer of a council that is not a partner does not."""
    call_command("load_demo", "--with-demo-accounts")
    assert demo.organisation.name == "Herefordshire Council"
    assert "Hereford PCT" in {o.name for o in demo.partners.all()}
    users = get_user_model().objects
    pct = users.get(username="pct")
    assert pct.person.organisation.name == "Hereford PCT" and pct.person.initials == "LR"
    for username in ("pct", "director", "clerk", "officer"):
        client.force_login(users.get(username=username))
        assert client.get(demo.get_absolute_url()).status_code == 200, username
    stranger = users.create_user("stranger")
    Person.objects.create(
        name="Stranger", user=stranger, organisation=Organisation.objects.create(name="Powys")
    )
    client.force_login(stranger)
    assert client.get(demo.get_absolute_url()).status_code == 404
    # Loading again changes nothing.
    before = (demo.partners.count(), Person.objects.count())
    call_command("load_demo", "--with-demo-accounts")
    assert (demo.partners.count(), Person.objects.count()) == before


def test_demo_accounts_with_debug_on(demo, settings):
    settings.DEBUG = True
    call_command("load_demo")
    assert get_user_model().objects.filter(username="director").exists()


G, C = Status.ON_TRACK, Status.COMPLETE
JAN, FEB, MAR, APR, MAY, JUN = (month_end(2006, m) for m in range(1, 7))


@pytest.mark.parametrize(
    ("dues", "months", "expected"),
    [
        # All complete in March, after two months on track.
        (
            [MAR, JUN],
            [(JAN, G), (FEB, G), (MAR, C)],
            {(0, G, JAN), (0, C, MAR), (1, G, JAN), (1, C, MAR)},
        ),
        # Due before the first reported month: complete from the first month, never on track.
        ([JAN, MAY], [(FEB, G), (MAR, G)], {(0, C, FEB), (1, G, FEB)}),
        # Still on track after a milestone's due date: it must be complete by that date.
        ([FEB, JUN], [(FEB, G), (MAR, G), (APR, G)], {(0, C, FEB), (1, G, FEB)}),
        ([MAR, JUN], [(FEB, G), (MAR, G), (APR, G)], {(0, G, FEB), (0, C, MAR), (1, G, FEB)}),
        # No due date: on track, and complete with the recommendation.
        ([None], [(APR, G), (MAY, C)], {(0, G, APR), (0, C, MAY)}),
        ([None], [(APR, G)], {(0, G, APR)}),
        ([MAY], [], set()),
    ],
)
def test_timeline_history(dues, months, expected):
    history = timeline_history(dues, months)
    assert {(e.milestone, e.status, e.as_at) for e in history} == expected


def test_history_is_never_before_a_plan_reports_and_says_where_it_comes_from(demo):
    updates = StatusUpdate.objects.filter(milestone__recommendation__plan=demo)
    assert updates.count() > 0
    assert min(u.as_at for u in updates) == JAN
    assert max(u.as_at for u in updates) == MAY
    assert Counter(u.comment for u in updates).most_common(1)[0][1] == updates.count()


def test_a_history_that_cannot_reproduce_the_timeline_is_refused():
    # Due in January, yet "on track" in February and March: the milestone would have to be
    # complete, which makes the recommendation complete, not on track.
    with pytest.raises(ValueError, match="No milestone history gives On track in February 2006"):
        timeline_history([JAN], [(FEB, G), (MAR, G)])
    # No milestones at all cannot be on track either.
    with pytest.raises(ValueError, match="the roll-up would be Not started"):
        timeline_history([], [(APR, G)])


def test_leads_per_milestone_written_out_by_hand(demo):
    def leads(rec, ref):
        milestone = Milestone.objects.with_related().get(
            recommendation__plan=demo, recommendation__ref=rec, ref=ref
        )
        return [p.short_name for p in milestone.lead_people]

    assert leads("1", "2") == ["HL", "SMe", "LM"]
    assert leads("2", "2") == ["LM", "RT"]  # "LM with RT"
    assert leads("2", "5") == ["LM", "SMe", "LR"]  # "LM SMe / LR"
    assert leads("3", "5") == ["DJ", "NA"]
    assert leads("6", "1") == ["SMe", "LR"]
    assert leads("12", "5") == ["SF", "CYPP"]
    assert MilestoneLead.objects.filter(milestone__recommendation__plan=demo).count() == 104
    assert Person.objects.count() == 23 + 6
