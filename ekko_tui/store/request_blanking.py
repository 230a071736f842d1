"""Blanking a request's personal data (Art. 17): the one copy of what an erasure removes from a
request, used by the subject erasure and by the retention sweep of closed requests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from ekko_tui.store.letters import Letter, LetterFile
from ekko_tui.store.models import Note, Pause, Request


def blank_requests(ids: Sequence[int], at: datetime) -> list[Path]:
    """Inside the caller's transaction: blank the requests' requester, contact, message,
    identity and outcome notes, delete their notes and archived letters (the rows stay, without
    their texts), unlink their subject and mark them erased at `at` (naive UTC). Returns the
    letter files on disk, for the caller to delete once the transaction is committed."""
    files: list[Path] = []
    for letter in Letter.select().where(Letter.request.in_(ids)):
        files += [Path(p) for p in (letter.path, letter.attachment_path) if p]
        LetterFile.delete().where(LetterFile.letter == letter.id).execute()
        letter.path, letter.attachment_path = "", None
        letter.free_texts = "{}"
        letter.save()
    Note.delete().where(Note.request.in_(ids)).execute()
    Pause.update(note="").where(Pause.request.in_(ids)).execute()
    Request.update(
        requester_name="",
        requester_contact="",
        message="",
        identity_method="",
        identity_evidence="",
        outcome_note="",
        extension_reason=None,
        intake_warning="",  # may quote the mail (migration 0009); Message-ID stays: no re-fetch
        subject_id=None,
        erased_at=at,
    ).where(Request.id.in_(ids)).execute()
    return files
