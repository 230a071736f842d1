"""Migration 0002 upgrades a database from 0001 without losing a request."""

from __future__ import annotations

from pathlib import Path

from ekko_tui.store.db import applied_migrations, close_db, db, open_db
from ekko_tui.store.models import Request
from ekko_tui.store.subject_queries import request_subject, search_subjects


def test_upgrade_from_0001_keeps_requests(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    open_db(path, upto="0001_initial")
    db.execute_sql(
        "INSERT INTO request (ref, year, seq, received_at, channel, types, requester_name, "
        "requester_contact, message, identity_status, identity_method, identity_evidence, "
        "status, outcome_note, created_at) VALUES ('2026-001', 2026, 1, '2026-11-24 13:05:00', "
        "'email', 'access', 'Åse', 'ase@example.no', 'Hei', 'unchecked', '', '', 'new', '', "
        "'2026-11-24 13:05:00')"
    )
    close_db()
    open_db(path)
    try:
        assert "0002_subjects" in applied_migrations()
        req = Request.get(Request.ref == "2026-001")
        assert req.requester_name == "Åse" and req.subject_id is None
        info = request_subject(req.id)
        assert info is not None and info.subject is None and info.candidates == ()
        assert search_subjects("åse").hits == ()
        tables = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master").fetchall()}
        assert {"subject", "identifier", "holding", "subject_fts", "search_token"} <= tables
    finally:
        close_db()
