"""What erasing one subject would do (Art. 17), shown before and reported after: every
request of the person (also those logged before an import and never linked, found by their
e-mail or phone), the records kept under bokføringsloven § 13 and the recipients to tell."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain import subjects as ds
from ekko_tui.domain.erasure_fates import RecordFate, record_fates
from ekko_tui.domain.requests import ValidationError
from ekko_tui.domain.retention import keep_until
from ekko_tui.store import backup
from ekko_tui.store.db import db
from ekko_tui.store.letters import Letter, LetterFile
from ekko_tui.store.models import Request
from ekko_tui.store.records import holdings_of
from ekko_tui.store.registers import processor_by_system
from ekko_tui.store.subject_models import Holding, Identifier, Subject
from ekko_tui.store.times import from_db

# Systems whose records are accounting documentation (bokføringsloven § 13): kept, restricted.
# The exports carry no document dates: the date counted from is the last import that still
# held the record (later than the real bilag date, so never too short; say so in the letter).
BOOKKEEPING = {
    "fiken": "Fakturaer og kundeopplysninger i regnskapet (Fiken; siste registrerte dato)",
    "stripe": "Betalinger, bilag for regnskapet (Stripe; siste registrerte dato)",
}


@dataclass(frozen=True)
class BackupOutcome:
    """What the erasure did to one backup ekko made."""

    path: Path
    erased: bool  # the person is gone from it (or was never in it), checked afterwards
    detail: str  # for the user: "erased", "not in it", or why not


@dataclass(frozen=True)
class KeptPlan:
    system: str
    external_id: str
    description: str
    document_date: date
    kept_until: date
    kind: str = "primary"  # bokføringsloven § 13: "primary" | "secondary"


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
    records: tuple[RecordFate, ...] = ()  # every record and document, and what happens to it

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
    per_system: list[str] = []
    for system in dict.fromkeys(r.system for r in plan.records):
        mine = [r for r in plan.records if r.system == system]
        contacts = sum(1 for r in mine if r.document_date is None)
        per_system.append(f"  {system}:")
        if contacts:
            per_system.append(f"    {contacts} contact record(s): erased")
        per_system += [f"    {r.what}: {r.explain()}" for r in mine if r.document_date]
    lines = [
        f"Subject #{plan.subject_id}: {plan.identifiers} identifier(s)",
        f"Holdings in: {', '.join(plan.systems) or 'no system'}",
        *(["Records, system by system:", *per_system] if per_system else []),
        f"Requests whose personal data goes: {', '.join(plan.requests) or 'none'}",
        f"Stored letter copies deleted: {plan.letters}",
        *(kept or ["Nothing must be kept for bookkeeping."]),
        f"Recipients to notify (Art. 19): {', '.join(plan.notify) or 'none'}",
        f"Backups ekko made: {plan.backups_known}, erased too. Copies made outside ekko "
        "(your own copies, cloud sync) are not reached: delete or erase them yourself.",
    ]
    return "\n".join(lines)


def describe_backups(plan: ErasurePlan) -> str:
    """What the erasure did to the backups, one line each (paths, no personal data)."""
    if not plan.backups:
        return "No backups to erase from."
    lines = []
    for b in plan.backups:
        mark = "✓" if b.erased else "NOT ERASED"
        lines.append(f"{mark} {b.path}: {b.detail}")
    return "Backups:\n" + "\n".join(lines)


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


def _contact_key(contact: str) -> tuple[str, str] | None:
    """A request's contact as (kind, normalised value), or None when it is neither."""
    for kind, normalise in (("email", ds.normalize_email), ("phone", ds.normalize_phone)):
        try:
            return kind, normalise(contact)
        except ds.IdentifierError:
            continue
    return None


def requests_of(subject_id: int, extra: int | None = None) -> list[Request]:
    """The subject's requests: those linked to it, the one being answered (`extra`), and the
    unlinked ones whose sender's e-mail or phone is one of the subject's (logged before the
    import that brought the person in, and never linked): they hold the same person's data."""
    query = Request.select().where(Request.subject_id == subject_id)
    found = {r.id: r for r in query}
    if extra is not None and extra not in found:
        req = Request.get_or_none(Request.id == extra)
        if req is not None:
            found[req.id] = req
    contacts = {
        (i.kind, i.value)
        for i in Identifier.select(Identifier.kind, Identifier.value).where(
            Identifier.subject == subject_id, Identifier.kind.in_(("email", "phone"))
        )
    }
    if contacts:
        unlinked = Request.select().where(
            Request.subject_id.is_null(),
            Request.erased_at.is_null(),
            Request.requester_contact != "",
        )
        for req in unlinked:
            if req.id not in found and _contact_key(req.requester_contact) in contacts:
                found[req.id] = req
    return [found[k] for k in sorted(found)]


def plan_erasure(subject_id: int, today: date, *, request_id: int | None = None) -> ErasurePlan:
    """What erasing this subject would remove, keep and notify."""
    subject = Subject.get_or_none(Subject.id == subject_id)
    if subject is None:
        raise ValidationError("subject", f"There is no subject #{subject_id}.")
    holdings = list(Holding.select().where(Holding.subject == subject_id).order_by(Holding.system))
    fates = record_fates(holdings_of(subject_id), today)
    documented = {f.system for f in fates if f.document_date is not None}
    kept = tuple(
        KeptPlan(f.system, f.number, f.what, f.document_date, f.kept_until, f.record_kind)
        for f in fates
        if f.kept and f.document_date and f.kept_until and f.record_kind
    ) + tuple(
        # A bookkeeping system whose documents were never imported: keep its pointer from the
        # last import that held the person (later than any real date, so never too short).
        KeptPlan(
            h.system,
            h.external_id,
            BOOKKEEPING[h.system],
            dl.oslo_date(from_db(h.last_seen)),
            keep_until(dl.oslo_date(from_db(h.last_seen))),
        )
        for h in holdings
        if h.system in BOOKKEEPING and h.system not in documented
    )
    systems = tuple(dict.fromkeys(h.system for h in holdings))
    notify = tuple(
        dict.fromkeys(p.name for system in systems for p in processor_by_system(system, today))
    )
    requests = requests_of(subject_id, request_id)
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
        records=fates,
        backups_known=len(backup.known_backups(Path(db.database))) if db.database else 0,
        unsent_letters=(
            Letter.select(Letter.id)
            .where(Letter.request.in_([r.id for r in requests]), Letter.sent_at.is_null())
            .count()
            if requests
            else 0
        ),
    )
