"""The real `ekko` in tmux: write an answer letter with keystrokes and read the PDF back."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from pypdf import PdfReader

from tests.e2e.conftest import Terminal, ekko_command


def test_letter_from_the_inbox_to_a_pdf(terminal: Terminal, tmp_path: Path) -> None:
    terminal.env["EKKO_LETTERS"] = str(tmp_path / "letters")
    subprocess.run(
        [
            ekko_command(),
            "request",
            "add",
            "--type",
            "access",
            "--channel",
            "letter",
            "--from",
            "Čáhcegeaidnu 12, 9730 Kárášjohka",
            "--name",
            "Máret Ŋuvttoš-Ødegård",
            "--received",
            "2026-11-24 14:05",
        ],
        env=terminal.env,
        check=True,
        capture_output=True,
    )
    terminal.start(ekko_command())
    terminal.wait_for("2026-001")
    terminal.keys("l")
    terminal.wait_for("which kind?")
    terminal.keys("Enter")
    screen = terminal.wait_for("Svar på begjæring om innsyn")
    assert "Máret Ŋuvttoš-Ødegård" in screen
    terminal.keys("C-s")
    terminal.wait_for("Letter #1 archived")
    assert not (tmp_path / "letters").exists()  # the archive is in the database
    terminal.keys("C-o")
    terminal.wait_for("Save letter #1 as a file")
    terminal.keys("C-s")  # the suggested name in EKKO_LETTERS
    pdfs = list((tmp_path / "letters").glob("2026-001-access-*.pdf"))
    for _ in range(20):
        if pdfs:
            break
        time.sleep(0.2)
        pdfs = list((tmp_path / "letters").glob("2026-001-access-*.pdf"))
    text = "\n".join(p.extract_text() for p in PdfReader(pdfs[0]).pages)
    assert "Máret Ŋuvttoš-Ødegård" in text and "9730 Kárášjohka" in text
    terminal.keys("Escape")
    terminal.wait_for("2026-001")
    terminal.keys("q")
