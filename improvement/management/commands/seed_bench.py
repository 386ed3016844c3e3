"""Synthetic data the size of a large county's: plans, milestones with years of history, PIs,
risks, people and officer accounts, written in bulk. Deterministic for a given --seed; each run
adds new plans (bench-001, bench-002, ...) beside what is there."""

import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from improvement import roles
from improvement.dates import month_end
from improvement.models import Person, Plan, Theme
from improvement.refs import natural_sort_key
from improvement.status import Status
from indicators.models import Indicator, IndicatorRecommendation, Measurement
from recommendations.models import Milestone, MilestoneLead, Recommendation, StatusUpdate
from risks.models import Risk

THEMES = ["Be Healthy", "Stay Safe", "Enjoy and Achieve", "Positive Contribution", "Economic"]
# Most milestones progress; a few slip. Weighted as a real plan's monthly returns look.
STATUSES = [Status.ON_TRACK] * 5 + [Status.BEHIND] * 2 + [Status.OFF_TRACK, Status.COMPLETE]
DEFAULT_PASSWORD = "bench-load-2026"
BATCH = 2000


@dataclass
class Sizes:
    plans: int
    recommendations: int
    milestones: int
    updates: int
    indicators: int
    periods: int
    risks: int
    people: int
    officers: int


def months_back(today: date, n: int) -> date:
    """The end of the month n months before today's; today itself for n = 0 (a status is
    never reported as at a date still to come)."""
    if n == 0:
        return today
    index = today.year * 12 + today.month - 1 - n
    return month_end(index // 12, index % 12 + 1)


class Command(BaseCommand):
    help = (
        "Add synthetic plans for benchmarks (default 20 plans x 20 recommendations x 10 "
        "milestones, 10 status updates each, 15 PIs x 12 periods and 25 risks per plan, 200 "
        "people, 100 officer accounts)."
    )

    def add_arguments(self, parser):
        add = parser.add_argument
        add("--plans", type=int, default=20)
        add("--recommendations", type=int, default=20, help="Per plan.")
        add("--milestones-per-recommendation", type=int, default=10)
        add("--updates-per-milestone", type=int, default=10)
        add("--indicators", type=int, default=15, help="Per plan.")
        add("--periods", type=int, default=12, help="Figures per indicator.")
        add("--risks", type=int, default=25, help="Per plan.")
        add("--people", type=int, default=200)
        add("--officers", type=int, default=100, help="People with an officer account.")
        add("--seed", type=int, default=2026)
        add("--password", default=DEFAULT_PASSWORD, help="Of every account made.")

    def handle(self, *args, **options):
        sizes = Sizes(
            plans=options["plans"],
            recommendations=options["recommendations"],
            milestones=options["milestones_per_recommendation"],
            updates=options["updates_per_milestone"],
            indicators=options["indicators"],
            periods=options["periods"],
            risks=options["risks"],
            people=options["people"],
            officers=min(options["officers"], options["people"]),
        )
        started = time.perf_counter()
        with transaction.atomic():
            run = next_run()
            rng = random.Random(f"{options['seed']}-{run}")
            people = make_people(run, sizes, make_password(options["password"]))
            officers = [p for p in people if p.user_id]
            today = timezone.localdate()
            counts = {"people": len(people), "officer accounts": len(officers)}
            for n in range(1, sizes.plans + 1):
                plan = Plan.objects.create(
                    title=f"Bench plan {run}.{n}: children's services improvement",
                    slug=f"bench-{run:03d}-{n:02d}",
                    starts_on=months_back(today, max(sizes.updates, sizes.periods, 24)),
                    ends_on=today + timedelta(days=365),
                )
                plan.managers.add(officers[0] if officers else people[0])
                for name, count in seed_plan(plan, rng, sizes, people, officers, today).items():
                    counts[name] = counts.get(name, 0) + count
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(
            f"seed_bench run {run}: {sizes.plans} plans, {summary} in {seconds:.1f} s"
        )
        self.stdout.write(
            f"Accounts: bench{run}-officer001 ... (Officer) and bench{run}-director (Director), "
            f"password {options['password']!r}"
        )


def next_run() -> int:
    """One more than the highest run so far, read from the plans' slugs."""
    slugs = Plan.objects.filter(slug__regex=r"^bench-[0-9]{3}-").values_list("slug", flat=True)
    return max((int(slug.split("-")[1]) for slug in slugs), default=0) + 1


def make_people(run: int, sizes: Sizes, password_hash: str) -> list[Person]:
    """The people, the first `officers` of them with an Officer account, and one director."""
    User = get_user_model()
    officer_group = Group.objects.get_or_create(name=roles.OFFICER)[0]
    director_group = Group.objects.get_or_create(name=roles.DIRECTOR)[0]
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench{run}-officer{n:03d}",
                first_name="Officer",
                last_name=f"{run}.{n}",
                email=f"bench{run}-officer{n:03d}@example.gov.uk",
                password=password_hash,
            )
            for n in range(1, sizes.officers + 1)
        ]
        + [User(username=f"bench{run}-director", first_name="Director", password=password_hash)]
    )
    *officer_users, director = users
    User.groups.through.objects.bulk_create(
        [User.groups.through(user=u, group=officer_group) for u in officer_users]
        + [User.groups.through(user=director, group=director_group)]
    )
    return Person.objects.bulk_create(
        Person(
            name=f"Bench person {run}.{n}",
            initials=f"Z{run}X{n}",
            role="Officer" if n <= sizes.officers else "Partner",
            user=officer_users[n - 1] if n <= sizes.officers else None,
        )
        for n in range(1, sizes.people + 1)
    )


