"""The tamper-evident trail: events are chained by SHA-256; `verify_chain` names the first break."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from ekko_tui.store.db import db


def event_hash(prev: str, at: str, actor: str, kind: str, detail: str, ref: str) -> str:
    """SHA-256 over the previous hash and the event's fields, in a fixed canonical form."""
    payload = json.dumps([prev, at, actor, kind, detail, ref], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def stored_time(moment: datetime) -> str:
    """A naive UTC datetime as SQLite stores it through Peewee (the form that is hashed)."""
    return str(moment)


def last_hash() -> str:
    """The hash of the newest event ('' for an empty trail)."""
    row = db.execute_sql("SELECT hash FROM event ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else ""


@dataclass(frozen=True)
class ChainReport:
    """The result of recomputing the chain."""

    events: int
    broken_at: int | None  # id of the first event whose hash does not match
    reason: str

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain() -> ChainReport:
    """Recompute every event's hash in order; report the first event that does not match."""
    prev = ""
    count = 0
    rows = db.execute_sql(
        "SELECT id, at, actor, kind, detail, request_ref, prev_hash, hash FROM event ORDER BY id"
    )
    for event_id, at, actor, kind, detail, ref, prev_hash, digest in rows:
        count += 1
        if prev_hash != prev:
            return ChainReport(count, event_id, "it does not point to the event before it")
        if event_hash(prev, str(at), actor, kind, detail, ref) != digest:
            return ChainReport(count, event_id, "its contents were changed after it was written")
        prev = digest
    return ChainReport(count, None, "")
