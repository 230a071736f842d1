"""Erasure that erases (Art. 17): the subject, their identifiers, holdings and search index
rows, the personal data of their requests, notes and letter copies; what bokføringsloven § 13
requires is kept (restricted, with its end date), Art. 19 notices are recorded, a salted hash
of each e-mail and phone goes on the suppression list, and an audit event names only
references. Afterwards the database file, its WAL and its search index hold no trace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import peewee as pw

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.requests import ValidationError
from ekko_tui.store import audit, backup, keys
from ekko_tui.store.breaches import erase_subject_letters
from ekko_tui.store.db import StoreError, db, switched_to, translate_operational
from ekko_tui.store.erasure_plan import (
    BOOKKEEPING,
    BackupOutcome,
    ErasurePlan,
    KeptPlan,
    describe,
    describe_backups,
    find_subject,
    plan_erasure,
    requests_of,
)
from ekko_tui.store.erasure_records import (
    NoticeRow,
    RetainedRow,
    delete_expired_kept,
    mark_notified,
    notices,
    retained_records,
)
from ekko_tui.store.models import (
    ErasureNotice,
    RetainedRecord,
)
from ekko_tui.store.request_blanking import blank_requests
from ekko_tui.store.requests import log_event, write
from ekko_tui.store.subject_index import purge_search_index, unindex_subjects
from ekko_tui.store.subject_models import Identifier, Subject
from ekko_tui.store.suppression import (
    REASON_BACKUP,
    REASON_REQUEST,
    SuppressionList,
    add_suppression,
    read_suppressions,
    save_suppression_file,
    suppression_digest,
    suppression_index,
)

# The names other modules import from here (the module was split by responsibility).
__all__ = [
    "BOOKKEEPING",
    "REASON_REQUEST",
    "BackupOutcome",
    "ErasurePlan",
    "KeptPlan",
    "NoticeRow",
    "RetainedRow",
    "SuppressionList",
    "compact",
    "compaction_pending",
    "describe",
    "describe_backups",
    "erase_expired_kept",
    "erase_from_backups",
    "erase_subject",
    "find_subject",
    "mark_notified",
    "notices",
    "plan_erasure",
    "read_suppressions",
    "retained_records",
    "suppression_index",
]


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
        requests = requests_of(subject_id, request_id)
        refusal = plan.refusal()
        if refusal and check_letters:  # a backup being erased is no place to send letters
            raise ValidationError("letters", refusal)
        ref = next((r.ref for r in requests if r.id == request_id), "")
        for ident in Identifier.select().where(
            Identifier.subject == subject_id, Identifier.kind.in_(("email", "phone"))
        ):
            digest = suppression_digest(ident.kind, ident.value)
            digests.add((ident.kind, digest))
            add_suppression(ident.kind, digest, on=today, reason=reason, request_ref=ref)
        for k in plan.kept:
            RetainedRecord.create(
                request_ref=ref,
                system=k.system,
                external_id=k.external_id,
                description=k.description,
                document_date=k.document_date,
                kind=k.kind,
                kept_until=k.kept_until,
                created_at=at,
            )
        for name in plan.notify:
            ErasureNotice.create(request_ref=ref, processor=name, created_at=at)
        files += blank_requests([r.id for r in requests], at)
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


def erase_expired_kept(today: date, *, now: datetime, actor: str) -> int:
    """Erase the records kept under bokføringsloven § 13 whose keep-until date has passed,
    then compact the file (raises StoreError if compaction must wait); returns how many."""
    count = delete_expired_kept(today, now=now, actor=actor)
    if count:
        compact()
    return count
