"""`ekko import stripe-payments|kajabi-transactions|fiken-invoices|zoom|mailchimp FILE`: exit
codes, the report, --dry-run, --tz, --exported, nothing stored on bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ekko_tui.__main__ import main
from tests import document_samples as S
from tests.conftest import raw_connect


def ekko(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def count(db: Path, table: str) -> int:
    con = raw_connect(db)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


FILES = {
    "stripe-payments": S.stripe_payments(S.STRIPE_PAID, S.STRIPE_PARTIAL_REFUND),
    "kajabi-transactions": S.kajabi_transactions(S.KAJABI_CHARGE),
    "fiken-invoices": S.fiken_invoices(S.FIKEN_INVOICE, S.FIKEN_CREDIT, S.FIKEN_SUM),
    "zoom": S.ZOOM_PARTICIPANTS.encode(),
    "mailchimp": S.MAILCHIMP.encode(),
}


@pytest.mark.parametrize("kind", list(FILES))
def test_each_kind_imports_and_dry_run_stores_nothing(tmp_path, capsys, kind):
    db, path = tmp_path / "e.db", tmp_path / f"{kind}.csv"
    path.write_bytes(FILES[kind])
    assert ekko(db, "import", kind, str(path), "--dry-run", "--json") == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["dry_run"] is True and dry["import"] is None
    assert count(db, "subject_record") == 0 and count(db, "import_run") == 0
    assert ekko(db, "import", kind, str(path), "--json") == 0
    real = json.loads(capsys.readouterr().out)
    assert real["documents"] == dry["documents"] and real["documents"]["added"] > 0
    assert count(db, "subject_record") == real["documents"]["added"] + real["records"]["added"]


def test_wrong_kind_exits_non_zero_naming_the_right_one(tmp_path, capsys):
    db, path = tmp_path / "e.db", tmp_path / "payments.csv"
    path.write_bytes(FILES["stripe-payments"])
    assert ekko(db, "import", "kajabi-transactions", str(path)) != 0
    err = capsys.readouterr().err
    assert "`stripe-payments`" in err and "Traceback" not in err
    assert count(db, "subject") == 0


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "empty"),
        (b"PK\x03\x04rest", "Excel"),
        (b"Type;Kunde\nFaktura;A\n", "invoice number column"),
    ],
)
def test_bad_files_exit_non_zero(tmp_path, capsys, content, needle):
    db, path = tmp_path / "e.db", tmp_path / "f.csv"
    path.write_bytes(content)
    assert ekko(db, "import", "fiken-invoices", str(path)) != 0
    assert needle in capsys.readouterr().err


def test_skipped_rows_name_their_line(tmp_path, capsys):
    db, path = tmp_path / "e.db", tmp_path / "fiken.csv"
    path.write_bytes(FILES["fiken-invoices"])
    assert ekko(db, "import", "fiken-invoices", str(path)) == 0
    captured = capsys.readouterr()
    assert "row 7: skipped:" in captured.out and "Sum row" in captured.out
    assert "after a preamble" in captured.err  # what was detected


def test_zoom_time_zone_option(tmp_path, capsys):
    db, path = tmp_path / "e.db", tmp_path / "zoom.csv"
    path.write_bytes(FILES["zoom"])
    assert ekko(db, "import", "zoom", str(path), "--tz", "Nowhere/Town") != 0
    assert "Unknown time zone" in capsys.readouterr().err
    assert ekko(db, "import", "mailchimp", str(tmp_path / "zoom.csv"), "--tz", "UTC") != 0
    assert ekko(db, "import", "zoom", str(path), "--tz", "America/New_York", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert "America/New_York" in report["detected"]
    con = raw_connect(db)
    try:
        times = {r[0] for r in con.execute("SELECT doc_time FROM subject_record")}
    finally:
        con.close()
    assert "2025-03-22T23:01:00+00:00" in times  # 7:01 PM in New York


def test_export_date_from_option_or_file_time(tmp_path, capsys):
    db, path = tmp_path / "e.db", tmp_path / "mc.csv"
    path.write_bytes(FILES["mailchimp"])
    os.utime(path, (1_700_000_000, 1_700_000_000))  # 14 Nov 2023 22:13 UTC
    assert ekko(db, "import", "mailchimp", str(path), "--json") == 0
    assert json.loads(capsys.readouterr().out)["exported_at"] == "2023-11-14T22:13:20+00:00"
    assert ekko(db, "import", "mailchimp", str(path), "--exported", "2026-11-01", "--json") == 0
    assert json.loads(capsys.readouterr().out)["exported_at"] == "2026-11-01T11:00:00+00:00"
    assert ekko(db, "import", "mailchimp", str(path), "--exported", "1. nov") != 0
    assert "YYYY-MM-DD" in capsys.readouterr().err
