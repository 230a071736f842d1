"""Before a no-data access answer: unlinked subjects that match the requester by name or by any
contact detail are candidates, until it is recorded that none of them is the person."""

from __future__ import annotations

from ekko_tui.store.models import Event
from ekko_tui.store.no_data import (
    CONFIRMED,
    confirm_none_is_the_person,
    open_candidates,
    requester_candidates,
)
from ekko_tui.store.subject_models import Identifier
from ekko_tui.store.subjects import link_request
from tests.conftest import add_request
from tests.store.test_subjects import run_import


def _sid(value: str) -> int:
    return Identifier.get(Identifier.value == value).subject_id


def _found(request_id: int) -> dict[int, tuple[str, ...]]:
    return {c.subject.id: c.matched_by for c in requester_candidates(request_id)}


def test_candidates_by_name_email_and_phone(db, now) -> None:
    run_import("kajabi", "kajabi_contacts.csv", now)
    bjorn, ase = _sid("bjorn.haland@example.no"), _sid("ase.bjornstad@example.no")
    # Same name, another address: not linked at intake, but a candidate by name.
    by_name = add_request(now, name="Bjørn Tore Håland", contact="bth@example.org")
    assert _found(by_name) == {bjorn: ("name",)}
    # A phone of Åse's, written another way, and a different name.
    by_phone = add_request(now, name="Å. B.", contact="0047 98765432", channel="sms")
    assert _found(by_phone) == {}  # linked to her at intake: she is the person
    link_request(by_phone, None, now=now, actor="t")  # unlinked (say, by mistake)
    assert _found(by_phone) == {ase: ("phone",)}
    # Nobody matches: nothing to confirm.
    nobody = add_request(now, name="Kari Nordmann", contact="kari@example.org")
    assert _found(nobody) == {}


def test_the_linked_subject_is_not_a_candidate_but_its_details_are_searched(db, now) -> None:
    run_import("kajabi", "kajabi_contacts.csv", now)
    bjorn = _sid("bjorn.haland@example.no")
    rid = add_request(now, name="Bjørn Tore Håland", contact="bjorn.haland@example.no")
    assert _found(rid) == {}  # linked at intake to him: he is the person, not a candidate
    link_request(rid, None, now=now, actor="t")
    assert _found(rid) == {bjorn: ("name", "e-mail")}


def test_confirmation_is_recorded_and_a_new_candidate_reopens_it(db, now) -> None:
    run_import("kajabi", "kajabi_contacts.csv", now)
    rid = add_request(now, name="Bjørn Tore Håland", contact="kari.nordmann@example.no")
    assert [c.subject.id for c in open_candidates(rid)] == [_sid("bjorn.haland@example.no")]
    assert confirm_none_is_the_person(rid, now=now, actor="t") == 1
    assert open_candidates(rid) == ()
    event = Event.get(Event.kind == CONFIRMED)
    assert event.request_id == rid and "Håland" not in event.detail  # ids only
    assert confirm_none_is_the_person(rid, now=now, actor="t") == 0  # nothing left to confirm
    # A later import brings in someone with the requester's e-mail, and another Bjørn Tore
    # Håland (another address): both are new candidates; the confirmed one stays confirmed.
    run_import("newsletter", "newsletter_mailchimp.tsv", now)
    kari, other = _sid("kari.nordmann@example.no"), _sid("ny.adresse@example.no")
    assert sorted((c.subject.id, c.matched_by) for c in open_candidates(rid)) == sorted(
        [(kari, ("e-mail",)), (other, ("name",))]
    )
