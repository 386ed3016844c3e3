"""Directors' figures, as at a date: composed from the plan snapshot, so a figure on the
portfolio, the plan dashboard, the API and a board report is always the same number."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count

from improvement import figures
from improvement.models import Person, Plan
from improvement.status import (
    SEVERITY,
    Status,
    count_by_status,
    effective_status,
    is_stale,
    roll_up,
)
from indicators.models import Indicator
from indicators.rag import Rag
from indicators.snapshot import IndicatorRow, indicator_rows
from indicators.summary import indicator_block, off_target_counts, rag_counts
from recommendations.models import (
    Milestone,
    MilestoneLead,
    Recommendation,
    SignOff,
    StatusUpdate,
)
from recommendations.querysets import SOON_DAYS
from recommendations.snapshot import MilestoneRow, PlanSnapshot, plan_snapshots
from risks import bands
from risks.heat_map import HeatMap, heat_map
from risks.models import Risk
from risks.summary import high_risk_counts, risk_block

# The order statuses are listed in sentences and in the API: done first, as reports do.
REPORT_ORDER = (
    Status.COMPLETE,
    Status.ON_TRACK,
    Status.BEHIND,
    Status.OFF_TRACK,
    Status.NOT_STARTED,
)


def due_sentence(as_at: date, counts: dict[Status, int]) -> str:
    """The sentence cabinet reports quote: "14 milestones were due by 30 Jun 2006: 9 complete,
    4 on track, 1 behind". Statuses with no milestones are left out."""
    total = sum(counts.values())
    noun = "milestone was" if total == 1 else "milestones were"
    head = f"{total} {noun} due by {as_at:%-d %b %Y}"
    parts = [f"{counts[s]} {s.label.lower()}" for s in REPORT_ORDER if counts.get(s)]
    return f"{head}: {', '.join(parts)}" if parts else head


def due_by(snapshot: PlanSnapshot) -> list[MilestoneRow]:
    """Milestones whose (revised) due date is on or before the snapshot's date."""
    return [
        row
        for row in snapshot.milestones
        if row.milestone.effective_due_date and row.milestone.effective_due_date <= snapshot.as_at
    ]


def due_soon(snapshot: PlanSnapshot, days: int = SOON_DAYS) -> list[MilestoneRow]:
    """Open milestones due after the date and within `days` of it, soonest first."""
    horizon = snapshot.as_at + timedelta(days=days)
    rows = [
        row
        for row in snapshot.milestones
        if row.effective.reported != Status.COMPLETE
        and row.milestone.effective_due_date
        and snapshot.as_at < row.milestone.effective_due_date <= horizon
    ]
    return sorted(rows, key=lambda r: r.milestone.effective_due_date)


def overdue(snapshot: PlanSnapshot) -> list[MilestoneRow]:
    rows = [row for row in snapshot.milestones if row.effective.overdue]
    return sorted(rows, key=lambda r: r.milestone.effective_due_date)


def stale(snapshot: PlanSnapshot) -> list[MilestoneRow]:
    """Open milestones with no update within the plan's reporting cycle."""
    cycle = snapshot.plan.reporting_cycle_days
    rows = [
        row
        for row in snapshot.milestones
        if is_stale(row.effective.reported, row.reported_on, snapshot.as_at, cycle)
    ]
    return sorted(rows, key=lambda r: (r.reported_on or date.min, r.milestone.pk))


@dataclass
class Compliance:
    """How many open milestones were updated within the reporting cycle."""

    open: int = 0
    updated: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.updated / self.open) if self.open else None


@dataclass
class LeadCompliance(Compliance):
    person: Person | None = None


@dataclass
class ComplianceReport:
    plan: Compliance
    leads: list[LeadCompliance] = field(default_factory=list)


