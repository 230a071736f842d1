"""After a restore: bring the suppression list back and erase again anyone on it whom the
restored file still holds (`ekko restore`)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from ekko_tui.domain.requests import ValidationError
from ekko_tui.store.erasure import _erase, compact
from ekko_tui.store.models import Setting, Suppression
from ekko_tui.store.requests import write
from ekko_tui.store.subject_models import Identifier
from ekko_tui.store.suppression import (
    KEYED,
    REASON_RESTORE,
    SALT_KEY,
    SuppressionList,
    _file_entries,
    save_suppression_file,
    suppression_index,
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
