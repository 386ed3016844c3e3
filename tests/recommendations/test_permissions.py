"""The whole matrix: role x view x own/other milestone, enforced on the server."""

from datetime import date

import pytest
from django.urls import reverse

from improvement.status import Status
from recommendations.models import StatusUpdate
from recommendations.services import record_status_update

# Who may update: the milestone's lead (an officer) and the plan's managers.
UPDATERS = {
    ("alice", "own"),
    ("manager", "own"),
    ("manager", "other"),
    ("administrator", "own"),
    ("administrator", "other"),
}
USERS = ["alice", "officer", "director", "clerk", "administrator", "manager"]
WHICH = ["own", "other"]


def url(name, milestone, **extra):
    kwargs = {"slug": milestone.recommendation.plan.slug, "pk": milestone.pk, **extra}
    return reverse(name, kwargs=kwargs)


def form_data(milestone, **fields):
    return {
        "status": "on_track",
        "comment": "Going well",
        "evidence": "",
        "as_at": date.today().isoformat(),
        "version": milestone.version,
        **fields,
    }


@pytest.fixture
def login(client, request):
    def login_as(name):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return login_as


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("which", WHICH)
def test_everyone_signed_in_reads_every_milestone(plan_setup, login, who, which):
    milestone = getattr(plan_setup, which)
    assert login(who).get(url("milestone_detail", milestone)).status_code == 200


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("which", WHICH)
def test_update_form_is_open_only_to_leads_and_managers(plan_setup, login, who, which):
    milestone = getattr(plan_setup, which)
    response = login(who).get(url("milestone_update", milestone))
    assert response.status_code == (200 if (who, which) in UPDATERS else 403)


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("which", WHICH)
def test_update_post_saves_only_for_leads_and_managers(plan_setup, login, who, which):
    milestone = getattr(plan_setup, which)
    response = login(who).post(url("milestone_update", milestone), form_data(milestone))
    allowed = (who, which) in UPDATERS
    assert response.status_code == (302 if allowed else 403)
    assert StatusUpdate.objects.filter(milestone=milestone).count() == (1 if allowed else 0)


@pytest.mark.parametrize("who", USERS)
def test_sign_off_is_for_plan_managers_only(plan_setup, login, who):
    plan_setup.plan.completion_sign_off = True
    plan_setup.plan.save()
    milestone = plan_setup.own
    record_status_update(
        milestone, status=Status.COMPLETE, as_at=date(2026, 1, 5), evidence="Report"
    )
    client = login(who)
    allowed = who in ("manager", "administrator")
    assert client.get(url("milestone_sign_off", milestone)).status_code == (200 if allowed else 403)
    response = client.post(
        url("milestone_sign_off", milestone),
        {"decision": "confirm", "reason": "", "version": milestone.version},
    )
    assert response.status_code == (302 if allowed else 403)
    milestone.refresh_from_db()
    assert milestone.awaiting_sign_off is (not allowed)


@pytest.mark.parametrize("view", ["milestone_detail", "milestone_update", "milestone_sign_off"])
def test_anonymous_users_are_sent_to_log_in(plan_setup, client, view):
    response = client.get(url(view, plan_setup.own))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_post_saves_nothing(plan_setup, client):
    milestone = plan_setup.own
    response = client.post(url("milestone_update", milestone), form_data(milestone))
    assert response.status_code == 302
    assert not StatusUpdate.objects.exists()


def test_a_director_named_as_lead_still_reads_only(plan_setup, director, client):
    plan_setup.own.lead_links.create(person=director.person, order=1)
    client.force_login(director)
    assert client.get(url("milestone_update", plan_setup.own)).status_code == 403


def test_a_manager_of_another_plan_cannot_update_this_one(plan_setup, manager, client):
    plan_setup.plan.managers.clear()
    client.force_login(manager)
    assert client.get(url("milestone_update", plan_setup.own)).status_code == 403


def test_my_milestones_shows_only_my_own(plan_setup, alice, client):
    client.force_login(alice)
    page = client.get(reverse("my_milestones")).text
    assert plan_setup.own.get_absolute_url() in page
    assert plan_setup.other.get_absolute_url() not in page
