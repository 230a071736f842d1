"""ekko verify, backup and restore: a tampered event named, a round trip, a bad backup refused with
the database kept.
"""

from __future__ import annotations

from pathlib import Path

from ekko_tui.__main__ import main
from ekko_tui.store import audit, backup
from ekko_tui.store import requests as store
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.models import Event, Request
from tests.conftest import raw_connect
from tests.store.test_audit_backup import _add, current_key_of


def test_chain_verifies_and_names_the_first_tampered_event(db, db_path: Path, now, capsys) -> None:
    rid = _add(now)
    store.set_types(rid, ("erasure",), now=now, actor="t")
    store.add_note(rid, "Ringte", now=now, actor="t")
    events = list(Event.select().order_by(Event.id))
    assert events[0].prev_hash == "" and events[1].prev_hash == events[0].hash
    assert {e.request_ref for e in events} == {"2026-001"}
    assert audit.verify_chain().ok
    close_db()
    assert main(["--db", str(db_path), "verify"]) == 0
    assert "intact: 3 events" in capsys.readouterr().out

    con = raw_connect(db_path)
    con.execute("UPDATE event SET detail = 'Types: access' WHERE id = ?", (events[1].id,))
    con.commit()
    con.close()
    assert main(["--db", str(db_path), "verify"]) == 1
    out = capsys.readouterr().out
    assert f"broken at event #{events[1].id}" in out and "changed after it was written" in out

    con = raw_connect(db_path)
    con.execute("DELETE FROM event WHERE id = ?", (events[1].id,))
    con.commit()
    con.close()
    assert main(["--db", str(db_path), "verify"]) == 1
    assert f"broken at event #{events[2].id}" in capsys.readouterr().out


def test_backup_and_restore_round_trip(db, db_path: Path, tmp_path: Path, now, capsys) -> None:
    _add(now, "Ørjan")
    close_db()
    copy = tmp_path / "copies" / "monday.db"
    assert main(["--db", str(db_path), "backup", str(copy)]) == 0
    assert backup.check_backup(copy, current_key_of(db_path)) == 1
    open_db(db_path)
    _add(now, "Kåre")
    close_db()
    assert main(["--db", str(db_path), "restore", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "Restored 1 requests" in out
    kept = next(db_path.parent.glob("ekko.replaced-*.db"))
    assert backup.check_backup(kept, current_key_of(db_path)) == 2
    open_db(db_path)
    try:
        assert [r.requester_name for r in Request.select()] == ["Ørjan"]
        assert audit.verify_chain().ok
    finally:
        close_db()


def test_restore_refuses_a_bad_file_and_keeps_the_database(
    db, db_path: Path, tmp_path, now, capsys
):
    _add(now)
    close_db()
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 50)
    assert main(["--db", str(db_path), "restore", str(bad)]) == 1
    assert "not a usable ekko database" in capsys.readouterr().err
    assert main(["--db", str(db_path), "restore", str(tmp_path / "missing.db")]) == 1
    open_db(db_path)
    try:
        assert Request.select().count() == 1
    finally:
        close_db()
