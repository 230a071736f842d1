"""What the register holds on a subject: records and documents, system by system.

`holdings_of(subject_id)` is the one query the card, the access copy, the portability package
and the erasure plan read (the contract is in `ekko_tui.domain.records`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from ekko_tui.domain.records import (
    CONTACT,
    Document,
    Record,
    RecordField,
    SubjectRecords,
    SystemRecords,
)
from ekko_tui.store.db import db
from ekko_tui.store.times import from_db

_COLUMNS = (
    "r.id, r.system, r.kind, r.number, r.doc_date, r.doc_time, r.amount_minor, r.currency, "
    "r.status, r.reference, r.customer_id, r.description, r.since, r.fields, r.last_run_id, "
    "r.first_seen, r.last_seen, coalesce(ir.exported_at, ir.at, r.last_seen)"
)


def latest_exports() -> dict[str, datetime]:
    """Each system's newest export moment (aware UTC), over every import into the register."""
    rows = db.execute_sql(
        "SELECT system, max(coalesce(exported_at, at)) FROM import_run GROUP BY system"
    ).fetchall()
    return {str(system): from_db(moment) for system, moment in rows if moment}


def _fields(text: str) -> tuple[RecordField, ...]:
    return tuple(RecordField(str(c), str(label), str(v)) for c, label, v in json.loads(text))


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _history(subject_id: int) -> dict[int, tuple[datetime, ...]]:
    out: dict[int, list[datetime]] = defaultdict(list)
    for record_id, seen_at in db.execute_sql(
        "SELECT s.record_id, s.seen_at FROM record_seen s JOIN subject_record r "
        "ON r.id = s.record_id WHERE r.subject_id = ? ORDER BY s.record_id, s.seen_at",
        (subject_id,),
    ):
        out[int(record_id)].append(from_db(seen_at))
    return {k: tuple(v) for k, v in out.items()}


def holdings_of(subject_id: int) -> SubjectRecords:
    """Every record and document held on the subject, per system (three queries in all)."""
    history = _history(subject_id)
    latest = latest_exports()
    records: dict[str, list[Record]] = defaultdict(list)
    documents: dict[str, list[Document]] = defaultdict(list)
    for row in db.execute_sql(
        f"SELECT {_COLUMNS} FROM subject_record r LEFT JOIN import_run ir "
        "ON ir.id = r.last_run_id WHERE r.subject_id = ? ORDER BY r.id",
        (subject_id,),
    ):
        (rid, system, kind, number, on, at, minor, currency, status, reference) = row[:10]
        (customer, description, since, fields, run_id, first, last, exported) = row[10:]
        common = {
            "id": int(rid),
            "system": str(system),
            "import_id": None if run_id is None else int(run_id),
            "exported_at": from_db(exported),
            "first_seen": from_db(first),
            "last_seen": from_db(last),
            "fields": _fields(fields),
            "history": history.get(int(rid), ()),
        }
        if kind == CONTACT:
            records[system].append(Record(since=_date(since), **common))  # type: ignore[arg-type]
            continue
        documents[system].append(
            Document(
                kind=str(kind),
                number=str(number),
                on=_date(on),
                at=from_db(at) if at else None,
                amount=None if minor is None else Decimal(int(minor)).scaleb(-2),
                currency=str(currency),
                status=str(status),
                reference=str(reference),
                customer_id=str(customer),
                description=str(description),
                **common,  # type: ignore[arg-type]
            )
        )
    systems = []
    for system in sorted(set(records) | set(documents)):
        recs, docs = tuple(records[system]), documents[system]
        docs.sort(key=lambda d: (d.on or date.min, d.at.timestamp() if d.at else 0.0, d.id))
        dates = [r.since for r in recs if r.since] or [d.on for d in docs if d.on]
        held: list[Record | Document] = [*recs, *docs]
        systems.append(
            SystemRecords(
                system=system,
                since=min(dates) if dates else None,
                first_seen=min(h.first_seen for h in held),
                last_seen=max(h.last_seen for h in held),
                latest_export=latest.get(system),
                records=recs,
                documents=tuple(docs),
            )
        )
    return SubjectRecords(subject_id, tuple(systems))
