"""`ekko import` streams a contact export (issue 15): a fault the reader meets only at the
end of the file still refuses the whole file before anything is stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ekko_tui.__main__ import main
from tests.cli.test_subjects_cli import EXPORTS, count
from tests.store.test_import_stream import kajabi_file

ROWS = 3000


@pytest.mark.parametrize(
    ("last_line", "line"),
    [
        # A quote left open on the last line: its value runs to the end of the file.
        (b'ola@example.no,"Ola,+4790000000\n', ROWS + 2),
        # A NUL character: the file is not text.
        (b"ola@example.no,Ola\x00,+4790000000\n", None),
    ],
)
def test_a_fault_on_the_last_line_refuses_the_file_before_storing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], last_line: bytes, line: int | None
) -> None:
    db = tmp_path / "e.db"
    export = tmp_path / "contacts.csv"
    assert main(["--db", str(db), "import", "kajabi", str(EXPORTS / "kajabi_contacts.csv")]) == 0
    capsys.readouterr()
    before = (count(db, "subject"), count(db, "import_run"), count(db, "subject_record"))
    export.write_bytes(
        b"Email,Name,Phone\n"
        + b"".join(f"p{i}@example.no,Person {i},+47 4{i:07d}\n".encode() for i in range(ROWS))
        + last_line
    )
    assert main(["--db", str(db), "import", "newsletter", str(export)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert captured.err.startswith("ekko: contacts.csv: ")
    if line is not None:
        assert f"Line {line}:" in captured.err
    assert (count(db, "subject"), count(db, "import_run"), count(db, "subject_record")) == before


def test_a_streamed_kajabi_import_reports_every_row(tmp_path: Path, capsys) -> None:
    db = tmp_path / "e.db"
    export = tmp_path / "kajabi.csv"
    export.write_bytes(kajabi_file(2500) + b",,,,,,,,,,,,,,,\n")
    assert main(["--db", str(db), "import", "kajabi", str(export), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["rows"], report["added"], report["encoding"]) == (2501, 2500, "utf-8")
    assert report["skipped"] == [{"row": 2502, "reason": "empty row"}]
    assert report["records"]["added"] == 2500
    assert (count(db, "subject"), count(db, "import_run")) == (2500, 1)


def test_a_refusal_while_the_rows_are_read_stores_nothing(tmp_path: Path, capsys, monkeypatch):
    """No file-level error is left for the second pass, but if one came (a changed mapper),
    the import is rolled back and reported in one line, exit 2."""
    from ekko_tui.domain import imports
    from ekko_tui.domain.imports import ImportFileError

    real = imports._row_items

    def breaks(*args):
        for n, item in enumerate(real(*args)):
            if n == 2100:  # after the first chunk was written
                raise ImportFileError("Line 2102: refused while reading.")
            yield item

    monkeypatch.setattr(imports, "_row_items", breaks)
    db = tmp_path / "e.db"
    export = tmp_path / "kajabi.csv"
    export.write_bytes(kajabi_file(2500))
    assert main(["--db", str(db), "import", "kajabi", str(export)]) == 2
    captured = capsys.readouterr()
    assert captured.err == "ekko: kajabi.csv: Line 2102: refused while reading.\n"
    assert (count(db, "subject"), count(db, "import_run"), count(db, "subject_record")) == (0, 0, 0)
