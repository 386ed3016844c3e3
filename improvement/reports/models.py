"""Board and cabinet reports: the narrative a clerk writes, the dates the figures are taken at,
and, once issued, the PDF that was sent, which never changes again."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from improvement.models import Plan

# The narrative a new report copies from the plan's previous one, in the order it is printed.
NARRATIVE_FIELDS = (
    "portfolio_responsibility",
    "wards_affected",
    "key_decision",
    "purpose",
    "recommendation",
    "reasons",
    "financial_implications",
    "considerations",
    "alternative_options",
    "risk_management",
    "consultees",
    "background_papers",
    "contact",
)


class BoardReport(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        ISSUED = "issued", "Issued"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="board_reports")
    title = models.CharField(
        max_length=300,
        help_text="As printed at the top, e.g. Progress on improvement following the Joint "
        "Area Review in Herefordshire.",
    )
    meeting = models.CharField(
        max_length=200, help_text="Who the report goes to, e.g. Cabinet or Improvement Board."
    )
    meeting_date = models.DateField()
    as_at = models.DateField(help_text="Every figure in the report is taken as at this date.")
    portfolio_responsibility = models.CharField(max_length=300, blank=True)
    wards_affected = models.CharField(max_length=300, blank=True, default="County-wide")
    key_decision = models.TextField(blank=True, default="This is not a Key Decision.")
    purpose = models.TextField(blank=True)
    recommendation = models.TextField(blank=True)
    reasons = models.TextField(blank=True)
    financial_implications = models.TextField(blank=True)
    considerations = models.TextField(
        blank=True,
        help_text="Paragraphs printed before the progress figures, which are computed.",
    )
    alternative_options = models.TextField(blank=True)
    risk_management = models.TextField(blank=True)
    consultees = models.TextField(blank=True)
    background_papers = models.TextField(blank=True)
    contact = models.TextField(blank=True)

    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to="reports/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    docx = models.FileField(
        upload_to="reports/%Y/",
        blank=True,
        help_text="The issued report as a Word document, made with its PDF from the same "
        "figures, and as unchanging.",
    )
    docx_sha256 = models.CharField("SHA-256 of the Word document", max_length=64, blank=True)
    html = models.TextField(
        blank=True,
        editable=False,
        help_text="The issued report as accessible HTML, made with its PDF from the same "
        "figures and templates, and as unchanging.",
    )
    carried_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The earlier report whose narrative this one started from.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised by every edit, so two clerks cannot overwrite each other."
    )

    history = HistoricalRecords(excluded_fields=["version", "html"])

    class Meta:
        ordering = ["-meeting_date", "-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state="draft")
                | models.Q(issued_at__isnull=False, issued_by__isnull=False) & ~models.Q(sha256=""),
                name="board_report_issued_has_pdf_record",
            )
        ]

    def __str__(self):
        return f"{self.meeting}, {self.meeting_date:%-d %B %Y}: {self.title}"

    def save(self, *args, **kwargs):
        # The one rule that must hold whatever path writes: an issued report is frozen. Only
        # the save that issues it (from draft in the database) may write an issued row.
        if self.pk and not kwargs.get("force_insert"):
            stored = BoardReport.objects.filter(pk=self.pk).values_list("state", flat=True).first()
            if stored == self.State.ISSUED:
                raise ValidationError("An issued report cannot be changed.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("report_detail", kwargs={"slug": self.plan.slug, "pk": self.pk})

    @property
    def is_issued(self) -> bool:
        return self.state == self.State.ISSUED

    @property
    def public_key(self) -> str:
        """How the public pages name an issued report: the start of its PDF's SHA-256, so
        that no private id appears in a public address."""
        return self.sha256[:16]

    def narrative(self) -> dict[str, str]:
        """The fields a new report starts from."""
        return {name: getattr(self, name) for name in NARRATIVE_FIELDS}
