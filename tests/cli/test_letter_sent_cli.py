"""`ekko letter REF --sent YYYY-MM-DD [--how …]`: the command line marks a letter sent, with the
rules of the letter screen, so a script can take a request from letter to closed (and erasure)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ekko_tui.__main__ import main
from ekko_tui.store import letters as letters_store
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.models import Event, Request
from tests.conftest import add_request


def run(capsys: pytest.CaptureFixture[str], db_path: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db_path), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def request_with_letter(db_path: Path, tmp_path: Path, now, capsys) -> Path:
    """Request 2026-001 (access, by e-mail, received 24 Nov 2026) with one archived letter."""
    open_db(db_path)
    add_request(now, contact="ase@example.no")
    close_db()
    code, _, _ = run(capsys, db_path, "letter", "2026-001", "--out", str(tmp_path / "a.pdf"))
    assert code == 0
    return db_path


def _state(db_path: Path) -> tuple[str, list[tuple[date | None, str]], list[str]]:
    open_db(db_path)
    try:
        status = Request.get_by_id(1).status
        letters = [(r.sent_on, r.sent_how) for r in letters_store.letters_for_request(1)]
        kinds = [e.kind for e in Event.select().where(Event.request == 1).order_by(Event.id)]
    finally:
        close_db()
    return status, letters, kinds


def test_sent_marks_the_latest_letter_and_closes_the_request(request_with_letter, capsys):
    db_path = request_with_letter
    code, out, _ = run(capsys, db_path, "letter", "2026-001", "--sent", "2026-11-25")
    assert code == 0
    status, letters, kinds = _state(db_path)
    # E-mail in, e-mail out (the screen's default), and the answer closes the request.
    assert letters == [(date(2026, 11, 25), "email")]
    assert status == "answered"
    assert kinds[-2:] == ["letter_sent", "closed"]
    assert out.split("\t")[0] == "2026-001"


def test_how_and_no_follow_up(request_with_letter, capsys):
    db_path = request_with_letter
    argv = ("letter", "2026-001", "--sent", "25.11.2026", "--how", "post", "--no-follow-up")
    assert run(capsys, db_path, *argv)[0] == 0
    status, letters, kinds = _state(db_path)
    assert letters == [(date(2026, 11, 25), "post")]
    assert status != "answered" and "closed" not in kinds


def test_only_the_newest_letter_is_marked(request_with_letter, tmp_path, capsys):
    db_path = request_with_letter
    assert run(capsys, db_path, "letter", "2026-001", "--out", str(tmp_path / "b.pdf"))[0] == 0
    assert run(capsys, db_path, "letter", "2026-001", "--sent", "2026-11-25")[0] == 0
    _, letters, _ = _state(db_path)
    assert [sent for sent, _ in letters] == [date(2026, 11, 25), None]  # newest first


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (("--sent", "2026-02-30"), "exist"),  # no such day
        (("--sent", "tomorrow"), "YYYY-MM-DD"),  # not a date: the message shows the format
        (("--sent", "2026-11-26"), "future"),  # after EKKO_NOW (25 Nov 2026)
        (("--sent", "2026-11-20"), "before it was written"),
        (("--sent", "2026-11-25", "--out", "x.pdf"), "--out"),
        (("--sent", "2026-11-25", "--print"), "--print"),
        (("--how", "post", "--out", "x.pdf"), "--sent"),
    ],
)
def test_bad_input_changes_nothing(request_with_letter, capsys, argv, field):
    db_path = request_with_letter
    before = _state(db_path)
    code, _, err = run(capsys, db_path, "letter", "2026-001", *argv)
    assert code == 2 and field in err and "Traceback" not in err
    assert _state(db_path) == before


def test_unknown_how_is_an_argparse_error(request_with_letter, capsys):
    before = _state(request_with_letter)
    with pytest.raises(SystemExit) as exit_:
        run(capsys, request_with_letter, "letter", "2026-001", "--sent", "2026-11-25", "--how", "x")
    assert exit_.value.code == 2 and "--how" in capsys.readouterr().err
    assert _state(request_with_letter) == before


def test_twice_is_refused(request_with_letter, capsys):
    db_path = request_with_letter
    argv = ("letter", "2026-001", "--sent", "2026-11-25", "--no-follow-up")
    assert run(capsys, db_path, *argv)[0] == 0
    before = _state(db_path)
    code, _, err = run(capsys, db_path, *argv)
    assert code == 2 and "already marked sent on 2026-11-25" in err
    assert _state(db_path) == before


def test_unknown_ref_and_no_letter(db_path, now, capsys):
    open_db(db_path)
    add_request(now)
    close_db()
    code, _, err = run(capsys, db_path, "letter", "2099-001", "--sent", "2026-11-25")
    assert code == 2 and "2099-001" in err
    code, _, err = run(capsys, db_path, "letter", "2026-001", "--sent", "2026-11-25")
    assert code == 2 and "no letter yet" in err
    assert _state(db_path)[1] == []


def test_sent_erasure_letter_lets_the_cli_erase(db_path, tmp_path, now, capsys):
    """The point of --sent: an erasure request can be answered and closed from a script."""
    open_db(db_path)
    add_request(now, types="erasure", contact="ase@example.no")
    close_db()
    assert run(capsys, db_path, "letter", "2026-001", "--out", str(tmp_path / "e.pdf"))[0] == 0
    assert run(capsys, db_path, "letter", "2026-001", "--sent", "2026-11-25")[0] == 0
    status, letters, _ = _state(db_path)
    assert letters[0] == (date(2026, 11, 25), "email") and status == "answered"
