"""Changes to subjects: identifier edits, merges, request links (imports: `subject_imports`).

Each public function is one `write()` transaction that also appends an event; event details
name what changed (ids, counts), never the personal data itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ekko_tui.domain import subjects as ds
from ekko_tui.domain.deadlines import OSLO
from ekko_tui.domain.requests import ValidationError
from ekko_tui.store.db import db
from ekko_tui.store.models import Request
from ekko_tui.store.requests import log_event, write
from ekko_tui.store.subject_index import reindex_subjects, unindex_subjects
from ekko_tui.store.subject_models import Holding, Identifier, MergeSuggestion, Subject
from ekko_tui.store.times import to_db


def identifier_key(kind: str, value: str) -> str:
    """What matching compares: a name folded (same name in any spelling), else the value."""
    return ds.name_key(value) if kind == "name" else value


def add_identifier(sid: int, kind: str, value: str, system: str, now: datetime) -> bool:
    """Add one identifier unless the subject has it; True if added."""
    exists = (
        Identifier.select(Identifier.id)
        .where(
            Identifier.subject == sid,
            Identifier.kind == kind,
            Identifier.value == value,
            Identifier.system == system,
        )
        .exists()
    )
    if exists:
        return False
    Identifier.create(
        subject=sid,
        kind=kind,
        value=value,
        key=identifier_key(kind, value),
        system=system,
        created_at=now,
    )
    return True


def matches(kind: str, key: str, system: str = "", limit: int = -1) -> list[int]:
    rows = db.execute_sql(
        "SELECT subject_id FROM identifier WHERE kind = ? AND key = ? AND system = ? "
        "ORDER BY id LIMIT ?",
        (kind, key, system, limit),
    ).fetchall()
    return [int(r[0]) for r in rows]


def suggest(a: int, b: int, reason: str, now: datetime) -> bool:
    """Record a possible duplicate pair (once per pair, in either order); True if new."""
    if a == b:
        return False
    lo, hi = sorted((a, b))
    exists = (
        MergeSuggestion.select()
        .where(MergeSuggestion.subject == lo, MergeSuggestion.other == hi)
        .exists()
    )
    if exists:
        return False
    MergeSuggestion.create(subject=lo, other=hi, reason=reason, created_at=now)
    return True


# --- editing, merging --------------------------------------------------------------------------


def _get_subject(subject_id: int) -> Subject:
    subject = Subject.get_or_none(Subject.id == subject_id)
    if subject is None:
        raise ValidationError("subject", f"Subject #{subject_id} does not exist.")
    return subject


def set_identifiers(
    subject_id: int,
    identifiers: Sequence[tuple[str, str, str]],
    *,
    now: datetime,
    actor: str,
) -> None:
    """Replace a subject's identifiers (kind, raw value, system) after normalising each."""
    today = now.astimezone(OSLO).date()
    clean: list[tuple[str, str, str]] = []
    for kind, raw, system in identifiers:
        if not raw.strip():
            continue
        try:
            value = ds.normalize(kind, raw, today)
        except ds.IdentifierError as exc:
            raise ValidationError(kind, f"{ds.IDENTIFIER_KINDS.get(kind, kind)}: {exc}.") from exc
        if kind == "external_id" and system not in ds.SYSTEMS:
            raise ValidationError(
                "external_id",
                f"Write external ids as system:id, with system one of {', '.join(ds.SYSTEMS)}.",
            )
        item = (kind, value, system if kind == "external_id" else "")
        if item not in clean:
            clean.append(item)
    if not clean:
        raise ValidationError("name", "A subject needs at least one identifier.")
    at = to_db(now)
    with write():
        subject = _get_subject(subject_id)
        old = set(
            Identifier.select(Identifier.kind, Identifier.value, Identifier.system)
            .where(Identifier.subject == subject_id)
            .tuples()
        )
        new = set(clean)
        if old == new:
            return
        for ident in Identifier.select().where(Identifier.subject == subject_id):
            if (ident.kind, ident.value, ident.system) not in new:
                ident.delete_instance()
        for kind, value, system in clean:
            if (kind, value, system) not in old:
                add_identifier(subject_id, kind, value, system, at)
        names = [v for k, v, _ in clean if k == "name"]
        subject.name = names[0] if names else ""
        subject.updated_at = at
        subject.save()
        reindex_subjects([subject_id])
        log_event(
            None,
            "subject_edited",
            f"Subject #{subject_id}: identifiers changed "
            f"({len(new - old)} added, {len(old - new)} removed)",
            now=now,
            actor=actor,
        )


