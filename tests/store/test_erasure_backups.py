"""Issue 12 items 6–8: erasure reaches every backup ekko made and names the ones it could
not; it reports only what it achieved (a pending compaction is recorded and finished at the
next start, also after kill -9); the suppression hash is keyed, older salted entries still
count."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeychain

from ekko_tui.store import backup, erasure, keys
from ekko_tui.store.db import close_db, connect_raw, current_key, open_db, opened
from ekko_tui.store.models import Request, Suppression
from ekko_tui.store.subject_models import Identifier
from tests.conftest import raw_connect
from tests.store.test_erasure import _all_bytes, _fill

EMAIL = "bjorn.haland@example.no"
ROOT = Path(__file__).resolve().parents[2]


def _holds(path: Path, key: str | None) -> bool:
    con = connect_raw(path, key)
    try:
        return bool(
            con.execute("SELECT count(*) FROM identifier WHERE value = ?", (EMAIL,)).fetchone()[0]
        )
    finally:
        con.close()


@pytest.mark.parametrize("encrypted", [True, False])
def test_erasure_reaches_every_backup_ekko_made(db_path, now, tmp_path, monkeypatch, encrypted):
    open_db(db_path, encrypt=encrypted)
    rid = _fill(now)
    key = current_key() or None
    daily = backup.daily_backup(backup.automatic_dir(db_path), date(2026, 11, 24))
    manual = backup.backup_to(tmp_path / "copies" / "manual.db", now=now)
    gone = backup.backup_to(tmp_path / "copies" / "deleted-later.db", now=now)
    gone.unlink()
    assert daily is not None and _holds(daily, key) and _holds(manual, key)
    sid = Request.get_by_id(rid).subject_id
    plan = erasure.plan_erasure(sid, date(2026, 11, 25), request_id=rid)
    assert plan.backups_known == 3
    events_before = backup.read_meta(manual)["events"]
    done = erasure.erase_subject(sid, reason="Art. 17", now=now, actor="t", request_id=rid)
    close_db()
    outcome = {b.path.name: b for b in done.backups}
    assert outcome[daily.name].erased and outcome[manual.name].erased
    assert not outcome[gone.name].erased and "not found" in outcome[gone.name].detail
    assert not done.complete and done.compaction == ""
    for copy in (daily, manual):
        assert not _holds(copy, key)
        assert backup.check_backup(copy, key) >= 1  # sound, and its metadata matches it
        if not encrypted:  # compacted: no trace in the bytes either
            assert EMAIL.encode() not in _all_bytes(copy)
    assert backup.read_meta(manual)["events"] > events_before


def test_a_reader_holding_the_wal_leaves_compaction_pending_and_the_next_start_finishes_it(
    db_path, now, monkeypatch
) -> None:
    open_db(db_path, encrypt=False)  # so the bytes can be searched
    rid = _fill(now)
    reader = raw_connect(db_path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM identifier").fetchone()  # holds its snapshot
    sid = Request.get_by_id(rid).subject_id
    done = erasure.erase_subject(sid, reason="Art. 17", now=now, actor="t", request_id=rid)
    assert done.compaction and not done.complete
    assert erasure.compaction_pending(db_path)
    assert not Identifier.select().where(Identifier.value == EMAIL).exists()  # committed
    close_db()
    reader.rollback()
    reader.close()
    open_db(db_path, encrypt=False)  # the next start
    try:
        info = opened()
        assert info is not None and any("compaction" in n for n in info.notes)
    finally:
        close_db()
    assert not erasure.compaction_pending(db_path)
    assert EMAIL.encode() not in _all_bytes(db_path)


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import UTC, datetime
    from ekko_tui.store import erasure
    from ekko_tui.store.db import open_db
    from ekko_tui.store.models import Request

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)  # after the erasure committed, before compaction

    erasure.compact = die
    open_db(sys.argv[1], encrypt=False)
    rid = int(sys.argv[2])
    sid = Request.get_by_id(rid).subject_id
    erasure.erase_subject(sid, reason="Art. 17", now=datetime(2026, 11, 25, 9, tzinfo=UTC),
                          actor="t", request_id=rid)
    """
)


