"""Erasure that erases: nothing of the person left in the file, WAL or index; what the law
keeps is kept; a later import or a restore does not bring them back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ekko_tui.domain.requests import validate_new_request
from ekko_tui.store import audit, erasure
from ekko_tui.store import requests as store
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.models import ErasureNotice, Event, Note, Request, RetainedRecord, Suppression
from ekko_tui.store.register_seed import seed_registers
from ekko_tui.store.subject_models import Holding, Identifier, Subject
from ekko_tui.store.subject_queries import search_subjects
from tests.store.test_subjects import run_import

# Bjørn (Tore) Håland is in the Kajabi, Stripe and Fiken samples (Åse Bjørnstad stays).
SECRETS = (
    "Håland",
    "haland",
    "Haland",
    "HALAND",
    "bjorn.haland",
    "4791234567",
    "91234567",
    "912 34 567",
)


def _all_bytes(db_path: Path) -> bytes:
    out = b""
    for suffix in ("", "-wal", "-shm"):
        path = Path(str(db_path) + suffix)
        if path.exists():
            out += path.read_bytes()
    return out


def _fill(now) -> int:
    seed_registers(now, "t")
    for kind, name in (
        ("kajabi", "kajabi_contacts.csv"),
        ("stripe", "stripe_unified_customers.csv"),
        ("fiken", "fiken_kunder.csv"),
    ):
        run_import(kind, name, now)
    new = validate_new_request(
        received="2026-11-20 09:00",
        channel="email",
        types="erasure",
        requester_name="Bjørn Håland",
        requester_contact="bjorn.haland@example.no",
        message="Slett alt dere har om meg, Bjørn Håland, Storgata 1.",
        now=now,
    )
    rid = store.create_request(new, now=now, actor="t").id
    store.add_note(rid, "Ringte Bjørn på 912 34 567", now=now, actor="t")
    store.record_identity(
        rid, "not_needed", "e-mail matches Kajabi member Bjørn", "", now=now, actor="t"
    )
    return rid


@pytest.mark.parametrize("encrypted", [False, True])
def test_erasure_leaves_no_trace_in_the_file(db_path, now, monkeypatch, encrypted) -> None:
    open_db(db_path, encrypt=encrypted)
    try:
        rid = _fill(now)
        sid = Request.get_by_id(rid).subject_id
        assert sid is not None  # linked at intake by the e-mail
        others = Subject.select().count() - 1
        if not encrypted:  # the control: before erasure the name is in the file
            assert b"bjorn.haland@example.no" in _all_bytes(db_path)
        plan = erasure.erase_subject(sid, reason="Art. 17", now=now, actor="t", request_id=rid)
        assert plan.systems == ("fiken", "kajabi", "stripe")
        assert Subject.select().count() == others and Subject.get_or_none(id=sid) is None
        assert not Identifier.select().where(Identifier.subject == sid).exists()
        assert not Holding.select().where(Holding.subject == sid).exists()
        req = Request.get_by_id(rid)
        assert (req.requester_name, req.requester_contact, req.message) == ("", "", "")
        assert req.erased_at is not None and req.ref == "2026-001" and req.types == "erasure"
        assert Note.select().count() == 0
        assert search_subjects("bjørn").hits == () or all(
            "Bjørn Håland" not in h.name for h in search_subjects("bjørn").hits
        )
        # What the law keeps: Fiken's and Stripe's records, restricted, to the end date.
        kept = {r.system: r.kept_until for r in RetainedRecord.select()}
        assert kept == {"fiken": date(2031, 12, 31), "stripe": date(2031, 12, 31)}
        assert {n.processor for n in ErasureNotice.select()} >= {"Kajabi LLC", "Fiken AS"}
        assert Suppression.select().count() == 2  # the e-mail and the phone, hashed
        erased = Event.get(Event.kind == "erased")
        assert erased.request_ref == "2026-001" and "Bjørn" not in erased.detail
        assert audit.verify_chain().ok
    finally:
        close_db()
    raw = _all_bytes(db_path)
    for secret in SECRETS:
        assert secret.encode() not in raw, secret
    assert "Håland".encode("utf-16-le") not in raw


def test_reimport_warns_instead_of_re_adding(db, now) -> None:
    rid = _fill(now)
    sid = Request.get_by_id(rid).subject_id
    erasure.erase_subject(sid, reason="Art. 17", now=now, actor="t", request_id=rid)
    report = run_import("kajabi", "kajabi_contacts.csv", now)
    reasons = [s.reason for s in report.skipped]
    assert any("was erased on 2026-11-25 (2026-001): not added again" in r for r in reasons)
    assert not Identifier.select().where(Identifier.value == "bjorn.haland@example.no").exists()
    assert Identifier.select().where(Identifier.value == "ase.bjornstad@example.no").exists()


def test_erasure_letter_names_what_is_kept_and_who_is_told(db, now) -> None:
    from ekko_tui.letters.builder import build_letter, letter_text
    from ekko_tui.services.letter_context import context_for_request

    rid = _fill(now)
    today = date(2026, 11, 25)
    before = letter_text(build_letter("erasure", context_for_request(rid, today), today))
    assert "Oppbevares til" in before and "31.12.2031" in before
    # Not yet told (Art. 19): the letter says "vi gir beskjed", never "vi har gitt beskjed".
    assert "Kajabi LLC | Databehandler | –" in before and "Vi gir beskjed om slettingen" in before
    assert "Vi har gitt beskjed" not in before
    sid = Request.get_by_id(rid).subject_id
    erasure.erase_subject(sid, reason="Art. 17", now=now, actor="t", request_id=rid)
    erasure.mark_notified("2026-001", today, now=now, actor="t")
    told = {n.processor: n.notified_on for n in erasure.notices("2026-001")}
    assert told["Kajabi LLC"] == today and told["Fiken AS"] == today


def test_no_letter_after_erasure(db, now) -> None:
    from ekko_tui.letters.model import LetterError
    from ekko_tui.services.letter_context import context_for_request

    rid = _fill(now)
    erasure.erase_subject(
        Request.get_by_id(rid).subject_id, reason="Art. 17", now=now, actor="t", request_id=rid
    )
    with pytest.raises(LetterError, match="was erased on 2026-11-25: there is no one to write"):
        context_for_request(rid, date(2026, 11, 25))


def test_unsent_letters_block_erasure_until_sent(db, now, tmp_path, monkeypatch) -> None:
    from ekko_tui.domain.requests import ValidationError
    from ekko_tui.services import letter_archive as archive
    from ekko_tui.store import letters as letters_store

    rid = _fill(now)
    made = archive.generate(rid, "erasure", {}, now=now, actor="t", out=tmp_path / "svar.pdf")
    pdf = Path(made.row.path)
    assert letters_store.letter_files(made.row.id)  # the archive is in the database
    sid = Request.get_by_id(rid).subject_id
    with pytest.raises(ValidationError, match="not marked sent"):
        erasure.erase_subject(
            sid, reason=erasure.REASON_REQUEST, now=now, actor="t", request_id=rid
        )
    assert pdf.exists() and Subject.get_or_none(id=sid) is not None
    letters_store.mark_sent(
        made.row.id, "email", date(2026, 11, 25), close=False, now=now, actor="t"
    )
    plan = erasure.erase_subject(
        sid, reason=erasure.REASON_REQUEST, now=now, actor="t", request_id=rid
    )
    assert plan.letters == 1 and not pdf.exists()
    row = letters_store.letter_by_id(made.row.id)
    assert row is not None and row.path == "" and row.sha256 == made.row.sha256
    assert letters_store.letter_files(made.row.id) == ()
    count = db.execute_sql("SELECT count(*) FROM letter_file").fetchone()[0]
    assert count == 0
