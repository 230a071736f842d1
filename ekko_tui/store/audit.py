"""The tamper-evident trail, as evidence.

Each event's hash is an HMAC-SHA256, keyed with the database's seal key (kept like the
database key, never in the database), over the previous hash and the event's fields,
including the deadline-deciding state of its request (received at, pauses, extension) after
the event. The head of the chain (count and hash) is anchored outside the database, beside
the key and in each backup's metadata, so deleting the last events is detected too.
`verify` checks the file's integrity first, then the chain, the anchor and every request.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ekko_tui.store import keys
from ekko_tui.store.db import db

SCHEME = "hmac-sha256"
SCHEME_SETTING = "audit.scheme"
LEGACY_BREAK_SETTING = "audit.legacy_break"

_seal = ""
_dirty = False  # an event was written since the anchor was last moved
_anchoring = True  # off while the store points at a backup (its head goes in its metadata)


def set_seal(seal: str) -> None:
    """Use `seal` for the open database's chain (set by open_db)."""
    global _seal
    _seal = seal


def seal_key() -> str:
    """The seal key in use ('' before open_db)."""
    return _seal


def keyed_digest(text: str) -> str:
    """HMAC-SHA256 of `text` with the seal key (suppression entries)."""
    if not _seal:
        raise RuntimeError("the seal key is not loaded (open_db sets it)")
    return hmac.new(_seal.encode(), text.encode("utf-8"), hashlib.sha256).hexdigest()


