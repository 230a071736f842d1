"""The PDFs: text as pypdf reads it, page breaks with repeated headers, escaping, stability."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from ekko_tui.domain.letters import LETTER_KINDS
from ekko_tui.letters.builder import build_letter
from ekko_tui.letters.fonts import font_dir
from ekko_tui.letters.portability import portability_zip_bytes, portable_csv
from ekko_tui.letters.render import ADDRESS_TOP, PAGE_H, WINDOW_LEFT, render_bytes, render_pdf

from .scenario import CTX, NAME, SAMI, TODAY, many_holdings, with_types

ALL_TEXTS = {
    "reasons": "Fakturaene må vi oppbevare.",
    "question": "Hvilket kurs gjelder det?",
    "granted": "Vi sletter kontoen.",
    "changes": "Adressen er rettet.",
    "details": "Alle kursdata.",
}


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_access_pdf_text_names_dates_and_complaint_block() -> None:
    pdf = render_bytes(build_letter("access", CTX, TODAY))
    texts = pages_text(pdf)
    text = "\n".join(texts)
    assert NAME in text  # æøå and Sámi letters survive embedding and extraction
    assert SAMI in text
    assert "Čáhcegeaidnu 12" in text and "9730 Kárášjohka" in text
    assert "Datatilsynet" in text
    assert "Postboks 458 Sentrum" in text
    assert "0105 Oslo" in text
    assert "www.datatilsynet.no" in text
    assert "alminnelige domstolene (artikkel 79)" in text
    assert "25. november 2026" in text and "2026-014" in text
    # Only recipients that hold this person's data are named (the scenario has no Zoom data).
    assert "Zoom Video Communications, Inc." not in text and "Kajabi LLC" in text
    n = len(texts)
    assert n >= 2 and f"Side 1 av {n}" in texts[0] and f"Side {n} av {n}" in texts[-1]


def test_the_font_is_embedded_and_covers_sami() -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    for file in ("FiraSans-Regular.ttf", "FiraSans-Bold.ttf"):
        cmap = TTFont("probe", str(font_dir() / file)).face.charToGlyph
        assert all(ord(ch) in cmap for ch in "æøåÆØÅ" + SAMI.replace(" ", ""))
    reader = PdfReader(io.BytesIO(render_bytes(build_letter("access", CTX, TODAY))))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts and all("FiraSans" in str(name) for name in fonts)
    descriptor = next(iter(fonts.values()))["/FontDescriptor"].get_object()
    assert "/FontFile2" in descriptor  # embedded TrueType, not a name the viewer must find


def test_extension_pdf_has_both_deadlines() -> None:
    ctx = with_types("access", extended_deadline=date(2027, 2, 24), deadline=date(2027, 2, 24))
    text = "\n".join(pages_text(render_bytes(build_letter("extension", ctx, TODAY, ALL_TEXTS))))
    assert "torsdag 24. desember 2026" in text
    assert "onsdag 24. februar 2027" in text


def test_erasure_pdf_has_the_keep_until_date() -> None:
    text = "\n".join(pages_text(render_bytes(build_letter("erasure", CTX, TODAY))))
    assert "31.12.2030" in text and "30.06.2029" in text
    assert "Bokføringsloven § 13" in text


def test_forty_holdings_span_pages_with_repeated_headers() -> None:
    pdf, pages = render_pdf(build_letter("access", many_holdings(40), TODAY))
    texts = pages_text(pdf)
    assert pages == len(texts) >= 4
    with_copy_header = [t for t in texts if "Opplysning Innhold" in t.replace("\n", " ")]
    # The copy table runs over several pages and its header row starts each of them.
    assert len(with_copy_header) >= 3
    for t in texts:
        assert "EKKO AS" in t  # letterhead or running header on every page
    assert f"Side {pages} av {pages}" in texts[-1]
    assert "id-039" in "".join(texts)


@pytest.mark.parametrize("text", ["<b>fet</b>", "Berg & Co", '<img src="x">', "<img src=x>"])
def test_markup_in_user_text_is_printed_literally(text: str) -> None:
    ctx = replace(CTX, subject=replace(CTX.subject, name=f"Lise {text}"))
    letter = build_letter("refusal", ctx, TODAY, {"reasons": f"Grunn: {text}", "note": text})
    pdf = render_bytes(letter)
    extracted = "\n".join(pages_text(pdf))
    assert f"Grunn: {text}" in extracted
    assert f"Lise {text}" in extracted  # the window address, drawn as plain text
    assert b"/Subtype /Image" not in pdf  # nothing was injected


def test_every_kind_renders_and_is_byte_stable_in_invariant_mode() -> None:
    ctx = with_types("access", extended_deadline=date(2027, 2, 24))
    for kind in LETTER_KINDS:
        letter = build_letter(kind, ctx, TODAY, ALL_TEXTS)
        first = render_bytes(letter, invariant=True)
        assert first == render_bytes(letter, invariant=True), kind
        assert first.startswith(b"%PDF-")
        assert "Side 1 av" in pages_text(first)[0]


def test_address_sits_in_the_envelope_window() -> None:
    reader = PdfReader(io.BytesIO(render_bytes(build_letter("access", CTX, TODAY))))
    found: list[tuple[float, float]] = []

    def visit(text, cm, tm, font, size):  # noqa: ANN001
        if text.startswith("Máret"):
            found.append((tm[4], tm[5]))

    reader.pages[0].extract_text(visitor_text=visit)
    x, y = found[0]
    mm = 72 / 25.4
    assert WINDOW_LEFT < x < WINDOW_LEFT + 10 * mm
    assert abs((PAGE_H - y) - ADDRESS_TOP) < 1


def test_portability_zip_json_and_csv() -> None:
    data = portability_zip_bytes(CTX, TODAY)
    assert data == portability_zip_bytes(CTX, TODAY)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist() == ["data.json", "data.csv"]
    doc = json.loads(archive.read("data.json"))
    assert doc["referanse"] == "2026-014" and doc["registrert"]["navn"] == NAME
    assert [s["system"] for s in doc["systemer"]] == ["kajabi", "stripe"]
    assert {"opplysning": "Merker", "verdi": SAMI} in doc["systemer"][0]["opplysninger"]
    csv_text = archive.read("data.csv").decode("utf-8")
    assert csv_text.startswith("\ufeffsystem,system_navn,id,opplysning,verdi\r\n")
    assert csv_text[1:] == portable_csv(CTX)
    assert f"kajabi,Kajabi (kurs og medlemskap),48213,Navn,{NAME}\r\n" in csv_text
    assert "fiken" not in csv_text
