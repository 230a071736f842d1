"""The few words a letter's page furniture prints (date, reference, page numbers, attachments),
in the letter's language: bokmål by default, English where a letter is written in English."""

from __future__ import annotations

from datetime import date

from ekko_tui.domain.deadlines import MONTH_NAMES
from ekko_tui.letters import norsk as nb

LANGUAGES = {"nb": "bokmål", "en": "English"}


WORDS = {
    "nb": {
        "date": "Dato",
        "our_ref": "Vår referanse",
        "your_request": "Din henvendelse",
        "page": "Side {number} av {total}",
        "reference": "referanse",
        "attachments": "Vedlegg",
    },
    "en": {
        "date": "Date",
        "our_ref": "Our reference",
        "your_request": "Your request",
        "page": "Page {number} of {total}",
        "reference": "reference",
        "attachments": "Enclosures",
    },
}


def english_date(d: date) -> str:
    """`23 October 2026` (British order, no ordinal: unambiguous on both sides of the Atlantic)."""
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def long_date(d: date, lang: str = "nb") -> str:
    """The date written out in the letter's language."""
    return english_date(d) if lang == "en" else nb.long_date(d)


def word(key: str, lang: str = "nb") -> str:
    """One label of the page furniture; unknown languages fall back to bokmål."""
    return WORDS.get(lang, WORDS["nb"])[key]
