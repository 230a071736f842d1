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
from ekko_tui.letters import norsk as nb
from ekko_tui.letters.model import (
    Activity,
    Block,
    Bullets,
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
    "henvendelse": "request",
}  # fmt: skip
DATATILSYNET = (
    "Datatilsynet",
    "Postboks 458 Sentrum",
    "0105 Oslo",
    "Norway",
    "www.datatilsynet.no",
)
RIGHTS = (
    "have inaccurate data rectified and incomplete data completed (Article 16)",
    "have your data erased, for example when we no longer need it (Article 17)",
    "have the processing restricted, for example while we check whether the data is accurate "
    "(Article 18)",
    "object to processing based on legitimate interests, and at any time to direct marketing "
    "(Article 21)",
    "receive the data you gave us in a machine-readable format (data portability, Article 20)",
    "withdraw a consent at any time; this does not affect the lawfulness of processing before "
    "the consent was withdrawn (Article 7(3))",
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


# ---------------------------------------------------------------- access (Art. 15)


def _searched(ctx: LetterContext) -> str:
    return join([nb.identifier(i) for i in ctx.subject.identifiers])


def access(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    c = ctx.controller
    facts = content.recipient_facts(ctx)
    content.check_transfers(facts)
    out: list[Block] = [intro(ctx)]
    if not content.has_data(ctx):
        return [*out, *_only_the_request(ctx, facts)]
    out.append(
        Para(
            f"We confirm that {c.name} processes personal data about you. Below you will find a "
            "copy of the data, what we use it for, who we share it with, how long we keep it "
            "and where we got it from (Article 15 GDPR). This copy is free of charge."
        )
    )
    searched = _searched(ctx)
    how = f"We searched all our systems for {searched}. " if searched else ""
    out += [
        Heading("1. The data we hold about you"),
        Para(f"{how}We found data about you in {number(len(ctx.holdings), 'system', 'systems')}:"),
        Table(
            ("System", "Data", "Id in the system", "Registered", "Last changed"),
            tuple(
                (
                    system_label(h.system, h.label),
                    words(h.categories),
                    h.external_id or "–",
                    short_date(h.first_seen),
                    short_date(h.last_seen),
                )
                for h in ctx.holdings
            ),
            (0.25, 0.31, 0.18, 0.13, 0.13),
        ),
        Para("Here is a copy of the data, system by system:"),
        Table(
            ("System", "Item", "Content"),
            tuple(
                (system_label(h.system, h.label), label(field), nb.identifier(value))
                for h in ctx.holdings
                for field, value in h.details
            ),
            (0.25, 0.22, 0.53),
        ),
        Heading("2. What we use the data for, and how long we keep it"),
        Para(
            "The table shows the purposes, the legal basis in Article 6 GDPR, the kinds of data "
            "and how long we keep them (Article 15(1)(a), (b) and (d)). The descriptions are "
            "quoted from our records, which we keep in Norwegian."
        ),
        Table(
            ("Purpose", "Legal basis", "Data", "Retention"),
            tuple(
                (a.purpose, basis(a), words(a.data_categories), a.retention)
                for a in content.relevant_activities(ctx)
            ),
            (0.28, 0.24, 0.24, 0.24),
        ),
        Heading("3. Who we share the data with"),
        *recipients_section(facts),
        Heading("4. Where we got the data from"),
        Para("We got the data from (Article 15(1)(g)):"),
        Bullets(source_items(ctx)),
        Heading("5. Automated decisions"),
        Para(
            "We make no decisions about you based solely on automated processing, including "
            "profiling (Article 15(1)(h) and Article 22)."
        ),
        Heading("6. Your rights"),
        Para("You have the right to"),
        Bullets(RIGHTS),
    ]
    return out


def _only_the_request(ctx: LetterContext, facts: content.RecipientFacts) -> list[Block]:
    c = ctx.controller
    searched = _searched(ctx) or "your name"
    years = number(content.REQUEST_RECORD_YEARS, "year", "years")
    out: list[Block] = [
        Para(
            f"We searched all our systems for {searched}. {c.name} holds no personal data about "
            "you other than what you gave us in your request: your name, your contact details "
            "and what you wrote (Article 15 GDPR)."
        ),
        Heading("What we do with your request"),
        Bullets(
            (
                "Purpose: we use it only to answer you and to be able to show that we answered "
                "correctly and in time (Article 5(2) and Article 12).",
                "Legal basis: legal obligation (Article 6(1)(c)).",
                "Retention: we keep your request and our reply until the case is closed, and "
                f"then for {years} to document the reply (the Norwegian Limitation Act, "
                "foreldelsesloven § 2). Then we delete them.",
                "Source: you.",
            )
        ),
    ]
    if facts.received:
        out += recipients_section(facts)
    out += [
        Heading("Your rights"),
        Para(
            "You have the right to have the data in your request rectified (Article 16), erased "
            "when we no longer need it (Article 17), and to have its processing restricted "
            "(Article 18) or to object to it (Article 21)."
        ),
    ]
    return out


def recipients_section(facts: content.RecipientFacts) -> list[Block]:
    """Art. 15(1)(c) and 15(2): every recipient named, with its role; the transfers."""
    if not facts.received and not facts.possible:
        return [Para("We have not disclosed your data to anyone else.")]
    out: list[Block] = [Para("We do not sell your data (Article 15(1)(c)).")]
    columns = ("Recipient", "Role", "What they do for us", "Country")
    widths = (0.28, 0.22, 0.36, 0.14)
    if facts.received:
        out += [
            Para("These recipients have received data about you:"),
            Table(columns, tuple(_row(r) for r in facts.received), widths),
        ]
    if facts.possible:
        out += [
            Para("These receive data about you only when a case or the law requires it:"),
            Table(columns, tuple(_row(r) for r in facts.possible), widths),
        ]
        out += [
            Para(f"{r.name}: we cannot give the recipient's name. {r.unnamed_reason}")
            for r in facts.possible
            if r.is_category
        ]
    out += _roles_explained((*facts.received, *facts.possible))
    if facts.transfers:
        out += [
            Para("Transfers to countries outside the EEA (Article 15(2)):"),
            Bullets(tuple(_transfer(t) for t in facts.transfers)),
            Para("You may ask for a copy of the safeguards for these transfers (Article 46)."),
        ]
    return out


def _row(r: Recipient) -> tuple[str, str, str, str]:
    return (r.name, role(r), r.service, country(r.country))


def _roles_explained(recipients: tuple[Recipient, ...]) -> list[Block]:
    def names(code: str) -> str:
        return join([r.name for r in recipients if r.role == code])

    out: list[Block] = []
    if names("processor"):
        out.append(
            Para(
                "A processor processes the data only on our behalf and on our instructions "
                "(Article 28)."
            )
        )
    if joint := names("joint_controller"):
        out.append(
            Para(
                f"We and {joint} are joint controllers for what we collect and share (Article "
                "26). What that company does with the data afterwards is its own responsibility. "
                "You may have the essence of the arrangement between us."
            )
        )
    if independent := names("independent_controller"):
        out.append(
            Para(
                f"{independent} decide for themselves what they do with the data they receive, "
                "and are responsible for it."
            )
        )
    if authority := names("authority"):
        out.append(Para(f"{authority} receives data from us only where the law requires it."))
    return out


def _transfer(t: content.Transfer) -> str:
    basis = TRANSFER_BASES[t.safeguard]
    r = t.recipient
    if t.onward:
        return (
            f"{r.name} is in {country(r.country)}, inside the EEA, but sends the data on to "
            f"{t.to} in {country(t.country)}. That transfer relies on {basis}."
        )
    return f"{r.name} is in {country(t.country)}, outside the EEA. The transfer relies on {basis}."


def source_items(ctx: LetterContext) -> tuple[str, ...]:
    """ "You: …" first, then the other sources (quoted from the records, in Norwegian)."""
    own, other = content.sources(ctx)
    details = [d for d in own if d]
    items = [f"You: {'; '.join(details)}" if details else "You"] if own else []
    items += [capitalise(o) for o in other]
    return tuple(items) or ("You",)
