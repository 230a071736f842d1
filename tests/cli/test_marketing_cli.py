"""`ekko import newsletter` after a granted objection: the objector's row is skipped with its
line named, the rest is imported; a customer export still imports them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ekko_tui.__main__ import main
from ekko_tui.store import requests as store
from ekko_tui.store.db import close_db, open_db
from tests.cli.test_subjects_cli import EXPORTS, count, ekko
from tests.conftest import add_request, raw_connect


def _holdings(db: Path, system: str) -> set[str]:
    con = raw_connect(db)
    try:
        rows = con.execute(
            "SELECT i.value FROM holding h JOIN identifier i ON i.subject_id = h.subject_id "
            "WHERE h.system = ? AND i.kind = 'email'",
            (system,),
        ).fetchall()
    finally:
        con.close()
    return {r[0] for r in rows}


def test_newsletter_reimport_skips_the_objector(
    tmp_path: Path, now, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "e.db"
    news = str(EXPORTS / "newsletter_mailchimp.tsv")
    assert ekko(db, "import", "kajabi", str(EXPORTS / "kajabi_contacts.csv")) == 0
    assert ekko(db, "import", "newsletter", news) == 0
    assert "ase.bjornstad@example.no" in _holdings(db, "newsletter")
    open_db(db)
    try:
        rid = add_request(now, types="objection", contact="ase.bjornstad@example.no")
        store.close(rid, "answered", "", now=now, actor="t")
    finally:
        close_db()
    assert "ase.bjornstad@example.no" not in _holdings(db, "newsletter")
    assert count(db, "suppression") == 2
    capsys.readouterr()
    assert ekko(db, "import", "newsletter", news, "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert [s["row"] for s in out["skipped"]] == [2]
    assert "ase.bjornstad@example.no" not in _holdings(db, "newsletter")
    assert "kari.nordmann@example.no" in _holdings(db, "newsletter")
    assert main(["--db", str(db), "import", "kajabi", str(EXPORTS / "kajabi_contacts.csv")]) == 0
    assert "ase.bjornstad@example.no" in _holdings(db, "kajabi")


def _records(db: Path, system: str) -> int:
    con = raw_connect(db)
    try:
        return con.execute(
            "SELECT count(*) FROM subject_record WHERE system = ?", (system,)
        ).fetchone()[0]
    finally:
        con.close()


def test_mailchimp_records_removed_and_not_imported_again(
    tmp_path: Path, now, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.document_samples import MAILCHIMP

    db = tmp_path / "e.db"
    audience = tmp_path / "audience.csv"
    audience.write_text(MAILCHIMP, encoding="utf-8")
    assert ekko(db, "import", "kajabi", str(EXPORTS / "kajabi_contacts.csv")) == 0
    assert ekko(db, "import", "mailchimp", str(audience)) == 0
    assert _records(db, "newsletter") >= 1
    open_db(db)
    try:
        rid = add_request(now, types="withdraw_consent", contact="ase.bjornstad@example.no")
        store.close(rid, "answered", "", now=now, actor="t")
    finally:
        close_db()
    assert _records(db, "newsletter") == 0  # her audience row and membership: gone
    assert _records(db, "kajabi") >= 1  # still a customer
    capsys.readouterr()
    assert ekko(db, "import", "mailchimp", str(audience), "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert [s["row"] for s in out["skipped"]] == [2]
    assert _records(db, "newsletter") == 0
