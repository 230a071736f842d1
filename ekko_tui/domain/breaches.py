"""Personal data breaches (Art. 33–34): the 72-hour clock, the vocabulary, input checks.

Pure: no clock, no database. The 72 hours are real elapsed hours shown on the Oslo wall
clock: never rolled past weekends or holidays, and across a daylight-saving change the
local time moves (aware Fri 23 Oct 2026 10:00 CEST → notify by Mon 26 Oct 2026 09:00 CET).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ekko_tui.domain.deadlines import OSLO
from ekko_tui.domain.requests import ValidationError, clean_text

NOTIFY_WITHIN = timedelta(hours=72)
# Under this many hours left the agenda and the register show the breach in red.
URGENT_HOURS = 24
# The calendar reminds this many hours before the notify-by moment.
ALARM_HOURS = (24, 4)

SOURCES: dict[str, str] = {
    "self": "Own discovery",
    "processor": "A processor's notice",
    "customer": "A customer or other person",
}
BREACH_TYPES: dict[str, str] = {
    "confidentiality": "Confidentiality (disclosed or accessed)",
    "integrity": "Integrity (altered)",
    "availability": "Availability (lost or unavailable)",
}
RISKS: dict[str, str] = {
    "unassessed": "Not assessed yet",
    "none": "Unlikely to result in a risk",
    "risk": "Risk to people's rights and freedoms",
    "high": "High risk",
}
DECISIONS: dict[str, str] = {
    "undecided": "Not decided",
    "notify": "Notify Datatilsynet",
    "not_notify": "Do not notify (unlikely to result in a risk)",
}
# Art. 34(3): when the people affected need not be told.
ART34_GROUNDS: dict[str, str] = {
    "a": "34(3)(a) the data was made unintelligible (e.g. encrypted) to anyone not allowed",
    "b": "34(3)(b) later measures make the high risk no longer likely",
    "c": "34(3)(c) it would take disproportionate effort: a public notice instead",
}
NOTICE_METHODS: dict[str, str] = {
    "email": "E-mail",
    "letter": "Letter",
    "phone": "Phone",
    "sms": "SMS",
    "public": "Public notice",
}
STATUSES: dict[str, str] = {
    "assess": "to assess",
    "notify": "to notify",
    "notified": "notified",
    "not_notified": "not notified",
    "closed": "closed",
}
MAX_TEXT = 20_000

_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M")
_SUFFIX = re.compile(r"\s*(CEST|CET|\+0[12]:?00)\s*$", re.IGNORECASE)


def format_ref(year: int, seq: int) -> str:
    """A breach's reference: `B-2026-01`, numbered per year of awareness."""
    return f"B-{year}-{seq:02d}"


def notify_by(aware_at: datetime) -> datetime:
    """Awareness + 72 real hours, in Europe/Oslo (Art. 33(1))."""
    if aware_at.tzinfo is None:
        raise ValueError("aware_at must be timezone-aware")
    return (aware_at.astimezone(UTC) + NOTIFY_WITHIN).astimezone(OSLO)


def hours_left(deadline: datetime, now: datetime) -> float:
    """Real hours from `now` to `deadline` (negative when past), to one decimal.

    Both go to UTC first: Python subtracts two times of the same zone on the wall clock."""
    return round(_seconds(deadline, now) / 3600, 1)


def _seconds(deadline: datetime, now: datetime) -> float:
    return (deadline.astimezone(UTC) - now.astimezone(UTC)).total_seconds()


def left_text(deadline: datetime, now: datetime) -> str:
    """`71 h 30 min left`, `45 min left`, `3 h 10 min late`."""
    seconds = int(_seconds(deadline, now))
    minutes = abs(seconds) // 60
    h, m = divmod(minutes, 60)
    amount = f"{h} h {m:02d} min" if h else f"{m} min"
    return f"{amount} {'left' if seconds >= 0 else 'late'}"


def format_moment(moment: datetime) -> str:
    """`Mon 26 Oct 2026 09:00 CET` (Oslo)."""
    local = moment.astimezone(OSLO)
    return local.strftime("%a %d %b %Y %H:%M ") + (local.tzname() or "")


def iso(moment: datetime) -> str:
    """ISO 8601 with the Oslo offset, to the minute."""
    return moment.astimezone(OSLO).isoformat(timespec="minutes")


@dataclass(frozen=True)
class LocalTime:
    """A typed Oslo wall-clock time turned into a moment; `ambiguous` when the autumn hour
    repeats and no zone was given (then the first, CEST, is taken)."""

    moment: datetime  # aware, UTC
    ambiguous: bool = False

    def ambiguity_note(self) -> str:
        if not self.ambiguous:
            return ""
        local = self.moment.astimezone(OSLO)
        return (
            f"{local:%H:%M} on {local:%d %b %Y} happened twice (clocks went back at 03:00): "
            f"taken as the first, {local:%H:%M} CEST (+02:00). Add 'CET' for the second."
        )


