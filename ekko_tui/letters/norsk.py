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
    "other": "svar på et spørsmål om personvern",
}
# What the subject did, where it is not a request "om" something: "der du {…}".
DEEDS = {
    "objection": "protesterte mot at vi bruker opplysningene dine til markedsføring",
    "withdraw_consent": "trakk tilbake samtykket ditt",
}
NUMBERS = ("null", "én", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti", "elleve",
           "tolv")  # fmt: skip
ROLES = bokmal.ROLES  # register role code → its bokmål name
# The transfer mechanisms as a letter names them (Art. 45-49).
TRANSFER_BASES = {
    "dpf": "EU–US Data Privacy Framework (Kommisjonens gjennomføringsbeslutning (EU) 2023/1795)",
    "scc": "standard personvernbestemmelser (Kommisjonens gjennomføringsbeslutning (EU) "
    "2021/914, jf. personvernforordningen artikkel 46 nr. 2 bokstav c)",
    "adequacy": "Kommisjonens beslutning om at landet har et tilstrekkelig beskyttelsesnivå "
    "(artikkel 45)",
    "bcr": "bindende virksomhetsregler (artikkel 47)",
    "art49": "et unntak for særlige situasjoner (artikkel 49)",
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


def asked(types: Sequence[str]) -> str:
    """`ba om innsyn og sletting`, `protesterte mot …, og trakk tilbake samtykket ditt`."""
    asks = [TYPES[t] for t in types if t in TYPES]
    deeds = [DEEDS[t] for t in types if t in DEEDS]
    parts = ([f"ba om {join(asks)}"] if asks else []) + deeds
    if not parts:
        return f"ba om {TYPES['other']}"
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + ", og " + parts[-1]


def number(n: int, noun_one: str = "", noun_many: str = "", *, neuter: bool = False) -> str:
    """`fem systemer`, `ett system`: numbers 1-12 in words, larger ones in digits."""
    text = ("ett" if n == 1 and neuter else NUMBERS[n]) if 0 <= n <= 12 else str(n)
    noun = noun_one if n == 1 else noun_many
    return f"{text} {noun}".strip()


def phone(text: str) -> str:
    """`+47 915 55 123` for a Norwegian phone number (eight digits, optionally after +47 or
    0047); anything else (a foreign number, a date, an id) as it is."""
    raw = text.strip()
    if not raw or any(c not in "0123456789 +-()" for c in raw):
        return text
    digits = "".join(c for c in raw if c.isdigit())
    if raw.startswith("+"):
        if not digits.startswith("47"):
            return text
        digits = digits[2:]
    elif raw.startswith("0047"):
        digits = digits[4:]
    if len(digits) != 8 or digits[0] not in "2345679":
        return text
    return f"+47 {digits[:3]} {digits[3:5]} {digits[5:]}"


def identifier(text: str) -> str:
    """An e-mail as it is; a phone number spaced like `+47 915 55 123`."""
    return text if "@" in text else phone(text)


PHONE_FIELDS = {"telefon", "telefonnummer", "mobil", "kontakt"}


def phone_field(field: str, value: str) -> str:
    """A copied value, with a phone number spaced where the field holds one."""
    return phone(value) if field.strip().lower() in PHONE_FIELDS else value


def system_label(key: str, label: str = "") -> str:
    """The display name of a system key."""
    return label or SYSTEMS.get(key, key)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# The register's codes in bokmål live in the domain (the Art. 30 record uses them too).
SAFEGUARDS = bokmal.SAFEGUARDS
BASES = bokmal.BASES
country = bokmal.country
