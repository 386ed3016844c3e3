"""The risks sheet: a row per risk, with the scores before and after mitigation.

Scores must lie within the plan's matrix. Ratings and bands are always computed from the
scores and the plan's bands (risks.bands), never taken from the file: a rating or band cell
that says otherwise is a warning, so that a typing slip in a council's log is seen, not kept.
"""

import re
from dataclasses import dataclass

from improvement.spreadsheets.problems import Problem, check_headers, too_long
from improvement.spreadsheets.reading import Sheet
from improvement.spreadsheets.template import RISK_COLUMNS
from risks import bands
from risks.models import SCORE_FIELDS, Risk, score_errors
from risks.services import record_review

REQUIRED = ("ref", "description")
LIMITS = {"ref": 20, "owner": 200}
TEXTS = ("description", "mitigation", "contingency")
# Each pair of scores with the rating and band cells computed from it.
RATED = (
    (("likelihood", "severity"), "rating", "band"),
    (("residual_likelihood", "residual_severity"), "residual_rating", "residual_band"),
)
_WHOLE = re.compile(r"\d+")


@dataclass
class RiskRow:
    row: int
    ref: str
    description: str
    mitigation: str
    owner: str
    contingency: str
    scores: dict[str, int | None]


def parse_risk_rows(
    sheet: Sheet, scale: int, risk_bands
) -> tuple[list[RiskRow], list[Problem], list[Problem]]:
    """The sheet's risks, their scores checked against a ``scale`` x ``scale`` matrix."""
    errors = check_headers(sheet, RISK_COLUMNS, REQUIRED)
    warnings: list[Problem] = []
    if errors:
        return [], errors, warnings
    rows: list[RiskRow] = []
    refs: dict[str, int] = {}
    for row in sheet.rows:
        cells = {k: (row.get(k) or "").strip() for k in RISK_COLUMNS}
        found = [
            Problem(sheet.name, row.number, c, "This cell is empty.")
            for c in REQUIRED
            if not cells[c]
        ]
        found += too_long(sheet.name, row.number, cells, LIMITS)
        scores, score_problems = _scores(sheet.name, row.number, cells, scale)
        found += score_problems
        if cells["ref"] in refs:
            found.append(
                Problem(
                    sheet.name,
                    row.number,
                    "ref",
                    f"Risk {cells['ref']} is given twice (first at row {refs[cells['ref']]}).",
                )
            )
        errors += found
        if found:
            continue
        refs[cells["ref"]] = row.number
        warnings += _rating_warnings(sheet.name, row.number, cells, scores, risk_bands)
        rows.append(
            RiskRow(
                row=row.number,
                ref=cells["ref"],
                description=cells["description"],
                mitigation=cells["mitigation"],
                owner=cells["owner"],
                contingency=cells["contingency"],
                scores=scores,
            )
        )
    if not sheet.rows:
        errors.append(Problem(sheet.name, None, "", "The sheet has headings but no rows."))
    return rows, errors, warnings


def _scores(sheet, number, cells, scale) -> tuple[dict[str, int | None], list[Problem]]:
    problems, scores = [], {}
    for name in SCORE_FIELDS:
        text = cells[name]
        if not text:
            scores[name] = None
        elif _WHOLE.fullmatch(text) and bands.within_scale(int(text), scale):
            scores[name] = int(text)
        elif not _WHOLE.fullmatch(text):
            problems.append(
                Problem(
                    sheet,
                    number,
                    name,
                    f"“{text}” is not a whole number: enter a score from 1 to {scale} (the plan's "
                    f"{scale} x {scale} risk matrix).",
                )
            )
        else:
            problems.append(
                Problem(
                    sheet,
                    number,
                    name,
                    f"“{text}” is outside the plan's {scale} x {scale} risk matrix: enter a "
                    f"whole number from 1 to {scale}.",
                )
            )
    if problems:
        return scores, problems
    problems += [
        Problem(sheet, number, name, message + ".")
        for name, message in score_errors(scores, scale).items()
    ]
    return scores, problems


def _rating_warnings(sheet, number, cells, scores, risk_bands) -> list[Problem]:
    warnings = []
    for (first, second), rating_column, band_column in RATED:
        score = bands.score(scores[first], scores[second])
        band = bands.band(score, risk_bands)
        if score is None:
            said = [c for c in (rating_column, band_column) if cells[c]]
            warnings += [
                Problem(
                    sheet,
                    number,
                    column,
                    f"“{cells[column]}” is not kept: a {column.replace('_', ' ')} is computed "
                    f"from the {first.replace('_', ' ')} and {second.replace('_', ' ')}, which "
                    "are blank.",
                )
                for column in said
            ]
            continue
        how = f"{scores[first]} x {scores[second]} = {score}"
        if cells[rating_column] and cells[rating_column] != str(score):
            warnings.append(
                Problem(
                    sheet,
                    number,
                    rating_column,
                    f"The file says {cells[rating_column]}, but the scores give {how}: "
                    "the rating is computed from the scores.",
                )
            )
        if cells[band_column] and cells[band_column].casefold() != band.casefold():
            warnings.append(
                Problem(
                    sheet,
                    number,
                    band_column,
                    f"The file says {cells[band_column]}, but {how} is {band} in the plan's "
                    "matrix: the band is computed from the scores.",
                )
            )
    return warnings


def write_risks(plan, rows: list[RiskRow], writer) -> None:
    """Create or update the plan's risks, counting into ``writer.result``. Text changes are
    saved with their history; scores different from those in force at the import's date are
    recorded as a review on that date, so that earlier reports keep the scores they gave."""
    result = writer.result
    existing = {
        r.ref: r
        for r in Risk.objects.filter(plan=plan)
        .select_related("owner")
        .with_assessment(writer.as_at)
    }
    for row in rows:
        owner = writer.lead(row.owner) if row.owner else None
        risk = existing.get(row.ref)
        texts = {name: getattr(row, name) for name in TEXTS}
        if risk is None:
            risk = Risk(plan=plan, ref=row.ref, owner=owner, **texts, **row.scores)
            risk._history_user, risk._change_reason = writer.user, writer.reason
            risk.save()
            result.created["risks"] += 1
            continue
        changed = risk.owner != owner or any(getattr(risk, k) != v for k, v in texts.items())
        if changed:
            for k, v in texts.items():
                setattr(risk, k, v)
            risk.owner = owner
            risk._history_user, risk._change_reason = writer.user, writer.reason
            risk.save()
        in_force = {name: getattr(risk, f"{name}_as_at") for name in SCORE_FIELDS}
        if in_force != row.scores:
            record_review(
                risk,
                reviewed_on=writer.as_at,
                **row.scores,
                note=f"{writer.reason}.",
                author=writer.user,
            )
            result.created["risk reviews"] += 1
            changed = True
        (result.updated if changed else result.unchanged)["risks"] += 1
    in_file = {row.ref for row in rows}
    result.missing += [f"risk {ref}" for ref in existing if ref not in in_file]
