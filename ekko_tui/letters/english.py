"""The letters in English, on request (bokmål is the default: kinds.py, confirmations.py).

Same content as the bokmål letters: which recipients, roles, transfers and sources a letter
states, and what blocks it, come from content.py. Only the words differ. The registers' own
prose (a service, a purpose, a retention rule, a category of data) is printed as recorded: the
registers hold it in bokmål only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ekko_tui.letters import content
from ekko_tui.letters.model import (
    Activity,
    Block,
    Heading,
    LetterContext,
    Para,
    Recipient,
    Table,
)
from ekko_tui.letters.page_words import english_date

Texts = dict[str, str]

TITLES: dict[str, str] = {
    "access": "Reply to your request for access",
    "extension": "We need more time to reply to you",
    "identity": "We need to confirm who you are",
    "clarification": "Please tell us more about your request",
    "refusal": "Your request is refused",
    "partial_refusal": "Your request is partly refused",
    "erasure": "Confirmation of erasure",
    "rectification": "Confirmation of rectification",
    "restriction": "Confirmation of restriction of processing",
    "objection": "Confirmation: we no longer use your data for marketing",
    "portability": "Your data in a machine-readable format",
}
ASKS = {
    "access": "access to your personal data",
    "rectification": "rectification",
    "erasure": "erasure",
    "restriction": "restriction of processing",
    "portability": "data portability",
    "other": "an answer to a question about privacy",
}
DEEDS = {
    "objection": "objected to our use of your data for marketing",
    "withdraw_consent": "withdrew your consent",
}
CHANNELS = {
    "email": "by e-mail",
    "form": "through the contact form on our website",
    "phone": "by phone",
    "sms": "by text message",
    "facebook": "on Facebook",
    "instagram": "on Instagram",
    "letter": "by post",
    "in_person": "in person",
}
NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
           "eleven", "twelve")  # fmt: skip
ROLES = {
    "processor": "Processor",
    "joint_controller": "Joint controller",
    "independent_controller": "Independent controller",
    "authority": "Public authority",
    "recipient": "Recipient",
}
TRANSFER_BASES = {
    "dpf": "the EU–US Data Privacy Framework (Commission Implementing Decision (EU) 2023/1795)",
    "scc": "standard data protection clauses (Commission Implementing Decision (EU) 2021/914, "
    "Article 46(2)(c) GDPR)",
    "adequacy": "a Commission decision that the country ensures an adequate level of "
    "protection (Article 45)",
    "bcr": "binding corporate rules (Article 47)",
    "art49": "a derogation for specific situations (Article 49)",
}
COUNTRIES = {
    "NO": "Norway", "SE": "Sweden", "DK": "Denmark", "FI": "Finland", "IS": "Iceland",
    "IE": "Ireland", "DE": "Germany", "NL": "the Netherlands", "FR": "France", "BE": "Belgium",
    "LU": "Luxembourg", "AT": "Austria", "ES": "Spain", "IT": "Italy", "PL": "Poland",
    "EE": "Estonia", "LT": "Lithuania", "LV": "Latvia", "PT": "Portugal", "CH": "Switzerland",
    "GB": "the United Kingdom", "US": "the USA", "CA": "Canada", "JP": "Japan",
    "AU": "Australia", "IN": "India", "SG": "Singapore",
}  # fmt: skip
SYSTEMS = {
    "kajabi": "Kajabi (courses and membership)",
    "stripe": "Stripe (payments)",
    "fiken": "Fiken (accounts and invoices)",
    "newsletter": "Newsletter",
    "zoom": "Zoom (online meetings)",
    "inbox": "Requests to EKKO",
    "website": "The website ipogs.no",
}
BASES = {
    "a": "consent (Article 6(1)(a))",
    "b": "contract (Article 6(1)(b))",
    "c": "legal obligation (Article 6(1)(c))",
    "d": "vital interests (Article 6(1)(d))",
    "e": "public interest or official authority (Article 6(1)(e))",
    "f": "legitimate interests (Article 6(1)(f))",
}
# The words ekko itself writes into a copy (letter_context.py and the imports' labels); any
# other register prose is printed as recorded.
WORDS = {
    "navn": "name", "e-postadresse": "e-mail address", "e-post": "e-mail",
    "telefonnummer": "phone number", "telefon": "phone", "fødselsdato": "date of birth",
    "adresse": "address", "kjøp (produkter)": "purchases (products)",
    "merkelapper": "tags", "innloggingsaktivitet": "login activity",
    "svar i skjemaer": "form answers",
    "betalingskort (type, fire siste siffer, utløp)": "payment card (brand, last 4, expiry)",
    "fakturaadresse for kortet": "card billing address", "betalinger": "payments",
    "fakturaer": "invoices", "abonnement på nyhetsbrev": "newsletter subscription",
    "kontaktopplysninger": "contact details", "henvendelsen din": "your request",
    "kunde-id": "customer id", "kontakt": "contact", "mottatt": "received",
    "henvendelse": "request", "møter og webinarer": "meetings and webinars",
}  # fmt: skip
DATATILSYNET = (
    "Datatilsynet",
    "Postboks 458 Sentrum",
    "0105 Oslo",
    "Norway",
    "www.datatilsynet.no",
)


def join(items: Sequence[str]) -> str:
    """`a, b and c`."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def number(n: int, one: str, many: str) -> str:
    return f"{NUMBERS[n] if 0 <= n <= 12 else n} {one if n == 1 else many}"


