"""`ekko letter REF` refuses a no-data access answer while unlinked subjects match the
requester, names them, and writes it after `--none-match` records that none is the person."""

from __future__ import annotations

from pathlib import Path

from ekko_tui.__main__ import main
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.models import Event
from ekko_tui.store.no_data import CONFIRMED
from ekko_tui.store.register_seed import seed_registers
from ekko_tui.store.subject_models import Identifier
from tests.conftest import add_request
from tests.store.test_subjects import run_import


def test_no_data_letter_waits_for_the_candidates(tmp_path: Path, now, capsys) -> None:
    db = tmp_path / "e.db"
    open_db(db)
    try:
        seed_registers(now, "t")
        run_import("kajabi", "kajabi_contacts.csv", now)
        bjorn = Identifier.get(Identifier.value == "bjorn.haland@example.no").subject_id
        add_request(now, name="Bjørn Tore Håland", contact="bth@example.org")
    finally:
        close_db()
    out = tmp_path / "svar.pdf"
    args = ["--db", str(db), "letter", "2026-001", "--kind", "access", "--out", str(out)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"#{bjorn} Bjørn Tore Håland (kajabi): same name" in err
    assert "--none-match" in err and "Nothing was saved" in err
    assert not out.exists()
    assert main([*args, "--none-match"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    open_db(db)
    try:
        assert Event.select().where(Event.kind == CONFIRMED).count() == 1
    finally:
        close_db()
    # Once confirmed, the letter is written without asking again.
    again = tmp_path / "svar2.pdf"
    assert main([*args[:-1], str(again)]) == 0 and again.exists()
