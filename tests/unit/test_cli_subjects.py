"""`ekko import` and `ekko search` on the command line: output, exit codes, nothing half-done."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ekko_tui.__main__ import main
from tests.conftest import raw_connect

EXPORTS = Path(__file__).resolve().parent.parent / "data" / "exports"


def ekko(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def count(db: Path, table: str) -> int:
    con = raw_connect(db)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def test_import_then_search(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "e.db"
    assert ekko(db, "import", "kajabi", str(EXPORTS / "kajabi_contacts.csv")) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        "kajabi_contacts.csv: 4 added, 0 updated, 0 unchanged, 1 skipped "
        "(5 rows; utf-8, comma-separated)."
    )
    assert "  row 5: skipped: 'kari@@example.no' is not an e-mail address" in out
    assert ekko(db, "import", "kajabi", str(EXPORTS / "kajabi_contacts.csv"), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["added"], report["unchanged"]) == (0, 4)
    assert report["skipped"] == [
        {"row": 5, "reason": "'kari@@example.no' is not an e-mail address (it needs exactly one @)"}
    ]
    assert ekko(db, "search", "aase") == 0
    assert (
        capsys.readouterr().out
        == "#2\tÅse Bjørnstad\tase.bjornstad@example.no, +47 987 65 432\tkajabi\n"
    )
    assert ekko(db, "search", "Bjorn Haland", "--json") == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits[0]["name"] == "Bjørn Tore Håland" and hits[0]["systems"] == ["kajabi"]
    assert ekko(db, "search", "zzqx") == 1
    assert "No subject matches 'zzqx'" in capsys.readouterr().err


def test_csv_guesses_columns_and_map_overrides(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "e.db"
    path = str(EXPORTS / "kunder_generisk.csv")
    assert ekko(db, "import", "csv", path, "--json") == 0  # no --map: guessed, as in the app
    out = capsys.readouterr()
    assert "Guessed columns: email=E-post adresse, phone=Mobil, birth_date=Fødselsdato" in out.err
    assert json.loads(out.out)["added"] == 2  # Marit by e-mail, Lars by his phone
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("Kolonne A;Kolonne B\nx;y\n", encoding="utf-8")
    assert ekko(tmp_path / "f.db", "import", "csv", str(unknown)) == 2  # nothing to guess from
    assert "needs a column mapping" in capsys.readouterr().err
    db = tmp_path / "g.db"
    assert ekko(db, "import", "kajabi", path, "--map", "email=E-post adresse") == 2
    assert "--map is only for `ekko import csv`" in capsys.readouterr().err
    assert ekko(db, "import", "csv", path, "--map", "name=Kunde,email=E-post adresse") == 0
    out = capsys.readouterr().out
    assert "1 added" in out  # Lars has no e-mail, and his phone column was not mapped:
    assert "row 3: skipped: only a name" in out
    assert count(db, "subject") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"PK\x03\x04xlsx", "Excel workbook"),
        (b"\x00\x01\x02garbage\x00", "binary file"),
        (b"Email,Name\nola@example.no,Ola\n", "does not look like a Stripe"),
    ],
)
def test_bad_files_exit_2_and_store_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    db = tmp_path / "e.db"
    bad = tmp_path / "export.csv"
    bad.write_bytes(content)
    assert ekko(db, "import", "stripe", str(bad)) == 2
    err = capsys.readouterr().err
    assert err.startswith("ekko: export.csv: ") and message in err
    assert count(db, "subject") == 0 and count(db, "import_run") == 0


def test_file_over_50_mb_is_refused_unread(tmp_path: Path, capsys) -> None:
    big = tmp_path / "huge.csv"
    with big.open("wb") as f:
        f.truncate(51 * 1024 * 1024)  # sparse: no 51 MB written to disk
    assert ekko(tmp_path / "e.db", "import", "newsletter", str(big)) == 2
    assert "huge.csv is 51 MB; the limit is 50 MB" in capsys.readouterr().err


def test_missing_file_and_folder(tmp_path: Path, capsys) -> None:
    assert ekko(tmp_path / "e.db", "import", "fiken", str(tmp_path / "nope.csv")) == 2
    assert "Cannot read" in capsys.readouterr().err
    assert ekko(tmp_path / "e.db", "import", "fiken", str(tmp_path)) == 2
    assert "is a folder" in capsys.readouterr().err


def test_request_add_reports_the_intake_link(tmp_path: Path, capsys) -> None:
    db = tmp_path / "e.db"
    ekko(db, "import", "stripe", str(EXPORTS / "stripe_unified_customers.csv"))
    capsys.readouterr()
    assert ekko(db, "request", "add", "--type", "access", "--from", "KARE@example.no") == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("2026-001\t")
    assert "Linked to subject #2 Kåre Ås" in captured.err


def test_domain_and_store_import_without_textual() -> None:
    code = (
        "import sys\n"
        "import ekko_tui.domain.subjects, ekko_tui.domain.imports\n"
        "import ekko_tui.store.subjects, ekko_tui.store.subject_imports\n"
        "import ekko_tui.store.subject_queries, ekko_tui.cli_subjects\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
