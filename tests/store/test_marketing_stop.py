"""Objection to direct marketing and withdrawn consent: granting it writes the suppression
entry the letter promises, removes the newsletter records, and a later newsletter import does
not add the person again, while they stay a customer everywhere else."""

from __future__ import annotations

import pytest

from ekko_tui.domain.requests import ValidationError
from ekko_tui.store import erasure
from ekko_tui.store import requests as store
from ekko_tui.store.models import Event, Request, Suppression
from ekko_tui.store.subject_models import Holding, Identifier
from ekko_tui.store.suppression import REASON_CONSENT, REASON_OBJECTION, REASON_REQUEST
from tests.conftest import add_request
from tests.store.test_subjects import run_import

ASE = "ase.bjornstad@example.no"


def _ase() -> int:
    return Identifier.get(Identifier.kind == "email", Identifier.value == ASE).subject_id


def _systems(sid: int) -> set[str]:
    return {h.system for h in Holding.select().where(Holding.subject == sid)}


def _fill(now) -> int:
    run_import("kajabi", "kajabi_contacts.csv", now)
    run_import("newsletter", "newsletter_mailchimp.tsv", now)
    assert _systems(_ase()) == {"kajabi", "newsletter"}
    return _ase()


@pytest.mark.parametrize(
    ("types", "reason"), [("objection", REASON_OBJECTION), ("withdraw_consent", REASON_CONSENT)]
)
def test_granting_suppresses_removes_newsletter_and_blocks_reimport(db, now, types, reason) -> None:
    sid = _fill(now)
    rid = add_request(now, types=types, contact=ASE.upper(), name="Åse Bjørnstad")
    assert Request.get_by_id(rid).subject_id == sid
    store.close(rid, "answered", "", now=now, actor="t")

    entries = list(Suppression.select())
    # Her e-mail and her phone (98 76 54 32 in Kajabi), marketing only.
    assert {(s.kind, s.reason, s.request_ref) for s in entries} == {
        ("email", reason, "2026-001"),
        ("phone", reason, "2026-001"),
    }
    assert _systems(sid) == {"kajabi"}
    assert Event.select().where(Event.kind == "marketing_stopped").count() == 1

    # The store's own import leaves her out of the marketing list again (whoever calls it).
    again = run_import("newsletter", "newsletter_mailchimp.tsv", now)
    assert [r.line for r in again.skipped] == [2]  # Åse's line, named
    assert "not added to the marketing list" in again.skipped[0].reason
    assert _systems(_ase()) == {"kajabi"}

    kajabi = run_import("kajabi", "kajabi_contacts.csv", now)  # an objector stays a customer
    assert all("suppression" not in s.reason and "erased" not in s.reason for s in kajabi.skipped)
    assert _systems(_ase()) == {"kajabi"}


def test_refused_or_partly_refused_objection_writes_nothing(db, now) -> None:
    sid = _fill(now)
    rid = add_request(now, types="objection", contact=ASE)
    store.close(rid, "refused", "Not a marketing matter", now=now, actor="t")
    assert Suppression.select().count() == 0 and _systems(sid) == {"kajabi", "newsletter"}


def test_without_any_contact_closing_is_refused_and_nothing_changes(db, now) -> None:
    _fill(now)
    rid = add_request(now, types="objection", contact="Facebook-melding", channel="facebook")
    with pytest.raises(ValidationError) as caught:
        store.close(rid, "answered", "", now=now, actor="t")
    assert caught.value.field == "outcome"
    req = Request.get_by_id(rid)
    assert req.status not in ("answered",) and req.closed_at is None
    assert Suppression.select().count() == 0


def test_unlinked_sender_is_suppressed_by_own_email(db, now) -> None:
    run_import("newsletter", "newsletter_mailchimp.tsv", now)
    rid = add_request(now, types="objection", contact="Kari.Nordmann@example.no", name="Kari")
    kari = Identifier.get(Identifier.value == "kari.nordmann@example.no").subject_id
    store.close(rid, "answered", "", now=now, actor="t")
    assert [(s.kind, s.reason) for s in Suppression.select()] == [("email", REASON_OBJECTION)]
    assert "newsletter" not in _systems(kari)


def test_a_later_erasure_widens_the_marketing_entry(db, now) -> None:
    sid = _fill(now)
    rid = add_request(now, types="objection", contact=ASE)
    store.close(rid, "answered", "", now=now, actor="t")
    erasure.erase_subject(sid, reason=REASON_REQUEST, now=now, actor="t")
    assert {s.reason for s in Suppression.select()} == {REASON_REQUEST}
    report = run_import("kajabi", "kajabi_contacts.csv", now)
    assert any("was erased on" in s.reason for s in report.skipped)  # now blocked everywhere
