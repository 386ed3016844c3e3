"""Each list endpoint's shape, pinned on the hand-made plan at two as-at dates."""

import pytest

from tests.api.conftest import AFTER, BEFORE

BASE = "http://testserver"


def test_plans_lists_each_plan_with_its_status_as_at_the_date(api, world):
    before = api("/api/plans/", world.ada_token, as_at=BEFORE.isoformat()).json()
    after = api("/api/plans/", world.ada_token, as_at=AFTER.isoformat()).json()
    assert before["as_at"] == "2024-04-01" and before["count"] == 2
    assert (before["next"], before["previous"]) == (None, None)
    north = before["results"][0]
    assert north == {
        "slug": "north",
        "title": "Northshire improvement plan",
        "organisation": "Northshire Council",
        "start": "2024-01-01",
        "end": "2025-12-31",
        # 1.1 was reported on track but was due on 31 March: off track (overdue).
        "status": "off_track",
        "links": {
            "page": f"{BASE}/plans/north/?as_at=2024-04-01",
            "summary": f"{BASE}/api/plans/north/summary/?as_at=2024-04-01",
            "timeline": f"{BASE}/api/plans/north/timeline/",
            "milestones": f"{BASE}/api/plans/north/milestones/?as_at=2024-04-01",
            "indicators": f"{BASE}/api/plans/north/indicators/?as_at=2024-04-01",
            "risks": f"{BASE}/api/plans/north/risks/?as_at=2024-04-01",
            "updates": f"{BASE}/api/plans/north/updates/",
        },
    }
    # By 31 July 1.1 is complete and 1.2 is behind, with a revised date not yet passed.
    assert after["results"][0]["status"] == "behind"
    assert [p["slug"] for p in after["results"]] == ["north", "south"]
    assert after["results"][1]["organisation"] == "Southshire Council"


def milestones(api, world, as_at, **params):
    data = api("/api/plans/north/milestones/", world.dan_token, as_at=as_at.isoformat(), **params)
    return data.json()


def test_milestones_as_at_the_first_date(api, world):
    data = milestones(api, world, BEFORE)
    assert {k: data[k] for k in ("plan", "as_at", "count", "next", "previous")} == {
        "plan": "north",
        "as_at": "2024-04-01",
        "count": 3,
        "next": None,
        "previous": None,
    }
    first, second, third = data["results"]
    assert first == {
        "id": world.m11.pk,
        "recommendation_id": world.m11.recommendation_id,
        "theme": "Stay Safe",
        "recommendation_ref": "1",
        "ref": "1",
        "full_ref": "1.1",
        "text": "Audit cases",
        "success_criteria": "",
        "outcome": None,
        "leads": [{"id": first["leads"][0]["id"], "initials": "LM", "name": "Linda Maden"}],
        "due_text": "03/24",
        "due_date": "2024-03-31",
        "due_date_as_at": "2024-03-31",
        "reported_status": "on_track",
        "effective_status": "off_track",
        "reason": "overdue",
        "last_update": "2024-02-01",
        "url": f"{BASE}/plans/north/milestones/{world.m11.pk}/",
    }
    assert [lead["name"] for lead in second["leads"]] == ["Linda Maden", "Chief Executive"]
    assert second["leads"][1]["initials"] is None
    # The revision to 30 Sept was recorded as at 1 May, so on 1 April June still stands.
    assert (second["due_date"], second["due_date_as_at"]) == ("2024-06-30", "2024-06-30")
    assert (second["reported_status"], second["effective_status"]) == ("not_started",) * 2
    assert (second["reason"], second["last_update"]) == (None, None)
    assert (third["full_ref"], third["theme"], third["leads"]) == ("2.1", "Leadership", [])


def test_milestones_as_at_the_second_date(api, world):
    first, second, third = milestones(api, world, AFTER)["results"]
    assert (first["reported_status"], first["effective_status"], first["reason"]) == (
        "complete",
        "complete",
        None,
    )
    assert first["last_update"] == "2024-04-10"
    assert (second["due_date"], second["due_date_as_at"]) == ("2024-06-30", "2024-09-30")
    assert (second["effective_status"], second["reason"]) == ("behind", None)
    assert second["last_update"] == "2024-05-01"
    assert third["effective_status"] == "not_started"


@pytest.mark.parametrize(
    ("params", "refs"),
    [
        ({"status": "off_track"}, ["1.1"]),
        ({"status": "not_started"}, ["1.2", "2.1"]),
        ({"overdue": "true"}, ["1.1"]),
        ({"overdue": "false"}, ["1.2", "2.1"]),
        ({"lead": "LM"}, ["1.1", "1.2"]),
        ({"lead": "chief executive"}, ["1.2"]),
        ({"lead": "NOBODY"}, []),
        ({"lead": "LM", "status": "not_started"}, ["1.2"]),
    ],
)
def test_milestone_filters_as_at_the_date(api, world, params, refs):
    data = milestones(api, world, BEFORE, **params)
    assert [m["full_ref"] for m in data["results"]] == refs
    assert data["count"] == len(refs)


def test_a_lead_can_be_named_by_id(api, world):
    chief = world.m12.lead_links.get(order=1).person
    data = milestones(api, world, AFTER, lead=str(chief.pk))
    assert [m["full_ref"] for m in data["results"]] == ["1.2"]


