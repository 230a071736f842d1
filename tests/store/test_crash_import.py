"""Crash safety of a big import: `kill -9` in the middle of a 100,000-row import leaves the
database valid, with every earlier row and not one row of that import."""

from __future__ import annotations

import hashlib
import os
import queue
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from ekko_tui.domain.imports import parse_export
from ekko_tui.domain.requests import validate_new_request
from ekko_tui.store import audit
from ekko_tui.store import requests as store
from ekko_tui.store.db import SQLITE_HEADER, close_db, open_db
from ekko_tui.store.settings import StoreSettings
from ekko_tui.store.subject_imports import import_export
from tests.conftest import raw_connect

ROOT = Path(__file__).resolve().parents[2]
EXPORTS = ROOT / "tests/data/exports"
KEY = "0123456789abcdef" * 4
SETTINGS = StoreSettings(db_key=KEY)  # what EKKO_DB_KEY=KEY gives the store
ROWS = 100_000
KILL_AT = ROWS // 2  # the row the import must have reached when it is killed
WAL_GROWTH = 4 * 1024 * 1024  # uncommitted pages of the import already spilled to the -wal file
TIMEOUT_S = 120

# Runs the import exactly as `ekko import stripe FILE` does (read, check, import_export reading
# the rows from the file as it stores them), with the progress callback the desk uses: it
# reports from inside the write transaction, in the middle of the stream.
IMPORTER = textwrap.dedent(
    """
    import hashlib, os, sys
    from datetime import UTC, datetime
    from pathlib import Path
    from ekko_tui.config import Config
    from ekko_tui.domain.imports import read_export_file, stream_export
    from ekko_tui.store.db import open_db
    from ekko_tui.store.subject_imports import import_export

    db_path, export = sys.argv[1], Path(sys.argv[2])
    open_db(db_path, settings=Config.load(os.environ).store)  # EKKO_DB_KEY
    data = read_export_file(export)
    parsed = stream_export("stripe", data)
    print("checked", parsed.count, flush=True)

    def progress(done, total):
        print("progress", done, total, flush=True)

    import_export(parsed, kind="stripe", file_name=export.name,
                  sha256=hashlib.sha256(data).hexdigest(),
                  now=datetime(2026, 11, 25, 9, 30, tzinfo=UTC), actor="crash-test",
                  progress=progress)
    print("committed", flush=True)
    """
)


def stripe_export(n: int) -> bytes:
    """A Stripe 'unified customers' export (real headers) of `n` distinct customers."""
    header = (EXPORTS / "stripe_unified_customers.csv").read_text(encoding="utf-8").splitlines()[0]
    cols = header.split(",")
    at = {name: i for i, name in enumerate(cols)}
    fixed = {
        "Created (UTC)": "2025-03-01 12:00",
        "Delinquent": "false",
        "Card Brand": "Visa",
        "Card Last4": "4242",
        "Currency": "nok",
        "Total Spend": "490.00",
        "Payment Count": "1",
    }
    template = [""] * len(cols)
    for name, value in fixed.items():
        template[at[name]] = value
    lines = [header]
    for i in range(n):
        row = list(template)
        row[at["id"]] = f"cus_Crash{i:09d}"
        row[at["Email"]] = f"kunde{i}@eksempel.no"
        row[at["Name"]] = f"Kunde Nr{i} Østby"
        row[at["phone (metadata)"]] = f"+47 4{i:07d}"
        lines.append(",".join(row))
    return ("\n".join(lines) + "\n").encode()


