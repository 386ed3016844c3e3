"""The base every django-tables2 table here builds on."""

from datetime import date

import django_tables2 as tables
from django.core.paginator import Paginator
from django.utils.formats import date_format

from improvement.asat import carried_as_at, with_as_at
from improvement.workbook import neutralise

MAX_PER_PAGE = 200


class ExportTable(tables.Table):
    """A table whose CSV and XLSX exports can never carry a live spreadsheet formula: any text
    cell that starts like one (=, +, -, @, a tab or a carriage return) is written as text."""

    def as_values(self, exclude_columns=None):
        for row in super().as_values(exclude_columns):
            yield [neutralise(cell) if isinstance(cell, str) else cell for cell in row]

    def address(self, url: str) -> str:
        """A link from the table to another page, keeping the page's as-at date."""
        request = getattr(self, "request", None)
        return with_as_at(url, carried_as_at(request)) if request is not None else url

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        # ?per_page= comes from the address bar: nonsense must not fail (0 or less made an
        # empty paginator raise), and a huge value must not send a large plan's every row.
        if per_page is not None:
            per_page = min(max(per_page, 1), MAX_PER_PAGE)
        return super().paginate(paginator_class, per_page, page, *args, **kwargs)


class DateColumn(tables.Column):
    """django-tables2's DateColumn, without compiling a template for every cell (it is a
    TemplateColumn: 50 compilations on a page of milestones, a third of the page's time).
    Shown in `format`; exported as ISO dates, as django-tables2's is."""

    def __init__(self, *args, format="SHORT_DATE_FORMAT", **kwargs):
        self.format = format
        super().__init__(*args, **kwargs)

    def render(self, value):
        return date_format(value, self.format)

    def value(self, value, **kwargs):
        if isinstance(value, date):
            return value.isoformat()
        return super().value(value=value, **kwargs)
