"""`ekko mail setup|test|fetch` against a real IMAP server (dovecot, tests/e2e/dovecot.py),
through the installed `ekko` command."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests import mails
from tests.e2e.conftest import Terminal, ekko_command
from tests.e2e.dovecot import (  # noqa: F401 - the fixtures
    Dovecot,
    dovecot_server,
    dovecot_tls_server,
    free_port,
)

pytestmark = pytest.mark.e2e


def ekko(db: Path, *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, EKKO_ENCRYPTION="off")
    return subprocess.run(
        [ekko_command(), "--db", str(db), *argv],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def setup(db: Path, server: Dovecot, *extra: str, password: str | None = None):
    return ekko(
        db,
        "mail",
        "setup",
        "--host",
        server.host,
        "--port",
        str(server.port),
        "--user",
        server.user,
        "--security",
        "none",
        "--password-stdin",
        *extra,
        stdin=(password if password is not None else server.password) + "\n",
    )


def requests_json(db: Path) -> list[dict[str, object]]:
    done = ekko(db, "requests", "--json", "--all")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_fetch_logs_moves_and_is_idempotent(dovecot: Dovecot, tmp_path: Path) -> None:
    db = tmp_path / "ekko.db"
    done = setup(db, dovecot)
    assert done.returncode == 0, done.stderr
    # No keychain in the subprocess (PYTHON_KEYRING_BACKEND=fail): the fallback file, said once.
    assert "No working keychain" in done.stderr and "readable only by you" in done.stderr
    tested = ekko(db, "mail", "test")
    assert tested.returncode == 0, tested.stderr
    assert "OK" in tested.stdout and "0 message(s) waiting" in tested.stdout
    assert "missing" in tested.stdout and "No working keychain" not in tested.stderr

    dovecot.drop(mails.inline_forward("gmail", "nb"))
    dovecot.drop(
        mails.mail(
            sender="Ola <ola@example.no>",
            subject="Innsyn",
            body="Innsyn, takk.",
            message_id="<ola-1@example.no>",
        )
    )
    fetched = ekko(db, "mail", "fetch", "--json")
    assert fetched.returncode == 0, fetched.stderr
    report = json.loads(fetched.stdout)
    assert len(report["logged"]) == 2 and report["already_logged"] == []
    assert report["done_folder"] == "ekko.importert"  # the server's delimiter is "."
    forwarded = next(r for r in report["logged"] if r["forwarded_by"])
    assert forwarded["deadline"] == mails.EXPECTED_DEADLINE
    assert forwarded["suggested_types"] == ["erasure", "objection"]
    # Moved, never deleted: the inbox is empty and the done folder (created) holds both.
    assert dovecot.messages("INBOX") == []
    assert len(dovecot.messages("ekko.importert")) == 2
    assert "ekko.importert" in dovecot.folders()

    again = ekko(db, "mail", "fetch")
    assert again.returncode == 0 and "Fetched 0 new" in again.stdout
    # The same message delivered again (same Message-ID): one request, moved to done.
    dovecot.drop(
        mails.mail(
            sender="Ola <ola@example.no>",
            subject="Innsyn",
            body="Innsyn, takk.",
            message_id="<ola-1@example.no>",
        )
    )
    third = ekko(db, "mail", "fetch", "--json")
    assert len(json.loads(third.stdout)["already_logged"]) == 1
    assert dovecot.messages("INBOX") == [] and len(dovecot.messages("ekko.importert")) == 3
    # ... and also added with --eml: still one request.
    eml = tmp_path / "ola.eml"
    eml.write_bytes(dovecot.messages("ekko.importert")[-1])
    added = ekko(db, "request", "add", "--eml", str(eml))
    assert added.returncode == 0 and "already logged" in added.stderr
    rows = requests_json(db)
    assert sorted(r["contact"] for r in rows) == ["kari@example.no", "ola@example.no"]
    kari = next(r for r in rows if r["contact"] == "kari@example.no")
    assert kari["deadline"] == mails.EXPECTED_DEADLINE


def test_login_failure_is_one_clear_line(dovecot: Dovecot, tmp_path: Path) -> None:
    db = tmp_path / "ekko.db"
    assert setup(db, dovecot, password="wrong").returncode == 0
    dovecot.drop(mails.mail(sender="Ola <ola@example.no>", subject="x", body="y"))
    for action in ("test", "fetch"):
        done = ekko(db, "mail", action)
        assert done.returncode == 1
        assert "refused the login of post@ipogs.no" in done.stderr
        assert "Traceback" not in done.stderr
    assert len(dovecot.messages("INBOX")) == 1 and requests_json(db) == []


def test_tls_against_a_server_without_tls(dovecot: Dovecot, tmp_path: Path) -> None:
    db = tmp_path / "ekko.db"
    for security, expected in (("ssl", "TLS"), ("starttls", "")):
        done = ekko(
            db,
            "mail",
            "setup",
            "--host",
            dovecot.host,
            "--port",
            str(dovecot.port),
            "--user",
            dovecot.user,
            "--security",
            security,
            "--password-stdin",
            stdin=dovecot.password + "\n",
        )
        assert done.returncode == 0, done.stderr
        tested = ekko(db, "mail", "test")
        assert tested.returncode == 1 and "Traceback" not in tested.stderr
        assert tested.stderr.startswith("ekko: ") and expected in tested.stderr
        assert len(tested.stderr.strip().splitlines()) == 1


def test_a_server_that_does_not_answer(tmp_path: Path) -> None:
    db = tmp_path / "ekko.db"
    port = free_port()  # nothing listens there
    done = ekko(
        db,
        "mail",
        "setup",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--user",
        "x@y.no",
        "--security",
        "none",
        "--password-stdin",
        stdin="pw\n",
    )
    assert done.returncode == 0
    fetched = ekko(db, "mail", "fetch")
    assert fetched.returncode == 1 and "Cannot reach the mail server" in fetched.stderr
    assert "Traceback" not in fetched.stderr


def test_an_unparseable_message_stays_and_is_reported(dovecot: Dovecot, tmp_path: Path) -> None:
    db = tmp_path / "ekko.db"
    assert setup(db, dovecot).returncode == 0
    dovecot.drop(b"Subject: notater\n\nbare tekst uten avsender\n")
    dovecot.drop(mails.mail(sender="Ola <ola@example.no>", subject="Slett meg", body="Slett meg"))
    fetched = ekko(db, "mail", "fetch", "--json")
    assert fetched.returncode == 1  # something was left behind: a mail filter should know
    report = json.loads(fetched.stdout)
    assert len(report["logged"]) == 1
    [left] = report["left_in_folder"]
    assert left["subject"] == "notater" and "No From header" in left["reason"]
    assert dovecot.messages("INBOX") == [b"Subject: notater\n\nbare tekst uten avsender\n"]
    assert len(dovecot.messages("ekko.importert")) == 1


def test_setup_refuses_bad_settings_and_fetch_without_setup(tmp_path: Path) -> None:
    db = tmp_path / "ekko.db"
    fetched = ekko(db, "mail", "fetch")
    assert fetched.returncode == 2 and "No mailbox is set up" in fetched.stderr
    bad = ekko(
        db,
        "mail",
        "setup",
        "--host",
        "imap example",
        "--user",
        "x",
        "--password-stdin",
        stdin="pw\n",
    )
    assert bad.returncode == 2 and "is not a host name" in bad.stderr
    empty = ekko(
        db,
        "mail",
        "setup",
        "--host",
        "imap.example.no",
        "--user",
        "x",
        "--password-stdin",
        stdin="\n",
    )
    assert empty.returncode == 2 and "password is empty" in empty.stderr
    assert ekko(db, "mail", "fetch").returncode == 2  # nothing was stored half-way


def test_the_tui_fetches_on_start(dovecot: Dovecot, tmp_path: Path, terminal: Terminal) -> None:
    """The real `ekko` in tmux: the forwarded request appears on start, with its deadline."""
    env = dict(os.environ, **terminal.env)
    done = subprocess.run(
        [
            ekko_command(),
            "mail",
            "setup",
            "--host",
            dovecot.host,
            "--port",
            str(dovecot.port),
            "--user",
            dovecot.user,
            "--security",
            "none",
            "--password-stdin",
        ],
        input=dovecot.password + "\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    terminal.env["EKKO_MAIL_PASSWORD"] = dovecot.password  # no keychain in the tmux session
    dovecot.drop(mails.inline_forward("thunderbird", "nb"))
    terminal.start(ekko_command())
    terminal.wait_for("Fetched 1 new")
    # The request's row: received at the original's time, its deadline and suggested types.
    terminal.wait_for_line("2026-001", "2026-10-31 22:41", "Mon 30 Nov 2026", "erase+object?")
    assert dovecot.messages("INBOX") == []
    terminal.keys("q")


def test_two_fetches_at_once_log_each_message_once(dovecot: Dovecot, tmp_path: Path) -> None:
    db = tmp_path / "ekko.db"
    assert setup(db, dovecot).returncode == 0
    for n in range(6):
        dovecot.drop(
            mails.mail(
                sender=f"P{n} <p{n}@example.no>",
                subject="Innsyn",
                body="Innsyn",
                message_id=f"<p{n}@example.no>",
            )
        )
    env = dict(os.environ, EKKO_ENCRYPTION="off")
    procs = [
        subprocess.Popen(
            [ekko_command(), "--db", str(db), "mail", "fetch"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    for proc, (_out, err) in zip(procs, results, strict=True):
        assert "Traceback" not in err
        assert proc.returncode == 0, err
    assert len(requests_json(db)) == 6
    assert dovecot.messages("INBOX") == [] and len(dovecot.messages("ekko.importert")) == 6


def test_a_fetch_while_another_runs_does_nothing_and_says_so(
    dovecot: Dovecot, tmp_path: Path
) -> None:
    from ekko_tui.services.mailbox import fetch_lock

    db = tmp_path / "ekko.db"
    assert setup(db, dovecot).returncode == 0
    dovecot.drop(mails.mail(sender="Ola <ola@example.no>", subject="x", body="y"))
    with fetch_lock(f"{dovecot.user}@{dovecot.host}:{dovecot.port}"):
        busy = ekko(db, "mail", "fetch")
    assert busy.returncode == 0 and "Another ekko is fetching this mailbox" in busy.stderr
    assert len(dovecot.messages("INBOX")) == 1 and requests_json(db) == []
    assert ekko(db, "mail", "fetch").returncode == 0  # the lock is free again
    assert dovecot.messages("INBOX") == []


def test_tls_checks_the_certificate(dovecot_tls: Dovecot, tmp_path: Path, monkeypatch) -> None:
    """A self-signed certificate is refused before the password is sent; trusted through
    SSL_CERT_FILE, both implicit TLS and STARTTLS work."""
    db = tmp_path / "ekko.db"
    dovecot_tls.drop(mails.mail(sender="Ola <ola@example.no>", subject="x", body="y"))
    for security, port in (("ssl", dovecot_tls.tls_port), ("starttls", dovecot_tls.port)):
        done = ekko(
            db,
            "mail",
            "setup",
            "--host",
            dovecot_tls.host,
            "--port",
            str(port),
            "--user",
            dovecot_tls.user,
            "--security",
            security,
            "--password-stdin",
            stdin=dovecot_tls.password + "\n",
        )
        assert done.returncode == 0, done.stderr
        refused = ekko(db, "mail", "test")
        assert refused.returncode == 1 and "cannot be trusted" in refused.stderr
        assert "did not send the password" in refused.stderr and "Traceback" not in refused.stderr
        monkeypatch.setenv("SSL_CERT_FILE", str(dovecot_tls.cert))
        trusted = ekko(db, "mail", "test")
        monkeypatch.delenv("SSL_CERT_FILE")
        assert trusted.returncode == 0, trusted.stderr
        assert "1 message(s) waiting" in trusted.stdout