def short_date(d: date | None) -> str:
    """`2025-03-15`: unambiguous for every reader; a dash when unknown."""
    return d.isoformat() if d else "–"


def day_date(d: date) -> str:
    return f"{d:%A} {english_date(d)}"


def country(code: str) -> str:
    return COUNTRIES.get(code.upper(), code) if code else "–"


def role(r: Recipient) -> str:
    return ROLES.get(r.role, ROLES["recipient"])


def system_label(key: str, label: str = "") -> str:
    return label or SYSTEMS.get(key, key)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def words(items: Sequence[str]) -> str:
    """`Name, e-mail, phone`: ekko's own category words in English, others as recorded."""
    return capitalise(", ".join(WORDS.get(i.lower(), i) for i in items))


def label(text: str) -> str:
    return capitalise(WORDS.get(text.lower(), text))


def basis(a: Activity) -> str:
    """The legal basis in English from its Art. 6(1) letters, or as recorded."""
    return capitalise(join([BASES[c] for c in a.basis_codes if c in BASES])) or a.basis


def asked(types: Sequence[str]) -> str:
    asks = [ASKS[t] for t in types if t in ASKS]
    parts = ([f"asked for {join(asks)}"] if asks else []) + [DEEDS[t] for t in types if t in DEEDS]
    return join(parts) or f"asked for {ASKS['other']}"


# ---------------------------------------------------------------- shared paragraphs


def intro(ctx: LetterContext) -> Para:
    req = ctx.request
    channel = CHANNELS.get(req.channel, "")
    how = f" {channel}" if channel else ""
    return Para(
        f"We refer to the request you sent us{how}, received on {english_date(req.received)}, "
        f"in which you {asked(req.types)}."
    )


def contact(ctx: LetterContext) -> list[Block]:
    c = ctx.controller
    postal = ", ".join((c.name, *c.address_lines, "Norway"))
    where = f"at {c.email} or to {postal}" if c.email else f"to {postal}"
    return [
        Para(f"If you have questions, write to us {where}. Please quote the reference "
             f"{ctx.request.ref}.")
    ]  # fmt: skip


def complaint_block() -> list[Block]:
    return [
        Heading("Complaints"),
        Para(
            "If you believe that we have not handled your request or your personal data in line "
            "with the law, you may lodge a complaint with the Norwegian Data Protection "
            "Authority (Article 77 GDPR):"
        ),
        Para("\n".join(DATATILSYNET)),
        Para("You may also take the matter to the ordinary courts (Article 79)."),
    ]


def clock_stops(today: date, basis: str) -> Para:
    return Para(
        f"The time limit for our reply does not run from today, {english_date(today)}, until "
        "we have your answer; it then continues from where it stopped "
        f"({basis})."
    )


def notified_block(ctx: LetterContext, what: str, systems: set[str] | None = None) -> list[Block]:
    """Art. 19: who was told of the change, with the date each notice was sent."""
    notices = content.art19_notices(ctx, systems)
    heading = Heading("Notice to recipients")
    if not notices.sent and not notices.pending:
        return [
            heading,
            Para(
                "Your data had not been disclosed to any recipient who must be told of the "
                f"{what} (Article 19)."
            ),
        ]
    rows = [(name, role(r) if r else "–", short_date(when)) for r, name, when in notices.sent]
    rows += [(r.name, role(r), "–") for r in notices.pending]
    if notices.all_sent:
        lead = f"We have told these recipients of the {what} (Article 19):"
    else:
        lead = (
            f"We are telling these recipients of the {what} (Article 19). The date shows when "
            "each notice was sent; a dash means it has not been sent yet."
        )
    return [
        heading,
        Para(lead),
        Table(("Recipient", "Role", "Notice sent"), tuple(rows), (0.46, 0.32, 0.22)),
        Para("You may ask us for more information about these recipients."),
    ]
