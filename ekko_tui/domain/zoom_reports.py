"""Zoom reports: meeting participants ("Export with meeting data", old and new layout) and
webinar attendee reports (sections: Attendee Report, Host Details, Panelist Details,
Attendee Details, Other Attended).

Times are in the host's time zone (the export does not say which: the caller passes it). One
document per join: a person who joined twice has two. The host's own section is left out (it is
the controller's account, not a data subject); no-shows are kept as registered.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import tzinfo

from ekko_tui.domain.csv_files import ImportFileError, RawRows, Table, norm_header
from ekko_tui.domain.document_formats import value
from ekko_tui.domain.export_formats import Columns, RowBuilder
from ekko_tui.domain.export_values import parse_moment
from ekko_tui.domain.record_fields import column_categories, row_fields
from ekko_tui.domain.records import ParsedDocument

_SECTIONS = {
    "attendee report": "",
    "host details": "host",
    "panelist details": "panelist",
    "attendee details": "attendee",
    "other attended": "attendee",
    "registration report": "",
    "performance report": "",
}
_MEETING_KEYS = ("meeting id", "webinar id", "id")
_NAME = ("name (original name)", "user name (original name)", "name", "user name", "participant")
_PHONE_LIKE = re.compile(r"^[+\d\s()*xX.-]{6,}$")


@dataclass(frozen=True)
class ZoomRow:
    line: int
    section: str  # participant, attendee, panelist
    headers: tuple[str, ...]
    cells: tuple[str, ...]
    meeting: tuple[tuple[str, str], ...]  # (header, value) of the meeting/webinar


def _is_people_header(row: tuple[str, ...]) -> bool:
    names = {norm_header(c) for c in row if c}
    has_name = bool(names & set(_NAME))
    has_time = bool(names & {"join time", "registration time", "attended"})
    return has_name and (has_time or bool(names & {"email", "user email"}))


def _is_meeting_header(row: tuple[str, ...]) -> bool:
    names = {norm_header(c) for c in row if c}
    return "topic" in names and bool(names & set(_MEETING_KEYS))


def is_zoom(raw: RawRows) -> str:
    """'webinar', 'meeting' or '' for rows that are (not) a Zoom report."""
    first = [row for _, row in raw.rows[:40]]
    sections = {norm_header(r[0]) for r in first if r and r[0]} & set(_SECTIONS)
    meeting = any(_is_meeting_header(r) for r in first)
    people = any(_is_people_header(r) for r in first)
    names = {norm_header(c) for r in first for c in r}
    if (sections or "webinar id" in names) and (people or meeting):
        return "webinar"
    if meeting and people:
        return "meeting"
    return ""


def zoom_rows(raw: RawRows) -> tuple[str, list[ZoomRow], Table]:
    """The kind ('meeting' or 'webinar'), every person row with its section and meeting, and
    the first people table (for the report's encoding and delimiter)."""
    kind = is_zoom(raw)
    if not kind:
        raise ImportFileError(
            "This does not look like a Zoom report: no participant or attendee list (a "
            "'Name (original name)' / 'User Name (Original Name)' column with 'Join time') was "
            "found. Export Reports › Usage › Participants or a webinar Attendee report as CSV. "
            "Nothing was imported."
        )
    out: list[ZoomRow] = []
    meeting: tuple[tuple[str, str], ...] = ()
    headers: tuple[str, ...] = ()
    section = "participant" if kind == "meeting" else "attendee"
    people_table: Table | None = None
    rows = raw.rows
    i = 0
    while i < len(rows):
        line, row = rows[i]
        filled = [c for c in row if c]
        title = norm_header(filled[0]) if len(filled) == 1 else ""
        if title in _SECTIONS:
            section = _SECTIONS[title] or section
            headers = ()
        elif _is_meeting_header(row):
            if i + 1 < len(rows) and not _is_people_header(rows[i + 1][1]):
                meeting = tuple(
                    (h, c) for h, c in zip(row, rows[i + 1][1], strict=False) if h and c
                )
                i += 1
            headers = ()
        elif _is_people_header(row):
            headers = row
            if people_table is None:
                people_table = Table(row, (), raw.delimiter, raw.encoding)
        elif headers and section != "host":
            out.append(ZoomRow(line, section, headers, row, meeting))
        i += 1
    if people_table is None:
        people_table = Table((), (), raw.delimiter, raw.encoding)
    return kind, out, people_table


def _meeting_value(meeting: tuple[tuple[str, str], ...], *names: str) -> str:
    wanted = {norm_header(n) for n in names}
    return next((v for h, v in meeting if norm_header(h) in wanted), "")


def map_zoom_row(b: RowBuilder, z: ZoomRow, kind: str, zone: tzinfo) -> None:
    """One participant/attendee row: the person's identifiers and one meeting document."""
    cols = Columns(z.headers)
    row = z.cells
    raw_name = value(row, cols.find("Name (original name)", "User Name (Original Name)", "Name"))
    current, original = raw_name, ""
    if m := re.fullmatch(r"(.+?)\s*\(([^()]+)\)", raw_name):
        current, original = m.group(1).strip(), m.group(2).strip()
    for name in (current, original):
        if name and _PHONE_LIKE.match(name) and sum(ch.isdigit() for ch in name) >= 6:
            b.phone(name)  # a dial-in caller: the number is the name
        else:
            b.name(name)
    first, last = value(row, cols.find("First Name")), value(row, cols.find("Last Name"))
    if first or last:
        b.name(" ".join(p for p in (first, last) if p))
    b.email(value(row, cols.find("Email", "User Email")))
    b.phone(value(row, cols.find("Phone")))
    joined = value(row, cols.find("Join Time", "Join time"))
    registered = value(row, cols.find("Registration Time"))
    start = _meeting_value(z.meeting, "Start time", "Actual Start Time", "Start Time")
    on, at = "", ""
    for raw, label in ((joined, "Join Time"), (registered, "Registration Time"), (start, "")):
        if not raw:
            continue
        try:
            moment, day = parse_moment(raw, zone)
        except ValueError as exc:
            if label:
                b.errors.append(f"{label} {raw!r}: {exc}")
                return
            continue
        on, at = day.isoformat(), moment.isoformat() if moment else ""
        break
    attended = value(row, cols.find("Attended")).casefold()
    status = "attended"
    if attended in ("no", "nei") or (not joined and registered):
        status = "registered, did not attend"
    if z.section == "panelist":
        status = f"panelist, {status}"
    number = re.sub(r"\s", "", _meeting_value(z.meeting, "Meeting ID", "Webinar ID", "ID"))
    topic = _meeting_value(z.meeting, "Topic")
    meeting_fields = tuple(("meetings", h, v) for h, v in z.meeting)
    row_values = row_fields(z.headers, column_categories(z.headers), row)
    fields = meeting_fields + tuple(f for f in row_values if f[2] != "--")
    who = (b.emails or b.phones or b.names or [""])[0]
    key = hashlib.sha256("\x1f".join((number, topic, who, joined, registered)).encode())
    b.category("meetings")
    b.documents.append(
        ParsedDocument(
            kind,
            number,
            f"{number}:{key.hexdigest()[:24]}",
            on=on,
            at=at,
            status=status,
            description=topic,
            fields=fields,
        )
    )
