"""Form widgets and input formats every app's forms share."""

from django import forms

# ISO from a date picker, then UK day/month/year as typed where the browser has no picker.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
