"""ekko erase and the backups it reaches or cannot reach."""

from __future__ import annotations

from ekko_tui.__main__ import main
from ekko_tui.store import backup, erasure
from ekko_tui.store.db import close_db, connect_raw, current_key, open_db
from ekko_tui.store.models import Request
from tests.store.test_erasure import _fill
from tests.store.test_erasure_backups import EMAIL


def test_cli_erasure_names_the_backups_it_could_not_reach(db_path, now, tmp_path, capsys):
    open_db(db_path)
    _fill(now)
    close_db()
    kept = tmp_path / "kept.db"
    lost = tmp_path / "lost.db"
    for target in (kept, lost):
        assert main(["--db", str(db_path), "backup", str(target)]) == 0
    lost.unlink()
    capsys.readouterr()
    assert main(["--db", str(db_path), "erase", EMAIL]) == 1
    assert "Backups ekko made: 2, erased too" in capsys.readouterr().out
    assert main(["--db", str(db_path), "erase", EMAIL, "--yes"]) == 1
    out = capsys.readouterr().out
    assert f"NOT ERASED {lost}" in out and f"✓ {kept}: erased" in out
    assert "Erased." not in out


def test_an_older_backup_is_upgraded_sealed_and_still_verifies_after_erasing_in_it(
    db_path, now, tmp_path, capsys
) -> None:
    """A backup made by a version before 0007 (unkeyed chain): erasing in it seals its trail
    first, so restoring it later verifies."""
    open_db(db_path)
    rid = _fill(now)
    copy = backup.backup_to(tmp_path / "old-version.db", now=now)
    key = current_key()
    close_db()
    con = connect_raw(copy, key)  # make it look like a pre-0007 backup
    rows = con.execute(
        "SELECT id, at, actor, kind, detail, request_ref FROM event ORDER BY id"
    ).fetchall()
    from ekko_tui.store import audit

    prev = ""
    for event_id, at, actor, kind, detail, ref in rows:
        digest = audit.legacy_hash(prev, str(at), actor, kind, detail, ref)
        con.execute(
            "UPDATE event SET prev_hash = ?, hash = ?, state = '' WHERE id = ?",
            (prev, digest, event_id),
        )
        prev = digest
    con.execute("DELETE FROM setting WHERE key = 'audit.scheme'")
    con.commit()
    con.close()
    backup.write_meta(copy, key)
    open_db(db_path)
    try:
        done = erasure.erase_subject(
            Request.get_by_id(rid).subject_id, reason="Art. 17", now=now, actor="t"
        )
        assert [(b.path, b.erased) for b in done.backups] == [(copy, True)]
    finally:
        close_db()
    assert main(["--db", str(db_path), "restore", str(copy)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "verify"]) == 0, capsys.readouterr().out
