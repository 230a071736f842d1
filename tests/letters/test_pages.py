"""The pages as a reader sees them: the closing never alone on a page, nothing past the right
margin, body and tables on the letterhead's left edge, no line break inside `§ 13` and the
other tied phrases, and the PDF's document information (title, author, the letter's date).

Text per page comes from `pdftotext -layout` (poppler), ink from `pdftoppm` images."""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from ekko_tui.domain.letters import LETTER_KINDS
from ekko_tui.letters.builder import build_letter
from ekko_tui.letters.model import LetterData, Para, Table
from ekko_tui.letters.render import render_bytes
from tests.tools import require_tool

from .scenario import TODAY, many_holdings, with_types

TEXTS = {
    "reasons": "Opplysningene er regnskapsmateriale etter bokføringsloven § 13.",
    "question": "Hvilket kurs gjelder henvendelsen?",
    "granted": "Innsyn i kundeopplysningene.",
    "changes": "Adressen i Kajabi.",
    "details": "Markedsføring, til 31. desember 2029.",
}
TIED = ("§ 13", "artikkel 12 nr. 4", "31. desember 2029", "917 884 757", "kr 1 490,00")
DPI = 100
PX = DPI / 25.4  # pixels per mm


def _tool(name: str) -> str:
    return require_tool(name, "poppler-utils")


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page, laid out as printed, U+00A0 read as a space."""
    out = subprocess.run(
        [_tool("pdftotext"), "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return [
        page.replace("\u00a0", " ")
        for page in out.split("\f")[: len(PdfReader(io.BytesIO(pdf)).pages)]
    ]


def letter(kind: str, note: str = "", holdings: int | None = None) -> LetterData:
    ctx = with_types("access", extended_deadline=date(2027, 2, 24))
    if holdings is not None:
        ctx = replace(many_holdings(holdings), request=ctx.request)
    return build_letter(kind, ctx, TODAY, {**TEXTS, "note": note})


def _body_lines(page: str, closing: tuple[str, ...]) -> list[str]:
    """The page's lines that are neither page furniture nor the closing."""
    furniture = ("Org.nr.", "Vår referanse", "Our reference", "Vedlegg:", "Enclosures:")
    return [
        line
        for line in (raw.strip() for raw in page.splitlines())
        if line and line not in closing and not any(f in line for f in furniture)
    ]


def _closing_is_not_alone(data: LetterData) -> None:
    pages = page_texts(render_bytes(data, invariant=True))
    where = [n for n, page in enumerate(pages) if data.closing[0] in page]
    assert len(where) == 1
    body = _body_lines(pages[where[0]], data.closing)
    assert body, f"page {where[0] + 1} of {len(pages)} holds only the closing"
    # The complaint block (heading, text, Datatilsynet's address) is never split.
    for page in pages:
        if "Postboks 458 Sentrum" in page:
            assert "Klage" in page or "Complaints" in page


# Notes of growing length move the end of each letter across every point of its last page,
# so at some length the closing would fall onto a page of its own if it were not bound.
SENTENCE = "Vi har gått gjennom henvendelsen din en gang til og har ingenting å legge til. "


@pytest.mark.parametrize("kind", list(LETTER_KINDS))
def test_the_closing_is_never_alone_on_a_page(kind: str) -> None:
    for sentences in range(0, 36, 3):
        _closing_is_not_alone(letter(kind, SENTENCE * sentences))


@pytest.mark.parametrize("sentences", range(0, 30))
def test_the_closing_stays_with_the_last_paragraph_at_every_length(sentences: int) -> None:
    _closing_is_not_alone(letter("restriction", SENTENCE * sentences))


def test_long_tables_repeat_their_header_and_keep_rows_whole() -> None:
    rows = tuple((f"Rad {n}", f"start-{n} {SENTENCE * 2} slutt-{n}") for n in range(45))
    table = Table(("Radnummer", "Innhold i raden"), rows, (0.25, 0.75))
    data = replace(letter("access"), blocks=(Para("Tabellen:"), table))
    pages = page_texts(render_bytes(data, invariant=True))
    on = [n for n, page in enumerate(pages) if "start-" in page]
    assert len(on) >= 2
    for n in on:  # every page the table runs onto starts with its header row
        first_row = next(line for line in pages[n].splitlines() if "start-" in line)
        header_at = pages[n].find("Radnummer")
        assert 0 <= header_at < pages[n].find(first_row)
    for n in range(45):  # a row's first and last words are on the same page
        assert [i for i, page in enumerate(pages) if f"start-{n} " in page] == [
            i for i, page in enumerate(pages) if f"slutt-{n}\n" in page or f"slutt-{n} " in page
        ], n


