"""A risk's review history with the movement of its scores, newest first."""

from dataclasses import dataclass
from datetime import date, datetime

from improvement.history import FieldChange, record_changes
from risks import bands
from risks.models import Risk, RiskReview

MOVEMENT_WORDS = {
    "up": "up from {before}",
    "down": "down from {before}",
    "same": "no change",
    "scored": "first scored",
    "unscored": "no longer scored (was {before})",
}


@dataclass(frozen=True)
class Movement:
    direction: str  # as risks.bands.movement
    before: int | None

    @property
    def words(self) -> str:
        return MOVEMENT_WORDS[self.direction].format(before=self.before)

    @property
    def arrow(self) -> str:
        return {"up": "▲", "down": "▼"}.get(self.direction, "")


@dataclass(frozen=True)
class HistoryRow:
    review: RiskReview | None  # None for the first assessment
    reviewed_on: date | None
    inherent: bands.Rating
    residual: bands.Rating
    inherent_movement: Movement | None
    residual_movement: Movement | None
    note: str
    who: str
    created: datetime | None


def review_rows(risk: Risk, matrix: bands.Bands) -> list[HistoryRow]:
    """The first assessment (banded by today's matrix: it is the risk's own record) and every
    review (with the bands recorded then), each with how its scores moved from the row before,
    newest first. One query."""
    reviews = list(risk.reviews.select_related("author").order_by("reviewed_on", "created", "pk"))
    rows = []
    if risk.likelihood is not None:
        rows.append(
            HistoryRow(
                None,
                None,
                bands.rate(risk.likelihood, risk.severity, matrix),
                bands.rate(risk.residual_likelihood, risk.residual_severity, matrix),
                None,
                None,
                "",
                "",
                None,
            )
        )
    for review in reviews:
        previous = rows[-1] if rows else None
        inherent = bands.recorded_rating(review.likelihood, review.severity, review.band, matrix)
        residual = bands.recorded_rating(
            review.residual_likelihood, review.residual_severity, review.residual_band, matrix
        )
        rows.append(
            HistoryRow(
                review,
                review.reviewed_on,
                inherent,
                residual,
                _moved(previous.inherent if previous else None, inherent),
                _moved(previous.residual if previous else None, residual),
                review.note,
                _who(review),
                review.created,
            )
        )
    return list(reversed(rows))


def _moved(before: bands.Rating | None, after: bands.Rating) -> Movement:
    before_score = before.score if before else None
    return Movement(bands.movement(before_score, after.score), before_score)


def _who(review: RiskReview) -> str:
    if review.author is None:
        return "Imported"
    return review.author.get_full_name() or review.author.username


def field_changes(risk: Risk) -> list[FieldChange]:
    """The risk's creation and every recorded change to its own fields (description, scores,
    owner, mitigation, closing...), with who and when, newest first."""
    records = list(risk.history.select_related("history_user").order_by("history_date"))
    return sorted(record_changes(records, Risk), key=lambda c: c.when, reverse=True)
