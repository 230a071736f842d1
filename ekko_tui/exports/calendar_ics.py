"""iCalendar export of the legal deadlines: one all-day event per deadline, stable UIDs.

Re-exporting to the same file and importing it again updates the events in a calendar
program instead of duplicating them: the UID is derived from the request reference, the
SEQUENCE grows with every change to the request, and closed requests stay in the file with
STATUS:CANCELLED so the calendar drops them. No requester names go into the file (calendars
are often synced to services outside EKKO's control); the reference finds the request in ekko.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

from ekko_tui import __version__
from ekko_tui.domain import agenda as ag
from ekko_tui.domain import breaches as br
from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.request_list import RequestSummary
from ekko_tui.domain.requests import STATUSES, ValidationError
from ekko_tui.files import write_atomically

UID_DOMAIN = "ekko.ipogs.no"
# Working days before a deadline at which the calendar reminds, and the hour (Oslo) it does.
ALARM_WORKING_DAYS = (5, 1)
ALARM_HOUR = 9
# Closed requests stay in the export this long, marked cancelled, so calendars drop them.
KEEP_CLOSED_DAYS = 366


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    deadlines: int
    notices: int
    cancelled: int
    breaches: int = 0  # breach notices with a running 72-hour clock

    def message(self) -> str:
        breaches = f"{self.breaches} breach notice(s), " if self.breaches else ""
        return (
            f"Wrote {breaches}{self.deadlines} deadline(s), {self.notices} extension decision(s) "
            f"and {self.cancelled} cancelled event(s) to {self.path}"
        )

    def log_detail(self) -> str:
        """The timeline line of the export (counts only)."""
        breaches = f"{self.breaches} breach notices, " if self.breaches else ""
        return (
            f"Calendar exported: {breaches}{self.deadlines} deadlines, {self.notices} extension "
            f"decisions, {self.cancelled} cancelled"
        )


def deadline_uid(ref: str) -> str:
    """The stable UID of a request's deadline event."""
    return f"deadline-{ref}@{UID_DOMAIN}"


def notice_uid(ref: str) -> str:
    """The stable UID of a request's extension-decision event."""
    return f"extension-notice-{ref}@{UID_DOMAIN}"


def breach_uid(ref: str) -> str:
    """The stable UID of a breach's notify-by event."""
    return f"breach-notice-{ref}@{UID_DOMAIN}"


@lru_cache(maxsize=4096)
def alarm_moment(day: date, working_days_before: int) -> datetime:
    """09:00 Oslo on the n-th working day before `day`, in UTC (an absolute trigger)."""
    when = dl.add_working_days(day, -working_days_before)
    return datetime.combine(when, time(ALARM_HOUR), tzinfo=dl.OSLO).astimezone(UTC)


@lru_cache(maxsize=4096)
def notice_day(first: date) -> date:
    """The day the extension decision becomes due: 5 working days before the first deadline."""
    return dl.add_working_days(first, -ag.SOON_WORKING_DAYS)


# The file is written directly (RFC 5545 content lines, TEXT escaping, folding at 75 octets)
# rather than through icalendar's object model, which took about 0.7 ms per request; the
# output is the same bytes icalendar wrote (tests/store/test_calendar_export.py reads it back
# with icalendar's parser, and compares with icalendar's writer).


# The request types as a Norwegian calendar reader names them: event titles are in bokmål
# (`Svarfrist innsyn 2026-014`), like the letters; descriptions keep the app's English.
TYPES_NB = {
    "access": "innsyn",
    "rectification": "retting",
    "erasure": "sletting",
    "restriction": "begrensning",
    "portability": "dataportabilitet",
    "objection": "protest",
    "withdraw_consent": "tilbaketrekking av samtykke",
    "other": "annet",
}


def types_nb(types: Iterable[str]) -> str:
    """`innsyn og sletting`: the request's types in bokmål."""
    names = [TYPES_NB.get(t, t) for t in types]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " og " + names[-1]


def _text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 § 3.3.11 says (backslash, semicolon, comma, newline)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str, limit: int = 75) -> str:
    """Fold a content line into pieces of under `limit` octets (joined by CRLF + space), never
    inside a UTF-8 character and never right after an escape's backslash (as icalendar does,
    for clients that would misread a split escape)."""
    data = line.encode()
    if len(data) < limit:
        return line
    room = limit - 1
    pieces: list[bytes] = []
    start = 0
    while len(data) - start > room:
        end = start + room
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: split before its char
            end -= 1
        if data[end - 1] in b"\\^" and end - 1 > start:
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode()


