"""The copy in an access letter (Art. 15(3)), system by system: each system named once as a
heading, every field of every record it holds (by category, the export's own column names),
its documents with number, date and amount, then EKKO's own records about the person (their
requests, the letters sent to them, how identity was checked, suppression entries); and which
systems were searched, with each system's newest export."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ekko_tui.domain.erasure_fates import DOCUMENT_NB
from ekko_tui.domain.records import Document, SystemRecords
from ekko_tui.letters import norsk as nb
from ekko_tui.letters.copy_data import AccessCopy
from ekko_tui.letters.model import Block, Heading, Para, Table

# An export older than this is stale: the letter preview warns before the letter goes out.
STALE_EXPORT_DAYS = 30

CATEGORY_NB: dict[str, str] = {
    "identity": "Identitet",
    "contact": "Kontaktopplysninger",
    "address": "Adresse",
    "account": "Kundekonto",
    "purchases": "Kjøp og produkter",
    "payments": "Betalinger",
    "card": "Betalingskort",
    "tags": "Merkelapper",
    "login": "Innlogging",
    "form": "Svar i skjemaer",
    "consent": "Samtykke",
    "meetings": "Møter og webinarer",
    "free_text": "Fritekst",
    "other": "Andre opplysninger",
}
STATUS_NB: dict[str, str] = {
    "new": "mottatt",
    "in_progress": "under behandling",
    "waiting": "venter på svar fra deg",
    "answered": "besvart",
    "partly_refused": "delvis avslått",
    "refused": "avslått",
    "withdrawn": "trukket tilbake",
}
LETTER_NB: dict[str, str] = {
    "access": "svar på innsyn",
    "rectification": "bekreftelse på retting",
    "erasure": "bekreftelse på sletting",
    "restriction": "bekreftelse på begrensning",
    "portability": "dataportabilitet",
    "objection": "bekreftelse på protest",
    "extension": "melding om forlenget frist",
    "identity": "spørsmål om identitet",
    "clarification": "spørsmål om presisering",
    "refusal": "avslag",
    "partial_refusal": "delvis avslag",
}
IDENTIFIER_NB = {"email": "E-postadresse", "phone": "Telefonnummer"}
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def amount_nb(amount: Decimal | None, currency: str) -> str:
    """`1 490,00 NOK`, `-500,00 NOK`, or a dash."""
    if amount is None:
        return "–"
    whole = f"{abs(amount):,.2f}".replace(",", "\u00a0").replace(".", ",")
    return f"{'-' if amount < 0 else ''}{whole} {currency}".strip()


def system_rows(system: SystemRecords) -> tuple[tuple[str, str, str], ...]:
    """(category, field, value) for every field of the system's records; the category only on
    the first row of its group."""
    rows: list[tuple[str, str, str]] = []
    for category, fields in system.by_category():
        for n, f in enumerate(fields):
            rows.append((CATEGORY_NB.get(category, category) if n == 0 else "", f.label, f.value))
    return tuple(rows)


def document_row(doc: Document) -> tuple[str, str, str, str, str]:
    """(document, number, date, amount, status) of one document."""
    kind = DOCUMENT_NB.get(doc.kind, doc.kind_label)
    if doc.reference:
        kind = f"{kind} (gjelder {doc.reference})"
    return (
        kind,
        doc.number or "–",
        nb.short_date(doc.on),
        amount_nb(doc.amount, doc.currency),
        doc.status or "–",
    )


def searched_text(copy: AccessCopy) -> str:
    """Which systems were searched, with the date of each system's newest export."""
    parts = [
        f"{nb.system_label(s)} (nyeste eksport {nb.long_date(d)})"
        if d
        else f"{nb.system_label(s)} (aldri eksportert til EKKO)"
        for s, d in copy.searched
    ]
    return (
        "Vi har søkt i alle systemene vi har opplysninger om kunder fra: "
        f"{nb.join([*parts, 'henvendelsene til EKKO'])}. Opplysningene fra hvert system er slik "
        "de var i systemets nyeste eksport."
    )


