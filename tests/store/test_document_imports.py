"""Document imports (issue 13): each format clean and damaged, linking to subjects, re-import
idempotence and the history of when each document was seen."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ekko_tui.domain.imports import ImportFileError, parse_export
from ekko_tui.store import subject_imports
from ekko_tui.store.record_models import RecordSeen, SubjectRecord
from ekko_tui.store.records import holdings_of
from ekko_tui.store.subject_models import Identifier, ImportRun, Subject
from tests import document_samples as S

EXPORTS = Path(__file__).resolve().parent.parent / "data" / "exports"


def run(kind: str, data: bytes, now: datetime, **kw: object) -> subject_imports.ImportReport:
    zone = kw.pop("zone", None)
    return subject_imports.import_export(
        parse_export(kind, data, zone=zone),  # type: ignore[arg-type]
        kind=kind,
        file_name=f"{kind}.csv",
        sha256=hashlib.sha256(data).hexdigest(),
        now=now,
        actor="lars",
        **kw,  # type: ignore[arg-type]
    )


def sid(kind: str, value: str) -> int:
    return Identifier.get(Identifier.kind == kind, Identifier.value == value).subject_id


def docs(subject_id: int, system: str):
    held = holdings_of(subject_id).system(system)
    assert held is not None, f"nothing held in {system}"
    return {d.number: d for d in held.documents}


def table_rows() -> tuple[list, list, list, int]:
    return (
        list(SubjectRecord.select().order_by(SubjectRecord.id).tuples()),
        list(RecordSeen.select().tuples()),
        list(Identifier.select().order_by(Identifier.id).tuples()),
        Subject.select().count(),
    )


# --- Stripe payments --------------------------------------------------------------------------


def test_stripe_payments_link_to_customers_and_guests(db, now):
    run("stripe", (EXPORTS / "stripe_unified_customers.csv").read_bytes(), now)
    customer = sid("email", "bjorn.haland@example.no")
    subjects = Subject.select().count()
    data = S.stripe_payments(
        S.STRIPE_PAID, S.STRIPE_PARTIAL_REFUND, S.STRIPE_GUEST, S.STRIPE_FAILED
    )
    report = run("stripe-payments", data, now)
    assert report.records.documents_added == 5 and not report.skipped
    got = docs(customer, "stripe")
    paid = got["ch_3Pa1"]
    assert (paid.kind, paid.amount, paid.currency, paid.status) == (
        "payment",
        Decimal("1490.00"),
        "NOK",
        "Paid",
    )
    assert paid.on == date(2024, 1, 1)  # 23:30 UTC on 31 Dec is New Year's Day in Oslo
    assert paid.customer_id == "cus_P1aB2cD3eF4gH5" and paid.reference == "in_1"
    refund = got["ch_3Pa2 refund"]
    assert (refund.kind, refund.amount, refund.reference, refund.on) == (
        "refund",
        Decimal("-5.00") * 100,
        "ch_3Pa2",
        date(2025, 4, 2),
    )
    assert got["ch_3Pa2"].amount == Decimal("2990.00")  # a partial refund stays a paid charge
    # The guest (no customer object) is one new subject, found by e-mail in any case/spacing.
    assert Subject.select().count() == subjects + 1
    guest = docs(sid("email", "gjest.person@example.no"), "stripe")
    assert {d.status for d in guest.values()} == {"Paid", "Failed"}
    failed = next(d for d in guest.values() if d.status == "Failed")
    assert failed.number == ""  # an attempt that never became a charge: kept, it is personal data
    fields = {f.label: f.value for f in failed.fields}
    assert fields["Decline Reason"] == "card_declined"


def test_stripe_payments_damaged_rows_are_skipped_with_line_and_reason(db, now):
    spreadsheet = (
        'ch_9,2025-01-02 10:00:00,"1 490,00","0,00",NOK,true,,,,,,,,,Paid,,,,cus_X,x@example.no,,,'
    )
    bad_amount = "ch_10,2025-01-02 10:00:00,abc,0,nok,true,,,,,,,,,Paid,,,,,y@example.no,,,"
    bad_date = "ch_11,2025-02-30 10:00:00,10.00,0,nok,true,,,,,,,,,Paid,,,,,y@example.no,,,"
    cut_short = "ch_12,2025-01-03 10:00:00,10.00,0,nok,true"
    nobody = "ch_13,2025-01-03 10:00:00,10.00,0,nok,true,,,,,,,,,Paid,,,,,,,,"
    report = run(
        "stripe-payments",
        S.stripe_payments(spreadsheet, bad_amount, bad_date, cut_short, nobody),
        now,
    )
    reasons = {s.line: s.reason for s in report.skipped}
    assert set(reasons) == {3, 4, 5, 6}
    assert "Amount" in reasons[3] and "'abc'" in reasons[3]
    assert "Created date (UTC)" in reasons[4] and "2025-02-30" in reasons[4]
    assert "cut short" in reasons[5]
    assert "no e-mail, phone, name or id" in reasons[6]
    (doc,) = docs(sid("email", "x@example.no"), "stripe").values()
    assert (doc.amount, doc.currency) == (Decimal("1490.00"), "NOK")


def test_stripe_payments_older_header_and_missing_column(db, now):
    old = (
        b"id,Created (UTC),Amount,Amount Refunded,Currency,Status,Customer ID,Customer Email,"
        b"Seller Message,Statement Descriptor,Decline Reason\n"
        b"ch_1,2023-03-03 09:15,99.00,0.00,nok,Paid,,old@example.no,,,\n"
    )
    run("stripe-payments", old, now)
    (doc,) = docs(sid("email", "old@example.no"), "stripe").values()
    assert doc.at is not None and doc.at.isoformat() == "2023-03-03T09:15:00+00:00"
    no_amount = S.stripe_payments(S.STRIPE_PAID).replace(b",Amount,", b",Beloep,", 1)
    with pytest.raises(ImportFileError, match="amount column"):
        parse_export("stripe-payments", no_amount)


def test_customers_file_chosen_as_payments_is_refused_naming_the_kind(db):
    data = (EXPORTS / "stripe_unified_customers.csv").read_bytes()
    with pytest.raises(ImportFileError, match="import it as `stripe`"):
        parse_export("stripe-payments", data)
    with pytest.raises(ImportFileError, match="`stripe-payments`"):
        parse_export("stripe", S.stripe_payments(S.STRIPE_PAID))


# --- Kajabi transactions ----------------------------------------------------------------------


def test_kajabi_transactions_link_by_email_never_by_customer_id(db, now):
    contacts = b"Name,Email,ID,Member ID\nAnne Annen,anne@example.no,77,5\n"
    run("kajabi", contacts, now)
    anne = sid("email", "anne@example.no")
    run("kajabi-transactions", S.kajabi_transactions(S.KAJABI_CHARGE, S.KAJABI_REFUND), now)
    bjorn = sid("email", "bjorn.haland@example.no")
    assert bjorn != anne
    kajabi = holdings_of(anne).system("kajabi")
    assert kajabi is not None and kajabi.documents == ()
    got = docs(bjorn, "kajabi")
    charge, refund = got["901"], got["902"]
    assert (charge.kind, charge.amount, charge.on, charge.customer_id) == (
        "transaction",
        Decimal("1490.00"),
        date(2025, 11, 8),
        "77",
    )
    assert charge.at is not None and charge.at.isoformat() == "2025-11-08T03:11:00+00:00"
    assert (refund.kind, refund.amount, refund.status) == (
        "refund",
        Decimal("-1490.00"),
        "Succeeded",
    )
    # N/A stands for empty: never stored as a value.
    assert all(f.value != "N/A" for f in refund.fields)
    assert sid("phone", "+4791234567") == bjorn


# --- Fiken invoices ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_fiken_invoices_with_preamble_sum_row_and_credit_note(db, now, encoding):
    data = S.fiken_invoices(
        S.FIKEN_INVOICE, ";;;;;;;;;;;", S.FIKEN_CREDIT, S.FIKEN_SUM, encoding=encoding
    )
    report = run("fiken-invoices", data, now)
    assert report.records.documents_added == 2
    reasons = {s.line: s.reason for s in report.skipped}
    assert "Sum row" in reasons[8]
    got = docs(sid("email", "bjorn.haland@example.no"), "fiken")
    invoice, credit = got["10045"], got["10046"]
    assert (invoice.kind, invoice.on, invoice.amount, invoice.currency) == (
        "invoice",
        date(2023, 9, 2),
        Decimal("1490.00"),
        "NOK",
    )
    assert invoice.at is None  # Fiken gives a date, not a time
    assert (credit.kind, credit.on, credit.amount, credit.reference) == (
        "credit_note",
        date(2023, 12, 31),
        Decimal("-1490.00"),
        "10045",
    )
    # Surname first in Fiken: stored as the person's name the right way round.
    assert Subject.get_by_id(sid("email", "bjorn.haland@example.no")).name == "Bjørn Håland"
    assert sid("external_id", "10001") == sid("email", "bjorn.haland@example.no")


def test_fiken_invoices_link_to_fiken_customer_by_number(db, now):
    run("fiken", (EXPORTS / "fiken_kunder.csv").read_bytes(), now)
    customer = sid("external_id", "10001")
    row = "Faktura;20001;1.2.2024;15.2.2024;10001;;;Kurs;990,00;;Betalt;"
    run("fiken-invoices", S.fiken_invoices(row, preamble=False), now)
    assert "20001" in docs(customer, "fiken")


def test_fiken_invoice_synonyms_and_missing_number_column(db, now):
    data = (
        "Fakturanummer;Dato;Kundenr;Kunde;Beløp;Restbeløp\n"
        "7;03.01.2024;9;Nordmann, Kari;kr 2\u00a0000,50;0,00\n"
    ).encode("cp1252")
    run("fiken-invoices", data, now)
    (doc,) = docs(sid("external_id", "9"), "fiken").values()
    assert (doc.number, doc.amount, doc.on) == ("7", Decimal("2000.50"), date(2024, 1, 3))
    with pytest.raises(ImportFileError, match="invoice number column"):
        parse_export("fiken-invoices", "Dato;Kunde;Beløp\n1.1.2024;A;1\n".encode())


def test_fiken_bad_rows(db, now):
    rows = (
        "Faktura;1;31.02.2023;;5;A B;a@example.no;;100,00;;;",  # no such date
        "Faktura;2;1.3.2023;;5;A B;a@example.no;;hundre;;;",  # not an amount
        "Faktura;;1.3.2023;;5;A B;a@example.no;;100,00;;;",  # no number
        "Faktura;3;1.3.2023",  # cut short
    )
    report = run("fiken-invoices", S.fiken_invoices(*rows, S.FIKEN_INVOICE, preamble=False), now)
    reasons = [s.reason for s in report.skipped]
    assert len(reasons) == 4 and report.records.documents_added == 1
    assert "31.02.2023" in reasons[0] and "'hundre'" in reasons[1]
    assert "Fakturanr" in reasons[2] and "cut short" in reasons[3]


# --- Zoom --------------------------------------------------------------------------------------


def test_zoom_participants_one_document_per_join(db, now):
    report = run("zoom", S.ZOOM_PARTICIPANTS.encode(), now)
    assert [s.line for s in report.skipped] == [8]  # "Anonym": a name alone
    got = holdings_of(sid("email", "bjorn.haland@example.no")).system("zoom")
    assert got is not None and len(got.documents) == 2
    first = got.documents[0]
    assert (first.kind, first.number, first.description) == ("meeting", "81234567890", "Fotokurs")
    assert first.at is not None and first.at.isoformat() == "2025-03-22T18:01:00+00:00"
    assert first.amount is None
    # A dial-in caller: the number is the name, and it identifies them.
    assert docs(sid("phone", "+4791234567"), "zoom")


def test_zoom_host_time_zone_moves_the_date(db, now):
    late = S.ZOOM_PARTICIPANTS.replace("03/22/2025 07:01:00 PM", "03/22/2025 11:30:00 PM", 1)
    run("zoom", late.encode(), now, zone=ZoneInfo("America/New_York"))
    got = holdings_of(sid("email", "bjorn.haland@example.no")).system("zoom")
    assert got is not None
    assert got.documents[-1].on == date(2025, 3, 23)  # 23:30 in New York is the 23rd in Oslo


def test_zoom_webinar_sections(db, now):
    report = run("zoom", S.ZOOM_WEBINAR.encode(), now)
    assert report.records.documents_added == 2 and not report.skipped
    # The host's own section is not a data subject.
    assert not Identifier.select().where(Identifier.value == "lars@ipogs.no").exists()
    (kari,) = docs(sid("email", "kari@example.no"), "zoom").values()
    assert (kari.kind, kari.status, kari.on) == ("webinar", "attended", date(2025, 3, 22))
    assert {f.label: f.value for f in kari.fields}["Hvor hørte du om oss?"] == "Instagram"
    (per,) = docs(sid("email", "per@example.no"), "zoom").values()
    assert per.status == "registered, did not attend" and per.on == date(2025, 3, 21)
    assert all(f.value != "--" for f in per.fields)


def test_zoom_old_layout(db, now):
    old = (
        b"Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
        b"81234567890,Kurs,03/01/2025 10:00:00 AM,03/01/2025 11:00:00 AM,lars@ipogs.no,60,1\n"
        b"\n"
        b"Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        b"Ola Nordmann,ola@example.no,03/01/2025 10:02:00 AM,03/01/2025 11:00:00 AM,58,No\n"
    )
    run("zoom", old, now)
    (doc,) = docs(sid("email", "ola@example.no"), "zoom").values()
    assert (doc.number, doc.description, doc.on) == ("81234567890", "Kurs", date(2025, 3, 1))


def test_not_a_zoom_report_is_refused(db):
    with pytest.raises(ImportFileError, match="Zoom report"):
        parse_export("zoom", b"Name,Email\nA,a@example.no\n")


# --- Mailchimp --------------------------------------------------------------------------------


def test_mailchimp_keeps_consent_evidence_and_since(db, now):
    run("mailchimp", S.MAILCHIMP.encode(), now)
    held = holdings_of(sid("email", "ase.bjornstad@example.no")).system("newsletter")
    assert held is not None and held.since == date(2024, 5, 1)
    consent = dict((f.label, f.value) for c, fs in held.by_category() if c == "consent" for f in fs)
    assert consent == {
        "OPTIN_TIME": "2024-05-01 08:00:00",
        "OPTIN_IP": "192.0.2.1",
        "CONFIRM_TIME": "2024-05-01 08:05:00",
        "CONFIRM_IP": "192.0.2.1",
    }
    (membership,) = held.documents
    assert (membership.kind, membership.status) == ("newsletter", "subscribed")


def test_mailchimp_unsubscribed_export_updates_the_membership(db, now):
    run(
        "mailchimp",
        S.MAILCHIMP.encode(),
        now - timedelta(days=10),
        exported_at=now - timedelta(days=10),
    )
    unsub = (
        S.MAILCHIMP.splitlines()[0]
        + ",UNSUB_TIME,UNSUB_CAMPAIGN_TITLE,UNSUB_REASON\n"
        + S.MAILCHIMP.splitlines()[1]
        + ",2024-09-01 10:00:00,Høstbrev,Too many\n"
    )
    report = run("mailchimp", unsub.encode(), now, exported_at=now)
    assert report.records.documents_updated == 1
    held = holdings_of(sid("email", "ase.bjornstad@example.no")).system("newsletter")
    assert held is not None
    (membership,) = held.documents
    assert membership.status == "unsubscribed"
    assert membership.history == (now - timedelta(days=10), now)


# --- every format: idempotence, all-or-nothing --------------------------------------------------


SAMPLES = {
    "stripe-payments": S.stripe_payments(S.STRIPE_PAID, S.STRIPE_PARTIAL_REFUND, S.STRIPE_GUEST),
    "kajabi-transactions": S.kajabi_transactions(S.KAJABI_CHARGE, S.KAJABI_REFUND),
    "fiken-invoices": S.fiken_invoices(S.FIKEN_INVOICE, S.FIKEN_CREDIT, S.FIKEN_SUM),
    "zoom": S.ZOOM_WEBINAR.encode(),
    "mailchimp": S.MAILCHIMP.encode(),
}


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_reimporting_the_same_file_changes_nothing(db, now, kind):
    first = run(kind, SAMPLES[kind], now, exported_at=now - timedelta(days=1))
    before = table_rows()
    again = run(kind, SAMPLES[kind], now + timedelta(hours=2), exported_at=now - timedelta(days=1))
    assert table_rows() == before
    assert again.records.documents_added == again.records.documents_updated == 0
    assert again.records.documents_unchanged == first.records.documents_added > 0
    assert again.seen_before


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_dry_run_stores_nothing(db, now, kind):
    before = table_rows()
    runs = ImportRun.select().count()
    report = run(kind, SAMPLES[kind], now, dry_run=True)
    assert report.dry_run and report.records.documents_added > 0
    assert table_rows() == before and ImportRun.select().count() == runs


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_a_failure_half_way_stores_nothing(db, now, kind, monkeypatch):
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(subject_imports, "write_records", broken)
    with pytest.raises(RuntimeError):
        run(kind, SAMPLES[kind], now)
    assert table_rows() == ([], [], [], 0)


def test_newer_export_keeps_when_each_document_was_seen(db, now):
    old_day, new_day = now - timedelta(days=30), now
    data = S.stripe_payments(S.STRIPE_PAID)
    run("stripe-payments", data, old_day, exported_at=old_day)
    refunded = S.STRIPE_PAID.replace("1490.00,0.00,nok", "1490.00,1490.00,nok", 1).replace(
        ",Paid,", ",Refunded,"
    )
    report = run("stripe-payments", S.stripe_payments(refunded), new_day, exported_at=new_day)
    assert report.records.documents_updated == 1 and report.records.documents_added == 1
    got = docs(sid("email", "bjorn.haland@example.no"), "stripe")
    assert got["ch_3Pa1"].status == "Refunded"
    assert got["ch_3Pa1"].history == (old_day, new_day)
    assert got["ch_3Pa1"].first_seen == old_day and got["ch_3Pa1"].last_seen == new_day
    assert got["ch_3Pa1 refund"].history == (new_day,)