def compliance(snapshot: PlanSnapshot, leads: dict[int, list[Person]]) -> ComplianceReport:
    """Update compliance for the plan and for each lead (`leads`: each milestone's people, by
    its id), the least compliant lead first."""
    cycle = snapshot.plan.reporting_cycle_days
    plan = Compliance()
    by_lead: dict[int, LeadCompliance] = {}
    for row in snapshot.milestones:
        if row.effective.reported == Status.COMPLETE:
            continue
        fresh = not is_stale(row.effective.reported, row.reported_on, snapshot.as_at, cycle)
        plan.open += 1
        plan.updated += fresh
        for person in leads.get(row.milestone.pk, ()):
            lead = by_lead.setdefault(person.pk, LeadCompliance(person=person))
            lead.open += 1
            lead.updated += fresh
    ranked = sorted(by_lead.values(), key=lambda c: (c.percent, -c.open, c.person.short_name))
    return ComplianceReport(plan, ranked)


def plan_leads(plan: Plan) -> dict[int, list[Person]]:
    """Each milestone's leads in plan order, by milestone id, from one query of values: one
    Person per person, not one MilestoneLead and Person per link."""
    people: dict[int, Person] = {}
    leads: dict[int, list[Person]] = defaultdict(list)
    rows = (
        MilestoneLead.objects.filter(milestone__recommendation__plan=plan)
        .order_by("milestone_id", "order")
        .values_list(
            "milestone_id",
            "person_id",
            "person__name",
            "person__initials",
            "person__role",
            "person__is_listed",
        )
    )
    for milestone_id, pk, name, initials, role, is_listed in rows:
        if pk not in people:
            people[pk] = Person(pk=pk, name=name, initials=initials, role=role, is_listed=is_listed)
        leads[milestone_id].append(people[pk])
    return leads


def latest_updates(plan: Plan, as_at: date, limit: int = 10) -> list[StatusUpdate]:
    return list(
        StatusUpdate.objects.filter(milestone__recommendation__plan=plan, as_at__lte=as_at)
        .select_related("milestone__recommendation__plan", "author")
        .order_by("-as_at", "-created", "-pk")[:limit]
    )


def awaiting_sign_off(snapshot: PlanSnapshot) -> list[MilestoneRow]:
    return [row for row in snapshot.milestones if row.effective.awaiting_sign_off]


# A dashboard lists the first few of each list; the milestone table, filtered, has the rest.
SHOWN = 10


@dataclass
class MilestoneList:
    """The first SHOWN rows of a dashboard list and how many there are in all; `query` filters
    the milestone table to the whole list."""

    rows: list[MilestoneRow]
    total: int
    query: str

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


@dataclass
class PlanDashboard:
    snapshot: PlanSnapshot
    due: list[MilestoneRow]
    overdue: MilestoneList
    due_soon: MilestoneList
    stale: MilestoneList
    awaiting_sign_off: MilestoneList
    compliance: ComplianceReport
    latest_updates: list[StatusUpdate]
    indicators: "PlanIndicators"
    risks: "PlanRisks"

    @property
    def due_counts(self) -> dict[Status, int]:
        return count_by_status(row.effective.status for row in self.due)

    @property
    def sentence(self) -> str:
        return due_sentence(self.snapshot.as_at, self.due_counts)


def shown_lists(
    plan: Plan, as_at: date, lists: dict[str, list[MilestoneRow]], leads: dict[int, list[Person]]
) -> dict[str, MilestoneList]:
    """The first SHOWN rows of each list, with their milestones loaded in one query (the rows
    counted are plain facts), each with its link to the filtered milestone table."""
    shown = {row.milestone.pk for rows in lists.values() for row in rows[:SHOWN]}
    milestones = Milestone.objects.filter(pk__in=shown).select_related("recommendation")
    by_pk = {milestone.pk: milestone for milestone in milestones}
    result = {}
    for name, rows in lists.items():
        loaded = []
        for row in rows[:SHOWN]:
            milestone = by_pk[row.milestone.pk]
            milestone.recommendation.plan = plan  # for its address, without a query
            milestone.revised_due_as_at = row.milestone.revised_due_as_at
            loaded.append(
                MilestoneRow(milestone, row.effective, row.reported_on, leads.get(milestone.pk, []))
            )
        query = f"as_at={as_at.isoformat()}&{name}=on"
        result[name] = MilestoneList(loaded, len(rows), query)
    return result


