"""ekko erase: asks, erases, notices; a restore of an older backup erases them again."""

from __future__ import annotations

import shutil

from ekko_tui.__main__ import main
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.models import Suppression
from ekko_tui.store.subject_models import Identifier
from tests.store.test_erasure import _fill
from tests.store.test_subjects import run_import


def test_cli_erase_asks_then_erases_and_notices(db_path, now, capsys) -> None:
    open_db(db_path)
    _fill(now)
    close_db()
    assert main(["--db", str(db_path), "erase", "bjorn.haland@example.no"]) == 1
    out = capsys.readouterr().out
    assert "Nothing was erased" in out and "Holdings in: fiken, kajabi, stripe" in out
    assert (
        main(["--db", str(db_path), "erase", "+47 912 34 567", "--request", "2026-001", "--yes"])
        == 0
    )
    assert "Erased." in capsys.readouterr().out
    assert main(["--db", str(db_path), "erase", "bjorn.haland@example.no", "--yes"]) == 2
    assert "No subject has the email" in capsys.readouterr().err
    assert main(["--db", str(db_path), "notices", "2026-001"]) == 0
    assert "Kajabi LLC\tNOT YET SENT" in capsys.readouterr().out
    assert main(["--db", str(db_path), "notices", "2026-001", "--sent", "2026-11-25"]) == 0
    assert main(["--db", str(db_path), "notices"]) == 0
    assert "NOT YET SENT" not in capsys.readouterr().out


def test_restore_of_an_older_backup_erases_them_again(db_path, now, tmp_path, capsys) -> None:
    open_db(db_path)
    _fill(now)
    close_db()
    made = tmp_path / "made.db"
    assert main(["--db", str(db_path), "backup", str(made)]) == 0
    # A copy made outside ekko: the erasure cannot reach it (the one ekko made it does).
    before = tmp_path / "elsewhere" / "before.db"
    before.parent.mkdir()
    shutil.copyfile(made, before)
    assert main(["--db", str(db_path), "erase", "bjorn.haland@example.no", "--yes"]) == 0
    assert main(["--db", str(db_path), "restore", str(before)]) == 0
    assert "1 person(s) erased after that backup was made were erased again" in (
        capsys.readouterr().out
    )
    open_db(db_path)
    try:
        assert not Identifier.select().where(Identifier.value == "bjorn.haland@example.no").exists()
        assert Suppression.select().count() == 2
        report = run_import("stripe", "stripe_unified_customers.csv", now)
        assert any("not added again" in s.reason for s in report.skipped)
    finally:
        close_db()
