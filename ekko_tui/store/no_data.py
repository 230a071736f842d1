"""Before a "we hold no data on you" access answer: the subjects that might be the requester
after all (same name, or one of the requester's e-mails or phones) and are not linked to the
request, and the recorded confirmation that none of them is the person (in the audit trail)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ekko_tui.domain import subjects as ds
from ekko_tui.domain.requests import ValidationError
from ekko_tui.store.models import Event, Request
from ekko_tui.store.requests import log_event, write
from ekko_tui.store.subject_models import Identifier, Subject
from ekko_tui.store.subject_queries import SubjectBrief, briefs
from ekko_tui.store.subjects import matches

CONFIRMED = "no_match_confirmed"
_IDS = re.compile(r"#(\d+)")


@dataclass(frozen=True)
class Candidate:
    """A subject that might be the requester, and why."""

    subject: SubjectBrief
    matched_by: tuple[str, ...]  # "name", "e-mail", "phone"

    def line(self) -> str:
        """`#3 Bjørn Håland (kajabi, stripe): same e-mail` (user text: escape before markup)."""
        systems = f" ({', '.join(self.subject.systems)})" if self.subject.systems else ""
        name = self.subject.name or "(no name)"
        return f"#{self.subject.id} {name}{systems}: same {' and '.join(self.matched_by)}"


def _contacts(text: str) -> list[tuple[str, str]]:
    out = []
    for kind, normalise in (("email", ds.normalize_email), ("phone", ds.normalize_phone)):
        try:
            out.append((kind, normalise(text)))
        except ds.IdentifierError:
            continue
    return out


def requester_candidates(request_id: int) -> tuple[Candidate, ...]:
    """Subjects not linked to the request whose name is the requester's, or who share an
    e-mail or phone with the requester (the sender's contact, and the linked subject's own)."""
    req = Request.get_or_none(Request.id == request_id)
    if req is None:
        raise ValidationError("request", f"Request #{request_id} does not exist.")
    contacts = set(_contacts(req.requester_contact))
    if req.subject_id is not None:
        contacts |= {
            (i.kind, i.value)
            for i in Identifier.select(Identifier.kind, Identifier.value).where(
                Identifier.subject == req.subject_id, Identifier.kind.in_(("email", "phone"))
            )
        }
    why: dict[int, list[str]] = {}
    for kind, value in sorted(contacts):
        for sid in matches(kind, value):
            label = "e-mail" if kind == "email" else "phone"
            if label not in why.setdefault(sid, []):
                why[sid].append(label)
    names = {req.requester_name}
    if req.subject_id is not None:
        linked = Subject.get_or_none(Subject.id == req.subject_id)
        if linked is not None:
            names.add(linked.name)
    for name in names:
        key = ds.name_key(name) if name else ""
        for sid in matches("name", key) if key else []:
            why.setdefault(sid, [])
            if "name" not in why[sid]:
                why[sid].insert(0, "name")
    if req.subject_id is not None:
        why.pop(req.subject_id, None)  # the linked subject is the person, not a candidate
    found = {b.id: b for b in briefs(sorted(why))}
    return tuple(Candidate(found[s], tuple(why[s])) for s in sorted(why) if s in found)


def confirmed_not_the_person(request_id: int) -> set[int]:
    """The subjects recorded (in the audit trail) as not being this request's requester."""
    out: set[int] = set()
    for event in Event.select(Event.detail).where(
        Event.request == request_id, Event.kind == CONFIRMED
    ):
        out |= {int(n) for n in _IDS.findall(event.detail)}
    return out


def open_candidates(request_id: int) -> tuple[Candidate, ...]:
    """The candidates not yet confirmed as someone else: a no-data answer waits for them."""
    done = confirmed_not_the_person(request_id)
    return tuple(c for c in requester_candidates(request_id) if c.subject.id not in done)


def confirm_none_is_the_person(request_id: int, *, now: datetime, actor: str) -> int:
    """Record that none of the open candidates is the requester (an audit event naming their
    subject ids, no personal data); returns how many were confirmed."""
    with write():
        pending = open_candidates(request_id)
        if not pending:
            return 0
        ids = ", ".join(f"#{c.subject.id}" for c in pending)
        log_event(
            request_id,
            CONFIRMED,
            f"Checked before a no-data answer: none of subjects {ids} is the requester",
            now=now,
            actor=actor,
        )
    return len(pending)
