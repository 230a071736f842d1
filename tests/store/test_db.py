"""Opening, ownership checks, migrations and concurrency of the database file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ekko_tui.store import db as dbmod
from ekko_tui.store import migration_runner
from ekko_tui.store.db import (
    NotEkkoDatabase,
    applied_migrations,
    close_db,
    current_key,
    open_db,
)


def test_creates_file_with_pragmas_and_marks_it_ours(db_path: Path) -> None:
    database = open_db(db_path)
    try:
        assert db_path.exists()
        assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert database.execute_sql("PRAGMA secure_delete").fetchone()[0] == 1
        assert database.execute_sql("PRAGMA application_id").fetchone()[0] == dbmod.APPLICATION_ID
        assert applied_migrations()[0] == "0001_initial"
    finally:
        close_db()


def test_reopen_applies_nothing_twice(db_path: Path) -> None:
    open_db(db_path)
    first = applied_migrations()
    close_db()
    open_db(db_path)
    try:
        assert applied_migrations() == first
        assert dbmod.migrate() == []
    finally:
        close_db()


def test_garbage_file_is_refused_clearly(db_path: Path) -> None:
    db_path.write_bytes(b"this is my shopping list, not a database\n" * 100)
    with pytest.raises(NotEkkoDatabase, match="not an ekko database"):
        open_db(db_path)
    assert db_path.read_bytes().startswith(b"this is my shopping list")


def test_other_programs_sqlite_is_refused_and_untouched(db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    con.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO photos (name) VALUES ('ferie.jpg')")
    con.commit()
    con.close()
    with pytest.raises(NotEkkoDatabase, match="another program"):
        open_db(db_path)
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT name FROM photos").fetchall() == [("ferie.jpg",)]
    assert {r[0] for r in con.execute("SELECT name FROM sqlite_master")} == {"photos"}
    con.close()


def test_old_version_database_upgrades_and_keeps_its_rows(db_path: Path) -> None:
    """A file made by the first release gets every later migration and keeps its data."""
    open_db(db_path, upto="0001_initial")
    assert applied_migrations() == ["0001_initial"]
    dbmod.db.execute_sql(
        "INSERT INTO request (ref, year, seq, received_at, channel, types, requester_name, "
        "requester_contact, message, identity_status, identity_method, identity_evidence, "
        "status, outcome_note, created_at) VALUES ('2026-001', 2026, 1, '2026-11-20 08:00:00', "
        "'email', 'access', 'Åse', '', '', 'unchecked', '', '', 'new', '', '2026-11-20 08:00:00')"
    )
    close_db()
    open_db(db_path)
    try:
        names = applied_migrations()
        assert names == sorted(m for m, _ in migration_runner.migration_modules())
        from datetime import date

        from ekko_tui.store.queries import request_rows

        rows = request_rows(date(2026, 11, 25))
        assert [r.ref for r in rows] == ["2026-001"]
        assert rows[0].deadline.effective == date(2026, 12, 21)
    finally:
        close_db()


def test_second_writer_gets_a_clear_busy_message(db_path: Path) -> None:
    """Another process holding the write lock past the busy timeout: a message, no corruption."""
    open_db(db_path)
    key = current_key() or None
    close_db()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys
                from ekko_tui.store.db import connect_raw
                con = connect_raw({str(db_path)!r}, {key!r})
                con.execute("BEGIN IMMEDIATE")
                print("locked", flush=True)
                sys.stdin.readline()
                con.execute("ROLLBACK")
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        from datetime import UTC, datetime

        from ekko_tui.domain.requests import validate_new_request
        from ekko_tui.store import requests as store
        from ekko_tui.store.db import DatabaseBusy

        open_db(db_path)
        dbmod.db.execute_sql("PRAGMA busy_timeout = 200")
        now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
        new = validate_new_request(
            received=now,
            channel="email",
            types="access",
            requester_name="Åse",
            requester_contact="",
            message="",
            now=now,
        )
        with pytest.raises(DatabaseBusy, match="busy: another ekko"):
            store.create_request(new, now=now, actor="test")
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=10)
    try:
        store.create_request(new, now=now, actor="test")
        assert dbmod.db.execute_sql("SELECT count(*) FROM request").fetchone()[0] == 1
        assert dbmod.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        close_db()