def merge_subjects(keep_id: int, other_id: int, *, now: datetime, actor: str) -> None:
    """Move everything of `other` (identifiers, holdings, requests) onto `keep`; delete other."""
    if keep_id == other_id:
        raise ValidationError("subject", "A subject cannot be merged with itself.")
    at = to_db(now)
    with write():
        keep = _get_subject(keep_id)
        other = _get_subject(other_id)
        for ident in Identifier.select().where(Identifier.subject == other_id):
            add_identifier(keep_id, ident.kind, ident.value, ident.system, ident.created_at)
        for h in Holding.select().where(Holding.subject == other_id):
            mine = Holding.get_or_none(
                Holding.subject == keep_id,
                Holding.system == h.system,
                Holding.external_id == h.external_id,
            )
            if mine is None:
                Holding.update(subject=keep_id).where(Holding.id == h.id).execute()
                continue
            cats = [c for c in mine.categories.split(",") if c]
            cats += [c for c in h.categories.split(",") if c and c not in cats]
            mine.categories = ",".join(cats)
            mine.first_seen = min(mine.first_seen, h.first_seen)
            mine.last_seen = max(mine.last_seen, h.last_seen)
            mine.save()
        moved = Request.update(subject_id=keep_id).where(Request.subject_id == other_id).execute()
        # Their records and documents (0012) are the kept subject's now.
        db.execute_sql(
            "UPDATE subject_record SET subject_id = ? WHERE subject_id = ?", (keep_id, other_id)
        )
        if not keep.name:
            keep.name = other.name
        keep.organisation = keep.organisation and other.organisation
        keep.updated_at = at
        keep.save()
        # Suggestions pairing `other` with a third subject now concern `keep`.
        pairs = db.execute_sql(
            "SELECT subject_id, other_id, reason FROM merge_suggestion "
            "WHERE (subject_id = ? OR other_id = ?) AND status = 'open'",
            (other_id, other_id),
        ).fetchall()
        for a, b, reason in pairs:
            third = b if a == other_id else a
            if third != keep_id:
                suggest(keep_id, third, reason, at)
        unindex_subjects([other_id])
        other.delete_instance()  # its identifiers, holdings, suggestions go with it (cascade)
        reindex_subjects([keep_id])
        log_event(
            None,
            "subject_merged",
            f"Subject #{other_id} merged into #{keep_id} ({moved} request link(s) moved)",
            now=now,
            actor=actor,
        )


def dismiss_suggestion(suggestion_id: int, *, now: datetime, actor: str) -> None:
    """The pair are different people: keep the suggestion as dismissed so it never returns."""
    with write():
        s = MergeSuggestion.get_or_none(MergeSuggestion.id == suggestion_id)
        if s is None:
            raise ValidationError("suggestion", "That merge suggestion no longer exists.")
        s.status = "dismissed"
        s.save()
        pair = db.execute_sql(
            "SELECT subject_id, other_id FROM merge_suggestion WHERE id = ?", (suggestion_id,)
        ).fetchone()
        log_event(
            None,
            "merge_dismissed",
            f"Subjects #{pair[0]} and #{pair[1]} are different people",
            now=now,
            actor=actor,
        )


# --- request links -----------------------------------------------------------------------------


def subjects_matching_contact(contact: str) -> tuple[str, list[int]]:
    """Subjects whose e-mail or phone is exactly this contact: ("email"|"phone"|"", ids)."""
    try:
        return "email", list(dict.fromkeys(matches("email", ds.normalize_email(contact))))
    except ds.IdentifierError:
        pass
    try:
        return "phone", list(dict.fromkeys(matches("phone", ds.normalize_phone(contact))))
    except ds.IdentifierError:
        return "", []


def subjects_matching_name(name: str) -> list[int]:
    """Subjects with this exact name (folded): a hint, never proof."""
    key = ds.name_key(name)
    return list(dict.fromkeys(matches("name", key))) if key else []


def link_at_intake(request_id: int, *, now: datetime, actor: str) -> None:
    """Link a new request to the one subject its sender's e-mail/phone matches; else log hints.

    Runs inside the intake transaction. Several matches, or a match by name only, are
    offered in the request detail, never linked.
    """
    req = Request.get_by_id(request_id)
    how, ids = subjects_matching_contact(req.requester_contact)
    label = {"email": "e-mail", "phone": "phone"}.get(how, "")
    if len(ids) == 1:
        req.subject_id = ids[0]
        req.save()
        log_event(
            req.id,
            "subject_auto_linked",
            f"Linked to subject #{ids[0]} at intake: the sender's {label} matches exactly one "
            "subject (u in the request detail undoes it)",
            now=now,
            actor=actor,
        )
        return
    if len(ids) > 1:
        log_event(
            req.id,
            "subject_candidates",
            f"{len(ids)} subjects match the sender's {label}: not linked (choose with s)",
            now=now,
            actor=actor,
        )
        return
    by_name = subjects_matching_name(req.requester_name)
    if by_name:
        log_event(
            req.id,
            "subject_candidates",
            f"{len(by_name)} subject(s) have the sender's name, nothing else matches: "
            "not linked (find the subject with s in the request detail)",
            now=now,
            actor=actor,
        )


def link_request(request_id: int, subject_id: int | None, *, now: datetime, actor: str) -> None:
    """Link a request to a subject (or unlink it with None)."""
    with write():
        req = Request.get_or_none(Request.id == request_id)
        if req is None:
            raise ValidationError("request", f"Request #{request_id} does not exist.")
        if subject_id is not None:
            _get_subject(subject_id)
        if req.subject_id == subject_id:
            return
        previous = req.subject_id
        req.subject_id = subject_id
        req.save()
        if subject_id is None:
            log_event(
                req.id,
                "subject_unlinked",
                f"Unlinked from subject #{previous}",
                now=now,
                actor=actor,
            )
        else:
            log_event(
                req.id, "subject_linked", f"Linked to subject #{subject_id}", now=now, actor=actor
            )


def subject_name(subject_id: int) -> str | None:
    """The subject's name ('' when it has none), or None when there is no such subject."""
    row = Subject.get_or_none(Subject.id == subject_id)
    return None if row is None else str(row.name or "")