def legacy_hash(prev: str, at: str, actor: str, kind: str, detail: str, ref: str) -> str:
    """The unkeyed SHA-256 of chains written before 0007 (checked once, when re-sealed)."""
    payload = json.dumps([prev, at, actor, kind, detail, ref], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def event_hash(
    prev: str,
    at: str,
    actor: str,
    kind: str,
    detail: str,
    ref: str,
    state: str = "",
    *,
    seal: str | None = None,
) -> str:
    """HMAC-SHA256 (seal key) over the previous hash and the event's fields, canonically."""
    key = seal if seal is not None else _seal
    if not key:
        raise RuntimeError("the audit trail's seal key is not loaded (open_db sets it)")
    payload = json.dumps([prev, at, actor, kind, detail, ref, state], ensure_ascii=False)
    return hmac.new(key.encode(), payload.encode("utf-8"), hashlib.sha256).hexdigest()


def stored_time(moment: datetime) -> str:
    """A naive UTC datetime as SQLite stores it through Peewee (the form that is hashed)."""
    return str(moment)


def last_hash() -> str:
    """The hash of the newest event ('' for an empty trail)."""
    row = db.execute_sql("SELECT hash FROM event ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else ""


def request_state(request_id: int | None) -> str:
    """The fields that decide a request's deadline, canonically ('' for no request)."""
    if request_id is None:
        return ""
    row = db.execute_sql(
        "SELECT received_at, extended_on FROM request WHERE id = ?", (request_id,)
    ).fetchone()
    if row is None:
        return ""
    pauses = db.execute_sql(
        "SELECT asked_on, answered_on FROM pause WHERE request_id = ? ORDER BY asked_on, id",
        (request_id,),
    ).fetchall()
    state = {
        "received_at": str(row[0]),
        "extended_on": None if row[1] is None else str(row[1]),
        "pauses": [[str(a), None if b is None else str(b)] for a, b in pauses],
    }
    return json.dumps(state, sort_keys=True)


def set_anchoring(on: bool) -> None:
    """Turn anchoring beside the key on or off (off while working on a backup file)."""
    global _anchoring, _dirty
    _anchoring, _dirty = on, False


def mark_written() -> None:
    """Note that an event was written: the anchor moves after the transaction commits."""
    global _dirty
    _dirty = True


def head() -> tuple[int, str]:
    """The number of events and the newest event's hash."""
    count = db.execute_sql("SELECT count(*) FROM event").fetchone()[0]
    return int(count), last_hash()


def anchor(db_path: Path, *, force: bool = False) -> None:
    """Record the committed head beside the key. Never moves it backwards (two processes may
    race; an older anchor is still a true prefix), except when `force` (after a restore)."""
    global _dirty
    if not _anchoring or not (_dirty or force):
        return
    _dirty = False
    count, digest = head()
    before = keys.read_state(db_path, "head")
    if not force and isinstance(before, dict) and int(before.get("count", 0)) >= count:
        return
    with contextlib.suppress(OSError):  # the anchor only lags; the chain itself is committed
        keys.write_state(db_path, "head", {"count": count, "hash": digest})


def read_anchor(db_path: Path) -> tuple[int, str] | None:
    """The anchored head (count, hash), or None if none was recorded."""
    value = keys.read_state(db_path, "head")
    if not isinstance(value, dict):
        return None
    try:
        return int(value["count"]), str(value["hash"])
    except (KeyError, TypeError, ValueError):
        return None


# ---------------------------------------------------------------- sealing an older chain


def _setting(key: str) -> str | None:
    row = db.execute_sql("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def is_sealed() -> bool:
    """True once the chain is keyed (every database after its first open with 0007)."""
    return _setting(SCHEME_SETTING) == SCHEME


def seal_matches(seal: str) -> bool:
    """Whether `seal` is the key this database's chain was sealed with (first event)."""
    row = db.execute_sql(
        "SELECT at, actor, kind, detail, request_ref, state, hash FROM event ORDER BY id LIMIT 1"
    ).fetchone()
    if row is None:
        return True
    at, actor, kind, detail, ref, state, digest = row
    return bool(event_hash("", str(at), actor, kind, detail, ref, state, seal=seal) == digest)


def seal_chain() -> None:
    """Re-seal an unkeyed chain with the seal key, once (in one transaction). The old chain is
    checked first: a break found then is recorded and reported by every `verify`, so sealing
    never launders tampering."""
    if is_sealed():
        return
    with db.atomic("IMMEDIATE"):
        if is_sealed():  # another process did it meanwhile
            return
        rows = db.execute_sql(
            "SELECT id, at, actor, kind, detail, request_ref, prev_hash, hash, request_id "
            "FROM event ORDER BY id"
        ).fetchall()
        prev, broken = "", ""
        for event_id, at, actor, kind, detail, ref, prev_hash, digest, _ in rows:
            if not broken and (
                prev_hash != prev or legacy_hash(prev, str(at), actor, kind, detail, ref) != digest
            ):
                broken = f"event #{event_id}"
            prev = digest
        latest = {r[8]: r[0] for r in rows if r[8] is not None}  # request id → its last event
        states = {event_id: request_state(rid) for rid, event_id in latest.items()}
        prev = ""
        for event_id, at, actor, kind, detail, ref, *_ in rows:
            state = states.get(event_id, "")
            digest = event_hash(prev, str(at), actor, kind, detail, ref, state)
            db.execute_sql(
                "UPDATE event SET prev_hash = ?, hash = ?, state = ? WHERE id = ?",
                (prev, digest, state, event_id),
            )
            prev = digest
        db.execute_sql(
            "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (SCHEME_SETTING, SCHEME)
        )
        if broken:
            db.execute_sql(
                "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
                (LEGACY_BREAK_SETTING, broken),
            )
    mark_written()


# ---------------------------------------------------------------- checking


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
    """Recompute every event's keyed hash in order; report the first event that does not match."""
    prev = ""
    count = 0
    rows = db.execute_sql(
        "SELECT id, at, actor, kind, detail, request_ref, prev_hash, hash, state "
        "FROM event ORDER BY id"
    )
    for event_id, at, actor, kind, detail, ref, prev_hash, digest, state in rows:
        count += 1
        if prev_hash != prev:
            return ChainReport(count, event_id, "it does not point to the event before it")
        if event_hash(prev, str(at), actor, kind, detail, ref, state) != digest:
            return ChainReport(count, event_id, "its contents were changed after it was written")
        prev = digest
    return ChainReport(count, None, "")


@dataclass(frozen=True)
class VerifyReport:
    """Everything `ekko verify` found: the event count, problems (each names what is wrong)
    and notes (limits of what could be checked)."""

    events: int
    problems: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


_FIELD_NAMES = {"received_at": "received at", "extended_on": "extension", "pauses": "pauses"}


def _request_problems() -> list[str]:
    """Requests whose deadline-deciding fields differ from what their last event recorded."""
    last_state: dict[int, str] = {}
    for rid, state in db.execute_sql(
        "SELECT request_id, state FROM event WHERE request_id IS NOT NULL ORDER BY id"
    ):
        last_state[rid] = state
    problems = []
    for rid, ref in db.execute_sql("SELECT id, ref FROM request ORDER BY id").fetchall():
        recorded = last_state.get(rid)
        if recorded is None:
            problems.append(f"request {ref} has no event in the trail (added outside ekko)")
            continue
        current = request_state(rid)
        if recorded == current:
            continue
        try:
            was, now = json.loads(recorded), json.loads(current)
            changed = [_FIELD_NAMES[k] for k in _FIELD_NAMES if was.get(k) != now.get(k)]
        except (ValueError, AttributeError):
            changed = []
        problems.append(
            f"request {ref}: its {', '.join(changed) or 'deadline fields'} differ from what its "
            "last event recorded (changed outside ekko)"
        )
    return problems


def verify(db_path: Path) -> VerifyReport:
    """Integrity check, then chain, anchor and request states of the open database."""
    results = [r[0] for r in db.execute_sql("PRAGMA integrity_check").fetchall()]
    if results != ["ok"]:
        shown = "; ".join(str(r) for r in results[:3])
        return VerifyReport(0, (f"the database file is damaged (integrity check: {shown})",))
    problems: list[str] = []
    notes: list[str] = []
    legacy = _setting(LEGACY_BREAK_SETTING)
    if legacy:
        problems.append(
            f"the trail was already broken at {legacy} before it was sealed with a key "
            "(an older version's unkeyed chain)"
        )
    chain = verify_chain()
    if not chain.ok:
        problems.append(f"the chain is broken at event #{chain.broken_at}: {chain.reason}")
    count, _ = head()
    anchored = read_anchor(db_path)
    if anchored is None:
        if count:
            notes.append(
                "no anchor was found beside the key (another machine?): deleted last events "
                "cannot be detected until the next change writes one"
            )
    else:
        a_count, a_hash = anchored
        if count < a_count:
            problems.append(
                f"the trail has {count} events but {a_count} were anchored beside the key: "
                f"the last {a_count - count} were deleted"
            )
        elif a_count:
            row = db.execute_sql(
                "SELECT id, hash FROM event ORDER BY id LIMIT 1 OFFSET ?", (a_count - 1,)
            ).fetchone()
            if row is None or row[1] != a_hash:
                problems.append(
                    f"event number {a_count} is not the one anchored beside the key: the trail "
                    "was rewritten"
                )
    problems += _request_problems()
    return VerifyReport(chain.events, tuple(problems), tuple(notes))
