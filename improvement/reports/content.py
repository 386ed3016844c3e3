"""Everything a board report shows, as at its date: the one place that composes the plan
snapshot, the RAG timeline, the indicators and the risks for a report.

It makes a fixed number of queries whatever the plan's size (snapshot 4, indicators 3,
heat maps 1, highest risks 2, timeline 4), so the HTML preview and the PDF cost the same
number of round trips for 60 milestones or 6,000.
"""

from dataclasses import dataclass
from datetime import date

from improvement.dashboard import due_by
from improvement.dates import month_end
from improvement.models import Plan
from improvement.status import SEVERITY, Status, count_by_status
from indicators.snapshot import IndicatorRow, plan_indicator_rows
from recommendations.snapshot import MilestoneRow, PlanSnapshot, plan_snapshot
from recommendations.timeline import MAX_MONTHS, Timeline, months_between, plan_timeline
from risks import bands
from risks.heat_map import HeatMap
from risks.models import Risk
from risks.summary import heat_maps

from .models import BoardReport
from .progress import long_date, progress_sentence

HIGHEST_RISKS = 5
# Exceptions are the milestones that need the board's attention, the worst first.
EXCEPTION_STATUSES = (Status.OFF_TRACK, Status.BEHIND)


@dataclass(frozen=True)
class RiskLine:
    risk: Risk
    inherent: bands.Rating
    residual: bands.Rating


@dataclass
class ReportContent:
    report: BoardReport
    snapshot: PlanSnapshot
    progress: str
    due_counts: dict[Status, int]
    exceptions: list[MilestoneRow]
    indicators: list[IndicatorRow]
    inherent_map: HeatMap
    residual_map: HeatMap
    highest_risks: list[RiskLine]
    timeline: Timeline
    draft: bool

    @property
    def plan(self) -> Plan:
        return self.snapshot.plan

    @property
    def as_at(self) -> date:
        return self.snapshot.as_at

    @property
    def statuses(self) -> list[Status]:
        return list(Status)

    @property
    def open_risks(self) -> int:
        return self.inherent_map.total + self.inherent_map.unscored

    @property
    def scored_risks(self) -> bool:
        return bool(self.inherent_map.total or self.residual_map.total)

    @property
    def overall(self) -> str:
        """The paragraph after the progress statement: the whole plan's status and what the
        exceptions table and the appendices show (the PDF and the Word document say it)."""
        n = len(self.exceptions)
        if n:
            listed = f"{n} milestone{' is' if n == 1 else 's are'} off track or behind and "
            listed += "listed below"
        else:
            listed = "no milestone is off track or behind"
        return (
            f"Taking every milestone of the plan as at {long_date(self.as_at)}, the plan as a "
            f"whole is {self.snapshot.status.label.lower()}; {listed}. The status of each "
            "recommendation month by month is at Appendix 1 and the full plan at Appendix 2."
        )


def report_content(report: BoardReport, *, draft: bool | None = None) -> ReportContent:
    """The report's figures as at report.as_at. `draft` (default: unless issued) marks the
    rendering as a preview."""
    plan, as_at = report.plan, report.as_at
    snapshot = plan_snapshot(plan, as_at)
    due = due_by(snapshot)
    due_counts = count_by_status(row.effective.status for row in due)
    overdue = sum(1 for row in due if row.effective.overdue)
    inherent_map, residual_map = heat_maps(plan, as_at)
    return ReportContent(
        report=report,
        snapshot=snapshot,
        progress=progress_sentence(as_at, due_counts, overdue),
        due_counts=due_counts,
        exceptions=exceptions(snapshot),
        indicators=plan_indicator_rows(plan, as_at),
        inherent_map=inherent_map,
        residual_map=residual_map,
        highest_risks=highest_risks(plan, as_at),
        timeline=plan_timeline(plan, timeline_months(plan, as_at), today=as_at),
        draft=not report.is_issued if draft is None else draft,
    )


def exceptions(snapshot: PlanSnapshot) -> list[MilestoneRow]:
    """Every milestone off track (overdue ones included) or behind: off track first, then by
    due date, then in plan order."""
    rows = [row for row in snapshot.milestones if row.effective.status in EXCEPTION_STATUSES]
    position = {id(row): n for n, row in enumerate(rows)}
    return sorted(
        rows,
        key=lambda row: (
            SEVERITY.index(row.effective.status),
            row.milestone.effective_due_date or date.max,
            position[id(row)],
        ),
    )


def highest_risks(plan: Plan, as_at: date, limit: int = HIGHEST_RISKS) -> list[RiskLine]:
    """The open risks with the highest residual scores as at the date (inherent score breaks
    ties, unscored ones last): a register that was never scored still shows its risks."""
    risks = (
        Risk.objects.filter(plan=plan)
        .open_as_at(as_at)
        .with_assessment(as_at)
        .select_related("owner")
        .order_by("-residual_sort", "-score_sort", "ref_sort")[:limit]
    )
    matrix = plan.risk_bands
    return [
        RiskLine(
            risk,
            bands.rate(risk.likelihood_as_at, risk.severity_as_at, matrix),
            bands.rate(risk.residual_likelihood_as_at, risk.residual_severity_as_at, matrix),
        )
        for risk in risks
    ]


def timeline_months(plan: Plan, as_at: date) -> list[date]:
    """The months of Appendix 1: from the plan's start to the last month ended by the as-at
    date (at most the last MAX_MONTHS); none when no month has ended yet."""
    last = date(as_at.year, as_at.month, 1)
    if month_end(as_at.year, as_at.month) != as_at:
        last = date(last.year - (last.month == 1), (last.month - 2) % 12 + 1, 1)
    start = plan.starts_on or date(as_at.year - 1, as_at.month, 1)
    first = date(start.year, start.month, 1)
    if first > last:
        return []
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months > MAX_MONTHS:
        first = date(
            last.year + (last.month - MAX_MONTHS) // 12, (last.month - MAX_MONTHS) % 12 + 1, 1
        )
    return months_between(first, last)
