"""Writing a plan out in the import template, with computed columns at the end, so that an
export imported into a new plan reproduces it."""

import csv
import io
from datetime import date

from improvement.access import plan_people
from improvement.leads import looks_like_initials
from improvement.models import Person, Plan
from improvement.spreadsheets.indicator_sheet import INDICATOR_COLUMNS, INDICATOR_COMPUTED
from improvement.spreadsheets.plan_import import (
    PEOPLE_COLUMNS,
    PLAN_COLUMNS,
    PLAN_COMPUTED,
    latest_comments,
)
from improvement.spreadsheets.risk_sheet import RISK_COLUMNS
from improvement.workbook import DATE, NUMBER, TEXT, neutralise, workbook_bytes
from recommendations.snapshot import plan_snapshot


def leads_cell(people: list[Person]) -> str:
    names = [p.short_name for p in people]
    if all(looks_like_initials(n) for n in names):
        return " ".join(names)
    return "; ".join(names)


def plan_rows(plan: Plan, as_at: date, *, with_comments: bool = True) -> list[list[str]]:
    """The plan sheet: the template's columns, then due_date, revised_due_date (ISO),
    effective_status (after the overdue rule), overdue (yes/no), recommendation_status.
    Without ``with_comments`` (open data) the comment column is blank."""
    snapshot = plan_snapshot(plan, as_at)
    comments = latest_comments(plan, as_at) if with_comments else {}
    rows = [list(PLAN_COLUMNS + PLAN_COMPUTED)]
    # Rows in the order the plan was written (a milestone's order is its row in the file it
    # came from), so that blank-means-"same as above" cells read back exactly as they were.
    pairs = sorted(
        ((rec_row, row) for rec_row in snapshot.recommendations for row in rec_row.milestones),
        key=lambda pair: (
            pair[1].milestone.order,
            pair[0].recommendation.order,
            pair[0].recommendation.ref_sort,
            pair[1].milestone.ref_sort,
        ),
    )
    for rec_row, row in pairs:
        rec = rec_row.recommendation
        m = row.milestone
        reported = row.effective.reported
        rows.append(
            [
                rec.theme.name,
                rec.ref,
                rec.text,
                rec.timescale,
                m.outcome.text if m.outcome else "",
                m.ref,
                m.text,
                m.success_criteria,
                leads_cell(m.lead_people),
                m.due_text,
                reported.label if row.reported_on else "",
                comments.get(m.pk, ""),
                m.due_date.isoformat() if m.due_date else "",
                _revised(m),
                row.effective.status.value,
                "yes" if row.effective.overdue else "no",
                rec_row.status.value,
            ]
        )
    return [[neutralise(cell) for cell in row] for row in rows]


def people_rows(plan: Plan) -> list[list[str]]:
    """The plan's people in the list of leads (people created from unknown lead tokens are
    not): only those of the plan's organisations and those it names (access.plan_people)."""
    rows = [list(PEOPLE_COLUMNS)]
    people = plan_people(plan).filter(is_listed=True).select_related("organisation")
    for person in people.order_by("pk"):
        organisation = person.organisation.name if person.organisation else ""
        rows.append([person.initials, person.name, person.role, organisation])
    return [[neutralise(cell) for cell in row] for row in rows]


def indicator_rows(plan: Plan) -> list[list[str]]:
    """The indicators sheet: a row per period, with its RAG and its direction of travel from
    the period before, computed by the same rules as the PI pages."""
    from indicators.models import Indicator
    from indicators.rag import period_trail

    rows = [list(INDICATOR_COLUMNS + INDICATOR_COMPUTED)]
    polarity = {True: "true", False: "false", None: ""}
    for indicator in (
        Indicator.objects.filter(plan=plan).with_related().order_by("order", "ref_sort")
    ):
        refs = " ".join(r.ref for r in indicator.recommendations.all())
        better = indicator.higher_is_better
        trail = period_trail(indicator.measurements.all(), better, indicator.amber_tolerance)
        for m, period_rag, travel in trail:
            rows.append(
                [
                    indicator.ref,
                    indicator.definition,
                    indicator.unit,
                    polarity[better],
                    m.period,
                    m.actual,
                    m.target,
                    m.comparator,
                    m.comparator_label,
                    refs,
                    period_rag.value if period_rag else "",
                    travel.value if travel else "",
                ]
            )
    return [[neutralise(str(cell)) for cell in row] for row in rows]


def risk_rows(plan: Plan, as_at: date) -> list[list[str]]:
    """The risks sheet, with ratings and bands filled in from the scores in force at the date
    (the plan's matrix)."""
    from risks.bands import band
    from risks.models import Risk

    def number(value) -> str:
        return "" if value is None else str(value)

    def rated(likelihood, severity) -> tuple[str, str]:
        if likelihood is None or severity is None:
            return "", ""
        score = likelihood * severity
        return str(score), band(score, plan.risk_bands) or ""

    rows = [list(RISK_COLUMNS)]
    risks = Risk.objects.filter(plan=plan).select_related("owner").with_assessment(as_at)
    for risk in risks.order_by("ref_sort"):
        likelihood, severity = risk.likelihood_as_at, risk.severity_as_at
        residual = (risk.residual_likelihood_as_at, risk.residual_severity_as_at)
        rows.append(
            [
                risk.ref,
                risk.description,
                number(likelihood),
                number(severity),
                *rated(likelihood, severity),
                risk.mitigation,
                risk.owner.short_name if risk.owner else "",
                number(residual[0]),
                number(residual[1]),
                *rated(*residual),
                risk.contingency,
            ]
        )
    return [[neutralise(cell) for cell in row] for row in rows]


def sheets(plan: Plan, as_at: date) -> dict[str, list[list[str]]]:
    """Every sheet of the template that the plan has something for."""
    tables = {"plan": plan_rows(plan, as_at), "people": people_rows(plan)}
    for name, rows in (("indicators", indicator_rows(plan)), ("risks", risk_rows(plan, as_at))):
        if len(rows) > 1:
            tables[name] = rows
    return tables


def csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


# Typed cells in the workbook; every other column, refs and dates as written included, is text.
XLSX_KINDS = {
    "due_date": DATE,
    "revised_due_date": DATE,
    **dict.fromkeys(["actual", "target", "comparator"], NUMBER),
    **dict.fromkeys(["likelihood", "severity", "rating"], NUMBER),
    **dict.fromkeys(["residual_likelihood", "residual_severity", "residual_rating"], NUMBER),
}


def xlsx_bytes(tables: dict[str, list[list[str]]], plan: Plan | None = None, as_at=None) -> bytes:
    """The sheets as one workbook (typed cells, headings frozen and filtered), with an About
    sheet naming the plan and the as-at date when they are given."""
    about = (plan, as_at, "the plan in the import template") if plan and as_at else None
    return workbook_bytes(
        [(name, rows, [XLSX_KINDS.get(h, TEXT) for h in rows[0]]) for name, rows in tables.items()],
        about=about,
    )


def _revised(milestone) -> str:
    due = milestone.effective_due_date
    return due.isoformat() if due and due != milestone.due_date else ""
