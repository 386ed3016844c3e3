"""The "as at" date every figure honours, read from ?as_at=YYYY-MM-DD."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

# Every date a user can ask for lies within these: the plans this tracks, with room either
# side. Without a bound, 9999-12-31 plus a fortnight overflows the date type.
EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)
RANGE_MESSAGE = "Enter a date between 1990 and 2100"


def in_range(value: date) -> bool:
    return EARLIEST <= value <= LATEST


def date_in_range(value: date | None) -> None:
    """A form field validator: the date lies between EARLIEST and LATEST."""
    if value is not None and not in_range(value):
        raise ValidationError(f"{RANGE_MESSAGE}, not {value:%d/%m/%Y}", code="out_of_range")


class AsAtForm(forms.Form):
    as_at = forms.DateField(
        label="As at",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}
        ),
        error_messages={"invalid": "Enter a real date, for example 30/06/2006"},
        validators=[date_in_range],
    )


def as_at_from(request) -> tuple[date, AsAtForm]:
    """The requested as-at date (today when none or invalid) and the bound form for the page."""
    form = AsAtForm(request.GET or None)
    today = timezone.localdate()
    if form.is_bound and form.is_valid() and form.cleaned_data["as_at"]:
        return form.cleaned_data["as_at"], form
    return today, form


def carried_as_at(request) -> date | None:
    """The as-at date the request asks for, when it is a real one and not today's: the date
    every link from the page carries on (today's needs no carrying, and an address without
    it stays shareable as "the latest")."""
    if not hasattr(request, "_carried_as_at"):
        day, form = as_at_from(request)
        chosen = form.is_bound and form.is_valid() and form.cleaned_data["as_at"]
        request._carried_as_at = day if chosen and day != timezone.localdate() else None
    return request._carried_as_at


def with_as_at(url: str, day: date | None) -> str:
    """The address with ?as_at= (or &as_at=) added before any #fragment; unchanged for None."""
    if day is None:
        return url
    address, hash_, fragment = url.partition("#")
    separator = "&" if "?" in address else "?"
    return f"{address}{separator}as_at={day:%Y-%m-%d}{hash_}{fragment}"


class PlanListMixin:
    """For a plan's list pages: the plan from the URL and the as-at date from the query, both
    in the page's context. Pages that export (django-tables2's ExportMixin) export as at it."""

    def dispatch(self, request, *args, **kwargs):
        from improvement.access import readable_plan_or_404

        self.plan = readable_plan_or_404(request.user, kwargs["slug"])
        self.as_at, self.as_at_form = as_at_from(request)
        return super().dispatch(request, *args, **kwargs)

    def create_export(self, export_format):
        # Excel files get typed cells, a frozen and filtered heading row and an About sheet
        # naming the plan and the date (django-tables2's own writes every cell as text).
        if export_format != "xlsx":
            return super().create_export(export_format)
        from improvement.workbook import table_xlsx_response

        return table_xlsx_response(
            self.get_table(**self.get_table_kwargs()),
            self.plan,
            self.as_at,
            self.get_export_filename(export_format),
            exclude=self.exclude_columns,
        )

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "plan": self.plan,
            "as_at": self.as_at,
            "as_at_form": self.as_at_form,
        }
