import django_tables2 as tables
from django.template.loader import get_template
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html

from improvement.status import Status
from improvement.tables import DateColumn, ExportTable
from recommendations.models import Milestone

DATE = "j M Y"  # "30 Jun 2006", as councils write dates
STATUS_TAG = "components/status_tag.html"


class MilestoneTable(ExportTable):
    """A plan's milestones as at a date. Hidden columns are still exported, so the CSV and
    XLSX files carry everything a spreadsheet user needs."""

    ref = tables.Column(
        verbose_name="Ref", accessor="full_ref", order_by=("recommendation__ref_sort", "ref_sort")
    )
    text = tables.Column(verbose_name="Milestone")
    theme = tables.Column(verbose_name="Theme", accessor="recommendation__theme__name")
    recommendation = tables.Column(
        verbose_name="Recommendation", accessor="recommendation__ref", visible=False
    )
    milestone_ref = tables.Column(verbose_name="Milestone ref", accessor="ref", visible=False)
    outcome = tables.Column(verbose_name="Outcome", accessor="outcome__text", visible=False)
    success_criteria = tables.Column(verbose_name="Success criteria", visible=False)
    leads = tables.Column(verbose_name="Leads", accessor="pk", orderable=False)
    due_text = tables.Column(verbose_name="Due as written", visible=False)
    due_date = DateColumn(verbose_name="Due date", visible=False, format=DATE)
    # The revision in force at the as-at date (a later one is not known then).
    revised_due_date = DateColumn(
        verbose_name="Revised due date", accessor="revised_due_as_at", visible=False, format=DATE
    )
    effective_due = DateColumn(
        verbose_name="Due", order_by=("undated", "effective_due"), format=DATE
    )
    effective_status = tables.Column(verbose_name="Status", order_by=("status_rank",))
    overdue = tables.BooleanColumn(verbose_name="Overdue", visible=False)
    reported_status = tables.Column(verbose_name="Last reported status", visible=False)
    reported_on = DateColumn(verbose_name="Last update")
    # Closed milestones are listed when the filter asks; the export says which and why.
    closed = tables.Column(
        verbose_name="Closed", accessor="closure", visible=False, orderable=False
    )

    sheet_title = "Milestones"

    class Meta:
        model = Milestone
        fields = ()
        sequence = (
            "ref",
            "text",
            "theme",
            "leads",
            "effective_due",
            "effective_status",
            "reported_on",
            "...",
        )
        order_by = ("effective_due",)
        empty_text = "No milestones match these filters."

    @property
    def page_cells(self) -> list[list[str]] | None:
        """The page's rows as cells in the shown columns' order, each rendered straight from
        its record. django-tables2's per-cell work (a bound row and a call through
        inspect.signature for every cell) was over 40 % of the page; the render_ methods
        below stay for anything this does not know, and exports go through them."""
        cells = {
            "ref": lambda m: m.full_ref,
            "text": lambda m: self.render_text(m.text, m),
            "theme": lambda m: m.recommendation.theme.name,
            "leads": self.render_leads,
            "effective_due": lambda m: (
                date_format(m.effective_due, DATE) if m.effective_due else "—"
            ),
            "effective_status": lambda m: self.render_effective_status(m.effective_status, m),
            "reported_on": lambda m: (
                self.render_reported_on(m.reported_on) if m.reported_on else "—"
            ),
        }
        columns = [column.name for column in self.columns]
        if not self.page or any(name not in cells for name in columns):
            return None
        render = [cells[name] for name in columns]
        records = (row.record for row in self.page.object_list)
        return [[conditional_escape(cell(m)) for cell in render] for m in records]

    def render_text(self, value, record):
        link = format_html(
            '<a class="govuk-link" href="{}">{}</a>', self.address(record.get_absolute_url()), value
        )
        if record.closed_from:
            return format_html(
                '{} <strong class="govuk-tag govuk-tag--grey">{}</strong>', link, record.closure
            )
        return link

    def value_text(self, value):
        return value

    def render_leads(self, record):
        return ", ".join(person.short_name for person in record.lead_people)

    def value_leads(self, record):
        return "; ".join(person.short_name for person in record.lead_people)

    def render_effective_status(self, value, record):
        return get_template(STATUS_TAG).render(
            {"status": Status(value), "reason": "overdue" if record.overdue else ""}
        )

    def value_effective_status(self, value):
        return Status(value).label

    def value_reported_status(self, value):
        return Status(value).label

    def render_reported_on(self, value):
        return format_html("{}", value.strftime("%-d %b %Y")) if value else "Never"

    # Exports carry ISO dates and plain words, which spreadsheets and BI tools read reliably.
    def value_effective_due(self, value):
        return value.isoformat() if value else ""

    def value_due_date(self, value):
        return value.isoformat() if value else ""

    def value_revised_due_date(self, value):
        return value.isoformat() if value else ""

    def value_reported_on(self, value):
        return value.isoformat() if value else ""

    def value_overdue(self, value):
        return "yes" if value else "no"
