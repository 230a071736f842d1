"""Demo breaches: one whose 72-hour clock runs, one closed after notice, logged the real way."""

from __future__ import annotations

from datetime import datetime, timedelta

from ekko_tui.domain import breaches as br
from ekko_tui.store import breaches as store

ACTOR = "demo"


def _at(moment: datetime) -> str:
    return br.iso(moment)[:16].replace("T", " ")


def seed_breaches(now: datetime) -> list[str]:
    """Two synthetic breaches relative to `now`; returns their references."""
    running, _ = store.new_breach(
        aware=_at(now - timedelta(hours=30)),
        summary="Kajabi varslet om uautorisert innlogging i en administratorkonto",
        now=now,
        source="processor",
        types="confidentiality",
    )
    first = store.create_breach(running, now=now, actor=ACTOR)
    store.update_details(
        first,
        {
            "source_detail": "Kajabi LLC",
            "data_categories": "navn\ne-postadresse\nkjøpte kurs",
            "people_count": "120",
            "relationship": "Kunder og kursdeltakere",
        },
        now=now,
        actor=ACTOR,
    )
    store.assess(first, "risk", "Navn og kjøp kan misbrukes til phishing", now=now, actor=ACTOR)
    old_aware = now - timedelta(days=200)
    closed, _ = store.new_breach(
        aware=_at(old_aware),
        summary="E-post med deltakerliste sendt til feil mottaker",
        now=now,
        types="confidentiality",
    )
    second = store.create_breach(closed, now=now, actor=ACTOR)
    store.update_details(
        second,
        {
            "cause": "Feil vedlegg i en fellesutsendelse",
            "consequences": "Uønsket e-post; noen kan se hvilket kurs andre har tatt",
            "measures_taken": "Mottakeren har bekreftet sletting",
            "people_count": "14",
        },
        now=now,
        actor=ACTOR,
    )
    store.assess(second, "risk", "Navn og e-post, få personer", now=now, actor=ACTOR)
    store.decide(second, "notify", "", now=now, actor=ACTOR)
    store.record_notified(
        second, old_aware + timedelta(hours=20), "AR-DEMO-1", now=now, actor=ACTOR
    )
    store.close_breach(second, "Utsendelser går nå via Kajabi", now=now, actor=ACTOR)
    return [first, second]
