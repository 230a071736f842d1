"""The letter archive: migration, records, timeline events, and what sending a letter does."""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from playhouse.test_utils import count_queries
from pypdf import PdfReader

from ekko_tui.domain.deadlines import OSLO
from ekko_tui.domain.requests import ValidationError, validate_new_request
from ekko_tui.letters.model import LetterError
from ekko_tui.services import letter_archive as archive
from ekko_tui.services.letter_context import context_for_request, registers
from ekko_tui.store import letters as letters_store
from ekko_tui.store import requests as store
from ekko_tui.store.db import applied_migrations
from ekko_tui.store.models import Event, Pause, Request


def _request(now: datetime, **kw: str) -> int:
    fields = dict(
        received="2026-11-24 14:05",
        channel="email",
        types="access",
        requester_name="Máret Ánne Ŋuvttoš-Ødegård",
        requester_contact="maret@example.no",
        message="Hva har dere om meg? <b>&",
    )
    fields.update(kw)
    return store.create_request(validate_new_request(now=now, **fields), now=now, actor="t").id


@pytest.fixture
def letters_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "letters"
    monkeypatch.setenv("EKKO_LETTERS", str(folder))
    return folder


def test_migration_applied(db) -> None:
    assert "0004_letters" in applied_migrations()
    cols = {r[1] for r in db.execute_sql("PRAGMA table_info(letter)").fetchall()}
    assert {"request_id", "kind", "path", "sha256", "generated_at", "printed_at", "sent_at"} <= cols


def test_context_from_the_request(db, now: datetime) -> None:
    from ekko_tui.store.register_seed import seed_registers

    seed_registers(now, "t")
    rid = _request(now, channel="letter", requester_contact="Postboks 12, 9520 Kautokeino")
    ctx = context_for_request(rid, date(2026, 11, 25))
    assert ctx.subject.name == "Máret Ánne Ŋuvttoš-Ødegård"
    assert ctx.subject.address_lines == ("Postboks 12", "9520 Kautokeino")
    assert ctx.subject.identifiers == ()  # the address is not something we search for
    assert ctx.request.first_deadline == date(2026, 12, 24)
    assert ctx.request.extended_deadline == date(2027, 2, 24)  # previewed for the notice
    assert ctx.controller.name == "EKKO AS"
    assert [h.system for h in ctx.holdings] == ["inbox"]
    assert ("Henvendelse", "Hva har dere om meg? <b>&") in ctx.holdings[0].details
    with pytest.raises(ValidationError):
        context_for_request(9999, date(2026, 11, 25))


def bookkeeping_recipients_are_named(activities) -> bool:
    books = next(a for a in activities if "fiken" in a.systems)
    return "Skatteetaten" in books.recipients and books.basis_codes == ("c",)


def test_registers_come_from_the_database(db, now: datetime) -> None:
    from ekko_tui.store.register_seed import seed_registers
    from ekko_tui.store.register_writes import set_controller_email

    today = date(2026, 11, 25)
    seed_registers(now, "t")
    set_controller_email("personvern@ipogs.no", now=now, actor="t")
    controller, recipients, activities = registers(today)
    assert (controller.name, controller.org_number, controller.email) == (
        "EKKO AS",
        "917 884 757",
        "personvern@ipogs.no",
    )
    assert controller.address_lines == ("Trollstubben 9A", "1535 Moss")
    by_name = {r.name: r for r in recipients}
    kajabi = next(r for r in recipients if r.systems == ("kajabi",))
    assert (kajabi.country, kajabi.in_eea, kajabi.safeguard) == ("US", False, "scc")
    assert by_name and all(r.safeguard for r in recipients)
    # The register's roles and onward transfers reach the letters (migration 0014).
    stripe = by_name["Stripe Payments Europe, Limited"]
    assert (stripe.in_eea, stripe.safeguard) == (True, "dpf")
    assert (stripe.onward_entity, stripe.onward_country) == ("Stripe, Inc.", "US")
    assert by_name["Meta Platforms Ireland Limited"].role == "joint_controller"
    assert by_name["Skatteetaten"].role == "authority"
    assert by_name["Rådgivere (kategori)"].is_category
    assert bookkeeping_recipients_are_named(activities)
    bookkeeping = next(a for a in activities if "fiken" in a.systems)
    assert "rettslig forpliktelse (artikkel 6 nr. 1 bokstav c)" in bookkeeping.basis
    assert any("Fiken" in name for name in bookkeeping.recipients)
    rid = _request(now)
    ctx = context_for_request(rid, today)
    assert ctx.controller.email == "personvern@ipogs.no"
    assert ctx.recipients == recipients


