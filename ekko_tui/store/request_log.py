"""What every change to a request shares: the short write transaction, the chained event it
appends to the audit trail, the row fetched for a change, and the deadline of a stored row."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

import peewee as pw

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain import lifecycle as lc
from ekko_tui.domain.requests import OPEN_STATUSES, STATUSES, ValidationError
from ekko_tui.store import audit
from ekko_tui.store.db import db, translate_operational
from ekko_tui.store.models import Event, Pause, Request
from ekko_tui.store.times import to_db


@contextlib.contextmanager
def write() -> Iterator[None]:
    """One short write transaction; a lock held too long by another process becomes
    DatabaseBusy, a full disk DiskFull (the transaction is rolled back either way)."""
    try:
        with db.atomic("IMMEDIATE"):
            yield
        if db.database and db.transaction_depth() == 0:
            audit.anchor(Path(db.database))  # the committed head, beside the key
    except pw.OperationalError as exc:
        # A failed COMMIT (full disk) is rolled back by SQLite itself, so Peewee's own
        # rollback then fails with "no transaction is active": the cause is in the context.
        cause: BaseException | None = exc
        while cause is not None:
            translated = translate_operational(cause)
            if translated is not None:
                raise translated from exc
            cause = cause.__context__
        raise


def log_event(request_id: int | None, kind: str, detail: str, *, now: datetime, actor: str) -> None:
    """Append an event to the timeline, chained to the one before (events are never edited).

    Call inside `write()`: the IMMEDIATE transaction keeps the chain in order across processes.
    """
    at = to_db(now)
    ref = ""
    if request_id is not None:
        ref = Request.select(Request.ref).where(Request.id == request_id).scalar() or ""
    prev = audit.last_hash()
    state = audit.request_state(request_id)
    digest = audit.event_hash(prev, audit.stored_time(at), actor, kind, detail, ref, state)
    audit.mark_written()
    Event.create(
        request=request_id,
        at=at,
        actor=actor,
        kind=kind,
        detail=detail,
        request_ref=ref,
        prev_hash=prev,
        hash=digest,
        state=state,
    )


def _get(request_id: int) -> Request:
    req = Request.get_or_none(Request.id == request_id)
    if req is None:
        raise ValidationError("request", f"Request #{request_id} does not exist.")
    return req


def _require_open(req: Request, action: str) -> None:
    if req.status not in OPEN_STATUSES:
        raise ValidationError(
            "status",
            f"{req.ref} is closed ({STATUSES[req.status]}): reopen it before you {action}.",
        )


def _pauses(req: Request) -> list[dl.PausePeriod]:
    rows = Pause.select().where(Pause.request == req.id).order_by(Pause.asked_on)
    return [dl.PausePeriod(p.asked_on, p.answered_on) for p in rows]


class DeadlineColumns(Protocol):
    """The columns a deadline is computed from: a Request, or a row of a list query read as
    named tuples (no Model instance per row: lists of 10,000 requests load in half the time)."""

    @property
    def received_at(self) -> datetime: ...
    @property
    def extended_on(self) -> date | None: ...


def stored_deadline(
    req: DeadlineColumns, pauses: Sequence[dl.PausePeriod], today: date
) -> dl.Deadline:
    """The deadline of a stored request row and its pauses, as of `today` (the one place the
    store turns its columns into the Art. 12(3) computation)."""
    return dl.compute_deadline(
        dl.oslo_date(req.received_at),  # stored naive UTC; oslo_date reads naive as UTC
        pauses=pauses,
        extended=req.extended_on is not None,
        today=today,
    )


def deadline_of(req: Request, today: date) -> dl.Deadline:
    """The deadline of one stored request as of `today` (reads its pauses)."""
    return stored_deadline(req, _pauses(req), today)


def _start_work(req: Request) -> None:
    req.status = lc.after_work(req.status)
