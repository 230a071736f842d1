"""Printing through a fake `lp`/`lpstat` on PATH: the arguments, and every failure path."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ekko_tui.letters.printing import PrintError, list_printers, print_pdf


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "letters" / "2026-014-access.pdf"
    path.parent.mkdir()
    path.write_bytes(b"%PDF-1.4 test")
    return path


def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, body: str) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    script = folder / name
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return folder


def test_lp_gets_printer_title_copies_and_the_file(tmp_path, monkeypatch, pdf) -> None:
    folder = fake(
        tmp_path,
        monkeypatch,
        "lp",
        'printf "%s\\n" "$@" > "$(dirname "$0")/args"\n'
        'echo "request id is Kontor-42 (1 file(s))"\n',
    )
    job = print_pdf(pdf, "Kontor", title="2026-014 Access (Art. 15)")
    assert job == "Kontor-42"
    assert (folder / "args").read_text().splitlines() == [
        "-d",
        "Kontor",
        "-t",
        "2026-014 Access (Art. 15)",
        "-n",
        "1",
        "-o",
        "media=A4",
        "--",
        str(pdf),
    ]


def test_no_printer_chosen_uses_the_cups_default(tmp_path, monkeypatch, pdf) -> None:
    folder = fake(tmp_path, monkeypatch, "lp", 'echo "$@" > "$(dirname "$0")/args"\n')
    print_pdf(pdf, None)
    assert "-d" not in (folder / "args").read_text().split()


def test_no_lp_says_so_and_where_the_pdf_is(tmp_path, monkeypatch, pdf) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    with pytest.raises(PrintError) as err:
        print_pdf(pdf, "Kontor")
    assert "No `lp` command" in str(err.value)
    assert str(pdf) in str(err.value)


def test_no_default_printer(tmp_path, monkeypatch, pdf) -> None:
    fake(
        tmp_path,
        monkeypatch,
        "lp",
        'echo "lp: Error - no default destination available." >&2\nexit 1\n',
    )
    with pytest.raises(PrintError) as err:
        print_pdf(pdf, None)
    assert "no printer chosen and CUPS has no default printer" in str(err.value)
    assert str(pdf) in str(err.value)


def test_refused_job(tmp_path, monkeypatch, pdf) -> None:
    fake(
        tmp_path,
        monkeypatch,
        "lp",
        'echo "lp: The printer or class does not exist." >&2\nexit 1\n',
    )
    with pytest.raises(PrintError) as err:
        print_pdf(pdf, "Gone")
    assert "refused (lp: The printer or class does not exist.)" in str(err.value)
    assert str(pdf) in str(err.value)


def test_missing_pdf(tmp_path, monkeypatch) -> None:
    fake(tmp_path, monkeypatch, "lp", "exit 0\n")
    with pytest.raises(PrintError, match="There is no PDF"):
        print_pdf(tmp_path / "gone.pdf", None)


def test_lpstat_lists_printers_and_the_default(tmp_path, monkeypatch) -> None:
    fake(
        tmp_path,
        monkeypatch,
        "lpstat",
        'case "$1" in -e) printf "Kontor\\nHjemme\\n";; '
        '-d) echo "system default destination: Hjemme";; esac\n',
    )
    printers = list_printers()
    assert printers.names == ("Kontor", "Hjemme")
    assert printers.default == "Hjemme"


def test_no_lpstat(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrintError, match="CUPS is not installed"):
        list_printers()
