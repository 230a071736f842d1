"""What an erasure leaves behind: the records kept under bokføringsloven § 13 (restricted, with
their keep-until date) and the Art. 19 notices owed to each recipient."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.kept_agenda import KeptDue
from ekko_tui.domain.requests import ValidationError
from ekko_tui.store.models import ErasureNotice, Request, RetainedRecord
from ekko_tui.store.requests import log_event, write


@dataclass(frozen=True)
class RetainedRow:
    """A record an erasure kept (bokføringsloven § 13), as the letters cite it."""

    system: str
    description: str
    document_date: date
    kind: str


def retained_records(request_ref: str) -> tuple[RetainedRow, ...]:
    """The records the erasure done for one request kept, in the order it kept them."""
    query = (
        RetainedRecord.select()
        .where(RetainedRecord.request_ref == request_ref)
        .order_by(RetainedRecord.id)
    )
    return tuple(RetainedRow(r.system, r.description, r.document_date, r.kind) for r in query)


# ---------------------------------------------------------------- Art. 19 notices


@dataclass(frozen=True)
class NoticeRow:
    id: int
    request_ref: str
    processor: str
    notified_on: date | None


def notices(request_ref: str | None = None) -> tuple[NoticeRow, ...]:
    """The Art. 19 notices owed or given, of one request or all."""
    query = ErasureNotice.select().order_by(ErasureNotice.id)
    if request_ref is not None:
        query = query.where(ErasureNotice.request_ref == request_ref)
    return tuple(NoticeRow(n.id, n.request_ref, n.processor, n.notified_on) for n in query)


def mark_notified(request_ref: str, on: date, *, now: datetime, actor: str) -> int:
    """Record that every pending notice of this request went out on `on`; returns how many."""
    if on > now.astimezone(dl.OSLO).date():
        raise ValidationError("notified_on", "The notices cannot have gone out in the future.")
    with write():
        pending = ErasureNotice.update(notified_on=on).where(
            ErasureNotice.request_ref == request_ref, ErasureNotice.notified_on.is_null()
        )
        count = pending.execute()
        if count:
            rid = Request.select(Request.id).where(Request.ref == request_ref).scalar()
            log_event(
                rid,
                "notified",
                f"{count} recipient(s) told of the erasure on {on:%Y-%m-%d} (Art. 19)",
                now=now,
                actor=actor,
            )
    return int(count)


def kept_due() -> list[KeptDue]:
    """Every record kept after an erasure, with its keep-until date (one query)."""
    query = RetainedRecord.select(
        RetainedRecord.id,
        RetainedRecord.request_ref,
        RetainedRecord.system,
        RetainedRecord.description,
        RetainedRecord.document_date,
        RetainedRecord.kept_until,
    ).order_by(RetainedRecord.kept_until, RetainedRecord.id)
    return [
        KeptDue(r.id, r.request_ref, r.system, r.description, r.document_date, r.kept_until)
        for r in query
    ]


def delete_expired_kept(today: date, *, now: datetime, actor: str) -> int:
    """Delete the kept records whose keep-until date is before `today` (one transaction, one
    event naming how many and the requests); returns how many. The caller compacts."""
    with write():
        expired = RetainedRecord.select(RetainedRecord.id, RetainedRecord.request_ref).where(
            RetainedRecord.kept_until < today
        )
        rows = [(r.id, r.request_ref) for r in expired]
        if not rows:
            return 0
        RetainedRecord.delete().where(RetainedRecord.id.in_([i for i, _ in rows])).execute()
        refs = sorted({ref for _, ref in rows if ref})
        log_event(
            None,
            "kept_erased",
            f"{len(rows)} record(s) kept under bokføringsloven § 13 erased after their "
            f"keep-until date (requests {', '.join(refs) or '–'})",
            now=now,
            actor=actor,
        )
    return len(rows)
