"""Which language a request is written in, to propose the language of the answer letter.

A guess from common function words, never a decision: bokmål stays the default, and the user
chooses. Pure: no I/O.
"""

from __future__ import annotations

import re

# Short, frequent words that are distinctive for each language (not shared between them).
ENGLISH = frozenset(
    [
        "the",
        "and",
        "you",
        "your",
        "please",
        "would",
        "could",
        "what",
        "which",
        "with",
        "have",
        "this",
        "that",
        "from",
        "about",
        "my",
        "me",
        "i'm",
        "i",
        "is",
        "are",
        "was",
        "data",
        "delete",
        "request",
        "information",
        "thank",
        "thanks",
        "regards",
        "dear",
    ]
)
BOKMAL = frozenset(
    [
        "og",
        "jeg",
        "du",
        "deg",
        "dere",
        "meg",
        "min",
        "mitt",
        "mine",
        "har",
        "er",
        "ikke",
        "hva",
        "hvilke",
        "som",
        "med",
        "fra",
        "om",
        "til",
        "på",
        "vil",
        "ønsker",
        "gjerne",
        "takk",
        "hilsen",
        "hei",
        "opplysninger",
        "slette",
        "innsyn",
        "vennlig",
    ]
)
WORD = re.compile(r"[a-zæøå']+")
MIN_WORDS = 3  # fewer hits than this on either side: no guess, keep the default


def guess_language(text: str) -> str:
    """`en` when the text is clearly English, else `nb` (the default)."""
    words = WORD.findall(text.lower())
    english = sum(w in ENGLISH for w in words)
    norwegian = sum(w in BOKMAL for w in words)
    if english >= MIN_WORDS and english > 2 * norwegian:
        return "en"
    return "nb"
