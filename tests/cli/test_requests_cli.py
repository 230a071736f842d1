"""The command line as scripts and mail filters use it (in-process, on a temporary database)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from ekko_tui.__main__ import main
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.models import Request


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["2025-01-31"], "2025-02-28"),
        (["2027-01-31"], "2027-03-01"),
        (["2026-11-24"], "2026-12-24"),
        (["2025-01-31", "--extended"], "2025-04-28"),
        (["2026-01-10", "--paused-days", "14"], "2026-02-24"),
        (["2027-02-17", "--extended"], "2027-05-18"),
        (["31.01.2025"], "2025-02-28"),  # Norwegian order, as typed in the app
        (["31.01.25"], "2025-02-28"),
        (["3.1.2027"], "2027-02-03"),
    ],
)
def test_deadline_command(capsys, argv: list[str], expected: str) -> None:
    code, out, _ = run(capsys, "deadline", *argv)
    assert (code, out.strip()) == (0, expected)


def test_deadline_command_explains_and_rejects_bad_dates(capsys) -> None:
    code, out, _ = run(capsys, "deadline", "2025-01-31", "--explain")
    assert code == 0 and "February has no 31st" in out
    code, _, err = run(capsys, "deadline", "2025-02-30")
    assert code == 2 and "not a date that exists" in err
    code, _, err = run(capsys, "deadline", "30.02.2025")
    assert code == 2 and "not a date that exists" in err and "Traceback" not in err
    code, _, err = run(capsys, "deadline", "2025-02-03", "--paused-days", "-2")
    assert code == 2 and "cannot be negative" in err


def test_request_add_with_flags_then_list_as_json(capsys, db_path: Path) -> None:
    code, out, err = run(
        capsys,
        "--db",
        str(db_path),
        "request",
        "add",
        "--type",
        "erasure,access",
        "--channel",
        "sms",
        "--from",
        "+47 912 34 567",
        "--name",
        "Kåre Ås",
        "--received",
        "2026-11-24 14:05",
        "--text",
        "Slett meg",
    )
    assert code == 0, err
    assert out == "2026-001\tdeadline 2026-12-24\n"
    code, out, _ = run(capsys, "--db", str(db_path), "requests", "--json")
    data = json.loads(out)
    assert [
        (r["ref"], r["types"], r["requester"], r["deadline"], r["working_days_left"]) for r in data
    ] == [("2026-001", ["access", "erasure"], "Kåre Ås", "2026-12-24", 21)]
    code, out, _ = run(capsys, "--db", str(db_path), "requests")
    assert out.startswith("2026-001\t2026-12-24\t  21 wd\tnew\taccess,erasure\tKåre Ås")


def test_request_add_eml_from_stdin(capsys, db_path: Path, monkeypatch) -> None:
    raw = (
        b"From: Nina Berg <nina@example.no>\nDate: Thu, 29 Oct 2026 21:00:00 +0000\n"
        b"Subject: Innsyn\n\nHva har dere om meg?\n"
    )
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    code, out, err = run(capsys, "--db", str(db_path), "request", "add", "--eml", "-")
    assert code == 0, err
    # 21:00 UTC on 29 Oct is 22:00 in Oslo: still 29 Oct → Sun 29 Nov → Mon 30 Nov.
    assert out == "2026-001\tdeadline 2026-11-30\n"
    assert "access (innsyn)" in err and "key t" in err  # the words that decided the type
    open_db(db_path)
    try:
        req = Request.get()
        assert (req.requester_name, req.requester_contact, req.channel) == (
            "Nina Berg",
            "nina@example.no",
            "email",
        )
        assert req.message == "Subject: Innsyn\n\nHva har dere om meg?"
        assert (req.types, req.types_suggested) == ("access", True)
    finally:
        close_db()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "hugs", "--from", "a@example.no"], "Unknown request type"),
        (
            ["--type", "access", "--from", "a@example.no", "--received", "2026-02-30 10:00"],
            "not a date and time that exists",
        ),
        (["--type", "access", "--from", "a@@example.no"], "not a valid e-mail"),
        (["--type", "access", "--channel", "pigeon", "--from", "a@example.no"], "Unknown channel"),
        (["--from", "a@example.no"], "give --type"),
        (["--eml", "/nonexistent/file.eml"], "cannot read"),
    ],
)
def test_bad_flags_store_nothing(capsys, db_path: Path, args: list[str], message: str) -> None:
    code, out, err = run(capsys, "--db", str(db_path), "request", "add", *args)
    assert code == 2 and message in err and out == ""
    open_db(db_path)
    try:
        assert Request.select().count() == 0
    finally:
        close_db()


def test_malformed_eml_stores_nothing(capsys, db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.eml"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    code, _, err = run(capsys, "--db", str(db_path), "request", "add", "--eml", str(bad))
    assert code == 2 and "binary" in err and "Nothing was stored" in err
    open_db(db_path)
    try:
        assert Request.select().count() == 0
    finally:
        close_db()


def test_not_an_ekko_database_is_one_clear_line(capsys, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("hello")
    code, _, err = run(capsys, "--db", str(bogus), "requests")
    assert code == 1
    assert err.startswith("ekko: ") and "is not an ekko database" in err
    assert "Traceback" not in err
    assert bogus.read_text() == "hello"


def test_default_database_lives_in_the_user_data_dir(capsys, hermetic_env: Path) -> None:
    code, out, _ = run(capsys, "requests")
    assert code == 0 and out == "No open requests.\n"
    assert (hermetic_env / ".local/share/ekko/ekko.db").exists()


def test_demo_seed_covers_every_status(db, now) -> None:
    from ekko_tui.demo.requests import seed
    from ekko_tui.store.queries import request_rows

    count = seed(now)
    rows = request_rows(now.date(), "all")
    assert len(rows) == count
    assert {r.status for r in rows} >= {
        "new",
        "in_progress",
        "waiting",
        "answered",
        "partly_refused",
    }
    assert {r.channel for r in rows} == {
        "email",
        "form",
        "phone",
        "sms",
        "facebook",
        "instagram",
        "letter",
        "in_person",
    }
    assert any(r.overdue for r in rows) and any(r.extended for r in rows)


def test_keychain_note_is_said_once_then_only_in_key_show(capsys, db_path: Path) -> None:
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    keyring.set_keyring(NoKeyring())  # no working keychain: the key goes to a private file
    code, _, err = run(capsys, "--db", str(db_path), "agenda")
    assert code == 0 and err.count("No working keychain") == 1  # the first run says it
    code, out, err = run(capsys, "--db", str(db_path), "agenda")
    assert code == 0 and "No working keychain" not in err + out  # cron stays quiet
    code, out, _ = run(capsys, "--db", str(db_path), "key", "show")
    assert code == 0 and "No working keychain" in out


def test_a_bad_ekko_now_is_one_message_and_exit_2(monkeypatch, capsys, db_path) -> None:
    monkeypatch.setenv("EKKO_NOW", "not-a-date")
    assert main(["--db", str(db_path), "requests"]) == 2
    err = capsys.readouterr().err
    assert "EKKO_NOW" in err and "Traceback" not in err
    assert not db_path.exists()  # nothing was opened or created