def earlier_data(db_path: Path, now: datetime) -> None:
    """A register with requests, events and one earlier (small) import."""
    open_db(db_path, settings=SETTINGS)
    try:
        for name in ("Åse Bjørnstad", "Ørjan Ødegård", "Kari Nordmann"):
            new = validate_new_request(
                received="2026-11-20 10:00",
                channel="email",
                types="access",
                requester_name=name,
                requester_contact="",
                message="",
                now=now,
            )
            store.create_request(new, now=now, actor="test")
        data = (EXPORTS / "kajabi_contacts.csv").read_bytes()
        import_export(
            parse_export("kajabi", data),
            kind="kajabi",
            file_name="kajabi_contacts.csv",
            sha256=hashlib.sha256(data).hexdigest(),
            now=now,
            actor="test",
        )
    finally:
        close_db()


def snapshot(con: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (the file is small before the big import)."""
    names = [
        r[0]
        for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if not r[0].startswith("sqlite_")
    ]
    return {n: sorted(con.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}


def _lines(stream: Any, out: queue.Queue[str]) -> None:
    for line in stream:
        out.put(line)
    out.put("")  # end of output


def test_kill_9_in_the_middle_of_a_100000_row_import_keeps_the_database(
    tmp_path: Path, monkeypatch, now: datetime
) -> None:
    db_path = tmp_path / "ekko.db"
    wal = Path(str(db_path) + "-wal")
    earlier_data(db_path, now)
    assert db_path.read_bytes()[:16] != SQLITE_HEADER  # SQLCipher, the default
    con = raw_connect(db_path)
    try:
        before = snapshot(con)
    finally:
        con.close()
    assert len(before["request"]) == 3 and before["subject"] and before["import_run"]
    assert before["event"] and before["identifier"] and before["holding"]

    export = tmp_path / "stripe_customers_100k.csv"
    export.write_bytes(stripe_export(ROWS))
    env = dict(os.environ, EKKO_DB_KEY=KEY, PYTHONPATH=str(ROOT))
    wal_start = wal.stat().st_size if wal.exists() else 0
    proc = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(db_path), str(export)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = proc.stdout, proc.stderr
    assert out is not None and err is not None
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=_lines, args=(out, lines), daemon=True)
    reader.start()
    seen: list[str] = []
    reached = 0
    deadline = time.monotonic() + TIMEOUT_S
    try:
        # Kill once the import is past half its rows, inside its write transaction, and its
        # uncommitted pages are already in the -wal file on disk.
        while True:
            left = deadline - time.monotonic()
            assert left > 0, f"the import did not reach row {KILL_AT} in {TIMEOUT_S} s: {seen}"
            try:
                line = lines.get(timeout=left)
            except queue.Empty:
                continue
            assert line, f"the importer ended before the kill: {seen} {err.read()}"
            seen = [*seen[-3:], line.strip()]
            words = line.split()
            if words[0] == "progress":
                reached = int(words[1])
            wal_now = wal.stat().st_size if wal.exists() else 0
            if reached >= KILL_AT and wal_now - wal_start >= WAL_GROWTH:
                break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        reader.join(timeout=10)  # the pipe is at its end: the reader stops by itself
        out.close()
        err.close()
    assert proc.returncode == -signal.SIGKILL
    assert "committed" not in seen
    # What the crash left: the import's uncommitted pages in the -wal file.
    assert wal.stat().st_size - wal_start >= WAL_GROWTH

    con = raw_connect(db_path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        after = snapshot(con)
        crash_rows = con.execute(
            "SELECT count(*) FROM identifier WHERE value LIKE '%@eksempel.no' "
            "OR value LIKE 'cus_Crash%'"
        ).fetchone()[0]
        crash_runs = con.execute(
            "SELECT count(*) FROM import_run WHERE file_name = ?", (export.name,)
        ).fetchone()[0]
    finally:
        con.close()
    assert crash_rows == 0 and crash_runs == 0
    for table in ("subject", "identifier", "holding", "import_run", "search_token", "event"):
        assert len(after[table]) == len(before[table]), table
    assert after == before  # every earlier row, unchanged; nothing added

    open_db(db_path, settings=SETTINGS)
    try:
        report = audit.verify_chain()
        assert report.ok and report.events == len(before["event"])
    finally:
        close_db()