def parse_local(text: str, field: str = "aware") -> LocalTime:
    """Parse `YYYY-MM-DD HH:MM` on the Oslo wall clock (optionally with CEST/CET or +02:00/
    +01:00). A time in the spring gap does not exist: refused. An autumn repeated time without
    a zone is ambiguous: the first is taken and the result says so."""
    raw = text.strip()
    zone = ""
    match = _SUFFIX.search(raw)
    if match:
        zone = match.group(1).upper().replace(":", "")
        raw = raw[: match.start()]
    naive: datetime | None = None
    for fmt in _FORMATS:
        try:
            naive = datetime.strptime(raw.strip(), fmt)
            break
        except ValueError:
            continue
    if naive is None:
        raise ValidationError(
            field, f"{text.strip()!r} is not a time that exists: write YYYY-MM-DD HH:MM (Oslo)."
        )
    first, second = naive.replace(tzinfo=OSLO, fold=0), naive.replace(tzinfo=OSLO, fold=1)
    # A wall time in the gap does not survive the round trip through UTC.
    if first.astimezone(UTC).astimezone(OSLO).replace(tzinfo=None) != naive:
        raise ValidationError(
            field,
            f"{naive:%Y-%m-%d %H:%M} does not exist in Oslo: on {naive:%d %b %Y} the clocks "
            "jumped from 02:00 to 03:00 (summer time). Check the time: 01:59 CET and 03:00 CEST "
            "are one minute apart.",
        )
    ambiguous = first.utcoffset() != second.utcoffset()
    if zone:
        wanted = timedelta(hours=2) if zone in ("CEST", "+0200") else timedelta(hours=1)
        pick = [m for m in (first, second) if m.utcoffset() == wanted]
        if not pick:
            raise ValidationError(
                field,
                f"{naive:%Y-%m-%d %H:%M} is not {zone} in Oslo: it is "
                f"{first.tzname()}. Leave the zone out or correct it.",
            )
        return LocalTime(pick[0].astimezone(UTC))
    return LocalTime(first.astimezone(UTC), ambiguous=ambiguous)


def check_aware(aware_at: datetime, now: datetime) -> None:
    """Awareness cannot be in the future (a clock behind is the user's to fix)."""
    if aware_at.astimezone(UTC) > now.astimezone(UTC) + timedelta(minutes=1):
        raise ValidationError(
            "aware",
            f"The awareness time {format_moment(aware_at)} is in the future (now is "
            f"{format_moment(now)}): give when EKKO became aware, which has happened.",
        )


def check_moment_after(moment: datetime, aware_at: datetime, now: datetime, what: str) -> None:
    """A notification or notice happens after awareness and not in the future."""
    moment, aware_at, now = (m.astimezone(UTC) for m in (moment, aware_at, now))
    if moment < aware_at:
        raise ValidationError(
            "at",
            f"{what} {format_moment(moment)} is before EKKO became aware "
            f"({format_moment(aware_at)}): check the time.",
        )
    if moment > now + timedelta(minutes=1):
        raise ValidationError(
            "at", f"{what} {format_moment(moment)} is in the future: record it once it is done."
        )


def is_late(notified_at: datetime, aware_at: datetime) -> bool:
    """Whether a notification went out after the 72 hours (Art. 33(1) then needs reasons)."""
    return notified_at.astimezone(UTC) > notify_by(aware_at).astimezone(UTC)


def parse_types(text: str) -> tuple[str, ...]:
    """`confidentiality,availability` → codes in canonical order (at least one)."""
    codes = {t.strip().lower() for t in re.split(r"[,\s]+", text) if t.strip()}
    unknown = sorted(codes - set(BREACH_TYPES))
    if unknown:
        raise ValidationError(
            "type", f"Unknown breach type {unknown[0]!r}. Use: {', '.join(BREACH_TYPES)}."
        )
    if not codes:
        raise ValidationError("type", "Choose at least one type: " + ", ".join(BREACH_TYPES))
    return tuple(c for c in BREACH_TYPES if c in codes)


def check_choice(value: str, choices: dict[str, str], field: str) -> str:
    """A code from a vocabulary, or a ValidationError listing the codes."""
    code = value.strip().lower()
    if code not in choices:
        raise ValidationError(field, f"Unknown value {value!r}. Use one of: {', '.join(choices)}.")
    return code


def clean(text: str, field: str, *, required: bool = False, label: str = "") -> str:
    """Trimmed text without control characters; bounded; required where the law needs it."""
    out = clean_text(text, multiline=True)
    if len(out) > MAX_TEXT:
        raise ValidationError(field, f"{label or field} is longer than {MAX_TEXT} characters.")
    if required and not out:
        raise ValidationError(field, f"Write {label or field}: the record must say it.")
    return out


def status_of(*, decision: str, notified: bool, closed: bool) -> str:
    """The breach's place in its life: assess → notify → notified | not_notified → closed."""
    if closed:
        return "closed"
    if decision == "not_notify":
        return "not_notified"
    if notified:
        return "notified"
    if decision == "notify":
        return "notify"
    return "assess"


def clock_running(status: str) -> bool:
    """The 72-hour clock matters until Datatilsynet is notified or a decision not to is made."""
    return status in ("assess", "notify")


@dataclass(frozen=True)
class BreachDue:
    """Plain data about one breach whose clock is running (agenda, reminder, calendar)."""

    id: int
    ref: str
    summary: str
    aware_at: datetime  # aware UTC
    status: str
    revision: int = 0  # timeline length: the calendar's SEQUENCE

    @property
    def notify_by(self) -> datetime:
        return notify_by(self.aware_at)

    def hours_left(self, now: datetime) -> float:
        return hours_left(self.notify_by, now)
