from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export.views import ExportMixin

from improvement.access import readable_plan_or_404, readable_plans
from improvement.asat import PlanListMixin, as_at_from
from risks import bands, permissions
from risks.filtersets import RiskFilterSet
from risks.forms import RiskMatrixForm, RiskReviewForm
from risks.history import field_changes, review_rows
from risks.models import Risk
from risks.services import change_matrix, record_review, scores_off_scale
from risks.summary import heat_maps
from risks.tables import RiskTable


class RiskListView(PlanListMixin, ExportMixin, SingleTableMixin, FilterView):
    """A plan's risk register as at a date, with its heat maps: sortable, filterable, and
    exported exactly as filtered with ?_export=csv or ?_export=xlsx."""

    table_class = RiskTable
    filterset_class = RiskFilterSet
    template_name = "risks/risk_list.html"
    paginate_by = 50
    export_formats = ("csv", "xlsx")

    def get_queryset(self):
        return Risk.objects.filter(plan=self.plan).with_related().with_assessment(self.as_at)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "plan": self.plan}

    def get_table_kwargs(self):
        return {"matrix": self.plan.risk_bands}

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        table.caption = f"Risks to {self.plan.title} as at {self.as_at:%-d %b %Y}"
        return table

    def get_export_filename(self, export_format):
        return f"{self.plan.slug}-risks-{self.as_at:%Y-%m-%d}.{export_format}"

    def get_context_data(self, **kwargs):
        inherent, residual = heat_maps(self.plan, self.as_at)
        return {
            **super().get_context_data(**kwargs),
            "heat_maps": (inherent, residual),
            "matrix": bands.describe(self.plan.risk_bands, self.plan.risk_scale),
            "can_change_matrix": permissions.can_change_matrix(self.request.user, self.plan),
        }


def get_risk(user, slug: str, ref: str) -> Risk:
    """The risk of this plan's address, or 404 where the user may not read the plan."""
    return get_object_or_404(
        Risk.objects.select_related("plan", "owner"),
        plan__slug=slug,
        plan__in=readable_plans(user),
        ref=ref,
    )


def risk_detail(request, slug, ref):
    as_at, _ = as_at_from(request)
    risk = get_object_or_404(
        Risk.objects.with_related().with_assessment(as_at),
        plan__slug=slug,
        plan__in=readable_plans(request.user),
        ref=ref,
    )
    plan = risk.plan
    inherent = bands.rate(risk.likelihood_as_at, risk.severity_as_at, plan.risk_bands)
    residual = bands.rate(
        risk.residual_likelihood_as_at, risk.residual_severity_as_at, plan.risk_bands
    )
    return render(
        request,
        "risks/risk_detail.html",
        {
            "plan": plan,
            "risk": risk,
            "as_at": as_at,
            "inherent": inherent,
            "residual": residual,
            "above_inherent": bands.residual_above_inherent(inherent.score, residual.score),
            "history": review_rows(risk, plan.risk_bands),
            "changes": field_changes(risk),
            "can_review": permissions.can_review_risk(request.user, risk),
        },
    )


@require_http_methods(["GET", "POST"])
def risk_review(request, slug, ref):
    risk = get_risk(request.user, slug, ref)
    permissions.require_can_review(request.user, risk)
    today = timezone.localdate()
    if request.method == "POST":
        form = RiskReviewForm(request.POST, risk=risk)
        if form.is_valid():
            data = form.cleaned_data
            record_review(
                risk,
                reviewed_on=data["reviewed_on"],
                likelihood=data["likelihood"],
                severity=data["severity"],
                residual_likelihood=data["residual_likelihood"],
                residual_severity=data["residual_severity"],
                note=data["note"].strip(),
                next_review_on=data["next_review_on"],
                close=data["close"],
                author=request.user,
            )
            messages.success(request, reviewed_message(risk, form))
            return redirect(risk.get_absolute_url())
    else:
        current = Risk.objects.with_assessment(today).get(pk=risk.pk)
        form = RiskReviewForm(
            risk=risk,
            initial={
                "reviewed_on": today,
                "likelihood": current.likelihood_as_at,
                "severity": current.severity_as_at,
                "residual_likelihood": current.residual_likelihood_as_at,
                "residual_severity": current.residual_severity_as_at,
            },
        )
    return render(
        request,
        "risks/risk_review.html",
        {"plan": risk.plan, "risk": risk, "form": form},
    )


def reviewed_message(risk: Risk, form: RiskReviewForm) -> str:
    message = f"Review of risk {risk.ref} recorded."
    if form.residual_above_inherent:
        message += (
            " Its residual score is above its inherent score: check that the mitigation does "
            "not make the risk worse."
        )
    next_review_on = form.cleaned_data["next_review_on"]
    if not form.cleaned_data["close"] and next_review_on and next_review_on < timezone.localdate():
        message += f" Its next review date ({next_review_on:%-d %b %Y}) has passed: review overdue."
    return message


@require_http_methods(["GET", "POST"])
def risk_matrix(request, slug):
    plan = readable_plan_or_404(request.user, slug)
    permissions.require_can_change_matrix(request.user, plan)
    form = RiskMatrixForm(
        request.POST or None, plan=plan, in_use_check=lambda scale: scores_off_scale(plan, scale)
    )
    if request.method == "POST" and form.is_valid():
        today = timezone.localdate()
        moved = change_matrix(plan, form.cleaned_data["scale"], form.cleaned_data["bands"], today)
        messages.success(
            request,
            f"Risk matrix saved. {moved} open risk{'s' if moved != 1 else ''} changed band; "
            "recorded reviews keep the bands they were given.",
        )
        return redirect("risk_list", slug=plan.slug)
    inherent, _ = heat_maps(plan, timezone.localdate())
    return render(
        request,
        "risks/risk_matrix.html",
        {
            "plan": plan,
            "form": form,
            "heat_map": inherent,
            "matrix": bands.describe(plan.risk_bands, plan.risk_scale),
        },
    )
