"""`ekko letter REF --lang en`: the same letter in English; a request written in English gets a
hint (bokmål stays the default); a bad language is refused with nothing archived."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from ekko_tui.__main__ import main
from ekko_tui.domain.requests import validate_new_request
from ekko_tui.store import requests as store
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.letters import Letter


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _request(db_path: Path, now, message: str) -> str:
    open_db(db_path)
    try:
        new = validate_new_request(
            received="2026-11-24 14:05",
            channel="email",
            types="access",
            requester_name="Anna Smith",
            requester_contact="anna@example.com",
            message=message,
            now=now,
        )
        return store.create_request(new, now=now, actor="t").ref
    finally:
        close_db()


def _text(pdf: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)


def _letters(db_path: Path) -> int:
    open_db(db_path)
    try:
        return Letter.select().count()
    finally:
        close_db()


def test_letter_in_english_and_the_hint(capsys, db_path: Path, tmp_path: Path, now) -> None:
    ref = _request(db_path, now, "Hi, could you please send me a copy of all the data you have?")
    nb_pdf, en_pdf = tmp_path / "nb.pdf", tmp_path / "en.pdf"
    code, _, err = run(capsys, "--db", str(db_path), "letter", ref, "--out", str(nb_pdf))
    assert code == 0 and "--lang en" in err  # proposed, not imposed
    assert "Med vennlig hilsen" in _text(nb_pdf)
    code, _, err = run(
        capsys, "--db", str(db_path), "letter", ref, "--lang", "en", "--out", str(en_pdf)
    )
    assert code == 0 and "--lang en" not in err
    text = _text(en_pdf)
    assert "Yours sincerely" in text and "Med vennlig hilsen" not in text
    assert "Datatilsynet" in text and "Page 1 of" in text
    assert _letters(db_path) == 2


def test_bad_language_is_refused(capsys, db_path: Path, tmp_path: Path, now) -> None:
    ref = _request(db_path, now, "Hei, jeg vil ha innsyn i hva dere har om meg.")
    out = tmp_path / "x.pdf"
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "--db", str(db_path), "letter", ref, "--lang", "se", "--out", str(out))
    assert exit_.value.code == 2
    assert not out.exists() and _letters(db_path) == 0
    code, _, err = run(capsys, "--db", str(db_path), "letter", ref, "--out", str(out))
    assert code == 0 and "--lang en" not in err  # a Norwegian request: no hint
