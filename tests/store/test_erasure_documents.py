"""The erasure plan lists every record per system and what happens to it: contact rows and
non-accounting documents erased, accounting documents kept (restricted) until their own
keep-until date, those already past it erased too; what is kept is recorded with its number,
own date, kind and keep-until date."""

from __future__ import annotations

from datetime import date

from ekko_tui.store import erasure
from ekko_tui.store.models import RetainedRecord
from ekko_tui.store.record_models import SubjectRecord
from ekko_tui.store.register_seed import seed_registers
from ekko_tui.store.subject_models import Identifier
from tests.store.documents_seed import doc, store_documents
from tests.store.test_subjects import run_import

BJORN = "bjorn.haland@example.no"


def seed(now) -> int:
    seed_registers(now, "t")
    for kind, name in (
        ("kajabi", "kajabi_contacts.csv"),
        ("stripe", "stripe_unified_customers.csv"),
        ("fiken", "fiken_kunder.csv"),
    ):
        run_import(kind, name, now)
    store_documents(
        "fiken",
        BJORN,
        [
            doc("invoice", "10023", "2023-05-02", 149000, status="Kreditert"),
            doc("credit_note", "10031", "2024-01-03", -149000, reference="10023"),
            doc("invoice", "9001", "2019-12-31", 99000, status="Betalt"),  # kept to 2024
        ],
        now,
    )
    store_documents(
        "stripe",
        BJORN,
        [
            doc("payment", "ch_3PaId", "2025-03-15", 149000, status="Paid"),
            doc("payment", "ch_3FaIl", "2025-03-14", 149000, status="Failed"),
            doc("refund", "re_3ReFu", "2025-12-31", -50000, reference="ch_3PaId"),
        ],
        now,
    )
    store_documents("zoom", BJORN, [doc("meeting", "84512345678", "2025-04-01")], now)
    return Identifier.get(Identifier.value == BJORN).subject_id


def test_plan_lists_every_record_and_its_fate(db, now) -> None:
    sid = seed(now)
    plan = erasure.plan_erasure(sid, date(2026, 11, 25))
    fates = {(r.system, r.what): (r.outcome, r.kept_until) for r in plan.records if r.number}
    assert fates == {
        ("fiken", "Faktura 9001"): ("expired", date(2024, 12, 31)),
        ("fiken", "Faktura 10023"): ("kept", date(2028, 12, 31)),
        ("fiken", "Kreditnota 10031"): ("kept", date(2029, 12, 31)),
        ("stripe", "Betaling ch_3FaIl"): ("not accounting", None),
        ("stripe", "Betaling ch_3PaId"): ("kept", date(2030, 12, 31)),
        ("stripe", "Refusjon re_3ReFu"): ("kept", date(2030, 12, 31)),
        ("zoom", "Møtedeltakelse 84512345678"): ("not accounting", None),
    }
    contacts = sorted(r.system for r in plan.records if not r.number)
    assert contacts == ["fiken", "kajabi", "stripe"]  # one contact row in each export
    # The kept list comes from the documents themselves, not from the import date.
    assert sorted((k.system, k.external_id, k.document_date, k.kept_until) for k in plan.kept) == [
        ("fiken", "10023", date(2023, 5, 2), date(2028, 12, 31)),
        ("fiken", "10031", date(2024, 1, 3), date(2029, 12, 31)),
        ("stripe", "ch_3PaId", date(2025, 3, 15), date(2030, 12, 31)),
        ("stripe", "re_3ReFu", date(2025, 12, 31), date(2030, 12, 31)),
    ]
    text = erasure.describe(plan)
    assert "Faktura 10023: kept until 2028-12-31" in text
    assert "Faktura 9001: erased: its keep-until date 2024-12-31 has passed" in text


def test_erasing_keeps_only_what_the_law_requires(db, now) -> None:
    sid = seed(now)
    others = SubjectRecord.select().where(SubjectRecord.subject != sid).count()
    assert SubjectRecord.select().where(SubjectRecord.subject == sid).count() == 10
    erasure.erase_subject(sid, reason=erasure.REASON_REQUEST, now=now, actor="t")
    assert SubjectRecord.select().count() == others  # every record and document of his: gone
    assert not any("haland" in r.fields.casefold() for r in SubjectRecord.select())
    kept = sorted(
        (r.system, r.external_id, r.description, r.document_date, r.kind, r.kept_until)
        for r in RetainedRecord.select()
    )
    assert kept == [
        ("fiken", "10023", "Faktura 10023", date(2023, 5, 2), "primary", date(2028, 12, 31)),
        ("fiken", "10031", "Kreditnota 10031", date(2024, 1, 3), "primary", date(2029, 12, 31)),
        (
            "stripe",
            "ch_3PaId",
            "Betaling ch_3PaId",
            date(2025, 3, 15),
            "primary",
            date(2030, 12, 31),
        ),
        (
            "stripe",
            "re_3ReFu",
            "Refusjon re_3ReFu",
            date(2025, 12, 31),
            "primary",
            date(2030, 12, 31),
        ),
    ]


def test_a_bookkeeping_system_without_documents_keeps_its_pointer(db, now) -> None:
    seed_registers(now, "t")
    run_import("fiken", "fiken_kunder.csv", now)
    sid = Identifier.get(Identifier.value == BJORN).subject_id
    plan = erasure.plan_erasure(sid, date(2026, 11, 25))
    assert [(k.system, k.kept_until) for k in plan.kept] == [("fiken", date(2031, 12, 31))]
