"""The public position of a plan as at a date: every figure the public page, the open data and
the public summary show, as plain JSON, built once when a plan manager approves it.

What is left out is as deliberate as what is in: no comments, evidence, sign-off notes or
risk details (risks are counts by band only), no milestone ids or private addresses. Leads'
names are kept, because a plan manager may later allow them to be shown; the public views
drop them unless that is allowed (see `public_position`).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from improvement.dashboard import plan_summary
from improvement.dates import month_end, parse_period
from improvement.models import Plan
from improvement.spreadsheets.export import indicator_rows, plan_rows
from improvement.status import Status
from indicators.charts import trend_chart
from indicators.rag import Direction, Rag
from indicators.snapshot import plan_indicator_rows
from indicators.values import parse_number
from recommendations.snapshot import plan_snapshot
from recommendations.timeline import plan_timeline
from risks import bands

# The RAG timeline shows at most two years up to the approved date.
TIMELINE_MONTHS = 24
LEADS_COLUMN = "leads"


def timeline_months(plan: Plan, as_at: date) -> list[date]:
    """The first day of each month from the plan's start (or two years back, whichever is
    later) to the month of the approved date."""
    last = date(as_at.year, as_at.month, 1)
    back = last.year * 12 + last.month - 1 - (TIMELINE_MONTHS - 1)
    first = date(back // 12, back % 12 + 1, 1)
    if plan.starts_on and plan.starts_on > first:
        first = date(plan.starts_on.year, plan.starts_on.month, 1)
    first = min(first, last)
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return [
        date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
        for i in range(count)
    ]


def build_position(plan: Plan, as_at: date) -> dict:
    """Everything the public may see of the plan as at the date, as JSON-ready data."""
    snapshot = plan_snapshot(plan, as_at)
    months = timeline_months(plan, as_at)
    # A month that has not ended by the approved date is left blank, as on the private page.
    timeline = plan_timeline(plan, months, as_at)
    return {
        "plan": {
            "slug": plan.slug,
            "title": plan.title,
            "organisation": plan.organisation.name if plan.organisation else "",
            "description": plan.description,
        },
        "as_at": as_at.isoformat(),
        "summary": plan_summary(plan, as_at),
        "themes": [
            {
                "name": theme.theme.name,
                "status": theme.status.value,
                "recommendations": [
                    {
                        "ref": rec.recommendation.ref,
                        "text": rec.recommendation.text,
                        "timescale": rec.recommendation.timescale,
                        "status": rec.status.value,
                        "milestones": [
                            {
                                "ref": row.milestone.ref,
                                "text": row.milestone.text,
                                "due": row.milestone.due_text,
                                "status": row.effective.status.value,
                                "overdue": row.effective.overdue,
                                "leads": [p.short_name for p in row.milestone.lead_people],
                            }
                            for row in rec.milestones
                        ],
                    }
                    for rec in theme.recommendations
                ],
            }
            for theme in snapshot.themes
        ],
        "timeline": {
            "months": [f"{m:%Y-%m}" for m in months],
            "themes": [
                {
                    "name": theme.theme.name,
                    "rows": [
                        {
                            "ref": row.recommendation.ref,
                            "cells": [cell.value if cell else None for cell in row.cells],
                        }
                        for row in theme.rows
                    ],
                }
                for theme in timeline.themes
            ],
        },
        "indicators": [
            {
                "ref": row.indicator.ref,
                "definition": row.indicator.definition,
                "unit": row.indicator.unit,
                "rag": row.state.rag.value if row.state.rag else None,
                "direction": row.state.direction.value if row.state.direction else None,
                "figures": [
                    {
                        "period": f.period,
                        "period_end": f.period_end.isoformat(),
                        "actual": f.actual,
                        "target": f.target,
                        "comparator": f.comparator,
                        "comparator_label": getattr(f, "comparator_label", ""),
                    }
                    for f in row.state.history
                ],
            }
            for row in plan_indicator_rows(plan, as_at)
        ],
        "risk_bands": [
            {"name": name, "scores": scores, "tone": bands.tone(name, plan.risk_bands)}
            for name, scores in bands.describe(plan.risk_bands, plan.risk_scale)
        ],
        "csv": {
            # Comments are the officers' own words to the board: never public.
            "plan": plan_rows(plan, as_at, with_comments=False),
            "indicators": _indicator_rows_up_to(plan, as_at),
        },
        "reports": issued_reports(plan, as_at),
    }


def issued_reports(plan: Plan, as_at: date) -> list[dict]:
    """The board reports issued by now with figures as at the date or before: what the public
    may download with this position (a report issued later waits for the next approval)."""
    from improvement.reports.models import BoardReport

    reports = BoardReport.objects.filter(
        plan=plan, state=BoardReport.State.ISSUED, as_at__lte=as_at
    ).order_by("-meeting_date", "-issued_at")
    return [
        {
            "key": report.public_key,
            "title": report.title,
            "meeting": report.meeting,
            "meeting_date": report.meeting_date.isoformat(),
            "as_at": report.as_at.isoformat(),
        }
        for report in reports
    ]


def _indicator_rows_up_to(plan: Plan, as_at: date) -> list[list[str]]:
    """The private export's indicators sheet, without periods after the approved date."""
    header, *rows = indicator_rows(plan)
    period = header.index("period")
    kept = [r for r in rows if (end := parse_period(r[period])) is not None and end <= as_at]
    return [header, *kept]


