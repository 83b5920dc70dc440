"""The policy timeline ("What changed"), generated from the parameter registry, and the "as of" line.

- `changes(on)` — every dated value of every parameter, in date order, with its source, the value it
  replaced, its status on `on` (upcoming, in force, superseded, ended) and where it is used
  (`handbook.usage`: pages and calculators, derived from the notebooks and the code).
- `timeline_md(on)` — the page: upcoming values first (announced, not yet in force), then every change.
- `history_text(pid, on)` — one parameter's other dated values, for the history column of parameter tables.
- `as_of_line(slug)` — the line every page opens with: "Rules as of <date> · sources last reviewed <date>".

`on` defaults to the handbook's "as of" date (`handbook.policy.today()`: `HANDBOOK_TODAY`, else today in
Asia/Shanghai).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from handbook import policy
from handbook.figure_check import history
from handbook.markdown import Prose
from handbook.markdown import table as markdown_table
from handbook.policy.history import ENDED, IN_FORCE, SUPERSEDED, UPCOMING  # noqa: F401 (re-exported)
from handbook.policy.history import history_text as _history_text
from handbook.policy.history import status as _status
from handbook.policy.registry import DatedValue, Parameter, Source


@dataclass(frozen=True)
class Change:
    """One dated value of a parameter, placed in time."""

    parameter: Parameter
    entry: DatedValue
    previous: DatedValue | None
    status: str

    @property
    def id(self) -> str:
        return self.parameter.id

    @property
    def start(self) -> date:
        return self.entry.start

    @property
    def source(self) -> Source | None:
        """The document that set the value; None for a what-if value (a scenario or an overlay file)."""
        return self.entry.source

    @property
    def what_if(self) -> bool:
        return self.entry.source is None

    @property
    def value_text(self) -> str:
        return self.parameter.format(self.entry.value)

    @property
    def replaced_text(self) -> str:
        """What this value replaced: the previous value and its dates, or that it is the first one."""
        if self.previous is None:
            return "— (first recorded value)"
        p = self.previous
        dates = f"{p.start} – {p.until}" if p.until else f"from {p.start}"
        return f"{self.parameter.format(p.value)} ({dates})"


def changes(on: date | None = None, prefix: str | None = None) -> list[Change]:
    """Every dated value of every parameter (optionally only ids starting with `prefix`), by date then id."""
    on = on or policy.today()
    found = []
    for pid in policy.ids(prefix):
        parameter = policy.describe(pid)
        for i, entry in enumerate(parameter.values):
            previous = parameter.values[i - 1] if i else None
            found.append(Change(parameter, entry, previous, _status(parameter, i, on)))
    return sorted(found, key=lambda c: (c.start, c.id))


def upcoming(on: date | None = None) -> list[Change]:
    """The values announced with a start after `on`: not in force yet."""
    return [c for c in changes(on) if c.status == UPCOMING]


def latest_review(prefix: str | None = None, *, only: Iterable[str] | None = None) -> date:
    """The latest date we read a source of the parameters (optionally only ids starting with `prefix`, or in `only`)."""
    wanted = None if only is None else set(only)
    with policy.untraced():  # when a source was read is not a read of the value (drills trace reads)
        return max(v.source.read_on for pid in policy.ids(prefix) if wanted is None or pid in wanted
                   for v in policy.describe(pid).values if v.source is not None)


def as_of_line(slug: str | None = None, *, on: date | None = None) -> Prose:
    """The line every page opens with; `slug` (an area) limits "last reviewed" to that area's sources."""
    from handbook import areas

    on = on or policy.today()
    only = areas.area(slug).parameter_ids() if slug else None
    return Prose(f"*Rules as of **{on.isoformat()}** · sources last reviewed **{latest_review(only=only).isoformat()}**"
                 " · [What changed](06-what-changed.ipynb)*")


def history_text(pid: str, on: date | None = None) -> str:
    """The parameter's other dated values (earlier and announced), for a table's history column."""
    return _history_text(policy.describe(pid), on or policy.today())


def _page_links(pages: list[str]) -> str:
    return ", ".join(f"[{p}]({p}.ipynb)" for p in pages)


def _row(change: Change, *, with_usage: bool) -> dict:
    from handbook import usage

    p = change.parameter
    start = "always" if change.start == date.min else change.start.isoformat()
    source = (str(change.source) + (f" — {change.entry.note}" if change.entry.note else "")) if change.source \
        else f"{getattr(change.entry, 'scenario', 'what-if scenario')} (not in force)"
    row = {
        "from": start + (f" – {change.entry.until}" if change.entry.until else ""),
        "parameter": f"{p.label} ({p.label_zh}) `{p.id}`",
        "value": history(change.value_text) if change.status in (SUPERSEDED, ENDED) else change.value_text,
        "replaced": history(change.replaced_text) if change.previous is not None else change.replaced_text,
        "status": (f"**{change.status}**" if change.status == UPCOMING else change.status)
        + (" (what-if)" if change.what_if else ""),
        "source": source,
        "read on": change.source.read_on.isoformat() if change.source else "—",
    }
    if with_usage:
        row["pages"] = _page_links(usage.pages_using(p.id))
        row["calculators"] = "; ".join(c.label for c in usage.calculators_using(p.id)) or "—"
    return row


COLUMNS = ["from", "parameter", "value", "replaced", "status", "source", "read on"]
USAGE_COLUMNS = [*COLUMNS, "pages", "calculators"]


def upcoming_md(on: date | None = None) -> Prose:
    """The upcoming values as a table, or a sentence saying none is recorded."""
    on = on or policy.today()
    rows = [_row(c, with_usage=True) for c in upcoming(on)]
    if not rows:
        return Prose(f"No value with a start after {on.isoformat()} is recorded: every figure in the registry "
                     "is already in force (or ended).")
    return markdown_table(rows, USAGE_COLUMNS)


def timeline_md(on: date | None = None, prefix: str | None = None) -> Prose:
    """Every dated value in date order, with source, what it replaced, status and where it is used."""
    on = on or policy.today()
    return markdown_table([_row(c, with_usage=True) for c in changes(on, prefix)], USAGE_COLUMNS)


def summary(on: date | None = None) -> dict[str, int]:
    """Counts for the page's opening sentence: parameters, dated values, changes (not first values), upcoming."""
    on = on or policy.today()
    all_changes = changes(on)
    return {
        "parameters": len(policy.ids()),
        "values": len(all_changes),
        "changes": sum(1 for c in all_changes if c.previous is not None),
        "upcoming": sum(1 for c in all_changes if c.status == UPCOMING),
    }
