"""The mapping step of an import: which sheet holds the plan, which row its headings, and which
template column each heading is, with ordinary selects."""

from django import forms

from improvement.spreadsheets.layout import HEADING_ROWS_SCANNED, NOT_IMPORTED, Mapping
from improvement.spreadsheets.template import PLAN_COLUMNS

COLUMN_CHOICES = [(NOT_IMPORTED, "Not imported")] + [
    (column, f"{column.replace('_', ' ').capitalize()} ({column})") for column in PLAN_COLUMNS
]
PREVIEW_CHARACTERS = 70


def _row_preview(record: list[str]) -> str:
    text = ", ".join(c.strip() for c in record if c.strip())
    return text[:PREVIEW_CHARACTERS] + ("…" if len(text) > PREVIEW_CHARACTERS else "")


class MappingForm(forms.Form):
    """Built from the workbook as read and the plan sheet's layout as shown; a changed sheet
    or heading row is read afresh, and only the shown row's columns take the selects."""

    sheet = forms.ChoiceField(label="Sheet that holds the plan")
    # Any row of any sheet may be chosen: the select offers the shown sheet's first rows, with
    # what each holds, and a changed sheet's heading row is looked for afresh.
    header_row = forms.IntegerField(
        label="Row that holds its headings", min_value=1, widget=forms.Select
    )
    shown_sheet = forms.CharField(widget=forms.HiddenInput, required=False)
    shown_row = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, workbook, layout=None, data=None, grids=None):
        """``grids``: the sheets to offer, already chosen, instead of the workbook's (a
        stored preview keeps only those and their first rows)."""
        super().__init__(data)
        if grids is None:
            grids = [g for g in workbook.grids if any(any(c.strip() for c in r) for r in g.records)]
        self.fields["sheet"].choices = [(g.title, g.title) for g in grids]
        shown = next((g for g in grids if layout and g.title == layout.sheet), grids[0])
        self.fields["header_row"].choices = [
            (
                n,
                f"Row {n}: {_row_preview(record)}"
                if any(c.strip() for c in record)
                else f"Row {n}",
            )
            for n, record in enumerate(shown.records[:HEADING_ROWS_SCANNED], start=1)
        ]
        header_row = layout.header_row if layout else 1
        if header_row > HEADING_ROWS_SCANNED:
            self.fields["header_row"].choices.append((header_row, f"Row {header_row}"))
        self.initial = {
            "sheet": shown.title,
            "header_row": header_row,
            "shown_sheet": shown.title,
            "shown_row": header_row,
        }
        self.column_names = []
        for column in layout.headed if layout else []:
            name = f"column_{column.index}"
            self.fields[name] = forms.ChoiceField(
                label=f"Column {column.letter}: “{column.heading}”",
                choices=COLUMN_CHOICES,
                required=False,
            )
            self.initial[name] = column.column
            self.column_names.append((name, column.heading))

    @property
    def column_fields(self):
        return [self[name] for name, _ in self.column_names]

    def mapping(self) -> Mapping:
        """The choice made: a new sheet or heading row is read afresh from that sheet."""
        data = self.cleaned_data
        if data["sheet"] != data["shown_sheet"]:
            return Mapping(data["sheet"], None, {})
        if data["header_row"] != data["shown_row"]:
            return Mapping(data["sheet"], data["header_row"], {})
        columns = {heading: data.get(name) or NOT_IMPORTED for name, heading in self.column_names}
        return Mapping(data["sheet"], data["header_row"], columns)
