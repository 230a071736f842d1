"""Response deadlines for privacy requests under GDPR Art. 12(3) and 12(6), Norwegian calendar."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from ekko_tui.domain.work_calendar import FIRST_HOLIDAY_YEAR as FIRST_HOLIDAY_YEAR
from ekko_tui.domain.work_calendar import OSLO as OSLO
from ekko_tui.domain.work_calendar import _easter_sunday as _easter_sunday
from ekko_tui.domain.work_calendar import _holidays_of as _holidays_of
from ekko_tui.domain.work_calendar import add_months as add_months
from ekko_tui.domain.work_calendar import add_working_days as add_working_days
from ekko_tui.domain.work_calendar import holiday_name as holiday_name
from ekko_tui.domain.work_calendar import holiday_name_nb as holiday_name_nb
from ekko_tui.domain.work_calendar import is_holiday as is_holiday
from ekko_tui.domain.work_calendar import is_working_day as is_working_day
from ekko_tui.domain.work_calendar import oslo_date as oslo_date
from ekko_tui.domain.work_calendar import roll_forward as roll_forward
from ekko_tui.domain.work_calendar import working_days_between as working_days_between

EXTENSION_REASON_KINDS: tuple[str, ...] = ("complexity", "number_of_requests")

# Questions sent later than this many working days after receipt may not pause the clock.
PAUSE_PROMPT_WORKING_DAYS = 3

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (  # English month names, also the English letters'
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class DeadlineError(ValueError):
    """A rule of Art. 12(3) forbids this (message is user-facing, English); `field` names the
    input at fault where one is ("" when the request itself is the reason)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


# ---------------------------------------------------------------- formatting


def format_date(d: date) -> str:
    """Format a date in English, e.g. "Fri 28 Feb 2025"."""
    return f"{_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]} {d.year}"


def _dm(d: date) -> str:
    """Format a date as day and month, e.g. "28 Feb"."""
    return f"{d.day} {_MONTHS[d.month - 1]}"


def _wdm(d: date) -> str:
    """Format a date as weekday, day and month, e.g. "Sat 28 Feb"."""
    return f"{_WEEKDAYS[d.weekday()]} {_dm(d)}"


def _ordinal(n: int) -> str:
    """Return an English ordinal such as "31st"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _days(n: int) -> str:
    """Return "1 day" or "n days"."""
    return "1 day" if n == 1 else f"{n} days"


def _non_working_reason(d: date) -> str:
    """Say why a date is not a working day."""
    name = holiday_name(d)
    return name if name else "a weekend day"


def _clamp_note(start: date, end: date) -> str:
    """Explain a month-end clamp, or return an empty string when the day-number was kept."""
    if end.day == start.day:
        return ""
    return f" ({MONTH_NAMES[end.month - 1]} has no {_ordinal(start.day)}: last day of the month)"


# ---------------------------------------------------------------- deadlines


@dataclass(frozen=True)
class PausePeriod:
    """A question to the requester (identity or clarification) that stops the clock."""

    asked_on: date
    answered_on: date | None  # None = still waiting

    def days(self, today: date) -> int:
        """Return the calendar days paused up to the answer (or today), never negative."""
        end = self.answered_on if self.answered_on is not None else today
        return max(0, (end - self.asked_on).days)

    def _label(self) -> str:
        """Describe the pause for the explanation, e.g. "12 Jan–26 Jan"."""
        if self.answered_on is None:
            return f"since {_dm(self.asked_on)}, still waiting"
        return f"{_dm(self.asked_on)}–{_dm(self.answered_on)}"


@dataclass(frozen=True)
class Deadline:
    """A computed response deadline with the rule steps that produced it."""

    received: date
    unrolled: date
    paused_days: int
    first: date
    extended: date | None
    paused_now: bool
    steps: tuple[str, ...]
    # The extended deadline this request has, or would have if extended now (for the notice).
    if_extended: date | None = None
    # The public holidays the steps name (in English), so explain("nb") can name them in bokmål.
    holidays: tuple[date, ...] = ()

    @property
    def effective(self) -> date:
        """Return the deadline that applies: the extended one if any, else the first."""
        return self.extended if self.extended is not None else self.first

    def explain(self, holiday_names: str = "en") -> str:
        """Return every rule step in plain English, joined by semicolons; with
        `holiday_names="nb"` the public holidays keep their bokmål names (`2. juledag`)."""
        text = "; ".join(self.steps)
        return _holidays_in_bokmal(text, self.holidays) if holiday_names == "nb" else text

    def short_why(self, holiday_names: str = "en") -> str:
        """Return a compact one-liner of the non-trivial steps behind the effective deadline
        (holidays named in bokmål with `holiday_names="nb"`)."""
        parts = [f"{_dm(self.received)} → {_dm(self.unrolled)}"]
        end = self.unrolled
        if self.extended is not None:
            end = add_months(self.unrolled, 2)
            parts.append(f"+2 months → {_dm(end)}")
        if self.paused_days or self.paused_now:
            so_far = " so far" if self.paused_now else ""
            end += timedelta(days=self.paused_days)
            parts.append(f"+{_days(self.paused_days)} paused{so_far} → {_dm(end)}")
        if self.effective != end:
            named = holiday_name_nb(end) if holiday_names == "nb" else holiday_name(end)
            name = named or _WEEKDAYS[end.weekday()]
            parts.append(f"{_dm(end)} {name} → {_dm(self.effective)}")
        return "; ".join(parts)


def _holidays_in_bokmal(text: str, days: Sequence[date]) -> str:
    """The same text with each named holiday's English name replaced by its bokmål name."""
    for day in days:
        english, bokmal = holiday_name(day), holiday_name_nb(day)
        if english and bokmal:
            text = text.replace(english, bokmal)
    return text


