import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from improvement.tables import ExportTable
from risks import bands
from risks.models import Risk


class RiskTable(ExportTable):
    """A plan's risk register as at a date, worst first: by residual score, then inherent.
    Hidden columns are exported, one value a cell, so a spreadsheet can sort and sum them."""

    ref = tables.Column(verbose_name="Ref", order_by=("ref_sort",))
    description = tables.Column(verbose_name="Risk")
    # empty_values=(): an unscored risk still renders, as "Not scored".
    inherent = tables.Column(
        verbose_name="Inherent", accessor="score", exclude_from_export=True, empty_values=()
    )
    residual = tables.Column(
        verbose_name="Residual",
        accessor="residual_score",
        exclude_from_export=True,
        empty_values=(),
    )
    owner = tables.Column(verbose_name="Owner", order_by=("owner__name",), empty_values=())
    mitigation = tables.Column(verbose_name="Mitigation")
    review_date_as_at = tables.Column(verbose_name="Review date", empty_values=())
    recommendations = tables.Column(verbose_name="Recommendations", accessor="pk", orderable=False)
    is_open = tables.Column(verbose_name="Status", visible=False)
    # Exported only.
    likelihood = tables.Column(
        verbose_name="Likelihood", accessor="likelihood_as_at", visible=False
    )
    severity = tables.Column(verbose_name="Severity", accessor="severity_as_at", visible=False)
    rating = tables.Column(verbose_name="Rating", accessor="score", visible=False)
    band = tables.Column(verbose_name="Band", accessor="score", visible=False, empty_values=())
    residual_likelihood = tables.Column(
        verbose_name="Residual likelihood", accessor="residual_likelihood_as_at", visible=False
    )
    residual_severity = tables.Column(
        verbose_name="Residual severity", accessor="residual_severity_as_at", visible=False
    )
    residual_rating = tables.Column(
        verbose_name="Residual rating", accessor="residual_score", visible=False
    )
    residual_band = tables.Column(
        verbose_name="Residual band", accessor="residual_score", visible=False, empty_values=()
    )
    contingency = tables.Column(verbose_name="Contingency", visible=False)
    review_overdue = tables.Column(verbose_name="Review overdue", visible=False)
    reviewed_on = tables.Column(verbose_name="Last reviewed", visible=False)
    closed_on = tables.Column(verbose_name="Closed on", visible=False)

    # Typed in the Excel export.
    sheet_title = "Risks"
    number_columns = (
        "likelihood",
        "severity",
        "rating",
        "residual_likelihood",
        "residual_severity",
        "residual_rating",
    )
    date_columns = ("review_date_as_at", "reviewed_on", "closed_on")

    class Meta:
        model = Risk
        fields = ()
        sequence = (
            "ref",
            "description",
            "inherent",
            "residual",
            "owner",
            "mitigation",
            "review_date_as_at",
            "recommendations",
            "...",
        )
        order_by = ("-residual",)
        empty_text = "No risks match these filters."

    def __init__(self, *args, matrix: bands.Bands, **kwargs):
        super().__init__(*args, **kwargs)
        self.matrix = matrix

    # Worst first, unscored last, then by ref whichever way the scores are sorted.
    def order_residual(self, queryset, is_descending):
        sign = "-" if is_descending else ""
        return queryset.order_by(f"{sign}residual_sort", f"{sign}score_sort", "ref_sort"), True

    def order_inherent(self, queryset, is_descending):
        sign = "-" if is_descending else ""
        return queryset.order_by(f"{sign}score_sort", f"{sign}residual_sort", "ref_sort"), True

    def render_ref(self, value, record):
        link = format_html(
            '<a class="govuk-link" href="{}">{}</a>', self.address(record.get_absolute_url()), value
        )
        if record.is_open:
            return link
        return format_html(
            '{} <strong class="govuk-tag govuk-tag--grey app-band">Closed</strong>', link
        )

    def render_mitigation(self, value):
        # The full text is on the risk's page and in the exports.
        return Truncator(value).words(30)

    def render_inherent(self, record):
        return self._rating(record.likelihood_as_at, record.severity_as_at)

    def render_residual(self, record):
        warn = bands.residual_above_inherent(record.score, record.residual_score)
        return self._rating(
            record.residual_likelihood_as_at, record.residual_severity_as_at, above=warn
        )

    def _rating(self, likelihood, severity, above=False):
        return render_to_string(
            "risks/_rating.html",
            {"rating": bands.rate(likelihood, severity, self.matrix), "above_inherent": above},
        )

    def render_owner(self, value):
        if value is None:
            return format_html('<span class="app-muted">{}</span>', "None named")
        return str(value)

    def render_review_date_as_at(self, value, record):
        return render_to_string(
            "risks/_review_date.html",
            {"review_date": value, "overdue": record.review_overdue},
        )

    def render_recommendations(self, record):
        links = [
            (
                self.address(reverse("plan_detail", args=[record.plan.slug]))
                + f"#recommendation-{rec.ref}",
                rec.ref,
            )
            for rec in record.recommendations.all()
        ]
        if not links:
            return format_html('<span class="app-muted">{}</span>', "None")
        return format_html_join(", ", '<a class="govuk-link" href="{}">{}</a>', links)

    # Exports carry numbers, plain words and ISO dates, which spreadsheets read reliably.
    def value_ref(self, value):
        return value

    def value_owner(self, value):
        return str(value) if value else ""

    def value_review_date_as_at(self, value):
        return value.isoformat() if value else ""

    def value_recommendations(self, record):
        return " ".join(rec.ref for rec in record.recommendations.all())

    def value_is_open(self, value):
        return "open" if value else "closed"

    def value_band(self, value):
        return bands.band(value, self.matrix) or bands.NOT_SCORED

    def value_residual_band(self, value):
        return bands.band(value, self.matrix) or bands.NOT_SCORED

    def value_review_overdue(self, value):
        return "yes" if value else "no"

    def value_reviewed_on(self, value):
        return value.isoformat() if value else ""

    def value_closed_on(self, value):
        return value.isoformat() if value else ""
