from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from improvement.admin_site import PlanLabels
from risks.models import Risk, RiskReview


class RiskAdminForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = [
            "plan",
            "ref",
            "description",
            "likelihood",
            "severity",
            "mitigation",
            "owner",
            "residual_likelihood",
            "residual_severity",
            "contingency",
            "review_date",
            "closed_on",
            "recommendations",
        ]

    def clean(self):
        data = super().clean()
        plan = data.get("plan")
        others = [r.ref for r in data.get("recommendations") or () if plan and r.plan_id != plan.pk]
        if others:
            self.add_error(
                "recommendations",
                f"Link only recommendations of the same plan (not {', '.join(others)}).",
            )
        return data


class RiskReviewInline(PlanLabels, admin.TabularInline):
    """The history, shown but never edited: reviews are append-only and recorded on the
    risk's page, which bands them."""

    model = RiskReview
    extra = 0
    fields = [
        "reviewed_on",
        "likelihood",
        "severity",
        "band",
        "residual_likelihood",
        "residual_severity",
        "residual_band",
        "next_review_on",
        "closed",
        "note",
        "author",
        "created",
    ]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Risk)
class RiskAdmin(PlanLabels, SimpleHistoryAdmin):
    form = RiskAdminForm
    list_display = ["ref", "plan", "description", "owner", "review_date", "closed_on"]
    list_filter = ["plan"]
    search_fields = ["ref", "description", "mitigation"]
    list_select_related = ["plan", "owner"]
    autocomplete_fields = ["owner", "recommendations"]
    ordering = ["plan", "ref_sort"]
    inlines = [RiskReviewInline]


@admin.register(RiskReview)
class RiskReviewAdmin(PlanLabels, admin.ModelAdmin):
    list_display = ["risk", "reviewed_on", "band", "residual_band", "author", "created"]
    list_filter = ["risk__plan"]
    list_select_related = ["risk__plan", "author"]
    date_hierarchy = "reviewed_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
