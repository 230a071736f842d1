"""`ekko breach …` and `ekko breaches` in-process on a temporary database (now: Wed 25 Nov
2026 10:00 Oslo)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from ekko_tui.__main__ import main
from ekko_tui.store.breach_models import Breach, BreachFiling
from ekko_tui.store.db import close_db, open_db


def run(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def count(db: Path) -> tuple[int, int]:
    open_db(db)
    try:
        return Breach.select().count(), BreachFiling.select().count()
    finally:
        close_db()


def test_add_list_json_and_notified(capsys, db_path: Path) -> None:
    code, out, _ = run(
        capsys,
        db_path,
        "breach",
        "add",
        "--aware",
        "2026-11-24 10:00",
        "--summary",
        "Laptop lost",
        "--source",
        "self",
        "--type",
        "confidentiality,availability",
    )
    assert code == 0
    assert out.split("\t")[:2] == ["B-2026-01", "notify by 2026-11-27T10:00+01:00"]
    code, out, _ = run(capsys, db_path, "breaches", "--json")
    (row,) = json.loads(out)
    assert row["ref"] == "B-2026-01"
    assert row["aware_at"] == "2026-11-24T10:00+01:00"
    assert row["notify_by"] == "2026-11-27T10:00+01:00"
    assert row["hours_left"] == 48.0
    assert row["status"] == "assess"
    assert row["types"] == ["confidentiality", "availability"]
    code, out, _ = run(
        capsys,
        db_path,
        "breach",
        "notified",
        "b-2026-01",
        "--at",
        "2026-11-25 09:30",
        "--reference",
        "AR-77",
    )
    assert code == 0 and "late" not in out
    code, out, _ = run(capsys, db_path, "breaches", "--json")
    (row,) = json.loads(out)
    assert (row["status"], row["hours_left"], row["altinn_ref"]) == ("notified", None, "AR-77")
    assert count(db_path) == (1, 1)


@pytest.mark.parametrize(
    ("aware", "words"),
    [
        ("2026-11-26 10:00", "future"),
        ("2026-03-29 02:30", "does not exist"),
        ("2026-02-29 10:00", "not a time that exists"),
        ("tomorrow", "YYYY-MM-DD HH:MM"),
    ],
)
def test_add_bad_awareness_stores_nothing(capsys, db_path: Path, aware: str, words: str) -> None:
    code, out, err = run(capsys, db_path, "breach", "add", "--aware", aware, "--summary", "x")
    assert code == 2 and out == ""
    assert words in err and "Traceback" not in err
    assert count(db_path) == (0, 0)


def test_ambiguous_autumn_hour_notes_the_choice(capsys, db_path: Path) -> None:
    code, out, err = run(
        capsys, db_path, "breach", "add", "--aware", "2026-10-25 02:30", "--summary", "x"
    )
    assert code == 0 and "CEST" in err
    assert "notify by 2026-10-28T01:30+01:00" in out
    code, out, err = run(
        capsys, db_path, "breach", "add", "--aware", "2026-10-25 02:30 CET", "--summary", "y"
    )
    assert code == 0 and err == ""
    assert "notify by 2026-10-28T02:30+01:00" in out


def test_notified_errors_store_nothing(capsys, db_path: Path) -> None:
    run(capsys, db_path, "breach", "add", "--aware", "2026-11-20 10:00", "--summary", "x")
    for argv in (
        ("--at", "2026-11-20 09:00", "--reference", "A"),  # before awareness
        ("--at", "2026-11-25 09:00", "--reference", "A"),  # late, no reason
        ("--at", "2026-11-26 09:00", "--reference", "A"),  # future
    ):
        code, _, err = run(capsys, db_path, "breach", "notified", "B-2026-01", *argv)
        assert code == 2 and "Traceback" not in err
    assert (
        "--delay-reason"
        in run(
            capsys,
            db_path,
            "breach",
            "notified",
            "B-2026-01",
            "--at",
            "2026-11-25 09:00",
            "--reference",
            "A",
        )[2]
    )
    assert count(db_path) == (1, 0)
    code, out, _ = run(
        capsys,
        db_path,
        "breach",
        "notified",
        "B-2026-01",
        "--at",
        "2026-11-25 09:00",
        "--reference",
        "A",
        "--delay-reason",
        "Waited for the processor",
    )
    assert code == 0 and out.strip().endswith("late")
    code, _, err = run(
        capsys,
        db_path,
        "breach",
        "notified",
        "B-2026-09",
        "--at",
        "2026-11-25 09:00",
        "--reference",
        "A",
    )
    assert code == 2 and "no breach" in err


def test_sheet_pdf_and_text(capsys, db_path: Path, tmp_path: Path) -> None:
    run(capsys, db_path, "breach", "add", "--aware", "2026-11-24 10:00", "--summary", "Tapt PC")
    code, out, err = run(capsys, db_path, "breach", "sheet", "B-2026-01")
    assert code == 0 and "1. Årsaken til bruddet" in out and "Tapt PC" in out
    assert "Not recorded yet" in err
    target = tmp_path / "sheet.pdf"
    code, out, _ = run(capsys, db_path, "breach", "sheet", "B-2026-01", "--out", str(target))
    assert code == 0 and Path(out.strip()) == target.resolve()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "Tapt PC" in text and "27. november 2026 kl. 10:00" in text
    code, _, err = run(capsys, db_path, "breach", "sheet", "B-2026-01", "--out", str(tmp_path))
    assert code == 2 and ".pdf" in err
    code, _, err = run(
        capsys, db_path, "breach", "sheet", "B-2026-01", "--out", str(tmp_path / "no/x.pdf")
    )
    assert code == 2 and "does not exist" in err


def test_letter_command_archives_for_a_linked_subject(capsys, db_path: Path, tmp_path) -> None:
    from ekko_tui.store import breaches as store
    from ekko_tui.store.breach_models import BreachLetter
    from ekko_tui.store.subject_models import Subject
    from ekko_tui.store.times import to_db
    from tests.conftest import NOW

    run(capsys, db_path, "breach", "add", "--aware", "2026-11-24 10:00", "--summary", "Feil")
    open_db(db_path)
    try:
        sid = Subject.create(name="Kåre Ås", created_at=to_db(NOW), updated_at=to_db(NOW)).id
        other = Subject.create(name="Ola", created_at=to_db(NOW), updated_at=to_db(NOW)).id
        store.link_subject("B-2026-01", sid, now=NOW, actor="t")
    finally:
        close_db()
    out_pdf = tmp_path / "brev.pdf"
    args = ("breach", "letter", "B-2026-01", "--subject", str(sid), "--out", str(out_pdf))
    code, _, err = run(capsys, db_path, *args)
    assert code == 2 and "likely consequences" in err  # Art. 34(2) content missing
    open_db(db_path)
    try:
        store.update_details(
            "B-2026-01",
            {"consequences": "Spam.", "measures_taken": "Slettet."},
            now=NOW,
            actor="t",
        )
    finally:
        close_db()
    code, _, err = run(capsys, db_path, "breach", "letter", "B-2026-01", "--subject", str(other))
    assert code == 2 and "not linked" in err
    code, out, err = run(capsys, db_path, *args, "--address", "Storgata 1;1530 Moss")
    assert code == 0 and out.startswith("letter #1")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(out_pdf.read_bytes())).pages)
    assert "Kåre Ås" in text and "Storgata 1" in text and "Spam." in text
    open_db(db_path)
    try:
        letter = BreachLetter.get()
        assert (letter.subject_id, letter.path) == (sid, str(out_pdf))
        assert bytes(letter.pdf) == out_pdf.read_bytes()  # the archive is in the database
    finally:
        close_db()
