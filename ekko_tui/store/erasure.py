"""Erasure that erases (Art. 17): the subject, their identifiers, holdings and search index
rows, the personal data of their requests, notes and letter copies; what bokføringsloven § 13
requires is kept (restricted, with its end date), Art. 19 notices are recorded, a salted hash
of each e-mail and phone goes on the suppression list, and an audit event names only
references. Afterwards the database file, its WAL and its search index hold no trace."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

import peewee as pw

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain import subjects as ds
from ekko_tui.domain.requests import ValidationError
from ekko_tui.domain.retention import keep_until
from ekko_tui.store import audit, backup, keys
from ekko_tui.store.breaches import erase_subject_letters
from ekko_tui.store.db import StoreError, db, switched_to, translate_operational
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
    "fiken": "Fakturaer og kundeopplysninger i regnskapet (Fiken; siste registrerte dato)",
    "stripe": "Betalinger, bilag for regnskapet (Stripe; siste registrerte dato)",
}
SALT_KEY = "suppression.salt"  # only for entries written before 0007
KEYED = "hmac-sha256"
# Reasons are a fixed vocabulary: they go into the hash-chained event, which is never erased.
REASON_REQUEST = "erasure (Art. 17)"
REASON_RESTORE = "erased earlier; applied again after a restore"
REASON_BACKUP = "erased in the live database; applied to this backup"


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
    backups_known: int = 0  # backups ekko made and will erase the person from
    backups: tuple[BackupOutcome, ...] = field(default=())  # after erasing: each backup
    compaction: str = ""  # after erasing: why compaction is still pending ('' = done)
    unsent_letters: int = 0  # letters not marked sent: erasure is refused while there are any

    @property
    def complete(self) -> bool:
        """Erased everywhere ekko can reach: compacted, and gone from every backup."""
        return not self.compaction and all(b.erased for b in self.backups)

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
        f"Backups ekko made: {plan.backups_known}, erased too. Copies made outside ekko "
        "(your own copies, cloud sync) are not reached: delete or erase them yourself.",
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
        backups_known=len(backup.known_backups(Path(db.database))) if db.database else 0,
        unsent_letters=(
            Letter.select(Letter.id)
            .where(Letter.request.in_([r.id for r in requests]), Letter.sent_at.is_null())
            .count()
            if requests
            else 0
        ),
    )


# ---------------------------------------------------------------- suppression


def _legacy_salt() -> str | None:
    """The per-database salt of entries written before 0007 (None if there never were any)."""
    row = Setting.get_or_none(Setting.key == SALT_KEY)
    return None if row is None else str(row.value)


def _legacy_digest(salt: str, kind: str, value: str) -> str:
    return hashlib.sha256(f"{salt}:{kind}:{value}".encode()).hexdigest()


def suppression_digest(kind: str, value: str) -> str:
    """HMAC-SHA256 of a normalised e-mail or phone, keyed with the seal key (kept like the
    database key, not in the database): the file alone cannot give the value back."""
    return audit.keyed_digest(f"{kind}:{value}")


def suppression_index() -> Callable[[str, str], Suppression | None] | None:
    """A lookup (kind, normalised value) → the suppression entry, read in two queries;
    None when nobody was ever erased (imports then skip the check). Entries from before
    0007 (salted SHA-256) are still matched with their salt."""
    keyed = {(s.kind, s.digest): s for s in Suppression.select() if s.scheme == KEYED}
    legacy = {(s.kind, s.digest): s for s in Suppression.select() if s.scheme != KEYED}
    if not keyed and not legacy:
        return None
    salt = _legacy_salt() if legacy else None

    def lookup(kind: str, value: str) -> Suppression | None:
        found = keyed.get((kind, suppression_digest(kind, value)))
        if found is None and salt is not None:
            found = legacy.get((kind, _legacy_digest(salt, kind, value)))
        return found

    return lookup


def save_suppression_file(db_path: Path) -> None:
    """Mirror the keyed suppression entries into the file beside the key (merged with what it
    holds), so a lost database cannot take them along."""
    merged = {(e[0], e[1]): e for e in _file_entries(db_path)}
    for s in Suppression.select().where(Suppression.scheme == KEYED):
        merged.setdefault(
            (s.kind, s.digest), (s.kind, s.digest, str(s.added_on), s.reason, s.request_ref)
        )
    keys.write_state(db_path, "suppressed", [list(e) for e in merged.values()])


def _file_entries(db_path: Path) -> list[tuple[str, str, str, str, str]]:
    value = keys.read_state(db_path, "suppressed")
    if not isinstance(value, list):
        return []
    return [tuple(str(x) for x in e) for e in value if isinstance(e, list) and len(e) == 5]  # type: ignore[misc]


# ---------------------------------------------------------------- erasing


@dataclass(frozen=True)
class BackupOutcome:
    """What the erasure did to one backup ekko made."""

    path: Path
    erased: bool  # the person is gone from it (or was never in it), checked afterwards
    detail: str  # for the user: "erased", "not in it", or why not


def erase_subject(
    subject_id: int,
    *,
    reason: str,
    now: datetime,
    actor: str,
    request_id: int | None = None,
    backups: bool = True,
) -> ErasurePlan:
    """Erase the subject in one transaction, remove letter files, compact the file, then erase
    the person from every backup ekko made. The returned plan says what was achieved: its
    `compaction` is the reason compaction is still pending ('' when it is done), `backups`
    what happened to each backup."""
    db_path = Path(db.database)
    clean_before = not compaction_pending(db_path)
    # Marked before the commit, cleared only by a compaction that emptied the WAL: a crash
    # anywhere in between leaves the mark, and the next start finishes the job.
    keys.write_state(db_path, "compact", {"since": now.isoformat()})
    try:
        plan, digests, files = _erase(
            subject_id, reason=reason, now=now, actor=actor, request_id=request_id
        )
    except BaseException:
        if clean_before:  # nothing was erased: no compaction owed by this call
            keys.state_file(db_path, "compact").unlink(missing_ok=True)
        raise
    for path in files:
        path.unlink(missing_ok=True)
    save_suppression_file(db_path)
    problem = ""
    try:
        compact(db_path)
    except StoreError as exc:
        problem = str(exc)
    outcomes = erase_from_backups(db_path, digests, now=now, actor=actor) if backups else []
    return replace(plan, backups=tuple(outcomes), compaction=problem)


def _erase(
    subject_id: int,
    *,
    reason: str,
    now: datetime,
    actor: str,
    request_id: int | None,
    check_letters: bool = True,
) -> tuple[ErasurePlan, set[tuple[str, str]], list[Path]]:
    """The erasure transaction; returns the plan, the person's suppression digests and the
    letter files to delete."""
    today = now.astimezone(dl.OSLO).date()
    at = now.astimezone(UTC).replace(tzinfo=None)
    files: list[Path] = []
    digests: set[tuple[str, str]] = set()
    with write():
        plan = plan_erasure(subject_id, today, request_id=request_id)
        requests = _requests_of(subject_id, request_id)
        refusal = plan.refusal()
        if refusal and check_letters:  # a backup being erased is no place to send letters
            raise ValidationError("letters", refusal)
        ref = next((r.ref for r in requests if r.id == request_id), "")
        for ident in Identifier.select().where(
            Identifier.subject == subject_id, Identifier.kind.in_(("email", "phone"))
        ):
            digest = suppression_digest(ident.kind, ident.value)
            digests.add((ident.kind, digest))
            if (
                not Suppression.select()
                .where(Suppression.kind == ident.kind, Suppression.digest == digest)
                .exists()
            ):
                Suppression.create(
                    kind=ident.kind,
                    digest=digest,
                    added_on=today,
                    reason=reason,
                    request_ref=ref,
                    scheme=KEYED,
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
    return plan, digests, files


def compact(db_path: Path | None = None) -> None:
    """Leave no trace of deleted rows: merge the search index, rewrite the file, empty the WAL.

    The erasure itself is already committed. Only when the WAL really was emptied is the
    pending mark beside the key removed; otherwise (another reader holds the WAL, a full disk:
    VACUUM needs room for a copy, the process died) it stays, the next start finishes it, and
    this raises StoreError saying so."""
    db_path = db_path or Path(db.database)
    try:
        purge_search_index()
        db.execute_sql("VACUUM")
        busy, log, done = db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except pw.OperationalError as exc:
        cause = translate_operational(exc)
        raise StoreError(_pending_message(str(cause or exc))) from exc
    if busy or (log > 0 and done < log):
        raise StoreError(
            _pending_message(
                "another program is reading the database, so its WAL could not be emptied"
            )
        )
    (keys.state_file(db_path, "compact")).unlink(missing_ok=True)


def _pending_message(why: str) -> str:
    return (
        f"The erasure is saved, but the file could not be compacted yet ({why}): deleted data "
        "may linger in free pages or the WAL. ekko finishes this at its next start (or run "
        "`ekko erase --compact`)."
    )


def compaction_pending(db_path: Path) -> bool:
    """True while an erasure's compaction has not finished."""
    return keys.state_file(db_path, "compact").exists()


