"""The portability package (Art. 20) from the records: an index plus one JSON and one CSV per
system with portable data; JSON parses, CSV opens, the values of the input files are there,
formula cells are neutralised, and accounting records (Fiken) are left out."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from ekko_tui.letters.builder import build_letter
from ekko_tui.letters.model import Table
from ekko_tui.letters.portability import neutralise, portability_zip_bytes
from ekko_tui.services.letter_context import context_for_request
from tests.conftest import add_request
from tests.records_scenario import BJORN, seed_person
from tests.store.documents_seed import doc, store_documents


def _package(now, *extra_docs):
    seed_person(now)
    if extra_docs:
        store_documents("kajabi", BJORN, list(extra_docs), now)
    rid = add_request(now, name="Bjørn Håland", contact=BJORN, types="portability")
    ctx = context_for_request(rid, now.date())
    data = portability_zip_bytes(ctx, now.date())
    return ctx, zipfile.ZipFile(io.BytesIO(data)), data


def _csv(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    text = archive.read(name).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_package_files_parse_and_hold_the_values(db, now) -> None:
    hostile = doc(
        "transaction",
        "903",
        "2025-12-01",
        100,
        status="succeeded",
        extra={"Form answer (custom_9)": '=HYPERLINK("http://x")', "Coupon Used": "@SUM(1)"},
    )
    ctx, archive, data = _package(now, hostile)
    assert data == portability_zip_bytes(ctx, now.date())  # byte-stable
    names = archive.namelist()
    assert names[0] == "index.json"
    assert set(names) == {
        "index.json",
        *(f"{s}.{ext}" for s in ("kajabi", "stripe", "zoom") for ext in ("json", "csv")),
    }  # Fiken's records are accounting records kept under a legal duty: not portable
    index = json.loads(archive.read("index.json"))
    assert [s["system"] for s in index["systems"]] == ["kajabi", "stripe", "zoom"]
    assert index["reference"] == "2026-001" and "field_descriptions" in index

    kajabi = json.loads(archive.read("kajabi.json"))
    assert kajabi["customer_since"] == "2024-02-01"
    fields = {(f["field"], f["value"]) for r in kajabi["records"] for f in r["fields"]}
    assert ("Telefonnummer (phone_number)", "+47 912 34 567") in fields
    assert ("Hvordan fant du oss? (custom_1)", "Instagram") in fields
    assert not any(f == "Tags" for f, _ in fields)  # EKKO's own labels: not provided by him
    docs = {d["document_number"]: d for d in kajabi["documents"]}
    assert docs["901"]["amount"] == "1490.00" and docs["901"]["document_date"] == "2025-11-08"
    assert docs["902"]["amount"] == "-1490.00"

    stripe = json.loads(archive.read("stripe.json"))
    sfields = {(f["field"], f["value"]) for r in stripe["records"] for f in r["fields"]}
    assert ("Card Last4", "4242") in sfields and ("Card Brand", "Visa") in sfields
    assert {d["document_number"] for d in stripe["documents"]} == {
        "ch_3Pa1",
        "ch_3Pa2",
        "ch_3Pa2 refund",
    }

    rows = _csv(archive, "kajabi.csv")
    by_field = {r["field"]: r["value"] for r in rows}
    assert by_field["Hvordan fant du oss? (custom_1)"] == "Instagram"
    assert by_field["Telefonnummer (phone_number)"] == "'+47 912 34 567"  # starts with +
    assert by_field["Form answer (custom_9)"] == '\'=HYPERLINK("http://x")'
    assert by_field["Coupon Used"] == "'@SUM(1)"
    refund = next(r for r in rows if r["document_number"] == "902")
    assert refund["amount"] == "-1490.00"  # a plain number stays a number
    assert all(not (v or "").startswith(("=", "+", "@")) for r in rows for v in r.values())
    # JSON keeps the values exactly as exported.
    kajabi_docs = json.loads(archive.read("kajabi.json"))["documents"]
    (extra,) = [d for d in kajabi_docs if d["document_number"] == "903"]
    assert {f["value"] for f in extra["fields"]} >= {'=HYPERLINK("http://x")', "@SUM(1)"}


def test_covering_letter_lists_the_package_files(db, now) -> None:
    ctx, archive, _ = _package(now)
    letter = build_letter("portability", ctx, now.date())
    (files,) = [b for b in letter.blocks if isinstance(b, Table) and b.columns == ("Fil", "Format")]
    assert [r[0] for r in files.rows] == archive.namelist()


def test_neutralise() -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+47 912 34 567") == "'+47 912 34 567"
    assert neutralise("-cmd") == "'-cmd"
    assert neutralise("@x") == "'@x"
    assert neutralise("\tx") == "'\tx"
    assert neutralise("-1490.00") == "-1490.00"
    assert neutralise("+4791234567") == "+4791234567"
    assert neutralise("Oslo") == "Oslo" and neutralise("") == ""
