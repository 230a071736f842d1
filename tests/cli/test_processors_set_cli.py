"""`ekko processors set KEY --safeguard CODE [--dpf-checked-on DATE]`: the form's checks, an
audit event like a save in the register screen, and nothing stored on bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ekko_tui.__main__ import main
from ekko_tui.domain.registers import SAFEGUARDS
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.models import Event
from ekko_tui.store.register_models import RegisterProcessor


def run(capsys: pytest.CaptureFixture[str], db_path: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db_path), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _entry(db_path: Path, key: str) -> tuple[str, date | None, int]:
    open_db(db_path)
    try:
        row = RegisterProcessor.get(RegisterProcessor.key == key)
        return row.safeguard, row.dpf_checked_on, Event.select().count()
    finally:
        close_db()


@pytest.fixture
def seeded(db_path: Path, capsys) -> Path:
    assert run(capsys, db_path, "processors")[0] == 0  # first run seeds the register
    return db_path


def test_set_dpf_with_check_date_is_stored_and_logged(seeded, capsys) -> None:
    argv = ("processors", "set", "zoom", "--safeguard", "dpf", "--dpf-checked-on", "2026-11-20")
    code, out, _ = run(capsys, seeded, *argv)
    assert code == 0 and out.startswith("zoom\t")
    assert _entry(seeded, "zoom")[:2] == ("dpf", date(2026, 11, 20))
    open_db(seeded)
    try:
        last = Event.select().order_by(Event.id.desc()).get()
        assert last.request_id is None and last.kind == "register"
        assert "zoom" in last.detail and "safeguard unknown → dpf" in last.detail
        assert last.actor  # who did it, as a TUI save records
    finally:
        close_db()
    # The entry no longer warns about the transfer.
    code, out, _ = run(capsys, seeded, "processors", "--json")
    import json

    zoom = next(p for p in json.loads(out) if p["key"] == "zoom")
    assert "transfer" not in {w["kind"] for w in zoom["warnings"]}


def test_changing_away_from_dpf_clears_the_check_date(seeded, capsys) -> None:
    argv = ("processors", "set", "stripe", "--safeguard", "dpf", "--dpf-checked-on", "2026-11-01")
    assert run(capsys, seeded, *argv)[0] == 0
    assert run(capsys, seeded, "processors", "set", "stripe", "--safeguard", "scc")[0] == 0
    assert _entry(seeded, "stripe")[:2] == ("scc", None)


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("nope", "--safeguard", "dpf"), "nope"),
        (("zoom", "--safeguard", "maybe"), "maybe"),
        (("zoom", "--safeguard", "eea"), "outside the EEA"),  # US is not in the EEA
        (("zoom", "--safeguard", "adequacy"), "adequacy"),  # no adequacy decision for the US
        (("zoom", "--safeguard", "scc", "--dpf-checked-on", "2026-11-01"), "DPF"),
        (("zoom", "--safeguard", "dpf", "--dpf-checked-on", "2026-11-26"), "future"),
        (("zoom", "--safeguard", "dpf", "--dpf-checked-on", "2026-02-30"), "exist"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(seeded, capsys, argv, words) -> None:
    before = _entry(seeded, "zoom")
    code, out, err = run(capsys, seeded, "processors", "set", *argv)
    assert code == 2 and out == ""
    assert words in err and "Traceback" not in err
    assert _entry(seeded, "zoom") == before  # neither the entry nor the audit log changed


def test_help_lists_every_safeguard_code(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["processors", "set", "--help"])
    text = capsys.readouterr().out
    assert all(code in text for code in SAFEGUARDS)
