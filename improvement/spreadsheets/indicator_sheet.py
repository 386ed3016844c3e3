"""The indicators sheet: a row per indicator and period, read into indicators with their
figures. Every figure is kept as written; numbers are read from it as the PI pages read them.

An indicator is described by its first row (definition, unit, polarity, the recommendations it
measures); later rows of the same ref may leave those cells blank, and where they say something
else the first is kept with a warning, as for a recommendation on the plan sheet.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from simple_history.utils import bulk_create_with_history

from improvement.dates import parse_period
from improvement.spreadsheets.problems import Problem, check_headers, too_long
from improvement.spreadsheets.reading import Sheet
from improvement.spreadsheets.template import INDICATOR_COLUMNS, INDICATOR_COMPUTED
from indicators.models import Indicator, IndicatorRecommendation, Measurement, period_error
from indicators.services import parse_polarity, save_measurement
from indicators.values import MAX_DECIMAL_PLACES, MAX_WHOLE_DIGITS, fits_storage, parse_number

REQUIRED = ("ref", "period")
LIMITS = {
    "ref": 40,
    "unit": 60,
    "period": 40,
    "actual": 200,
    "target": 200,
    "comparator": 200,
    "comparator_label": 200,
}
FIGURES = ("actual", "target", "comparator", "comparator_label")
NUMBERS = ("actual", "target", "comparator")
DESCRIBED_ONCE = ("definition", "unit", "higher_is_better", "recommendation_refs")


@dataclass
class Figures:
    row: int
    period: str
    period_end: date
    actual: str
    target: str
    comparator: str
    comparator_label: str


@dataclass
class IndicatorRows:
    row: int
    ref: str
    definition: str
    unit: str
    higher_is_better: bool | None
    recommendation_refs: list[str]
    cells: dict[str, str]
    figures: list[Figures] = field(default_factory=list)


def parse_indicator_rows(
    sheet: Sheet, recommendation_refs: set[str] | None
) -> tuple[list[IndicatorRows], list[Problem], list[Problem]]:
    """The sheet's indicators in the order first seen, each with its periods' figures.

    ``recommendation_refs`` are the refs the plan will have after the import: a PI may only
    measure those (None: not known, because the plan sheet has errors; not checked)."""
    errors = check_headers(sheet, INDICATOR_COLUMNS, REQUIRED, INDICATOR_COMPUTED)
    warnings: list[Problem] = []
    if errors:
        return [], errors, warnings
    indicators: dict[str, IndicatorRows] = {}
    periods: dict[tuple[str, date], int] = {}
    for row in sheet.rows:
        cells = {k: (row.get(k) or "").strip() for k in INDICATOR_COLUMNS}
        found = _row_errors(sheet.name, row.number, cells, recommendation_refs)
        errors += found
        if found:
            continue
        ref = cells["ref"]
        indicator = indicators.get(ref)
        if indicator is None:
            if not cells["definition"]:
                errors.append(
                    Problem(
                        sheet.name,
                        row.number,
                        "definition",
                        "The first row of a PI needs its definition.",
                    )
                )
                continue
            indicator = indicators[ref] = IndicatorRows(
                row=row.number,
                ref=ref,
                definition=cells["definition"],
                unit=cells["unit"],
                higher_is_better=parse_polarity(cells["higher_is_better"]),
                recommendation_refs=cells["recommendation_refs"].split(),
                cells=cells,
            )
        else:
            warnings += [
                Problem(
                    sheet.name,
                    row.number,
                    column,
                    f"Indicator {ref} has a different {column} above (row {indicator.row}); "
                    "the first is kept.",
                )
                for column in DESCRIBED_ONCE
                if cells[column] and cells[column] != indicator.cells[column]
            ]
        end = parse_period(cells["period"])
        if (ref, end) in periods:
            errors.append(
                Problem(
                    sheet.name,
                    row.number,
                    "period",
                    f"Indicator {ref} already has figures for the period ending "
                    f"{end:%-d %b %Y} (row {periods[ref, end]}).",
                )
            )
            continue
        periods[ref, end] = row.number
        indicator.figures.append(
            Figures(row.number, cells["period"], end, *(cells[c] for c in FIGURES))
        )
    if not sheet.rows:
        errors.append(Problem(sheet.name, None, "", "The sheet has headings but no rows."))
    return list(indicators.values()), errors, warnings


def _row_errors(sheet, number, cells, recommendation_refs) -> list[Problem]:
    def problem(column, message):
        return Problem(sheet, number, column, message)

    errors = [problem(c, "This cell is empty.") for c in REQUIRED if not cells[c]]
    errors += too_long(sheet, number, cells, LIMITS)
    if errors:
        return errors
    try:
        parse_polarity(cells["higher_is_better"])
    except ValidationError:
        errors.append(
            problem(
                "higher_is_better",
                f"Write true (higher is better), false (lower is better) or leave it blank "
                f"(not known), not “{cells['higher_is_better']}”.",
            )
        )
    if parse_period(cells["period"]) is None:
        errors.append(problem("period", period_error(cells["period"]) + "."))
    for column in NUMBERS:
        value = parse_number(cells[column])
        if value is not None and not fits_storage(value):
            errors.append(
                problem(
                    column,
                    f"“{cells[column]}” is too large or too precise to keep: at most "
                    f"{MAX_WHOLE_DIGITS} digits before the point and {MAX_DECIMAL_PLACES} after.",
                )
            )
    if recommendation_refs is None:
        return errors
    unknown = [r for r in cells["recommendation_refs"].split() if r not in recommendation_refs]
    if unknown:
        errors.append(
            problem(
                "recommendation_refs",
                f"The plan has no recommendation {', '.join(unknown)}: give the refs of its "
                "recommendations, separated by spaces.",
            )
        )
    return errors


def write_indicators(plan, indicators: list[IndicatorRows], result, *, user, reason) -> None:
    """Create or update the plan's indicators and their figures, counting into ``result``.

    A blank polarity leaves a known one as it is: the template's blank means "not known", and
    a plan manager who has since set it knows more than the file."""
    existing = {
        i.ref: i
        for i in Indicator.objects.filter(plan=plan).prefetch_related(
            "measurements", "recommendation_links__recommendation"
        )
    }
    before = list(existing)
    new: list[Measurement] = []
    recommendations = {r.ref: r for r in plan.recommendations.all()}
    for rows in indicators:
        indicator = existing.get(rows.ref)
        if indicator is None:
            indicator = Indicator(plan=plan, ref=rows.ref, order=len(existing))
            existing[rows.ref] = indicator
            linked = set()
        else:
            linked = {link.recommendation.ref for link in indicator.recommendation_links.all()}
        wanted = {
            "definition": rows.definition,
            "unit": rows.unit,
            "higher_is_better": indicator.higher_is_better
            if rows.higher_is_better is None
            else rows.higher_is_better,
        }
        is_new = indicator.pk is None
        changed = any(getattr(indicator, k) != v for k, v in wanted.items())
        if changed or is_new:
            for k, v in wanted.items():
                setattr(indicator, k, v)
            indicator._history_user, indicator._change_reason = user, reason
            indicator.save()
        if set(rows.recommendation_refs) != linked:
            indicator.recommendation_links.exclude(
                recommendation__ref__in=rows.recommendation_refs
            ).delete()
            for ref in rows.recommendation_refs:
                if ref not in linked:
                    IndicatorRecommendation.objects.create(
                        indicator=indicator, recommendation=recommendations[ref]
                    )
            changed = True
        if is_new:
            result.created["indicators"] += 1
        else:
            (result.updated if changed else result.unchanged)["indicators"] += 1
        kept = {} if is_new else {m.period_end: m for m in indicator.measurements.all()}
        new += _write_figures(indicator, rows, kept, result, user=user, reason=reason)
    # New figures are written together, history rows and all: a plan's first import of a
    # dozen PIs of a dozen periods each is a few queries, not a thousand.
    bulk_create_with_history(
        new, Measurement, batch_size=500, default_user=user, default_change_reason=reason
    )
    in_file = {rows.ref for rows in indicators}
    result.missing += [f"indicator {ref}" for ref in before if ref not in in_file]


def _write_figures(
    indicator, rows: IndicatorRows, kept: dict, result, *, user, reason
) -> list[Measurement]:
    """Update the indicator's changed figures; return its new ones, unsaved."""
    seen, new = set(), []
    for figures in rows.figures:
        seen.add(figures.period_end)
        values = {
            "period": figures.period,
            "actual": figures.actual,
            "target": figures.target,
            "comparator": figures.comparator,
            "comparator_label": figures.comparator_label,
        }
        measurement = kept.get(figures.period_end)
        if measurement is not None and all(getattr(measurement, k) == v for k, v in values.items()):
            result.unchanged["indicator figures"] += 1
            continue
        if measurement is None:
            result.created["indicator figures"] += 1
            new.append(_new_measurement(indicator, figures.period_end, values))
            continue
        result.updated["indicator figures"] += 1
        save_measurement(
            indicator,
            **values,
            note=measurement.note,
            author=user,
            reason=reason,
            measurement=measurement,
        )
    result.missing += [
        f"indicator {indicator.ref}, period {m.period}"
        for end, m in sorted(kept.items())
        if end not in seen
    ]
    return new


def _new_measurement(indicator, period_end: date, values: dict[str, str]) -> Measurement:
    """A figure as Measurement.save() would store it (bulk creation skips save()): the
    numbers read from the text as written."""
    return Measurement(
        indicator=indicator,
        period_end=period_end,
        actual_number=parse_number(values["actual"]),
        target_number=parse_number(values["target"]),
        comparator_number=parse_number(values["comparator"]),
        **values,
    )
