"""Every column of a contact import is kept as a record: grouped by category, attributed to the
system and import, unknown columns kept as "other", and seen again without change."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ekko_tui.domain.imports import parse_export
from ekko_tui.store import subject_imports
from ekko_tui.store.record_models import RecordSeen, SubjectRecord
from ekko_tui.store.records import holdings_of, latest_exports
from ekko_tui.store.subject_models import Identifier
from ekko_tui.store.subjects import merge_subjects

EXPORTS = Path(__file__).resolve().parent.parent / "data" / "exports"


def run(kind: str, data: bytes, now: datetime, **kw: object) -> subject_imports.ImportReport:
    return subject_imports.import_export(
        parse_export(kind, data),
        kind=kind,
        file_name=f"{kind}.csv",
        sha256=hashlib.sha256(data).hexdigest(),
        now=now,
        actor="lars",
        **kw,  # type: ignore[arg-type]
    )


def sid(email: str) -> int:
    return Identifier.get(Identifier.kind == "email", Identifier.value == email).subject_id


def values(subject_id: int, system: str) -> dict[str, tuple[str, str]]:
    held = holdings_of(subject_id).system(system)
    assert held is not None
    return {f.label: (f.category, f.value) for r in held.records for f in r.fields}


def test_kajabi_row_is_kept_whole_with_categories(db, now):
    report = run("kajabi", (EXPORTS / "kajabi_contacts.csv").read_bytes(), now)
    got = values(sid("bjorn.haland@example.no"), "kajabi")
    assert got["Name"] == ("identity", "Bjørn Tore Håland")
    assert got["Email"] == ("contact", "Bjorn.Haland@Example.NO")  # as exported, not normalised
    assert got["Adresse (address_line_1)"] == ("address", "Storgata 1")
    assert got["Products"] == ("purchases", "Foto 1, Foto 2")
    assert got["Tags"] == ("tags", "kunde, nyhetsbrev")
    assert got["Sign In Count"] == ("login", "14")
    assert got["Hvordan fant du oss? (custom_1)"] == ("form", "Instagram")
    held = holdings_of(sid("bjorn.haland@example.no")).system("kajabi")
    assert held is not None
    assert str(held.since) == "2024-02-01"  # Created At, not the import date
    assert held.records[0].import_id == report.import_id
    assert held.records[0].exported_at == now


def test_unknown_columns_kept_as_other_and_card_numbers_masked(db, now):
    data = (
        "Email,Name,Skostørrelse,Card Number,Notat\n"
        "a@example.no,Ada Li,42,4111 1111 1111 1111,=HYPERLINK(1)\n"
    ).encode()
    run("newsletter", data, now)
    got = values(sid("a@example.no"), "newsletter")
    assert got["Skostørrelse"] == ("other", "42")
    assert got["Card Number"] == ("card", "•••• 1111")
    assert got["Notat"][1] == "=HYPERLINK(1)"  # kept as exported; neutralised on CSV output
    assert "4111 1111 1111 1111" not in str(list(SubjectRecord.select().tuples()))


def test_no_value_under_a_system_that_did_not_hold_it(db, now):
    run("kajabi", (EXPORTS / "kajabi_contacts.csv").read_bytes(), now)
    run("stripe", (EXPORTS / "stripe_unified_customers.csv").read_bytes(), now)
    held = holdings_of(sid("bjorn.haland@example.no"))
    assert [s.system for s in held.systems] == ["kajabi", "stripe"]
    stripe = held.system("stripe")
    assert stripe is not None
    assert all(f.label != "Products" for r in stripe.records for f in r.fields)
    assert latest_exports().keys() == {"kajabi", "stripe"}


def test_same_file_again_changes_nothing(db, now):
    data = (EXPORTS / "stripe_unified_customers.csv").read_bytes()
    run("stripe", data, now, exported_at=now - timedelta(days=2))
    before = (list(SubjectRecord.select().tuples()), list(RecordSeen.select().tuples()))
    again = run("stripe", data, now + timedelta(hours=1), exported_at=now - timedelta(days=2))
    assert again.records.records_added == again.records.records_updated == 0
    assert (list(SubjectRecord.select().tuples()), list(RecordSeen.select().tuples())) == before


def test_newer_export_updates_values_and_keeps_history(db, now):
    old = b"Email,Name,City\nb@example.no,Bo Ek,Moss\n"
    new = b"Email,Name,City\nb@example.no,Bo Ek,Oslo\n"
    first = now - timedelta(days=40)
    run("newsletter", old, first, exported_at=first)
    report = run("newsletter", new, now, exported_at=now)
    assert report.records.records_updated == 1
    record = holdings_of(sid("b@example.no")).systems[0].records[0]
    assert dict((f.label, f.value) for f in record.fields)["City"] == "Oslo"
    assert record.history == (first, now)
    assert (record.first_seen, record.last_seen) == (first, now)
    # An older export imported late does not undo the newer values.
    run("newsletter", old, now, exported_at=first - timedelta(days=1))
    record = holdings_of(sid("b@example.no")).systems[0].records[0]
    assert dict((f.label, f.value) for f in record.fields)["City"] == "Oslo"
    assert record.first_seen == first - timedelta(days=1)
    assert len(record.history) == 3


def test_export_time_never_after_the_import(db, now):
    report = run("newsletter", b"Email\nc@example.no\n", now, exported_at=now + timedelta(days=9))
    assert report.exported_at == now


def test_dry_run_stores_nothing_and_reports_the_same(db, now):
    data = (EXPORTS / "kajabi_contacts.csv").read_bytes()
    dry = run("kajabi", data, now, dry_run=True)
    assert dry.dry_run and dry.added == 4 and dry.records.records_added == 4
    assert SubjectRecord.select().count() == 0
    real = run("kajabi", data, now)
    assert (real.added, real.records.records_added) == (dry.added, dry.records.records_added)


def test_merge_moves_records(db, now):
    run("newsletter", b"Email,Name\nd@example.no,Di Ho\n", now)
    run("newsletter", b"Email,Name\ne@example.no,Di Ho\n", now)
    keep, other = sid("d@example.no"), sid("e@example.no")
    merge_subjects(keep, other, now=now, actor="lars")
    assert len(holdings_of(keep).systems[0].records) == 2
    assert holdings_of(other).systems == ()


@pytest.mark.parametrize("kind", ["kajabi", "stripe", "fiken", "newsletter"])
def test_every_existing_kind_keeps_records(db, now, kind):
    name = {
        "kajabi": "kajabi_contacts.csv",
        "stripe": "stripe_unified_customers.csv",
        "fiken": "fiken_kunder.csv",
        "newsletter": "newsletter_mailchimp.tsv",
    }[kind]
    report = run(kind, (EXPORTS / name).read_bytes(), now)
    assert report.records.records_added == SubjectRecord.select().count() > 0


def test_records_written_in_small_chunks_count_the_same(db, now, monkeypatch):
    from ekko_tui.store.record_writes import RecordWriter

    monkeypatch.setattr(RecordWriter, "CHUNK", 2)
    data = b"Email,City\nf@example.no,Moss\ng@example.no,Oslo\nh@example.no,Bod\xc3\xb8\n"
    report = run("newsletter", data, now)
    assert report.records.records_added == 3 == SubjectRecord.select().count()
    again = run("newsletter", data, now)
    assert again.records.records_unchanged == 3 and again.records.records_added == 0