# ---------------------------------------------------------------- backups


def erase_from_backups(
    db_path: Path,
    digests: set[tuple[str, str]],
    *,
    now: datetime,
    actor: str,
    paths: Sequence[Path] | None = None,
) -> list[BackupOutcome]:
    """Apply the same erasure to every backup ekko made: open each with the database's key,
    erase whoever has these identifiers, compact, check its integrity, refresh its metadata.
    Reports each backup, including those it could not reach."""
    from ekko_tui.store.db import current_key

    key = current_key() or None
    outcomes = []
    gone: list[Path] = []
    for path in paths if paths is not None else backup.known_backups(db_path):
        if not path.is_file():
            gone.append(path)
            outcomes.append(
                BackupOutcome(
                    path,
                    False,
                    "not found (moved or deleted?): if it still exists elsewhere, erase the "
                    "person from it yourself; ekko stops looking for it",
                )
            )
            continue
        if not backup.opens_with(path, key):
            outcomes.append(
                BackupOutcome(path, False, "made with an older key: erase it by hand or delete it")
            )
            continue
        try:
            with switched_to(path, key):
                found = _subjects_with(digests)
                for sid in found:
                    _erase(
                        sid,
                        reason=REASON_BACKUP,
                        now=now,
                        actor=actor,
                        request_id=None,
                        check_letters=False,
                    )
                if found:
                    purge_search_index()
                    db.execute_sql("VACUUM")
                    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                left = _subjects_with(digests)
                ok = (
                    db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
                    and audit.verify_chain().ok
                )
            if left or not ok:
                outcomes.append(BackupOutcome(path, False, "the check after erasing failed"))
                continue
            backup.write_meta(path, key)
            outcomes.append(BackupOutcome(path, True, "erased" if found else "not in it"))
        except (pw.PeeweeException, StoreError, ValidationError, OSError) as exc:
            outcomes.append(BackupOutcome(path, False, f"could not be changed ({exc})"))
    if gone:
        backup.forget_backups(db_path, gone)
    return outcomes


