"""The retention sweep of closed requests: those past the end of their keep period (domain
`request_kept_until`, the promise of the no-data answer) lose their personal data, blanked by
the same code as an erasure; the audit trail names the references only. Open requests are never
touched; a closed request is swept even when its subject has other requests open."""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.request_retention import RequestDue, past_retention
from ekko_tui.domain.requests import OPEN_STATUSES
from ekko_tui.store import keys
from ekko_tui.store.db import db
from ekko_tui.store.models import Request
from ekko_tui.store.request_blanking import blank_requests
from ekko_tui.store.requests import log_event, write
from ekko_tui.store.times import from_db, to_db

log = logging.getLogger(__name__)


def closed_with_personal_data() -> list[RequestDue]:
    """Every closed request whose personal data is still stored, with its Oslo closing date
    (one query). A row whose closing time cannot be read is left out: it is never swept on a
    guess."""
    query = Request.select(Request.id, Request.ref, Request.types, Request.closed_at).where(
        Request.status.not_in(OPEN_STATUSES),
        Request.closed_at.is_null(False),
        Request.erased_at.is_null(),
    )
    out = []
    for row in query.order_by(Request.id):
        try:
            closed_on = dl.oslo_date(from_db(row.closed_at or ""))
        except (TypeError, ValueError):
            log.warning("request %s has an unreadable closing time; not swept", row.ref)
            continue
        types = tuple(t for t in (row.types or "").split(",") if t)
        out.append(RequestDue(row.id, row.ref, types, closed_on))
    return out


def requests_past_retention(today: date) -> list[RequestDue]:
    """The closed requests whose keep period ended before `today` and whose personal data is
    still stored, oldest retention end first."""
    return past_retention(closed_with_personal_data(), today)


def erase_requests_past_retention(today: date, *, now: datetime, actor: str) -> list[str]:
    """Blank the personal data of every closed request past its keep period, in one
    transaction (one event per request, naming its reference and dates only), delete their
    letter files, then compact the file (raises StoreError if compaction must wait). Returns
    the references erased; running it again erases nothing more."""
    from ekko_tui.store.erasure import compact

    db_path = Path(db.database)
    with write():
        due = requests_past_retention(today)
        if not due:
            return []
        # Marked before the commit, cleared by the compaction (as an erasure does).
        keys.write_state(db_path, "compact", {"since": now.isoformat()})
        files = blank_requests([r.id for r in due], to_db(now))
        for row in due:
            log_event(
                row.id,
                "retention_erased",
                f"Personal data of {row.ref} erased: closed {row.closed_on:%Y-%m-%d}, kept "
                f"until {row.kept_until:%Y-%m-%d} (foreldelsesloven § 2)",
                now=now,
                actor=actor,
            )
    for path in files:
        path.unlink(missing_ok=True)
    compact(db_path)
    return [r.ref for r in due]
