"""Every file the CLI writes is private (0600/0700), backups and restored copies included."""

from __future__ import annotations

import os
import zipfile
from datetime import datetime
from pathlib import Path

from ekko_tui.__main__ import main
from ekko_tui.store.db import close_db, open_db
from tests.conftest import add_request
from tests.store.test_private_files import mode, open_umask  # noqa: F401 (fixture)


def test_every_cli_output_is_private(tmp_path: Path, now: datetime, capsys) -> None:
    db_path = tmp_path / "ekko.db"
    open_db(db_path)
    add_request(now, types="portability", contact="ase@example.no")
    close_db()
    out = tmp_path / "out"
    base = ["--db", str(db_path)]
    assert main([*base, "backup", str(out / "b" / "copy.db")]) == 0
    assert main([*base, "key", "sheet", "--out", str(out / "k" / "sheet.pdf")]) == 0
    assert main([*base, "letter", "2026-001", "--out", str(out / "l" / "svar.pdf")]) == 0
    assert main([*base, "calendar", str(out / "frister.ics")]) == 0
    assert main([*base, "ropa", "--out", str(out / "ropa.csv")]) == 0
    assert main([*base, "ropa", "--out", str(out / "ropa.pdf")]) == 0
    capsys.readouterr()
    files = [p for p in out.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert {"copy.db", "sheet.pdf", "svar.pdf", "frister.ics", "ropa.csv", "ropa.pdf"} <= names
    assert any(p.suffix == ".zip" for p in files)  # the portability package beside the letter
    assert zipfile.is_zipfile(next(p for p in files if p.suffix == ".zip"))
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
    folders = [p for p in out.rglob("*") if p.is_dir()] + [out]
    assert {str(p): mode(p) for p in folders} == {str(p): 0o700 for p in folders}


def test_daily_backups_folder_tightened_and_restore_copies_private(
    tmp_path: Path, now: datetime, capsys
) -> None:
    from ekko_tui.store import backup

    db_path = tmp_path / "ekko.db"
    folder = tmp_path / "backups"
    folder.mkdir()
    os.chmod(folder, 0o755)  # an older ekko made it world-readable
    open_db(db_path)
    add_request(now)
    made = backup.daily_backup(folder, now.date())
    close_db()
    assert made is not None and mode(made) == 0o600 and mode(folder) == 0o700
    assert main(["--db", str(db_path), "restore", str(made)]) == 0
    capsys.readouterr()
    kept = list(tmp_path.glob("ekko.replaced-*.db"))
    assert len(kept) == 1 and mode(kept[0]) == 0o600 and mode(db_path) == 0o600
