"""Small builders for test data: factories, not fixtures (fixtures/ is the demo)."""

from datetime import date
from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from improvement.models import Person, Plan, Theme
from recommendations.models import Milestone, MilestoneLead, Recommendation

_seq = count(1)


def make_user(username: str, *roles: str, **fields):
    user = get_user_model().objects.create_user(username=username, password="pw", **fields)
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def make_person(name: str | None = None, initials: str = "", **fields) -> Person:
    return Person.objects.create(name=name or f"Person {next(_seq)}", initials=initials, **fields)


def make_plan(slug: str | None = None, **fields) -> Plan:
    n = next(_seq)
    fields.setdefault("title", f"Plan {n}")
    return Plan.objects.create(slug=slug or f"plan-{n}", **fields)


def make_recommendation(plan: Plan, ref: str = "1", theme: str = "Stay Safe", **fields):
    theme_obj, _ = Theme.objects.get_or_create(plan=plan, name=theme)
    fields.setdefault("text", f"Recommendation {ref}")
    return Recommendation.objects.create(plan=plan, theme=theme_obj, ref=ref, **fields)


def make_milestone(
    recommendation: Recommendation,
    ref: str = "1",
    due: date | None = None,
    leads: tuple[Person, ...] = (),
    **fields,
) -> Milestone:
    fields.setdefault("text", f"Milestone {ref}")
    milestone = Milestone.objects.create(
        recommendation=recommendation, ref=ref, due_date=due, **fields
    )
    for order, person in enumerate(leads):
        MilestoneLead.objects.create(milestone=milestone, person=person, order=order)
    return milestone
