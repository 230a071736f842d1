"""Store-side: build, render and archive a letter (the one path the TUI and the CLI share).

The archive lives inside the encrypted database: each letter's PDF (and a portability ZIP)
is stored with its SHA-256. A file is written only where the user asks (`ekko letter --out`,
"save as", a temporary file for printing), and only once the archive holds the letter, so a
letter whose archive write fails leaves no file behind.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ekko_tui.domain import deadlines as dl
from ekko_tui.files import staged_private_files, write_atomically
from ekko_tui.letters.builder import build_letter
from ekko_tui.letters.kinds import portability_zip_name
from ekko_tui.letters.model import LetterContext, LetterData, LetterError
from ekko_tui.letters.portability import portability_zip_bytes
from ekko_tui.letters.render import render_pdf
from ekko_tui.services.letter_context import context_for_request
from ekko_tui.store import letters as archive
from ekko_tui.store.letters import ArchivedFile


@dataclass(frozen=True)
class Rendered:
    """The files of one letter, in memory (no database, no disk)."""

    pdf_name: str
    pdf: bytes
    pages: int
    attachment_name: str | None = None
    attachment: bytes | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()

    @property
    def attachment_sha256(self) -> str | None:
        return hashlib.sha256(self.attachment).hexdigest() if self.attachment is not None else None

    def files(self) -> tuple[ArchivedFile, ...]:
        out = [ArchivedFile("pdf", self.pdf_name, self.sha256, self.pdf)]
        if self.attachment is not None and self.attachment_name:
            out.append(
                ArchivedFile(
                    "attachment",
                    self.attachment_name,
                    self.attachment_sha256 or "",
                    self.attachment,
                )
            )
        return tuple(out)


@dataclass(frozen=True)
class Generated:
    row: archive.LetterRow
    letter: LetterData
    pdf: Path | None  # the file written where the user asked, if they did
    attachment: Path | None


def prepare(
    request_id: int, kind: str, free_texts: Mapping[str, str], today: date, lang: str = "nb"
) -> tuple[LetterContext, LetterData]:
    """Read the registers and build the letter (database, main thread); LetterError if not."""
    ctx = context_for_request(request_id, today)
    return ctx, build_letter(kind, ctx, today, free_texts, lang)


def file_name(ref: str, kind: str, now: datetime) -> str:
    """`2026-014-access-20261125-100000.pdf`: the name a saved copy is offered under."""
    stamp = now.astimezone(dl.OSLO).strftime("%Y%m%d-%H%M%S")
    return f"{ref}-{kind}-{stamp}.pdf"


def suggested_path(name: str, folder: str = "") -> Path:
    """Where "save as" proposes to write: `folder` (EKKO_LETTERS, from `Config`) if given,
    else the home folder."""
    folder = folder.strip()
    return (Path(folder).expanduser() if folder else Path.home()) / name


def render_files(
    letter: LetterData, ctx: LetterContext, name: str, *, invariant: bool = False
) -> Rendered:
    """Render the PDF (and the portability ZIP) in memory. Safe in a worker thread."""
    pdf, pages = render_pdf(letter, invariant=invariant)
    if letter.kind != "portability":
        return Rendered(name, pdf, pages)
    return Rendered(
        name,
        pdf,
        pages,
        portability_zip_name(ctx.request.ref),
        portability_zip_bytes(ctx, letter.date),
    )


def record(
    request_id: int,
    kind: str,
    free_texts: Mapping[str, str],
    rendered: Rendered,
    *,
    now: datetime,
    actor: str,
    saved: tuple[Path, Path | None] | None = None,
) -> archive.LetterRow:
    """Archive the rendered files in the database with their checksums; the request's
    timeline shows it. `saved`: where copies are being written at the user's request."""
    return archive.record_letter(
        archive.NewLetter(
            request_id=request_id,
            kind=kind,
            path=str(saved[0]) if saved else "",
            sha256=rendered.sha256,
            pages=rendered.pages,
            size_bytes=len(rendered.pdf),
            free_texts={k: v for k, v in free_texts.items() if v},
            attachment_path=str(saved[1]) if saved and saved[1] else None,
            attachment_sha256=rendered.attachment_sha256,
            files=rendered.files(),
        ),
        now=now,
        actor=actor,
    )


def _targets(rendered: Rendered, out: Path) -> list[tuple[Path, bytes]]:
    files = [(out, rendered.pdf)]
    if rendered.attachment is not None and rendered.attachment_name:
        files.append((out.with_name(rendered.attachment_name), rendered.attachment))
    return files


def generate(
    request_id: int,
    kind: str,
    free_texts: Mapping[str, str],
    *,
    now: datetime,
    actor: str,
    out: Path | None = None,
    invariant: bool = False,
    lang: str = "nb",
) -> Generated:
    """Build, render and archive in one go (the CLI's path); with `out`, also save a copy
    there (and the ZIP beside it), put in place only once the archive holds the letter."""
    today: date = now.astimezone(dl.OSLO).date()
    ctx, letter = prepare(request_id, kind, free_texts, today, lang)
    name = out.name if out else file_name(ctx.request.ref, kind, now)
    rendered = render_files(letter, ctx, name, invariant=invariant)
    if out is None:
        row = record(request_id, kind, free_texts, rendered, now=now, actor=actor)
        return Generated(row, letter, None, None)
    targets = _targets(rendered, out.expanduser())
    attachment = targets[1][0] if len(targets) > 1 else None
    try:
        with staged_private_files(targets):
            row = record(
                request_id,
                kind,
                free_texts,
                rendered,
                now=now,
                actor=actor,
                saved=(targets[0][0], attachment),
            )
    except OSError as exc:
        raise LetterError(
            f"Could not save the letter to {out.parent}: {exc.strerror or exc}. "
            "Nothing was archived; free some space or choose another file."
        ) from exc
    return Generated(row, letter, targets[0][0], attachment)


def save_copy(letter_id: int, out: Path, *, now: datetime, actor: str) -> tuple[Path, ...]:
    """Write an archived letter's files where the user asked ("save as"); return the paths."""
    files = archive.letter_files(letter_id)
    if not files:
        raise LetterError(
            f"Letter #{letter_id} has no stored copy (it was erased, or archived by an older "
            "version whose file was missing or changed)."
        )
    out = out.expanduser()
    written: list[Path] = []
    try:
        for file in files:
            target = out if file.role == "pdf" else out.with_name(file.name)
            write_atomically(target, file.data)
            written.append(target)
    except OSError as exc:
        raise LetterError(
            f"Could not save letter #{letter_id} to {out.parent}: {exc.strerror or exc}."
        ) from exc
    archive.record_saved(
        letter_id, written[0], written[1] if len(written) > 1 else None, now=now, actor=actor
    )
    return tuple(written)


@contextmanager
def print_copy(pdf: bytes) -> Iterator[Path]:
    """A PDF in a private temporary file (0600) for `lp`, removed afterwards. Safe in a
    worker thread (no database)."""
    fd, name = tempfile.mkstemp(prefix="ekko-letter-", suffix=".pdf")
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pdf)
        yield path
    finally:
        path.unlink(missing_ok=True)


def archived_pdf(letter_id: int) -> bytes:
    """The archived PDF of a letter (main thread: reads the database); LetterError if none."""
    pdf = next((f for f in archive.letter_files(letter_id) if f.role == "pdf"), None)
    if pdf is None:
        raise LetterError(
            f"Letter #{letter_id} has no stored copy (it was erased, or archived by an older "
            "version whose file was missing or changed)."
        )
    return pdf.data
