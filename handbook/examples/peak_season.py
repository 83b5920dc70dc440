"""Peak-season examples built from the figures in force (notebook 05)."""

from __future__ import annotations

from datetime import date

from handbook import policy

EXPORT_LIMIT = "aliexpress.peak_season.export_limit"


def backlog_orders(on: date) -> int:
    """A promotion's backlog: two full exports and a quarter of one (so the export count rounds up to three)."""
    return int(policy.get(EXPORT_LIMIT, on)) * 9 // 4
