"""Gathers what the copy of an access letter holds (issue 13): the subject's records system
by system, which systems were searched and when each was last exported, and EKKO's own records
about the person (requests, letters, identity checks, suppression entries)."""

from __future__ import annotations

from ekko_tui.domain import deadlines as dl
from ekko_tui.letters.copy_data import AccessCopy, OwnLetter, OwnRequest, OwnSuppression
from ekko_tui.store.erasure_plan import requests_of
from ekko_tui.store.letters import letters_for_requests
from ekko_tui.store.records import holdings_of, latest_exports
from ekko_tui.store.suppression import (
    REASON_CONSENT,
    REASON_OBJECTION,
    REASON_REQUEST,
    suppressions_of,
)
from ekko_tui.store.times import from_db

# The suppression list's fixed reasons, in the letters' words.
REASON_NB = {
    REASON_REQUEST: "sletting (artikkel 17)",
    REASON_OBJECTION: "protest mot direkte markedsføring (artikkel 21)",
    REASON_CONSENT: "samtykke til markedsføring trukket tilbake (artikkel 7 nr. 3)",
}


def access_copy(subject_id: int, request_id: int | None = None) -> AccessCopy:
    """The copy of everything EKKO holds on the subject, as of the newest exports."""
    records = holdings_of(subject_id)
    latest = latest_exports()
    searched = tuple(
        (system, dl.oslo_date(moment) if moment else None)
        for system, moment in sorted(latest.items())
    )
    requests = requests_of(subject_id, request_id)
    own_requests = tuple(
        OwnRequest(
            ref=r.ref,
            received=dl.oslo_date(from_db(r.received_at)),
            types=tuple(t for t in r.types.split(",") if t),
            status=r.status,
            identity=r.identity_method or "",
        )
        for r in requests
    )
    letters = tuple(
        OwnLetter(
            ref=letter.ref,
            kind=letter.kind,
            written=dl.oslo_date(letter.generated_at),
            sent=letter.sent_on,
        )
        for letter in sorted(
            letters_for_requests([r.id for r in requests]), key=lambda x: (x.generated_at, x.id)
        )
    )
    return AccessCopy(
        records=records,
        searched=searched,
        requests=own_requests,
        letters=letters,
        suppressions=_suppressions(subject_id),
    )


def _suppressions(subject_id: int) -> tuple[OwnSuppression, ...]:
    """Suppression entries that match one of the subject's e-mails or phones."""
    return tuple(
        OwnSuppression(e.kind, e.added_on, REASON_NB.get(e.reason, e.reason), e.request_ref)
        for e in suppressions_of(subject_id)
    )
