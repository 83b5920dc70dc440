"""A parameter's dated values placed in time: the status of each on a day, and the history column of tables.

Registry-only (no rule, no page): `policy.table_md` and `handbook.timeline` both use it.
"""

from __future__ import annotations

from datetime import date

from handbook.policy.registry import Parameter

UPCOMING, IN_FORCE, SUPERSEDED, ENDED = "upcoming", "in force", "superseded", "ended"


def status(parameter: Parameter, index: int, on: date) -> str:
    """The status on `on` of the parameter's `index`-th dated value."""
    entry = parameter.values[index]
    if entry.start > on:
        return UPCOMING
    later = parameter.values[index + 1:]
    if later and later[0].start <= on:
        return SUPERSEDED
    if entry.until is not None and entry.until < on:
        return ENDED
    return IN_FORCE


def history_text(parameter: Parameter, on: date) -> str:
    """The parameter's dated values other than the one in force on `on` (earlier, and upcoming ones marked)."""
    parts = []
    for i, entry in enumerate(parameter.values):
        state = status(parameter, i, on)
        if state == IN_FORCE:
            continue
        until = f" – {entry.until}" if entry.until else ""
        start = "always" if entry.start == date.min else str(entry.start)
        parts.append(f"{start}{until}: {parameter.format(entry.value)}" + (" (upcoming)" if state == UPCOMING else ""))
    return "; ".join(parts) if parts else "—"
