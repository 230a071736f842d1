"""One intake for every e-mail: `ekko request add --eml`, `ekko mail fetch` and the TUI's fetch.

Parse → find the requester and receipt (domain.intake) → suggest the type (domain.type_words)
→ validate → store once per Message-ID, with the forward and the warnings on the timeline.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.eml import parse_eml
from ekko_tui.domain.intake import IntakeMail, forward_note, read_intake
from ekko_tui.domain.requests import (
    check_channel_contact,
    parse_received,
    validate_new_request,
)
from ekko_tui.domain.type_words import TypeSuggestion, suggest_types
from ekko_tui.store.mail_settings import own_addresses
from ekko_tui.store.models import Request
from ekko_tui.store.requests import DuplicateMessage, create_request, deadline_of


@dataclass(frozen=True)
class Overrides:
    """What the command line gives beside the e-mail: each wins over what the mail says."""

    types: str = ""
    channel: str = "email"
    contact: str = ""
    name: str = ""
    received: str = ""
    text: str = ""


@dataclass(frozen=True)
class IntakeResult:
    request_id: int
    ref: str
    deadline: date
    duplicate: bool  # the e-mail was already logged: nothing new was stored
    suggestion: TypeSuggestion | None  # None when the types were given
    warnings: tuple[str, ...]
    mail: IntakeMail | None


def message_key(message_id: str, raw: bytes) -> str:
    """The key that makes intake idempotent: the Message-ID, or a digest of the bytes."""
    message_id = message_id.strip()
    if message_id:
        return message_id[:500]
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def log_eml(
    raw: bytes, *, now: datetime, actor: str, overrides: Overrides | None = None
) -> IntakeResult:
    """Log the e-mail `raw` as a request (or find the one already logged for it).

    Raises EmlError (not a usable e-mail) or ValidationError (a bad override); nothing is
    stored then.
    """
    given = overrides or Overrides()
    mail = read_intake(
        parse_eml(raw), now=now, own_addresses=own_addresses(), requester_given=bool(given.contact)
    )
    key = message_key(mail.message_id, raw)
    existing = Request.get_or_none(Request.message_id == key)
    if existing is not None:
        return _duplicate(existing.id, existing.ref, now, mail)
    warnings = list(mail.warnings)
    if given.received:  # the command line always wins, validated as the form validates it
        received = parse_received(given.received, now=now)
    else:
        received = mail.received_at
        warnings.extend(mail.date_warnings)
    suggestion = None if given.types else suggest_types(mail.subject, mail.body)
    types = given.types or ",".join(suggestion.types if suggestion else ("other",))
    contact = given.contact or mail.requester_contact
    channel_warning = check_channel_contact(given.channel or "email", contact)
    if channel_warning:
        warnings.append(channel_warning)
    new = validate_new_request(
        received=received,
        channel=given.channel or "email",
        types=types,
        requester_name=given.name or mail.requester_name,
        requester_contact=contact,
        message=given.text or mail.message_text(),
        now=now,
    )
    notes = [forward_note(mail.forwarded)] if mail.forwarded else []
    try:
        req = create_request(
            new,
            now=now,
            actor=actor,
            message_id=key,
            intake_warning="\n".join(warnings),
            types_suggested=suggestion is not None,
            intake_notes=notes,
        )
    except DuplicateMessage as exc:  # another process logged it between our check and write
        return _duplicate(exc.request_id, exc.ref, now, mail)
    today = now.astimezone(dl.OSLO).date()
    return IntakeResult(
        req.id,
        req.ref,
        deadline_of(req, today).effective,
        False,
        suggestion,
        tuple(warnings),
        mail,
    )


def _duplicate(request_id: int, ref: str, now: datetime, mail: IntakeMail) -> IntakeResult:
    req = Request.get_by_id(request_id)
    today = now.astimezone(dl.OSLO).date()
    return IntakeResult(request_id, ref, deadline_of(req, today).effective, True, None, (), mail)
