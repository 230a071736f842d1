"""Store-side of the breach papers: gather the facts, render the PDFs, archive the letters
inside the encrypted database (the one path the TUI and the CLI share). A file is written
only where the user asks."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ekko_tui.domain.requests import ValidationError
from ekko_tui.files import write_atomically
from ekko_tui.letters.breach_letter_en import art34_letter_en
from ekko_tui.letters.breach_papers import BreachFacts, FilingFact, altinn_sheet, art34_letter
from ekko_tui.letters.model import Controller, LetterData, LetterError
from ekko_tui.letters.page_words import LANGUAGES
from ekko_tui.letters.render import render_pdf
from ekko_tui.services.letter_archive import file_name, suggested_path
from ekko_tui.services.letter_context import registers
from ekko_tui.store import breaches as store
from ekko_tui.store import subjects


def facts_of(ref: str) -> BreachFacts:
    """The stored breach as plain facts for the papers."""
    d = store.breach_detail(ref)
    f = d.fields
    return BreachFacts(
        ref=d.row.ref,
        aware_at=d.row.aware_at,
        source=d.source,
        summary=f["summary"],
        types=d.row.types,
        source_detail=f["source_detail"],
        source_at=d.source_at,
        occurred_from=d.occurred_from,
        occurred_to=d.occurred_to,
        cause=f["cause"],
        data_categories=f["data_categories"],
        activities=f["activities"],
        people_count=d.people_count,
        records_count=d.records_count,
        relationship=f["relationship"],
        data_location=f["data_location"],
        consequences=f["consequences"],
        risk=f["risk"],
        risk_reason=f["risk_reason"],
        decision=f["decision"],
        decision_reason=f["decision_reason"],
        notified_at=d.row.notified_at,
        altinn_ref=f["altinn_ref"],
        delay_reason=f["delay_reason"],
        people_notice_at=d.people_notice_at,
        people_notice_how=f["people_notice_how"],
        people_notice_to=f["people_notice_to"],
        art34_ground=f["art34_ground"],
        art34_justification=f["art34_justification"],
        measures_taken=f["measures_taken"],
        measures_planned=f["measures_planned"],
        contact_person=f["contact_person"],
        filings=tuple(FilingFact(x.at, x.kind, x.reference, x.note) for x in d.filings),
    )


def controller(today: date) -> Controller:
    return registers(today)[0]


def sheet(ref: str, today: date) -> LetterData:
    """The Altinn fill-in sheet of one breach."""
    return altinn_sheet(facts_of(ref), controller(today), today)


def render(letter: LetterData, *, invariant: bool = False) -> tuple[bytes, str, int]:
    """The PDF in memory: (bytes, sha256, pages). Safe in a worker thread."""
    data, pages = render_pdf(letter, invariant=invariant)
    return data, hashlib.sha256(data).hexdigest(), pages


def save_file(data: bytes, target: Path) -> None:
    """Write a PDF where the user asked (0600); LetterError when it cannot be saved."""
    try:
        write_atomically(target, data)
    except OSError as exc:
        raise LetterError(f"Could not save {target}: {exc.strerror or exc}.", "out") from exc


def check_pdf_target(text: str) -> Path:
    """A file name ending in .pdf in a folder that exists."""
    path = Path(text.strip()).expanduser()
    if not text.strip() or path.is_dir() or path.suffix.lower() != ".pdf":
        raise ValidationError(
            "out", f"{text.strip() or 'nothing'}: give a file name ending in .pdf."
        )
    if not path.parent.is_dir():
        raise ValidationError("out", f"The folder {path.parent} does not exist: create it first.")
    return path


def default_target(ref: str, kind: str, now: datetime, folder: str = "") -> Path:
    """Where "save" proposes to write a paper: `folder` (EKKO_LETTERS) if given, else the
    home folder."""
    return suggested_path(file_name(ref, kind, now), folder)


def subject_name(subject_id: int) -> str:
    name = subjects.subject_name(subject_id)
    if name is None:
        raise ValidationError("subject", f"Subject #{subject_id} does not exist.")
    return name or f"subject #{subject_id}"


@dataclass(frozen=True)
class LetterDraft:
    """An Art. 34 letter to one person, built and ready to write."""

    ref: str
    subject_id: int | None
    letter: LetterData


def draft_letter(
    ref: str,
    subject_id: int | None,
    today: date,
    *,
    name: str = "",
    address: str = "",
    advice: str = "",
    lang: str = "nb",
) -> LetterDraft:
    """Build the letter to a linked subject (or to a named person when None), in bokmål or,
    on request, English."""
    if lang not in LANGUAGES:
        raise ValidationError("lang", f"{lang!r}: the letter is written in nb or en.")
    if subject_id is not None:
        linked = {s.id for s in store.breach_detail(ref).subjects}
        if subject_id not in linked:
            raise ValidationError(
                "subject", f"Subject #{subject_id} is not linked to {ref}: link them first."
            )
        name = name or subject_name(subject_id)
    if not name.strip():
        raise ValidationError("subject", "Name the person the letter goes to.")
    build = art34_letter_en if lang == "en" else art34_letter
    letter = build(
        facts_of(ref), controller(today), today, name=name.strip(), address=address, advice=advice
    )
    return LetterDraft(ref, subject_id, letter)


def archive_letter(
    draft: LetterDraft,
    *,
    now: datetime,
    actor: str,
    out: Path | None = None,
    invariant: bool = False,
) -> tuple[int, Path | None]:
    """Archive the PDF in the database with its checksum, then (only once it is archived)
    write a copy where the user asked; returns (letter id, the copy or None)."""
    data, sha, pages = render(draft.letter, invariant=invariant)
    letter_id = store.record_letter(
        draft.ref,
        draft.subject_id,
        pdf=data,
        sha256=sha,
        pages=pages,
        size_bytes=len(data),
        now=now,
        actor=actor,
        lang=draft.letter.lang,
    )
    if out is None:
        return letter_id, None
    save_file(data, out)
    store.record_saved_copy(letter_id, str(out), now=now, actor=actor)
    return letter_id, out
