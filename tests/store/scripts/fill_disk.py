"""Run inside a private tmpfs: store requests until the disk is full, then check nothing was lost.

Prints one JSON line: {"stored": n, "error": message, "after": count, "integrity": "ok"}.
"""

import json
import sys
from datetime import UTC, datetime

from ekko_tui.domain.requests import validate_new_request
from ekko_tui.store import requests as store
from ekko_tui.store.db import StoreError, close_db, db, open_db

path = sys.argv[1]
now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
open_db(path)
stored, error = 0, ""
for i in range(10_000):
    new = validate_new_request(
        received="2026-11-24 10:00",
        channel="email",
        types="access",
        requester_name=f"Person {i}",
        requester_contact="",
        message="ø" * 200_000,
        now=now,
    )
    try:
        store.create_request(new, now=now, actor="t")
    except StoreError as exc:
        error = str(exc)
        break
    stored += 1
close_db()
open_db(path)
after = db.execute_sql("SELECT count(*) FROM request").fetchone()[0]
integrity = db.execute_sql("PRAGMA integrity_check").fetchone()[0]
events = db.execute_sql("SELECT count(*) FROM event").fetchone()[0]
close_db()
print(
    json.dumps(
        {"stored": stored, "error": error, "after": after, "events": events, "integrity": integrity}
    )
)
