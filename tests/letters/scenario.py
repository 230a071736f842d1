"""The fixed letter scenario: a subject found in Kajabi, Stripe and Fiken; EKKO's registers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ekko_tui.letters.model import (
    Holding,
    KeptRecord,
    LetterContext,
    Notification,
    RequestInfo,
    Subject,
)
from tests.letters.profile import EKKO_ACTIVITIES, EKKO_CONTROLLER, EKKO_RECIPIENTS

TODAY = date(2026, 11, 25)
NAME = "Máret Ánne Ŋuvttoš-Ødegård"
SAMI = "ÁČĐŊŠŦŽ áčđŋšŧž"

SUBJECT = Subject(
    name=NAME,
    address_lines=("Čáhcegeaidnu 12", "9730 Kárášjohka"),
    identifiers=("maret@example.no", "+47 912 34 567"),
)

# Received Tue 24 Nov 2026: deadline Thu 24 Dec 2026 (Christmas Eve is a working day),
# extended Wed 24 Feb 2027 (legal-rules.md).
REQUEST = RequestInfo(
    ref="2026-014",
    received=date(2026, 11, 24),
    first_deadline=date(2026, 12, 24),
    deadline=date(2026, 12, 24),
    types=("access",),
    channel="email",
)

KAJABI = Holding(
    system="kajabi",
    categories=("navn", "e-post", "telefon", "kjøpte kurs", "innlogginger"),
    external_id="48213",
    first_seen=date(2021, 3, 14),
    last_seen=date(2026, 10, 2),
    details=(
        ("Navn", NAME),
        ("E-post", "maret@example.no"),
        ("Telefon", "+47 912 34 567"),
        ("Kurs", "Sámegiella – Álgu; Ŋuolggat jietnadagat"),
        ("Merker", SAMI),
        ("Sist innlogget", "02.10.2026"),
    ),
    portable=True,
)
STRIPE = Holding(
    system="stripe",
    categories=("navn", "e-post", "kortmerke og siste fire sifre", "betalinger"),
    external_id="cus_Q4xZ8",
    first_seen=date(2021, 3, 14),
    last_seen=date(2025, 3, 15),
    details=(
        ("Navn", NAME),
        ("E-post", "maret@example.no"),
        ("Kort", "Visa, siste fire sifre 4242"),
        ("Betalinger", "2 betalinger, til sammen 2 980,00 kr"),
    ),
    portable=True,
)
FIKEN = Holding(
    system="fiken",
    categories=("navn", "adresse", "e-post", "fakturaer"),
    external_id="10057",
    first_seen=date(2021, 3, 15),
    last_seen=date(2025, 3, 15),
    details=(
        ("Navn", "Ŋuvttoš-Ødegård, Máret Ánne"),
        ("Adresse", "Čáhcegeaidnu 12, 9730 Kárášjohka"),
        ("Fakturaer", "1001 (15.03.2021), 1043 (15.03.2025)"),
    ),
)

KEPT = (
    KeptRecord("fiken", "Faktura 1043", date(2025, 3, 15)),
    KeptRecord("stripe", "Betaling 15.03.2025", date(2025, 3, 15)),
    KeptRecord("fiken", "Avtale om kurs", date(2025, 3, 15), "secondary"),
)
NOTIFIED = (
    Notification("Kajabi LLC", date(2026, 11, 25)),
    Notification("Stripe Payments Europe, Ltd.", date(2026, 11, 25)),
)

CTX = LetterContext(
    controller=EKKO_CONTROLLER,
    subject=SUBJECT,
    request=REQUEST,
    recipients=EKKO_RECIPIENTS,
    activities=EKKO_ACTIVITIES,
    holdings=(KAJABI, STRIPE, FIKEN),
    kept_records=KEPT,
    notifications=NOTIFIED,
)


def with_types(*types: str, **request_changes) -> LetterContext:
    """The scenario for another request type (and other request fields)."""
    return replace(CTX, request=replace(REQUEST, types=types, **request_changes))


def many_holdings(n: int) -> LetterContext:
    """The scenario with `n` holdings (for page breaks and the benchmark)."""
    holdings = tuple(
        replace(
            KAJABI if i % 3 == 0 else STRIPE if i % 3 == 1 else FIKEN,
            external_id=f"id-{i:03d}",
        )
        for i in range(n)
    )
    return replace(CTX, holdings=holdings)
