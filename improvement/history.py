"""What every change history shows of who made a change (django-simple-history records)."""


def who_changed(record) -> str:
    """The person who made a historical record's change, or that an import or the system did."""
    user = record.history_user
    return (user.get_full_name() or user.username) if user else "Import or system"