# Reading a position back for the public pages.


@dataclass(frozen=True)
class PublicFigure:
    """A period's figures read back from the position, as the trend chart reads them."""

    period: str
    period_end: date
    actual: str
    target: str
    comparator: str
    comparator_label: str

    @property
    def actual_number(self) -> Decimal | None:
        return parse_number(self.actual)

    @property
    def target_number(self) -> Decimal | None:
        return parse_number(self.target)

    @property
    def comparator_number(self) -> Decimal | None:
        return parse_number(self.comparator)


def public_position(position: dict, *, show_names: bool) -> dict:
    """The position as the public pages show it: statuses, RAG and directions as the objects
    the shared templates expect, charts drawn, and leads' names only where allowed."""
    as_at = date.fromisoformat(position["as_at"])
    themes = []
    for theme in position["themes"]:
        recommendations = []
        for rec in theme["recommendations"]:
            milestones = [
                {
                    **m,
                    "status": Status(m["status"]),
                    "leads": m["leads"] if show_names else [],
                }
                for m in rec["milestones"]
            ]
            status = Status(rec["status"])
            recommendations.append({**rec, "status": status, "milestones": milestones})
        status = Status(theme["status"])
        themes.append({**theme, "status": status, "recommendations": recommendations})
    months = [date.fromisoformat(f"{m}-01") for m in position["timeline"]["months"]]
    timeline = [
        {
            "name": theme["name"],
            "rows": [
                {"ref": row["ref"], "cells": [Status(c) if c else None for c in row["cells"]]}
                for row in theme["rows"]
            ],
        }
        for theme in position["timeline"]["themes"]
    ]
    indicators = []
    for n, pi in enumerate(position["indicators"], start=1):
        figures = [
            PublicFigure(**{**f, "period_end": date.fromisoformat(f["period_end"])})
            for f in pi["figures"]
        ]
        indicators.append(
            {
                **pi,
                "rag": Rag(pi["rag"]) if pi["rag"] else None,
                "direction": Direction(pi["direction"]) if pi["direction"] else None,
                "figures": figures,
                "chart": trend_chart(pi["ref"], pi["unit"], figures),
                "chart_id": f"pi-chart-{n}",
            }
        )
    summary = position["summary"]
    return {
        "plan": position["plan"],
        "as_at": as_at,
        "summary": summary,
        "milestone_counts": _counts(summary["milestones"]["by_status"]),
        "recommendation_counts": _counts(summary["recommendations"]["by_status"]),
        "themes": themes,
        "months": months,
        "month_ends": [month_end(m.year, m.month) for m in months],
        "timeline": timeline,
        "indicators": indicators,
        "risk_bands": position["risk_bands"],
        "risks": position["summary"]["risks"],
        # Board reports name the leads of the milestones they list: offered only where names are.
        "reports": [
            {
                **r,
                "meeting_date": date.fromisoformat(r["meeting_date"]),
                "as_at": date.fromisoformat(r["as_at"]),
            }
            for r in position.get("reports", [])
        ]
        if show_names
        else [],
    }


def _counts(by_status: dict[str, int]) -> list[tuple[Status, int]]:
    return [(Status(key), count) for key, count in by_status.items()]


def public_csv(position: dict, sheet: str, *, show_names: bool) -> list[list[str]]:
    """A sheet of the open data: the private export's shape, leads blank unless allowed."""
    header, *rows = position["csv"][sheet]
    if sheet != "plan" or show_names:
        return [header, *rows]
    leads = header.index(LEADS_COLUMN)
    return [header, *[[*r[:leads], "", *r[leads + 1 :]] for r in rows]]
