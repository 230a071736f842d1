"""Issue 12 items 3–5: rotation never deletes the newest backups; the recovery path on a fresh
machine; backups made before a key rotation stay restorable; a lost database plus an old
backup keeps erased people erased."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import keyring
import pytest

from ekko_tui.__main__ import main
from ekko_tui.store import audit, backup, keys
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.models import Request
from ekko_tui.store.subject_models import Identifier
from tests.conftest import add_request
from tests.memkeyring import MemoryKeyring

# ---------------------------------------------------------------- rotation


def _make(folder: Path, *days: date) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for day in days:
        (folder / f"ekko-{day.isoformat()}.db").write_bytes(b"x")


def _names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_a_clock_behind_deletes_no_newer_backup(tmp_path: Path) -> None:
    real_today = date(2026, 11, 25)
    _make(tmp_path, *(real_today - timedelta(days=i) for i in range(30)))
    before = _names(tmp_path)
    removed = backup.rotate(tmp_path, date(2026, 1, 1))  # EKKO_NOW or the system clock behind
    assert removed == [] and _names(tmp_path) == before


def test_rotation_keeps_what_it_does_not_understand(tmp_path: Path) -> None:
    today = date(2026, 11, 25)
    _make(tmp_path, *(today - timedelta(days=i) for i in range(40)))
    odd = ["ekko-2026-13-45.db", "ekko-2026-02-30.db", "ekko-notes.db", "mine.db"]
    for name in odd:
        (tmp_path / name).write_bytes(b"x")
    backup.rotate(tmp_path, today)
    assert set(odd) <= _names(tmp_path)


def test_rotation_always_keeps_the_newest_seven(tmp_path: Path) -> None:
    # Seven backups in one old week and nothing since: the weekly rule alone would keep one.
    old = [date(2025, 3, 3) + timedelta(days=i) for i in range(7)]
    _make(tmp_path, *old, date(2024, 1, 1))
    backup.rotate(tmp_path, date(2026, 11, 25))
    assert {f"ekko-{d}.db" for d in old} <= _names(tmp_path)


def test_rotation_removes_old_backups_with_their_metadata(tmp_path: Path) -> None:
    today = date(2026, 11, 25)
    _make(tmp_path, *(today - timedelta(days=i) for i in range(60)))
    gone = today - timedelta(days=59)
    (tmp_path / f"ekko-{gone}.db.json").write_text("{}")
    removed = backup.rotate(tmp_path, today)
    assert tmp_path / f"ekko-{gone}.db" in removed
    assert not (tmp_path / f"ekko-{gone}.db.json").exists()


# ---------------------------------------------------------------- the recovery path


def _new_machine(monkeypatch, tmp_path: Path) -> Path:
    """Another HOME and an empty keychain: nothing of the first machine is left."""
    home = tmp_path / "new-home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    keyring.set_keyring(MemoryKeyring())
    return home


def test_fresh_machine_restore_with_the_key_from_the_sheet(
    db_path, now, tmp_path, monkeypatch, capsys
) -> None:
    open_db(db_path)
    add_request(now, name="Ørjan")
    close_db()
    copy = tmp_path / "usb" / "ekko-copy.db"
    assert main(["--db", str(db_path), "backup", str(copy)]) == 0
    key = keys.stored_key(db_path).key  # type: ignore[union-attr]
    home = _new_machine(monkeypatch, tmp_path)
    target = home / "data" / "ekko" / "ekko.db"  # its folder does not exist yet
    sheet_form = " ".join(key[i : i + 8] for i in range(0, 64, 8))
    monkeypatch.setenv("EKKO_DB_KEY", sheet_form)
    capsys.readouterr()
    assert main(["--db", str(target), "restore", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "Restored 1 requests" in out and "kept as" not in out
    assert not list(target.parent.glob("*.replaced-*"))
    monkeypatch.delenv("EKKO_DB_KEY")
    assert keys.stored_key(target).key == key  # type: ignore[union-attr]
    open_db(target)  # later runs work without the variable
    try:
        assert Request.get().requester_name == "Ørjan"
    finally:
        close_db()
    assert main(["--db", str(target), "verify"]) == 0  # the seal key came back too


def test_backups_made_before_a_key_rotation_stay_restorable(
    db_path, now, tmp_path, monkeypatch, capsys
) -> None:
    open_db(db_path)
    add_request(now, name="Før")
    close_db()
    made = tmp_path / "made-by-ekko.db"
    assert main(["--db", str(db_path), "backup", str(made)]) == 0
    elsewhere = tmp_path / "own-copy.db"
    shutil.copyfile(made, elsewhere)  # copied by the user: ekko does not know it
    shutil.copyfile(backup.meta_path(made), backup.meta_path(elsewhere))
    old_key = keys.stored_key(db_path).key  # type: ignore[union-attr]
    assert main(["--db", str(db_path), "key", "rotate"]) == 0
    assert "1 backup(s) made by ekko re-encrypted" in capsys.readouterr().out
    new_key = keys.stored_key(db_path).key  # type: ignore[union-attr]
    assert new_key != old_key
    assert json.loads(backup.meta_path(made).read_text())["key_fingerprint"] == (
        keys.fingerprint(new_key)
    )
    # The one ekko made opens with the current key.
    assert main(["--db", str(db_path), "restore", str(made)]) == 0
    # The user's own copy needs the old key: the message names its fingerprint.
    capsys.readouterr()
    assert main(["--db", str(db_path), "restore", str(elsewhere)]) == 1
    err = capsys.readouterr().err
    assert keys.fingerprint(old_key) in err and "EKKO_DB_KEY" in err
    monkeypatch.setenv("EKKO_DB_KEY", old_key)
    assert main(["--db", str(db_path), "restore", str(elsewhere)]) == 0
    monkeypatch.delenv("EKKO_DB_KEY")
    assert keys.stored_key(db_path).key == new_key  # type: ignore[union-attr]
    open_db(db_path)  # re-encrypted with the current key on the way in
    try:
        assert [r.requester_name for r in Request.select()] == ["Før"]
    finally:
        close_db()


def test_restore_refuses_a_backup_whose_last_events_were_cut(
    db_path, now, tmp_path, capsys
) -> None:
    from ekko_tui.store.db import connect_raw

    open_db(db_path)
    add_request(now, name="Live")
    close_db()
    copy = tmp_path / "copy.db"
    assert main(["--db", str(db_path), "backup", str(copy)]) == 0
    con = connect_raw(copy, keys.stored_key(db_path).key)  # type: ignore[union-attr]
    con.execute("DELETE FROM event WHERE id = (SELECT max(id) FROM event)")
    con.commit()
    con.close()
    capsys.readouterr()
    assert main(["--db", str(db_path), "restore", str(copy)]) == 1
    assert "lost audit events" in capsys.readouterr().err
    assert not list(tmp_path.glob("ekko.replaced-*"))


# ---------------------------------------------------------------- erased stays erased


def test_a_lost_database_and_an_old_backup_keep_erased_people_erased(
    db_path, now, tmp_path, capsys
) -> None:
    from tests.store.test_erasure import _fill

    open_db(db_path)
    _fill(now)
    close_db()
    made = tmp_path / "made.db"
    assert main(["--db", str(db_path), "backup", str(made)]) == 0
    old = tmp_path / "usb" / "old.db"  # a copy ekko does not know: the erasure cannot reach it
    old.parent.mkdir()
    shutil.copyfile(made, old)
    assert main(["--db", str(db_path), "erase", "bjorn.haland@example.no", "--yes"]) == 0
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)  # the live database is lost
    capsys.readouterr()
    assert main(["--db", str(db_path), "restore", str(old)]) == 0
    assert "1 person(s) erased after that backup was made were erased again" in (
        capsys.readouterr().out
    )
    open_db(db_path)
    try:
        assert not Identifier.select().where(Identifier.value == "bjorn.haland@example.no").exists()
    finally:
        close_db()
    assert main(["--db", str(db_path), "verify"]) == 0


def test_the_suppression_file_holds_keyed_hashes_only(db_path, now) -> None:
    from ekko_tui.store import erasure
    from tests.store.test_erasure import _fill

    open_db(db_path)
    try:
        rid = _fill(now)
        sid = Request.get_by_id(rid).subject_id
        erasure.erase_subject(sid, reason="Art. 17", now=now, actor="t", request_id=rid)
        seal = audit.seal_key()
    finally:
        close_db()
    text = keys.state_file(db_path, "suppressed").read_text()
    entries = json.loads(text)
    for kind, digest, *rest in entries:
        assert len(digest) == 64 and int(digest, 16) >= 0  # a keyed hash, nothing else
        # The other fields hold no trace of him (the random digest may contain "912" by chance).
        assert not any("bjorn" in str(x) or "912" in str(x) for x in (kind, *rest))
    import hashlib
    import hmac

    expected = hmac.new(seal.encode(), b"email:bjorn.haland@example.no", hashlib.sha256).hexdigest()
    assert ["email", expected] in [e[:2] for e in entries]


@pytest.mark.parametrize("rotate_first", [False, True])
def test_seal_key_stays_across_rotation(db_path, now, rotate_first, capsys) -> None:
    open_db(db_path)
    add_request(now)
    seal = audit.seal_key()
    close_db()
    if rotate_first:
        assert main(["--db", str(db_path), "key", "rotate"]) == 0
    assert keys.find_seal(db_path) == seal
    assert main(["--db", str(db_path), "verify"]) == 0


def test_fresh_machine_restore_after_a_rotation_needs_the_seal_key_and_says_so(
    db_path, now, tmp_path, monkeypatch, capsys
) -> None:
    from pypdf import PdfReader

    open_db(db_path)
    add_request(now, name="Ørjan")
    seal = audit.seal_key()
    close_db()
    assert main(["--db", str(db_path), "key", "rotate"]) == 0
    copy = tmp_path / "usb" / "after-rotation.db"
    assert main(["--db", str(db_path), "backup", str(copy)]) == 0
    key = keys.stored_key(db_path).key  # type: ignore[union-attr]
    sheet = tmp_path / "sheet.pdf"
    assert main(["--db", str(db_path), "key", "sheet", "--out", str(sheet)]) == 0
    text = "".join("".join(p.extract_text() for p in PdfReader(sheet).pages).split())
    assert keys.fingerprint(key) in text and seal in text  # the sheet has what is needed
    home = _new_machine(monkeypatch, tmp_path)
    target = home / "data" / "ekko.db"
    monkeypatch.setenv("EKKO_DB_KEY", key)
    capsys.readouterr()
    assert main(["--db", str(target), "restore", str(copy)]) == 1
    assert "EKKO_SEAL_KEY" in capsys.readouterr().err
    assert not target.exists() and keys.stored_key(target) is None  # nothing half-way
    monkeypatch.setenv("EKKO_SEAL_KEY", seal)
    assert main(["--db", str(target), "restore", str(copy)]) == 0
    monkeypatch.delenv("EKKO_SEAL_KEY")
    monkeypatch.delenv("EKKO_DB_KEY")
    assert keys.find_seal(target) == seal
    assert main(["--db", str(target), "verify"]) == 0


def test_a_wrong_seal_key_in_the_environment_is_refused_not_kept(
    db_path, now, tmp_path, monkeypatch, capsys
) -> None:
    open_db(db_path)
    add_request(now)
    close_db()
    key = keys.stored_key(db_path).key  # type: ignore[union-attr]
    copy = tmp_path / "c.db"
    shutil.copyfile(db_path, copy)
    _new_machine(monkeypatch, tmp_path)
    monkeypatch.setenv("EKKO_DB_KEY", key)
    monkeypatch.setenv("EKKO_SEAL_KEY", "ab" * 32)
    capsys.readouterr()
    assert main(["--db", str(copy), "requests"]) == 1
    assert "EKKO_SEAL_KEY is not the seal key" in capsys.readouterr().err
    assert keys.stored_seal(copy) is None
