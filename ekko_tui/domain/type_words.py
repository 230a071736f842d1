"""Suggest a request's type(s) from its subject and text, in bokmål, nynorsk and English.

A suggestion, not a decision: the inbox marks it until the user confirms it (key t), and the
CLI says which words decided it. Text that matches nothing is "other", never "access".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ekko_tui.domain.requests import REQUEST_TYPES

_W = r"(?:\s+\S+){0,3}?"  # up to three words in between: "trekker herved mitt samtykke"

# (type, patterns): each pattern is matched case-insensitively on whole words.
RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "access",
        (
            r"innsyn\w*",
            r"(?:hvilke|hva slags|hva for) (?:person)?opplysninger",
            r"(?:kva|kva slags|kva for) (?:person)?opplysning(?:ar|er)",
            r"hva dere har (?:lagret|registrert) om meg",
            r"kva de har (?:lagra|lagret|registrert) om meg",
            r"kopi av (?:mine |alle )?(?:person)?opplysning\w*",
            r"kopi av (?:mine |alle )?(?:data|dataene)",
            r"subject access",
            r"access request",
            r"right of access",
            r"copy of (?:all )?(?:my|the) (?:personal )?(?:data|information)",
            r"what (?:personal )?(?:data|information)(?: do)? you (?:hold|have|store|keep)",
            r"(?:article|artikkel|art\.?) ?15",
        ),
    ),
    (
        "erasure",
        (
            r"slett\w*",
            r"fjern(?:e|a)? (?:meg|mine|alle|opplysning\w*|dataene|data)",
            r"glem meg",
            r"gløym meg",
            r"bli (?:glemt|gløymd|gløymt)",
            r"delete(?:d)?",
            r"deletion",
            r"erase",
            r"erasure",
            r"remove (?:me|my)(?! from (?:your |the |this )?(?:mailing |e-?mail )?list)",
            r"forget me",
            r"right to be forgotten",
            r"(?:article|artikkel|art\.?) ?17",
        ),
    ),
    (
        "rectification",
        (
            r"rett(?:e|a)? opp",
            r"retting",
            r"korriger\w*",
            r"endr(?:e|a|ing)",
            r"feil (?:adresse|navn|namn|e-?post\w*|telefonnummer|opplysning\w*|fødselsdato)",
            r"oppdater\w*",
            r"rectif\w*",
            r"correct (?:my|the)",
            r"update my",
            r"wrong (?:address|name|e-?mail|phone)",
            r"incorrect",
            r"change my (?:address|name|e-?mail|phone)",
        ),
    ),
    (
        "objection",
        (
            r"avmeld\w*",
            r"meld(?:e)? meg av",
            r"ikke lenger (?:motta|få)",
            r"ikkje lenger (?:motta|få)",
            r"reserver\w*(?: meg)? mot",
            r"protester\w*",
            r"slutt(?:e)? å sende",
            r"ikk(?:e|je) send(?: meg)? (?:mer|meir|flere|fleire)",
            r"unsubscrib\w*",
            r"stop (?:e-?mailing|emailing|sending|contacting)",
            r"opt[- ]out",
            r"object\w* to",
            r"remove me from (?:your |the |this )?(?:mailing |e-?mail )?list",
            r"(?:article|artikkel|art\.?) ?21",
        ),
    ),
    (
        "withdraw_consent",
        (
            rf"trekk\w*{_W} samtykk\w*",
            rf"samtykk\w*{_W} (?:tilbake|attende)",
            rf"withdraw\w*{_W} consent",
            rf"revok\w*{_W} consent",
        ),
    ),
    (
        "portability",
        (
            r"dataportabilitet\w*",
            r"maskinlesbar\w*",
            r"portabilit\w*",
            r"machine[- ]readable",
            r"overf[øo]r\w* (?:mine |alle )?(?:data|opplysning\w*|dataene) til",
            r"(?:article|artikkel|art\.?) ?20",
        ),
    ),
    (
        "restriction",
        (
            r"begrens\w*",
            r"avgrens\w*",
            r"restrict\w*",
            r"(?:article|artikkel|art\.?) ?18",
        ),
    ),
)
_COMPILED = tuple(
    (code, tuple(re.compile(rf"(?<!\w){p}(?!\w)", re.IGNORECASE) for p in patterns))
    for code, patterns in RULES
)


@dataclass(frozen=True)
class TypeSuggestion:
    """The suggested type codes (canonical order) and the words that decided each."""

    types: tuple[str, ...]
    words: tuple[tuple[str, tuple[str, ...]], ...]  # (type, words found) for each type

    def explain(self) -> str:
        """`erasure (slett meg); objection (avmeld)` or `other (no known words)`."""
        if not self.words:
            return "other (no words for a known type)"
        return "; ".join(f"{code} ({', '.join(found)})" for code, found in self.words)


def _own_text(text: str) -> str:
    """The writer's own text: quoted lines (`> …`) of earlier mails are left out."""
    return "\n".join(line for line in text.split("\n") if not line.lstrip().startswith(">"))


def suggest_types(subject: str, body: str) -> TypeSuggestion:
    """The request type(s) the words of `subject` and `body` point to; "other" if none."""
    text = " ".join(f"{subject}\n{_own_text(body)}".split())
    words: list[tuple[str, tuple[str, ...]]] = []
    for code, patterns in _COMPILED:
        found: list[str] = []
        for pattern in patterns:
            for match in pattern.finditer(text):
                word = match.group(0).lower()
                if word not in found:
                    found.append(word)
        if found:
            words.append((code, tuple(found[:3])))
    if not words:
        return TypeSuggestion(("other",), ())
    order = list(REQUEST_TYPES)
    words.sort(key=lambda item: order.index(item[0]))
    return TypeSuggestion(tuple(code for code, _ in words), tuple(words))
