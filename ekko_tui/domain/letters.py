"""The letter kinds: what each answers, and what sending it does to the request."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LetterKind:
    code: str
    label: str  # English, for the UI and the CLI
    outcome: str | None = None  # sending it can close the request with this outcome
    final: bool = True  # an answer (complaint block) rather than a question
    starts_pause: str | None = None  # sending it stops the clock (pause kind)
    extends: bool = False  # sending it records the two-month extension


LETTER_KINDS: dict[str, LetterKind] = {
    k.code: k
    for k in (
        LetterKind("access", "Access (Art. 15)", "answered"),
        LetterKind("extension", "Extension notice (Art. 12(3))", extends=True),
        LetterKind(
            "identity", "Request for identity (Art. 12(6))", final=False, starts_pause="identity"
        ),
        LetterKind(
            "clarification",
            "Request for clarification (Recital 63)",
            final=False,
            starts_pause="clarification",
        ),
        LetterKind("refusal", "Refusal (Art. 12(4))", "refused"),
        LetterKind("partial_refusal", "Partial refusal (Art. 12(4))", "partly_refused"),
        LetterKind("erasure", "Erasure confirmation (Art. 17)", "answered"),
        LetterKind("rectification", "Rectification confirmation (Art. 16)", "answered"),
        LetterKind("restriction", "Restriction confirmation (Art. 18)", "answered"),
        LetterKind("objection", "Objection / unsubscribe confirmation (Art. 21)", "answered"),
        LetterKind(
            "portability", "Portability: data files + covering letter (Art. 20)", "answered"
        ),
    )
}

# The letter a request type usually ends with.
DEFAULT_KIND = {
    "access": "access",
    "rectification": "rectification",
    "erasure": "erasure",
    "restriction": "restriction",
    "portability": "portability",
    "objection": "objection",
    "withdraw_consent": "objection",
}

SEND_METHODS: dict[str, str] = {
    "post": "By post",
    "email": "By e-mail",
    "hand": "By hand",
    "other": "Other",
}


# Channels that make a request "electronic": Art. 12(3) then wants an electronic answer.
ELECTRONIC_CHANNELS = ("email", "form", "sms", "facebook", "instagram")

# How a letter usually goes back, by the channel the request came in on.
DEFAULT_SEND_METHOD = {
    "email": "email",
    "form": "email",
    "sms": "other",
    "facebook": "other",
    "instagram": "other",
    "letter": "post",
    "phone": "post",
    "in_person": "hand",
}


def default_kind(types: tuple[str, ...]) -> str:
    """The letter kind that answers the first request type (access when unsure)."""
    for t in types:
        if t in DEFAULT_KIND:
            return DEFAULT_KIND[t]
    return "access"
