"""The breach register read back: the list, one breach's detail with its timeline, filings,
people and letters, and the breaches the agenda and the calendar count (frozen dataclasses)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

import peewee as pw

from ekko_tui.domain import breaches as br
from ekko_tui.domain.requests import ValidationError
from ekko_tui.store.breach_models import Breach, BreachFiling, BreachLetter, BreachSubject
from ekko_tui.store.db import db
from ekko_tui.store.models import Event
from ekko_tui.store.subject_models import Subject
from ekko_tui.store.times import from_db, to_db

# Free-text fields the detail form edits (label, required when …).
TEXT_FIELDS: dict[str, str] = {
    "summary": "What happened",
    "cause": "The cause",
    "source_detail": "Who told us (e.g. the processor)",
    "data_categories": "Types of personal data (one per line)",
    "activities": "Processing activities affected (one per line)",
    "relationship": "Relationship to the people affected",
    "data_location": "Where the data is now",
    "consequences": "Likely consequences",
    "measures_taken": "Measures taken",
    "measures_planned": "Measures planned",
    "contact_person": "Contact person for Datatilsynet",
}


_TEXT_COLUMNS = (
    *TEXT_FIELDS,
    "risk_reason",
    "decision_reason",
    "delay_reason",
    "people_notice_how",
    "people_notice_to",
    "art34_ground",
    "art34_justification",
    "lessons",
    "altinn_ref",
    "risk",
    "decision",
)

EVENT_PREFIX = "breach"


@dataclass(frozen=True)
class BreachRow:
    id: int
    ref: str
    aware_at: datetime  # aware UTC
    notify_by: datetime  # Oslo
    summary: str
    types: tuple[str, ...]
    risk: str
    decision: str
    status: str
    notified_at: datetime | None
    altinn_ref: str
    people: int  # linked subjects

    def hours_left(self, now: datetime) -> float | None:
        """Hours to the notify-by moment while the clock runs, else None."""
        return br.hours_left(self.notify_by, now) if br.clock_running(self.status) else None


@dataclass(frozen=True)
class Filing:
    at: datetime
    kind: str
    reference: str
    note: str


@dataclass(frozen=True)
class LinkedSubject:
    id: int
    name: str


@dataclass(frozen=True)
class BreachLetterRow:
    id: int
    subject_id: int | None
    path: str
    sha256: str
    pages: int
    generated_at: datetime
    printed_at: datetime | None
    printed_how: str
    sent_at: datetime | None
    sent_how: str


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    actor: str
    detail: str


@dataclass(frozen=True)
class BreachDetail:
    row: BreachRow
    fields: Mapping[str, str]  # every text field by column name
    source: str
    source_at: datetime | None
    occurred_from: datetime | None
    occurred_to: datetime | None
    people_count: int | None
    records_count: int | None
    people_notice_at: datetime | None
    closed_at: datetime | None
    subjects: tuple[LinkedSubject, ...]
    filings: tuple[Filing, ...]
    letters: tuple[BreachLetterRow, ...]
    timeline: tuple[TimelineEntry, ...]


def _aware(value: datetime | None) -> datetime | None:
    return from_db(value) if value is not None else None


def _status(b: Breach) -> str:
    return br.status_of(
        decision=b.decision, notified=b.notified_at is not None, closed=b.closed_at is not None
    )


def _row(b: Breach, people: int) -> BreachRow:
    aware = from_db(b.aware_at)
    return BreachRow(
        id=b.id,
        ref=b.ref,
        aware_at=aware,
        notify_by=br.notify_by(aware),
        summary=b.summary,
        types=tuple(t for t in b.types.split(",") if t),
        risk=b.risk,
        decision=b.decision,
        status=_status(b),
        notified_at=_aware(b.notified_at),
        altinn_ref=b.altinn_ref,
        people=people,
    )


def _get(ref: str) -> Breach:
    b = Breach.get_or_none(Breach.ref == ref.strip().upper())
    if b is None:
        raise ValidationError("ref", f"There is no breach {ref.strip()!r} (see `ekko breaches`).")
    return b


def letter_pdf(letter_id: int) -> bytes | None:
    """The archived PDF of an Art. 34 letter; None once erased (or unknown)."""
    row = BreachLetter.select(BreachLetter.pdf).where(BreachLetter.id == letter_id).tuples().first()
    return bytes(row[0]) if row is not None and row[0] is not None else None


def _people_counts() -> dict[int, int]:
    query = BreachSubject.select(BreachSubject.breach, pw.fn.COUNT(BreachSubject.id)).group_by(
        BreachSubject.breach
    )
    pairs = cast(list[tuple[int, int]], list(query.tuples()))
    return {int(b): int(n) for b, n in pairs}


def breach_rows(*, include_closed: bool = False) -> list[BreachRow]:
    """Breaches by notify-by (soonest first); closed ones only when asked."""
    query = Breach.select()
    if not include_closed:
        query = query.where(Breach.closed_at.is_null())
    counts = _people_counts()
    rows = [_row(b, counts.get(b.id, 0)) for b in query]
    rows.sort(key=lambda r: (r.status == "closed", r.notify_by, r.ref))
    return rows


def _revision(ref: str) -> int:
    return (
        Event.select()
        .where((Event.kind == EVENT_PREFIX) & Event.detail.startswith(ref + ":"))
        .count()
    )


def breaches_due() -> list[br.BreachDue]:
    """Open breaches whose 72-hour clock still runs (no notice, no decision not to)."""
    return [
        br.BreachDue(row.id, row.ref, row.summary, row.aware_at, row.status)
        for row in breach_rows()
        if br.clock_running(row.status)
    ]


def breaches_for_calendar(now: datetime) -> list[br.BreachDue]:
    """Every breach aware within the last year (running or not, so a calendar drops the
    event once the notice is recorded), with its revision number."""
    since = to_db(now) - timedelta(days=366)
    rows = [r for r in breach_rows(include_closed=True) if to_db(r.aware_at) >= since]
    return [
        br.BreachDue(r.id, r.ref, r.summary, r.aware_at, r.status, _revision(r.ref)) for r in rows
    ]


def breach_detail(ref: str) -> BreachDetail:
    """Everything about one breach, with its subjects, filings, letters and timeline."""
    b = _get(ref)
    linked = cast(
        list[tuple[int, str]],
        list(
            BreachSubject.select(BreachSubject.subject, Subject.name)
            .join(Subject)
            .where(BreachSubject.breach == b.id)
            .order_by(Subject.name)
            .tuples()
        ),
    )
    subjects = tuple(LinkedSubject(int(sid), name or f"subject #{sid}") for sid, name in linked)
    filings = tuple(
        Filing(from_db(f.at), f.kind, f.reference, f.note)
        for f in BreachFiling.select().where(BreachFiling.breach == b.id).order_by(BreachFiling.at)
    )
    letters = tuple(
        BreachLetterRow(
            lt.id,
            lt.subject_id,
            lt.path,
            lt.sha256,
            lt.pages,
            from_db(lt.generated_at),
            _aware(lt.printed_at),
            lt.printed_how,
            _aware(lt.sent_at),
            lt.sent_how,
        )
        for lt in BreachLetter.select().where(BreachLetter.breach == b.id).order_by(BreachLetter.id)
    )
    timeline = tuple(
        TimelineEntry(from_db(e.at), e.actor, e.detail.split(": ", 1)[-1])
        for e in Event.select()
        .where((Event.kind == EVENT_PREFIX) & Event.detail.startswith(b.ref + ":"))
        .order_by(Event.id)
    )
    return BreachDetail(
        row=_row(b, len(subjects)),
        fields={c: getattr(b, c) for c in _TEXT_COLUMNS},
        source=b.source,
        source_at=_aware(b.source_at),
        occurred_from=_aware(b.occurred_from),
        occurred_to=_aware(b.occurred_to),
        people_count=b.people_count,
        records_count=b.records_count,
        people_notice_at=_aware(b.people_notice_at),
        closed_at=_aware(b.closed_at),
        subjects=subjects,
        filings=filings,
        letters=letters,
        timeline=timeline,
    )


def breaches_recorded() -> int | None:
    """How many breaches the register holds, or None where this database keeps no register
    (the Art. 30 record names the register as a security measure only where it exists)."""
    if not db.table_exists(Breach._meta.table_name):
        return None
    return Breach.select().count()
