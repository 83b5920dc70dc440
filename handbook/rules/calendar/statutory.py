"""The statutory holidays (法定节假日) of a year, for schedule-file checks and provisional answers."""

from __future__ import annotations

import functools
from datetime import date


@functools.cache
def statutory_holidays(year: int) -> dict[date, str]:
    """The statutory holidays of `year` (法定节假日), English names, from the `holidays` library.

    Only the law's own days: the library's "(observed)" days (its guesses) and its substituted days off
    (a year's arrangement, which the handbook takes from the schedule instead) are left out.
    """
    import holidays as holidays_lib  # imported on first use: it is needed only near a year boundary

    table = holidays_lib.country_holidays("CN", years=year, observed=False, language="en_US")
    days = {}
    for d in sorted(table):
        names = [n for n in table.get_list(d) if not n.startswith("Day off") and "(observed)" not in n]
        if names:
            days[d] = "; ".join(names)
    return days
