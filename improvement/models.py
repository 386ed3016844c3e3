"""The core every app shares: organisations, people (leads) and plans with their themes."""

import hashlib
import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PersonQuerySet(models.QuerySet):
    def current(self):
        """People who have not left: the only ones pickers offer."""
        return self.filter(left_on__isnull=True)


class Person(models.Model):
    """A lead: usually a person known by initials, sometimes a job title or a body."""

    name = models.CharField(max_length=200)
    initials = models.CharField(
        max_length=10,
        blank=True,
        help_text="As written in the plan, case and all (SMe and SMA are two people).",
    )
    role = models.CharField(max_length=300, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    is_listed = models.BooleanField(
        default=True,
        help_text="False when the plan names this lead but its list of leads does not define "
        "them, so who they are is unknown.",
    )
    note = models.TextField(blank=True)
    left_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day they left; their open work was handed over to their successor.",
    )
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text="Who took over their open work when they left.",
    )

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["initials"], condition=~Q(initials=""), name="person_initials_unique"
            )
        ]

    def __str__(self):
        if self.initials and self.initials != self.name:
            return f"{self.name} ({self.initials})"
        return self.name

    @property
    def short_name(self) -> str:
        """What plans print for a lead: the initials where there are some."""
        return self.initials or self.name


def default_risk_bands():
    return [{"name": "LOW", "max": 4}, {"name": "MEDIUM", "max": 9}, {"name": "HIGH", "max": None}]


class Plan(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=80, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
        help_text="The council (or body) that owns the plan. Its staff read the plan.",
    )
    partners = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="partner_plans",
        verbose_name="partner organisations",
        help_text="Organisations that share the plan (the NHS, the police): their staff read it.",
    )
    restricted = models.BooleanField(
        default=False,
        help_text="When on, only the plan's members, directors of its organisation and "
        "administrators read it.",
    )
    description = models.TextField(blank=True)
    source = models.TextField(blank=True, help_text="Where the plan comes from.")
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    reporting_cycle_days = models.PositiveSmallIntegerField(
        default=28, help_text="How often leads are expected to update their milestones."
    )
    risk_scale = models.PositiveSmallIntegerField(
        default=4, choices=[(4, "4 x 4"), (5, "5 x 5")], help_text="Likelihood x severity."
    )
    risk_bands = models.JSONField(
        default=default_risk_bands,
        help_text='Bands by upper score, lowest first; the last has "max": null.',
    )
    managers = models.ManyToManyField(
        Person,
        blank=True,
        related_name="managed_plans",
        help_text="Plan managers may update any milestone of the plan and sign completions off.",
    )
    import_mapping = models.JSONField(
        default=dict,
        blank=True,
        help_text="The sheet, heading row and columns of the plan's last import, used again for "
        "next month's file when it still fits.",
    )
    completion_sign_off = models.BooleanField(
        default=False,
        help_text="When on, a lead's Complete is a request that a plan manager confirms; until "
        "then it counts as on track.",
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by every write that can change the plan's figures (cached until then).",
    )
    history = HistoricalRecords(
        excluded_fields=["version", "import_mapping", "risk_bands"], m2m_fields=[partners]
    )

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plan_detail", kwargs={"slug": self.slug})

    def span(self) -> tuple[date | None, date | None]:
        return self.starts_on, self.ends_on


class PlanMember(models.Model):
    """A person named on a plan: a viewer reads it even when it is restricted, a contributor
    also updates any of its milestones, a manager also runs it (settings, structure, people)."""

    class Role(models.TextChoices):
        VIEWER = "viewer", "Viewer"
        CONTRIBUTOR = "contributor", "Contributor"
        MANAGER = "manager", "Manager"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "person"], name="plan_member_unique")
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()}, {self.plan})"


class Theme(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=200)
    code = models.CharField(max_length=20, blank=True)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="theme_name_unique_in_plan")
        ]

    def __str__(self):
        return self.name


class ApiToken(models.Model):
    """A personal token for the read-only API. Only its SHA-256 is stored: the token itself is
    shown once, when it is made, and cannot be recovered."""

    PREFIX = "itk_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. Power BI.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=12, editable=False, help_text="The token's first letters.")
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, user, name: str) -> tuple["ApiToken", str]:
        """A new token for the user; returns it with the secret, which is not kept."""
        secret = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, key_hash=cls.digest(secret), hint=secret[: len(cls.PREFIX) + 4]
        )
        return token, secret

    @staticmethod
    def digest(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @property
    def active(self) -> bool:
        return self.revoked is None
