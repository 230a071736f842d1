"""The breach register's Art. 34 letters: archive one (its PDF inside the encrypted
database), mark it printed or sent, note a saved copy, and drop a person's letters on erasure.
Re-exported by `store/breaches.py`."""

from __future__ import annotations

from datetime import datetime

from ekko_tui.domain import breaches as br
from ekko_tui.domain.requests import ValidationError
from ekko_tui.store.breach_models import Breach, BreachLetter
from ekko_tui.store.breach_queries import EVENT_PREFIX, _get
from ekko_tui.store.requests import log_event, write
from ekko_tui.store.times import to_db


def _log(b: Breach, what: str, *, now: datetime, actor: str) -> None:
    log_event(None, f"{EVENT_PREFIX}", f"{b.ref}: {what}", now=now, actor=actor)


def record_letter(
    ref: str,
    subject_id: int | None,
    *,
    pdf: bytes,
    sha256: str,
    pages: int,
    size_bytes: int,
    now: datetime,
    actor: str,
    lang: str = "nb",
) -> int:
    """Archive a generated Art. 34 letter (its PDF, inside the encrypted database) with its
    checksum; the event says when it was written in English."""
    with write():
        b = _get(ref)
        letter = BreachLetter.create(
            breach=b.id,
            subject=subject_id,
            pdf=pdf,
            sha256=sha256,
            pages=pages,
            size_bytes=size_bytes,
            generated_at=to_db(now),
            generated_by=actor,
        )
        who = f"subject #{subject_id}" if subject_id else "the people affected"
        in_english = " (in English)" if lang == "en" else ""
        _log(b, f"Art. 34 letter #{letter.id} to {who} archived{in_english}", now=now, actor=actor)
    return int(letter.id)


def mark_letter(
    letter_id: int, *, printed_how: str = "", sent_how: str = "", now: datetime, actor: str
) -> None:
    """Mark an archived letter printed (printer and job) or sent (how)."""
    with write():
        letter = BreachLetter.get_or_none(BreachLetter.id == letter_id)
        if letter is None:
            raise ValidationError("letter", f"Letter #{letter_id} does not exist.")
        b = Breach.get_by_id(letter.breach_id)
        if printed_how:
            letter.printed_at, letter.printed_how = to_db(now), printed_how
            _log(b, f"Art. 34 letter #{letter_id} printed", now=now, actor=actor)
        if sent_how:
            method = br.check_choice(sent_how, br.NOTICE_METHODS, "how")
            if letter.sent_at is not None:
                raise ValidationError("letter", f"Letter #{letter_id} is marked sent already.")
            letter.sent_at, letter.sent_how = to_db(now), method
            _log(b, f"Art. 34 letter #{letter_id} sent by {method}", now=now, actor=actor)
        letter.save()


def record_saved_copy(letter_id: int, path: str, *, now: datetime, actor: str) -> None:
    """Note where the user saved a copy of an archived letter (erasure names it)."""
    with write():
        letter = BreachLetter.get_or_none(BreachLetter.id == letter_id)
        if letter is None:
            raise ValidationError("letter", f"Letter #{letter_id} does not exist.")
        letter.path = path
        letter.save()
        _log(
            Breach.get_by_id(letter.breach_id),
            f"Art. 34 letter #{letter_id} copy saved",
            now=now,
            actor=actor,
        )


def erase_subject_letters(subject_id: int) -> int:
    """Erasure: drop the stored Art. 34 letters to a person (they hold name and address);
    the row stays, with its checksum, as the record that the notice was given."""
    return int(
        BreachLetter.update(pdf=None, path="").where(BreachLetter.subject == subject_id).execute()
    )
