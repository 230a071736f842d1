"""The copy in an access letter (Art. 15(3)), system by system: each system named once as a
heading, every field of every record it holds (by category, the export's own column names),
its documents with number, date and amount, then EKKO's own records about the person (their
requests, the letters sent to them, how identity was checked, suppression entries); and which
systems were searched, with each system's newest export."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ekko_tui.domain.erasure_fates import DOCUMENT_NB
from ekko_tui.domain.records import DOCUMENT_KINDS, Document, SystemRecords
from ekko_tui.letters import english as en
from ekko_tui.letters import norsk as nb
from ekko_tui.letters.copy_data import AccessCopy
from ekko_tui.letters.model import Block, Heading, Para, Table
from ekko_tui.letters.page_words import english_date

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
CATEGORY_EN: dict[str, str] = {
    "identity": "Identity",
    "contact": "Contact details",
    "address": "Address",
    "account": "Customer account",
    "purchases": "Purchases and products",
    "payments": "Payments",
    "card": "Payment card",
    "tags": "Tags",
    "login": "Logins",
    "form": "Form answers",
    "consent": "Consent",
    "meetings": "Meetings and webinars",
    "free_text": "Free text",
    "other": "Other data",
}
STATUS_EN: dict[str, str] = {
    "new": "received",
    "in_progress": "in progress",
    "waiting": "waiting for your reply",
    "answered": "answered",
    "partly_refused": "partly refused",
    "refused": "refused",
    "withdrawn": "withdrawn",
}
LETTER_EN: dict[str, str] = {
    "access": "access answer",
    "rectification": "confirmation of rectification",
    "erasure": "confirmation of erasure",
    "restriction": "confirmation of restriction",
    "portability": "data portability",
    "objection": "confirmation of objection",
    "extension": "notice of extended time limit",
    "identity": "question about identity",
    "clarification": "question for clarification",
    "refusal": "refusal",
    "partial_refusal": "partial refusal",
}
TYPES_EN = {**en.ASKS, "objection": "objection", "withdraw_consent": "withdrawn consent"}
IDENTIFIER_EN = {"email": "E-mail address", "phone": "Phone number"}


def amount_nb(amount: Decimal | None, currency: str) -> str:
    """`1 490,00 NOK`, `-500,00 NOK`, or a dash."""
    if amount is None:
        return "–"
    whole = f"{abs(amount):,.2f}".replace(",", "\u00a0").replace(".", ",")
    return f"{'-' if amount < 0 else ''}{whole} {currency}".strip()


def amount_en(amount: Decimal | None, currency: str) -> str:
    """`1,490.00 NOK`, `-500.00 NOK`, or a dash."""
    if amount is None:
        return "–"
    return f"{'-' if amount < 0 else ''}{abs(amount):,.2f} {currency}".strip()


def system_rows(system: SystemRecords, lang: str = "nb") -> tuple[tuple[str, str, str], ...]:
    """(category, field, value) for every field of the system's records; the category only on
    the first row of its group. Field names and values stay as the export wrote them."""
    names = CATEGORY_EN if lang == "en" else CATEGORY_NB
    rows: list[tuple[str, str, str]] = []
    for category, fields in system.by_category():
        for n, f in enumerate(fields):
            rows.append((names.get(category, category) if n == 0 else "", f.label, f.value))
    return tuple(rows)


def document_row(doc: Document, lang: str = "nb") -> tuple[str, str, str, str, str]:
    """(document, number, date, amount, status) of one document."""
    english = lang == "en"
    kind = (DOCUMENT_KINDS if english else DOCUMENT_NB).get(doc.kind, doc.kind_label)
    if doc.reference:
        kind = f"{kind} ({'refers to' if english else 'gjelder'} {doc.reference})"
    on = en.short_date(doc.on) if english else nb.short_date(doc.on)
    amount = (amount_en if english else amount_nb)(doc.amount, doc.currency)
    return (kind, doc.number or "–", on, amount, doc.status or "–")


# The copy's own sentences and column heads, per letter language.
PHRASES: dict[str, dict[str, str]] = {
    "nb": {
        "newest": "nyeste eksport {day}",
        "never": "aldri eksportert til EKKO",
        "inbox": "henvendelsene til EKKO",
        "searched": "Vi har søkt i alle systemene vi har opplysninger om kunder fra: {systems}. "
        "Opplysningene fra hvert system er slik de var i systemets nyeste eksport.",
        "since": "Registrert hos dem siden {day}.",
        "counts": "{records} og {documents}.",
        "record_heads": "Type|Opplysning|Innhold",
        "document_heads": "Dokument|Nummer|Dato|Beløp|Status",
        "request_heads": "Sak|Mottatt|Gjelder|Status|Slik kontrollerte vi identiteten",
        "letter_heads": "Sak|Brev|Skrevet|Sendt",
        "not_sent": "ikke sendt",
        "suppression": "Sperreliste: vi lagrer en kryptografisk sjekksum (ikke selve verdien) av "
        "opplysningene nedenfor, slik at vi ikke legger deg inn igjen.",
        "suppression_heads": "Sperreoppføring|Dato|Årsak|Sak",
    },
    "en": {
        "newest": "newest export {day}",
        "never": "never exported to EKKO",
        "inbox": "the requests sent to EKKO",
        "searched": "We searched every system we hold customer data from: {systems}. The data "
        "from each system is as it was in that system's newest export.",
        "since": "Registered with them since {day}.",
        "counts": "{records} and {documents}.",
        "record_heads": "Category|Field (as exported)|Content",
        "document_heads": "Document|Number|Date|Amount|Status",
        "request_heads": "Case|Received|Concerns|Status|How we checked your identity",
        "letter_heads": "Case|Letter|Written|Sent",
        "not_sent": "not sent",
        "suppression": "Suppression list: we keep a cryptographic checksum (not the value itself) "
        "of the details below, so that we do not add you again.",
        "suppression_heads": "Suppression entry|Date|Reason|Case",
    },
}


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _heads(lang: str, key: str) -> tuple[str, ...]:
    return tuple(PHRASES[lang][key].split("|"))


def _long_date(d: date, lang: str) -> str:
    return english_date(d) if lang == "en" else nb.long_date(d)


def _short_date(d: date | None, lang: str) -> str:
    return en.short_date(d) if lang == "en" else nb.short_date(d)


def _types(types: tuple[str, ...], lang: str) -> str:
    if lang == "en":
        return en.join([TYPES_EN.get(t, t) for t in types])
    return nb.join([nb.TYPES.get(t, t) for t in types])


def _system(key: str, lang: str) -> str:
    return en.system_label(key) if lang == "en" else nb.system_label(key)


def searched_text(copy: AccessCopy, lang: str = "nb") -> str:
    """Which systems were searched, with the date of each system's newest export."""
    words = PHRASES[lang]
    parts = [
        f"{_system(s, lang)} ({words['newest'].format(day=_long_date(d, lang))})"
        if d
        else f"{_system(s, lang)} ({words['never']})"
        for s, d in copy.searched
    ]
    join = en.join if lang == "en" else nb.join
    return words["searched"].format(systems=join([*parts, words["inbox"]]))


