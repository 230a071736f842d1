"""Store-side: build, write and archive a letter (the one path the TUI and the CLI share)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ekko_tui.domain import deadlines as dl
from ekko_tui.files import write_atomically
from ekko_tui.letters.builder import build_letter
from ekko_tui.letters.kinds import portability_zip_name
from ekko_tui.letters.model import LetterContext, LetterData, LetterError
from ekko_tui.letters.portability import portability_zip_bytes
from ekko_tui.letters.render import render_pdf
from ekko_tui.services.letter_context import context_for_request
from ekko_tui.store import letters as archive
from ekko_tui.store.db import db


def letters_dir() -> Path:
    """Where letters are saved: EKKO_LETTERS, else `letters/` beside the database file."""
    env = os.environ.get("EKKO_LETTERS", "").strip()
    if env:
        return Path(env).expanduser()
    return Path(db.database).expanduser().resolve().parent / "letters"


@dataclass(frozen=True)
class Written:
    """The files of one letter, written to disk (no database involved)."""

    pdf: Path
    sha256: str
    pages: int
    size_bytes: int
    attachment: Path | None = None
    attachment_sha256: str | None = None


@dataclass(frozen=True)
class Generated:
    row: archive.LetterRow
    letter: LetterData
    pdf: Path
    attachment: Path | None


def prepare(
    request_id: int, kind: str, free_texts: Mapping[str, str], today: date
) -> tuple[LetterContext, LetterData]:
    """Read the registers and build the letter (database, main thread); LetterError if not."""
    ctx = context_for_request(request_id, today)
    return ctx, build_letter(kind, ctx, today, free_texts)


def default_target(ref: str, kind: str, now: datetime) -> Path:
    """`letters/2026-014/2026-014-access-20261125-100000.pdf`."""
    stamp = now.astimezone(dl.OSLO).strftime("%Y%m%d-%H%M%S")
    return letters_dir() / ref / f"{ref}-{kind}-{stamp}.pdf"


def write_files(
    letter: LetterData, ctx: LetterContext, target: Path, *, invariant: bool = False
) -> Written:
    """Render and save the PDF (and the portability ZIP beside it). Safe in a worker thread."""
    pdf_bytes, pages = render_pdf(letter, invariant=invariant)
    attachment: Path | None = None
    zip_bytes = b""
    if letter.kind == "portability":
        zip_bytes = portability_zip_bytes(ctx, letter.date)
        attachment = target.with_name(portability_zip_name(ctx.request.ref))
    try:
        write_atomically(target, pdf_bytes)
        if attachment is not None:
            write_atomically(attachment, zip_bytes)
    except OSError as exc:
        raise LetterError(
            f"Could not save the letter to {target.parent}: {exc.strerror or exc}. "
            "Nothing was archived; free some space or choose another folder (EKKO_LETTERS)."
        ) from exc
    return Written(
        pdf=target,
        sha256=hashlib.sha256(pdf_bytes).hexdigest(),
        pages=pages,
        size_bytes=len(pdf_bytes),
        attachment=attachment,
        attachment_sha256=hashlib.sha256(zip_bytes).hexdigest() if attachment else None,
    )


def record(
    request_id: int,
    kind: str,
    free_texts: Mapping[str, str],
    written: Written,
    *,
    now: datetime,
    actor: str,
) -> archive.LetterRow:
    """Archive written files with their checksums; the request's timeline shows it."""
    return archive.record_letter(
        archive.NewLetter(
            request_id=request_id,
            kind=kind,
            path=str(written.pdf),
            sha256=written.sha256,
            pages=written.pages,
            size_bytes=written.size_bytes,
            free_texts={k: v for k, v in free_texts.items() if v},
            attachment_path=str(written.attachment) if written.attachment else None,
            attachment_sha256=written.attachment_sha256,
        ),
        now=now,
        actor=actor,
    )


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
    """Build, write and archive in one go (the CLI's path)."""
    today: date = now.astimezone(dl.OSLO).date()
    ctx, letter = prepare(request_id, kind, free_texts, today)
    target = out or default_target(ctx.request.ref, kind, now)
    written = write_files(letter, ctx, target, invariant=invariant)
    row = record(request_id, kind, free_texts, written, now=now, actor=actor)
    return Generated(row, letter, written.pdf, written.attachment)