def _subjects_with(digests: set[tuple[str, str]]) -> list[int]:
    """Subjects of the open file with an e-mail or phone among `digests`."""
    return sorted(
        {
            i.subject_id
            for i in Identifier.select(Identifier.subject, Identifier.kind, Identifier.value).where(
                Identifier.kind.in_(("email", "phone"))
            )
            if (i.kind, suppression_digest(i.kind, i.value)) in digests
        }
    )


def describe_backups(plan: ErasurePlan) -> str:
    """What the erasure did to the backups, one line each (paths, no personal data)."""
    if not plan.backups:
        return "No backups to erase from."
    lines = []
    for b in plan.backups:
        mark = "✓" if b.erased else "NOT ERASED"
        lines.append(f"{mark} {b.path}: {b.detail}")
    return "Backups:\n" + "\n".join(lines)


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
    """The suppression entries and legacy salt of a database, carried across a restore."""

    salt: str
    # kind, digest, added on, reason, request ref, scheme
    entries: tuple[tuple[str, str, date, str, str, str], ...]


def read_suppressions() -> SuppressionList:
    """The open database's suppression list."""
    salt_row = Setting.get_or_none(Setting.key == SALT_KEY)
    return SuppressionList(
        salt=str(salt_row.value) if salt_row else "",
        entries=tuple(
            (s.kind, s.digest, s.added_on, s.reason, s.request_ref, s.scheme)
            for s in Suppression.select()
        ),
    )


def reapply_suppressions(
    carried: SuppressionList | None, *, now: datetime, actor: str, db_path: Path
) -> int:
    """After a restore: bring back the suppression list (of the replaced database, if it could
    be read, and of the file beside the key, which survives a lost database) and erase again
    anyone on it who the restored file still holds. Returns how many subjects were erased."""
    entries = list(carried.entries) if carried else []
    for kind, digest, added, reason, ref in _file_entries(db_path):
        try:
            on = date.fromisoformat(added)
        except ValueError:
            on = now.date()
        entries.append((kind, digest, on, reason, ref, KEYED))
    if not entries:
        return 0
    legacy = [e for e in entries if e[5] != KEYED]
    with write():
        mine = Setting.get_or_none(Setting.key == SALT_KEY)
        if legacy and carried and carried.salt:
            if mine is None:
                Setting.create(key=SALT_KEY, value=carried.salt)
            elif mine.value != carried.salt:
                raise ValidationError(
                    "restore",
                    "The restored file is another database (its suppression salt differs): "
                    "erased people cannot be matched in it. Check it before importing anything.",
                )
        for kind, digest, added_on, reason, ref, scheme in entries:
            if (
                not Suppression.select()
                .where(Suppression.kind == kind, Suppression.digest == digest)
                .exists()
            ):
                Suppression.create(
                    kind=kind,
                    digest=digest,
                    added_on=added_on,
                    reason=reason,
                    request_ref=ref,
                    scheme=scheme,
                )
    index = suppression_index()
    again = sorted(
        {
            i.subject_id
            for i in Identifier.select(Identifier.subject, Identifier.kind, Identifier.value).where(
                Identifier.kind.in_(("email", "phone"))
            )
            if index is not None and index(i.kind, i.value) is not None
        }
    )
    for sid in again:
        plan, _, files = _erase(
            sid, reason=REASON_RESTORE, now=now, actor=actor, request_id=None, check_letters=False
        )
        for path in files:
            path.unlink(missing_ok=True)
    save_suppression_file(db_path)
    if again:
        compact(db_path)
    return len(again)
