"""Writing an import's records and documents: set-based, inside the import's transaction.

Each record is keyed by (system, kind, record_key). A newer export replaces a record's values
(an older one only widens its first-seen date); every export that held it is one `record_seen`
row, keyed by its export moment, so importing the same file again changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ekko_tui.domain.export_formats import ParsedRow
from ekko_tui.domain.records import CONTACT
from ekko_tui.store.db import db

# The columns an import writes, in the batch table's order.
_BATCH = (
    "subject_id",
    "kind",
    "record_key",
    "number",
    "doc_date",
    "doc_time",
    "amount_minor",
    "currency",
    "status",
    "reference",
    "customer_id",
    "description",
    "since",
    "fields",
    "fingerprint",
)
# What a newer export replaces.
_VALUES = tuple(c for c in _BATCH if c not in ("kind", "record_key", "since"))
_NEWER = (
    "(excluded.last_seen > subject_record.last_seen OR (excluded.last_seen = "
    "subject_record.last_seen AND excluded.fingerprint != subject_record.fingerprint))"
)


@dataclass(frozen=True)
class RecordCounts:
    """How many records and documents an import added, changed, or found as they were."""

    records_added: int = 0
    records_updated: int = 0
    records_unchanged: int = 0
    documents_added: int = 0
    documents_updated: int = 0
    documents_unchanged: int = 0


def _fields_json(fields: Iterable[tuple[str, str, str]]) -> str:
    # Each field is a (category, label, value) tuple: JSON writes it as an array.
    return json.dumps(list(fields), ensure_ascii=False, separators=(",", ":"))


def batch_rows(sid: int, row: ParsedRow) -> list[tuple[object, ...]]:
    """The batch rows of one parsed row: its contact record (if it has fields) and documents."""
    out: list[tuple[object, ...]] = []
    if row.fields:
        text = _fields_json(row.fields)
        out.append(
            (sid, CONTACT, row.record_key, "", "", "", None, "", "", "", "", "")
            + (row.since, text, hashlib.sha256(text.encode()).hexdigest())
        )
    for d in row.documents:
        text = _fields_json(d.fields)
        digest = hashlib.sha256(
            "\x1f".join(
                (text, d.on, d.at, str(d.amount_minor), d.currency, d.status, d.reference)
            ).encode()
        ).hexdigest()
        out.append(
            (sid, d.kind, d.key, d.number, d.on, d.at, d.amount_minor, d.currency, d.status)
            + (d.reference, d.customer_id, d.description, "", text, digest)
        )
    return out


class RecordWriter:
    """Buffers an import's records and writes them in chunks (bounded memory), all inside the
    import's transaction; `finish()` writes the rest and says what the whole import did."""

    CHUNK = 2000

    def __init__(self, system: str, run_id: int, seen_at: datetime) -> None:
        self.system, self.run_id, self.seen_at = system, run_id, seen_at
        self.buffer: list[tuple[object, ...]] = []
        self.totals: dict[tuple[int, str], int] = {}

    def add(self, sid: int, row: ParsedRow) -> None:
        self.buffer.extend(batch_rows(sid, row))
        if len(self.buffer) >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            for key, n in _write_chunk(self.buffer, self.system, self.run_id, self.seen_at):
                self.totals[key] = self.totals.get(key, 0) + n
        self.buffer = []

    def finish(self) -> RecordCounts:
        """Write what is still buffered; what the whole import did to records and documents."""
        self.flush()
        t = self.totals
        return RecordCounts(
            records_added=t.get((0, "added"), 0),
            records_updated=t.get((0, "updated"), 0),
            records_unchanged=t.get((0, "unchanged"), 0),
            documents_added=t.get((1, "added"), 0),
            documents_updated=t.get((1, "updated"), 0),
            documents_unchanged=t.get((1, "unchanged"), 0),
        )


def _write_chunk(
    batch: list[tuple[object, ...]], system: str, run_id: int, seen_at: datetime
) -> list[tuple[tuple[int, str], int]]:
    """Store one chunk (see batch_rows) for `system`, seen in the export of `seen_at` (naive
    UTC); returns ((is document, added|updated|unchanged), count) pairs."""
    at = seen_at.replace(microsecond=0).isoformat(" ")
    cursor = db.cursor()
    cursor.execute(
        "CREATE TEMP TABLE IF NOT EXISTS import_batch ("
        + ", ".join(_BATCH)
        + ", PRIMARY KEY (kind, record_key)) WITHOUT ROWID"
    )
    cursor.execute("DELETE FROM temp.import_batch")
    # A key seen twice in one file: the later row wins (as in the system's own export order).
    cursor.executemany(
        "INSERT OR REPLACE INTO temp.import_batch VALUES (" + ", ".join("?" * len(_BATCH)) + ")",
        batch,
    )
    counts = dict(
        ((doc, state), n)
        for doc, state, n in cursor.execute(
            "SELECT b.kind != ?, CASE WHEN r.id IS NULL THEN 'added' "
            "WHEN r.fingerprint = b.fingerprint OR r.last_seen > ? THEN 'unchanged' "
            "ELSE 'updated' END, count(*) FROM temp.import_batch b "
            "LEFT JOIN subject_record r ON r.system = ? AND r.kind = b.kind "
            "AND r.record_key = b.record_key GROUP BY 1, 2",
            (CONTACT, at, system),
        ).fetchall()
    )
    columns = ", ".join(_BATCH)
    newer = ", ".join(
        f"{c} = CASE WHEN {_NEWER} THEN excluded.{c} ELSE subject_record.{c} END" for c in _VALUES
    )
    cursor.execute(
        f"INSERT INTO subject_record (system, {columns}, first_run_id, last_run_id, "
        f"first_seen, last_seen) SELECT ?, {columns}, ?, ?, ?, ? FROM temp.import_batch "
        "WHERE true ON CONFLICT (system, kind, record_key) DO UPDATE SET "
        f"{newer}, "
        f"last_run_id = CASE WHEN {_NEWER} THEN excluded.last_run_id "
        "ELSE subject_record.last_run_id END, "
        "since = CASE WHEN subject_record.since = '' OR (excluded.since != '' AND "
        "excluded.since < subject_record.since) THEN excluded.since ELSE subject_record.since END, "
        "first_run_id = CASE WHEN excluded.first_seen < subject_record.first_seen "
        "THEN excluded.first_run_id ELSE subject_record.first_run_id END, "
        "first_seen = min(subject_record.first_seen, excluded.first_seen), "
        "last_seen = max(subject_record.last_seen, excluded.last_seen) RETURNING id",
        (system, run_id, run_id, at, at),
    )
    # Every record of the chunk, added or not, was seen in this export.
    seen = [(rid, at, run_id) for (rid,) in cursor.fetchall()]
    cursor.executemany(
        "INSERT OR IGNORE INTO record_seen (record_id, seen_at, import_run_id) VALUES (?, ?, ?)",
        sorted(seen),
    )
    cursor.execute("DELETE FROM temp.import_batch")
    return [((int(doc), str(state)), int(n)) for (doc, state), n in counts.items()]
