"""The access letter (Art. 15) in English: the same facts as the bokmål kinds.access, from
content.py; the registers' own prose is printed as recorded (bokmål)."""

from __future__ import annotations

from datetime import date

from ekko_tui.domain.request_retention import request_kept_until
from ekko_tui.letters import content
from ekko_tui.letters import norsk as nb
from ekko_tui.letters.copy import with_records_copy
from ekko_tui.letters.english import (
    ROLES,
    TRANSFER_BASES,
    Texts,
    basis,
    capitalise,
    country,
    intro,
    join,
    label,
    number,
    short_date,
    system_label,
    words,
)
from ekko_tui.letters.model import Block, Bullets, Heading, LetterContext, Para, Table
from ekko_tui.letters.page_words import english_date
from ekko_tui.letters.recipients import RecipientWords, recipients_section

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


# ---------------------------------------------------------------- access (Art. 15)

# "the third year": the year of the retention end, counted from the year the case closed.
ORDINALS_EN = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 10: "tenth"}


def _searched(ctx: LetterContext) -> str:
    return join([nb.identifier(i) for i in ctx.subject.identifiers])


def access(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    c = ctx.controller
    facts = content.recipient_facts(ctx)
    content.check_transfers(facts)
    out: list[Block] = [intro(ctx)]
    if not content.has_data(ctx):
        return [*out, *_only_the_request(ctx, facts, today)]
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
                (system_label(h.system, h.label), label(field), nb.phone_field(field, value))
                for h in ctx.holdings
                for field, value in h.details
            ),
            (0.25, 0.22, 0.53),
        ),
    ]
    out = with_records_copy(out, ctx.copy, today, warnings, "en")  # the records themselves
    out += [
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
        *recipients_section(facts, EN),
        Heading("4. Where we got the data from"),
        Para(
            "We got the data from (Article 15(1)(g); the details are quoted from our records, "
            "which we keep in Norwegian):"
        ),
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


def _only_the_request(
    ctx: LetterContext, facts: content.RecipientFacts, today: date
) -> list[Block]:
    c = ctx.controller
    searched = _searched(ctx) or "your name"
    year = ORDINALS_EN.get(content.REQUEST_RECORD_YEARS, f"{content.REQUEST_RECORD_YEARS}th")
    until = english_date(request_kept_until(today))
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
                f"then until 31 December of the {year} year after the year it was closed, to "
                "document the reply (the Norwegian Limitation Act, foreldelsesloven § 2). If the "
                f"case is closed in {today.year}, we delete them after {until}.",
                "Source: you.",
            )
        ),
    ]
    if facts.received:
        out += recipients_section(facts, EN)
    out += [
        Heading("Your rights"),
        Para(
            "You have the right to have the data in your request rectified (Article 16), erased "
            "when we no longer need it (Article 17), and to have its processing restricted "
            "(Article 18) or to object to it (Article 21)."
        ),
    ]
    return out


EN = RecipientWords(
    roles=ROLES,
    country=country,
    join=join,
    bases=TRANSFER_BASES,
    nobody="We have not disclosed your data to anyone else.",
    not_sold="We do not sell your data (Article 15(1)(c)).",
    columns=("Recipient", "Role", "What they do for us", "Country"),
    received="These recipients have received data about you:",
    possible="These receive data about you only when a case or the law requires it:",
    unnamed=lambda r: (
        f"{r.name}: we cannot name the recipient. The reason, as our records give it "
        f"(in Norwegian): «{r.unnamed_reason}»"
    ),
    processor=(
        "A processor processes the data only on our behalf and on our instructions (Article 28)."
    ),
    joint=lambda names: (
        f"We and {names} are joint controllers for what we collect and share (Article "
        "26). What that company does with the data afterwards is its own responsibility. "
        "You may have the essence of the arrangement between us."
    ),
    independent=lambda names: (
        f"{names} decide for themselves what they do with the data they receive, "
        "and are responsible for it."
    ),
    authority=lambda names: f"{names} receives data from us only where the law requires it.",
    transfers="Transfers to countries outside the EEA (Article 15(2)):",
    onward=lambda name, home, to, country, basis: (
        f"{name} is in {home}, inside the EEA, but sends the data on to "
        f"{to} in {country}. That transfer relies on {basis}."
    ),
    direct=lambda name, country, basis: (
        f"{name} is in {country}, outside the EEA. The transfer relies on {basis}."
    ),
    safeguard_copy="You may ask for a copy of the safeguards for these transfers (Article 46).",
)


def source_items(ctx: LetterContext) -> tuple[str, ...]:
    """ "You: …" first, then the other sources (quoted from the records, in Norwegian)."""
    own, other = content.sources(ctx)
    details = [d for d in own if d]
    items = [f"You: {'; '.join(details)}" if details else "You"] if own else []
    items += [capitalise(o) for o in other]
    return tuple(items) or ("You",)