def seed_plan(plan, rng, sizes, people, officers, today) -> dict[str, int]:
    themes = Theme.objects.bulk_create(
        Theme(plan=plan, name=name, order=n) for n, name in enumerate(THEMES)
    )
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(
            plan=plan,
            theme=themes[n % len(themes)],
            ref=str(n),
            ref_sort=natural_sort_key(str(n)),
            text=f"Recommendation {n}: improve the timeliness of assessments in area {n}.",
            order=n,
        )
        for n in range(1, sizes.recommendations + 1)
    )
    milestones = seed_milestones(recommendations, rng, sizes, people, officers, today)
    indicators = seed_indicators(plan, recommendations, rng, sizes, people, today)
    risks = seed_risks(plan, rng, sizes, people, today)
    return {
        "milestones": len(milestones),
        "status updates": len(milestones) * sizes.updates,
        "indicators": indicators,
        "figures": indicators * sizes.periods,
        "risks": risks,
    }


def seed_milestones(recommendations, rng, sizes, people, officers, today) -> list[Milestone]:
    leads = officers or people
    pending = []
    for rec in recommendations:
        for n in range(1, sizes.milestones + 1):
            history = [rng.choice(STATUSES) for _ in range(sizes.updates)]
            due = today + timedelta(days=rng.randint(-400, 500))
            milestone = Milestone(
                recommendation=rec,
                ref=str(n),
                ref_sort=natural_sort_key(str(n)),
                order=n,
                text=f"Milestone {rec.ref}.{n}: audit a sample of case files and act on it.",
                success_criteria="Every sampled file meets the standard.",
                due_text=f"{due:%d/%m/%Y}",
                due_date=due,
                status=history[-1] if history else Status.NOT_STARTED,
                status_as_at=months_back(today, 0) if history else None,
                version=1 + len(history),
            )
            # One or two leads; officers share milestones, as leads do.
            chosen = rng.sample(leads, k=min(len(leads), rng.choice((1, 1, 2))))
            pending.append((milestone, chosen, history))
    milestones = bulk_create_with_history(
        [m for m, _, _ in pending], Milestone, batch_size=BATCH, default_change_reason="Seeded"
    )
    MilestoneLead.objects.bulk_create(
        (
            MilestoneLead(milestone=m, person=person, order=order)
            for m, (_, chosen, _) in zip(milestones, pending, strict=True)
            for order, person in enumerate(chosen)
        ),
        batch_size=BATCH,
    )
    StatusUpdate.objects.bulk_create(
        (
            StatusUpdate(
                milestone=m,
                status=status,
                as_at=months_back(today, len(history) - 1 - month),
                comment=f"Monthly return {month + 1}: {status.label.lower()}.",
                author_id=chosen[0].user_id,
            )
            for m, (_, chosen, history) in zip(milestones, pending, strict=True)
            for month, status in enumerate(history)
        ),
        batch_size=BATCH,
    )
    return milestones


def seed_indicators(plan, recommendations, rng, sizes, people, today) -> int:
    indicators = bulk_create_with_history(
        [
            Indicator(
                plan=plan,
                ref=f"NI {n}",
                ref_sort=natural_sort_key(f"NI {n}"),
                definition=f"Indicator {n}: percentage of assessments completed on time.",
                unit="%",
                higher_is_better=bool(n % 4),
                owner=rng.choice(people),
                order=n,
            )
            for n in range(1, sizes.indicators + 1)
        ],
        Indicator,
        batch_size=BATCH,
    )
    IndicatorRecommendation.objects.bulk_create(
        IndicatorRecommendation(indicator=indicator, recommendation=rec)
        for indicator in indicators
        for rec in rng.sample(recommendations, k=min(2, len(recommendations)))
    )
    figures = []
    for indicator in indicators:
        level = rng.randint(40, 90)
        for back in range(sizes.periods - 1, -1, -1):
            end = months_back(today, back)
            actual, target = level + rng.randint(-8, 8), level + 5
            figures.append(
                Measurement(
                    indicator=indicator,
                    period=f"{end:%b %Y}",
                    period_end=end,
                    actual=str(actual),
                    actual_number=Decimal(actual),
                    target=str(target),
                    target_number=Decimal(target),
                )
            )
    bulk_create_with_history(figures, Measurement, batch_size=BATCH)
    return len(indicators)


def seed_risks(plan, rng, sizes, people, today) -> int:
    scale = plan.risk_scale
    risks = [
        Risk(
            plan=plan,
            ref=f"R{n}",
            ref_sort=natural_sort_key(f"R{n}"),
            description=f"Risk {n}: demand for assessments outstrips the social workers for it.",
            likelihood=rng.randint(1, scale),
            severity=rng.randint(1, scale),
            residual_likelihood=rng.randint(1, 2),
            residual_severity=rng.randint(1, scale),
            mitigation="Agency staff funded for six months; weekly caseload review.",
            owner=rng.choice(people),
            review_date=today + timedelta(days=rng.randint(-60, 120)),
        )
        for n in range(1, sizes.risks + 1)
    ]
    return len(bulk_create_with_history(risks, Risk, batch_size=BATCH))
