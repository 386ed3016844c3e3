"""Pages: `next` links that keep the filters and the date, a stable order, at most 500 items a
page, and a cursor for the updates feed that skips nothing recorded while a client pages."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from improvement.status import Status
from recommendations.services import record_status_update
from tests.api.conftest import recorded
from tests.factories import make_milestone, make_recommendation


def follow(api, token, url, **params):
    """Every page from the first, by its `next` links; returns the pages' JSON."""
    pages = [api(url, token, **params).json()]
    while pages[-1]["next"]:
        pages.append(api(pages[-1]["next"], token).json())
    return pages


def test_next_links_walk_every_milestone_once_in_plan_order(api, world):
    rec = make_recommendation(world.north, "10", theme="Stay Safe")
    for n in range(1, 8):
        make_milestone(rec, str(n), due=date(2030, 1, 1))
    pages = follow(api, world.dan_token, "/api/plans/north/milestones/", page_size="3")
    refs = [m["full_ref"] for page in pages for m in page["results"]]
    # Themes in order, recommendations by natural ref (10 after 2 would be wrong within a
    # theme: 1 then 10 in Stay Safe, then Leadership's 2).
    assert refs == ["1.1", "1.2", *(f"10.{n}" for n in range(1, 8)), "2.1"]
    assert [len(page["results"]) for page in pages] == [3, 3, 3, 1]
    assert all(page["count"] == 10 for page in pages)
    assert pages[1]["previous"] == pages[0]["next"].replace("page=2", "page=1")


def test_next_links_keep_the_filters_and_pin_the_date(api, world):
    first = api("/api/plans/north/milestones/", world.dan_token, lead="LM", page_size="1").json()
    assert "lead=LM" in first["next"] and "page_size=1" in first["next"]
    # No as_at was given: the link names today's, so the next page is read at the same date.
    assert f"as_at={timezone.localdate().isoformat()}" in first["next"]
    second = api(first["next"], world.dan_token).json()
    assert [m["full_ref"] for m in first["results"] + second["results"]] == ["1.1", "1.2"]
    assert second["next"] is None


def test_a_page_holds_at_most_500(api, world):
    data = api("/api/plans/", world.ada_token, page_size="500").json()
    assert data["count"] == 2 and data["next"] is None


def add_update(milestone, when: datetime, status=Status.ON_TRACK):
    update = record_status_update(milestone, status=status, as_at=when.date())
    return recorded(update, when)


def test_the_cursor_skips_nothing_recorded_while_paging(api, world):
    tz = timezone.get_current_timezone()
    at = datetime(2024, 8, 1, 12, 0, tzinfo=tz)
    # Three updates recorded in the same microsecond: the id breaks the tie.
    same = [add_update(world.m21, at) for _ in range(3)]
    url = "/api/plans/north/updates/"
    first = api(url, world.dan_token, since="2024-08-01T00:00", page_size="2").json()
    assert [u["id"] for u in first["results"]] == [same[0].pk, same[1].pk]
    late = add_update(world.m12, at + timedelta(hours=1))
    second = api(first["next"], world.dan_token).json()
    assert [u["id"] for u in second["results"]] == [same[2].pk, late.pk]
    assert second["next"] is None


def test_following_the_feed_from_the_last_moment_read(api, world):
    """The refresh a BI tool runs each night: since the last `recorded` it holds."""
    everything = follow(api, world.dan_token, "/api/plans/north/updates/", page_size="1")
    assert len(everything) == 3
    last = everything[-1]["results"][0]["recorded"]
    newer = add_update(
        world.m21, datetime(2024, 9, 1, 8, 0, tzinfo=timezone.get_current_timezone())
    )
    again = api("/api/plans/north/updates/", world.dan_token, since=last).json()
    # The update recorded exactly at `since` comes again (same id), then the new one.
    assert [u["id"] for u in again["results"]][-1] == newer.pk
    assert len(again["results"]) == 2