def test_generate_archives_in_the_database_and_writes_no_file(
    db, now, letters_dir, tmp_path
) -> None:
    rid = _request(now)
    made = archive.generate(rid, "access", {"address": "Gate 1\n0150 Oslo"}, now=now, actor="lars")
    assert made.pdf is None and made.row.path == ""
    files = letters_store.letter_files(made.row.id)
    assert [(f.role, f.name) for f in files] == [("pdf", "2026-001-access-20261125-100000.pdf")]
    pdf = files[0].data
    assert made.row.sha256 == hashlib.sha256(pdf).hexdigest() == files[0].sha256
    assert made.row.pages == len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    assert made.row.size_bytes == len(pdf)
    assert made.row.free_texts == {"address": "Gate 1\n0150 Oslo"}
    event = Event.select().where(Event.kind == "letter").get()
    assert event.detail.startswith("Letter #1 generated: Access (Art. 15), ")
    assert f"{made.row.pages} page(s); SHA-256 {made.row.sha256[:12]}" in event.detail
    assert "Máret" not in event.detail  # no personal data in the audit line
    assert not [p for p in tmp_path.rglob("*") if p.suffix in (".pdf", ".part", ".zip")]
    assert Request.get_by_id(rid).status == "in_progress"


def test_generate_with_out_writes_a_private_copy(db, now, tmp_path) -> None:
    rid = _request(now)
    out = tmp_path / "sendes" / "svar.pdf"
    made = archive.generate(rid, "access", {}, now=now, actor="lars", out=out)
    assert made.pdf == out and made.row.path == str(out)
    assert out.read_bytes() == letters_store.letter_files(made.row.id)[0].data
    assert out.stat().st_mode & 0o777 == 0o600 and out.parent.stat().st_mode & 0o777 == 0o700


def test_portability_archives_the_zip_and_writes_it_beside_the_copy(db, now, tmp_path) -> None:
    rid = _request(now, types="portability")
    made = archive.generate(rid, "portability", {}, now=now, actor="lars", out=tmp_path / "a.pdf")
    assert made.attachment is not None and made.attachment.name.endswith("dataportabilitet.zip")
    stored = {f.role: f for f in letters_store.letter_files(made.row.id)}
    assert stored["attachment"].data == made.attachment.read_bytes()
    assert made.row.attachment_sha256 == hashlib.sha256(made.attachment.read_bytes()).hexdigest()


def test_a_refused_letter_stores_nothing(db, now, letters_dir) -> None:
    rid = _request(now)
    with pytest.raises(LetterError):
        archive.generate(rid, "refusal", {}, now=now, actor="lars")
    late = now + timedelta(days=40)
    with pytest.raises(LetterError, match="first deadline"):
        archive.generate(rid, "extension", {"reasons": "Mange."}, now=late, actor="lars")
    assert letters_store.letters_for_request(rid) == []
    assert not letters_dir.exists() or not list(letters_dir.rglob("*"))


