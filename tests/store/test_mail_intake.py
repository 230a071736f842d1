"""E-mail intake through the command line: forwards, dates, own addresses, the suggested type,
one request per Message-ID, and bad input that stores nothing (in-process, temporary database)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ekko_tui.__main__ import main
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.models import Event, Note, Request
from tests import mails


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def add_eml(capsys, db_path: Path, tmp_path: Path, raw: bytes, *extra: str):
    path = tmp_path / "mail.eml"
    path.write_bytes(raw)
    return run(capsys, "--db", str(db_path), "request", "add", "--eml", str(path), *extra)


def own(capsys, db_path: Path, *addresses: str) -> None:
    code, out, err = run(capsys, "--db", str(db_path), "mail", "own", *addresses)
    assert code == 0, err


def stored() -> list[Request]:
    return list(Request.select().order_by(Request.id))


@pytest.fixture
def db_after(db_path: Path):
    """Open the database the CLI wrote, for assertions; closed afterwards."""

    def opener():
        open_db(db_path)
        return stored()

    yield opener
    close_db()


@pytest.mark.parametrize(("style", "lang"), mails.STYLES)
def test_forwarded_request_gets_the_deadline_of_the_original(
    capsys, db_path: Path, tmp_path: Path, style: str, lang: str
) -> None:
    own(capsys, db_path, mails.OWN)
    code, out, err = add_eml(capsys, db_path, tmp_path, mails.inline_forward(style, lang))
    assert code == 0, err
    assert out == f"2026-001\tdeadline {mails.EXPECTED_DEADLINE}\n"
    code, out, _ = run(capsys, "--db", str(db_path), "requests", "--json")
    [row] = json.loads(out)
    assert (row["requester"], row["contact"]) == ("Kari Nordmann", "kari@example.no")
    assert row["received_at"].startswith("2026-10-31T21:41")
    assert row["deadline"] == mails.EXPECTED_DEADLINE  # not 2026-12-23, a month after the forward
    assert row["types"] == ["erasure", "objection"]  # "slett", "avmeld" in the original text
    assert "Forwarded by post@ipogs.no" in err


def test_forward_as_attachment_and_the_timeline(capsys, db_path, tmp_path, db_after) -> None:
    own(capsys, db_path, mails.OWN)
    code, out, err = add_eml(capsys, db_path, tmp_path, mails.attachment_forward("nb"))
    assert code == 0 and out.endswith(f"deadline {mails.EXPECTED_DEADLINE}\n"), err
    [req] = db_after()
    assert req.requester_contact == "kari@example.no"
    # Who forwarded it is a note (erasable), not text in the hash-chained events.
    notes = [n.text for n in Note.select().where(Note.request == req.id)]
    assert notes == ["Forwarded by post@ipogs.no on 2026-11-23 09:12 (as an attachment)"]
    events = [(e.kind, e.detail) for e in Event.select().where(Event.request == req.id)]
    assert not any("post@ipogs.no" in detail or "kari" in detail for _, detail in events)


def test_the_controller_email_is_an_own_address(capsys, db_path, tmp_path, db_after) -> None:
    # The controller profile's e-mail (mode 4) counts without being listed.
    code, _, err = run(capsys, "--db", str(db_path), "mail", "own")
    assert code == 0
    open_db(db_path)
    from ekko_tui.store.register_writes import set_controller_email

    set_controller_email("post@ipogs.no", now=mails_now(), actor="t")
    close_db()
    plain = mails.mail(sender=f"Lars Erik <{mails.OWN}>", subject="Husk", body="Ring Kari")
    code, out, err = add_eml(capsys, db_path, tmp_path, plain)
    assert code == 2 and out == "" and "own address post@ipogs.no" in err
    assert "Nothing was stored" in err
    # Naming the requester on the command line logs it as from them.
    code, out, err = add_eml(capsys, db_path, tmp_path, plain, "--from", "Kari <kari@example.no>")
    assert code == 0, err
    [req] = db_after()
    assert (req.requester_name, req.requester_contact) == ("Kari", "kari@example.no")


def mails_now():
    from tests.conftest import NOW

    return NOW


def test_future_date_is_logged_now_with_a_warning(capsys, db_path, tmp_path, db_after) -> None:
    raw = mails.mail(
        sender="Ola <ola@example.no>",
        subject="Slett meg",
        body="Slett meg",
        date="Sat, 24 Nov 2029 08:30:00 +0100",
    )
    code, out, err = add_eml(capsys, db_path, tmp_path, raw)
    assert code == 0 and "in the future" in err
    [req] = db_after()
    assert req.received_at.isoformat().startswith("2026-11-25T09:00")  # EKKO_NOW, in UTC
    assert "in the future" in req.intake_warning


def test_received_on_the_command_line_wins(capsys, db_path, tmp_path, db_after) -> None:
    raw = mails.mail(
        sender="Ola <ola@example.no>", subject="x", body="x", date="Sat, 24 Nov 2029 08:30:00 +0100"
    )
    code, out, err = add_eml(capsys, db_path, tmp_path, raw, "--received", "2026-11-20 10:00")
    assert code == 0 and "warning" not in err
    [req] = db_after()
    assert req.received_at.isoformat().startswith("2026-11-20T09:00") and req.intake_warning == ""


def test_received_on_the_command_line_is_validated(capsys, db_path, tmp_path, db_after) -> None:
    raw = mails.mail(sender="Ola <ola@example.no>", subject="x", body="x")
    code, out, err = add_eml(capsys, db_path, tmp_path, raw, "--received", "2016-01-01 10:00")
    assert code == 2 and "2018" in err and out == ""
    assert db_after() == []


def test_same_message_twice_is_one_request(capsys, db_path, tmp_path, db_after) -> None:
    raw = mails.mail(
        sender="Ola <ola@example.no>",
        subject="Innsyn",
        body="Innsyn takk",
        message_id="<m1@example.no>",
    )
    code, first, _ = add_eml(capsys, db_path, tmp_path, raw)
    code2, second, err = add_eml(capsys, db_path, tmp_path, raw)
    assert (code, code2) == (0, 0) and first == second and "already logged as 2026-001" in err
    # Without a Message-ID, the bytes themselves are the key.
    bare = mails.mail(sender="Per <per@example.no>", subject="x", body="y")
    add_eml(capsys, db_path, tmp_path, bare)
    add_eml(capsys, db_path, tmp_path, bare)
    assert [r.ref for r in db_after()] == ["2026-001", "2026-002"]


def test_type_suggestion_is_marked_until_confirmed(capsys, db_path, tmp_path, db_after) -> None:
    raw = mails.mail(sender="Ola <ola@example.no>", subject="Hei", body="Når starter kurset?")
    code, _, err = add_eml(capsys, db_path, tmp_path, raw)
    assert "other (no words" in err
    add_eml(
        capsys,
        db_path,
        tmp_path,
        mails.mail(sender="Kari <k@example.no>", subject="x", body="x"),
        "--type",
        "access",
    )
    first, second = db_after()
    assert (first.types, first.types_suggested) == ("other", True)
    assert (second.types, second.types_suggested) == ("access", False)
    from ekko_tui.store import requests as store

    store.set_types(first.id, ("other",), now=mails_now(), actor="t")  # confirm as it is
    assert Request.get_by_id(first.id).types_suggested is False


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--channel", "email", "--from", "not-an-email"], "is not an e-mail address"),
    ],
)
def test_from_that_does_not_fit_the_channel(
    capsys, db_path, tmp_path, db_after, argv, message
) -> None:
    code, out, err = run(capsys, "--db", str(db_path), "request", "add", "--type", "access", *argv)
    assert code == 2 and message in err and out == ""
    raw = mails.mail(sender="Ola <ola@example.no>", subject="x", body="x")
    code, out, err = add_eml(capsys, db_path, tmp_path, raw, *argv)
    assert code == 2 and message in err and out == ""
    assert db_after() == []


def test_a_letter_without_postal_address_is_logged_with_a_warning(
    capsys, db_path, db_after
) -> None:
    code, out, err = run(
        capsys,
        "--db",
        str(db_path),
        "request",
        "add",
        "--type",
        "access",
        "--channel",
        "letter",
        "--from",
        "Kari Nordmann",
    )
    assert code == 0 and "no postal address" in err
    [req] = db_after()
    assert "no postal address" in req.intake_warning


def test_broken_base64_is_said_in_the_detail(capsys, db_path, tmp_path, db_after) -> None:
    raw = (
        b"From: Ola <ola@example.no>\nDate: Tue, 24 Nov 2026 08:30:00 +0100\n"
        b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        b"SGVpLCBzbGV0dCBtZWc!!*broken*\n"
    )
    code, _, err = add_eml(capsys, db_path, tmp_path, raw)
    assert code == 0 and "base64" in err
    [req] = db_after()
    assert "SGVpLCBzbGV0dCBtZWc!!*broken*" in req.message and "base64" in req.intake_warning


def test_five_megabyte_body_is_kept_whole(capsys, db_path, tmp_path, db_after) -> None:
    body = ("Slett meg. " + "x" * 99 + "\n") * 47_000  # about 5.2 MB
    raw = mails.mail(sender="Ola <ola@example.no>", subject="Stor", body=body)
    code, out, err = add_eml(capsys, db_path, tmp_path, raw)
    assert code == 0, err
    [req] = db_after()
    assert len(req.message) > 5_000_000 and req.types == "erasure"


def test_nested_multiparts_store_nothing(capsys, db_path, tmp_path, db_after) -> None:
    parts = [b'From: a <a@example.no>\nContent-Type: multipart/mixed; boundary="b0"\n\n']
    for i in range(1, 2000):
        parts.append(f'--b{i - 1}\nContent-Type: multipart/mixed; boundary="b{i}"\n\n'.encode())
    code, out, err = add_eml(capsys, db_path, tmp_path, b"".join(parts))
    assert code == 2 and "nested parts" in err and "Traceback" not in err
    assert db_after() == []


def test_from_without_address_stores_nothing(capsys, db_path, tmp_path, db_after) -> None:
    code, out, err = add_eml(
        capsys, db_path, tmp_path, b"From: Just A Name\nSubject: x\n\nSlett meg\n"
    )
    assert code == 2 and "no e-mail address" in err and out == ""
    assert db_after() == []


def test_erasure_removes_the_forward_note_and_the_warnings(capsys, db_path, tmp_path, now) -> None:
    from tests.store.test_subjects import run_import

    own(capsys, db_path, mails.OWN)
    open_db(db_path)
    run_import("kajabi", "kajabi_contacts.csv", now)  # Bjørn Håland is a subject
    close_db()
    raw = mails.mail(
        sender=f"Lars Erik <{mails.OWN}>",
        subject="VS: Slett meg",
        body=(
            "________________________________\n"
            "Fra: Bjørn Håland <bjorn.haland@example.no>\n"
            "Sendt: en gang i høst\n"
            "Emne: Slett meg\n\n"
            "Slett alt om meg."
        ),
        date=mails.FORWARD_DATE,
        message_id="<fwd-bjorn@ipogs.no>",
    )
    code, _, err = add_eml(capsys, db_path, tmp_path, raw)
    assert code == 0 and "cannot be read" in err and "Linked to subject" in err
    code, out, err = run(capsys, "--db", str(db_path), "erase", "bjorn.haland@example.no", "--yes")
    assert code == 0, err + out
    open_db(db_path)
    try:
        [req] = stored()
        assert req.erased_at is not None and req.intake_warning == ""
        assert Note.select().count() == 0
        assert req.message_id == "<fwd-bjorn@ipogs.no>"  # kept: a re-fetch is not a new request
    finally:
        close_db()


def test_changing_the_types_in_the_edit_form_confirms_them(capsys, db_path, tmp_path, now) -> None:
    from ekko_tui.domain.requests import validate_new_request
    from ekko_tui.store import requests as store

    raw = mails.mail(sender="Ola <ola@example.no>", subject="Slett meg", body="Slett meg")
    assert add_eml(capsys, db_path, tmp_path, raw)[0] == 0
    open_db(db_path)
    try:
        [req] = stored()
        assert (req.types, req.types_suggested) == ("erasure", True)
        fields = dict(
            received="2026-11-24 08:30",
            channel="email",
            requester_name="Ola",
            requester_contact="ola@example.no",
            message=req.message,
            now=now,
        )
        store.update_request(
            req.id, validate_new_request(types="erasure", **fields), now=now, actor="t"
        )
        assert Request.get_by_id(req.id).types_suggested is True  # types untouched: still open
        store.update_request(
            req.id, validate_new_request(types="erasure,objection", **fields), now=now, actor="t"
        )
        assert Request.get_by_id(req.id).types_suggested is False
    finally:
        close_db()
