"""Turn a request and the registers into a `LetterData`: every sentence and row, in bokmål (the
default) or English.

`build_letter(kind, ctx, today, free_texts, lang)` is pure: no clock, no database, no ReportLab.
What a letter states is decided in content.py for both languages; kinds.py / confirmations.py
word it in bokmål, english.py / english_confirmations.py in English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date

from ekko_tui.domain.deadlines import format_date
from ekko_tui.domain.letters import ELECTRONIC_CHANNELS, LETTER_KINDS, LetterKind
from ekko_tui.domain.requests import EXTENSION_KINDS
from ekko_tui.letters import confirmations, content, english, english_access, kinds
from ekko_tui.letters import english_confirmations as en
from ekko_tui.letters.model import (
    Block,
    Bullets,
    FreeField,
    Heading,
    LetterContext,
    LetterData,
    LetterError,
    Para,
    Table,
)
from ekko_tui.letters.page_words import LANGUAGES, long_date, word

# The heading of each letter kind, per language (the kinds themselves: domain/letters.py).
TITLES_NB: dict[str, str] = {
    "access": "Svar på begjæring om innsyn",
    "extension": "Vi trenger mer tid til å svare deg",
    "identity": "Vi trenger å bekrefte hvem du er",
    "clarification": "Vi ber deg presisere henvendelsen",
    "refusal": "Avslag på henvendelsen din",
    "partial_refusal": "Delvis avslag på henvendelsen din",
    "erasure": "Bekreftelse på sletting",
    "rectification": "Bekreftelse på retting",
    "restriction": "Bekreftelse på begrensning av behandlingen",
    "objection": "Bekreftelse: vi bruker ikke lenger opplysningene dine til markedsføring",
    "portability": "Opplysningene dine i maskinlesbart format",
}

TITLES: dict[str, dict[str, str]] = {"nb": TITLES_NB, "en": english.TITLES}
NO_DATA_TITLES = {
    "nb": "Svar på begjæring om innsyn: vi har bare henvendelsen din",
    "en": "Reply to your access request: we hold only your request",
}
CLOSINGS = {"nb": "Med vennlig hilsen", "en": "Yours sincerely"}

Builder = Callable[[LetterContext, date, dict[str, str], list[str]], list[Block]]

BUILDERS_NB: dict[str, Builder] = {
    "access": kinds.access,
    "extension": kinds.extension,
    "identity": kinds.identity,
    "clarification": kinds.clarification,
    "refusal": kinds.refusal,
    "partial_refusal": kinds.partial_refusal,
    "erasure": confirmations.erasure,
    "rectification": confirmations.rectification,
    "restriction": confirmations.restriction,
    "objection": confirmations.objection,
    "portability": confirmations.portability,
}
BUILDERS_EN: dict[str, Builder] = {
    "access": english_access.access,
    "extension": en.extension,
    "identity": en.identity,
    "clarification": en.clarification,
    "refusal": en.refusal,
    "partial_refusal": en.partial_refusal,
    "erasure": en.erasure,
    "rectification": en.rectification,
    "restriction": en.restriction,
    "objection": en.objection,
    "portability": en.portability,
}
BUILDERS: dict[str, dict[str, Builder]] = {"nb": BUILDERS_NB, "en": BUILDERS_EN}

EXTENSION_REASON_KINDS = tuple(EXTENSION_KINDS.items())

# What the identity letter asks for by default, by the channel the request came through: the
# person answers the way they wrote (never "from this e-mail address" to someone who texted).
IDENTITY_QUESTIONS = {
    "nb": {
        "email": "Svar oss fra e-postadressen du er registrert med hos oss, og oppgi "
        "kundenummeret ditt eller hvilket kurs eller produkt du har kjøpt.",
        "sms": "Send oss en SMS fra mobilnummeret du er registrert med hos oss, og oppgi "
        "kundenummeret ditt eller hvilket kurs eller produkt du har kjøpt.",
        "other": "Oppgi e-postadressen eller mobilnummeret du er registrert med hos oss, og "
        "kundenummeret ditt eller hvilket kurs eller produkt du har kjøpt.",
    },
    "en": {
        "email": "Please reply from the e-mail address you are registered with, and give your "
        "customer number or the course or product you bought.",
        "sms": "Please text us from the mobile number you are registered with, and give your "
        "customer number or the course or product you bought.",
        "other": "Please give the e-mail address or mobile number you are registered with, and "
        "your customer number or the course or product you bought.",
    },
}
DEFAULT_IDENTITY_QUESTION = IDENTITY_QUESTIONS["nb"]["email"]
PHONE_LINE = re.compile(r"^[+\d][\d\s().-]{5,}$")


def identity_question(channel: str, lang: str = "nb") -> str:
    questions = IDENTITY_QUESTIONS[_lang(lang)]
    if channel in ("sms", "phone"):
        return questions["sms"]
    return questions["email"] if channel == "email" else questions["other"]


def _lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise LetterError(
            f"Unknown letter language {lang!r}. Use one of: {', '.join(LANGUAGES)}.", "lang"
        )
    return lang


def fields_for(kind: str, ctx: LetterContext, lang: str = "nb") -> tuple[FreeField, ...]:
    """The free-text paragraphs of a kind, with defaults drawn from the request."""
    _kind(kind)
    req = ctx.request
    address = FreeField(
        "address",
        "Postal address (lines under the name; for the envelope window)",
        "\n".join(ctx.subject.address_lines),
    )
    note = FreeField("note", "Extra paragraph (optional)")
    specific: tuple[FreeField, ...] = ()
    if kind == "extension":
        specific = (
            FreeField(
                "reason_kind",
                "Reason (Art. 12(3))",
                req.extension_kind or "complexity",
                required=True,
                multiline=False,
                choices=EXTENSION_REASON_KINDS,
            ),
            FreeField("reasons", "The concrete reasons", req.extension_reason, required=True),
        )
    elif kind == "identity":
        specific = (
            FreeField(
                "question",
                "What we ask for",
                identity_question(req.channel, _lang(lang)),
                required=True,
            ),
        )
    elif kind == "clarification":
        specific = (FreeField("question", "What we ask the subject to clarify", required=True),)
    elif kind == "refusal":
        specific = (FreeField("reasons", "The reasons", req.outcome_note, required=True),)
    elif kind == "partial_refusal":
        specific = (
            FreeField("granted", "What we do grant", required=True),
            FreeField("reasons", "The reasons for the rest", req.outcome_note, required=True),
        )
    elif kind == "rectification":
        specific = (FreeField("changes", "What was corrected, where", required=True),)
    elif kind == "restriction":
        specific = (FreeField("details", "Which data and processing, until when", required=True),)
    return (address, *specific, note)


def _kind(kind: str) -> LetterKind:
    try:
        return LETTER_KINDS[kind]
    except KeyError:
        raise LetterError(
            f"Unknown letter kind {kind!r}. Use one of: {', '.join(LETTER_KINDS)}.", "kind"
        ) from None


def _texts(
    kind: str, ctx: LetterContext, free_texts: Mapping[str, str], lang: str
) -> dict[str, str]:
    """Defaults overlaid with what the user typed; required ones checked."""
    values: dict[str, str] = {}
    for f in fields_for(kind, ctx, lang):
        raw = free_texts.get(f.key)
        text = (raw if raw is not None else f.default).replace("\r\n", "\n").strip()
        if f.required and not text:
            raise LetterError(f"Write the paragraph '{f.label}' before the letter can go.", f.key)
        if f.choices and text not in {code for code, _ in f.choices}:
            raise LetterError(f"Choose one of the listed values for '{f.label}'.", f.key)
        values[f.key] = text
    return values


def _refuse_unchecked_no_data(kind: str, ctx: LetterContext) -> None:
    """A "no data" access answer waits while unlinked subjects match the requester."""
    if kind != "access" or not ctx.no_data_candidates:
        return
    if [h for h in ctx.holdings if h.system != "inbox"]:
        return
    listed = "; ".join(ctx.no_data_candidates)
    raise LetterError(
        f"This would say EKKO holds no data on the requester, but {len(ctx.no_data_candidates)} "
        f"subject(s) not linked to the request match them: {listed}. Link the right one (s in "
        "the request detail), or confirm that none of them is the person (ctrl+n here; "
        f"`ekko letter {ctx.request.ref} --none-match`).",
        "subject",
    )


def build_letter(
    kind: str,
    ctx: LetterContext,
    today: date,
    free_texts: Mapping[str, str] | None = None,
    lang: str = "nb",
) -> LetterData:
    """Every paragraph and row of one letter, dated `today`, in `lang` (nb or en)."""
    spec = _kind(kind)
    _refuse_unchecked_no_data(kind, ctx)
    lang = _lang(lang)
    texts = _texts(kind, ctx, free_texts or {}, lang)
    warnings: list[str] = []
    body: list[Block] = BUILDERS[lang][kind](ctx, today, texts, warnings)
    if texts["note"]:
        body.append(Para(texts["note"]))
    body.extend(english.contact(ctx) if lang == "en" else kinds.contact(ctx))
    if spec.final:
        body.extend(english.complaint_block() if lang == "en" else kinds.complaint_block())
    if spec.outcome and today > ctx.request.deadline:
        warnings.append(
            f"This letter is dated after the deadline ({format_date(ctx.request.deadline)}): "
            "send it at once and note why it is late."
        )
    address = tuple(line.strip() for line in texts["address"].split("\n") if line.strip())
    if any(PHONE_LINE.match(line) for line in address):
        # A phone number is no postal address: the envelope window shows name and address only.
        address = tuple(line for line in address if not PHONE_LINE.match(line))
        warnings.append(
            "A phone number was in the postal address: it is left out of the envelope window."
        )
    electronic = ctx.request.channel in ELECTRONIC_CHANNELS
    if spec.outcome and electronic:
        warnings.append(
            "The request came electronically: send this answer electronically too (the PDF by "
            "e-mail), unless the subject asked for paper (Art. 12(3))."
        )
    if not address and not electronic:
        warnings.append("No postal address: the envelope window will show the name only.")
    if not ctx.controller.email:
        warnings.append(
            "EKKO's contact e-mail is not recorded, so the letter gives only the postal address: "
            "add it in the registers (key 4, then c)."
        )
    title = TITLES[lang][kind]
    if kind == "access" and not content.has_data(ctx):
        title = NO_DATA_TITLES[lang]
    return LetterData(
        kind=kind,
        title=title,
        ref=ctx.request.ref,
        date=today,
        sender=ctx.controller,
        recipient_lines=(ctx.subject.name, *address) if ctx.subject.name else address,
        blocks=tuple(body),
        closing=(CLOSINGS[lang], ctx.controller.name, "", ctx.controller.contact_person),
        received=ctx.request.received,
        attachments=kinds.attachments(kind, ctx),
        warnings=tuple(warnings),
        lang=lang,
    )


def letter_text(letter: LetterData) -> str:
    """The letter as plain text: the preview screen and the content tests read this."""
    out = [*letter.recipient_lines, ""]
    lang = letter.lang
    out.append(
        f"{word('date', lang)}: {long_date(letter.date, lang)}    "
        f"{word('our_ref', lang)}: {letter.ref}"
    )
    out += ["", letter.title.upper(), ""]
    for block in letter.blocks:
        if isinstance(block, (Heading, Para)):
            out += [block.text, ""]
        elif isinstance(block, Bullets):
            out += [f"  • {item}" for item in block.items] + [""]
        elif isinstance(block, Table):
            out.append(" | ".join(block.columns))
            out += [" | ".join(row) for row in block.rows]
            out.append("")
    out += list(letter.closing)
    if letter.attachments:
        out += ["", f"{word('attachments', lang)}: " + "; ".join(letter.attachments)]
    return "\n".join(out)
