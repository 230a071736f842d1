"""The hash-chained trail, `ekko verify`, backups, restores and their rotation."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from ekko_tui.__main__ import main
from ekko_tui.store import audit, backup
from ekko_tui.store import requests as store
from ekko_tui.store.db import StoreError, close_db, open_db
from ekko_tui.store.models import Event, Request
from tests.conftest import add_request, raw_connect


def _add(now, name: str = "Åse") -> int:
    return add_request(now, name=name)


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


def test_existing_events_are_chained_by_the_migration(db_path: Path) -> None:
    open_db(db_path, upto="0004")
    con = raw_connect(db_path)
    con.execute(
        "INSERT INTO request (ref, year, seq, received_at, channel, types, requester_name, "
        "requester_contact, message, identity_status, identity_method, identity_evidence, "
        "status, outcome_note, created_at) VALUES ('2026-001', 2026, 1, '2026-11-20 08:00:00', "
        "'email', 'access', 'Åse', '', '', 'unchecked', '', '', 'new', '', '2026-11-20 08:00:00')"
    )
    for kind in ("created", "types"):
        con.execute(
            "INSERT INTO event (request_id, at, actor, kind, detail) "
            "VALUES (1, '2026-11-20 08:00:00', 'lars', ?, 'x')",
            (kind,),
        )
    con.commit()
    con.close()
    close_db()
    open_db(db_path)
    try:
        assert audit.verify_chain().ok
        assert [e.request_ref for e in Event.select()] == ["2026-001", "2026-001"]
    finally:
        close_db()


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


def test_rotation_keeps_seven_daily_and_four_weekly(tmp_path: Path) -> None:
    today = date(2026, 11, 25)
    for i in range(40):
        (tmp_path / f"ekko-{today - timedelta(days=i)}.db").write_bytes(b"x")
    backup.rotate(tmp_path, today)
    kept = sorted(p.stem.removeprefix("ekko-") for p in tmp_path.glob("ekko-*.db"))
    # The last 7 days, plus the newest backup of each of the 4 newest ISO weeks.
    assert kept == [
        "2026-11-08",
        "2026-11-15",
        "2026-11-19",
        "2026-11-20",
        "2026-11-21",
        "2026-11-22",
        "2026-11-23",
        "2026-11-24",
        "2026-11-25",
    ]


def test_daily_backup_once_a_day(db, tmp_path: Path, now) -> None:
    folder = tmp_path / "backups"
    first = backup.daily_backup(folder, date(2026, 11, 25))
    assert (
        first is not None
        and backup.check_backup(first, current_key_of(first.parent.parent / "ekko.db")) == 0
    )
    assert backup.daily_backup(folder, date(2026, 11, 25)) is None


def test_backup_to_unwritable_place_is_a_clear_error(db, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="The backup to .* failed"):
        backup.backup_to(blocker / "sub" / "b.db")


def current_key_of(path: Path) -> str | None:
    from ekko_tui.store import keys

    found = keys.find_key(path)
    return found.key if found else None
