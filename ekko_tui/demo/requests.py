"""A throwaway database full of realistic synthetic requests, so every screen shows something."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.requests import validate_new_request
from ekko_tui.store import requests as store

# (days before today received, hour, channel, types, name, contact, message, then what happened)
_DEMO = [
    (
        40,
        9,
        "email",
        "access",
        "Ørjan Ødegård",
        "orjan.odegard@example.no",
        "Hei! Jeg vil gjerne vite hvilke opplysninger dere har lagret om meg.",
        "overdue",
    ),
    (
        33,
        22,
        "form",
        "erasure",
        "Åse Bjørnstad",
        "ase.bjornstad@example.no",
        "Slett kontoen min og alle opplysninger om meg, takk.",
        "overdue",
    ),
    (
        27,
        14,
        "sms",
        "objection",
        "Kåre Ås",
        "+4791234567",
        "STOPP. Ikke send meg flere e-poster.",
        "identity",
    ),
    (
        24,
        11,
        "facebook",
        "access,portability",
        "Sigrid Hætta",
        "fb: sigrid.haetta",
        "Kan jeg få en kopi av alle dataene mine i et format jeg kan ta med meg?",
        "waiting",
    ),
    (
        21,
        8,
        "email",
        "rectification",
        "Bjørn Håland",
        "bjorn.haland@example.no",
        "Adressen min er feil i fakturaen. Ny adresse: Storgata 5, 1531 Moss.",
        "progress",
    ),
    (
        18,
        16,
        "instagram",
        "withdraw_consent",
        "Ingrid Ærø",
        "instagram: @ingrid.aero",
        "Jeg trekker samtykket til nyhetsbrevet.",
        "new",
    ),
    (
        12,
        10,
        "phone",
        "access,erasure",
        "Nils-Åge Sørensen",
        "+4798765432",
        "Ringte og ba om innsyn, og deretter sletting.",
        "extended",
    ),
    (
        8,
        13,
        "letter",
        "restriction",
        "Máret Sara",
        "Postboks 12, 9520 Kautokeino",
        "Jeg ber om at behandlingen av mine opplysninger begrenses til klagen er avgjort.",
        "new",
    ),
    (
        5,
        19,
        "email",
        "access",
        "Lise <b>Berg</b> & Co",
        "lise.berg@example.com",
        "Hva har dere på meg? 🙂",
        "new",
    ),
    (
        3,
        7,
        "form",
        "other",
        "Yusuf Al-Haddad يوسف",
        "yusuf@example.no",
        "Hvem er databehandlerne deres?",
        "new",
    ),
    (
        1,
        9,
        "in_person",
        "erasure",
        "Tor Østby",
        "tor.ostby@example.no",
        "Møtte opp på kurset og ba om å bli slettet.",
        "new",
    ),
    (70, 10, "email", "access", "Eva Lund", "eva.lund@example.no", "Innsyn, takk.", "answered"),
    (55, 15, "email", "erasure", "Per Nilsen", "per.nilsen@example.no", "Slett meg.", "refused"),
]


def seed(now: datetime, actor: str = "demo") -> int:
    """Fill the open database with the demo requests as of `now`; return how many."""
    today = now.astimezone(dl.OSLO).date()
    for days_ago, hour, channel, types, name, contact, message, fate in _DEMO:
        day: date = today - timedelta(days=days_ago)
        received = datetime.combine(day, time(hour, 12), tzinfo=dl.OSLO).astimezone(UTC)
        new = validate_new_request(
            received=received,
            channel=channel,
            types=types,
            requester_name=name,
            requester_contact=contact,
            message=message,
            now=now,
        )
        rid = store.create_request(new, now=received, actor=actor).id
        later = received + timedelta(hours=2)
        if fate in ("identity", "progress", "waiting", "extended", "answered", "refused"):
            store.record_identity(
                rid, "not_needed", "e-mail matches the customer record", "", now=later, actor=actor
            )
        if fate == "waiting":
            store.start_pause(
                rid,
                "identity",
                day + timedelta(days=1),
                "Asked for date of birth",
                now=later + timedelta(days=1),
                actor=actor,
            )
        if fate == "extended":
            store.extend(
                rid,
                "number_of_requests",
                "Many parallel requests from the same person across several systems.",
                day + timedelta(days=2),
                now=later + timedelta(days=2),
                actor=actor,
            )
        if fate == "answered":
            store.close(
                rid,
                "answered",
                "Access letter sent by e-mail.",
                now=later + timedelta(days=20),
                actor=actor,
            )
        if fate == "refused":
            store.close(
                rid,
                "partly_refused",
                "Invoices kept: bokføringsloven § 13.",
                now=later + timedelta(days=20),
                actor=actor,
            )
    return len(_DEMO)