def copy_blocks(copy: AccessCopy, lang: str = "nb") -> list[Block]:
    """The copy, system by system, then EKKO's own records."""
    words = PHRASES[lang]
    out: list[Block] = [Para(searched_text(copy, lang))]
    for system in copy.records.systems:
        out.append(Heading(_system(system.system, lang)))
        facts = []
        if system.since:
            facts.append(words["since"].format(day=_long_date(system.since, lang)))
        records, documents = len(system.records), len(system.documents)
        if lang == "en":
            counted = (
                en.number(records, "customer row", "customer rows"),
                en.number(documents, "document", "documents"),
            )
        else:
            counted = (
                nb.number(records, "kunderad", "kunderader") if records else "ingen kunderader",
                nb.number(documents, "dokument", "dokumenter", neuter=True)
                if documents
                else "ingen dokumenter",
            )
        facts.append(capitalise(words["counts"].format(records=counted[0], documents=counted[1])))
        out.append(Para(" ".join(facts)))
        rows = system_rows(system, lang)
        if rows:
            out.append(Table(_heads(lang, "record_heads"), rows, (0.22, 0.3, 0.48)))
        if system.documents:
            out.append(
                Table(
                    _heads(lang, "document_heads"),
                    tuple(document_row(d, lang) for d in system.documents),
                    (0.3, 0.2, 0.14, 0.2, 0.16),
                )
            )
    out += own_blocks(copy, lang)
    return out


def own_blocks(copy: AccessCopy, lang: str = "nb") -> list[Block]:
    """EKKO's own records about the person: requests, letters, identity checks, suppression."""
    words = PHRASES[lang]
    english = lang == "en"
    statuses = STATUS_EN if english else STATUS_NB
    letters = LETTER_EN if english else LETTER_NB
    identifiers = IDENTIFIER_EN if english else IDENTIFIER_NB
    out: list[Block] = [Heading(_system("inbox", lang))]
    if copy.requests:
        out.append(
            Table(
                _heads(lang, "request_heads"),
                tuple(
                    (
                        r.ref,
                        _short_date(r.received, lang),
                        _types(r.types, lang),
                        statuses.get(r.status, r.status),
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
                _heads(lang, "letter_heads"),
                tuple(
                    (
                        letter.ref,
                        letters.get(letter.kind, letter.kind),
                        _short_date(letter.written, lang),
                        _short_date(letter.sent, lang) if letter.sent else words["not_sent"],
                    )
                    for letter in copy.letters
                ),
                (0.15, 0.45, 0.2, 0.2),
            )
        )
    if copy.suppressions:
        out.append(Para(words["suppression"]))
        out.append(
            Table(
                _heads(lang, "suppression_heads"),
                tuple(
                    (
                        identifiers.get(s.kind, s.kind),
                        _short_date(s.added_on, lang),
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
                f"{name}'s newest export is from {english_date(newest)} "
                f"({(today - newest).days} days ago): export again and import it before sending, "
                "so the copy is current."
            )
    return out


def with_records_copy(
    out: list[Block],
    ctx_copy: AccessCopy | None,
    today: date,
    warnings: list[str],
    lang: str = "nb",
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
    return [*out[: heads[-1] + 1], *copy_blocks(ctx_copy, lang)]