def plan_dashboard(plan: Plan, as_at: date) -> PlanDashboard:
    snapshot = plan_snapshots([plan], as_at, with_leads=False)[plan.pk]
    leads = plan_leads(plan)
    lists = {
        "overdue": overdue(snapshot),
        "due_soon": due_soon(snapshot),
        "stale": stale(snapshot),
        "awaiting_sign_off": awaiting_sign_off(snapshot),
    }
    return PlanDashboard(
        snapshot=snapshot,
        due=due_by(snapshot),
        **shown_lists(plan, as_at, lists, leads),
        compliance=compliance(snapshot, leads),
        latest_updates=latest_updates(plan, as_at),
        indicators=plan_indicators(plan, as_at),
        risks=plan_risks(plan, as_at),
    )


@dataclass
class PlanIndicators:
    """What a director asks of the PIs: how many are green, amber, red or unrated, and which
    miss their target (red first)."""

    total: int
    counts: list[tuple[Rag | None, int]]
    missing_target: list[IndicatorRow]


def plan_indicators(plan: Plan, as_at: date) -> PlanIndicators:
    """Two queries: the plan's indicators and their figures."""
    rows = indicator_rows(
        Indicator.objects.filter(plan=plan).prefetch_related("measurements"), as_at
    )
    missing = [row for row in rows if row.state.rag in (Rag.RED, Rag.AMBER)]
    missing.sort(key=lambda row: (row.state.rag != Rag.RED, row.ref_sort))
    return PlanIndicators(total=len(rows), counts=rag_counts(rows), missing_target=missing)


@dataclass
class PlanRisks:
    """The residual heat map of the open risks and the highest of them."""

    heat_map: HeatMap
    top: list[Risk]

    @property
    def open(self) -> int:
        return self.heat_map.total + self.heat_map.unscored


TOP_RISKS = 5


def plan_risks(plan: Plan, as_at: date) -> PlanRisks:
    """The residual heat map of the open risks, and those standing highest (by the residual
    score where there is one, else the inherent score), from one query."""
    risks = list(
        Risk.objects.filter(plan=plan)
        .open_as_at(as_at)
        .with_assessment(as_at)
        .select_related("owner")
        .order_by("-rated_score", "-score_sort", "ref_sort")
    )
    residual = heat_map(
        "residual",
        plan.risk_scale,
        plan.risk_bands,
        [(r.residual_likelihood_as_at, r.residual_severity_as_at) for r in risks],
        caption=f"Open risks after mitigation (residual), as at {as_at:%-d %b %Y}",
        extra_query={"status": "open", "as_at": as_at.isoformat()},
    )
    top = [r for r in risks if r.rated_score is not None][:TOP_RISKS]
    for risk in top:
        risk.plan = plan  # for its address, without a query per risk
        risk.residual_rating = bands.rate(
            risk.residual_likelihood_as_at, risk.residual_severity_as_at, plan.risk_bands
        )
        risk.inherent_rating = bands.rate(
            risk.likelihood_as_at, risk.severity_as_at, plan.risk_bands
        )
    return PlanRisks(heat_map=residual, top=top)


@dataclass
class PlanFigures:
    """A plan's milestones counted by effective status as at a date, for the portfolio."""

    counts: dict[Status, int]
    recommendations: int

    @property
    def milestones(self) -> int:
        return sum(self.counts.values())

    @property
    def status(self) -> Status:
        # The roll-up depends only on which statuses are present.
        return roll_up(status for status, count in self.counts.items() if count)


@dataclass
class PlanCard:
    plan: Plan
    figures: PlanFigures
    overdue: int
    due_soon: int
    indicators_off_target: int
    high_risks: int


def portfolio(plans, as_at: date) -> list[PlanCard]:
    """Every plan's roll-up and counts as at the date, in a fixed number of queries however
    many plans there are; each plan's figures are cached (as plain numbers) until it changes.
    """
    plans = list(plans)
    keys = {plan.pk: figures.key("card", plan, as_at) for plan in plans}
    by_plan = {plan.pk: plan for plan in plans}
    values = figures.cached_many(
        keys, lambda missing: portfolio_figures([by_plan[pk] for pk in missing], as_at)
    )
    cards = []
    for plan in plans:
        counts, recommendations, overdue_count, soon, off_target, high = values[plan.pk]
        counts = {status: counts[status.value] for status in SEVERITY}
        plan_figures = PlanFigures(counts, recommendations)
        cards.append(PlanCard(plan, plan_figures, overdue_count, soon, off_target, high))
    return cards


