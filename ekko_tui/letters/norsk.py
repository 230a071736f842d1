"""Bokmål words for the letters: dates, request types, channels, systems, lists."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ekko_tui.domain import bokmal

MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")

# What the subject asked for, as the object of "du ba om …".
TYPES = {
    "access": "innsyn",
    "rectification": "retting",
    "erasure": "sletting",
    "restriction": "begrensning av behandlingen",
    "portability": "dataportabilitet",
    "objection": "å protestere mot behandlingen",
    "withdraw_consent": "å trekke tilbake samtykket ditt",
    "other": "svar på et spørsmål om personvern",
}

# How the request reached EKKO: "henvendelsen din {per e-post}".
CHANNELS = {
    "email": "per e-post",
    "form": "via kontaktskjemaet på nettsiden",
    "phone": "per telefon",
    "sms": "per SMS",
    "facebook": "via Facebook",
    "instagram": "via Instagram",
    "letter": "per brev",
    "in_person": "ved personlig oppmøte",
}

SYSTEMS = {
    "kajabi": "Kajabi (kurs og medlemskap)",
    "stripe": "Stripe (betalinger)",
    "fiken": "Fiken (regnskap og fakturaer)",
    "newsletter": "Nyhetsbrev",
    "zoom": "Zoom (nettmøter)",
    "inbox": "Henvendelser til EKKO",
    "website": "Nettsiden ipogs.no",
}


def long_date(d: date) -> str:
    """`25. november 2026`."""
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


def day_date(d: date) -> str:
    """`torsdag 24. desember 2026`: deadlines carry the weekday."""
    return f"{WEEKDAYS[d.weekday()]} {long_date(d)}"


def short_date(d: date | None) -> str:
    """`15.03.2025`, or a dash when unknown."""
    return f"{d.day:02d}.{d.month:02d}.{d.year}" if d else "–"


def join(items: Sequence[str]) -> str:
    """`a, b og c`."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " og " + items[-1]


def system_label(key: str, label: str = "") -> str:
    """The display name of a system key."""
    return label or SYSTEMS.get(key, key)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# The register's codes in bokmål live in the domain (the Art. 30 record uses them too).
SAFEGUARDS = bokmal.SAFEGUARDS
BASES = bokmal.BASES
country = bokmal.country
