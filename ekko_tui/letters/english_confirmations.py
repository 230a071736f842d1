"""The English letters that ask, extend, refuse or confirm (the access letter: english.py).

Same facts as the bokmål kinds.py and confirmations.py; only the words differ.
"""

from __future__ import annotations

from datetime import date

from ekko_tui.domain.erasure_fates import DOCUMENT_NB
from ekko_tui.domain.records import DOCUMENT_KINDS
from ekko_tui.domain.retention import keep_until
from ekko_tui.letters import content, kinds
from ekko_tui.letters.english import (
    Texts,
    clock_stops,
    day_date,
    intro,
    notified_block,
    short_date,
    system_label,
    words,
)
from ekko_tui.letters.model import Block, Heading, LetterContext, Para, Table

EXTENSION_REASONS = {
    "complexity": "We are extending the time limit because your request is complex.",
    "number_of_requests": "We are extending the time limit because we have received a large "
    "number of requests at the same time.",
}
RECORD_KINDS = {
    "primary": "primary documentation, 5 years after the end of the financial year",
    "secondary": "secondary documentation, 3.5 years after the end of the financial year",
}


# A kept record is stored as the bokmål erasure wrote it ("Faktura 10045"): its document kind
# is said in English here; the number (and any other text) stays as recorded.
_KIND_EN = {nb_word: DOCUMENT_KINDS[key] for key, nb_word in DOCUMENT_NB.items()}


def kept_label(description: str) -> str:
    """`Invoice 10045` for `Faktura 10045`."""
    word, sep, rest = description.partition(" ")
    return f"{_KIND_EN[word]}{sep}{rest}" if word in _KIND_EN else description


