"""The Django admin: for administrators only, and every choice of a plan's thing names its plan.

Two plans both have a "Recommendation 4"; a drop-down that said only that let an administrator
link a PI to another council's recommendation. Every ForeignKey and many-to-many choice (select,
autocomplete, and the autocomplete's search results) of a model that belongs to a plan reads
"<plan title>: Recommendation 4 — <its title or wording>", loaded with its plan in the same query.
"""

from functools import wraps

from django.contrib.admin import AdminSite
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteMixin
from django.core.exceptions import PermissionDenied

from improvement.models import Plan
from improvement.roles import is_administrator

# How far a model's foreign keys are followed to find its plan (MilestoneLead -> milestone ->
# recommendation -> plan is three).
MAX_DEPTH = 3
AUTOCOMPLETE_WIDTH = "40em"


def plan_path(model) -> str | None:
    """The lookup from a model to its plan ("plan", "recommendation__plan"), or None for a
    model that belongs to no plan (and for Plan itself, whose name is its own)."""
    frontier = [("", model)]
    for _ in range(MAX_DEPTH):
        found = []
        for prefix, current in frontier:
            for field in current._meta.get_fields():
                if not (field.many_to_one and field.concrete):
                    continue
                path = f"{prefix}{field.name}"
                if field.related_model is Plan:
                    return path
                if field.related_model is not model:
                    found.append((f"{path}__", field.related_model))
        frontier = found
    return None


def plan_of(obj) -> Plan | None:
    path = plan_path(type(obj))
    if path is None:
        return None
    for name in path.split("__"):
        obj = getattr(obj, name, None)
    return obj


def item_label(obj) -> str:
    """The thing itself as a choice reads: "Recommendation 4 — Safeguarding…", "Milestone 4.3",
    "Risk R2", "Theme Stay Safe"."""
    kind = str(obj._meta.verbose_name).capitalize()
    label = getattr(obj, "label", None)
    text = str(label if isinstance(label, str) else obj)
    return text if text.lower().startswith(kind.lower()) else f"{kind} {text}"


def plan_label(obj) -> str:
    plan = plan_of(obj)
    return f"{plan.title}: {item_label(obj)}" if plan else str(obj)


class PlanLabels:
    """For a ModelAdmin or an inline: choices of a plan's things name their plan, each loaded
    with its plan (select_related) rather than one query per choice."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return self._labelled(db_field, request, kwargs, super().formfield_for_foreignkey)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return self._labelled(db_field, request, kwargs, super().formfield_for_manytomany)

    def _labelled(self, db_field, request, kwargs, make_field):
        path = plan_path(db_field.related_model)
        if path and "queryset" not in kwargs:
            queryset = self.get_field_queryset(kwargs.get("using"), db_field, request)
            if queryset is None:
                queryset = db_field.related_model._default_manager.all()
            kwargs["queryset"] = queryset.select_related(path)
        field = make_field(db_field, request, **kwargs)
        if path and field is not None:
            field.label_from_instance = plan_label
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, AutocompleteMixin):
                # Wide enough for the plan's name and the thing's (select2 reads data-width).
                widget.attrs["data-width"] = AUTOCOMPLETE_WIDTH
        return field

    def get_queryset(self, request):
        # The autocomplete's results come from the chosen model's own admin: with their plans.
        queryset = super().get_queryset(request)
        path = plan_path(queryset.model)
        return queryset.select_related(path) if path else queryset


class PlanAutocompleteJsonView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        return {**super().serialize_result(obj, to_field_name), "text": plan_label(obj)}


class TrackerAdminSite(AdminSite):
    site_header = "Improvement Tracker administration"
    site_title = "Improvement Tracker"

    def has_permission(self, request):
        """Administrators only: the role decides, not is_staff, which a director or a clerk
        may have been given for other reasons."""
        return request.user.is_active and is_administrator(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def refuse_the_signed_in(request, *args, **kwargs):
            # Django would send a signed-in user to the log-in page, which (signed in) sends
            # them straight back: say no instead.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied("Only administrators may use the administration pages.")
            return inner(request, *args, **kwargs)

        return refuse_the_signed_in

    def autocomplete_view(self, request):
        return PlanAutocompleteJsonView.as_view(admin_site=self)(request)
