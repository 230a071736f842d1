"""Two processes logging breaches at once: unique references, nothing lost, the chain intact."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from ekko_tui.store import audit
from ekko_tui.store.breach_models import Breach
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.settings import StoreSettings

ROOT = Path(__file__).resolve().parents[2]


def test_two_processes_logging_breaches(tmp_path: Path, monkeypatch) -> None:
    db_path = tmp_path / "shared.db"
    env = dict(os.environ, EKKO_DB_KEY="0123456789abcdef" * 4, PYTHONPATH=str(ROOT))
    settings = StoreSettings(db_key=env["EKKO_DB_KEY"])
    open_db(db_path, settings=settings)
    close_db()
    writer = textwrap.dedent(
        f"""
        import sys
        from datetime import UTC, datetime
        from ekko_tui.store import breaches as store
        import os
        from ekko_tui.config import Config
        from ekko_tui.store.db import open_db
        open_db({str(db_path)!r}, settings=Config.load(os.environ).store)  # EKKO_DB_KEY
        now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
        for i in range(25):
            new, _ = store.new_breach(aware="2026-11-24 10:00", summary=sys.argv[1], now=now)
            ref = store.create_breach(new, now=now, actor=sys.argv[1])
            store.assess(ref, "risk", "r", now=now, actor=sys.argv[1])
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
        refs = sorted(b.ref for b in Breach.select())
        assert refs == [f"B-2026-{n:02d}" for n in range(1, 51)]
        assert audit.verify_chain().ok
    finally:
        close_db()
