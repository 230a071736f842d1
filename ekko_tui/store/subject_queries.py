"""Read side of subjects: the subject card, a request's subject link, the register summary.

Search as you type is in `subject_search` (its names are re-exported here for older callers).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from ekko_tui.domain import subjects as ds
from ekko_tui.domain.deadlines import OSLO
from ekko_tui.store.models import Event, Request
from ekko_tui.store.subject_models import Identifier, Subject
from ekko_tui.store.subject_search import (
    COUNT_CAP,
    PAGE,
    SearchResult,
    SubjectHit,
    _in,
    _rows,
    _with_inbox,
    search_subjects,
)
from ekko_tui.store.times import from_db

__all__ = ["COUNT_CAP", "PAGE", "SearchResult", "SubjectHit", "search_subjects"]


# --- the subject card --------------------------------------------------------------------------


@dataclass(frozen=True)
class IdentifierRow:
    kind: str
    value: str
    system: str

    @property
    def shown(self) -> str:
        return ds.display(self.kind, self.value)


@dataclass(frozen=True)
class HoldingRow:
    system: str
    categories: tuple[str, ...]
    external_id: str
    first_seen: datetime  # aware UTC
    last_seen: datetime  # aware UTC
    import_id: int | None
    import_file: str


@dataclass(frozen=True)
class SubjectRequestRow:
    id: int
    ref: str
    received_at: datetime  # aware UTC
    types: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class SuggestionRow:
    id: int
    other_id: int
    other_name: str
    reason: str


@dataclass(frozen=True)
class SubjectCard:
    id: int
    name: str
    organisation: bool
    identifiers: tuple[IdentifierRow, ...]
    holdings: tuple[HoldingRow, ...]
    requests: tuple[SubjectRequestRow, ...]
    suggestions: tuple[SuggestionRow, ...]


def subject_card(subject_id: int) -> SubjectCard | None:
    """Everything ekko holds about one subject, in a fixed number of queries."""
    subject = Subject.get_or_none(Subject.id == subject_id)
    if subject is None:
        return None
    idents = tuple(
        IdentifierRow(i.kind, i.value, i.system)
        for i in Identifier.select()
        .where(Identifier.subject == subject_id)
        .order_by(Identifier.kind, Identifier.id)
    )
    order = list(ds.IDENTIFIER_KINDS)
    idents = tuple(sorted(idents, key=lambda r: order.index(r.kind) if r.kind in order else 99))
    holdings = tuple(
        HoldingRow(
            system,
            tuple(c for c in categories.split(",") if c),
            external_id,
            from_db(first),
            from_db(last),
            run_id,
            file_name or "",
        )
        for system, categories, external_id, first, last, run_id, file_name in _rows(
            "SELECT h.system, h.categories, h.external_id, h.first_seen, h.last_seen, "
            "h.import_run_id, r.file_name FROM holding h "
            "LEFT JOIN import_run r ON r.id = h.import_run_id "
            "WHERE h.subject_id = ? ORDER BY h.system, h.first_seen",
            (subject_id,),
        )
    )
    requests = tuple(
        SubjectRequestRow(r.id, r.ref, from_db(r.received_at), tuple(r.types.split(",")), r.status)
        for r in Request.select(
            Request.id, Request.ref, Request.received_at, Request.types, Request.status
        )
        .where(Request.subject_id == subject_id)
        .order_by(Request.received_at.desc())
    )
    pairs = _rows(
        "SELECT id, subject_id, other_id, reason FROM merge_suggestion "
        "WHERE (subject_id = ? OR other_id = ?) AND status = 'open' ORDER BY id",
        (subject_id, subject_id),
    )
    others = [b if a == subject_id else a for _, a, b, _ in pairs]
    names = dict(_rows(f"SELECT id, name FROM subject WHERE id IN ({_in(others)})", others))
    suggestions = tuple(
        SuggestionRow(sid, other, names.get(other, ""), reason)
        for (sid, _, _, reason), other in zip(pairs, others, strict=True)
    )
    return SubjectCard(
        subject.id, subject.name, subject.organisation, idents, holdings, requests, suggestions
    )


# --- a request's subject -------------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectBrief:
    id: int
    name: str
    systems: tuple[str, ...]


@dataclass(frozen=True)
class RequestSubjectInfo:
    """A request's subject link, how it came about, and who else might be the sender."""

    subject: SubjectBrief | None
    automatic: bool  # linked at intake by an exact e-mail/phone match
    candidates: tuple[SubjectBrief, ...]  # when not linked: exact contact or same-name matches
    candidates_by: str  # "e-mail", "phone", "name" or ""


def _briefs(ids: list[int]) -> tuple[SubjectBrief, ...]:
    if not ids:
        return ()
    names: dict[int, str] = dict(
        _rows(f"SELECT id, name FROM subject WHERE id IN ({_in(ids)})", ids)
    )
    systems: dict[int, list[str]] = defaultdict(list)
    for sid, system in _rows(
        f"SELECT DISTINCT subject_id, system FROM holding WHERE subject_id IN ({_in(ids)}) "
        "ORDER BY system",
        ids,
    ):
        systems[sid].append(system)
    requests = dict(
        _rows(
            f"SELECT subject_id, COUNT(*) FROM request WHERE subject_id IN ({_in(ids)}) "
            "GROUP BY subject_id",
            ids,
        )
    )
    return tuple(
        SubjectBrief(i, names[i], _with_inbox(systems[i], requests.get(i, 0)))
        for i in ids
        if i in names
    )


def briefs(ids: list[int]) -> tuple[SubjectBrief, ...]:
    """Name and systems of each subject (ids that no longer exist are left out)."""
    return _briefs(ids)


def request_subject(request_id: int) -> RequestSubjectInfo | None:
    """The subject side of one request, for its detail screen."""
    from ekko_tui.store.subjects import subjects_matching_contact, subjects_matching_name

    req = Request.get_or_none(Request.id == request_id)
    if req is None:
        return None
    if req.subject_id is not None:
        last = (
            Event.select(Event.kind)
            .where(
                Event.request == request_id,
                Event.kind.in_(["subject_auto_linked", "subject_linked", "subject_unlinked"]),
            )
            .order_by(Event.id.desc())
            .first()
        )
        brief = _briefs([req.subject_id])
        return RequestSubjectInfo(
            brief[0] if brief else None,
            last is not None and last.kind == "subject_auto_linked",
            (),
            "",
        )
    how, ids = subjects_matching_contact(req.requester_contact)
    by = {"email": "e-mail", "phone": "phone"}.get(how, "")
    if not ids:
        ids, by = subjects_matching_name(req.requester_name), "name"
    return RequestSubjectInfo(None, False, _briefs(ids[:10]), by if ids else "")


@dataclass(frozen=True)
class RegisterSummary:
    subjects: int
    last_import: str  # "kajabi_contacts.csv, 2026-11-25 11:00" (Europe/Oslo) or ""


def register_summary() -> RegisterSummary:
    """How many subjects the register holds, and the latest import."""
    count = _rows("SELECT count(*) FROM subject")[0][0]
    last = _rows("SELECT file_name, at FROM import_run ORDER BY at DESC, id DESC LIMIT 1")
    when = ""
    if last:
        name, at = last[0]
        when = f"{name}, {from_db(at).astimezone(OSLO):%Y-%m-%d %H:%M}"  # Oslo, like every time
    return RegisterSummary(count, when)
