"""Argument types shared by the management commands."""

from datetime import date

from django.core.management.base import CommandError


def iso_date(value: str) -> date:
    """`--as-at 2006-06-30`: a date as YYYY-MM-DD, or a clear error."""
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--as-at must be a date as YYYY-MM-DD, not {value!r}") from exc
