"""Letters say only what is true, in bokmål and in English: recipients by role and only those that
got this person's data, transfers with their safeguard, nothing sent with a gap in the register.

The scenario has a processor (Kajabi, USA, SCC), a joint controller (Meta Ireland, onward to the
USA), an authority (Skatteetaten), an EEA recipient with an onward transfer (Stripe Payments
Europe → Stripe, Inc.), a category (advisers) and a recipient outside the EEA with no safeguard
(Zoom), which blocks the letter when the person is in Zoom.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from ekko_tui.domain.letters import LETTER_KINDS
from ekko_tui.letters.builder import build_letter, fields_for, letter_text
from ekko_tui.letters.model import Heading, Holding, LetterError, Notification, Para, Table

from .scenario import CTX, FIKEN, KAJABI, REQUEST, STRIPE, TODAY

LANGS = ("nb", "en")
INBOX = Holding("inbox", ("navn", "kontaktopplysninger", "henvendelsen din"), "2026-014")
ZOOM = Holding("zoom", ("navn", "e-post"), "z-1")
# Came in on Facebook: Meta (joint controller) received it; the inbox activity applies.
VIA_META = replace(
    CTX,
    request=replace(REQUEST, channel="facebook"),
    holdings=(KAJABI, STRIPE, FIKEN, INBOX),
)
FREE = {
    "extension": {"reasons": "Du har vært kunde i fem år og har data i fire systemer."},
    "clarification": {"question": "Gjelder det kurs eller Zoom?"},
    "refusal": {"reasons": "Henvendelsen gjelder en annen person."},
    "partial_refusal": {"granted": "Innsyn i kursdata.", "reasons": "Resten gjelder andre."},
    "rectification": {"changes": "Adressen er rettet i Fiken."},
    "restriction": {"details": "Markedsføring, til saken er avklart."},
}


def tables(letter) -> list[Table]:
    return [b for b in letter.blocks if isinstance(b, Table)]


def recipient_rows(letter) -> list[tuple[str, ...]]:
    """The rows of the recipient tables (those with a role column)."""
    return [row for t in tables(letter) if t.columns[1] in ("Rolle", "Role") for row in t.rows]


@pytest.mark.parametrize("lang", LANGS)
def test_each_recipient_named_with_its_role(lang: str) -> None:
    letter = build_letter("access", VIA_META, TODAY, lang=lang)
    roles = {row[0]: row[1] for row in recipient_rows(letter)}
    joint, processor, authority, adviser = {
        "nb": ("Felles behandlingsansvarlig", "Databehandler", "Offentlig myndighet",
               "Selvstendig behandlingsansvarlig"),
        "en": ("Joint controller", "Processor", "Public authority", "Independent controller"),
    }[lang]  # fmt: skip
    assert roles == {
        "Kajabi LLC": processor,
        "Fiken AS": processor,
        "Stripe Payments Europe, Ltd.": processor,
        "Meta Platforms Ireland Ltd.": joint,
        "Domeneshop AS": processor,
        "Skatteetaten": authority,
        "Rådgivere (kategori)": adviser,
    }
    text = letter_text(letter)
    # Never "on our behalf" over a joint controller or an authority.
    behalf = "på våre vegne" if lang == "nb" else "on our behalf"
    for line in text.splitlines():
        if behalf in line:
            assert "Meta" not in line and "Skatteetaten" not in line
    # The category says why no recipient can be named (CJEU C-154/21).
    assert "Vi bruker rådgivere bare når en bestemt sak krever det." in text
    # Google and Zoom never got this person's data: not named.
    assert "Google" not in text and "Zoom" not in text


@pytest.mark.parametrize("lang", LANGS)
def test_only_recipients_that_got_this_persons_data(lang: str) -> None:
    no_payments = replace(VIA_META, holdings=(KAJABI, INBOX))
    text = letter_text(build_letter("access", no_payments, TODAY, lang=lang))
    assert "Kajabi LLC" in text
    assert "Stripe" not in text and "Fiken AS" not in text
    by_mail = replace(no_payments, request=REQUEST)
    assert "Meta" not in letter_text(build_letter("access", by_mail, TODAY, lang=lang))


@pytest.mark.parametrize("lang", LANGS)
def test_transfers_direct_and_onward_with_their_safeguard(lang: str) -> None:
    letter = build_letter("access", VIA_META, TODAY, lang=lang)
    bullets = [b for b in letter.blocks if type(b).__name__ == "Bullets"]
    transfers = next(b.items for b in bullets if any("Kajabi LLC" in i for i in b.items))
    by_name = {item.split(" ")[0]: item for item in transfers}
    assert set(by_name) == {"Kajabi", "Stripe", "Meta"}
    assert "2021/914" in by_name["Kajabi"] and "46" in by_name["Kajabi"]
    for onward, to in (("Stripe", "Stripe, Inc."), ("Meta", "Meta Platforms, Inc.")):
        assert to in by_name[onward] and "2023/1795" in by_name[onward]
        assert ("USA" if lang == "nb" else "the USA") in by_name[onward]
    gjennomforing = "Kommisjonens gjennomføringsbeslutning" if lang == "nb" else "Commission"
    assert gjennomforing in by_name["Stripe"]
    assert "avklaring" not in letter_text(letter)


@pytest.mark.parametrize("lang", LANGS)
def test_recipient_outside_the_eea_without_safeguard_blocks(lang: str) -> None:
    recipients = tuple(
        replace(r, safeguard="unknown") if r.key == "zoom" else r for r in CTX.recipients
    )
    ctx = replace(VIA_META, recipients=recipients, holdings=(*VIA_META.holdings, ZOOM))
    with pytest.raises(LetterError) as blocked:
        build_letter("access", ctx, TODAY, lang=lang)
    assert "Zoom Video Communications, Inc." in blocked.value.message
    assert "ekko processors set zoom --safeguard" in blocked.value.message
    assert blocked.value.field == "recipients"
    # Not in Zoom: Zoom's gap does not concern this person's letter.
    assert build_letter("access", replace(ctx, holdings=VIA_META.holdings), TODAY, lang=lang)


def test_onward_transfer_without_safeguard_blocks() -> None:
    recipients = tuple(
        replace(r, safeguard="unknown") if r.key == "stripe" else r for r in CTX.recipients
    )
    with pytest.raises(LetterError) as blocked:
        build_letter("access", replace(VIA_META, recipients=recipients), TODAY)
    assert "Stripe, Inc." in blocked.value.message and "stripe --safeguard" in blocked.value.message


@pytest.mark.parametrize("lang", LANGS)
def test_sources_speak_to_the_person_and_only_those_that_apply(lang: str) -> None:
    text = letter_text(build_letter("access", VIA_META, TODAY, lang=lang))
    you = "Deg selv: " if lang == "nb" else "You: "
    assert you + "da du registrerte deg eller kjøpte" in text
    assert "Kortutstederen din gjennom Stripe" in text
    for third_person in ("Den registrerte", "Kunden", "Deltakeren"):
        assert third_person not in text
    assert "Nettleseren din" not in text  # the website activity does not apply to this person


@pytest.mark.parametrize("lang", LANGS)
def test_no_data_answer_states_purpose_retention_and_rights(lang: str) -> None:
    ctx = replace(CTX, holdings=(INBOX,))
    letter = build_letter("access", ctx, TODAY, lang=lang)
    text = letter_text(letter)
    only = "vi har bare henvendelsen din" if lang == "nb" else "we hold only your request"
    assert only in letter.title
    assert "artikkel 6 nr. 1 bokstav c" in text or "Article 6(1)(c)" in text
    assert "foreldelsesloven § 2" in text
    # Kept to 31 December of the third year after closing: the sweep's own date (issue 19).
    until = date(TODAY.year + 3, 12, 31)
    retention = next(line for line in text.splitlines() if "§ 2" in line)
    assert ("det tredje året" if lang == "nb" else "the third year") in retention
    assert (f"31. desember {until.year}" if lang == "nb" else f"31 December {until.year}") in text
    assert ("i tre år" if lang == "nb" else "for three years") not in text
    for article in ("16", "17", "18", "21"):
        assert article in text
    assert "Datatilsynet" in text


@pytest.mark.parametrize("lang", LANGS)
def test_art19_says_sent_only_with_dates(lang: str) -> None:
    ctx = replace(CTX, request=replace(REQUEST, types=("erasure",)))
    some = build_letter("erasure", ctx, TODAY, lang=lang)
    notices = next(t for t in tables(some) if t.columns[0] in ("Mottaker", "Recipient"))
    assert notices.rows == (
        ("Kajabi LLC", notices.rows[0][1], "25.11.2026" if lang == "nb" else "2026-11-25"),
        ("Stripe Payments Europe, Ltd.", notices.rows[1][1], notices.rows[1][2]),
        ("Fiken AS", notices.rows[2][1], "–"),
    )
    told = "Vi har gitt beskjed" if lang == "nb" else "We have told"
    assert told not in letter_text(some)
    everyone = replace(
        ctx,
        notifications=(*CTX.notifications, Notification("Fiken AS", date(2026, 11, 25))),
    )
    assert told in letter_text(build_letter("erasure", everyone, TODAY, lang=lang))


@pytest.mark.parametrize("lang", LANGS)
def test_erasure_says_the_request_is_deleted_and_what_is_kept(lang: str) -> None:
    ctx = replace(CTX, request=replace(REQUEST, types=("erasure",)))
    text = letter_text(build_letter("erasure", ctx, TODAY, lang=lang))
    assert "beholder vi, slik at vi kan dokumentere" not in text
    if lang == "nb":
        assert "sletter vi også henvendelsen din og brevene" in text
    else:
        assert "we also delete your request and the letters" in text


@pytest.mark.parametrize("lang", LANGS)
def test_erasure_keeps_the_audit_line_without_an_end_date(lang: str) -> None:
    """The hash-chained audit trail is never pruned: the letter names no date it ends, says the
    line holds no personal data, and rests keeping it on accountability (Art. 5(2))."""
    ctx = replace(CTX, request=replace(REQUEST, types=("erasure",)))
    letter = build_letter("erasure", ctx, TODAY, lang=lang)
    heading = ("Dette sletter vi også", "What else we delete")[LANGS.index(lang)]
    after = letter.blocks[letter.blocks.index(Heading(heading)) + 1 :]
    line = next(b.text for b in after if isinstance(b, Para))
    assert ctx.request.ref in line
    assert ("ingen personopplysninger om deg", "no personal data about you")[
        LANGS.index(lang)
    ] in line
    assert ("artikkel 5 nr. 2", "Article 5(2)")[LANGS.index(lang)] in line
    assert not re.search(r"\b(19|20)\d\d\b", line.replace(ctx.request.ref, ""))  # no end date
    for gone in ("til og med", "until", "desember", "December"):
        assert gone not in line


@pytest.mark.parametrize("lang", LANGS)
def test_pauses_rest_on_their_own_law(lang: str) -> None:
    clar = letter_text(build_letter("clarification", CTX, TODAY, FREE["clarification"], lang))
    assert "63" in clar and "01/2022" in clar
    assert "12 nr. 6" not in clar and "12(6)" not in clar
    ident = letter_text(build_letter("identity", CTX, TODAY, lang=lang))
    assert "12 nr. 6" in ident or "12(6)" in ident


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("reason", ["complexity", "number_of_requests"])
def test_extension_reason_names_complexity_or_number(lang: str, reason: str) -> None:
    ctx = replace(CTX, request=replace(REQUEST, extended_deadline=date(2027, 2, 24)))
    free = {**FREE["extension"], "reason_kind": reason}
    text = letter_text(build_letter("extension", ctx, TODAY, free, lang))
    word = {
        ("nb", "complexity"): "sammensatt.",
        ("nb", "number_of_requests"): "mange henvendelser samtidig.",
        ("en", "complexity"): "is complex.",
        ("en", "number_of_requests"): "a large number of requests at the same time.",
    }[(lang, reason)]
    assert word in text and "mer arbeid enn vanlig" not in text


@pytest.mark.parametrize("lang", LANGS)
def test_identity_by_sms_neither_windows_the_phone_nor_asks_for_email(lang: str) -> None:
    ctx = replace(CTX, request=replace(REQUEST, channel="sms"))
    letter = build_letter("identity", ctx, TODAY, {"address": "+47 915 55 123"}, lang)
    assert letter.recipient_lines == (CTX.subject.name,)
    assert letter.warnings and "phone number" in letter.warnings[0]
    text = letter_text(letter).lower()
    assert "e-postadressen du er registrert" not in text and "reply from the e-mail" not in text
    assert "sms" in text or "text us" in text


@pytest.mark.parametrize("lang", LANGS)
def test_refusal_gives_reasons_then_the_complaint_block(lang: str) -> None:
    letter = build_letter("refusal", CTX, TODAY, FREE["refusal"], lang)
    heads = [b.text for b in letter.blocks if isinstance(b, Heading)]
    assert heads == (["Begrunnelse", "Klage"] if lang == "nb" else ["Reasons", "Complaints"])
    assert "Vi skal begrunne" not in letter_text(letter)


def test_review_list_phrases_in_bokmal() -> None:
    both = replace(CTX, request=replace(REQUEST, types=("objection", "withdraw_consent")))
    obj = letter_text(build_letter("objection", both, TODAY))
    assert (
        "der du protesterte mot at vi bruker opplysningene dine til markedsføring, og trakk "
        "tilbake samtykket ditt" in obj
    )
    assert "lovligheten av behandlingen før samtykket ble trukket tilbake" in obj
    assert "hashverdi" in obj and "sjekksum" not in obj
    ident = letter_text(build_letter("identity", CTX, TODAY))
    assert (
        "Fristen for svaret vårt løper ikke fra i dag, 25. november 2026, og til vi har fått "
        "svaret ditt; deretter løper den videre fra der den stanset" in ident
    )
    restr = build_letter("restriction", CTX, TODAY, FREE["restriction"])
    assert restr.title == "Bekreftelse på begrensning av behandlingen"
    access = letter_text(build_letter("access", VIA_META, TODAY))
    assert "i fire systemer" in access and "+47 912 34 567" in access


def everything(kind: str, lang: str):
    ctx = replace(VIA_META, request=replace(REQUEST, extended_deadline=date(2027, 2, 24)))
    return build_letter(kind, ctx, TODAY, FREE.get(kind, {}), lang)


@pytest.mark.parametrize("kind", list(LETTER_KINDS))
def test_every_kind_in_english_has_no_bokmal_furniture(kind: str) -> None:
    letter = everything(kind, "en")
    assert letter.lang == "en" and letter.closing[0] == "Yours sincerely"
    text = letter_text(letter)
    for norwegian in ("Vi viser til", "Med vennlig hilsen", "artikkel ", "Klage\n", "Dato:"):
        assert norwegian not in text
    nb = everything(kind, "nb")
    assert nb.kind == letter.kind and len(tables(nb)) == len(tables(letter))


def test_english_identity_default_question_and_unknown_language() -> None:
    question = {f.key: f for f in fields_for("identity", CTX, "en")}["question"].default
    assert question.startswith("Please reply from the e-mail address")
    with pytest.raises(LetterError) as bad:
        build_letter("access", CTX, TODAY, lang="se")
    assert bad.value.field == "lang"
