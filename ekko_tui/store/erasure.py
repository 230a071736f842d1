"""Erasure that erases (Art. 17): the subject, their identifiers, holdings and search index
rows, the personal data of their requests, notes and letter copies; what bokføringsloven § 13
requires is kept (restricted, with its end date), Art. 19 notices are recorded, a salted hash
of each e-mail and phone goes on the suppression list, and an audit event names only
references. Afterwards the database file, its WAL and its search index hold no trace."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import peewee as pw

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain import subjects as ds
from ekko_tui.domain.requests import ValidationError
from ekko_tui.domain.retention import keep_until
from ekko_tui.store.breaches import erase_subject_letters
from ekko_tui.store.db import StoreError, db, translate_operational
from ekko_tui.store.letters import Letter, LetterFile
from ekko_tui.store.models import (
    ErasureNotice,
    Note,
    Pause,
    Request,
    RetainedRecord,
    Setting,
    Suppression,
)
from ekko_tui.store.registers import processor_by_system
from ekko_tui.store.requests import log_event, write
from ekko_tui.store.subject_index import purge_search_index, unindex_subjects
from ekko_tui.store.subject_models import Holding, Identifier, Subject
from ekko_tui.store.times import from_db

# Systems whose records are accounting documentation (bokføringsloven § 13): kept, restricted.
# The exports carry no document dates: the date counted from is the last import that still
# held the record (later than the real bilag date, so never too short; say so in the letter).
BOOKKEEPING = {
    "fiken": "Fakturaer og kundeopplysninger i regnskapet (Fiken; dato: sist sett i import)",
    "stripe": "Betalinger, bilag for regnskapet (Stripe; dato: sist sett i import)",
}
SALT_KEY = "suppression.salt"
# Reasons are a fixed vocabulary: they go into the hash-chained event, which is never erased.
REASON_REQUEST = "erasure (Art. 17)"
REASON_RESTORE = "erased earlier; applied again after a restore"


@dataclass(frozen=True)
class KeptPlan:
    system: str
    external_id: str
    description: str
    document_date: date
    kept_until: date


@dataclass(frozen=True)
class ErasurePlan:
    """What erasing one subject does (shown before, and reported after)."""

    subject_id: int
    name: str
    identifiers: int
    systems: tuple[str, ...]
    requests: tuple[str, ...]  # references whose personal data is removed
    letters: int  # stored letter copies deleted
    kept: tuple[KeptPlan, ...]
    notify: tuple[str, ...]  # recipients to tell (Art. 19)
    unsent_letters: int = 0  # letters not marked sent: erasure is refused while there are any

    def refusal(self) -> str | None:
        """Why this erasure cannot be done now (checked before asking and again when erasing)."""
        if not self.unsent_letters:
            return None
        return (
            f"{self.unsent_letters} letter(s) of this person are not marked sent, and erasure "
            "deletes their stored copies: send the confirmation first and mark it sent (ctrl+l "
            "in the letter screen), then erase."
        )


def describe(plan: ErasurePlan) -> str:
    """The plan in plain words (references and systems; no personal data)."""
    kept = [f"{k.description}: kept until {k.kept_until}, restricted" for k in plan.kept]
    lines = [
        f"Subject #{plan.subject_id}: {plan.identifiers} identifier(s)",
        f"Holdings in: {', '.join(plan.systems) or 'no system'}",
        f"Requests whose personal data goes: {', '.join(plan.requests) or 'none'}",
        f"Stored letter copies deleted: {plan.letters}",
        *(kept or ["Nothing must be kept for bookkeeping."]),
        f"Recipients to notify (Art. 19): {', '.join(plan.notify) or 'none'}",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- finding the subject


def find_subject(text: str) -> int:
    """The subject an e-mail, a phone number or a subject id (`12`, `#12`) names."""
    raw = text.strip()
    if raw.lstrip("#").isdigit() and len(raw.lstrip("#")) < 8:
        sid = int(raw.lstrip("#"))
        if Subject.get_or_none(Subject.id == sid) is None:
            raise ValidationError("subject", f"There is no subject #{sid}.")
        return sid
    try:
        kind, value = (
            ("email", ds.normalize_email(raw))
            if "@" in raw
            else (
                "phone",
                ds.normalize_phone(raw),
            )
        )
    except ds.IdentifierError as exc:
        raise ValidationError(
            "subject", f"{raw!r} is neither an e-mail, a phone number nor a subject id ({exc})."
        ) from exc
    ids = sorted(
        {
            i.subject_id
            for i in Identifier.select(Identifier.subject).where(
                Identifier.kind == kind, Identifier.value == value
            )
        }
    )
    if not ids:
        raise ValidationError("subject", f"No subject has the {kind} {raw}.")
    if len(ids) > 1:
        listed = ", ".join(f"#{i}" for i in ids)
        raise ValidationError(
            "subject", f"{len(ids)} subjects have the {kind} {raw} ({listed}): name one by its id."
        )
    return ids[0]


# ---------------------------------------------------------------- the plan


def _requests_of(subject_id: int, extra: int | None) -> list[Request]:
    query = Request.select().where(Request.subject_id == subject_id)
    found = {r.id: r for r in query}
    if extra is not None and extra not in found:
        req = Request.get_or_none(Request.id == extra)
        if req is not None:
            found[req.id] = req
    return [found[k] for k in sorted(found)]


def plan_erasure(subject_id: int, today: date, *, request_id: int | None = None) -> ErasurePlan:
    """What erasing this subject would remove, keep and notify."""
    subject = Subject.get_or_none(Subject.id == subject_id)
    if subject is None:
        raise ValidationError("subject", f"There is no subject #{subject_id}.")
    holdings = list(Holding.select().where(Holding.subject == subject_id).order_by(Holding.system))
    kept = tuple(
        KeptPlan(
            h.system,
            h.external_id,
            BOOKKEEPING[h.system],
            dl.oslo_date(from_db(h.last_seen)),
            keep_until(dl.oslo_date(from_db(h.last_seen))),
        )
        for h in holdings
        if h.system in BOOKKEEPING
    )
    systems = tuple(dict.fromkeys(h.system for h in holdings))
    notify = tuple(
        dict.fromkeys(p.name for system in systems for p in processor_by_system(system, today))
    )
    requests = _requests_of(subject_id, request_id)
    letters = (
        Letter.select()
        .where(
            Letter.request.in_([r.id for r in requests]),
            (Letter.path != "") | Letter.id.in_(LetterFile.select(LetterFile.letter)),
        )
        .count()
        if requests
        else 0
    )
    return ErasurePlan(
        subject_id=subject_id,
        name=subject.name,
        identifiers=Identifier.select().where(Identifier.subject == subject_id).count(),
        systems=systems,
        requests=tuple(r.ref for r in requests),
        letters=letters,
        kept=kept,
        notify=notify,
        unsent_letters=(
            Letter.select(Letter.id)
            .where(Letter.request.in_([r.id for r in requests]), Letter.sent_at.is_null())
            .count()
            if requests
            else 0
        ),
    )


# ---------------------------------------------------------------- suppression


def _salt() -> str:
    row = Setting.get_or_none(Setting.key == SALT_KEY)
    if row is None:
        row = Setting.create(key=SALT_KEY, value=secrets.token_hex(16))
    return str(row.value)


def _digest(salt: str, kind: str, value: str) -> str:
    return hashlib.sha256(f"{salt}:{kind}:{value}".encode()).hexdigest()


def suppression_digest(kind: str, value: str) -> str:
    """Salted SHA-256 of a normalised e-mail or phone (the salt is this database's own)."""
    return _digest(_salt(), kind, value)


def suppression_index() -> Callable[[str, str], Suppression | None] | None:
    """A lookup (kind, normalised value) → the suppression entry, read in two queries;
    None when nobody was ever erased (imports then skip the check)."""
    entries = {(s.kind, s.digest): s for s in Suppression.select()}
    if not entries:
        return None
    salt = _salt()
    return lambda kind, value: entries.get((kind, _digest(salt, kind, value)))


# ---------------------------------------------------------------- erasing


def erase_subject(
    subject_id: int,
    *,
    reason: str,
    now: datetime,
    actor: str,
    request_id: int | None = None,
) -> ErasurePlan:
    """Erase the subject in one transaction, then remove letter files and compact the file."""
    today = now.astimezone(dl.OSLO).date()
    at = now.astimezone(UTC).replace(tzinfo=None)
    files: list[Path] = []
    with write():
        plan = plan_erasure(subject_id, today, request_id=request_id)
        requests = _requests_of(subject_id, request_id)
        refusal = plan.refusal()
        if refusal:
            raise ValidationError("letters", refusal)
        ref = next((r.ref for r in requests if r.id == request_id), "")
        for ident in Identifier.select().where(
            Identifier.subject == subject_id, Identifier.kind.in_(("email", "phone"))
        ):
            digest = suppression_digest(ident.kind, ident.value)
            if (
                not Suppression.select()
                .where(Suppression.kind == ident.kind, Suppression.digest == digest)
                .exists()
            ):
                Suppression.create(
                    kind=ident.kind, digest=digest, added_on=today, reason=reason, request_ref=ref
                )
        for k in plan.kept:
            RetainedRecord.create(
                request_ref=ref,
                system=k.system,
                external_id=k.external_id,
                description=k.description,
                document_date=k.document_date,
                kept_until=k.kept_until,
                created_at=at,
            )
        for name in plan.notify:
            ErasureNotice.create(request_ref=ref, processor=name, created_at=at)
        ids = [r.id for r in requests]
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
        unindex_subjects([subject_id])
        erase_subject_letters(subject_id)  # Art. 34 letters: name and address
        Subject.delete().where(Subject.id == subject_id).execute()  # identifiers, holdings …
        kept = "; ".join(f"{k.system} kept until {k.kept_until}" for k in plan.kept)
        log_event(
            request_id,
            "erased",
            f"Subject #{subject_id} erased ({reason}): {plan.identifiers} identifiers, holdings "
            f"in {', '.join(plan.systems) or 'no system'}, "
            f"requests {', '.join(plan.requests) or '–'}, {plan.letters} letter copies; "
            f"{kept or 'nothing kept'}; "
            f"{len(plan.notify)} recipient(s) to notify (Art. 19)",
            now=now,
            actor=actor,
        )
    for path in files:
        path.unlink(missing_ok=True)
    compact()
    return plan


def compact() -> None:
    """Leave no trace of deleted rows: merge the search index, rewrite the file, empty the WAL.

    The erasure itself is already committed; if this fails (a full disk: VACUUM needs room for
    a copy), the message says so and `ekko erase --compact` finishes it later."""
    try:
        purge_search_index()
        db.execute_sql("VACUUM")
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except pw.OperationalError as exc:
        cause = translate_operational(exc)
        raise StoreError(
            "The erasure is saved, but the file could not be compacted yet "
            f"({cause or exc}): deleted data may linger in free pages until "
            "`ekko erase --compact` succeeds."
        ) from exc


# ---------------------------------------------------------------- records kept by law


@dataclass(frozen=True)
class RetainedRow:
    """A record an erasure kept (bokføringsloven § 13), as the letters cite it."""

    system: str
    description: str
    document_date: date
    kind: str


def retained_records(request_ref: str) -> tuple[RetainedRow, ...]:
    """The records the erasure done for one request kept, in the order it kept them."""
    query = (
        RetainedRecord.select()
        .where(RetainedRecord.request_ref == request_ref)
        .order_by(RetainedRecord.id)
    )
    return tuple(RetainedRow(r.system, r.description, r.document_date, r.kind) for r in query)


# ---------------------------------------------------------------- Art. 19 notices


@dataclass(frozen=True)
class NoticeRow:
    id: int
    request_ref: str
    processor: str
    notified_on: date | None


def notices(request_ref: str | None = None) -> tuple[NoticeRow, ...]:
    """The Art. 19 notices owed or given, of one request or all."""
    query = ErasureNotice.select().order_by(ErasureNotice.id)
    if request_ref is not None:
        query = query.where(ErasureNotice.request_ref == request_ref)
    return tuple(NoticeRow(n.id, n.request_ref, n.processor, n.notified_on) for n in query)


def mark_notified(request_ref: str, on: date, *, now: datetime, actor: str) -> int:
    """Record that every pending notice of this request went out on `on`; returns how many."""
    if on > now.astimezone(dl.OSLO).date():
        raise ValidationError("notified_on", "The notices cannot have gone out in the future.")
    with write():
        pending = ErasureNotice.update(notified_on=on).where(
            ErasureNotice.request_ref == request_ref, ErasureNotice.notified_on.is_null()
        )
        count = pending.execute()
        if count:
            rid = Request.select(Request.id).where(Request.ref == request_ref).scalar()
            log_event(
                rid,
                "notified",
                f"{count} recipient(s) told of the erasure on {on:%Y-%m-%d} (Art. 19)",
                now=now,
                actor=actor,
            )
    return int(count)


# ---------------------------------------------------------------- restores


@dataclass(frozen=True)
class SuppressionList:
    """The suppression entries and salt of a database, carried across a restore."""

    salt: str
    entries: tuple[tuple[str, str, date, str, str], ...]  # kind, digest, added_on, reason, ref


def read_suppressions() -> SuppressionList:
    """The open database's suppression list."""
    salt_row = Setting.get_or_none(Setting.key == SALT_KEY)
    return SuppressionList(
        salt=str(salt_row.value) if salt_row else "",
        entries=tuple(
            (s.kind, s.digest, s.added_on, s.reason, s.request_ref) for s in Suppression.select()
        ),
    )


def reapply_suppressions(carried: SuppressionList, *, now: datetime, actor: str) -> int:
    """After a restore: bring back the newer suppression list and erase again anyone on it
    who the restored file still holds. Returns how many subjects were erased again."""
    if not carried.entries:
        return 0
    with write():
        mine = Setting.get_or_none(Setting.key == SALT_KEY)
        if mine is None:
            Setting.create(key=SALT_KEY, value=carried.salt)
        elif mine.value != carried.salt:
            raise ValidationError(
                "restore",
                "The restored file is another database (its suppression salt differs): erased "
                "people cannot be matched in it. Check it before importing anything.",
            )
        for kind, digest, added_on, reason, ref in carried.entries:
            if (
                not Suppression.select()
                .where(Suppression.kind == kind, Suppression.digest == digest)
                .exists()
            ):
                Suppression.create(
                    kind=kind, digest=digest, added_on=added_on, reason=reason, request_ref=ref
                )
    digests = {(kind, digest) for kind, digest, *_ in carried.entries}
    again = sorted(
        {
            i.subject_id
            for i in Identifier.select(Identifier.subject, Identifier.kind, Identifier.value).where(
                Identifier.kind.in_(("email", "phone"))
            )
            if (i.kind, suppression_digest(i.kind, i.value)) in digests
        }
    )
    for sid in again:
        erase_subject(sid, reason=REASON_RESTORE, now=now, actor=actor)
    return len(again)
