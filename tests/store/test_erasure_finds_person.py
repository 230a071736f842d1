"""Erasure finds all of the person: requests logged before the import that brought the person
in, never linked, but sent from one of the person's e-mails or phones, are erased too."""

from __future__ import annotations

from datetime import timedelta

from ekko_tui.domain.requests import validate_new_request
from ekko_tui.store import erasure
from ekko_tui.store import requests as store
from ekko_tui.store.models import Request
from ekko_tui.store.subject_models import Identifier
from tests.store.test_subjects import run_import


def _request(now, contact: str, name: str, message: str, types: str = "access") -> int:
    new = validate_new_request(
        received=f"{(now - timedelta(days=3)):%Y-%m-%d} 09:00",
        channel="sms" if "@" not in contact else "email",
        types=types,
        requester_name=name,
        requester_contact=contact,
        message=message,
        now=now,
    )
    return store.create_request(new, now=now, actor="t").id


def test_unlinked_requests_with_the_same_phone_or_email_are_planned_and_erased(db, now) -> None:
    # Logged before any import: nothing to link to, so they stay unlinked.
    by_phone = _request(now, "912 34 567", "Bjørn", "Hva har dere om meg? Bor i Storgata 1.")
    by_mail = _request(now, " BJORN.HALAND@example.no ", "B. Håland", "Innsyn, takk")
    stranger = _request(now, "+47 400 00 000", "Kari Nordmann", "Hei fra Kari")
    other_mail = _request(now, "bjorn.haland@example.com", "Bjørn H", "Not the same address")
    assert all(Request.get_by_id(r).subject_id is None for r in (by_phone, by_mail, stranger))
    run_import("kajabi", "kajabi_contacts.csv", now)
    sid = Identifier.get(Identifier.value == "bjorn.haland@example.no").subject_id
    erase_for = _request(now, "bjorn.haland@example.no", "Bjørn Håland", "Slett meg", "erasure")
    assert Request.get_by_id(erase_for).subject_id == sid  # linked at intake

    plan = erasure.plan_erasure(sid, now.date(), request_id=erase_for)
    refs = {Request.get_by_id(r).ref for r in (by_phone, by_mail, erase_for)}
    assert set(plan.requests) == refs
    assert Request.get_by_id(stranger).ref not in plan.requests
    assert Request.get_by_id(other_mail).ref not in plan.requests

    erasure.erase_subject(sid, reason="Art. 17", now=now, actor="t", request_id=erase_for)
    for rid in (by_phone, by_mail, erase_for):
        req = Request.get_by_id(rid)
        assert (req.requester_name, req.requester_contact, req.message) == ("", "", "")
        assert req.erased_at is not None
    for rid, name in ((stranger, "Kari Nordmann"), (other_mail, "Bjørn H")):
        req = Request.get_by_id(rid)
        assert req.requester_name == name and req.erased_at is None


def test_an_unlinked_request_already_erased_is_not_counted_again(db, now) -> None:
    early = _request(now, "912 34 567", "Bjørn", "Ring meg")
    run_import("kajabi", "kajabi_contacts.csv", now)
    sid = Identifier.get(Identifier.value == "bjorn.haland@example.no").subject_id
    erasure.erase_subject(sid, reason="Art. 17", now=now, actor="t")
    assert Request.get_by_id(early).erased_at is not None
    # The person comes back (a new customer with the same phone after the list was cleared):
    # the old, already erased request is not in their plan.
    from ekko_tui.store.models import Suppression

    Suppression.delete().execute()
    run_import("kajabi", "kajabi_contacts.csv", now)
    sid = Identifier.get(Identifier.value == "bjorn.haland@example.no").subject_id
    assert erasure.plan_erasure(sid, now.date()).requests == ()
