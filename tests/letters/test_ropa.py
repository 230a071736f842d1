"""The Art. 30 record: the data behind it, and the PDF and CSV made from it."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from pypdf import PdfReader

from ekko_tui.domain.ropa import CSV_COLUMNS
from ekko_tui.letters.ropa import ropa_csv_text, write_ropa
from ekko_tui.store import register_seed as seed
from ekko_tui.store import register_writes as writes
from ekko_tui.store import registers as store

TODAY = date(2026, 11, 25)


@pytest.fixture
def ropa(db, now):
    seed.seed_registers(now, "lars")
    writes.set_controller_email("post@ipogs.no", now=now, actor="lars")
    advisers = next(p for p in store.processors(TODAY) if p.key == "advisers")
    values = {k: getattr(advisers, k) for k in advisers.fields.__dataclass_fields__}
    values.update(
        name="Rådgiver Ærø & Søn <b>AS</b>",
        country="NO",
        safeguard="eea",
        next_review="",
        dpa_date="",
        subprocessors_checked_on="",
        dpf_checked_on="",
    )
    writes.save_processor(advisers.id, values, now=now, actor="lars")
    return store.ropa_data(TODAY)


def test_ropa_data_names_recipients_and_transfers(ropa) -> None:
    by_name = {e.name: e for e in ropa.entries}
    assert len(by_name) == 8
    books = by_name["Bokføring"]
    assert books.lawful_basis.startswith("rettslig forpliktelse (artikkel 6 nr. 1 bokstav c)")
    assert "bokføringsloven § 13" in books.retention
    assert "5 år" in books.retention and "3,5 år" in books.retention
    comms = by_name["Kundekommunikasjon"]
    assert "Kajabi LLC (USA): Standard personvernbestemmelser" in comms.transfers
    assert "Zoom Video Communications, Inc. (USA): Overføringsgrunnlag ikke registrert ennå" in (
        comms.transfers
    )
    cookies = by_name["Informasjonskapsler for analyse og markedsføring"]
    assert cookies.transfers == (
        "Meta Platforms Ireland Limited (Irland) videre til Meta Platforms, Inc. (USA): "
        "EU–US Data Privacy Framework (Kommisjonens gjennomføringsbeslutning (EU) 2023/1795); "
        "Google Ireland Limited (Irland) videre til Google LLC (USA): "
        "Overføringsgrunnlag ikke registrert ennå (må kontrolleres)"
    )
    assert (
        "Stripe Payments Europe, Limited (Irland) videre til Stripe, Inc. (USA): "
        "EU–US Data Privacy Framework"
    ) in by_name["Bestillinger og levering"].transfers
    (stripe,) = [
        r for r in by_name["Bestillinger og levering"].recipients if r.name.startswith("Stripe")
    ]
    assert "overfører videre til Stripe, Inc. (USA), utenfor EØS" in stripe.line
    assert by_name["Nyhetsbrev og markedsføring på e-post"].lawful_basis.startswith("samtykke")
    assert ropa.controller_lines[0] == "EKKO AS, org.nr. 917884757"
    assert "Kontakt: post@ipogs.no" in ropa.controller_lines


def test_pdf_text_has_every_activity_and_recipient(ropa, tmp_path) -> None:
    out = write_ropa(ropa, tmp_path / "ropa.pdf")
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for entry in ropa.entries:
        assert entry.name in flat
        for recipient in entry.recipients:
            assert recipient.name in flat
    for line in ropa.controller_lines:
        assert line in flat
    assert "Sist oppdatert 25. november 2026" in flat
    assert "Protokoll over behandlingsaktiviteter" in flat
    assert "Rådgiver Ærø & Søn <b>AS</b>" in flat  # æøå and user text kept literally
    # The text is set in the embedded TrueType subset (ReportLab also lists an unused /F1).
    embedded = {
        str(font["/BaseFont"])
        for page in reader.pages
        for ref in page["/Resources"]["/Font"].values()
        if "/FontDescriptor" in (font := ref.get_object())
        and "/FontFile2" in font["/FontDescriptor"].get_object()
    }
    assert {f.split("+")[-1] for f in embedded} == {
        "FiraSans-Regular",
        "FiraSans-Bold",
    }
    assert not list(tmp_path.glob("*.part"))


def test_csv_has_one_row_per_activity(ropa, tmp_path) -> None:
    out = write_ropa(ropa, tmp_path / "ropa.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens æøå correctly
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) == 1 + len(ropa.entries)
    books = next(r for r in rows if r[4] == "Bokføring")
    assert books[0:4] == [
        "EKKO AS",
        "917884757",
        "Trollstubben 9A, 1535 Moss, post@ipogs.no",
        "2026-11-25",
    ]
    assert "Fiken AS — Databehandler, Norge" in books[9]
    assert ropa_csv_text(ropa).count("\r\n") == len(rows)


def test_other_formats_are_refused(ropa, tmp_path) -> None:
    with pytest.raises(ValueError, match=".pdf or .csv"):
        write_ropa(ropa, tmp_path / "ropa.docx")


def test_breach_register_named_only_where_kept(ropa, now, tmp_path) -> None:
    from ekko_tui.domain.ropa import build_ropa
    from ekko_tui.store import breaches

    assert ropa.breach_register.startswith("Brudd på personopplysningssikkerheten føres i et")
    assert "0 brudd registrert per 2026-11-25" in ropa.breach_register
    new, _ = breaches.new_breach(aware="2026-11-24 10:00", summary="x", now=now)
    breaches.create_breach(new, now=now, actor="lars")
    again = store.ropa_data(TODAY)
    assert "1 brudd registrert" in again.breach_register
    flat = " ".join(
        " ".join(
            p.extract_text() for p in PdfReader(write_ropa(again, tmp_path / "r.pdf")).pages
        ).split()
    )
    assert "Organisatoriske sikkerhetstiltak" in flat and "avviksregister i ekko" in flat
    # a record built without a register (None) says nothing about one
    bare = build_ropa(again.controller, [], [], TODAY)
    assert bare.breach_register == ""


def test_pdf_has_the_letters_design_and_says_unknown_in_bokmal(ropa, tmp_path) -> None:
    import subprocess

    from ekko_tui.letters.ropa import RECIPIENT_COLUMNS

    out = write_ropa(ropa, tmp_path / "ropa.pdf")
    reader = PdfReader(out)
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    total = len(pages)
    assert total >= 2
    for n, page in enumerate(pages, 1):
        # Letterhead, footer with the page count and the date, on every page.
        assert page.count("EKKO AS") >= 2 and f"Side {n} av {total}" in page
        assert "Sist oppdatert 25. november 2026" in page
    flat = " ".join(pages)
    assert "record of processing" not in flat.lower()  # no English in the record
    # An unknown country is said in words; no "?" stands for a missing fact.
    unknown = [r for r in ropa.processors if not r.country]
    assert unknown and "?" not in flat
    layout = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    rows = [line for line in layout.splitlines() if any(r.name in line for r in unknown)]
    assert rows and all("ukjent" in line for line in rows)
    # Every header word of the recipient table stands whole on one line.
    header = next(line for line in layout.splitlines() if line.strip().startswith("Navn"))
    assert header.split() == [w for h in RECIPIENT_COLUMNS for w in h.split()]
    info = reader.metadata
    assert info is not None and info.creation_date is not None
    assert info.author == "EKKO AS" and "Protokoll over behandlingsaktiviteter" in info.title
    assert info.creation_date.date() == date(2026, 11, 25)


def test_column_widths_never_split_a_header_word() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from ekko_tui.letters.fonts import BOLD, register_fonts
    from ekko_tui.letters.ropa import CELL_PAD, column_widths

    register_fonts()
    headers = ("Nr", "Overføringsgrunnlagsvurdering", "Land")
    widths = column_widths(headers, (0.45, 0.1, 0.45), 300, BOLD, 9)
    assert abs(sum(widths) - 300) < 0.1
    for header, width in zip(headers, widths, strict=True):
        longest = max(stringWidth(w, BOLD, 9) for w in header.split())
        assert longest + 2 * CELL_PAD <= width