@lru_cache(maxsize=4096)
def _alarm_stamp(day: date, working_days_before: int) -> str:
    """The UTC trigger stamp of an alarm at 09:00 Oslo, n working days before `day` (the day
    itself for 0): a few dozen distinct days serve thousands of requests."""
    return _utc(alarm_moment(day, working_days_before))


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _day(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _event_lines(
    uid: str,
    day: date,
    summary: str,
    description: str,
    *,
    stamp: str,
    sequence: int,
    status: str,
    alarms: Iterable[tuple[str, str, str]] = (),
) -> list[str]:
    """One VEVENT (properties in icalendar's canonical order) with its VALARMs."""
    lines = [
        "BEGIN:VEVENT",
        _fold(f"SUMMARY:{_text(summary)}"),
        f"DTSTART;VALUE=DATE:{_day(day)}",
        f"DTEND;VALUE=DATE:{_day(day + timedelta(days=1))}",
        f"DTSTAMP:{stamp}",
        _fold(f"UID:{_text(uid)}"),
        f"SEQUENCE:{sequence}",
        "CATEGORIES:GDPR",
        _fold(f"DESCRIPTION:{_text(description)}"),
        f"STATUS:{status}",
        "TRANSP:TRANSPARENT",
    ]
    for alarm_uid, trigger, text in alarms:  # trigger: already a UTC stamp
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            _fold(f"DESCRIPTION:{_text(text)}"),
            f"TRIGGER;VALUE=DATE-TIME:{trigger}",
            _fold(f"UID:{_text(alarm_uid)}"),
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def breach_event_lines(b: br.BreachDue, *, stamp: str) -> list[str]:
    """A timed event at the breach's notify-by moment, alarms 24 h and 4 h before while the
    clock runs, cancelled once notified or decided. No user text: the reference finds it."""
    deadline = b.notify_by.astimezone(UTC)
    running = br.clock_running(b.status)
    uid = breach_uid(b.ref)
    summary = f"Breach {b.ref}: notify Datatilsynet (72 h)" if running else f"Done: breach {b.ref}"
    description = (
        (
            f"Breach {b.ref}: aware {br.format_moment(b.aware_at)}; the Art. 33 notice to "
            f"Datatilsynet (Altinn) is due by {br.format_moment(b.notify_by)}, or record the "
            "decision not to notify with its reason."
        )
        if running
        else f"Breach {b.ref}: {br.STATUSES.get(b.status, b.status)}; nothing due."
    )
    lines = [
        "BEGIN:VEVENT",
        _fold(f"SUMMARY:{_text(summary)}"),
        f"DTSTART:{_utc(deadline)}",
        f"DTEND:{_utc(deadline + timedelta(minutes=15))}",
        f"DTSTAMP:{stamp}",
        _fold(f"UID:{_text(uid)}"),
        f"SEQUENCE:{2 * b.revision + (0 if running else 1)}",
        "CATEGORIES:GDPR",
        _fold(f"DESCRIPTION:{_text(description)}"),
        f"STATUS:{'CONFIRMED' if running else 'CANCELLED'}",
    ]
    if running:
        for hours in br.ALARM_HOURS:
            text = (
                f"{b.ref}: breach notice to Datatilsynet due in {hours} hours "
                f"({br.format_moment(b.notify_by)})"
            )
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                _fold(f"DESCRIPTION:{_text(text)}"),
                f"TRIGGER;VALUE=DATE-TIME:{_utc(deadline - timedelta(hours=hours))}",
                _fold(f"UID:{_text(f'{uid}-alarm-{hours}h')}"),
                "END:VALARM",
            ]
    lines.append("END:VEVENT")
    return lines


