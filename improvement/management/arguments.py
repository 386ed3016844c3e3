"""Argument types shared by the management commands."""

from datetime import date

from django.core.management.base import CommandError

from improvement.asat import in_range


def iso_date(value: str) -> date:
    """`--as-at 2006-06-30`: a date as YYYY-MM-DD, or a clear error."""
    try:
        as_at = date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--as-at must be a date as YYYY-MM-DD, not {value!r}") from exc
    if not in_range(as_at):
        raise CommandError(f"--as-at must be between 1990-01-01 and 2100-12-31, not {value!r}")
    return as_at
