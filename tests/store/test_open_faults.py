"""Opening under bad conditions: one clear line, non-zero exit, nothing stored half-way.

`ekko deadline` past year 9999, EKKO_DB at a folder or a device, another program's SQLite
file, a read-only file system, a first open on a nearly full disk, a corrupt page met by
search and import (issue 12, "Clear messages instead of tracebacks").
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ekko_tui.__main__ import main
from ekko_tui.store import keys
from tests.conftest import raw_connect
from tests.namespaces import require_user_namespaces

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if not ln.startswith("ekko: note:")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(
    "argv",
    [
        ["2025-01-01", "--paused-days", "99999999999"],
        ["2025-01-01", "--paused-days", "4000"],
        ["9999-12-31", "--extended"],
        ["9999-12-31"],
        ["9999-11-30", "--paused-days", "3000"],
    ],
)
def test_deadline_beyond_the_calendar(capsys, argv: list[str]) -> None:
    code, out, err = run(capsys, "deadline", *argv)
    assert code == 2 and out == ""
    one_line(err)


def test_deadline_just_inside_the_calendar_still_works(capsys) -> None:
    code, out, _ = run(capsys, "deadline", "9998-10-01", "--paused-days", "30")
    assert code == 0 and out.strip().startswith("9998-1")


def test_ekko_db_pointing_at_a_folder(tmp_path: Path, capsys, monkeypatch) -> None:
    folder = tmp_path / "dir"
    folder.mkdir()
    monkeypatch.setenv("EKKO_DB", str(folder))
    code, _, err = run(capsys, "requests")
    assert code == 1 and str(folder) in one_line(err)
    assert list(folder.iterdir()) == []
    assert keys.find_key(folder) is None  # no key was made for it


def test_database_path_below_a_file(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    code, _, err = run(capsys, "--db", str(blocker / "ekko.db"), "requests")
    assert code == 1 and str(blocker) in one_line(err)
    assert keys.find_key(blocker / "ekko.db") is None and blocker.read_text() == "x"


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_ekko_db_pointing_at_a_device(capsys, device: str) -> None:
    code, _, err = run(capsys, "--db", device, "requests")
    assert code == 1 and device in one_line(err)
    assert keys.find_key(Path(device)) is None


def _foreign_sqlite(path: Path, *, table: bool) -> str:
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 7")
    if table:
        con.execute("CREATE TABLE notes (x)")
    con.commit()
    con.close()
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("table", [False, True])
def test_another_programs_sqlite_file_is_left_untouched(
    tmp_path: Path, capsys, table: bool
) -> None:
    path = tmp_path / "other.db"
    digest = _foreign_sqlite(path, table=table)
    mode = path.stat().st_mode
    code, _, err = run(capsys, "--db", str(path), "requests")
    assert code == 1 and str(path) in one_line(err)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert path.stat().st_mode == mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
    assert keys.find_key(path) is None


def test_a_zero_length_file_becomes_a_new_database(tmp_path: Path, capsys) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    code, _, _ = run(capsys, "--db", str(path), "requests")
    assert code == 0
    con = raw_connect(path)
    try:
        assert con.execute("SELECT count(*) FROM ekko_migrations").fetchone()[0] >= 6
    finally:
        con.close()


def _damage(path: Path, fraction_from: float) -> None:
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    for page in range(max(2, int(pages * fraction_from)), pages):
        data[page * 4096 + 64 : page * 4096 + 512] = os.urandom(448)
    path.write_bytes(bytes(data))


@pytest.fixture
def damaged_db(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "ekko.db"
    export = tmp_path / "list.csv"
    export.write_text(
        "Email,Name\n" + "".join(f"p{i}@example.no,Person Nummer {i}\n" for i in range(3000))
    )
    assert main(["--db", str(path), "import", "newsletter", str(export)]) == 0
    capsys.readouterr()
    _damage(path, 0.3)
    return path


def test_corrupt_page_in_search(damaged_db: Path, capsys) -> None:
    code, _, err = run(capsys, "--db", str(damaged_db), "search", "Person Nummer")
    assert code == 1 and "damaged" in one_line(err)


def test_corrupt_page_in_import(damaged_db: Path, tmp_path: Path, capsys) -> None:
    export = tmp_path / "more.csv"
    export.write_text("Email,Name\n" + "".join(f"n{i}@example.no,Ny {i}\n" for i in range(50)))
    code, _, err = run(capsys, "--db", str(damaged_db), "import", "newsletter", str(export))
    assert code == 1 and "damaged" in one_line(err)


def test_search_screen_worker_gets_a_store_error(damaged_db: Path) -> None:
    """The TUI's search and import workers show StoreError messages: they get one."""
    from ekko_tui.store.db import StoreError, close_db, open_db
    from ekko_tui.store.subject_queries import search_subjects

    open_db(damaged_db)
    try:
        with pytest.raises(StoreError, match="damaged"):
            search_subjects("Person Nummer")
    finally:
        close_db()


# --- real mounts (user namespaces), as tests/store/test_reliability.py does ----------------


def _in_namespace(tmp_path: Path, shell: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", shell],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )


def _errors(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if not ln.startswith("ekko: note:")]


def test_read_only_file_system_is_not_called_a_wrong_key(tmp_path: Path) -> None:
    require_user_namespaces()
    mount = tmp_path / "m"
    mount.mkdir()
    ekko = f"{sys.executable} -m ekko_tui --db {mount / 'ekko.db'}"
    shell = (
        f"mount -t tmpfs -o size=4m tmpfs {mount} && "
        f"{ekko} request add --type access --from a@example.no >/dev/null && "
        f"mount -o remount,ro {mount} && "
        f"{{ {ekko} requests; echo rc=$?; {ekko} --db {mount / 'new' / 'e.db'} requests; "
        "echo rc=$?; }"
    )
    done = _in_namespace(tmp_path, shell)
    assert done.stdout.count("rc=1") == 2, done.stdout + done.stderr
    errors = _errors(done.stderr)
    assert len(errors) == 2 and "Traceback" not in done.stderr
    assert all("read-only" in e and "key" not in e for e in errors)


@pytest.mark.parametrize("free_kb", [0, 16, 64, 160])
def test_first_open_on_a_nearly_full_disk(tmp_path: Path, free_kb: int) -> None:
    require_user_namespaces()
    mount = tmp_path / "m"
    mount.mkdir()
    ekko = f"{sys.executable} -m ekko_tui --db {mount / 'ekko.db'}"
    shell = (
        f"mount -t tmpfs -o size=1m tmpfs {mount} && "
        f"head -c {(1024 - free_kb) * 1024} /dev/zero > {mount / 'fill'} 2>/dev/null; "
        f"{ekko} requests; echo rc=$?; "
        f"rm {mount / 'fill'}; {ekko} request add --type access --from a@example.no; "
        f"echo rc=$?; {ekko} verify; echo rc=$?"
    )
    done = _in_namespace(tmp_path, shell)
    codes = [ln for ln in done.stdout.splitlines() if ln.startswith("rc=")]
    assert codes == ["rc=1", "rc=0", "rc=0"], done.stdout + done.stderr
    errors = _errors(done.stderr)
    assert len(errors) == 1 and "full" in errors[0] and "Traceback" not in done.stderr
