"""Store-side: build, write and archive a letter (the one path the TUI and the CLI share)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ekko_tui.domain import deadlines as dl
from ekko_tui.letters.builder import build_letter
from ekko_tui.letters.context import context_for_request
from ekko_tui.letters.kinds import portability_zip_name
from ekko_tui.letters.model import LetterData, LetterError
from ekko_tui.letters.portability import portability_zip_bytes
from ekko_tui.letters.render import render_pdf
from ekko_tui.store import letters as archive
from ekko_tui.store.db import db


def letters_dir() -> Path:
    """Where letters are saved: EKKO_LETTERS, else `letters/` beside the database file."""
    env = os.environ.get("EKKO_LETTERS", "").strip()
    if env:
        return Path(env).expanduser()
    return Path(db.database).expanduser().resolve().parent / "letters"


@dataclass(frozen=True)
class Generated:
    row: archive.LetterRow
    letter: LetterData
    pdf: Path
    attachment: Path | None


def _write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder, so a full disk leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".ekko-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def generate(
    request_id: int,
    kind: str,
    free_texts: Mapping[str, str],
    *,
    now: datetime,
    actor: str,
    out: Path | None = None,
    invariant: bool = False,
) -> Generated:
    """Build the letter, write the PDF (and the portability ZIP), archive it with its SHA-256."""
    today: date = now.astimezone(dl.OSLO).date()
    ctx = context_for_request(request_id, today)
    letter = build_letter(kind, ctx, today, free_texts)
    pdf_bytes, pages = render_pdf(letter, invariant=invariant)
    stamp = now.astimezone(dl.OSLO).strftime("%Y%m%d-%H%M%S")
    folder = letters_dir() / ctx.request.ref
    pdf = out or folder / f"{ctx.request.ref}-{kind}-{stamp}.pdf"
    attachment: Path | None = None
    zip_bytes = b""
    if kind == "portability":
        zip_bytes = portability_zip_bytes(ctx, today)
        attachment = pdf.with_name(portability_zip_name(ctx.request.ref))
    try:
        _write_atomically(pdf, pdf_bytes)
        if attachment is not None:
            _write_atomically(attachment, zip_bytes)
    except OSError as exc:
        raise LetterError(
            f"Could not save the letter to {pdf.parent}: {exc.strerror or exc}. "
            "Nothing was archived; free some space or choose another folder (EKKO_LETTERS)."
        ) from exc
    row = archive.record_letter(
        archive.NewLetter(
            request_id=request_id,
            kind=kind,
            path=str(pdf),
            sha256=hashlib.sha256(pdf_bytes).hexdigest(),
            pages=pages,
            size_bytes=len(pdf_bytes),
            free_texts={k: v for k, v in free_texts.items() if v},
            attachment_path=str(attachment) if attachment else None,
            attachment_sha256=hashlib.sha256(zip_bytes).hexdigest() if attachment else None,
        ),
        now=now,
        actor=actor,
    )
    return Generated(row, letter, pdf, attachment)
