from django.contrib import admin, messages

from improvement.admin_site import PlanLabels
from improvement.models import ApiToken, Organisation, Person, Plan, PlanMember, Theme


@admin.register(Organisation)
class OrganisationAdmin(PlanLabels, admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(PlanLabels, admin.ModelAdmin):
    list_display = ["name", "initials", "role", "organisation", "user", "is_listed"]
    list_filter = ["is_listed", "organisation"]
    search_fields = ["name", "initials", "role", "email"]
    autocomplete_fields = ["organisation", "user"]


class ThemeInline(PlanLabels, admin.TabularInline):
    model = Theme
    extra = 0


class PlanMemberInline(PlanLabels, admin.TabularInline):
    model = PlanMember
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Plan)
class PlanAdmin(PlanLabels, admin.ModelAdmin):
    list_display = ["title", "slug", "organisation", "restricted", "starts_on", "ends_on"]
    list_filter = ["restricted", "organisation"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "slug"]
    autocomplete_fields = ["organisation", "partners", "managers"]
    inlines = [ThemeInline, PlanMemberInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        plan = form.instance
        if plan.completion_sign_off and not plan.managers.exists():
            messages.warning(
                request,
                "Completion sign-off is on but the plan names no manager, so only "
                "administrators can confirm completions. Name a manager below.",
            )


@admin.register(Theme)
class ThemeAdmin(PlanLabels, admin.ModelAdmin):
    list_display = ["name", "code", "plan", "order"]
    list_filter = ["plan"]


@admin.register(ApiToken)
class ApiTokenAdmin(PlanLabels, admin.ModelAdmin):
    """Administrators see and can revoke tokens, never their secrets (only hashes are kept)."""

    list_display = ["name", "user", "hint", "created", "last_used", "revoked"]
    list_filter = ["revoked"]
    readonly_fields = ["user", "name", "hint", "created", "last_used"]

    def has_add_permission(self, request):
        return False
