"""Exact content of every letter kind, from the fixed scenario (data, before any PDF)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ekko_tui.domain.letters import LETTER_KINDS
from ekko_tui.letters.builder import build_letter, fields_for, letter_text
from ekko_tui.letters.model import Heading, LetterError, Para, Table

from .scenario import CTX, NAME, REQUEST, TODAY, with_types

COMPLAINT = [
    Heading("Klage"),
    Para(
        "Hvis du mener at vi ikke har behandlet henvendelsen din eller personopplysningene dine "
        "i samsvar med regelverket, kan du klage til Datatilsynet (personvernforordningen "
        "artikkel 77):"
    ),
    Para("Datatilsynet\nPostboks 458 Sentrum\n0105 Oslo\nwww.datatilsynet.no"),
    Para("Du kan også bringe saken inn for de alminnelige domstolene (artikkel 79)."),
]
CONTACT = Para(
    "Har du spørsmål, kan du skrive til oss på post@ipogs.no eller til EKKO AS, Trollstubben "
    "9A, 1535 Moss. Oppgi referansen 2026-014."
)


def intro(asked: str) -> Para:
    return Para(
        f"Vi viser til henvendelsen din per e-post, mottatt 24. november 2026, der du ba om "
        f"{asked}."
    )


def tables(letter) -> list[Table]:
    return [b for b in letter.blocks if isinstance(b, Table)]


def headings(letter) -> list[str]:
    return [b.text for b in letter.blocks if isinstance(b, Heading)]


def test_letters_never_cite_the_repealed_2000_act() -> None:
    for kind in LETTER_KINDS:
        texts = {"reasons": "x", "question": "x", "granted": "x", "changes": "x", "details": "x"}
        ctx = with_types("access", extended_deadline=date(2027, 2, 24))
        text = letter_text(build_letter(kind, ctx, TODAY, texts))
        assert "§ 18" not in text and "§ 27" not in text and "§ 28" not in text
        assert "personopplysningsloven" not in text
        assert "30 dager" not in text


def test_extension_refused_after_the_first_deadline_and_without_reasons() -> None:
    ctx = with_types("access", extended_deadline=date(2027, 2, 24))
    # On the first deadline itself it is still allowed.
    build_letter("extension", ctx, date(2026, 12, 24), {"reasons": "Mange systemer."})
    with pytest.raises(LetterError, match="first deadline .* has passed") as late:
        build_letter("extension", ctx, date(2026, 12, 27), {"reasons": "Mange systemer."})
    assert late.value.field == "date"
    with pytest.raises(LetterError, match="The concrete reasons") as empty:
        build_letter("extension", ctx, TODAY, {"reasons": "   "})
    assert empty.value.field == "reasons"


def test_portability_covering_letter() -> None:
    letter = build_letter("portability", with_types("portability"), TODAY)
    assert letter.attachments == ("EKKO-2026-014-dataportabilitet.zip",)
    contents, files = tables(letter)
    # Fiken is kept under a legal duty: not portable.
    assert contents.rows == (
        ("Kajabi (kurs og medlemskap)", "Navn, e-post, telefon, kjøpte kurs, innlogginger"),
        ("Stripe (betalinger)", "Navn, e-post, kortmerke og siste fire sifre, betalinger"),
    )
    assert [r[0] for r in files.rows] == ["data.json", "data.csv"]
    assert Para("Filen EKKO-2026-014-dataportabilitet.zip inneholder:") in letter.blocks


def test_free_fields_and_defaults() -> None:
    keys = {k: [f.key for f in fields_for(k, CTX)] for k in LETTER_KINDS}
    assert keys["access"] == ["address", "note"]
    assert keys["extension"] == ["address", "reason_kind", "reasons", "note"]
    assert keys["partial_refusal"] == ["address", "granted", "reasons", "note"]
    ctx = replace(CTX, request=replace(REQUEST, outcome_note="Fordi loven sier det."))
    refusal = build_letter("refusal", ctx, TODAY)
    assert Para("Fordi loven sier det.") in refusal.blocks
    with pytest.raises(LetterError, match="Unknown letter kind"):
        build_letter("poem", CTX, TODAY)
    with pytest.raises(LetterError, match="Choose one of"):
        build_letter(
            "extension",
            with_types("access", extended_deadline=date(2027, 2, 24)),
            TODAY,
            {"reasons": "x", "reason_kind": "effort"},
        )


def test_user_text_is_kept_as_typed() -> None:
    note = "Se <b>vedlegg</b> & <img src=x>\nNy linje"
    letter = build_letter(
        "access", CTX, TODAY, {"note": note, "address": "  Gate 1 \n\n 0150 Oslo "}
    )
    assert Para(note) in letter.blocks
    assert letter.recipient_lines == (NAME, "Gate 1", "0150 Oslo")
    by_post = with_types("access", channel="letter")
    no_address = build_letter("access", by_post, TODAY, {"address": ""})
    assert no_address.recipient_lines == (NAME,)
    assert no_address.warnings == (
        "No postal address: the envelope window will show the name only.",
    )
