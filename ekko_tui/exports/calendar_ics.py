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
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from ekko_tui import __version__
from ekko_tui.domain import agenda as ag
from ekko_tui.domain import breaches as br
from ekko_tui.domain import deadlines as dl
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


def breach_event(b: br.BreachDue, *, now: datetime) -> Event:
    """A timed event at the breach's notify-by moment, alarms 24 h and 4 h before while the
    clock runs, cancelled once notified or decided. No user text: the reference finds it."""
    deadline = b.notify_by.astimezone(UTC)
    running = br.clock_running(b.status)
    event = Event()
    event.add("uid", breach_uid(b.ref))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", deadline)
    event.add("dtend", deadline + timedelta(minutes=15))
    event.add(
        "summary",
        f"Breach {b.ref}: notify Datatilsynet (72 h)" if running else f"Done: breach {b.ref}",
    )
    event.add(
        "description",
        (
            f"Breach {b.ref}: aware {br.format_moment(b.aware_at)}; the Art. 33 notice to "
            f"Datatilsynet (Altinn) is due by {br.format_moment(b.notify_by)}, or record the "
            "decision not to notify with its reason."
        )
        if running
        else f"Breach {b.ref}: {br.STATUSES.get(b.status, b.status)}; nothing due.",
    )
    event.add("categories", ["GDPR"])
    event.add("sequence", 2 * b.revision + (0 if running else 1))
    event.add("status", "CONFIRMED" if running else "CANCELLED")
    if running:
        for hours in br.ALARM_HOURS:
            event.add_component(
                _alarm(
                    f"{breach_uid(b.ref)}-alarm-{hours}h",
                    deadline - timedelta(hours=hours),
                    f"{b.ref}: breach notice to Datatilsynet due in {hours} hours "
                    f"({br.format_moment(b.notify_by)})",
                )
            )
    return event


def alarm_moment(day: date, working_days_before: int) -> datetime:
    """09:00 Oslo on the n-th working day before `day`, in UTC (an absolute trigger)."""
    when = dl.add_working_days(day, -working_days_before)
    return datetime.combine(when, time(ALARM_HOUR), tzinfo=dl.OSLO).astimezone(UTC)


def notice_day(first: date) -> date:
    """The day the extension decision becomes due: 5 working days before the first deadline."""
    return dl.add_working_days(first, -ag.SOON_WORKING_DAYS)


def _event(uid: str, day: date, summary: str, description: str, *, now: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("categories", ["GDPR"])
    event.add("transp", "TRANSPARENT")
    return event


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


def _alarm(uid: str, trigger: datetime, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("uid", uid)
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger, parameters={"VALUE": "DATE-TIME"})
    return alarm


def build_calendar(
    requests: Iterable[ag.RequestDeadline],
    *,
    now: datetime,
    breaches: Iterable[br.BreachDue] = (),
) -> tuple[bytes, ExportResult]:
    """The iCalendar bytes for these requests, and the counts (with an empty path)."""
    cal = Calendar()
    cal.add("prodid", f"-//EKKO AS//ekko {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "ekko: GDPR deadlines")
    cal.add("x-wr-timezone", "Europe/Oslo")
    deadlines = notices = cancelled = breach_count = 0
    for b in breaches:
        cal.add_component(breach_event(b, now=now))
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
        why = d.explain()
        if req.is_open:
            summary = f"Svarfrist {types_nb(req.types)} {req.ref}"
            if req.waiting_since is not None:
                summary += ": fristen står (venter på svar)"
            description = (
                f"Request {req.ref} ({kinds}), {status_text}.\n"
                f"Deadline {dl.format_date(d.effective)}, end of day (Europe/Oslo).\n"
                f"Why: {why}"
            )
            if req.waiting_since is not None:
                description += (
                    f"\nWaiting for the subject since {dl.format_date(req.waiting_since)}: "
                    "the deadline moves one day for each day without an answer."
                )
        else:
            closed = f" on {dl.format_date(req.closed_on)}" if req.closed_on else ""
            summary = f"Avsluttet: svarfrist {types_nb(req.types)} {req.ref}"
            description = f"Request {req.ref} was closed{closed} ({status_text})."
        event = _event(deadline_uid(req.ref), d.effective, summary, description, now=now)
        event.add("sequence", base + (0 if req.is_open else 1))
        if req.is_open:
            event.add("status", "CONFIRMED")
            for n in ALARM_WORKING_DAYS:
                event.add_component(
                    _alarm(
                        f"{deadline_uid(req.ref)}-alarm-{n}wd",
                        alarm_moment(d.effective, n),
                        f"{req.ref}: svarfrist om {n} arbeidsdag{'er' if n > 1 else ''} "
                        f"({d.effective:%d.%m.%Y})",
                    )
                )
            deadlines += 1
        else:
            event.add("status", "CANCELLED")
            cancelled += 1
        cal.add_component(event)

        # The extension decision: due while the first deadline can still be extended.
        today = now.astimezone(dl.OSLO).date()
        live = (
            req.is_open and dl.extension_refusal(d, already_extended=req.extended, on=today) is None
        )
        day = notice_day(d.first)
        notice = _event(
            notice_uid(req.ref),
            day,
            f"Avgjør: forlenge fristen for {req.ref}? Varsel innen {d.first:%d.%m.%Y}",
            (
                f"If {req.ref} needs more time (complexity or number of requests, Art. 12(3)), "
                f"the extension notice with reasons must reach the subject by "
                f"{dl.format_date(d.first)}, the first deadline."
            )
            if live
            else f"No extension decision pending for {req.ref}.",
            now=now,
        )
        notice.add("sequence", base + (0 if live else 1))
        if live:
            notice.add("status", "CONFIRMED")
            notice.add_component(
                _alarm(
                    f"{notice_uid(req.ref)}-alarm",
                    datetime.combine(day, time(ALARM_HOUR), tzinfo=dl.OSLO).astimezone(UTC),
                    f"{req.ref}: decide on an extension before {dl.format_date(d.first)}",
                )
            )
            notices += 1
        else:
            notice.add("status", "CANCELLED")
            cancelled += 1
        cal.add_component(notice)
    return cal.to_ical(), ExportResult(Path(), deadlines, notices, cancelled, breach_count)


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
    requests: Iterable[ag.RequestDeadline],
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
