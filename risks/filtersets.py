import django_filters
from django import forms

from improvement.models import Person
from risks import bands
from risks.models import Risk

BAND_HELP = "Residual, else inherent."


class RiskFilterSet(django_filters.FilterSet):
    """Filters for a plan's risk register. Scores, open and overdue are as at the page's date
    (annotated by RiskQuerySet.with_assessment); the four score filters are the heat map's
    cells, kept as hidden fields so the other filters keep them."""

    band = django_filters.ChoiceFilter(
        label="Band", empty_label="Any band", method="filter_band", help_text=BAND_HELP
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=Person.objects.none(), empty_label="Any owner", label="Owner"
    )
    status = django_filters.ChoiceFilter(
        label="Open or closed",
        choices=[("open", "Open"), ("closed", "Closed")],
        empty_label="Open and closed",
        method="filter_status",
    )
    review_overdue = django_filters.BooleanFilter(
        label="Review overdue only", widget=forms.CheckboxInput, method="filter_review_overdue"
    )
    likelihood = django_filters.NumberFilter(
        field_name="likelihood_as_at", widget=forms.HiddenInput
    )
    severity = django_filters.NumberFilter(field_name="severity_as_at", widget=forms.HiddenInput)
    residual_likelihood = django_filters.NumberFilter(
        field_name="residual_likelihood_as_at", widget=forms.HiddenInput
    )
    residual_severity = django_filters.NumberFilter(
        field_name="residual_severity_as_at", widget=forms.HiddenInput
    )

    class Meta:
        model = Risk
        fields = ()

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.filters["band"].extra["choices"] = [
            *((name, name) for name in bands.band_names(plan.risk_bands)),
            (bands.UNSCORED, bands.NOT_SCORED),
        ]
        self.filters["owner"].queryset = Person.objects.filter(owned_risks__plan=plan).distinct()

    def filter_band(self, queryset, name, value):
        if value == bands.UNSCORED:
            return queryset.filter(rated_score__isnull=True)
        above, up_to = bands.score_range(value, self.plan.risk_bands)
        queryset = queryset.filter(rated_score__gt=above)
        return queryset.filter(rated_score__lte=up_to) if up_to is not None else queryset

    def filter_status(self, queryset, name, value):
        return queryset.filter(is_open=value == "open")

    def filter_review_overdue(self, queryset, name, value):
        # An unticked box means "any", not "only those not overdue".
        return queryset.filter(review_overdue=True) if value else queryset

    @property
    def cell(self) -> str:
        """The heat map cell the register is narrowed to, in words, or ""."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        parts = []
        for kind, (l_key, s_key) in (
            ("before mitigation", ("likelihood", "severity")),
            ("after mitigation", ("residual_likelihood", "residual_severity")),
        ):
            if data.get(l_key) is not None or data.get(s_key) is not None:
                parts.append(
                    f"likelihood {_whole(data.get(l_key))} and severity "
                    f"{_whole(data.get(s_key))} {kind}"
                )
        return "; ".join(parts)


def _whole(value) -> str:
    return "any" if value is None else f"{value:g}"