def _ink_span(image: Image.Image, box_mm: tuple[float, float, float, float]) -> tuple[float, float]:
    """The leftmost and rightmost x (mm) of anything drawn (darker than near-white) inside a
    box given in mm from the top-left corner."""
    x0, y0, x1, y1 = (round(v * PX) for v in box_mm)
    region = image.convert("L").crop((x0, y0, x1, y1))
    box = region.point(lambda v: 255 if v < 245 else 0).getbbox()
    assert box is not None, f"nothing drawn in {box_mm}"
    return (x0 + box[0]) / PX, (x0 + box[2]) / PX


def _pages_as_images(pdf: bytes, tmp_path: Path) -> list[Image.Image]:
    source = tmp_path / "letter.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [_tool("pdftoppm"), "-r", str(DPI), "-gray", "-png", str(source), str(tmp_path / "p")],
        check=True,
    )
    return [Image.open(p) for p in sorted(tmp_path.glob("p-*.png"))]


def _hostile(data: LetterData) -> LetterData:
    """Text that tries to push past the margin: an unbroken 300-character word in a table
    cell and in a paragraph, and a long table of long cells."""
    word = "https://example.com/" + "x" * 280
    extra = (
        Para(f"Se {word} for mer."),
        Table(("Felt", "Verdi"), (("Lenke", word), ("Tekst", SENTENCE * 3)), (0.3, 0.7)),
    )
    return replace(data, blocks=(*data.blocks, *extra))


@pytest.mark.parametrize("kind", ["access", "erasure", "restriction", "refusal"])
def test_nothing_crosses_the_margins_and_the_body_starts_at_the_letterhead_edge(
    kind: str, tmp_path: Path
) -> None:
    data = _hostile(letter(kind, holdings=10))
    pages = _pages_as_images(render_bytes(data, invariant=True), tmp_path)
    assert len(pages) >= 2
    for n, page in enumerate(pages):
        assert abs(page.size[0] / PX - 210) < 1
        # Right of the fold and hole marks, the whole page keeps to the text column.
        left, right = _ink_span(page, (12, 0, 210, 297))
        assert right <= 190.3, f"page {n + 1}: ink reaches {right:.1f} mm"
        assert left >= 24.6, f"page {n + 1}: ink at {left:.1f} mm"
        # The body starts on the letterhead's left edge (not indented by a frame's padding).
        body_top = 95 if n == 0 else 30
        body_left, _ = _ink_span(page, (12, body_top, 210, 279))
        assert body_left <= 25.6, f"page {n + 1}: the body starts at {body_left:.1f} mm"


def test_no_line_breaks_inside_a_tied_phrase() -> None:
    # The same sentence behind prefixes of every length puts each phrase at every point of a
    # line, so without ties some would be cut at the line's end.
    sentence = (
        "etter bokføringsloven § 13 og artikkel 12 nr. 4 til 31. desember 2029 for "
        "org.nr. 917 884 757 og kr 1 490,00 i alt."
    )
    note = " ".join("a" * k + " " + sentence for k in range(1, 40))
    data = letter("refusal", note)
    cell = Table(
        ("Hjemmel",), tuple((f"{'b' * k} {sentence}",) for k in range(1, 30)), (0.3,) * 0 + (1.0,)
    )
    data = replace(data, blocks=(*data.blocks, cell))
    lines = [
        line
        for page in page_texts(render_bytes(data, invariant=True))
        for line in page.splitlines()
    ]
    for phrase in TIED:
        # 39 in the paragraph, 29 in the table: each found whole on one line.
        assert sum(line.count(phrase) for line in lines) >= 39 + 29, phrase


def _meta(pdf: bytes) -> tuple[str, str, date]:
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info is not None and info.creation_date is not None
    return str(info.title), str(info.author), info.creation_date.date()


@pytest.mark.parametrize("kind", list(LETTER_KINDS))
def test_metadata_title_author_and_the_letters_date(kind: str) -> None:
    day = date(2026, 12, 3)
    data = replace(letter(kind), date=day)
    title, author, created = _meta(render_bytes(data))
    assert (title, author, created) == (f"{data.title} – {data.ref}", "EKKO AS", day)


def test_breach_papers_carry_title_author_and_date() -> None:
    from ekko_tui.letters.breach_letter_en import art34_letter_en
    from ekko_tui.letters.breach_papers import altinn_sheet, art34_letter

    from .profile import EKKO_CONTROLLER
    from .test_breach_papers import FULL

    for data in (
        altinn_sheet(FULL, EKKO_CONTROLLER, TODAY),
        art34_letter(FULL, EKKO_CONTROLLER, TODAY, name="Åse"),
        art34_letter_en(FULL, EKKO_CONTROLLER, TODAY, name="Åse"),
    ):
        assert _meta(render_bytes(data)) == (f"{data.title} – {data.ref}", "EKKO AS", TODAY)
