"""The database key from the CLI: EKKO_DB_KEY, a wrong key, ekko key show/rotate and the recovery
sheet.
"""

from __future__ import annotations

import pytest

from ekko_tui.__main__ import main
from ekko_tui.store.db import NotEkkoDatabase, close_db, open_db, opened
from ekko_tui.store.settings import StoreSettings
from tests.conftest import raw_connect
from tests.store.test_encryption import NAME, _add


def test_env_key_opens_and_a_wrong_key_is_one_clear_message(db_path, now, monkeypatch, capfd):
    open_db(db_path, settings=StoreSettings(db_key="correct horse battery staple"))
    _add(now)
    close_db()
    assert opened() is None
    with pytest.raises(NotEkkoDatabase, match="cannot be opened with its key"):
        open_db(db_path, settings=StoreSettings(db_key="wrong key"))
    monkeypatch.setenv("EKKO_DB_KEY", "wrong key")  # the variable, read by the command
    assert main(["--db", str(db_path), "requests"]) == 1
    captured = capfd.readouterr()
    assert captured.err.count("\n") == 1 and "cannot be opened with its key" in captured.err
    monkeypatch.setenv("EKKO_DB_KEY", "correct horse battery staple")
    assert main(["--db", str(db_path), "requests"]) == 0
    monkeypatch.delenv("EKKO_DB_KEY")
    with pytest.raises(NotEkkoDatabase, match="no key for it was found"):
        open_db(db_path)


def test_key_show_rotate_and_recovery_sheet(db_path, now, capsys, tmp_path, memory_keyring):
    from pypdf import PdfReader

    open_db(db_path)
    _add(now)
    close_db()
    assert main(["--db", str(db_path), "key", "show"]) == 0
    first_key = capsys.readouterr().out.splitlines()[0]
    assert main(["--db", str(db_path), "key", "rotate"]) == 0
    assert "New key in place" in capsys.readouterr().out
    assert main(["--db", str(db_path), "key", "show"]) == 0
    second_key = capsys.readouterr().out.splitlines()[0]
    assert second_key != first_key and len(second_key) == 64
    con = raw_connect(db_path)
    assert con.execute("SELECT requester_name FROM request").fetchall() == [(NAME,)]
    con.close()
    sheet = tmp_path / "sheet.pdf"
    assert main(["--db", str(db_path), "key", "sheet", "--out", str(sheet)]) == 0
    text = "".join("".join(page.extract_text() for page in PdfReader(sheet).pages).split())
    assert second_key in text and str(db_path) in text
