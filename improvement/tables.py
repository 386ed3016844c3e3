"""The base every django-tables2 table here builds on."""

import django_tables2 as tables

from improvement.spreadsheets.export import neutralise


class ExportTable(tables.Table):
    """A table whose CSV and XLSX exports can never carry a live spreadsheet formula: any text
    cell that starts like one (=, +, -, @, a tab or a carriage return) is written as text."""

    def as_values(self, exclude_columns=None):
        for row in super().as_values(exclude_columns):
            yield [neutralise(cell) if isinstance(cell, str) else cell for cell in row]
