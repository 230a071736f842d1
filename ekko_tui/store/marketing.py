"""Objection to direct marketing (Art. 21(2)–(3)) and withdrawn consent (Art. 7(3)): when such
a request is granted, the person's e-mails and phones go on the suppression list (marketing
only: they stay a customer), their newsletter records are removed, and a later import of a
marketing list does not add them again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain import subjects as ds
from ekko_tui.domain.requests import ValidationError
from ekko_tui.store.models import ErasureNotice, Request
from ekko_tui.store.record_models import SubjectRecord
from ekko_tui.store.registers import processor_by_system
from ekko_tui.store.requests import log_event
from ekko_tui.store.subject_index import reindex_subjects
from ekko_tui.store.subject_models import Holding, Identifier
from ekko_tui.store.suppression import (
    MARKETING_SYSTEMS,
    REASON_CONSENT,
    REASON_OBJECTION,
    add_suppression,
    suppression_digest,
)

# Holding systems that exist only for marketing: removed on objection, filtered on import.
MARKETING_TYPES = ("objection", "withdraw_consent")


@dataclass(frozen=True)
class MarketingStop:
    """What granting an objection or a withdrawal of consent did."""

    suppressed: int  # e-mails and phones on the list (new or already there)
    removed: tuple[str, ...]  # "newsletter #12": holdings removed (system and subject id)
    notify: tuple[str, ...]  # processors of the removed holdings to tell (Art. 19)


def is_marketing_request(types: str) -> bool:
    """True for requests that object to marketing or withdraw consent."""
    return any(t in MARKETING_TYPES for t in types.split(","))


def _contact(text: str) -> tuple[str, str] | None:
    for kind, normalise in (("email", ds.normalize_email), ("phone", ds.normalize_phone)):
        try:
            return kind, normalise(text)
        except ds.IdentifierError:
            continue
    return None


def _person_contacts(req: Request) -> set[tuple[str, str]]:
    """The e-mails and phones of the person: the linked subject's and the sender's own."""
    found: set[tuple[str, str]] = set()
    if req.subject_id is not None:
        found |= {
            (i.kind, i.value)
            for i in Identifier.select(Identifier.kind, Identifier.value).where(
                Identifier.subject == req.subject_id, Identifier.kind.in_(("email", "phone"))
            )
        }
    own = _contact(req.requester_contact)
    if own is not None:
        found.add(own)
    return found


def stop_marketing(req: Request, *, now: datetime, actor: str) -> MarketingStop:
    """Do what the objection letter promises; runs inside the caller's transaction (closing
    the request as answered), so a failure leaves the request open and nothing written."""
    contacts = _person_contacts(req)
    if not contacts:
        raise ValidationError(
            "outcome",
            f"{req.ref} has no e-mail or phone to put on the suppression list: link it to the "
            "subject (s in the request detail) or correct the sender's contact, then close it.",
        )
    today = now.astimezone(dl.OSLO).date()
    types = req.types.split(",")
    reason = REASON_OBJECTION if "objection" in types else REASON_CONSENT
    for kind, value in sorted(contacts):
        add_suppression(
            kind, suppression_digest(kind, value), on=today, reason=reason, request_ref=req.ref
        )
    subjects = sorted(
        {
            i.subject_id
            for kind, value in contacts
            for i in Identifier.select(Identifier.subject).where(
                Identifier.kind == kind, Identifier.value == value
            )
        }
    )
    query = (
        Holding.select(Holding.id, Holding.subject, Holding.system)
        .where(Holding.subject.in_(subjects), Holding.system.in_(tuple(MARKETING_SYSTEMS)))
        .order_by(Holding.system, Holding.subject)
    )
    holdings = [(int(h.id), int(h.__data__["subject"]), str(h.system)) for h in query]
    removed = tuple(f"{system} #{sid}" for _, sid, system in holdings)
    systems = sorted({system for _, _, system in holdings})
    notify = tuple(dict.fromkeys(p.name for s in systems for p in processor_by_system(s, today)))
    records = (
        SubjectRecord.delete()
        .where(
            SubjectRecord.subject.in_(subjects),
            SubjectRecord.system.in_(tuple(MARKETING_SYSTEMS)),
        )
        .execute()
    )  # the newsletter's records and membership documents (issue 13's records)
    if holdings:
        Holding.delete().where(Holding.id.in_([hid for hid, _, _ in holdings])).execute()
        reindex_subjects(set(subjects))
    at = now.astimezone(UTC).replace(tzinfo=None)
    for name in notify:
        ErasureNotice.create(request_ref=req.ref, processor=name, created_at=at)
    log_event(
        req.id,
        "marketing_stopped",
        f"Marketing stopped ({reason}): {len(contacts)} e-mail/phone entr(y/ies) on the "
        f"suppression list, {len(holdings)} marketing holding(s) and {records} record(s) removed "
        f"({', '.join(systems) or 'none held'}); {len(notify)} recipient(s) to notify",
        now=now,
        actor=actor,
    )
    return MarketingStop(len(contacts), removed, notify)
