"""The letter archive: record generated letters, printing and sending; list them per request."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain import lifecycle as lc
from ekko_tui.domain.letters import LETTER_KINDS, SEND_METHODS
from ekko_tui.domain.requests import OPEN_STATUSES, ValidationError
from ekko_tui.store import requests as store
from ekko_tui.store.letter_migration import forget_migrated_files as forget_migrated_files
from ekko_tui.store.letter_migration import letters_dir as letters_dir
from ekko_tui.store.letter_models import Letter as Letter
from ekko_tui.store.letter_models import LetterFile as LetterFile
from ekko_tui.store.models import Request, Setting
from ekko_tui.store.times import from_db, to_db


@dataclass(frozen=True)
class ArchivedFile:
    """One stored file of a letter, checked against its SHA-256 when read."""

    role: str
    name: str
    sha256: str
    data: bytes


@dataclass(frozen=True)
class LetterRow:
    """One archived letter, as screens and the CLI show it."""

    id: int
    request_id: int
    ref: str
    kind: str
    path: str
    sha256: str
    pages: int
    size_bytes: int
    attachment_path: str | None
    attachment_sha256: str | None
    free_texts: dict[str, str]
    generated_at: datetime  # aware UTC
    printed_at: datetime | None
    printed_how: str
    sent_at: datetime | None
    sent_on: date | None
    sent_how: str

    @property
    def label(self) -> str:
        kind = LETTER_KINDS.get(self.kind)
        return kind.label if kind else self.kind


@dataclass(frozen=True)
class NewLetter:
    """A rendered letter, ready to be archived: its files go into the database; `path` and
    `attachment_path` say where the user asked for a copy on disk ("" / None: nowhere)."""

    request_id: int
    kind: str
    path: str
    sha256: str
    pages: int
    size_bytes: int
    free_texts: dict[str, str]
    attachment_path: str | None = None
    attachment_sha256: str | None = None
    files: tuple[ArchivedFile, ...] = ()


def _aware(moment: datetime | None) -> datetime | None:
    return from_db(moment) if moment else None


def _row(letter: Letter, ref: str) -> LetterRow:
    return LetterRow(
        id=letter.id,
        request_id=letter.request_id,
        ref=ref,
        kind=letter.kind,
        path=letter.path,
        sha256=letter.sha256,
        pages=letter.pages,
        size_bytes=letter.size_bytes,
        attachment_path=letter.attachment_path,
        attachment_sha256=letter.attachment_sha256,
        free_texts=json.loads(letter.free_texts or "{}"),
        generated_at=letter.generated_at.replace(tzinfo=UTC),
        printed_at=_aware(letter.printed_at),
        printed_how=letter.printed_how,
        sent_at=_aware(letter.sent_at),
        sent_on=letter.sent_on,
        sent_how=letter.sent_how,
    )


def _label(kind: str) -> str:
    return LETTER_KINDS[kind].label if kind in LETTER_KINDS else kind


def record_letter(new: NewLetter, *, now: datetime, actor: str) -> LetterRow:
    """Archive a generated letter and put it on the request's timeline."""
    if new.kind not in LETTER_KINDS:
        raise ValidationError("kind", f"Unknown letter kind {new.kind!r}.")
    with store.write():
        req = Request.get_or_none(Request.id == new.request_id)
        if req is None:
            raise ValidationError("request", f"Request #{new.request_id} does not exist.")
        letter = Letter.create(
            request=req.id,
            kind=new.kind,
            path=new.path,
            sha256=new.sha256,
            pages=new.pages,
            size_bytes=new.size_bytes,
            attachment_path=new.attachment_path,
            attachment_sha256=new.attachment_sha256,
            free_texts=json.dumps(new.free_texts, ensure_ascii=False, sort_keys=True),
            generated_at=to_db(now),
            generated_by=actor,
        )
        for file in new.files:
            if hashlib.sha256(file.data).hexdigest() != file.sha256:
                raise ValidationError("letter", f"The {file.role} does not match its SHA-256.")
            LetterFile.create(
                letter=letter.id,
                role=file.role,
                name=file.name,
                sha256=file.sha256,
                size_bytes=len(file.data),
                data=file.data,
            )
        if lc.after_work(req.status) != req.status:
            req.status = lc.after_work(req.status)
            req.save()
        extra = " + data files (ZIP)" if new.attachment_path else ""
        store.log_event(
            req.id,
            "letter",
            f"Letter #{letter.id} generated: {_label(new.kind)}, {new.pages} page(s){extra}; "
            f"SHA-256 {new.sha256[:12]}…",
            now=now,
            actor=actor,
        )
        return _row(letter, req.ref)


def _get(letter_id: int) -> tuple[Letter, Request]:
    letter = Letter.get_or_none(Letter.id == letter_id)
    if letter is None:
        raise ValidationError("letter", f"Letter #{letter_id} does not exist.")
    return letter, Request.get_by_id(letter.request_id)


def mark_printed(letter_id: int, how: str, *, now: datetime, actor: str) -> LetterRow:
    """Record that the letter was printed (printer and job id in `how`)."""
    with store.write():
        letter, req = _get(letter_id)
        letter.printed_at = to_db(now)
        letter.printed_how = how
        letter.save()
        store.log_event(
            req.id, "letter_printed", f"Letter #{letter.id} printed ({how})", now=now, actor=actor
        )
        return _row(letter, req.ref)


