"""Filters every app's filtersets share."""

import django_filters


class LabelChoiceField(django_filters.fields.ModelChoiceField):
    """Choices named by the object's `label` ("4 — Ensure that a written record…"), not by a
    number alone."""

    def label_from_instance(self, obj):
        return obj.label


class LabelledChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = LabelChoiceField
