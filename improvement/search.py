"""Search: milestones, recommendations, PIs and risks by words, ref or lead, across the plans a
user may read, each hit with its plan and its status as at today.

PostgreSQL matches words with its full-text search (the 'english' configuration: "safeguard"
finds "safeguarding"), ranked; SQLite, which has none, asks every word to appear in one of the
fields. On both, a ref matches exactly or as a prefix ("4.3", "NI 59", "NI 5"), and a lead by
initials or name. Each kind's queries are fixed in number whatever the number of hits: the page
of ids is found first, then that page is loaded with the status helpers the other pages use.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db import connections, models
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Concat

from improvement.access import readable_plans
from improvement.status import roll_up

# Longer queries are cut: a search box is not a place for essays, and each word costs a LIKE.
MAX_QUERY = 200
MAX_WORDS = 10
# Hits of each kind on the page of all kinds; a kind's own page shows PER_PAGE.
PREVIEW = 10
PER_PAGE = 50
KINDS = ("milestones", "recommendations", "indicators", "risks")
KIND_LABELS = {
    "milestones": "Milestones",
    "recommendations": "Recommendations",
    "indicators": "Performance indicators",
    "risks": "Risks",
}


@dataclass(frozen=True)
class Query:
    """What was typed, tidied: the whole text and its words."""

    text: str
    words: tuple[str, ...]

    @classmethod
    def parse(cls, raw: str | None) -> "Query":
        # Control characters (a NUL above all, which PostgreSQL refuses) are never meant.
        printable = "".join(c if c.isprintable() else " " for c in (raw or "")[: MAX_QUERY * 2])
        text = " ".join(printable.split())[:MAX_QUERY]
        return cls(text, tuple(text.split()[:MAX_WORDS]))

    def __bool__(self):
        return bool(self.text)


@dataclass
class Group:
    """One kind's hits: a page of them, and how many there are in all."""

    kind: str
    page: Page
    hits: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def more(self) -> int:
        return self.count - len(self.hits)


@dataclass(frozen=True)
class Kind:
    """How one kind of thing is searched: its model, its path to the plan, the fields its
    words are looked for in, its ref (an expression), and the lookups that find its leads."""

    model: type[models.Model]
    plan_path: str
    text_fields: Sequence[str]
    ref: Callable[[], models.Expression]
    ref_prefix_separator: str
    lead_paths: Sequence[str]
    order: Sequence[str]


def _models():
    # Imported here: the core is imported by the apps, so the apps load after it.
    from indicators.models import Indicator
    from recommendations.models import Milestone, Recommendation
    from risks.models import Risk

    return Milestone, Recommendation, Indicator, Risk


