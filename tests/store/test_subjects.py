"""Importing exports into the subject register: matching, idempotency, all-or-nothing, links."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ekko_tui.domain.imports import parse_export, parse_mapping
from ekko_tui.domain.requests import ValidationError, validate_new_request
from ekko_tui.store import requests as reqstore
from ekko_tui.store import subject_imports, subject_index
from ekko_tui.store import subjects as store
from ekko_tui.store.db import db as database
from ekko_tui.store.models import Event, Request
from ekko_tui.store.subject_models import (
    Holding,
    Identifier,
    ImportRun,
    MergeSuggestion,
    SearchToken,
    Subject,
)
from ekko_tui.store.subject_queries import request_subject, search_subjects, subject_card

EXPORTS = Path(__file__).resolve().parent.parent / "data" / "exports"


def run_import(
    kind: str, name: str, now: datetime, mapping: str = ""
) -> subject_imports.ImportReport:
    data = (EXPORTS / name).read_bytes()
    parsed = parse_export(kind, data, parse_mapping(mapping) if mapping else None)
    return subject_imports.import_export(
        parsed,
        kind=kind,
        file_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        now=now,
        actor="lars",
    )


def import_all(now: datetime) -> None:
    run_import("kajabi", "kajabi_contacts.csv", now)
    run_import("stripe", "stripe_unified_customers.csv", now)
    run_import("fiken", "fiken_kunder.csv", now)
    run_import("newsletter", "newsletter_mailchimp.tsv", now)


def subject_with_email(email: str) -> int:
    return Identifier.get(Identifier.kind == "email", Identifier.value == email).subject_id


def snapshot() -> dict[str, list[tuple]]:
    """Every stored row that matters, without `last_seen`."""
    return {
        "subject": list(Subject.select(Subject.id, Subject.name).tuples()),
        "identifier": list(
            Identifier.select(Identifier.subject, Identifier.kind, Identifier.value).tuples()
        ),
        "holding": list(
            Holding.select(
                Holding.subject, Holding.system, Holding.categories, Holding.first_seen
            ).tuples()
        ),
        "suggestion": list(MergeSuggestion.select(MergeSuggestion.subject).tuples()),
        "tokens": list(SearchToken.select().tuples()),
        "fts": database.execute_sql("SELECT rowid, body FROM subject_fts").fetchall(),
    }


def test_same_email_or_phone_is_the_same_subject_across_systems(db, now) -> None:
    import_all(now)
    bjorn = subject_with_email("bjorn.haland@example.no")
    card = subject_card(bjorn)
    assert card is not None
    assert card.name == "Bjørn Tore Håland"
    assert [h.system for h in card.holdings] == ["fiken", "kajabi", "stripe"]
    values = {(i.kind, i.value, i.system) for i in card.identifiers}
    assert {
        ("name", "Bjørn Tore Håland", ""),
        ("name", "Bjørn Håland", ""),  # Fiken's "Håland, Bjørn"
        ("email", "bjorn.haland@example.no", ""),
        ("phone", "+4791234567", ""),
        ("external_id", "cus_P1aB2cD3eF4gH5", "stripe"),
        ("external_id", "998877", "kajabi"),
        ("external_id", "10001", "fiken"),
    } <= values
    stripe = next(h for h in card.holdings if h.system == "stripe")
    assert stripe.external_id == "cus_P1aB2cD3eF4gH5"
    assert stripe.import_file == "stripe_unified_customers.csv"
    # Ørjan: Kajabi e-mail + Fiken e-mail and phone → one subject.
    orjan = subject_with_email("orjan@example.no")
    assert {h.system for h in subject_card(orjan).holdings} == {"kajabi", "fiken"}
    # Åse: Kajabi and the newsletter.
    ase = subject_with_email("ase.bjornstad@example.no")
    assert {h.system for h in subject_card(ase).holdings} == {"kajabi", "newsletter"}


def test_report_counts_and_event(db, now) -> None:
    first = run_import("kajabi", "kajabi_contacts.csv", now)
    assert (first.added, first.updated, first.unchanged, len(first.skipped)) == (4, 0, 0, 1)
    fiken = run_import("fiken", "fiken_kunder.csv", now)
    assert (fiken.added, fiken.updated) == (2, 2)  # Bjørn and Ørjan known from Kajabi
    assert [s.line for s in fiken.skipped] == [6, 7, 8]
    assert fiken.notes[0][0] == 5
    event = Event.select().where(Event.kind == "import").order_by(Event.id.desc()).get()
    assert event.request_id is None
    assert "2 added, 2 updated, 0 unchanged, 3 skipped" in event.detail
    assert "@" not in event.detail and "Håland" not in event.detail  # no personal data


def test_reimport_changes_only_last_seen(db, now) -> None:
    import_all(now)
    before = snapshot()
    later = now + timedelta(days=3)
    report = run_import("kajabi", "kajabi_contacts.csv", later)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 4)
    assert "imported before" in report.summary()
    assert snapshot() == before
    seen = {h.last_seen for h in Holding.select().where(Holding.system == "kajabi")}
    assert seen == {later.replace(tzinfo=None)}
    assert ImportRun.select().count() == 5  # each import is recorded


def test_name_only_match_is_a_suggestion_never_a_merge(db, now) -> None:
    run_import("kajabi", "kajabi_contacts.csv", now)
    report = run_import("newsletter", "newsletter_mailchimp.tsv", now)
    assert report.suggestions == 1
    bjorn = subject_with_email("bjorn.haland@example.no")
    other = subject_with_email("ny.adresse@example.no")
    assert bjorn != other
    card = subject_card(other)
    assert [(s.other_id, s.other_name) for s in card.suggestions] == [(bjorn, "Bjørn Tore Håland")]
    assert "same name" in card.suggestions[0].reason
    # Importing again does not suggest the same pair twice.
    assert run_import("newsletter", "newsletter_mailchimp.tsv", now).suggestions == 0


def test_import_is_all_or_nothing(db, now, monkeypatch: pytest.MonkeyPatch) -> None:
    run_import("kajabi", "kajabi_contacts.csv", now)
    before = snapshot()
    runs = ImportRun.select().count()
    calls = {"n": 0}
    from ekko_tui.store.import_rows import RowWriter

    real = RowWriter.apply

    def failing(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(RowWriter, "apply", failing)
    with pytest.raises(OSError):
        run_import("fiken", "fiken_kunder.csv", now)
    assert calls["n"] == 3
    assert snapshot() == before
    assert ImportRun.select().count() == runs


def test_conflicting_matches_are_suggested(db, now) -> None:
    data = b"Email,Phone\nola@example.no,\nkari@example.no,91234567\n"
    for raw in (data, b"Email,Phone\nola@example.no,91234567\n"):
        parsed = parse_export("newsletter", raw)
        report = subject_imports.import_export(
            parsed, kind="newsletter", file_name="n.csv", sha256="x", now=now, actor="t"
        )
    assert report.suggestions == 1
    assert Subject.select().count() == 2


def test_progress_is_reported(db, now) -> None:
    rows = "".join(f"p{i}@example.no\n" for i in range(600))
    parsed = parse_export("newsletter", ("Email\n" + rows).encode())
    seen: list[tuple[int, int]] = []
    subject_imports.import_export(
        parsed,
        kind="newsletter",
        file_name="n.csv",
        sha256="x",
        now=now,
        actor="t",
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[0] == (0, 600) and seen[-1] == (600, 600) and len(seen) >= 3


# --- editing and merging -----------------------------------------------------------------------


def test_set_identifiers_validates_and_reindexes(db, now) -> None:
    run_import("kajabi", "kajabi_contacts.csv", now)
    ase = subject_with_email("ase.bjornstad@example.no")
    with pytest.raises(ValidationError, match="E-mail: 'x@@y.no' is not an e-mail"):
        store.set_identifiers(ase, [("email", "x@@y.no", "")], now=now, actor="t")
    with pytest.raises(ValidationError, match="at least one identifier"):
        store.set_identifiers(ase, [("name", "  ", "")], now=now, actor="t")
    store.set_identifiers(
        ase,
        [("name", "Åse Berg", ""), ("email", "ASE@NYTT.NO", ""), ("birth_date", "01.02.1980", "")],
        now=now,
        actor="t",
    )
    card = subject_card(ase)
    assert card.name == "Åse Berg"
    assert [(i.kind, i.value) for i in card.identifiers] == [
        ("name", "Åse Berg"),
        ("email", "ase@nytt.no"),
        ("birth_date", "1980-02-01"),
    ]
    assert [h.id for h in search_subjects("ase@nytt").hits] == [ase]
    assert search_subjects("bjornstad").hits == () or all(
        h.id != ase for h in search_subjects("bjornstad").hits
    )
    assert [h.id for h in search_subjects("01.02.1980").hits] == [ase]


def test_merge_moves_everything_and_clears_the_index(db, now) -> None:
    run_import("kajabi", "kajabi_contacts.csv", now)
    run_import("newsletter", "newsletter_mailchimp.tsv", now)
    bjorn = subject_with_email("bjorn.haland@example.no")
    other = subject_with_email("ny.adresse@example.no")
    new = validate_new_request(
        received="2026-11-24 10:00",
        channel="email",
        types="access",
        requester_name="Bjørn",
        requester_contact="ny.adresse@example.no",
        message="",
        now=now,
    )
    rid = reqstore.create_request(new, now=now, actor="t").id
    assert Request.get_by_id(rid).subject_id == other
    store.merge_subjects(bjorn, other, now=now, actor="t")
    assert Subject.get_or_none(Subject.id == other) is None
    assert Request.get_by_id(rid).subject_id == bjorn
    card = subject_card(bjorn)
    assert {h.system for h in card.holdings} == {"kajabi", "newsletter"}
    assert "ny.adresse@example.no" in {i.value for i in card.identifiers}
    assert card.suggestions == ()
    assert database.execute_sql(
        "SELECT count(*) FROM subject_fts WHERE rowid = ?", (other,)
    ).fetchone() == (0,)
    assert SearchToken.select().where(SearchToken.subject == other).count() == 0
    assert [h.id for h in search_subjects("ny.adresse").hits] == [bjorn]
    with pytest.raises(ValidationError):
        store.merge_subjects(bjorn, bjorn, now=now, actor="t")


def test_unindex_removes_every_search_row(db, now) -> None:
    run_import("kajabi", "kajabi_contacts.csv", now)
    ase = subject_with_email("ase.bjornstad@example.no")
    subject_index.unindex_subjects([ase])
    subject_index.purge_search_index()
    assert all(h.id != ase for h in search_subjects("Åse").hits)
    body = database.execute_sql("SELECT group_concat(body) FROM subject_fts").fetchone()[0]
    assert "bjørnstad" not in body


# --- requests and subjects -----------------------------------------------------------------------


def _request(now: datetime, name: str, contact: str) -> int:
    new = validate_new_request(
        received="2026-11-24 10:00",
        channel="email",
        types="access",
        requester_name=name,
        requester_contact=contact,
        message="Hva har dere om meg?",
        now=now,
    )
    return reqstore.create_request(new, now=now, actor="lars").id


def test_intake_links_an_exact_single_match(db, now) -> None:
    import_all(now)
    rid = _request(now, "Bjørn", "Bjorn.Haland@example.no")
    bjorn = subject_with_email("bjorn.haland@example.no")
    info = request_subject(rid)
    assert info.subject is not None and info.subject.id == bjorn and info.automatic
    assert info.subject.systems == ("fiken", "inbox", "kajabi", "stripe")  # inbox: this request
    event = Event.get(Event.request == rid, Event.kind == "subject_auto_linked")
    assert f"subject #{bjorn}" in event.detail and "@" not in event.detail
    # By phone, written another way.
    rid2 = _request(now, "", "912 34 567")
    assert request_subject(rid2).subject.id == bjorn
    # Undo.
    store.link_request(rid, None, now=now, actor="lars")
    info = request_subject(rid)
    assert info.subject is None
    assert [c.id for c in info.candidates] == [bjorn] and info.candidates_by == "e-mail"
    assert Event.select().where(Event.request == rid, Event.kind == "subject_unlinked").exists()


def test_intake_offers_several_or_name_only_matches(db, now) -> None:
    run_import("kajabi", "kajabi_contacts.csv", now)
    run_import("newsletter", "newsletter_mailchimp.tsv", now)
    rid = _request(now, "Bjørn Tore Håland", "bjorn@annen.example.no")
    info = request_subject(rid)
    assert info.subject is None
    assert info.candidates_by == "name" and len(info.candidates) == 2
    assert Event.get(Event.request == rid, Event.kind == "subject_candidates")
    # Two subjects sharing one phone (a family number): offered, not linked.
    a, b = Subject.select().limit(2)
    for sid in (a.id, b.id):
        Identifier.create(
            subject=sid, kind="phone", value="+4740000000", key="+4740000000", created_at=now
        )
    rid2 = _request(now, "", "+47 400 00 000")
    info2 = request_subject(rid2)
    assert info2.subject is None and info2.candidates_by == "phone"
    assert {c.id for c in info2.candidates} == {a.id, b.id}


def test_no_match_no_link_no_event(db, now) -> None:
    rid = _request(now, "Ukjent Person", "ukjent@example.no")
    assert request_subject(rid).subject is None and request_subject(rid).candidates == ()
    assert not Event.select().where(Event.kind.startswith("subject_")).exists()


def test_manual_link_and_card_lists_requests(db, now) -> None:
    run_import("kajabi", "kajabi_contacts.csv", now)
    sigrid = subject_with_email("sigrid.haetta@example.no")
    rid = _request(now, "S. Hætta", "+47 999 99 999")
    store.link_request(rid, sigrid, now=now, actor="lars")
    card = subject_card(sigrid)
    assert [r.id for r in card.requests] == [rid]
    assert not request_subject(rid).automatic
    assert [h.requests for h in search_subjects("Hætta").hits] == [1]
    with pytest.raises(ValidationError):
        store.link_request(rid, 9999, now=now, actor="lars")


def test_merge_carries_other_suggestions_to_the_kept_subject(db, now) -> None:
    data = (
        b"Email,Name\nola1@example.no,Ola Brekkestrand\nola2@example.no,Ola Brekkestrand\n"
        b"ola3@example.no,Ola Brekkestrand\n"
    )
    subject_imports.import_export(
        parse_export("newsletter", data),
        kind="newsletter",
        file_name="n.csv",
        sha256="x",
        now=now,
        actor="t",
    )
    one, two, three = (subject_with_email(f"ola{i}@example.no") for i in (1, 2, 3))
    store.merge_subjects(one, two, now=now, actor="t")
    card = subject_card(one)
    assert [s.other_id for s in card.suggestions] == [three]