def test_indicators_with_every_figure_up_to_each_date(api, world):
    before = api("/api/plans/north/indicators/", world.dan_token, as_at="2024-04-01").json()
    after = api("/api/plans/north/indicators/", world.dan_token, as_at="2024-07-31").json()
    assert (before["plan"], before["as_at"], before["count"]) == ("north", "2024-04-01", 2)
    ni1 = before["results"][0]
    march = {
        "period": "Mar 2024",
        "period_end": "2024-03-31",
        "actual": "70",
        "actual_number": 70.0,
        "target": "80",
        "target_number": 80.0,
        "comparator": "",
        "comparator_number": None,
        "comparator_label": "",
        "rag": "red",
        "direction": None,
    }
    assert ni1 == {
        "id": world.ni1.pk,
        "ref": "NI 1",
        "definition": "Visits on time",
        "unit": "%",
        "higher_is_better": True,
        "amber_tolerance": 5.0,
        "owner": {"id": ni1["owner"]["id"], "initials": "LM", "name": "Linda Maden"},
        "recommendation_refs": ["1"],
        "rag": "red",
        "direction": None,
        "figures": [march],
        "url": f"{BASE}/plans/north/indicators/NI%201/",
    }
    later = after["results"][0]
    assert (later["rag"], later["direction"]) == ("amber", "improving")
    assert [f["period"] for f in later["figures"]] == ["Mar 2024", "Jun 2024"]
    assert later["figures"][1] | {"rag": "amber", "direction": "improving"} == later["figures"][1]
    ni2 = after["results"][1]
    assert (ni2["higher_is_better"], ni2["rag"], ni2["owner"]) == (None, None, None)
    assert ni2["figures"][0]["actual"] == "New indicator"
    assert ni2["figures"][0]["actual_number"] is None


def test_risks_with_the_scores_in_force_at_each_date(api, world):
    before = api("/api/plans/north/risks/", world.dan_token, as_at="2024-04-01").json()
    after = api("/api/plans/north/risks/", world.dan_token, as_at="2024-07-31").json()
    r1 = before["results"][0]
    assert r1 == {
        "id": world.r1.pk,
        "ref": "R1",
        "description": "Risk R1",
        "owner": {"id": r1["owner"]["id"], "initials": "LM", "name": "Linda Maden"},
        "open": True,
        "closed_on": None,
        "likelihood": 3,
        "severity": 4,
        "score": 12,
        "band": "HIGH",
        "rating": "3 x 4 = 12 HIGH",
        "residual_likelihood": 2,
        "residual_severity": 3,
        "residual_score": 6,
        "residual_band": "MEDIUM",
        "residual_rating": "2 x 3 = 6 MEDIUM",
        "last_reviewed": None,
        "review_date": None,
        "review_overdue": False,
        "mitigation": "",
        "contingency": "",
        "recommendation_refs": [],
        "url": f"{BASE}/plans/north/risks/R1/",
    }
    reviewed = after["results"][0]
    assert (reviewed["rating"], reviewed["residual_rating"]) == ("2 x 2 = 4 LOW", "1 x 2 = 2 LOW")
    assert (reviewed["last_reviewed"], reviewed["review_date"]) == ("2024-06-01", "2025-06-01")
    r2_before, r2_after = before["results"][1], after["results"][1]
    assert (r2_before["open"], r2_before["closed_on"], r2_before["rating"]) == (
        True,
        None,
        "Not scored",
    )
    assert (r2_after["open"], r2_after["closed_on"], r2_after["band"]) == (
        False,
        "2024-05-01",
        None,
    )


def test_updates_since_a_moment(api, world):
    everything = api("/api/plans/north/updates/", world.dan_token).json()
    assert (everything["plan"], everything["since"], everything["next"]) == ("north", None, None)
    assert [u["milestone_ref"] for u in everything["results"]] == ["1.1", "1.1", "1.2"]
    first = everything["results"][0]
    assert first == {
        "id": first["id"],
        "milestone_id": world.m11.pk,
        "milestone_ref": "1.1",
        "status": "on_track",
        "as_at": "2024-02-01",
        "recorded": "2024-02-01T09:00:00Z",
        "comment": "",
        "evidence": "",
        "evidence_file_name": None,
        "revised_due_date": None,
        "revision_reason": "",
        "sign_off": None,
        "author": "Dan Director",
    }
    # Recorded at 9:00 in British Summer Time: 8:00 UTC.
    later = api("/api/plans/north/updates/", world.dan_token, since="2024-04-10T08:00:00Z").json()
    assert later["since"] == "2024-04-10T08:00:00Z"
    assert later["results"][0]["recorded"] == "2024-04-10T09:00:00+01:00"
    assert [(u["status"], u["revised_due_date"]) for u in later["results"]] == [
        ("complete", None),
        ("behind", "2024-09-30"),
    ]
    assert later["results"][1]["author"] is None


@pytest.mark.parametrize(
    "since",
    ["2024-04-10T09:00:00+01:00", "2024-04-10T09:00:00 01:00", "2024-04-10T09:00:00"],
)
def test_since_reads_offsets_and_uk_time(api, world, since):
    """The moment of the update itself, whether the offset is given, mangled by a URL's
    plus-as-space, or left to UK time: at or after it includes it."""
    data = api("/api/plans/north/updates/", world.dan_token, since=since).json()
    assert [u["status"] for u in data["results"]] == ["complete", "behind"]


def test_the_two_first_endpoints_answer_as_before(api, world):
    summary = api("/api/plans/north/summary/", world.dan_token, as_at="2024-04-01").json()
    assert summary["milestones"]["by_status"]["off_track"] == 1
    assert summary["milestones"]["overdue"] == 1
    timeline = api("/api/plans/north/timeline/", world.dan_token, to="2024-07").json()
    assert timeline["months"][0] == "2024-01" and timeline["months"][-1] == "2024-07"
    assert [r["ref"] for r in timeline["recommendations"]] == ["1", "2"]
