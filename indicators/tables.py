import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.html import format_html

from improvement.tables import ExportTable
from indicators.charts import sparkline
from indicators.rag import NO_RAG_LABEL
from indicators.snapshot import IndicatorRow


def _as_written(figure, name: str) -> str:
    return getattr(figure, name) if figure else ""


def _figure_cell(figure, name: str) -> str:
    """A figure as written, with its period beneath it ("75", "March 07")."""
    return render_to_string(
        "indicators/_figure.html",
        {"text": _as_written(figure, name), "figure": figure, "name": name},
    )


class IndicatorTable(ExportTable):
    """A plan's PIs as at a date (rows are snapshot.IndicatorRow, sorted in Python). Hidden
    columns are still exported, so the CSV and XLSX files carry every figure as written."""

    ref = tables.Column(verbose_name="Ref", accessor="indicator__ref", order_by=("ref_sort",))
    definition = tables.Column(verbose_name="Definition", accessor="indicator__definition")
    latest = tables.Column(
        verbose_name="Latest actual",
        accessor="state__latest",
        order_by=("latest_period_end",),
        empty_values=(),
    )
    target = tables.Column(
        verbose_name="Target", accessor="state__target", orderable=False, empty_values=()
    )
    rag = tables.Column(
        verbose_name="RAG", accessor="state__rag", order_by=("state__rag_rank",), empty_values=()
    )
    direction = tables.Column(
        verbose_name="Direction",
        accessor="state__direction",
        order_by=("state__direction_rank",),
        empty_values=(),
    )
    comparator = tables.Column(
        verbose_name="Comparator", accessor="state__comparator", orderable=False, empty_values=()
    )
    trend = tables.Column(
        verbose_name="Trend",
        accessor="state__history",
        orderable=False,
        exclude_from_export=True,
        empty_values=(),
    )
    # Exported only: the figures behind each cell, and the indicator's settings.
    latest_period = tables.Column(
        verbose_name="Latest period", accessor="state__latest__period", visible=False, default=""
    )
    latest_period_end = tables.Column(
        verbose_name="Latest period end",
        accessor="state__latest__period_end",
        visible=False,
        default="",
    )
    previous_actual = tables.Column(
        verbose_name="Previous actual",
        accessor="state__previous__actual",
        visible=False,
        default="",
    )
    previous_period = tables.Column(
        verbose_name="Previous period",
        accessor="state__previous__period",
        visible=False,
        default="",
    )
    target_period = tables.Column(
        verbose_name="Target period", accessor="state__target__period", visible=False, default=""
    )
    rated_period = tables.Column(
        verbose_name="RAG period", accessor="state__rated__period", visible=False, default=""
    )
    comparator_label = tables.Column(
        verbose_name="Comparator is",
        accessor="state__comparator__comparator_label",
        visible=False,
        default="",
    )
    unit = tables.Column(verbose_name="Unit", accessor="indicator__unit", visible=False, default="")
    polarity = tables.Column(
        verbose_name="Polarity", accessor="indicator__polarity_label", visible=False, default=""
    )
    amber_tolerance = tables.Column(
        verbose_name="Amber tolerance (%)",
        accessor="indicator__amber_tolerance",
        visible=False,
        default="",
    )
    owner = tables.Column(
        verbose_name="Owner", accessor="indicator__owner", visible=False, default=""
    )
    recommendations = tables.Column(
        verbose_name="Recommendations", accessor="recommendations", visible=False, default=""
    )

    # Typed in the Excel export: figures as numbers where they are plain numbers.
    sheet_title = "Indicators"
    number_columns = ("latest", "target", "comparator", "previous_actual", "amber_tolerance")
    date_columns = ("latest_period_end",)

    class Meta:
        empty_text = "No indicators match these filters."
        attrs = {"class": "app-table--indicators"}

    def render_ref(self, value, record: IndicatorRow):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            self.address(record.indicator.get_absolute_url()),
            value,
        )

    def value_ref(self, value):
        return value

    def render_latest(self, value):
        return _figure_cell(value, "actual")

    def value_latest(self, value):
        return _as_written(value, "actual")

    def render_target(self, value):
        return _figure_cell(value, "target")

    def value_target(self, value):
        return _as_written(value, "target")

    def render_rag(self, value, record: IndicatorRow):
        return render_to_string("indicators/_rag_tag.html", {"rag": value})

    def value_rag(self, value):
        return value.colour if value else NO_RAG_LABEL

    def render_direction(self, value):
        return render_to_string("indicators/_direction.html", {"direction": value})

    def value_direction(self, value):
        return value.label if value else ""

    def render_comparator(self, value):
        return _figure_cell(value, "comparator")

    def value_comparator(self, value):
        return _as_written(value, "comparator")

    def render_trend(self, value, record: IndicatorRow):
        return render_to_string(
            "components/sparkline.html",
            {"spark": sparkline(value), "id": f"spark-{record.indicator.pk}"},
        )

    def value_latest_period_end(self, value):
        return value.isoformat() if value else ""

    def value_amber_tolerance(self, value):
        return f"{value.normalize():f}"

    def value_owner(self, value):
        return value.name if value else ""

    def value_recommendations(self, value):
        return " ".join(rec.ref for rec in value)
