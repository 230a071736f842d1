"""Hostile import files: one clear line on stderr, exit 2, nothing stored (issue 12)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ekko_tui.__main__ import main
from ekko_tui.domain.csv_files import ImportFileError, read_table
from tests.conftest import raw_connect

ROOT = Path(__file__).resolve().parents[2]
HEADER = "Email,Name,Phone\n"
ROW = "ase{n}@example.no,Åse Ødegård {n},+4791234{n:03d}\n"


def rows(count: int, start: int = 1) -> str:
    return "".join(ROW.format(n=n) for n in range(start, start + count))


def stored(db: Path) -> tuple[int, int]:
    if not db.exists():
        return (0, 0)
    con = raw_connect(db)
    try:
        return tuple(  # type: ignore[return-value]
            con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("subject", "import_run")
        )
    finally:
        con.close()


def refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes) -> str:
    """Import `content`; assert the refusal is one line, exit 2, nothing stored; return it."""
    db = tmp_path / "e.db"
    bad = tmp_path / "export.csv"
    bad.write_bytes(content)
    assert main(["--db", str(db), "import", "newsletter", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("ekko: export.csv: ")
    assert stored(db) == (0, 0)
    return captured.err


def test_utf16_with_odd_byte_count(tmp_path: Path, capsys) -> None:
    data = (HEADER + rows(3)).encode("utf-16")[:-1]
    assert len(data) % 2 == 1
    err = refused(tmp_path, capsys, data)
    assert "UTF-16" in err


def test_utf16_with_a_lone_surrogate_names_the_line(tmp_path: Path, capsys) -> None:
    good = (HEADER + rows(2)).encode("utf-16-le")
    data = b"\xff\xfe" + good + b"\x00\xd8" + "x\n".encode("utf-16-le")
    err = refused(tmp_path, capsys, data)
    assert "line 4" in err


def test_bom_then_invalid_bytes_names_the_lines(tmp_path: Path, capsys) -> None:
    text = (HEADER + rows(6)).encode("utf-8")
    lines = text.split(b"\n")
    lines[2] = lines[2].replace("Å".encode(), b"\xc5")  # a cp1252 Å in a UTF-8 file
    lines[5] = lines[5] + b"\xff"
    err = refused(tmp_path, capsys, b"\xef\xbb\xbf" + b"\n".join(lines))
    assert "lines 3, 6" in err


def test_one_stray_byte_does_not_flip_the_file_to_cp1252(tmp_path: Path, capsys) -> None:
    lines = (HEADER + rows(20)).encode("utf-8").split(b"\n")
    lines[14] = lines[14].replace(b"example", b"ex\x92ample")
    err = refused(tmp_path, capsys, b"\n".join(lines))
    assert "line 15" in err and "lines" not in err


@pytest.mark.parametrize("where", [2, 5, 9])
def test_unbalanced_quote_swallowing_rows_names_the_line(
    tmp_path: Path, capsys, where: int
) -> None:
    lines = (HEADER + rows(10)).splitlines(keepends=True)
    lines[where - 1] = '"' + lines[where - 1]  # opens, never closes
    err = refused(tmp_path, capsys, "".join(lines).encode())
    assert f"Line {where}:" in err


def test_quote_closed_by_a_later_stray_quote_names_the_opening_line(tmp_path: Path, capsys) -> None:
    lines = (HEADER + rows(10)).splitlines(keepends=True)
    lines[3] = lines[3].replace(",Åse", ',"Åse', 1)  # line 4 opens a quote mid-row
    lines[8] = lines[8].replace(",Åse", ',Åse"', 1)  # line 9: a stray quote closes it
    err = refused(tmp_path, capsys, "".join(lines).encode())
    assert "Line 4:" in err and "line 9" in err


def test_quote_in_the_last_column_running_to_the_end(tmp_path: Path, capsys) -> None:
    lines = (HEADER + rows(6)).splitlines(keepends=True)
    lines[2] = lines[2].replace(",+47", ',"+47', 1)
    err = refused(tmp_path, capsys, "".join(lines).encode())
    assert "Line 3:" in err


def test_a_legitimate_multiline_value_is_fine() -> None:
    text = 'Email,Name,Address\nase@example.no,Åse,"Storgata 5\n1531 Moss"\nola@x.no,Ola,Moss\n'
    table = read_table(text.encode())
    assert [n for n, _ in table.rows] == [2, 4]
    assert table.rows[0][1][2] == "Storgata 5\n1531 Moss"


def test_quote_check_reports_instead_of_field_limit() -> None:
    text = HEADER + '"ase@example.no,' + "x" * 200_000 + "\n" + rows(3)
    with pytest.raises(ImportFileError, match="Line 2:"):
        read_table(text.encode())


def _import_subprocess(tmp_path: Path, target: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, EKKO_DB=str(tmp_path / "e.db"))
    return subprocess.run(
        [sys.executable, "-m", "ekko_tui", "import", "newsletter", target],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=ROOT,
    )


def test_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)
    done = _import_subprocess(tmp_path, str(fifo))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = [ln for ln in done.stderr.splitlines() if not ln.startswith("ekko: note:")]
    assert len(lines) == 1 and "not a regular file" in lines[0]
    assert stored(tmp_path / "e.db") == (0, 0)


def test_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    done = _import_subprocess(tmp_path, "/dev/zero")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = [ln for ln in done.stderr.splitlines() if not ln.startswith("ekko: note:")]
    assert len(lines) == 1 and "not a regular file" in lines[0]


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_the_import_form_refuses_pipes_and_devices(tmp_path: Path, kind: str) -> None:
    from ekko_tui.domain.requests import ValidationError
    from ekko_tui.ui.subject_dialogs import check_import_path

    target = tmp_path / "export.csv"
    if kind == "fifo":
        os.mkfifo(target)
    with pytest.raises(ValidationError, match="not a regular file"):
        check_import_path(str(target) if kind == "fifo" else "/dev/zero")
