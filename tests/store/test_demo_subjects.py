"""`ekko --demo`: the demo subjects import cleanly and the demo requests link to them."""

from __future__ import annotations

from ekko_tui.demo.requests import seed
from ekko_tui.demo.subjects import seed_subjects
from ekko_tui.store.models import Request
from ekko_tui.store.subject_models import MergeSuggestion
from ekko_tui.store.subject_queries import request_subject, search_subjects


def test_demo_subjects_and_requests(db, now) -> None:
    assert seed_subjects(now) > 40
    seed(now)
    linked = Request.select().where(Request.subject_id.is_null(False)).count()
    assert linked >= 8
    orjan = search_subjects("orjan").hits[0]
    assert orjan.name == "Ørjan Ødegård" and orjan.systems == ("inbox", "kajabi", "stripe")
    first = Request.get(Request.requester_name == "Ørjan Ødegård")
    info = request_subject(first.id)
    assert info.subject is not None and info.subject.id == orjan.id and info.automatic
    assert MergeSuggestion.select().count() >= 1  # the two Bjørn Tore Hålands
