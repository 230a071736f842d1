"""The retention sweep of closed requests (the promise of the no-data answer): only those past
31 December of the third year after closing lose their personal data, by the erasure's own
blanking; open requests and the subject are untouched; the audit trail names references."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ekko_tui.store import audit
from ekko_tui.store import requests as store
from ekko_tui.store.agenda import agenda
from ekko_tui.store.letters import ArchivedFile, Letter, LetterFile, NewLetter, record_letter
from ekko_tui.store.models import Event, Note, Request
from ekko_tui.store.request_retention import (
    erase_requests_past_retention,
    requests_past_retention,
)
from ekko_tui.store.subject_models import Identifier, Subject
from ekko_tui.store.subjects import link_request
from tests.conftest import OSLO, add_request
from tests.store.test_subjects import run_import


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=OSLO).astimezone(UTC)


def _letter(rid: int, folder: Path, now: datetime) -> Path:
    data = b"%PDF-1.4 letter to Ase Nordmann"
    sha = hashlib.sha256(data).hexdigest()
    path = folder / f"letter-{rid}.pdf"
    path.write_bytes(data)
    record_letter(
        NewLetter(
            rid,
            "access",
            str(path),
            sha,
            pages=1,
            size_bytes=len(data),
            free_texts={"extra": "Hei Åse"},
            files=(ArchivedFile("letter", path.name, sha, data),),
        ),
        now=now,
        actor="t",
    )
    return path


def scenario(now: datetime, folder: Path) -> dict[str, int]:
    """Three requests of one subject (two closed across New Year in Oslo, one open) and one
    open request of nobody; the first closed one has a note and an archived letter."""
    run_import("stripe", "stripe_unified_customers.csv", now)
    sid = Identifier.get(Identifier.value == "bjorn.haland@example.no").subject_id
    ids = {
        "old": add_request(
            now,
            name="Bjørn Håland",
            contact="bjorn.haland@example.no",
            message="Hva har dere om meg?",
        ),
        "new_year": add_request(
            now,
            name="Bjørn Håland",
            types="erasure",
            contact="bjorn.haland@example.no",
            message="Slett meg",
        ),
        "open": add_request(
            now,
            name="Bjørn Håland",
            types="rectification",
            contact="bjorn.haland@example.no",
            message="Feil adresse",
        ),
        "other": add_request(now, name="Kari", contact="kari@example.no", message="Innsyn"),
    }
    for key in ("old", "new_year", "open"):
        link_request(ids[key], sid, now=now, actor="t")
    store.add_note(ids["old"], "Ringte Bjørn på 915 55 123", now=now, actor="t")
    _letter(ids["old"], folder, now)
    # 23:30 on New Year's Eve in Oslo, and 00:30 the next morning (still 2026 in UTC).
    store.close(
        ids["old"], "answered", "Svar sendt til Bjørn", now=at(2026, 12, 31, 23, 30), actor="t"
    )
    store.close(ids["new_year"], "answered", "Slettet", now=at(2027, 1, 1, 0, 30), actor="t")
    ids["subject"] = sid
    return ids


def test_sweep_erases_only_the_due_ones(db, now, tmp_path) -> None:
    ids = scenario(now, tmp_path)
    letter_path = tmp_path / f"letter-{ids['old']}.pdf"
    assert [r.ref for r in requests_past_retention(date(2029, 12, 31))] == []
    assert agenda(date(2029, 12, 31)).group("request_retention").items == ()
    due = requests_past_retention(date(2030, 1, 1))
    assert [(r.id, r.closed_on, r.kept_until) for r in due] == [
        (ids["old"], date(2026, 12, 31), date(2029, 12, 31))
    ]
    items = agenda(date(2030, 1, 3)).group("request_retention").items
    assert [(i.source_id, i.date, i.late_days) for i in items] == [
        (ids["old"], date(2029, 12, 31), 3)
    ]
    before = {r.id: r for r in Request.select()}
    later = at(2030, 1, 3, 9, 0)
    refs = erase_requests_past_retention(date(2030, 1, 3), now=later, actor="t")
    assert refs == [before[ids["old"]].ref]

    old = Request.get_by_id(ids["old"])
    assert (old.requester_name, old.requester_contact, old.message, old.outcome_note) == (
        "",
        "",
        "",
        "",
    )
    assert old.subject_id is None and old.erased_at is not None
    assert old.ref == before[ids["old"]].ref and old.status == before[ids["old"]].status
    assert Note.select().where(Note.request == ids["old"]).count() == 0
    assert not letter_path.exists()
    letter = Letter.get(Letter.request == ids["old"])
    assert (letter.path, letter.free_texts) == ("", "{}")
    assert LetterFile.select().count() == 0
    for key in ("new_year", "open", "other"):  # not due, or open: every field as it was
        assert Request.get_by_id(ids[key]).__data__ == before[ids[key]].__data__
    assert Subject.get_or_none(Subject.id == ids["subject"]) is not None  # only the request
    assert Identifier.select().where(Identifier.subject == ids["subject"]).count() > 0

    swept = Event.select().where(Event.kind == "retention_erased")
    assert [(e.request_ref, e.request_id) for e in swept] == [(old.ref, ids["old"])]
    assert "Bjørn" not in swept[0].detail and "bjorn" not in swept[0].detail
    assert audit.verify_chain().ok
    assert agenda(date(2030, 1, 3)).group("request_retention").items == ()

    # Idempotent: nothing more on the same day; the next one falls due a year later.
    assert erase_requests_past_retention(date(2030, 1, 3), now=later, actor="t") == []
    assert Event.select().where(Event.kind == "retention_erased").count() == 1
    refs = erase_requests_past_retention(date(2031, 1, 1), now=at(2031, 1, 1, 9), actor="t")
    assert refs == [before[ids["new_year"]].ref]
    assert Request.get_by_id(ids["open"]).__data__ == before[ids["open"]].__data__


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE request SET closed_at = NULL WHERE id = ?",  # closed, but no closing time
        "UPDATE request SET closed_at = 'not a date' WHERE id = ?",  # an unreadable time
        "UPDATE request SET closed_at = '2099-01-01 00:00:00' WHERE id = ?",  # a clock behind
        "UPDATE request SET status = 'in_progress' WHERE id = ?",  # reopened by hand: open
    ],
)
def test_odd_rows_are_never_swept(db, now, tmp_path, tamper) -> None:
    ids = scenario(now, tmp_path)
    db.execute_sql(tamper, (ids["old"],))
    db.execute_sql(
        "UPDATE request SET closed_at = '2020-01-01 10:00:00' WHERE id = ?", (ids["open"],)
    )  # an open request with an old closing time
    before = {r.id: r.__data__ for r in Request.select()}
    day = date(2030, 6, 1)
    assert ids["old"] not in [r.id for r in requests_past_retention(day)]
    agenda(day)  # no traceback
    refs = erase_requests_past_retention(day, now=at(2030, 6, 1, 9), actor="t")
    assert refs == []
    assert {r.id: r.__data__ for r in Request.select()} == before


def test_an_erased_request_cannot_be_reopened_and_says_why_it_was_erased(db, now, tmp_path) -> None:
    from ekko_tui.domain.requests import ValidationError
    from ekko_tui.store.queries import request_detail

    ids = scenario(now, tmp_path)
    later = at(2030, 1, 3, 9, 0)
    erase_requests_past_retention(date(2030, 1, 3), now=later, actor="t")
    before = Request.get_by_id(ids["old"]).__data__
    events = Event.select().count()
    with pytest.raises(ValidationError, match="erased"):
        store.reopen(ids["old"], now=later, actor="t")
    assert Request.get_by_id(ids["old"]).__data__ == before  # still closed, still erased
    assert Event.select().count() == events
    swept = request_detail(ids["old"], date(2030, 1, 3))
    assert swept is not None and swept.erased_at is not None and swept.erased_at_retention_end
    # A closed request that was not erased reopens as before; it was erased by nobody.
    kept = request_detail(ids["new_year"], date(2030, 1, 3))
    assert kept is not None and kept.erased_at is None and not kept.erased_at_retention_end
    store.reopen(ids["new_year"], now=later, actor="t")
    assert Request.get_by_id(ids["new_year"]).status in store.OPEN_STATUSES
