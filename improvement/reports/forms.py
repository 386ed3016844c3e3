from django import forms

from improvement.asat import date_in_range

from .committees import carried_over
from .models import NARRATIVE_FIELDS, BoardReport

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def date_field(label: str, help_text: str, example: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        validators=[date_in_range],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter a real date for the {label.lower()}, for example {example}",
        },
    )


class BoardReportForm(forms.ModelForm):
    meeting_date = date_field("Meeting date", "For example, 13/07/2006.", "13/07/2006")
    as_at = date_field(
        "Figures as at",
        "Every figure in the report is taken as at this date, for example 30/06/2006.",
        "30/06/2006",
    )

    class Meta:
        model = BoardReport
        fields = ["title", "meeting", "meeting_date", "as_at", *NARRATIVE_FIELDS]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in NARRATIVE_FIELDS
            if name not in ("portfolio_responsibility", "wards_affected")
        } | {"considerations": forms.Textarea(attrs={"rows": 10})}
        help_texts = {
            "considerations": "Numbered paragraphs, one per blank line. The progress figures "
            "follow them and are computed as at the date above.",
            "contact": "Who can tell readers more, with a telephone number.",
        }
        error_messages = {
            "title": {"required": "Enter the report's title"},
            "meeting": {"required": "Enter the meeting the report goes to"},
        }

    def __init__(self, *args, carried_from: BoardReport | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.carried_from = carried_from
        if carried_from is None:
            return
        # Marked until edited: a field still holding the earlier report's text says so.
        shown = {name: self[name].value() or "" for name in NARRATIVE_FIELDS}
        self.carried_fields = carried_over(shown, carried_from.narrative())
        origin = (
            f"Carried over from “{carried_from.title}” ({carried_from.meeting}, "
            f"{carried_from.meeting_date:%-d %B %Y}) until you edit it."
        )
        for name in self.carried_fields:
            field = self.fields[name]
            field.help_text = f"{origin} {field.help_text}".strip()
        self._bound_fields_cache.clear()  # made above, before the hints changed

    carried_fields: list[str] = []

    def clean(self):
        cleaned = super().clean()
        as_at, meeting_date = cleaned.get("as_at"), cleaned.get("meeting_date")
        if as_at and meeting_date and as_at > meeting_date:
            self.add_error("as_at", "The figures must be as at the meeting date or before it")
        return cleaned


class BoardReportEditForm(BoardReportForm):
    """The same fields, with the version the clerk opened, so a save cannot overwrite
    someone else's."""

    version = forms.IntegerField(widget=forms.HiddenInput)
