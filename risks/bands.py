"""Risk scores and bands: pure functions, no ORM.

A plan's risk matrix is a scale (4 or 5: likelihood and severity each run from 1 to the scale)
and named bands by upper score, lowest first, the last unbounded, as stored on
`Plan.risk_scale` and `Plan.risk_bands`:

    [{"name": "LOW", "max": 4}, {"name": "MEDIUM", "max": 9}, {"name": "HIGH", "max": None}]

Scores and bands are always computed from likelihood x severity, never typed in, so a change
of matrix re-bands every current risk. A recorded review keeps the band it was given (see
RiskReview), because history must not be rewritten by a later policy.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

SCALES = (4, 5)
MAX_BANDS = 5
# The key under which unscored risks are counted, and the words shown for them.
UNSCORED = "unscored"
NOT_SCORED = "Not scored"

# GOV.UK tag colours (govuk-tag--<tone>) by the number of bands, lowest band first. The colour
# is never the only signal: every tag and heat map cell carries the band's name.
TONES = {
    1: ("red",),
    2: ("green", "red"),
    3: ("green", "yellow", "red"),
    4: ("green", "yellow", "orange", "red"),
    5: ("green", "teal", "yellow", "orange", "red"),
}
NO_TONE = "grey"

Bands = Sequence[dict]


def score(likelihood: int | None, severity: int | None) -> int | None:
    """Likelihood x severity; None unless both are given."""
    if likelihood is None or severity is None:
        return None
    return likelihood * severity


def band(score: int | None, bands: Bands) -> str | None:
    """The name of the band a score falls in (score <= the band's max), None when unscored."""
    if score is None:
        return None
    for entry in bands:
        if entry["max"] is None or score <= entry["max"]:
            return entry["name"]
    raise ValueError(f"No band holds a score of {score}: the last band must be unbounded")


def band_names(bands: Bands) -> list[str]:
    return [entry["name"] for entry in bands]


def highest_band(bands: Bands) -> str:
    return bands[-1]["name"]


def score_range(name: str, bands: Bands) -> tuple[int, int | None]:
    """The scores in a band as (above, up_to): above < score <= up_to (None: no upper bound)."""
    above = 0
    for entry in bands:
        if entry["name"] == name:
            return above, entry["max"]
        above = entry["max"]
    raise KeyError(name)


def tone(name: str | None, bands: Bands) -> str:
    """The colour of a band's tag; grey when unscored or the band is not in this matrix (a
    band recorded on a review before the matrix changed)."""
    names = band_names(bands)
    if name not in names:
        return NO_TONE
    return TONES[len(names)][names.index(name)]


def scores_on_scale(scale: int) -> list[int]:
    """Every score a risk can have on the scale: 1, 2, 3, 4, 6, 8, 9, 12, 16 for 4 x 4."""
    return sorted({a * b for a in range(1, scale + 1) for b in range(1, scale + 1)})


@dataclass(frozen=True)
class MatrixError:
    """What is wrong with a matrix; `index` is the band's position (None for the matrix as a
    whole), `field` is "name" or "max" (None for the band as a whole)."""

    message: str
    index: int | None = None
    field: str | None = None


def matrix_errors(scale: int, bands: Bands) -> list[MatrixError]:
    """Everything wrong with a matrix; an empty list when it can be used."""
    if scale not in SCALES:
        return [MatrixError(f"The scale must be {' or '.join(map(str, SCALES))}")]
    if not bands:
        return [MatrixError("Give at least one band")]
    if len(bands) > MAX_BANDS:
        return [MatrixError(f"Give at most {MAX_BANDS} bands")]
    errors = []
    seen = set()
    previous = 0
    possible = scores_on_scale(scale)
    for index, entry in enumerate(bands):
        name, upper = str(entry.get("name") or "").strip(), entry.get("max")
        last = index == len(bands) - 1
        if not name:
            errors.append(MatrixError("Enter the band's name", index, "name"))
        elif name.lower() in seen:
            errors.append(MatrixError(f"Two bands are called {name}", index, "name"))
        elif name.lower() in (UNSCORED, NOT_SCORED.lower()):
            errors.append(MatrixError(f"{name} is kept for unscored risks", index, "name"))
        seen.add(name.lower())
        if last:
            # Every earlier bound is below scale x scale, so some score is always left for it.
            if upper is not None:
                errors.append(
                    MatrixError("The highest band has no upper score: leave it empty", index, "max")
                )
            continue
        if not isinstance(upper, int) or isinstance(upper, bool):
            errors.append(MatrixError("Enter the band's highest score", index, "max"))
            continue
        if upper <= previous:
            errors.append(
                MatrixError(f"The highest score must be more than {previous}", index, "max")
            )
        elif upper >= scale * scale:
            errors.append(
                MatrixError(f"The highest score must be less than {scale * scale}", index, "max")
            )
        elif not any(previous < s <= upper for s in possible):
            between = (
                f"is {upper}" if upper == previous + 1 else f"falls from {previous + 1} to {upper}"
            )
            errors.append(
                MatrixError(f"No score on a {scale} x {scale} matrix {between}", index, "max")
            )
        previous = max(previous, upper)
    return errors


def is_valid_matrix(scale: int, bands: Bands) -> bool:
    return not matrix_errors(scale, bands)


def within_scale(value: int | None, scale: int) -> bool:
    return value is None or 1 <= value <= scale


@dataclass(frozen=True)
class Rating:
    """One pair of scores as shown: "3 x 4 = 12 HIGH", or "Not scored"."""

    likelihood: int | None
    severity: int | None
    score: int | None
    band: str | None
    tone: str

    @property
    def scored(self) -> bool:
        return self.score is not None

    @property
    def label(self) -> str:
        return self.band if self.scored else NOT_SCORED

    @property
    def key(self) -> str:
        """The band's name, or "unscored": how summaries count it."""
        return self.band if self.scored else UNSCORED

    def __str__(self):
        if not self.scored:
            return NOT_SCORED
        return f"{self.likelihood} x {self.severity} = {self.score} {self.band}"


def rate(likelihood: int | None, severity: int | None, bands: Bands) -> Rating:
    value = score(likelihood, severity)
    name = band(value, bands)
    return Rating(likelihood, severity, value, name, tone(name, bands) if name else NO_TONE)


def recorded_rating(likelihood, severity, recorded_band: str, bands: Bands) -> Rating:
    """A review's scores with the band it had when recorded, whatever the matrix is now."""
    value = score(likelihood, severity)
    name = (recorded_band or None) if value is not None else None
    return Rating(likelihood, severity, value, name, tone(name, bands) if name else NO_TONE)


def residual_above_inherent(inherent: int | None, residual: int | None) -> bool:
    """Allowed, but worth a warning: mitigation should not make a risk worse."""
    return inherent is not None and residual is not None and residual > inherent


def movement(before: int | None, after: int | None) -> str:
    """How a score moved: "up", "down", "same", "scored" (first scores) or "unscored"."""
    if after is None:
        return "unscored" if before is not None else "same"
    if before is None:
        return "scored"
    if after > before:
        return "up"
    if after < before:
        return "down"
    return "same"


def review_overdue(review_date: date | None, as_at: date, *, is_open: bool = True) -> bool:
    """An open risk whose review date has passed (before the as-at date)."""
    return is_open and review_date is not None and review_date < as_at


def is_open(closed_on: date | None, as_at: date) -> bool:
    """Open as at a date: not closed, or closed only after it."""
    return closed_on is None or closed_on > as_at


def describe(bands: Bands, scale: int) -> list[tuple[str, str]]:
    """Each band with its scores in words: ("LOW", "1 to 4"), ..., ("HIGH", "10 to 16")."""
    described, above = [], 0
    for entry in bands:
        upper = entry["max"] if entry["max"] is not None else scale * scale
        described.append((entry["name"], f"{above + 1} to {upper}"))
        above = upper
    return described