def portfolio_figures(plans, as_at: date) -> dict[int, tuple]:
    """The portfolio's figures of each plan, as plain data: (counts by status value,
    recommendations, overdue, due soon, PIs off target, high risks).

    Counted from one row of values per milestone (its latest report as at the date, read by
    MilestoneQuerySet.with_status_as_at) with the same rule the plan snapshot applies, rather
    than from snapshots: building 4,000 milestone objects was most of the page's time.
    """
    plans = {plan.pk: plan for plan in plans}
    counts = {pk: dict.fromkeys(SEVERITY, 0) for pk in plans}
    overdue_counts, soon_counts = dict.fromkeys(plans, 0), dict.fromkeys(plans, 0)
    horizon = as_at + timedelta(days=SOON_DAYS)
    rows = (
        Milestone.objects.filter(recommendation__plan_id__in=plans)
        .open_as_at(as_at)
        .with_status_as_at(as_at)
        .values_list(
            "recommendation__plan_id",
            "due_date",
            "reported_status",
            "reported_sign_off",
            "revised_due_as_at",
        )
    )
    for plan_id, due_date, reported, sign_off, revised in rows:
        due = revised or due_date
        effective = effective_status(
            Status(reported), due, as_at, awaiting_sign_off=sign_off == SignOff.REQUESTED
        )
        counts[plan_id][effective.status] += 1
        overdue_counts[plan_id] += effective.overdue
        # As due_soon(): open (not reported complete), due after the date and within the horizon.
        if effective.reported != Status.COMPLETE and due and as_at < due <= horizon:
            soon_counts[plan_id] += 1
    recommendations = dict(
        Recommendation.objects.filter(plan_id__in=plans)
        .open_as_at(as_at)
        .values("plan_id")
        .annotate(n=Count("pk"))
        .values_list("plan_id", "n")
    )
    off_target = off_target_counts(plans.values(), as_at)
    high = high_risk_counts(plans.values(), as_at)
    return {
        pk: (
            {status.value: n for status, n in counts[pk].items()},
            recommendations.get(pk, 0),
            overdue_counts[pk],
            soon_counts[pk],
            off_target.get(pk, 0),
            high.get(pk, 0),
        )
        for pk in plans
    }


def _by_status(counts: dict[Status, int]) -> dict[str, int]:
    return {status.value: counts.get(status, 0) for status in REPORT_ORDER}


def plan_summary(plan: Plan, as_at: date) -> dict:
    """The figures of GET /api/plans/<slug>/summary/, in exactly the shape the issue fixed."""
    # Counts only: the milestones' leads, outcomes and texts are not needed.
    snapshot = plan_snapshots([plan], as_at, with_leads=False)[plan.pk]
    due = due_by(snapshot)
    recommendations = snapshot.recommendations
    return {
        "plan": plan.slug,
        "as_at": as_at.isoformat(),
        "milestones": {
            "total": len(snapshot.milestones),
            "by_status": _by_status(snapshot.counts()),
            "overdue": len(overdue(snapshot)),
            "due_by_as_at": {
                "total": len(due),
                "by_status": _by_status(count_by_status(r.effective.status for r in due)),
            },
        },
        "recommendations": {
            "total": len(recommendations),
            "by_status": _by_status(count_by_status(r.status for r in recommendations)),
        },
        "indicators": indicator_block(plan, as_at),
        "risks": risk_block(plan, as_at),
    }


def severity_rank(status: Status) -> int:
    return SEVERITY.index(status)


def group_by_theme(snapshot: PlanSnapshot):
    """Recommendations by roll-up status within each theme: [(theme row, {status: [recs]})]."""
    grouped = []
    for theme in snapshot.themes:
        by_status = defaultdict(list)
        for rec in theme.recommendations:
            by_status[rec.status].append(rec)
        grouped.append((theme, [(s, by_status[s]) for s in SEVERITY if by_status[s]]))
    return grouped
