"""The access copy and the erasure letter built from the records (issue 13, "Done when"): one
person in Kajabi (contacts + transactions), Stripe (customers + payments), Fiken (customers +
invoices incl. a credit note) and Zoom. The copy's rows are checked system by system against
the test's own input files; no value appears under a system that did not hold it; the erasure
letter lists the kept documents by number, own date and keep-until date."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from ekko_tui.letters.builder import build_letter
from ekko_tui.letters.model import Heading, Para, Table
from ekko_tui.services.letter_context import context_for_request
from tests import document_samples as S
from tests.conftest import add_request
from tests.records_scenario import BJORN, EXPORTS, seed_person


def _export_row(name: str, delimiter: str, encoding: str, email: str) -> dict[str, str]:
    text = (EXPORTS / name).read_bytes().decode(encoding)
    for row in csv.DictReader(io.StringIO(text), delimiter=delimiter):
        if any(email in (v or "").strip().casefold() for v in row.values()):
            return {k: v.strip() for k, v in row.items() if k and v and v.strip()}
    raise AssertionError(f"{email} not in {name}")


def _sections(blocks) -> dict[str, list]:
    """The blocks under each heading."""
    out: dict[str, list] = {}
    current = ""
    for block in blocks:
        if isinstance(block, Heading):
            current = block.text
            out.setdefault(current, [])
        else:
            out.setdefault(current, []).append(block)
    return out


def _tables(blocks, first_column: str) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table) and b.columns[0] == first_column]


def _access(now):
    seed_person(now)
    rid = add_request(now, name="Bjørn Håland", contact=BJORN)
    ctx = context_for_request(rid, now.date())
    return ctx, build_letter("access", ctx, now.date())


def test_copy_system_by_system_from_the_input_files(db, now) -> None:
    _ctx, letter = _access(now)
    sections = _sections(letter.blocks)
    systems = {
        "fiken": "Fiken (regnskap og fakturaer)",
        "kajabi": "Kajabi (kurs og medlemskap)",
        "stripe": "Stripe (betalinger)",
        "zoom": "Zoom (nettmøter)",
    }
    headings = [b.text for b in letter.blocks if isinstance(b, Heading)]
    for label in systems.values():
        assert headings.count(label) == 1  # each system named once, as a heading
    expected = {
        "fiken": _export_row("fiken_kunder.csv", ";", "cp1252", BJORN),
        "kajabi": _export_row("kajabi_contacts.csv", ",", "utf-8", BJORN),
        "stripe": _export_row("stripe_unified_customers.csv", ",", "utf-8", BJORN),
    }
    for system, row in expected.items():
        (fields,) = _tables(sections[systems[system]], "Type")
        got = {(label, value) for _, label, value in fields.rows}
        assert got == set(row.items()), system  # every column of the row, exactly as exported
        assert len(fields.rows) == len(row)
    # Zoom holds no contact row: only the meetings.
    assert _tables(sections[systems["zoom"]], "Type") == []

    # No value appears under a system that did not hold it.
    for system, row in expected.items():
        for value in row.values():
            holders = {s for s, r in expected.items() if value in r.values()}
            for other, label in systems.items():
                if other in holders or other == "zoom":
                    continue
                cells = {c for t in _tables(sections[label], "Type") for r in t.rows for c in r}
                assert value not in cells, (value, system, other)

    # Documents with number, date and amount, system by system, by date.
    (fiken_docs,) = _tables(sections[systems["fiken"]], "Dokument")
    assert fiken_docs.rows == (
        ("Faktura", "10045", "02.09.2023", "1\u00a0490,00 NOK", "Kreditert"),
        ("Kreditnota (gjelder 10045)", "10046", "31.12.2023", "-1\u00a0490,00 NOK", "Kreditnota"),
    )
    (stripe_docs,) = _tables(sections[systems["stripe"]], "Dokument")
    assert [r[1:4] for r in stripe_docs.rows] == [
        ("ch_3Pa1", "01.01.2024", "1\u00a0490,00 NOK"),  # 23:30 UTC on 31 Dec is 1 Jan in Oslo
        ("ch_3Pa2", "14.03.2025", "2\u00a0990,00 NOK"),
        ("ch_3Pa2 refund", "02.04.2025", "-500,00 NOK"),
    ]
    (kajabi_docs,) = _tables(sections[systems["kajabi"]], "Dokument")
    assert [r[1:4] for r in kajabi_docs.rows] == [
        ("901", "08.11.2025", "1\u00a0490,00 NOK"),
        ("902", "09.11.2025", "-1\u00a0490,00 NOK"),
    ]
    (zoom_docs,) = _tables(sections[systems["zoom"]], "Dokument")
    assert {r[2] for r in zoom_docs.rows} == {"22.03.2025"} and len(zoom_docs.rows) == 3
    # The failed guest payment is someone else's: nowhere in his copy.
    assert "ch_" + "3Pa3" not in str(letter.blocks) and "gjest.person" not in str(letter.blocks)


def test_searched_systems_own_records_and_stale_exports(db, now) -> None:
    ctx, letter = _access(now)
    paras = [b.text for b in letter.blocks if isinstance(b, Para)]
    searched = next(p for p in paras if p.startswith("Vi har søkt i alle systemene"))
    for label in ("Fiken", "Kajabi", "Stripe", "Zoom"):
        assert f"{label}" in searched
    assert "Nyhetsbrev" not in searched  # never exported to EKKO: not a system searched
    assert "nyeste eksport 25. november 2026" in searched
    own = _sections(letter.blocks)["Henvendelser til EKKO"]
    (requests,) = _tables(own, "Sak")[:1]
    assert requests.rows[0][:4] == ("2026-001", "24.11.2026", "innsyn", "mottatt")
    assert not any("newest export" in w for w in letter.warnings)
    # 40 days later, unchanged exports are stale: the preview warns before sending.
    later = now.date() + timedelta(days=40)
    stale = build_letter("access", ctx, later).warnings
    assert any(w.startswith("Stripe's newest export is from 25 November 2026") for w in stale)
    assert any(w.startswith("Fiken's newest export") for w in stale)


def test_erasure_letter_kept_documents_and_dates(db, now) -> None:
    seed_person(now)
    rid = add_request(now, name="Bjørn Håland", contact=BJORN, types="erasure")
    letter = build_letter("erasure", context_for_request(rid, now.date()), now.date())
    (kept,) = [b for b in letter.blocks if isinstance(b, Table) and b.columns[0] == "Bilag"]
    assert sorted(r[:4] for r in kept.rows) == sorted(
        [
            ("Faktura 10045", "Fiken (regnskap og fakturaer)", "02.09.2023", "31.12.2028"),
            ("Kreditnota 10046", "Fiken (regnskap og fakturaer)", "31.12.2023", "31.12.2028"),
            ("Betaling ch_3Pa1", "Stripe (betalinger)", "01.01.2024", "31.12.2029"),
            ("Betaling ch_3Pa2", "Stripe (betalinger)", "14.03.2025", "31.12.2030"),
            ("Refusjon ch_3Pa2 refund", "Stripe (betalinger)", "02.04.2025", "31.12.2030"),
            ("Transaksjon 901", "Kajabi (kurs og medlemskap)", "08.11.2025", "31.12.2030"),
            ("Refusjon 902", "Kajabi (kurs og medlemskap)", "09.11.2025", "31.12.2030"),
        ]
    )
    assert S.FIKEN_SUM not in str(kept.rows)
    # What was erased: each system once (Kajabi holds his contact and his transactions), in
    # the letter's language.
    (erased,) = [b for b in letter.blocks if isinstance(b, Table) and b.columns[0] == "System"]
    systems = [r[0] for r in erased.rows]
    assert sorted(systems) == sorted(set(systems)) and len(systems) == 4
    zoom = next(r[1] for r in erased.rows if r[0].startswith("Zoom"))
    assert "møter og webinarer" in zoom and "meetings" not in zoom


def test_the_copy_renders_to_pdf_with_hostile_values(db, now) -> None:
    import io

    from pypdf import PdfReader

    from ekko_tui.letters.render import render_bytes
    from tests.store.documents_seed import doc, store_documents

    seed_person(now)
    # A value that looks like markup and a formula: printed literally.
    store_documents(
        "fiken", BJORN, [doc("invoice", "<b>77</b>&x", "2025-01-05", 100, status="=SUM(A1)")], now
    )
    rid = add_request(now, name="Bjørn Håland", contact=BJORN)
    letter = build_letter("access", context_for_request(rid, now.date()), now.date())
    pdf = render_bytes(letter, invariant=True)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    squeezed = " ".join(text.split())
    assert "<b>77</b>&x" in squeezed and "=SUM(A1)" in squeezed
    for value in ("10045", "10046", "ch_3Pa1", "Instagram", "4242", "cus_P1aB2cD3eF4gH5"):
        assert value in squeezed, value


def test_the_english_access_letter_holds_the_same_records_copy(db, now) -> None:
    ctx, nb_letter = _access(now)
    letter = build_letter("access", ctx, now.date(), lang="en")
    sections = _sections(letter.blocks)
    nb_sections = _sections(nb_letter.blocks)
    pairs = {
        "Fiken (accounts and invoices)": "Fiken (regnskap og fakturaer)",
        "Kajabi (courses and membership)": "Kajabi (kurs og medlemskap)",
        "Stripe (payments)": "Stripe (betalinger)",
        "Zoom (online meetings)": "Zoom (nettmøter)",
    }
    headings = [b.text for b in letter.blocks if isinstance(b, Heading)]
    for en_label, nb_label in pairs.items():
        assert headings.count(en_label) == 1
        # The same fields and values, exactly as exported, under the same system.
        en_fields = {r[1:] for t in _tables(sections[en_label], "Category") for r in t.rows}
        nb_fields = {r[1:] for t in _tables(nb_sections[nb_label], "Type") for r in t.rows}
        assert en_fields == nb_fields
        en_docs = [r[1] for t in _tables(sections[en_label], "Document") for r in t.rows]
        nb_docs = [r[1] for t in _tables(nb_sections[nb_label], "Dokument") for r in t.rows]
        assert en_docs == nb_docs and en_docs
    (fiken_docs,) = _tables(sections["Fiken (accounts and invoices)"], "Document")
    assert fiken_docs.rows[1][:4] == (
        "Credit note (refers to 10045)",
        "10046",
        "2023-12-31",
        "-1,490.00 NOK",
    )
    # The identifier-level table of the old copy is gone in English too.
    assert _tables(letter.blocks, "System") == []
    paras = [b.text for b in letter.blocks if isinstance(b, Para)]
    assert any(p.startswith("We searched every system") and "25 November 2026" in p for p in paras)
    own = _sections(letter.blocks)["Requests to EKKO"]
    assert _tables(own, "Case")[0].rows[0][:4] == (
        "2026-001",
        "2026-11-24",
        "access to your personal data",
        "received",
    )


def test_english_erasure_letter_names_kept_documents_in_english(db, now) -> None:
    seed_person(now)
    rid = add_request(now, name="Bjørn Håland", contact=BJORN, types="erasure")
    ctx = context_for_request(rid, now.date())
    letter = build_letter("erasure", ctx, now.date(), lang="en")
    (kept,) = [b for b in letter.blocks if isinstance(b, Table) and b.columns[0] == "Record"]
    assert sorted(r[0] for r in kept.rows) == sorted(
        [
            "Invoice 10045",
            "Credit note 10046",
            "Payment ch_3Pa1",
            "Payment ch_3Pa2",
            "Refund ch_3Pa2 refund",
            "Transaction 901",
            "Refund 902",
        ]
    )
    assert [r[3] for r in sorted(kept.rows)][:1] == ["2028-12-31"]
