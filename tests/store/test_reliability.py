"""Crash and concurrency safety: concurrent writers lose nothing; a full disk loses nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from ekko_tui.store import audit
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.models import Request
from ekko_tui.store.settings import StoreSettings
from tests.namespaces import require_user_namespaces

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["EKKO_DB_KEY"] = "0123456789abcdef" * 4
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path, monkeypatch) -> None:
    db_path = tmp_path / "shared.db"
    env = _env(tmp_path)
    settings = StoreSettings(db_key=env["EKKO_DB_KEY"])
    open_db(db_path, settings=settings)
    close_db()
    writer = textwrap.dedent(
        f"""
        import sys
        from datetime import UTC, datetime
        from ekko_tui.domain.requests import validate_new_request
        from ekko_tui.store import requests as store
        import os
        from ekko_tui.config import Config
        from ekko_tui.store.db import open_db
        open_db({str(db_path)!r}, settings=Config.load(os.environ).store)  # EKKO_DB_KEY
        now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
        for i in range(60):
            new = validate_new_request(received="2026-11-24 10:00", channel="sms",
                types="erasure", requester_name=sys.argv[1] + str(i), requester_contact="",
                message="", now=now)
            rid = store.create_request(new, now=now, actor=sys.argv[1]).id
            store.set_types(rid, ("access",), now=now, actor=sys.argv[1])
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", writer, name], env=env, stderr=subprocess.PIPE)
        for name in ("A", "B")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    open_db(db_path, settings=settings)
    try:
        refs = [r.ref for r in Request.select().order_by(Request.seq)]
        assert len(refs) == 120 and len(set(refs)) == 120
        assert refs[0] == "2026-001" and refs[-1] == "2026-120"
        assert {r.types for r in Request.select()} == {"access"}
        report = audit.verify_chain()
        assert report.ok and report.events == 240
    finally:
        close_db()


def test_full_disk_gives_a_clear_message_and_keeps_earlier_data(tmp_path: Path) -> None:
    require_user_namespaces()
    mount = tmp_path / "small"
    mount.mkdir()
    script = ROOT / "tests/store/scripts/fill_disk.py"
    shell = (
        f"mount -t tmpfs -o size=3m tmpfs {mount} && {sys.executable} {script} {mount / 'full.db'}"
    )
    result = subprocess.run(
        ["unshare", "-rm", "sh", "-c", shell],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["stored"] >= 1
    assert "The disk" in report["error"] and "is full: nothing was saved" in report["error"]
    assert report["after"] == report["stored"]
    assert report["events"] == report["stored"]
    assert report["integrity"] == "ok"
    assert "Traceback" not in result.stderr
