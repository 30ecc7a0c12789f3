"""Date arithmetic for document control."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months; the 31st becomes the month's last day if needed."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until(document: dict[str, object]) -> dt.date | None:
    """The day the plan must be reviewed by: approved plus review_months, or None."""
    approved, months = document.get("approved"), document.get("review_months")
    if isinstance(approved, dt.date) and isinstance(months, int):
        return add_months(approved, months)
    return None

