"""The Art. 34 letter to a person affected by a breach, in English (on request; bokmål is the
default, breach_papers.py). The same content rules: Art. 34(2) with 33(3)(b)–(d).

The breach's own prose (what happened, the cause, the data, the consequences, the measures)
is printed as it was recorded: the register holds it in one language only.
"""

from __future__ import annotations

from datetime import date, datetime

from ekko_tui.domain.deadlines import OSLO
from ekko_tui.letters import kinds
from ekko_tui.letters.breach_papers import (
    BreachFacts,
    categories_of,
    contact_of,
    letter_warnings,
    recipient_address,
)
from ekko_tui.letters.model import Block, Bullets, Controller, Heading, LetterData, Para
from ekko_tui.letters.page_words import english_date

LETTER_TITLE_EN = "Important: a personal data breach that concerns you"


def moment_en(m: datetime) -> str:
    """`23 October 2026 at 10:00 (Norwegian time)`."""
    local = m.astimezone(OSLO)
    return f"{english_date(local.date())} at {local:%H:%M} (Norwegian time)"


def art34_letter_en(
    facts: BreachFacts,
    controller: Controller,
    today: date,
    *,
    name: str,
    address: str = "",
    advice: str = "",
) -> LetterData:
    """The letter to one person affected, in plain English (Art. 34(2))."""
    f = facts
    warnings = letter_warnings(f)
    categories = categories_of(f)
    blocks: list[Block] = [
        Para(
            f"We are writing to you because {controller.name} has had a personal data breach, "
            f"and the breach also concerns personal data about you. We became aware of it on "
            f"{moment_en(f.aware_at)}. We are telling you about it as Article 34 of the General "
            "Data Protection Regulation (GDPR) requires."
        ),
        Heading("What happened"),
        Para(f.summary),
    ]
    if f.cause.strip():
        blocks.append(Para("Cause: " + f.cause.strip()))
    if categories:
        blocks.append(Para("The personal data about you that is affected:"))
        blocks.append(Bullets(categories))
    blocks += [
        Heading("What it may mean for you"),
        Para(f.consequences.strip()),
        Heading("What we have done, and what we will do"),
    ]
    if f.measures_taken.strip():
        blocks.append(Para(f.measures_taken.strip()))
    if f.measures_planned.strip():
        blocks.append(Para("Next, we will: " + f.measures_planned.strip()))
    if advice.strip():
        blocks += [Heading("What you can do yourself"), Para(advice.strip())]
    contact = contact_of(f, controller)
    postal = ", ".join((controller.name, *controller.address_lines))
    blocks += [
        Heading("Contact point"),
        Para(
            f"If you have questions about the breach, please contact "
            f"{contact or controller.name}, {postal}. Please quote the reference {f.ref}."
        ),
        Heading("Complaints"),
        Para(
            "If you believe that we have not processed your personal data in accordance with "
            "the rules, you have the right under Article 77 of the GDPR to lodge a complaint "
            "with the Norwegian Data Protection Authority (Datatilsynet):"
        ),
        Para("\n".join((*kinds.DATATILSYNET[:3], "Norway", kinds.DATATILSYNET[3]))),
    ]
    address_lines, address_warnings = recipient_address(address)
    return LetterData(
        kind="breach_art34",
        title=LETTER_TITLE_EN,
        ref=f.ref,
        date=today,
        sender=controller,
        recipient_lines=(name, *address_lines) if name else address_lines,
        blocks=tuple(blocks),
        closing=("Yours sincerely", controller.name, "", controller.contact_person),
        warnings=(*warnings, *address_warnings),
        lang="en",
    )
