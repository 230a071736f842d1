"""Tamper-evident timeline: each event keeps its request's reference and a hash chained to the
previous event's hash. Existing events are chained in id order."""

import hashlib
import json

import peewee as pw
from playhouse.migrate import SqliteMigrator
from playhouse.migrate import migrate as run


def event_hash(prev: str, at: str, actor: str, kind: str, detail: str, ref: str) -> str:
    """The same canonical form as ekko_tui.store.audit.event_hash (frozen copy)."""
    payload = json.dumps([prev, at, actor, kind, detail, ref], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def migrate(db: pw.Database, migrator: SqliteMigrator) -> None:
    run(
        migrator.add_column("event", "request_ref", pw.CharField(default="")),
        migrator.add_column("event", "prev_hash", pw.CharField(default="")),
        migrator.add_column("event", "hash", pw.CharField(default="")),
    )
    db.execute_sql(
        "UPDATE event SET request_ref = COALESCE("
        "(SELECT ref FROM request WHERE request.id = event.request_id), '')"
    )
    prev = ""
    rows = db.execute_sql(
        "SELECT id, at, actor, kind, detail, request_ref FROM event ORDER BY id"
    ).fetchall()
    for event_id, at, actor, kind, detail, ref in rows:
        digest = event_hash(prev, str(at), actor, kind, detail, ref)
        db.execute_sql(
            "UPDATE event SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, event_id)
        )
        prev = digest
