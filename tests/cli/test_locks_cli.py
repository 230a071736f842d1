"""The CLI and the database lock: no new key for a missing database, no restore or rotation while
another ekko has it open.
"""

from __future__ import annotations

import pytest

from ekko_tui.__main__ import main
from ekko_tui.store.db import StoreError, close_db, open_db
from ekko_tui.store.models import Request
from tests.conftest import add_request
from tests.store.test_keys_and_locks import _kept_key, key_files_only, other_ekko  # noqa: F401 (fixtures)


@pytest.mark.parametrize("how", ["missing", "empty"])
def test_a_missing_database_never_gets_a_new_key(db_path, now, how, capsys) -> None:
    open_db(db_path)
    add_request(now)
    close_db()
    key = _kept_key(db_path)
    moved = db_path.with_name("moved.db")
    db_path.replace(moved)
    if how == "empty":
        db_path.write_bytes(b"")
    with pytest.raises(StoreError, match="missing") as caught:
        open_db(db_path)
    assert "ekko restore" in str(caught.value)
    assert main(["--db", str(db_path), "requests"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "its key is kept" in err
    assert _kept_key(db_path) == key  # the key was not replaced
    assert not db_path.exists() or db_path.stat().st_size == 0  # nothing was created
    moved.replace(db_path)  # the file comes back: it opens with its key
    open_db(db_path)
    try:
        assert Request.select().count() == 1
    finally:
        close_db()


def test_restore_refuses_while_another_ekko_has_the_database_open(
    db_path, now, tmp_path, capsys, request
) -> None:
    open_db(db_path)
    add_request(now, name="Før")
    close_db()
    copy = tmp_path / "copy.db"
    assert main(["--db", str(db_path), "backup", str(copy)]) == 0
    open_db(db_path)
    add_request(now, name="Etter")
    close_db()
    holder = request.getfixturevalue("other_ekko")
    capsys.readouterr()
    assert main(["--db", str(db_path), "restore", str(copy)]) == 1
    err = capsys.readouterr().err
    assert "Another ekko has" in err and "Nothing was changed" in err
    assert not list(tmp_path.glob("ekko.replaced-*"))
    holder.kill()
    holder.wait()
    open_db(db_path)
    try:
        assert sorted(r.requester_name for r in Request.select()) == ["Etter", "Før"]
    finally:
        close_db()
    assert main(["--db", str(db_path), "restore", str(copy)]) == 0  # once it is closed


def test_key_rotation_refuses_while_another_ekko_has_the_database_open(
    db_path, now, capsys, request
) -> None:
    open_db(db_path)
    add_request(now)
    close_db()
    key = _kept_key(db_path)
    request.getfixturevalue("other_ekko")
    assert main(["--db", str(db_path), "key", "rotate"]) == 1
    assert "Another ekko has" in capsys.readouterr().err
    assert _kept_key(db_path) == key
