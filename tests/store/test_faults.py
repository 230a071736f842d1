"""SIGKILL at random points of import, erasure, key rotation and backup (issue 12, "Done when").

A forked child (cheap: the parent has already imported everything, and holds no database
connection when it forks) runs one operation on a real encrypted database and writes a line
to a pipe after each step it would report to the user as done. The parent kills it with
SIGKILL after a seeded random delay, then checks: the database opens with its stored key,
its integrity check passes, `ekko verify` passes, every write reported as done is there (and
stays there: each later kill point checks all earlier ones too), and an import is whole or
absent. Keys live in the key file (no keychain), so parent and child see the same key.

EKKO_FAULT_SEED picks another seed, EKKO_FAULT_POINTS more kill points (default 60, at least
15 inside each operation).
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from ekko_tui.__main__ import main
from ekko_tui.domain.imports import parse_export
from ekko_tui.store import backup, erasure
from ekko_tui.store.db import close_db, current_key, db, open_db, rekey
from ekko_tui.store.subject_imports import import_export

SEED = int(os.environ.get("EKKO_FAULT_SEED", "20261125"))
POINTS = int(os.environ.get("EKKO_FAULT_POINTS", "60"))
ROWS = 150  # rows per imported file: big enough to take a while, small enough to be quick
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
OPERATIONS = ("import", "erase", "rotate", "backup")


def export(tag: str) -> bytes:
    # Each tag's phones are its own (tag "t12" → +479012xxxx): two files sharing a phone
    # would be one person, and erasing one e-mail would rightly erase the other too.
    lines = ["Email,Name,Phone"]
    lines += [
        f"{tag}.{i}@example.no,Person {tag} {i},+479{int(tag[1:]):03d}{i:04d}" for i in range(ROWS)
    ]
    return ("\n".join(lines) + "\n").encode()


def emails_of(tag: str) -> set[str]:
    return {f"{tag}.{i}@example.no" for i in range(ROWS)}


@dataclass
class Expected:
    """Everything reported as done so far, which every later check demands."""

    imported: dict[str, set[str]] = field(default_factory=dict)  # tag → its e-mails
    erased: set[str] = field(default_factory=set)
    attempted_erasures: set[str] = field(default_factory=set)  # killed: erased or not
    backups: dict[Path, str] = field(default_factory=dict)  # backup → key it was made with
    key: str = ""


# --- the child: one operation, reporting each done step to the pipe ---------------------------


def _child(write_fd: int, db_path: Path, op: str, tag: str, victim: str, target: Path) -> None:
    keyring.set_keyring(fail.Keyring())

    def report(line: str) -> None:
        os.write(write_fd, (line + "\n").encode())

    open_db(db_path)
    report("opened")
    if op == "import":
        data = export(tag)
        parsed = parse_export("newsletter", data)
        import_export(
            parsed,
            kind="newsletter",
            file_name=f"{tag}.csv",
            sha256=hashlib.sha256(data).hexdigest(),
            now=NOW,
            actor="fault-test",
        )
        report(f"imported {tag}")
    elif op == "erase":
        sid = erasure.find_subject(victim)
        erasure.erase_subject(sid, reason=erasure.REASON_REQUEST, now=NOW, actor="fault-test")
        report(f"erased {victim}")
    elif op == "rotate":
        rekey(db_path)
        report(f"rotated {current_key()}")
    elif op == "backup":
        backup.backup_to(target)
        report(f"backup {target} {current_key()}")
    close_db()


def run_child(
    db_path: Path, op: str, tag: str, victim: str, target: Path, kill_after: float | None
) -> tuple[list[str], bool, float]:
    """Fork a child for `op`; SIGKILL it after `kill_after` s (None: let it finish).
    Returns the lines it reported, whether it was killed before finishing, and its run time."""
    assert db.is_closed()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        code = 0
        try:
            os.close(read_fd)
            _child(write_fd, db_path, op, tag, victim, target)
        except BaseException:  # noqa: BLE001 - reported through the exit code
            code = 3
        finally:
            os._exit(code)
    os.close(write_fd)
    received = b""
    while b"opened\n" not in received:  # the delay counts from the start of the operation
        chunk = os.read(read_fd, 4096)
        if not chunk:
            break
        received += chunk
    started = time.perf_counter()
    killed = False
    status: int | None = None
    if kill_after is not None:
        deadline = started + kill_after
        while time.perf_counter() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            status = None
            time.sleep(0.002)
        else:
            os.kill(pid, signal.SIGKILL)
            killed = True
    if status is None:
        _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter() - started
    with os.fdopen(read_fd, "rb") as pipe:
        lines = (received + pipe.read()).decode().splitlines()
    if not killed:
        assert os.waitstatus_to_exitcode(status) == 0, (op, lines)
    return lines, killed, elapsed


# --- the parent's checks --------------------------------------------------------------------


def apply_reports(expected: Expected, lines: list[str]) -> None:
    for line in lines:
        word, _, rest = line.partition(" ")
        if word == "imported":
            expected.imported[rest] = emails_of(rest)
        elif word == "erased":
            expected.erased.add(rest)
        elif word == "rotated":
            expected.key = rest
        elif word == "backup":
            path, key = rest.rsplit(" ", 1)
            expected.backups[Path(path)] = key


def check(
    db_path: Path, expected: Expected, attempted_tag: str, capsys, *, key_may_change: bool
) -> None:
    """The database opens with its stored key, verifies, and holds every reported write.

    `key_may_change`: a rotation was killed before it reported: old or new key, either is
    right, as long as the stored one opens the file."""
    open_db(db_path)
    try:
        assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        if key_may_change:
            expected.key = current_key()
        assert current_key() == expected.key
        stored = {
            row[0] for row in db.execute_sql("SELECT value FROM identifier WHERE kind = 'email'")
        }
    finally:
        close_db()
    for tag, emails in expected.imported.items():
        missing = emails - expected.erased - stored
        assert missing <= expected.attempted_erasures, f"import {tag} reported done, now missing"
    assert not (expected.erased & stored), "an erasure reported done came back"
    attempted = emails_of(attempted_tag)
    assert attempted <= stored or not (attempted & stored), "an import was stored half-way"
    for path, key in expected.backups.items():
        assert backup.check_backup(path, key) >= 0
    assert main(["--db", str(db_path), "verify"]) == 0
    capsys.readouterr()


@pytest.fixture
def file_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keys in the key file, shared by parent and children (the in-memory keychain is not)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_sigkill_at_random_points_loses_nothing_reported(
    tmp_path: Path, file_keys: None, capsys
) -> None:
    db_path = tmp_path / "ekko.db"
    rng = random.Random(SEED)
    expected = Expected()
    serial = iter(range(10_000))

    def fresh_tag() -> str:
        return f"t{next(serial)}"

    def victim_for() -> str:
        alive = sorted(
            e
            for emails in expected.imported.values()
            for e in emails
            if e not in expected.erased and e not in expected.attempted_erasures
        )
        chosen = rng.choice(alive)
        expected.attempted_erasures.add(chosen)
        return chosen

    def run(op: str, kill_after: float | None) -> tuple[bool, float]:
        tag = fresh_tag()
        victim = victim_for() if op == "erase" else ""
        target = tmp_path / "backups" / f"manual-{tag}.db"
        lines, killed, elapsed = run_child(db_path, op, tag, victim, target, kill_after)
        apply_reports(expected, lines)
        unreported = op == "rotate" and not any(ln.startswith("rotated") for ln in lines)
        check(db_path, expected, tag, capsys, key_may_change=unreported)
        return killed, elapsed

    # Calibrate: each operation once, to completion (also seeds data to erase).
    open_db(db_path)
    expected.key = current_key()
    close_db()
    durations: dict[str, float] = {}
    for op in ("import", "import", *OPERATIONS):
        _, durations[op] = run(op, None)
    # Each operation in turn, killed after a random delay within its last measured run time,
    # until every operation was killed mid-way POINTS / 4 times (a child that finished first
    # still gets its checks, and its run time narrows the next delay).
    kills = dict.fromkeys(OPERATIONS, 0)
    per_op = -(-POINTS // len(OPERATIONS))
    for attempt in range(4 * POINTS):
        op = OPERATIONS[attempt % len(OPERATIONS)]
        if kills[op] >= per_op:
            if min(kills.values()) >= per_op:
                break
            continue
        killed, elapsed = run(op, rng.uniform(0.0, durations[op]))
        kills[op] += killed
        if not killed:
            durations[op] = elapsed
    assert sum(kills.values()) >= POINTS and min(kills.values()) >= per_op, kills