def test_kill_9_between_erasure_and_compaction_is_finished_at_the_next_start(
    db_path, now, monkeypatch
) -> None:
    keyring.set_keyring(NoKeychain())
    open_db(db_path, encrypt=False)
    rid = _fill(now)
    close_db()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, str(db_path), str(rid)], env=env, timeout=120
    )
    assert proc.returncode == -9
    assert erasure.compaction_pending(db_path)
    open_db(db_path, encrypt=False)
    try:
        assert not Identifier.select().where(Identifier.value == EMAIL).exists()
        assert any("compaction" in n for n in opened().notes)  # type: ignore[union-attr]
    finally:
        close_db()
    assert not erasure.compaction_pending(db_path)
    assert EMAIL.encode() not in _all_bytes(db_path)


def test_suppression_entries_are_keyed_with_a_key_outside_the_database(db_path, now) -> None:
    open_db(db_path)
    try:
        rid = _fill(now)
        salt_rows_before = raw_settings(db_path)
        erasure.erase_subject(
            Request.get_by_id(rid).subject_id, reason="Art. 17", now=now, actor="t"
        )
        entry = Suppression.get(Suppression.kind == "email")
        assert entry.scheme == "hmac-sha256"
        # Nothing in the database turns the digest back: a brute force over every value
        # with anything the file holds as a salt finds nothing.
        for salt in raw_settings(db_path).values():
            assert hashlib.sha256(f"{salt}:email:{EMAIL}".encode()).hexdigest() != entry.digest
        assert "suppression.salt" not in raw_settings(db_path)
        assert salt_rows_before.keys() == raw_settings(db_path).keys()
    finally:
        close_db()


def raw_settings(db_path: Path) -> dict[str, str]:
    con = raw_connect(db_path)
    try:
        return dict(con.execute("SELECT key, value FROM setting").fetchall())
    finally:
        con.close()


def test_older_salted_entries_still_keep_people_out(db_path, now) -> None:
    """0007 cannot re-key a salted SHA-256 without the erased value: such entries stay and
    are still matched with their salt."""
    from tests.store.test_erasure import run_import

    open_db(db_path, upto="0006_erasure")
    salt = "00ff" * 8
    digest = hashlib.sha256(f"{salt}:email:{EMAIL}".encode()).hexdigest()
    con = raw_connect(db_path)
    con.execute("INSERT INTO setting (key, value) VALUES ('suppression.salt', ?)", (salt,))
    con.execute(
        "INSERT INTO suppression (kind, digest, added_on, reason, request_ref) "
        "VALUES ('email', ?, '2026-01-05', 'erasure (Art. 17)', '')",
        (digest,),
    )
    con.commit()
    con.close()
    close_db()
    open_db(db_path)
    try:
        assert Suppression.get().scheme == "salted-sha256"
        report = run_import("stripe", "stripe_unified_customers.csv", now)
        assert any("not added again" in s.reason for s in report.skipped)
        assert not Identifier.select().where(Identifier.value == EMAIL).exists()
    finally:
        close_db()
    assert keys.read_state(db_path, "suppressed") is None  # only keyed entries go there


def test_erasing_in_backups_leaves_no_state_files_for_them(db_path, now, tmp_path) -> None:
    open_db(db_path)
    rid = _fill(now)
    copy = backup.backup_to(tmp_path / "copy.db", now=now)
    erasure.erase_subject(Request.get_by_id(rid).subject_id, reason="Art. 17", now=now, actor="t")
    close_db()
    for name in keys.STATE_NAMES:
        assert not keys.state_file(copy, name).exists()
    assert keys.read_state(db_path, "head") is not None


def test_a_deleted_backup_is_reported_once_then_forgotten(db_path, now, tmp_path) -> None:
    open_db(db_path)
    try:
        rid = _fill(now)
        lost = backup.backup_to(tmp_path / "lost.db", now=now)
        lost.unlink()
        sid = Request.get_by_id(rid).subject_id
        done = erasure.erase_subject(sid, reason="Art. 17", now=now, actor="t")
        assert [(b.path, b.erased) for b in done.backups] == [(lost, False)]
        assert "erase the person from it yourself" in done.backups[0].detail
        assert lost not in backup.known_backups(db_path)
    finally:
        close_db()


def test_a_backup_written_into_the_backups_folder_by_hand_is_reached(db_path, now) -> None:
    open_db(db_path)
    try:
        rid = _fill(now)
        mine = backup.backup_to(backup.automatic_dir(db_path) / "before-cleanup.db", now=now)
        done = erasure.erase_subject(
            Request.get_by_id(rid).subject_id, reason="Art. 17", now=now, actor="t"
        )
        assert [(b.path.name, b.erased) for b in done.backups] == [(mine.name, True)]
    finally:
        close_db()
