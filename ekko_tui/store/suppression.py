"""The suppression list: a keyed hash of the e-mail and phone of each erased person (a later
import does not add them again) and of each person who objected to direct marketing or
withdrew consent (a later newsletter import does not add them again)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ekko_tui.store import audit, keys
from ekko_tui.store.models import Setting, Suppression

SALT_KEY = "suppression.salt"  # only for entries written before 0007
KEYED = "hmac-sha256"
# Reasons are a fixed vocabulary: they go into the hash-chained event, which is never erased.
REASON_REQUEST = "erasure (Art. 17)"
REASON_RESTORE = "erased earlier; applied again after a restore"
REASON_BACKUP = "erased in the live database; applied to this backup"
REASON_OBJECTION = "objection to direct marketing (Art. 21)"
REASON_CONSENT = "consent to marketing withdrawn (Art. 7(3))"
# Entries with these reasons stop marketing only: the person stays a customer.
MARKETING_REASONS = frozenset({REASON_OBJECTION, REASON_CONSENT})
# The marketing lists: their imports also leave out those who objected or withdrew consent.
MARKETING_SYSTEMS = frozenset({"newsletter", "mailchimp"})


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


def suppression_index(
    *, marketing: bool = False
) -> Callable[[str, str], Suppression | None] | None:
    """A lookup (kind, normalised value) → the suppression entry, read in two queries;
    None when there is no entry (imports then skip the check). Entries from before 0007
    (salted SHA-256) are still matched with their salt. By default only erasures count (an
    objector stays a customer); `marketing=True` adds the objections and withdrawn consents,
    for the imports of marketing lists."""
    entries = [s for s in Suppression.select() if marketing or s.reason not in MARKETING_REASONS]
    keyed = {(s.kind, s.digest): s for s in entries if s.scheme == KEYED}
    legacy = {(s.kind, s.digest): s for s in entries if s.scheme != KEYED}
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
        merged[(s.kind, s.digest)] = (
            s.kind,
            s.digest,
            str(s.added_on),
            s.reason,
            s.request_ref,
        )
    keys.write_state(db_path, "suppressed", [list(e) for e in merged.values()])


def _file_entries(db_path: Path) -> list[tuple[str, str, str, str, str]]:
    value = keys.read_state(db_path, "suppressed")
    if not isinstance(value, list):
        return []
    return [tuple(str(x) for x in e) for e in value if isinstance(e, list) and len(e) == 5]  # type: ignore[misc]


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


def add_suppression(kind: str, digest: str, *, on: date, reason: str, request_ref: str) -> bool:
    """Put one digest on the list (inside the caller's transaction); True if it was new. An
    erasure widens a marketing-only entry to a full one, never the other way round."""
    found = Suppression.get_or_none(Suppression.kind == kind, Suppression.digest == digest)
    if found is None:
        Suppression.create(
            kind=kind,
            digest=digest,
            added_on=on,
            reason=reason,
            request_ref=request_ref,
            scheme=KEYED,
        )
        return True
    if found.reason in MARKETING_REASONS and reason not in MARKETING_REASONS:
        found.reason, found.request_ref = reason, request_ref or found.request_ref
        found.save()
    return False


@dataclass(frozen=True)
class SubjectSuppression:
    """A suppression entry matching one of a subject's e-mails or phones."""

    kind: str
    added_on: date
    reason: str
    request_ref: str


def suppressions_of(subject_id: int) -> tuple[SubjectSuppression, ...]:
    """The entries (erasure or marketing) that match the subject's e-mails and phones."""
    from ekko_tui.store.subject_models import Identifier

    index = suppression_index(marketing=True)
    if index is None:
        return ()
    out = []
    for ident in Identifier.select(Identifier.kind, Identifier.value).where(
        Identifier.subject == subject_id, Identifier.kind.in_(("email", "phone"))
    ):
        entry = index(ident.kind, ident.value)
        if entry is not None:
            out.append(
                SubjectSuppression(ident.kind, entry.added_on, entry.reason, entry.request_ref)
            )
    return tuple(sorted(out, key=lambda s: (s.added_on, s.kind)))
