"""Migration 0008 moves the letter archive into the database: files ekko saved in its own
letters folder are read in (checksum verified) and then removed; a file the user saved
elsewhere is read in and kept; a missing or changed file is left alone, without a copy."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ekko_tui.store import letters as letters_store
from ekko_tui.store.db import applied_migrations, close_db, db, open_db


def _letter(letter_id: int, path: Path | None, data: bytes, zip_path: Path | None = None) -> None:
    zip_data = b"PK-zip"
    db.execute_sql(
        "INSERT INTO letter (id, request_id, kind, path, sha256, pages, size_bytes, "
        "attachment_path, attachment_sha256, free_texts, generated_at, generated_by, "
        "printed_how, sent_how) VALUES (?, 1, 'access', ?, ?, 1, ?, ?, ?, '{}', "
        "'2026-11-24 13:05:00', 't', '', '')",
        (
            letter_id,
            str(path) if path else "",
            hashlib.sha256(data).hexdigest(),
            len(data),
            str(zip_path) if zip_path else None,
            hashlib.sha256(zip_data).hexdigest() if zip_path else None,
        ),
    )
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if zip_path is not None:
        zip_path.write_bytes(zip_data)


def test_upgrade_reads_letters_in_and_removes_only_ekkos_own_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EKKO_LETTERS", raising=False)
    path = tmp_path / "ekko.db"
    own = tmp_path / "letters" / "2026-001"
    open_db(path, upto="0006_erasure")
    db.execute_sql(
        "INSERT INTO request (id, ref, year, seq, received_at, channel, types, requester_name, "
        "requester_contact, message, identity_status, identity_method, identity_evidence, "
        "status, outcome_note, created_at) VALUES (1, '2026-001', 2026, 1, "
        "'2026-11-24 13:05:00', 'email', 'access', 'Åse', 'ase@example.no', 'Hei', "
        "'unchecked', '', '', 'new', '', '2026-11-24 13:05:00')"
    )
    _letter(1, own / "a.pdf", b"%PDF-own", zip_path=own / "EKKO-2026-001.zip")
    _letter(2, tmp_path / "Documents" / "svar.pdf", b"%PDF-users")
    _letter(3, own / "changed.pdf", b"%PDF-original")
    (own / "changed.pdf").write_bytes(b"%PDF-edited by hand")
    _letter(4, own / "gone.pdf", b"%PDF-gone")
    (own / "gone.pdf").unlink()
    close_db()

    open_db(path)
    try:
        assert "0008_letter_archive" in applied_migrations()
        stored = {i: letters_store.letter_files(i) for i in (1, 2, 3, 4)}
        assert [(f.role, f.data) for f in stored[1]] == [
            ("pdf", b"%PDF-own"),
            ("attachment", b"PK-zip"),
        ]
        assert [f.data for f in stored[2]] == [b"%PDF-users"]
        assert stored[3] == () and stored[4] == ()
        rows = {i: letters_store.letter_by_id(i) for i in (1, 2, 3)}
        assert rows[1].path == "" and rows[1].attachment_path is None
        assert rows[2].path == str(tmp_path / "Documents" / "svar.pdf")
        assert letters_store.has_files([1, 2, 3, 4]) == {1, 2}
    finally:
        close_db()
    assert not (own / "a.pdf").exists() and not (own / "EKKO-2026-001.zip").exists()
    assert (tmp_path / "Documents" / "svar.pdf").read_bytes() == b"%PDF-users"
    assert (own / "changed.pdf").read_bytes() == b"%PDF-edited by hand"
    # A second start has nothing left to do and touches nothing.
    open_db(path)
    try:
        pending = db.execute_sql("SELECT count(*) FROM letter_file WHERE migrated_from != ''")
        assert pending.fetchone()[0] == 0
    finally:
        close_db()
    assert (tmp_path / "Documents" / "svar.pdf").exists() and (own / "changed.pdf").exists()
