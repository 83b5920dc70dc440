"""The chargeback response deadline in working days (`deadline_check`, `response_deadline`, `days_left`).

Across the year boundary: when the count reaches a year whose official holiday schedule the handbook does
not have yet, the answer is *provisional*: `deadline` is the likely day (weekends and the statutory holidays
off, no make-up working days assumed) and `send_by` is the day that cannot be late whatever schedule the
State Council publishes (`handbook.rules.calendar`, "The send-by rule"). Once the schedule is added, the
same call gives the final answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from handbook import inputs
from handbook.errors import PolicyInputError
from handbook.explain import Explainer, Result
from handbook.rules import calendar

WORKING_DAYS = "aliexpress.chargeback.response_working_days"


STRIP_DAYS = 14  # length of the calendar strip the deadline calculator shows (display, not policy)


@dataclass(frozen=True)
class StripDay:
    """One day of the calendar strip the deadline calculator draws."""

    day: date
    kind: str  # calendar.KINDS, or calendar.UNKNOWN: a day of a year whose schedule is not published yet
    holiday: str | None
    count: int | None  # 1..n for the working days counted towards the deadline (the likely ones if provisional)
    is_notice: bool
    is_deadline: bool
    is_today: bool
    is_send_by: bool = False  # the safe send-by date of a provisional answer (never marked on a final one)


@dataclass(frozen=True)
class DeadlineCheck(Result):
    notified_on: date
    today: date
    working_days: int
    deadline: date  # final, or the likely deadline when `provisional`
    days_left: int  # working days after today up to the deadline (counted on likely days where unknown)
    counted: tuple[date, ...]  # the working days counted, day 1..n
    strip: tuple[StripDay, ...]
    send_by: date  # == deadline when final; the day that cannot be late under any schedule when provisional
    unknown_years: tuple[int, ...] = ()  # years the count reaches whose official schedule the handbook lacks
    days_left_provisional: bool = False  # days_left counts days of a year without a schedule
    open_days: tuple[date, ...] = ()  # weekend days of a known late December next year's notice may make working

    @property
    def provisional(self) -> bool:
        """True when the deadline depends on a holiday schedule that is not published (in the handbook) yet."""
        return bool(self.unknown_years)

    @property
    def day_before_deadline(self) -> date:
        """The working day counted just before the deadline (the notice day when the window is one working day):
        the deadline of someone who counts one working day too few."""
        return self.counted[-2] if len(self.counted) > 1 else self.notified_on

    @property
    def late(self) -> bool:
        return self.today > self.deadline

    @property
    def summary(self) -> str:
        return self.explanation.summary

    def row(self) -> dict[str, str]:
        """The answer as one table row (for a list of notices)."""
        return {"deadline": f"{self.deadline:%a %d %b %Y}",
                "final or provisional": "provisional" if self.provisional else "final",
                "send by": f"{self.send_by:%a %d %b %Y}"}


def _years(years: tuple[int, ...]) -> str:
    return " and ".join(map(str, years))


def _day(d: date) -> str:
    return f"{d:%a} {d.isoformat()}"


def _deadline_summary(deadline: date, today: date, left: int, *, approx: bool = False,
                      unknown_years: tuple[int, ...] = (), send_by: date | None = None) -> str:
    """The one-line answer, in plain words."""
    about = "about " if approx else ""
    if not unknown_years:
        if today > deadline:
            return f"Late: the appeal was due on {_day(deadline)}; {about}{-left} working day(s) late."
        if left == 0:
            return f"Due today, {_day(deadline)}."
        return f"Due on {_day(deadline)}: {about}{left} working day(s) left after today."
    why = f"the official holiday schedule for {_years(unknown_years)} is not in the handbook yet"
    if today > deadline:
        return (f"Provisional, probably late: the appeal was most likely due on {_day(deadline)} ({why}); "
                f"about {-left} working day(s) late. Send it at once.")
    if send_by is not None and today > send_by:
        return (f"Provisional: most likely due on {_day(deadline)} ({why}). The safe send-by date, "
                f"{_day(send_by)}, has passed: send the file today.")
    return (f"Provisional: most likely due on {_day(deadline)} ({why}). Send by {_day(send_by)} to be "
            f"on time whatever the schedule says; about {left} working day(s) left after today up to the "
            "likely deadline.")


def _notice_n(notified_on: date, why: Explainer) -> int:
    try:
        return why.param(WORKING_DAYS)
    except PolicyInputError as exc:  # a notice before the rule's known start: name the user's field
        raise PolicyInputError("notified_on", notified_on, exc.accepted, reason=exc.reason) from None


def _deadline(notified_on: date, why: Explainer) -> calendar.WorkingDays:
    n = _notice_n(notified_on, why)
    count = calendar.count_working_days(notified_on, n, field="notified_on")
    kind = calendar.day_kind(notified_on, allow_unknown=True)
    if kind.kind == calendar.UNKNOWN and notified_on.year in calendar.known_years():  # an open December day
        kind = calendar.day_kind(notified_on)
    zero = "a working day" if kind.working else f"{_kind_text(kind)}"
    why.step(f"Notice on {_day(notified_on)} = day 0 ({zero}); it is not counted.")
    counted = ", ".join(f"{i}. {_day(d)}" + _counted_note(d) for i, d in enumerate(count.counted, 1))
    last = "likely deadline" if count.provisional else "deadline"
    why.step(f"Working days counted: {counted} → {last} {_day(count.end)}.")
    if count.provisional:
        years = _years(count.unknown_years)
        reached = tuple(y for y in count.unknown_years if y <= count.end.year)  # unknown years the count enters
        could_work = []  # the days the send-by date assumes could become working days
        if count.open_days:
            first = count.open_days[0]
            days = " and ".join(_day(d) for d in count.open_days)
            one = len(count.open_days) == 1
            why.step(f"{days}: {'a weekend day' if one else 'weekend days'} at the end of {first.year} that the "
                     f"{first.year + 1} schedule, not in the handbook yet, may still make "
                     f"{'a make-up working day' if one else 'make-up working days'} (调休上班) for New Year's Day, as "
                     "the 2012 and 2019 notices did with Saturday 2011-12-31 and Saturday 2018-12-29; so the deadline "
                     f"is provisional. {'It is' if one else 'They are'} counted here as "
                     f"{'a day' if one else 'days'} off, as the {first.year} schedule gives "
                     f"{'it' if one else 'them'}.")
            could_work.append(days)
        if reached:
            in_years = _years(reached)
            statutory = [d for y in reached for d in calendar.statutory_holidays(y) if notified_on < d <= count.end]
            off = (" (in this count: " + ", ".join(f"{_day(d)}, {calendar.statutory_holidays(d.year)[d]}"
                                                   for d in statutory) + ")") if statutory else ""
            why.step(f"The official holiday schedule for {in_years} is not in the handbook yet, so the deadline is "
                     f"provisional. Likely working days in {in_years}: Monday to Friday except the statutory holidays "
                     f"set by the national holidays law, 《全国年节及纪念日放假办法》{off}; no make-up working days "
                     "(调休上班) and no extra days off are assumed.")
            could_work.append(f"every weekend day of {in_years}")
        # provisional means an open December weekend day or an unknown year in the count: could_work is not empty
        why.step(f"Send-by date {_day(count.send_by)}: the {_ordinal(n)} day after the notice that is not a "
                 f"statutory holiday, as if {' and '.join(could_work)} could be worked (调休上班). "
                 "No schedule the State Council publishes can make the deadline earlier than this.")
        why.step(f"When the {years} schedule is published, add it to the handbook: the same question then gives "
                 "the final deadline. Each extra day off it adds before the deadline moves the deadline one "
                 "working day later; each make-up working day moves it at most one working day earlier, never "
                 "before the send-by date.")
    for year in sorted({d.year for d in count.counted} - set(count.unknown_years)):
        if calendar.schedule_file(year) is not None:  # a schedule added by hand: say where it comes from
            why.step(f"Working days of {year}: {calendar.schedule_source(year)}.")
    return count


def _counted_note(d: date) -> str:
    kind = calendar.day_kind(d, allow_unknown=True)
    if kind.kind == "makeup_workday":
        return " (make-up working day)"
    if kind.kind == calendar.UNKNOWN:
        return " (likely)"
    return ""


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _kind_text(kind: calendar.DayKind) -> str:
    text = {"workday": "a workday", "weekend": "a weekend day", "holiday": "a public holiday",
            "makeup_workday": "a make-up working day", calendar.UNKNOWN: "a day whose schedule is not published yet"}
    return text[kind.kind] + (f", {kind.holiday}" if kind.holiday else "")


def _days_left(deadline: date, today: date) -> calendar.Tally:
    if today <= deadline:
        return calendar.tally_working_days(today, deadline)
    since = calendar.tally_working_days(deadline, today)
    return calendar.Tally(-max(1, since.count), since.unknown_years)


@calendar.one_reading
def deadline_check(notified_on: date | str, today: date | str, *, strip_days: int = STRIP_DAYS) -> DeadlineCheck:
    """The appeal deadline for a chargeback notified on `notified_on`, and where `today` stands.

    The notice day is day 0; the deadline is the n-th mainland-China working day after it (n is
    `aliexpress.chargeback.response_working_days`, in force on the notice day). `today` must not be
    before the notice. The strip covers `strip_days` days from the notice day, longer if the deadline
    is later; days of a year whose schedule is not published yet are marked "unknown", never guessed.

    When the count reaches such a year the result is provisional (`provisional` is True): `deadline` is the
    likely day and `send_by` the day that cannot be late under any schedule the State Council may publish
    (`handbook.rules.calendar`, "The send-by rule"). A `today` in such a year never raises: lateness against a
    known deadline is certain; only the number of working days is then approximate (`days_left_provisional`).
    """
    notified_on = inputs.as_date(notified_on, "notified_on")
    today = inputs.as_date(today, "today")
    strip_days = inputs.count(strip_days, "strip_days", minimum=1, maximum=366)
    if today < notified_on:
        raise PolicyInputError("today", today, f"a date on or after the notice ({notified_on})",
                               reason="today is before the chargeback notice")
    why = Explainer.of(deadline_check, on=notified_on)
    count = _deadline(notified_on, why)
    deadline = count.end
    beyond = today > deadline and today.year > calendar.horizon()
    try:  # a today past the reach of any estimate is still late against a known deadline: count up to the reach
        tally = _days_left(deadline, date(calendar.horizon(), 12, 31) if beyond else today)
    except calendar.OutsideCalendar as exc:  # today far beyond the handbook's data: name the user's field
        raise calendar.OutsideCalendar("today", today, exc.accepted, reason=exc.reason) from None
    left, approx = tally.count, tally.provisional or beyond
    about = "about " if approx else ""
    if today <= deadline:
        why.step(f"Today {_day(today)}: {about}{left} working day(s) after today up to the deadline.")
    elif beyond:
        why.step(f"Today {_day(today)} is long after the deadline: more than {-left} working day(s) since it "
                 f"(counted up to the end of {calendar.horizon()}, as far as the handbook estimates working days).")
    else:
        why.step(f"Today {_day(today)} is after the deadline: {about}{-left} working day(s) since the deadline "
                 "(at least one).")
    if approx and not count.provisional:
        why.step(f"The deadline is known; only the count of working days since it is approximate (no official "
                 f"schedule for {_years(tally.unknown_years)} in the handbook yet).")
    summary = _deadline_summary(deadline, today, left, approx=approx, unknown_years=count.unknown_years,
                                send_by=count.send_by)
    return DeadlineCheck(
        notified_on=notified_on, today=today, working_days=count.n, deadline=deadline, days_left=left,
        counted=count.counted, strip=_strip(notified_on, today, count, strip_days), send_by=count.send_by,
        unknown_years=count.unknown_years, days_left_provisional=approx, open_days=count.open_days,
        explanation=why.done(summary),
    )


def _strip(notified_on: date, today: date, count: calendar.WorkingDays, length: int) -> tuple[StripDay, ...]:
    span = max(length, (count.end - notified_on).days + 1)
    numbers = {d: i for i, d in enumerate(count.counted, 1)}
    days = []
    for offset in range(span):
        d = notified_on + timedelta(days=offset)
        kind = calendar.day_kind(d, allow_unknown=True)
        days.append(StripDay(d, kind.kind, kind.holiday, numbers.get(d), d == notified_on, d == count.end,
                             d == today, is_send_by=count.provisional and d == count.send_by))
    return tuple(days)


@calendar.one_reading
def response_deadline(notified_on: date | str) -> date:
    """The last day to send the appeal file: the n-th working day after the notice day (day 0).

    Where the count reaches a year without a published schedule this is the *likely* deadline; use
    `deadline_check` for the flag and the safe `send_by` date. See the package docstring for the decisions.
    """
    notified_on = inputs.as_date(notified_on, "notified_on")
    return _deadline(notified_on, Explainer.of(response_deadline, on=notified_on)).end


def days_left(notified_on: date | str, today: date | str) -> int:
    """Working days left after `today` up to the deadline: 0 on the deadline day, negative when late."""
    return deadline_check(notified_on, today).days_left
