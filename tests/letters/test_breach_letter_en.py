"""The Art. 34 letter in English (on request): the same facts as the bokmål letter, English
boilerplate and dates, no bokmål sentence of ours, and English page furniture in the PDF."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from ekko_tui.letters.breach_letter_en import art34_letter_en
from ekko_tui.letters.breach_papers import art34_letter
from ekko_tui.letters.builder import letter_text
from ekko_tui.letters.model import LetterError
from ekko_tui.letters.render import render_bytes

from .profile import EKKO_CONTROLLER
from .scenario import NAME, TODAY
from .test_breach_papers import FULL, headings, oslo

# Our own bokmål sentences and labels: none may appear in the English letter.
BOKMAL_BOILERPLATE = (
    "Vi skriver til deg",
    "Vi ble klar over",
    "personvernforordningen",
    "Hva som har skjedd",
    "Hva det kan bety for deg",
    "Hva vi har gjort",
    "Videre skal vi",
    "Opplysninger om deg som er berørt",
    "Kontaktpunkt",
    "Har du spørsmål",
    "Oppgi referansen",
    "Mener du at vi ikke",
    "kan du klage",
    "Med vennlig hilsen",
    "Årsak:",
    " kl. ",
    "Dato",
    "Vår referanse",
    "Side 1 av",
    "november",
    "oktober",
)

# The same breach recorded in English, so a whole English letter can be checked for bokmål.
ENGLISH_RECORD = replace(
    FULL,
    summary="A list of course buyers was sent to the wrong customer.",
    data_categories="name\ne-mail address, course bought",
    consequences="Unwanted e-mail; someone may learn which courses you bought.",
    measures_taken="The recipient has deleted the e-mail.",
    measures_planned="We are moving to Kajabi's own mailings.",
)


def english(facts=FULL, **kwargs):
    kwargs.setdefault("name", NAME)
    return art34_letter_en(facts, EKKO_CONTROLLER, TODAY, **kwargs)


def test_english_letter_content_and_dates() -> None:
    letter = english(address="Storgata 1\n1530 Moss", advice="Be wary of e-mails about courses.")
    text = letter_text(letter)
    assert letter.lang == "en" and letter.kind == "breach_art34"
    assert letter.recipient_lines == (NAME, "Storgata 1", "1530 Moss")
    assert headings(letter) == [
        "What happened",
        "What it may mean for you",
        "What we have done, and what we will do",
        "What you can do yourself",
        "Contact point",
        "Complaints",
    ]
    assert text.splitlines()[4] == "Date: 25 November 2026    Our reference: B-2026-03"
    # nature of the breach, consequences, measures (Art. 34(2) with 33(3)(b)–(d)): the record's
    assert FULL.summary in text and "Cause: Wrong attachment in a mail merge" in text
    assert "  • navn" in text and "  • kjøpt kurs" in text
    assert FULL.consequences in text
    assert FULL.measures_taken in text
    assert "Next, we will: " + FULL.measures_planned in text
    # the date of awareness in English, Oslo time
    assert "We became aware of it on 23 October 2026 at 10:00 (Norwegian time)." in text
    assert "personal data breach" in text and "Article 34 of the General Data Protection" in text
    # the contact point from the registers
    assert (
        "please contact Lars Erik Echoldt, post@ipogs.no, EKKO AS, Trollstubben 9A, 1535 Moss. "
        "Please quote the reference B-2026-03." in text
    )
    assert "under Article 77 of the GDPR to lodge a complaint" in text
    assert "with the Norwegian Data Protection Authority (Datatilsynet):" in text
    assert text.splitlines()[6] == "IMPORTANT: A PERSONAL DATA BREACH THAT CONCERNS YOU"
    assert "Postboks 458 Sentrum\n0105 Oslo\nNorway\nwww.datatilsynet.no" in text
    assert letter.closing == ("Yours sincerely", "EKKO AS", "", "Lars Erik Echoldt")
    assert letter.warnings == ()


def test_bokmal_letter_has_the_same_facts_and_stays_the_default() -> None:
    nb_text = letter_text(art34_letter(FULL, EKKO_CONTROLLER, TODAY, name=NAME))
    en_text = letter_text(english())
    assert art34_letter(FULL, EKKO_CONTROLLER, TODAY, name=NAME).lang == "nb"
    assert nb_text.splitlines()[2] == "Dato: 25. november 2026    Vår referanse: B-2026-03"
    assert "Vi ble klar over det 23. oktober 2026 kl. 10:00." in nb_text
    for fact in (
        FULL.summary,
        FULL.consequences,
        FULL.measures_taken,
        FULL.measures_planned,
        EKKO_CONTROLLER.email,
        "Lars Erik Echoldt",
        "B-2026-03",
    ):
        assert fact in nb_text and fact in en_text


def test_no_bokmal_boilerplate_in_the_english_letter() -> None:
    text = letter_text(english(ENGLISH_RECORD, address="Storgata 1\n1530 Moss"))
    for phrase in BOKMAL_BOILERPLATE:
        assert phrase not in text, phrase
    assert not set("æøåÆØÅ") & set(text.replace(NAME, "")), "bokmål letters in the English text"


def test_english_letter_shares_the_content_rules() -> None:
    with pytest.raises(LetterError) as info:
        english(replace(FULL, consequences=" "))
    assert info.value.field == "consequences"
    with pytest.raises(LetterError):
        english(replace(FULL, measures_taken="", measures_planned=""))
    warned = english(replace(FULL, risk="risk"))
    assert any("not assessed as high risk" in w for w in warned.warnings)
    assert any("No postal address" in w for w in warned.warnings)


def test_winter_time_awareness_in_english() -> None:
    text = letter_text(english(replace(FULL, aware_at=oslo("2026-11-24 09:05"))))
    assert "on 24 November 2026 at 09:05 (Norwegian time)." in text


def test_english_pdf_has_english_page_furniture() -> None:
    letter = english(ENGLISH_RECORD, address="Storgata 1\n1530 Moss")
    pdf = render_bytes(letter, invariant=True)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    flat = " ".join(text.split())
    for words in ("Our reference", "25 November 2026", "Page 1 of", "Yours sincerely"):
        assert words in flat, words
    for phrase in ("Dato", "Vår referanse", "Side 1 av", "Med vennlig hilsen", "november 2026 kl"):
        assert phrase not in flat, phrase
    assert reader.metadata is not None and reader.metadata.subject == "EKKO AS, reference B-2026-03"
    assert render_bytes(letter, invariant=True) == pdf  # byte-stable


def test_bokmal_pdf_keeps_its_page_furniture() -> None:
    pdf = render_bytes(art34_letter(FULL, EKKO_CONTROLLER, TODAY, name=NAME), invariant=True)
    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Vår referanse" in flat and "Side 1 av" in flat and "25. november 2026" in flat
    assert "Our reference" not in flat and "Page 1 of" not in flat
