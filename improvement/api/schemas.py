"""The shapes the API answers with, as pydantic models.

The list views build their answers through these models, and the OpenAPI document at
/api/openapi.json is generated from them (pydantic writes JSON Schema 2020-12, the dialect
OpenAPI 3.1 uses), so the document cannot drift from what is served. The summary and timeline
models describe the two endpoints that came first, whose views still build plain dicts; the
test that validates every response against the document holds them to it.
"""

from datetime import date, datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, create_model

from improvement.dashboard import REPORT_ORDER
from improvement.status import Status
from indicators.rag import Direction, Rag

STRICT = ConfigDict(extra="forbid")


class Schema(BaseModel):
    model_config = STRICT
    # For CSV: the list field whose items become one row each (the parent's columns repeated).
    csv_rows: ClassVar[str | None] = None


class Error(Schema):
    error: str = Field(description="What went wrong, in words for the person reading it.")


class Person(Schema):
    id: int
    initials: str | None = Field(description="As the plan writes them; null for a job title.")
    name: str


class PlanLinks(Schema):
    page: str = Field(description="The plan's page in the browser.")
    summary: str
    timeline: str
    milestones: str
    indicators: str
    risks: str
    updates: str


class PlanItem(Schema):
    slug: str
    title: str
    organisation: str | None
    start: date | None
    end: date | None
    status: Status = Field(description="The plan's roll-up of its milestones as at `as_at`.")
    links: PlanLinks


class MilestoneItem(Schema):
    id: int
    recommendation_id: int
    theme: str
    recommendation_ref: str
    ref: str
    full_ref: str = Field(description='The recommendation and milestone refs: "4.2".')
    text: str
    success_criteria: str
    outcome: str | None
    leads: list[Person]
    due_text: str = Field(description="The due date as the plan writes it.")
    due_date: date | None = Field(description="Read from the due text.")
    due_date_as_at: date | None = Field(
        description="The due date in force at `as_at`: the latest revision recorded by then, "
        "else the due date."
    )
    reported_status: Status = Field(description="The latest status reported by `as_at`.")
    effective_status: Status = Field(description="What the milestone counts as at `as_at`.")
    reason: str | None = Field(
        description='Why the effective status differs from the reported one: "overdue" or '
        '"awaiting sign-off"; null when it does not.'
    )
    last_update: date | None = Field(description="The as-at date of the latest report by then.")
    url: str


class Figure(Schema):
    period: str
    period_end: date
    actual: str = Field(description="As written: a number or words.")
    actual_number: float | None
    target: str
    target_number: float | None
    comparator: str
    comparator_number: float | None
    comparator_label: str
    rag: Rag | None = Field(description="Against this period's target; null without numbers.")
    direction: Direction | None = Field(
        description="From the previous period with an actual, respecting polarity."
    )


class IndicatorItem(Schema):
    csv_rows: ClassVar[str] = "figures"

    id: int
    ref: str
    definition: str
    unit: str
    higher_is_better: bool | None = Field(description="The polarity; null when not known.")
    amber_tolerance: float = Field(description="Per cent of the target.")
    owner: Person | None
    recommendation_refs: list[str]
    rag: Rag | None = Field(description="As at `as_at`: the latest period with numbers.")
    direction: Direction | None
    figures: list[Figure] = Field(description="Every period ending on or before `as_at`.")
    url: str


class RiskItem(Schema):
    id: int
    ref: str
    description: str
    owner: Person | None
    open: bool = Field(description="Open as at `as_at`.")
    closed_on: date | None
    likelihood: int | None
    severity: int | None
    score: int | None
    band: str | None = Field(description="From the plan's risk matrix; null when unscored.")
    rating: str = Field(description='"3 x 4 = 12 HIGH", or "Not scored".')
    residual_likelihood: int | None
    residual_severity: int | None
    residual_score: int | None
    residual_band: str | None
    residual_rating: str
    last_reviewed: date | None = Field(description="The latest review on or before `as_at`.")
    review_date: date | None = Field(description="The next review due, as at `as_at`.")
    review_overdue: bool
    mitigation: str
    contingency: str
    recommendation_refs: list[str]
    url: str


class UpdateItem(Schema):
    id: int
    milestone_id: int
    milestone_ref: str
    status: Status
    as_at: date = Field(description="The date the status describes.")
    recorded: datetime = Field(description="When it was recorded; `since` compares with this.")
    comment: str
    evidence: str
    evidence_file_name: str | None
    revised_due_date: date | None
    revision_reason: str
    sign_off: str | None = Field(description='"requested", "confirmed" or "returned".')
    author: str | None = Field(description="Who recorded it; null for an import.")


class Page(Schema):
    count: int = Field(description="How many items match, on every page.")
    next: str | None = Field(description="The next page's address; null on the last page.")
    previous: str | None


def item_model(page_model: type[BaseModel]) -> type[Schema]:
    """The model of a list page's items (its `results`)."""
    return page_model.model_fields["results"].annotation.__args__[0]


class PlanPage(Page):
    as_at: date
    results: list[PlanItem]


class MilestonePage(Page):
    plan: str
    as_at: date
    results: list[MilestoneItem]


class IndicatorPage(Page):
    plan: str
    as_at: date
    results: list[IndicatorItem]


class RiskPage(Page):
    plan: str
    as_at: date
    results: list[RiskItem]


class UpdatePage(Schema):
    plan: str
    since: datetime | None
    next: str | None = Field(
        description="The next page's address (a cursor); null once every update is read."
    )
    results: list[UpdateItem]


# The two endpoints that came first, described as they answer.
StatusCounts = create_model(
    "StatusCounts", __config__=STRICT, **{status.value: (int, ...) for status in REPORT_ORDER}
)


class Counted(Schema):
    total: int
    by_status: StatusCounts


class MilestoneCounts(Counted):
    overdue: int
    due_by_as_at: Counted


class RagCounts(Schema):
    green: int
    amber: int
    red: int
    none: int


class IndicatorCounts(Schema):
    total: int
    by_rag: RagCounts


class RiskCounts(Schema):
    total: int
    open: int
    by_band: dict[str, int] = Field(description="The plan's band names, then `unscored`.")
    by_residual_band: dict[str, int]


class Summary(Schema):
    plan: str
    as_at: date
    milestones: MilestoneCounts
    recommendations: Counted
    indicators: IndicatorCounts
    risks: RiskCounts


class TimelineRow(Schema):
    ref: str
    theme: str
    statuses: dict[str, Status] = Field(description="By month (YYYY-MM), where there is one.")


class Timeline(Schema):
    plan: str
    months: list[str]
    recommendations: list[TimelineRow]
