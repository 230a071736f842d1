"""Issue 12 items 1–2: the key is never replaced; a new database is created once under the lock
beside it, however many processes start at the same moment; restore and key rotation refuse
while another ekko has the database open. Races are run with real processes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeychain

from ekko_tui.store import keys, lock
from ekko_tui.store.db import StoreError, close_db, open_db
from ekko_tui.store.models import Request
from tests.conftest import add_request

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def key_files_only() -> None:
    """In-process code keeps keys in the key file too, like the subprocesses (no keychain)."""
    keyring.set_keyring(NoKeychain())


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    return env


def _ekko(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ekko_tui", *args],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=180,
    )


# A process that imports everything first, then waits for the go file, so that the
# interesting part (opening a new database) starts in every process at the same moment.
STARTER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from ekko_tui.__main__ import main
    go = Path(sys.argv[1])
    while not go.exists():
        time.sleep(0.005)
    sys.exit(main(sys.argv[2:]))
    """
)


def _race(tmp_path: Path, argv_per_process: list[list[str]]) -> list[tuple[int, str]]:
    go = tmp_path / f"go-{time.monotonic_ns()}"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", STARTER, str(go), *argv],
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for argv in argv_per_process
    ]
    time.sleep(1.5)  # let every process finish its imports
    go.write_text("go")
    results = []
    for proc in procs:
        _, err = proc.communicate(timeout=180)
        results.append((proc.returncode, err))
    return results


def _kept_key(db_path: Path) -> str:
    found = keys.stored_key(db_path)
    assert found is not None
    return found.key


@pytest.mark.parametrize("processes", [2, 4])
def test_processes_creating_one_database_at_once_never_lose_it(tmp_path, processes) -> None:
    for run in range(3):
        db_path = tmp_path / f"run{run}" / "ekko.db"
        argv = [
            ["--db", str(db_path), "request", "add", "--type", "access", "--from", f"p{i}@x.no"]
            for i in range(processes)
        ]
        results = _race(tmp_path, argv)
        assert [rc for rc, _ in results] == [0] * processes, [err for _, err in results]
        open_db(db_path)  # with the one key that was kept
        try:
            assert Request.select().count() == processes
        finally:
            close_db()
        assert "Traceback" not in "".join(err for _, err in results)


def test_two_processes_upgrading_one_database_apply_each_migration_once(tmp_path) -> None:
    """The first-run migration race: both processes open an older file at once."""
    db_path = tmp_path / "ekko.db"
    open_db(db_path, upto="0004")
    close_db()
    argv = [["--db", str(db_path), "requests"] for _ in range(2)]
    results = _race(tmp_path, argv)
    assert [rc for rc, _ in results] == [0, 0], [err for _, err in results]
    open_db(db_path)
    try:
        from ekko_tui.store.db import applied_migrations
        from ekko_tui.store.migration_runner import migration_modules

        names = applied_migrations()
        assert names == [name for name, _ in migration_modules()]  # all, each once
    finally:
        close_db()


def test_a_kept_key_is_never_overwritten(db_path) -> None:
    open_db(db_path)
    close_db()
    key = _kept_key(db_path)
    with pytest.raises(keys.KeyExists):
        keys.store_key(db_path, keys.new_key())
    assert _kept_key(db_path) == key


HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from ekko_tui.store.db import open_db
    open_db(sys.argv[1])
    Path(sys.argv[2]).write_text("open")
    time.sleep(60)
    """
)


@pytest.fixture
def other_ekko(db_path: Path, tmp_path: Path):
    """A second ekko process with the database open (as the desk keeps it)."""
    ready = tmp_path / "holder-ready"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path), str(ready)],
        env=_env(),
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        assert time.monotonic() < deadline
        time.sleep(0.05)
    yield proc
    proc.kill()
    proc.wait()


def test_the_open_desk_blocks_a_restore_in_another_process(db_path, now, tmp_path) -> None:
    """This process plays the desk (open_db holds the lock shared); a real `ekko restore`
    in another process refuses, and what the desk stored stays."""
    open_db(db_path)
    add_request(now, name="Før")
    from ekko_tui.store import backup

    backup.backup_to(tmp_path / "copy.db")
    assert lock.mode(db_path) == "shared"
    done = _ekko("--db", str(db_path), "restore", str(tmp_path / "copy.db"))
    assert done.returncode == 1 and "Another ekko has" in done.stderr
    assert "Traceback" not in done.stderr
    add_request(now, name="Etter")  # the desk keeps writing: nothing is lost
    close_db()
    open_db(db_path)
    try:
        assert Request.select().count() == 2
    finally:
        close_db()
    assert lock.mode(db_path) is None


def test_a_read_only_folder_without_a_lock_file_still_opens_an_existing_database(
    db_path, now, monkeypatch
) -> None:
    """Simulated EROFS (the tests may run as root, where chmod does not bind): nothing can be
    created there, so there is no creation race; an existing file opens, a new one cannot."""
    import errno

    open_db(db_path)
    add_request(now)
    close_db()
    lock.lock_path(db_path).unlink()
    real_open = os.open

    def read_only(path, flags, *args):
        if str(path).endswith(".lock") and flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args)

    monkeypatch.setattr(lock.os, "open", read_only)
    open_db(db_path)
    try:
        assert Request.select().count() == 1 and lock.mode(db_path) is None
    finally:
        close_db()
    with pytest.raises(StoreError, match="Cannot use the folder"):
        open_db(db_path.with_name("new.db"))


def test_processes_opening_an_old_plaintext_database_at_once_convert_it_once(
    tmp_path, now, monkeypatch
) -> None:
    db_path = tmp_path / "ekko.db"
    open_db(db_path, encrypt=False)
    add_request(now)
    close_db()
    results = _race(tmp_path, [["--db", str(db_path), "requests"] for _ in range(3)])
    assert [rc for rc, _ in results] == [0, 0, 0], [err for _, err in results]
    open_db(db_path)
    try:
        assert Request.select().count() == 1
    finally:
        close_db()