def copy_blocks(copy: AccessCopy) -> list[Block]:
    """The copy, system by system, then EKKO's own records."""
    out: list[Block] = [Para(searched_text(copy))]
    for system in copy.records.systems:
        out.append(Heading(nb.system_label(system.system)))
        facts = []
        if system.since:
            facts.append(f"Registrert hos dem siden {nb.long_date(system.since)}.")
        facts.append(f"{len(system.records)} kunderad(er) og {len(system.documents)} dokument(er).")
        out.append(Para(" ".join(facts)))
        rows = system_rows(system)
        if rows:
            out.append(Table(("Type", "Opplysning", "Innhold"), rows, (0.22, 0.3, 0.48)))
        if system.documents:
            out.append(
                Table(
                    ("Dokument", "Nummer", "Dato", "Beløp", "Status"),
                    tuple(document_row(d) for d in system.documents),
                    (0.3, 0.2, 0.14, 0.2, 0.16),
                )
            )
    out += own_blocks(copy)
    return out


def own_blocks(copy: AccessCopy) -> list[Block]:
    """EKKO's own records about the person: requests, letters, identity checks, suppression."""
    out: list[Block] = [Heading(nb.system_label("inbox"))]
    if copy.requests:
        out.append(
            Table(
                ("Sak", "Mottatt", "Gjelder", "Status", "Slik kontrollerte vi identiteten"),
                tuple(
                    (
                        r.ref,
                        nb.short_date(r.received),
                        nb.join([nb.TYPES.get(t, t) for t in r.types]),
                        STATUS_NB.get(r.status, r.status),
                        r.identity or "–",
                    )
                    for r in copy.requests
                ),
                (0.12, 0.13, 0.25, 0.17, 0.33),
            )
        )
    if copy.letters:
        out.append(
            Table(
                ("Sak", "Brev", "Skrevet", "Sendt"),
                tuple(
                    (
                        letter.ref,
                        LETTER_NB.get(letter.kind, letter.kind),
                        nb.short_date(letter.written),
                        nb.short_date(letter.sent) if letter.sent else "ikke sendt",
                    )
                    for letter in copy.letters
                ),
                (0.15, 0.45, 0.2, 0.2),
            )
        )
    if copy.suppressions:
        out.append(
            Para(
                "Sperreliste: vi lagrer en kryptografisk sjekksum (ikke selve verdien) av "
                "opplysningene nedenfor, slik at vi ikke legger deg inn igjen."
            )
        )
        out.append(
            Table(
                ("Sperreoppføring", "Dato", "Årsak", "Sak"),
                tuple(
                    (
                        IDENTIFIER_NB.get(s.kind, s.kind),
                        nb.short_date(s.added_on),
                        s.reason,
                        s.request_ref or "–",
                    )
                    for s in copy.suppressions
                ),
                (0.25, 0.15, 0.45, 0.15),
            )
        )
    return out


def stale_exports(copy: AccessCopy, today: date) -> list[str]:
    """A warning per system that holds the person and whose newest export is over 30 days
    old: "Stripe's newest export is from 3 March 2026: export again before sending"."""
    held = {s.system for s in copy.records.systems}
    out = []
    for system, newest in copy.searched:
        if system in held and newest is not None and (today - newest).days > STALE_EXPORT_DAYS:
            name = nb.system_label(system).split(" (")[0]
            out.append(
                f"{name}'s newest export is from {newest.day} {_MONTHS_EN[newest.month - 1]} "
                f"{newest.year} "
                f"({(today - newest).days} days ago): export again and import it before sending, "
                "so the copy is current."
            )
    return out


def with_records_copy(
    out: list[Block], ctx_copy: AccessCopy | None, today: date, warnings: list[str]
) -> list[Block]:
    """The access letter's section 1 with the records copy: everything after its heading (the
    last heading so far) is replaced by the copy, system by system. Without records (no
    subject linked) the blocks stay as they are."""
    if ctx_copy is None:
        return out
    heads = [n for n, block in enumerate(out) if isinstance(block, Heading)]
    if not heads:
        return out
    warnings += stale_exports(ctx_copy, today)
    return [*out[: heads[-1] + 1], *copy_blocks(ctx_copy)]
