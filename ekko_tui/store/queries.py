"""Read side: frozen dataclasses for screens and the CLI, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict, namedtuple
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.request_list import RequestSummary, summarise
from ekko_tui.domain.requests import OPEN_STATUSES
from ekko_tui.store.db import db
from ekko_tui.store.models import Event, Note, Pause, Request
from ekko_tui.store.times import from_db

FILTERS = ("open", "all", "overdue", "waiting")


# The inbox's row is the one list projection of a request (domain.request_list); the old name
# stays for the callers that know it.
RequestRow = RequestSummary


@dataclass(frozen=True)
class PauseRow:
    kind: str
    asked_on: date
    answered_on: date | None
    note: str


@dataclass(frozen=True)
class EventRow:
    at: datetime  # aware UTC
    actor: str
    kind: str
    detail: str


@dataclass(frozen=True)
class RequestDetail:
    """Everything about one request: the row, the free texts, pauses and the timeline."""

    row: RequestSummary
    message: str
    identity_method: str
    identity_evidence: str
    outcome_note: str
    extension_kind: str | None
    extension_reason: str | None
    extended_on: date | None
    pauses: tuple[PauseRow, ...]
    events: tuple[EventRow, ...]
    erased_at: datetime | None = None  # aware UTC: the personal data was erased

    @property
    def erased_at_retention_end(self) -> bool:
        """Erased by the retention sweep (its keep period ended), not by an Art. 17 erasure."""
        return any(e.kind == "retention_erased" for e in self.events)


def _row(req: Any, pauses: tuple[dl.PausePeriod, ...], today: date) -> RequestSummary:
    """The list projection of a Request or a named-tuple row with the _LIST_FIELDS columns."""
    return summarise(
        id=req.id,
        ref=req.ref,
        received_at=from_db(req.received_at),
        channel=req.channel,
        types=tuple(t for t in req.types.split(",") if t),
        requester_name=req.requester_name,
        requester_contact=req.requester_contact,
        status=req.status,
        identity_status=req.identity_status,
        pauses=pauses,
        extended=req.extended_on is not None,
        today=today,
        types_suggested=bool(req.types_suggested),
        intake_warning=req.intake_warning or "",
    )


_LIST_FIELDS = (
    Request.id,
    Request.ref,
    Request.received_at,
    Request.channel,
    Request.types,
    Request.requester_name,
    Request.requester_contact,
    Request.status,
    Request.identity_status,
    Request.extended_on,
    Request.types_suggested,
    Request.intake_warning,
)


def stored_rows(query: Any) -> list[Any]:
    """A select's rows as named tuples of the values as stored (text dates, 0/1 booleans),
    without peewee's conversion of every column of every row (most of loading 10,000 inbox
    rows); the callers read what they need (`from_db` takes the stored text)."""
    cursor = db.execute(query)
    row = namedtuple("row", [d[0] for d in cursor.description])  # type: ignore[misc]
    return [row._make(values) for values in cursor.fetchall()]


def pause_periods(query: Any) -> dict[int, tuple[dl.PausePeriod, ...]]:
    """Request id → its pauses, from a select of (request, asked_on, answered_on), oldest
    first (the stored ISO dates read directly)."""
    out: dict[int, list[dl.PausePeriod]] = defaultdict(list)
    for request_id, asked_on, answered_on in db.execute(query.order_by(Pause.asked_on)):
        out[request_id].append(
            dl.PausePeriod(_day(asked_on), _day(answered_on) if answered_on is not None else None)
        )
    return {rid: tuple(periods) for rid, periods in out.items()}


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def request_rows(today: date, filter: str = "open") -> list[RequestSummary]:
    """Requests for the inbox, by effective deadline; two queries whatever the count."""
    if filter not in FILTERS:
        raise ValueError(f"unknown filter {filter!r}")
    query = Request.select(*_LIST_FIELDS)
    if filter in ("open", "overdue"):
        query = query.where(Request.status.in_(OPEN_STATUSES))
    elif filter == "waiting":
        query = query.where(Request.status == "waiting")
    requests = stored_rows(query)
    pause_query = Pause.select(Pause.request, Pause.asked_on, Pause.answered_on)
    if filter != "all":
        pause_query = pause_query.join(Request).where(Request.status.in_(OPEN_STATUSES))
    pauses = pause_periods(pause_query)
    rows = [_row(r, pauses.get(r.id, ()), today) for r in requests]
    if filter == "overdue":
        rows = [r for r in rows if r.overdue]
    rows.sort(key=lambda r: (not r.is_open, r.deadline.effective, r.ref))
    return rows


def request_detail(request_id: int, today: date) -> RequestDetail | None:
    """One request with its pauses and timeline, or None if it does not exist."""
    req = Request.get_or_none(Request.id == request_id)
    if req is None:
        return None
    pauses = [
        PauseRow(p.kind, p.asked_on, p.answered_on, p.note)
        for p in Pause.select().where(Pause.request == req.id).order_by(Pause.asked_on)
    ]
    notes = {n.id: n.text for n in Note.select().where(Note.request == req.id)}
    events = tuple(
        EventRow(from_db(e.at), e.actor, e.kind, _shown_detail(e.kind, e.detail, notes))
        for e in Event.select().where(Event.request == req.id).order_by(Event.at, Event.id)
    )
    return RequestDetail(
        row=_row(req, tuple(dl.PausePeriod(p.asked_on, p.answered_on) for p in pauses), today),
        message=req.message,
        identity_method=req.identity_method,
        identity_evidence=req.identity_evidence,
        outcome_note=req.outcome_note,
        extension_kind=req.extension_kind,
        extension_reason=req.extension_reason,
        extended_on=req.extended_on,
        pauses=tuple(pauses),
        events=events,
        erased_at=from_db(req.erased_at) if req.erased_at else None,
    )


def _shown_detail(kind: str, detail: str, notes: dict[int, str]) -> str:
    """A note event shows the note's text (kept outside the chained event), or that it is gone."""
    if kind != "note" or not detail.startswith("Note #"):
        return detail
    note_id = detail.removeprefix("Note #").split(" ", 1)[0]
    text = notes.get(int(note_id)) if note_id.isdigit() else None
    return f"Note: {text}" if text is not None else "Note (text removed at erasure)"


def request_id_by_ref(ref: str) -> int | None:
    """The id of the request with this reference, if any."""
    req = Request.get_or_none(Request.ref == ref.strip())
    return req.id if req else None