def kinds() -> dict[str, Kind]:
    Milestone, Recommendation, Indicator, Risk = _models()
    return {
        "milestones": Kind(
            Milestone,
            "recommendation__plan",
            ("text", "success_criteria"),
            lambda: Concat(
                "recommendation__ref", Value("."), "ref", output_field=models.CharField()
            ),
            # "4" finds 4.1 and 4.2, but not 40.1.
            ".",
            ("lead_links__person",),
            ("recommendation__plan__title", "recommendation__ref_sort", "ref_sort"),
        ),
        "recommendations": Kind(
            Recommendation,
            "plan",
            # A title, where the plan gives its recommendations one.
            tuple(f for f in ("title", "text") if _has_field(Recommendation, f)),
            lambda: F("ref"),
            "",
            (),
            ("plan__title", "ref_sort"),
        ),
        "indicators": Kind(
            Indicator,
            "plan",
            ("definition",),
            lambda: F("ref"),
            "",
            ("owner",),
            ("plan__title", "ref_sort"),
        ),
        "risks": Kind(
            Risk,
            "plan",
            ("description", "mitigation"),
            lambda: F("ref"),
            "",
            ("owner",),
            ("plan__title", "ref_sort"),
        ),
    }


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def matching(kind: Kind, query: Query, plans: QuerySet) -> QuerySet:
    """The ids of the kind's rows that match, best first: a ref typed exactly, then (on
    PostgreSQL) by rank, then in plan and ref order."""
    rows = kind.model.objects.filter(**{f"{kind.plan_path}__in": plans.values("pk")})
    rows = rows.annotate(search_ref=kind.ref())
    by_ref = Q(search_ref__iexact=query.text) | Q(
        search_ref__istartswith=query.text + kind.ref_prefix_separator
    )
    by_lead = Q()
    if kind.lead_paths:
        # As a subquery, not a join: a milestone with two leads is still one hit.
        leads = Q()
        for path in kind.lead_paths:
            leads |= Q(**{f"{path}__initials__iexact": query.text})
            leads |= Q(**{f"{path}__name__icontains": query.text})
        by_lead = Q(pk__in=kind.model.objects.filter(leads).values("pk"))
    if connections[rows.db].vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*kind.text_fields, config="english")
        words = SearchQuery(query.text, config="english", search_type="websearch")
        rows = rows.annotate(search_vector=vector, rank=SearchRank(vector, words))
        by_words = Q(search_vector=words)
        rank = [F("rank").desc()]
    else:
        by_words = Q()
        for word in query.words:
            by_words &= _any_field_contains(kind.text_fields, word)
        rank = []
    exact = Case(
        When(search_ref__iexact=query.text, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    rows = rows.filter(by_ref | by_lead | by_words)
    return (
        rows.annotate(exact=exact)
        .order_by("exact", *rank, *kind.order, "pk")
        .values_list("pk", flat=True)
    )


def _any_field_contains(fields: Sequence[str], word: str) -> Q:
    found = Q()
    for name in fields:
        found |= Q(**{f"{name}__icontains": word})
    return found


def search(user, raw_query: str | None, today: date, kind: str | None = None, page=1):
    """The hits for the query in the plans the user may read, grouped by kind: every kind's
    first PREVIEW, or one kind's page of PER_PAGE. Nothing for an empty query, and nothing
    for a user who may read no plan (signed out, or an account switched off)."""
    query = Query.parse(raw_query)
    if not query:
        return query, []
    plans = readable_plans(user)
    wanted = [kind] if kind in KINDS else list(KINDS)
    per_page = PER_PAGE if kind in KINDS else PREVIEW
    groups = []
    for name, spec in kinds().items():
        if name not in wanted:
            continue
        ids_page = Paginator(matching(spec, query, plans), per_page).get_page(
            page if kind in KINDS else 1
        )
        ids = list(ids_page.object_list)
        groups.append(Group(name, ids_page, LOADERS[name](ids, today)))
    return query, groups


def _in_order(rows, ids: list[int]) -> list:
    by_pk = {row.pk: row for row in rows}
    return [by_pk[pk] for pk in ids if pk in by_pk]


@dataclass(frozen=True)
class Hit:
    """One thing found, with its plan and its status as at today (`status` is a Status for
    milestones and recommendations, a Rag or None for PIs, a Rating for risks)."""

    obj: models.Model
    plan: models.Model
    status: object
    reason: str = ""


def load_milestones(ids: list[int], today: date) -> list[Hit]:
    from improvement.status import Status, effective_status
    from recommendations.models import Milestone, SignOff

    rows = Milestone.objects.filter(pk__in=ids).with_related().with_status_as_at(today)
    hits = []
    for m in _in_order(rows, ids):
        effective = effective_status(
            Status(m.reported_status),
            m.effective_due_date,
            today,
            awaiting_sign_off=m.reported_sign_off == SignOff.REQUESTED,
        )
        reason = "overdue" if effective.overdue else ""
        hits.append(Hit(m, m.recommendation.plan, effective.status, reason))
    return hits


def load_recommendations(ids: list[int], today: date) -> list[Hit]:
    from recommendations.models import Milestone, Recommendation
    from recommendations.snapshot import fact_rows

    recs = Recommendation.objects.filter(pk__in=ids).select_related("plan", "theme")
    statuses: dict[int, list] = {pk: [] for pk in ids}
    for row in fact_rows(Milestone.objects.filter(recommendation_id__in=ids), today):
        statuses[row.milestone.recommendation_id].append(row.effective.status)
    return [Hit(rec, rec.plan, roll_up(statuses[rec.pk])) for rec in _in_order(recs, ids)]


def load_indicators(ids: list[int], today: date) -> list[Hit]:
    from django.db.models import Prefetch

    from indicators.models import Indicator, Measurement
    from indicators.snapshot import state_of

    indicators = (
        Indicator.objects.filter(pk__in=ids)
        .select_related("plan", "owner")
        .prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.order_by("period_end"))
        )
    )
    hits = []
    for indicator in _in_order(indicators, ids):
        hits.append(Hit(indicator, indicator.plan, state_of(indicator, today).rag))
    return hits


def load_risks(ids: list[int], today: date) -> list[Hit]:
    from risks import bands
    from risks.models import Risk

    risks = Risk.objects.filter(pk__in=ids).select_related("plan", "owner").with_assessment(today)
    hits = []
    for risk in _in_order(risks, ids):
        matrix = risk.plan.risk_bands
        rating = bands.rate(risk.residual_likelihood_as_at, risk.residual_severity_as_at, matrix)
        if not rating.scored:
            rating = bands.rate(risk.likelihood_as_at, risk.severity_as_at, matrix)
        hits.append(Hit(risk, risk.plan, rating, "" if risk.is_open else "closed"))
    return hits


LOADERS = {
    "milestones": load_milestones,
    "recommendations": load_recommendations,
    "indicators": load_indicators,
    "risks": load_risks,
}