def mark_sent(
    letter_id: int,
    how: str,
    sent_on: date,
    *,
    close: bool = False,
    now: datetime,
    actor: str,
) -> LetterRow:
    """Record that the letter went out; with `close`, also do what sending it means.

    An answer closes the request with the matching outcome; a question for identity or
    clarification starts the pause; an extension notice records the extension. All in one
    transaction: if the follow-up is refused, nothing is stored.
    """
    if how not in SEND_METHODS:
        raise ValidationError("how", f"Say how it was sent: {', '.join(SEND_METHODS)}.")
    today = now.astimezone(dl.OSLO).date()
    if sent_on > today:
        raise ValidationError("sent_on", "The letter cannot have been sent in the future.")
    with store.write():
        letter, req = _get(letter_id)
        if letter.sent_at is not None:
            raise ValidationError("letter", f"Letter #{letter.id} is already marked as sent.")
        if sent_on < letter.generated_at.replace(tzinfo=UTC).astimezone(dl.OSLO).date():
            raise ValidationError("sent_on", "The letter cannot be sent before it was written.")
        letter.sent_at = to_db(now)
        letter.sent_on = sent_on
        letter.sent_how = how
        letter.save()
        store.log_event(
            req.id,
            "letter_sent",
            f"Letter #{letter.id} sent {sent_on:%Y-%m-%d} ({SEND_METHODS[how].lower()}): "
            f"{_label(letter.kind)}",
            now=now,
            actor=actor,
        )
        if close:
            _follow_up(letter, req, sent_on, now=now, actor=actor)
        return _row(letter, req.ref)


def _follow_up(letter: Letter, req: Request, sent_on: date, *, now: datetime, actor: str) -> None:
    kind = LETTER_KINDS[letter.kind]
    texts = json.loads(letter.free_texts or "{}")
    if kind.outcome:
        note = texts.get("reasons", "") if kind.outcome != "answered" else ""
        note = note or f"{kind.label} sent {sent_on:%Y-%m-%d} (letter #{letter.id})."
        store.close(req.id, kind.outcome, note, now=now, actor=actor)
    elif kind.starts_pause:
        store.start_pause(
            req.id,
            kind.starts_pause,
            sent_on,
            f"Letter #{letter.id} sent",
            now=now,
            actor=actor,
        )
    elif kind.extends and req.extended_on is None:
        if req.status not in OPEN_STATUSES:
            raise ValidationError("status", f"{req.ref} is closed: it cannot be extended.")
        store.extend(
            req.id,
            texts.get("reason_kind", "complexity"),
            texts.get("reasons", ""),
            sent_on,
            now=now,
            actor=actor,
        )


def letters_for_request(request_id: int) -> list[LetterRow]:
    """The request's letters, newest first (one query)."""
    query = (
        Letter.select(Letter, Request.id, Request.ref)
        .join(Request)
        .where(Letter.request == request_id)
        .order_by(Letter.generated_at.desc(), Letter.id.desc())
    )
    return [_row(letter, letter.request.ref) for letter in query]


def letters_for_requests(request_ids: list[int]) -> list[LetterRow]:
    """The letters of several requests (a subject's), newest first (one query)."""
    if not request_ids:
        return []
    query = (
        Letter.select(Letter, Request.id, Request.ref)
        .join(Request)
        .where(Letter.request.in_(request_ids))
        .order_by(Letter.generated_at.desc(), Letter.id.desc())
    )
    return [_row(letter, letter.request.ref) for letter in query]


def letter_by_id(letter_id: int) -> LetterRow | None:
    """One archived letter, or None."""
    letter = Letter.get_or_none(Letter.id == letter_id)
    if letter is None:
        return None
    return _row(letter, Request.get_by_id(letter.request_id).ref)


def letter_files(letter_id: int) -> tuple[ArchivedFile, ...]:
    """The stored files of a letter (PDF first), each checked against its SHA-256."""
    query = (
        LetterFile.select()
        .where(LetterFile.letter == letter_id)
        .order_by(LetterFile.role.desc())  # pdf before attachment
    )
    files = []
    for row in query:
        data = bytes(row.data)
        if hashlib.sha256(data).hexdigest() != row.sha256:
            raise ValidationError(
                "letter",
                f"The archived {row.role} of letter #{letter_id} does not match its SHA-256: "
                "the database was changed outside ekko. Restore a backup (ekko restore).",
            )
        files.append(ArchivedFile(row.role, row.name, row.sha256, data))
    return tuple(files)


def has_files(letter_ids: list[int]) -> set[int]:
    """Which of these letters have their files stored in the database."""
    if not letter_ids:
        return set()
    query = LetterFile.select(LetterFile.letter).where(LetterFile.letter.in_(letter_ids))
    return {row.letter_id for row in query}


def record_saved(
    letter_id: int, path: Path, attachment: Path | None, *, now: datetime, actor: str
) -> LetterRow:
    """Remember where the user saved a copy of an archived letter; the timeline says a copy
    was saved (not where: a path can name a person)."""
    with store.write():
        letter, req = _get(letter_id)
        letter.path = str(path)
        if attachment is not None:
            letter.attachment_path = str(attachment)
        letter.save()
        store.log_event(
            req.id, "letter_saved", f"Letter #{letter.id} saved as a file", now=now, actor=actor
        )
        return _row(letter, req.ref)


# The setting that remembers the printer chosen for letters (letter screen, breach papers, CLI).
PRINTER_SETTING = "printer"


def get_setting(key: str, default: str = "") -> str:
    """A stored setting (e.g. the printer), or `default`."""
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row else default


def set_setting(key: str, value: str, *, now: datetime, actor: str) -> None:
    """Store a setting; the event names the key, not the value."""
    with store.write():
        Setting.insert(key=key, value=value).on_conflict_replace().execute()
        store.log_event(None, "setting", f"Setting {key} changed", now=now, actor=actor)