def test_unwritable_folder_is_explained_and_nothing_archived(db, now, tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    rid = _request(now)
    with pytest.raises(LetterError, match="Could not save the letter"):
        archive.generate(rid, "access", {}, now=now, actor="lars", out=blocker / "svar.pdf")
    assert letters_store.letters_for_request(rid) == []


def test_archive_write_failing_on_a_busy_database_leaves_no_file(db, db_path, now, tmp_path):
    from ekko_tui.store.db import StoreError
    from tests.conftest import raw_connect

    rid = _request(now)
    db.execute_sql("PRAGMA busy_timeout = 50")
    other = raw_connect(db_path)
    other.execute("BEGIN IMMEDIATE")  # another ekko holds the write lock
    out = tmp_path / "out" / "svar.pdf"
    try:
        with pytest.raises(StoreError, match="busy"):
            archive.generate(rid, "access", {}, now=now, actor="lars", out=out)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not out.exists() and not list(out.parent.iterdir())
    assert letters_store.letters_for_request(rid) == []


def test_save_copy_of_an_archived_letter(db, now, tmp_path) -> None:
    rid = _request(now, types="portability")
    made = archive.generate(rid, "portability", {}, now=now, actor="lars")
    out = tmp_path / "kopi" / "svar.pdf"
    written = archive.save_copy(made.row.id, out, now=now, actor="lars")
    assert written[0] == out and written[1].suffix == ".zip"
    assert [w.read_bytes() for w in written] == [
        f.data for f in letters_store.letter_files(made.row.id)
    ]
    assert {w.stat().st_mode & 0o777 for w in written} == {0o600}
    assert letters_store.letter_by_id(made.row.id).path == str(out)
    assert Event.select().where(Event.kind == "letter_saved").count() == 1


def test_a_tampered_archive_is_refused_on_read(db, now, tmp_path) -> None:
    rid = _request(now)
    made = archive.generate(rid, "access", {}, now=now, actor="lars")
    db.execute_sql("UPDATE letter_file SET data = ? WHERE letter_id = ?", (b"%PDF-forged", 1))
    with pytest.raises(ValidationError, match="does not match its SHA-256"):
        archive.save_copy(made.row.id, tmp_path / "x.pdf", now=now, actor="lars")
    assert not (tmp_path / "x.pdf").exists()


def test_mark_printed_and_sent_closes_with_outcome(db, now, letters_dir) -> None:
    rid = _request(now, types="erasure")
    made = archive.generate(rid, "refusal", {"reasons": "Bilag må lagres."}, now=now, actor="t")
    letters_store.mark_printed(made.row.id, "Kontor, job Kontor-3", now=now, actor="t")
    row = letters_store.mark_sent(
        made.row.id, "post", date(2026, 11, 25), close=True, now=now, actor="t"
    )
    assert row.sent_how == "post" and row.printed_how == "Kontor, job Kontor-3"
    req = Request.get_by_id(rid)
    assert (req.status, req.outcome_note) == ("refused", "Bilag må lagres.")
    with pytest.raises(ValidationError, match="already marked as sent"):
        letters_store.mark_sent(made.row.id, "post", date(2026, 11, 25), now=now, actor="t")


def test_sending_follow_ups_pause_and_extension(db, now, letters_dir) -> None:
    rid = _request(now)
    ask = archive.generate(rid, "identity", {}, now=now, actor="t")
    letters_store.mark_sent(ask.row.id, "email", date(2026, 11, 25), close=True, now=now, actor="t")
    assert Pause.get().kind == "identity" and Request.get_by_id(rid).status == "waiting"

    other = _request(now)
    texts = {"reasons": "Fem systemer.", "reason_kind": "number_of_requests"}
    notice = archive.generate(other, "extension", texts, now=now, actor="t")
    letters_store.mark_sent(
        notice.row.id, "post", date(2026, 11, 25), close=True, now=now, actor="t"
    )
    req = Request.get_by_id(other)
    assert req.extended_on == date(2026, 11, 25)
    assert (req.extension_kind, req.extension_reason) == ("number_of_requests", "Fem systemer.")


def test_a_refused_follow_up_rolls_back_the_sent_mark(db, now, letters_dir) -> None:
    rid = _request(now)
    made = archive.generate(rid, "access", {}, now=now, actor="t")
    store.close(rid, "withdrawn", "", now=now, actor="t")
    with pytest.raises(ValidationError, match="reopen it"):
        letters_store.mark_sent(
            made.row.id, "post", date(2026, 11, 25), close=True, now=now, actor="t"
        )
    assert letters_store.letter_by_id(made.row.id).sent_at is None
    with pytest.raises(ValidationError, match="future"):
        letters_store.mark_sent(made.row.id, "post", date(2026, 11, 26), now=now, actor="t")
    with pytest.raises(ValidationError, match="Say how"):
        letters_store.mark_sent(made.row.id, "pigeon", date(2026, 11, 25), now=now, actor="t")


def test_letters_for_request_is_one_query(db, now, letters_dir) -> None:
    rid = _request(now)
    for _ in range(3):
        archive.generate(rid, "access", {}, now=now, actor="t")
    with count_queries() as counter:
        rows = letters_store.letters_for_request(rid)
    assert len(rows) == 3 and counter.count == 1
    assert [r.id for r in rows] == [3, 2, 1]


def test_settings_roundtrip(db, now) -> None:
    assert letters_store.get_setting("printer") == ""
    letters_store.set_setting("printer", "Kontor", now=now, actor="t")
    assert letters_store.get_setting("printer") == "Kontor"


def test_received_day_in_oslo(now) -> None:
    assert now.astimezone(OSLO).date() == date(2026, 11, 25)


def test_access_letter_lists_the_linked_subjects_holdings(db, now: datetime) -> None:
    """Issue 4 feeds issue 7: a request from an imported customer's e-mail is linked at
    intake, and its access letter shows what Kajabi, Stripe and Fiken hold."""
    from ekko_tui.letters.builder import build_letter, letter_text
    from ekko_tui.store.register_seed import seed_registers
    from tests.store.test_subjects import run_import

    seed_registers(now, "t")
    for kind, name in (
        ("kajabi", "kajabi_contacts.csv"),
        ("stripe", "stripe_unified_customers.csv"),
        ("fiken", "fiken_kunder.csv"),
    ):
        run_import(kind, name, now)
    rid = _request(now, requester_name="Bjørn Håland", requester_contact="bjorn.haland@example.no")
    ctx = context_for_request(rid, date(2026, 11, 25))
    assert [h.system for h in ctx.holdings] == ["fiken", "kajabi", "stripe", "inbox"]
    stripe = next(h for h in ctx.holdings if h.system == "stripe")
    assert ("Kunde-id", "cus_P1aB2cD3eF4gH5") in stripe.details
    assert "betalingskort (type, fire siste siffer, utløp)" in stripe.categories
    assert "+4791234567" in ctx.subject.identifiers
    text = letter_text(build_letter("access", ctx, date(2026, 11, 25)))
    assert "cus_P1aB2cD3eF4gH5" in text and "bjorn.haland@example.no" in text
    assert "Kajabi LLC" in text and "Fiken AS" in text


def test_extension_notice_written_before_the_extension_names_the_new_deadline(db, now) -> None:
    from ekko_tui.letters.builder import build_letter, letter_text
    from ekko_tui.store.register_seed import seed_registers

    seed_registers(now, "t")
    rid = _request(now)  # received Tue 24 Nov 2026: first deadline Thu 24 Dec 2026
    text = letter_text(
        build_letter(
            "extension",
            context_for_request(rid, date(2026, 11, 25)),
            date(2026, 11, 25),
            {"reason_kind": "complexity", "reasons": "Data i fem systemer."},
        )
    )
    assert "Du får svar fra oss senest onsdag 24. februar 2027." in text
    assert "senest torsdag 24. desember 2026" in text  # the first deadline, in the law's words


def test_access_for_an_unknown_requester_says_only_the_request_is_held(db, now) -> None:
    from ekko_tui.letters.builder import build_letter, letter_text
    from ekko_tui.store.register_seed import seed_registers

    seed_registers(now, "t")
    rid = _request(now, requester_contact="nobody@example.org")
    text = letter_text(
        build_letter("access", context_for_request(rid, date(2026, 11, 25)), date(2026, 11, 25))
    )
    assert "EKKO AS har ingen andre personopplysninger om deg enn det du selv har gitt oss" in text
    assert "Kajabi" not in text and "Stripe" not in text and "Meta" not in text
    assert "foreldelsesloven § 2" in text  # how long the request itself is kept


def test_without_the_controller_email_the_letter_gives_the_postal_address(db, now) -> None:
    from ekko_tui.letters.builder import build_letter, letter_text
    from ekko_tui.store.register_seed import seed_registers

    seed_registers(now, "t")  # the shipped profile has no e-mail
    rid = _request(now)
    letter = build_letter(
        "access", context_for_request(rid, date(2026, 11, 25)), date(2026, 11, 25)
    )
    text = letter_text(letter)
    assert "kan du skrive til oss til EKKO AS, Trollstubben 9A, 1535 Moss." in text
    assert "på  eller" not in text
    assert any("contact e-mail is not recorded" in w for w in letter.warnings)
    assert letter.title.endswith("vi har bare henvendelsen din")
