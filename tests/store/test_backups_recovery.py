"""Issue 12 items 3–5: rotation never deletes the newest backups; the recovery path on a fresh
machine; backups made before a key rotation stay restorable; a lost database plus an old
backup keeps erased people erased."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import keyring

from ekko_tui.store import audit, backup, keys
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.models import Request
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


# ---------------------------------------------------------------- erased stays erased


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
