"""The people page costs the same number of queries for 10 people as for 200."""

import pytest
from django.urls import reverse

from tests.factories import make_milestone, make_person, make_recommendation, make_user
from tests.indicators.conftest import make_indicator
from tests.risks.factories import make_risk


def people(plan, n: int) -> None:
    rec = make_recommendation(plan, "9")
    for i in range(n):
        person = make_person(
            f"Person {i:03}", f"P{i:03}", user=make_user(f"p{i}") if i % 2 else None
        )
        make_milestone(rec, str(i), leads=(person,))
        if i % 5 == 0:
            make_indicator(plan, f"PI {i}", owner=person)
            make_risk(plan, f"R{i}", owner=person)


# The session and the user (2), the user's groups (1), whether mona manages the plan (1),
# the plan (1), the people counted and listed (2), and what they lead and own in the plan:
# milestones, open milestones, PIs and open risks (4).
PEOPLE_PAGE_QUERIES = 11


@pytest.mark.parametrize("n", [10, 200])
def test_the_people_page_queries_are_bounded(
    client, manager, plan_setup, django_assert_max_num_queries, n
):
    people(plan_setup.plan, n)
    client.force_login(manager)
    url = reverse("plan_people", args=[plan_setup.plan.slug])
    with django_assert_max_num_queries(PEOPLE_PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert "Person 009" in response.text
    # With alice, bob and mona: 13 people on one page, or 203 on three of 100.
    assert response.context["page"].paginator.num_pages == (1 if n == 10 else 3)