def _named_holidays(*days: date) -> tuple[date, ...]:
    """The public holidays among the dates an explanation mentions, each once."""
    return tuple(dict.fromkeys(d for d in days if holiday_name(d)))


def _roll_with_steps(end: date, steps: list[str]) -> date:
    """Roll a date to a working day, recording the step."""
    rolled = roll_forward(end)
    if rolled == end:
        steps.append(f"{_wdm(end)} is a working day")
    else:
        steps.append(f"{_wdm(end)} is {_non_working_reason(end)} → {_wdm(rolled)}")
    return rolled


def _pause_step(pauses: Sequence[PausePeriod], paused: int, open_: bool, start: date) -> str:
    """Describe the pause shift of an unrolled end date."""
    so_far = " so far" if open_ else ""
    labels = " and ".join(p._label() for p in pauses)
    shifted = start + timedelta(days=paused)
    return f"Paused {_days(paused)}{so_far} ({labels}): {_dm(start)} → {_dm(shifted)}"


def compute_deadline(
    received: date,
    *,
    pauses: Sequence[PausePeriod] = (),
    extended: bool = False,
    today: date | None = None,
) -> Deadline:
    """Compute the first (and, if extended, the extended) deadline from the Oslo date of receipt.

    Memoised per (received date, pauses, extension, and today only while a pause is open): a
    large inbox shares a few dozen receipt dates, and a Deadline is immutable.
    """
    periods = tuple(pauses)
    open_ = any(p.answered_on is None for p in periods)
    if open_ and today is None:
        raise ValueError("today is required when a pause is still open")
    return _compute_deadline(received, periods, extended, today if open_ else None)


@lru_cache(maxsize=4096)
def _compute_deadline(
    received: date, pauses: tuple[PausePeriod, ...], extended: bool, today: date | None
) -> Deadline:
    """The rules of compute_deadline on a hashable key (`today` is None unless a pause is open)."""
    open_ = today is not None
    # `today` only matters for open pauses; closed ones count asked → answered.
    paused = sum(p.days(today if today is not None else received) for p in pauses)

    steps: list[str] = []
    note = ""
    if not is_working_day(received):
        note = f", {_non_working_reason(received)}: receipt still counts"
    steps.append(f"Received {format_date(received)} (Europe/Oslo){note}")

    unrolled = add_months(received, 1)
    steps.append(f"One month: {_dm(received)} → {_dm(unrolled)}{_clamp_note(received, unrolled)}")

    first_end = unrolled + timedelta(days=paused)
    if pauses:
        steps.append(_pause_step(pauses, paused, open_, unrolled))
    first = _roll_with_steps(first_end, steps)
    rolled_from = [received, first_end]  # the dates whose holiday names the steps may give
    steps.append(f"First deadline: {format_date(first)}, end of day (Europe/Oslo)")

    extended_date: date | None = None
    if extended:
        ext_unrolled = add_months(unrolled, 2)
        steps.append(
            f"Extended by two months from the unrolled {_dm(unrolled)} → {_dm(ext_unrolled)}"
            f"{_clamp_note(unrolled, ext_unrolled)}"
        )
        ext_end = ext_unrolled + timedelta(days=paused)
        if pauses:
            steps.append(_pause_step(pauses, paused, open_, ext_unrolled))
        extended_date = _roll_with_steps(ext_end, steps)
        rolled_from.append(ext_end)
        steps.append(f"Extended deadline: {format_date(extended_date)}, end of day (Europe/Oslo)")

    if_extended = extended_date or roll_forward(add_months(unrolled, 2) + timedelta(days=paused))
    return Deadline(
        received=received,
        unrolled=unrolled,
        paused_days=paused,
        first=first,
        extended=extended_date,
        paused_now=open_,
        steps=tuple(steps),
        if_extended=if_extended,
        holidays=_named_holidays(*rolled_from),
    )


def extension_refusal(
    deadline: Deadline, *, already_extended: bool, on: date
) -> DeadlineError | None:
    """Why Art. 12(3) no longer allows extending this deadline on day `on` (the error to show
    or raise), or None if it does: once only, and notified no later than the first deadline.
    The one statement of the rule: the extend action, the agenda's decision reminder and the
    calendar all ask here."""
    if already_extended:
        return DeadlineError(
            "This request has already been extended once; Art. 12(3) allows one extension."
        )
    if on > deadline.first:
        return DeadlineError(
            f"The first deadline ({format_date(deadline.first)}) has passed: "
            "an extension must be notified before it.",
            "decided_on",
        )
    return None


def check_extension(
    deadline: Deadline,
    *,
    decided_on: date,
    already_extended: bool,
    reason_kind: str,
    reason: str,
) -> None:
    """Raise DeadlineError if Art. 12(3) does not allow extending this deadline now."""
    refusal = extension_refusal(deadline, already_extended=already_extended, on=decided_on)
    if refusal is not None:
        raise refusal
    if reason_kind not in EXTENSION_REASON_KINDS:
        raise DeadlineError(
            "An extension is allowed only for the complexity or the number of requests "
            "(Art. 12(3)); a large effort alone is not a reason.",
            "kind",
        )
    if not reason.strip():
        raise DeadlineError(
            "Give the concrete reasons for the extension: the subject must be told why.",
            "reason",
        )


def pause_warning(received: date, asked_on: date) -> str | None:
    """Return a warning if the question went out later than 3 working days after receipt."""
    if asked_on < received:
        raise DeadlineError("The question cannot be sent before the request was received.")
    late = working_days_between(received, asked_on)
    if late > PAUSE_PROMPT_WORKING_DAYS:
        return (
            f"The question went out {late} working days after receipt: "
            "Art. 12(6) pauses the clock only if you ask without undue delay."
        )
    return None