def build_calendar(
    requests: Iterable[RequestSummary],
    *,
    now: datetime,
    breaches: Iterable[br.BreachDue] = (),
) -> tuple[bytes, ExportResult]:
    """The iCalendar bytes for these requests, and the counts (with an empty path)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        _fold(f"PRODID:{_text(f'-//EKKO AS//ekko {__version__}//EN')}"),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:ekko: GDPR deadlines",
        "X-WR-TIMEZONE:Europe/Oslo",
    ]
    stamp = _utc(now)
    today = now.astimezone(dl.OSLO).date()
    deadlines = notices = cancelled = breach_count = 0
    for b in breaches:
        lines += breach_event_lines(b, stamp=stamp)
        if br.clock_running(b.status):
            breach_count += 1
        else:
            cancelled += 1
    for req in requests:
        d = req.deadline
        kinds = ag.types_label(req.types)
        # The revision: every change logs a timeline event and paused days only grow, so
        # 2 × (events + paused days) rises with every change; the odd step marks an event
        # that went dead (cancelled) without a change of its own (a notice date passing).
        base = 2 * (req.events + d.paused_days)
        status_text = STATUSES.get(req.status, req.status)
        uid = deadline_uid(req.ref)
        if req.is_open:
            summary = f"Svarfrist {types_nb(req.types)} {req.ref}"
            if req.waiting_since is not None:
                summary += ": fristen står (venter på svar)"
            description = (
                f"Request {req.ref} ({kinds}), {status_text}.\n"
                f"Deadline {dl.format_date(d.effective)}, end of day (Europe/Oslo).\n"
                f"Why: {d.explain()}"
            )
            if req.waiting_since is not None:
                description += (
                    f"\nWaiting for the subject since {dl.format_date(req.waiting_since)}: "
                    "the deadline moves one day for each day without an answer."
                )
            alarms = [
                (
                    f"{uid}-alarm-{n}wd",
                    _alarm_stamp(d.effective, n),
                    f"{req.ref}: svarfrist om {n} arbeidsdag{'er' if n > 1 else ''} "
                    f"({d.effective:%d.%m.%Y})",
                )
                for n in ALARM_WORKING_DAYS
            ]
            lines += _event_lines(
                uid, d.effective, summary, description,
                stamp=stamp, sequence=base, status="CONFIRMED", alarms=alarms,
            )  # fmt: skip
            deadlines += 1
        else:
            closed = f" on {dl.format_date(req.closed_on)}" if req.closed_on else ""
            summary = f"Avsluttet: svarfrist {types_nb(req.types)} {req.ref}"
            description = f"Request {req.ref} was closed{closed} ({status_text})."
            lines += _event_lines(
                uid, d.effective, summary, description,
                stamp=stamp, sequence=base + 1, status="CANCELLED",
            )  # fmt: skip
            cancelled += 1

        # The extension decision: due while the first deadline can still be extended.
        live = (
            req.is_open and dl.extension_refusal(d, already_extended=req.extended, on=today) is None
        )
        day = notice_day(d.first)
        n_uid = notice_uid(req.ref)
        summary = f"Avgjør: forlenge fristen for {req.ref}? Varsel innen {d.first:%d.%m.%Y}"
        if live:
            description = (
                f"If {req.ref} needs more time (complexity or number of requests, Art. 12(3)), "
                f"the extension notice with reasons must reach the subject by "
                f"{dl.format_date(d.first)}, the first deadline."
            )
            alarm = (
                f"{n_uid}-alarm",
                _alarm_stamp(day, 0),
                f"{req.ref}: decide on an extension before {dl.format_date(d.first)}",
            )
            lines += _event_lines(
                n_uid, day, summary, description,
                stamp=stamp, sequence=base, status="CONFIRMED", alarms=[alarm],
            )  # fmt: skip
            notices += 1
        else:
            description = f"No extension decision pending for {req.ref}."
            lines += _event_lines(
                n_uid, day, summary, description,
                stamp=stamp, sequence=base + 1, status="CANCELLED",
            )  # fmt: skip
            cancelled += 1
    lines.append("END:VCALENDAR")
    data = ("\r\n".join(lines) + "\r\n").encode()
    return data, ExportResult(Path(), deadlines, notices, cancelled, breach_count)


def check_path(text: str) -> Path:
    """The export file the user named, or a ValidationError saying what to fix."""
    text = text.strip()
    if not text:
        raise ValidationError("path", "Give a file name ending in .ics.")
    path = Path(text).expanduser()
    if path.is_dir():
        raise ValidationError("path", f"{path} is a folder: give a file name ending in .ics.")
    if path.suffix.lower() != ".ics":
        raise ValidationError("path", f"{path.name}: give a file name ending in .ics.")
    if not path.parent.is_dir():
        raise ValidationError("path", f"The folder {path.parent} does not exist: create it first.")
    return path


def write_calendar(
    path: Path,
    requests: Iterable[RequestSummary],
    *,
    now: datetime,
    breaches: Iterable[br.BreachDue] = (),
) -> ExportResult:
    """Build and write the file (plain data in: safe to run in a worker thread)."""
    data, counts = build_calendar(requests, now=now, breaches=breaches)
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise ValidationError(
            "path", f"Cannot write {path}: {exc.strerror or exc}. Nothing was changed."
        ) from exc
    return ExportResult(
        path.resolve(), counts.deadlines, counts.notices, counts.cancelled, counts.breaches
    )
