"""The base every django-tables2 table here builds on."""

import django_tables2 as tables
from django.core.paginator import Paginator

from improvement.spreadsheets.export import neutralise

MAX_PER_PAGE = 200


class ExportTable(tables.Table):
    """A table whose CSV and XLSX exports can never carry a live spreadsheet formula: any text
    cell that starts like one (=, +, -, @, a tab or a carriage return) is written as text."""

    def as_values(self, exclude_columns=None):
        for row in super().as_values(exclude_columns):
            yield [neutralise(cell) if isinstance(cell, str) else cell for cell in row]

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        # ?per_page= comes from the address bar: nonsense must not fail (0 or less made an
        # empty paginator raise), and a huge value must not send a large plan's every row.
        if per_page is not None:
            per_page = min(max(per_page, 1), MAX_PER_PAGE)
        return super().paginate(paginator_class, per_page, page, *args, **kwargs)