def extension(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    req = ctx.request
    kinds.check_extension(ctx, today)
    assert req.extended_deadline is not None
    return [
        intro(ctx),
        Para(
            "Under Article 12(3) GDPR we must reply within one month, that is by "
            f"{day_date(req.first_deadline)} at the latest. Where a request is complex, or we "
            "have received a large number of requests, we may extend this by up to two further "
            "months. We must then tell you, with the reasons, before the first time limit ends."
        ),
        Para(
            "We are extending the time limit. You will have our reply by "
            f"{day_date(req.extended_deadline)} at the latest."
        ),
        Heading("Why we need more time"),
        Para(EXTENSION_REASONS[texts["reason_kind"]]),
        Para(texts["reasons"]),
        Para("We will send the reply as soon as it is ready, and no later than the new date."),
    ]


def identity(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    return [
        intro(ctx),
        Para(
            "Before we reply, we must be sure that the request comes from you, so that your data "
            "does not reach the wrong person (Article 12(6) GDPR)."
        ),
        Heading("What we ask you for"),
        Para(texts["question"]),
        Para(
            "Please do not send us a copy of your passport, driving licence or other ID. We ask "
            "only for what we need to recognise you, and we keep no copies of ID."
        ),
        clock_stops(today, "Article 12(6) GDPR"),
    ]


def clarification(
    ctx: LetterContext, today: date, texts: Texts, warnings: list[str]
) -> list[Block]:
    return [
        intro(ctx),
        Para(
            "We process a large quantity of information about you. To give you a precise and "
            "complete reply, we ask you to specify which information or which processing your "
            "request concerns (Recital 63 GDPR)."
        ),
        Heading("What we ask you for"),
        Para(texts["question"]),
        Para("If you want everything we hold about you, simply reply saying so."),
        clock_stops(today, "Recital 63 and the EDPB Guidelines 01/2022 on the right of access"),
    ]


def refusal(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    return [
        intro(ctx),
        Para(
            "We have considered your request and concluded that we cannot comply with it "
            "(Article 12(4) GDPR)."
        ),
        Heading("Reasons"),
        Para(texts["reasons"]),
    ]


def partial_refusal(
    ctx: LetterContext, today: date, texts: Texts, warnings: list[str]
) -> list[Block]:
    return [
        intro(ctx),
        Para(
            "We have considered your request and concluded that we can comply with it in part "
            "(Article 12(4) GDPR)."
        ),
        Heading("What we will do"),
        Para(texts["granted"]),
        Heading("What we cannot do, and why"),
        Para(texts["reasons"]),
    ]


# ---------------------------------------------------------------- confirmations


def erasure(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    kept_systems = {k.system for k in ctx.kept_records}
    erased = [h for h in ctx.holdings if h.system not in content.RECORD_SYSTEMS]
    out: list[Block] = [
        intro(ctx),
        Para(
            "We have erased your personal data, with the exceptions set out below "
            "(Article 17 GDPR)."
        ),
        Heading("What we have erased"),
    ]
    if erased:
        out.append(
            Table(
                ("System", "Data"),
                tuple(
                    (
                        system_label(h.system, h.label),
                        words(h.categories)
                        + (" (except the records below)" if h.system in kept_systems else ""),
                    )
                    for h in erased
                ),
                (0.35, 0.65),
            )
        )
    else:
        out.append(Para("We found no data about you that could be erased."))
    out.append(Heading("What we must keep"))
    if ctx.kept_records:
        out += [
            Para(
                "The Norwegian Bookkeeping Act (bokføringsloven § 13) requires us to keep "
                "accounting records for a set time, so we cannot erase these yet (Article "
                "17(3)(b)). Until then we use them only to meet that duty, and for nothing else. "
                "Then we delete them."
            ),
            Table(
                ("Record", "System", "Date", "Kept until", "Why"),
                tuple(
                    (
                        kept_label(k.description),
                        system_label(k.system),
                        short_date(k.document_date),
                        short_date(keep_until(k.document_date, k.kind)),
                        "Bookkeeping Act § 13: " + RECORD_KINDS[k.kind],
                    )
                    for k in sorted(ctx.kept_records, key=lambda k: (k.document_date, k.system))
                ),
                (0.2, 0.2, 0.13, 0.15, 0.32),
            ),
        ]
    else:
        out.append(Para("We hold no accounting records about you that we must keep."))
    out += [
        Heading("What else we delete"),
        Para(
            "Once you have this letter, we also delete your request and the letters we have "
            "sent you. About the case we keep only a line in our log with the reference "
            f"{ctx.request.ref}, the dates, what we did and a hash of this letter. The line holds "
            "no personal data about you, neither your name nor anything else. We keep it in our "
            "log to document that we erased your data (Article 5(2))."
        ),
    ]
    out += notified_block(ctx, "erasure", {h.system for h in erased})
    return out


def rectification(
    ctx: LetterContext, today: date, texts: Texts, warnings: list[str]
) -> list[Block]:
    return [
        intro(ctx),
        Para(
            "We have rectified your data as you asked (Article 16 GDPR). This is what we changed:"
        ),
        Para(texts["changes"]),
        *notified_block(ctx, "rectification"),
    ]


def restriction(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    return [
        intro(ctx),
        Para(
            "We have restricted the processing of your data (Article 18 GDPR). We still store "
            "it, but use it for nothing other than what you consent to, or what is needed to "
            "establish, exercise or defend legal claims or to protect the rights of others."
        ),
        Heading("What the restriction covers"),
        Para(texts["details"]),
        Para("We will tell you before the restriction is lifted (Article 18(3))."),
        *notified_block(ctx, "restriction"),
    ]


def objection(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    out: list[Block] = [
        intro(ctx),
        Para(
            "We have acted on your objection. We have stopped using your data for marketing, "
            "and you have been removed from the newsletter and other mailings (Article 21(2) "
            "and (3) GDPR)."
        ),
        Para(
            "So that you are not added again when we later import customer lists, we keep a "
            "suppression entry: a hash of your e-mail address, the date and the reason. It "
            "cannot be used to send you anything."
        ),
        Para(
            "You may still receive e-mail needed for something you bought, such as receipts and "
            "messages about courses you are enrolled in."
        ),
    ]
    if "withdraw_consent" in ctx.request.types:
        out.append(
            Para(
                "Withdrawing your consent does not affect the lawfulness of processing before "
                "the consent was withdrawn (Article 7(3))."
            )
        )
    return out


def portability(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    portable = [h for h in ctx.holdings if h.portable]
    zip_name = kinds.portability_zip_name(ctx.request.ref)
    out: list[Block] = [intro(ctx)]
    if not portable:
        warnings.append("No holding is marked as provided by the subject: the files are empty.")
        out.append(
            Para(
                "We hold no data that you gave us and that we process on the basis of consent "
                "or a contract. The enclosure is therefore empty."
            )
        )
    else:
        out += [
            Para(
                "Enclosed is the data you gave us and that we process on the basis of consent or "
                "a contract, in a structured, machine-readable format (Article 20 GDPR). You may "
                "take it with you to another service."
            ),
            Heading("What the files contain"),
            Table(
                ("System", "Data"),
                tuple((system_label(h.system, h.label), words(h.categories)) for h in portable),
                (0.35, 0.65),
            ),
        ]
    out += [
        Heading("Enclosure"),
        Para(f"The file {zip_name} contains:"),
        Table(
            ("File", "Format"),
            (
                ("data.json", "JSON (UTF-8): all the data, grouped by system"),
                ("data.csv", "CSV (UTF-8, comma-separated): one line per item"),
            ),
            (0.3, 0.7),
        ),
        Para(
            "Data we received from others, or process because the law requires it (such as "
            "accounting records), is not covered by the right to data portability. You may "
            "still have access to it (Article 15)."
        ),
    ]
    return out
