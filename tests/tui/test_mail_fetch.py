"""The inbox fetches the mailbox (a real dovecot) on start and on `g`, in a thread worker; a
failure is one notification and the inbox stays usable; no mailbox: nothing at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from ekko_tui.app import make_app
from ekko_tui.clock import Clock
from ekko_tui.mailbox import store_password
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.mail_settings import save_settings, validate_settings
from ekko_tui.ui.screens.detail import RequestDetailScreen
from tests import mails
from tests.e2e.dovecot import Dovecot, dovecot_server, free_port  # noqa: F401 - fixture

from .conftest import screen_text, table_rows


def configure(db_path: Path, host: str, port: int, password: str, own: bool = True) -> None:
    open_db(db_path)
    settings = validate_settings(
        host=host,
        port=port,
        user=mails.OWN,
        security="none",
        folder="INBOX",
        done_folder="ekko/importert",
    )
    save_settings(settings)
    store_password(settings.account, password)
    close_db()


def mailbox_notes(app) -> list[tuple[str, str]]:
    return [(n.severity, n.message) for n in app._notifications if n.title == "Mailbox"]


async def settle(pilot, app) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", [(160, 45), (80, 24)])
async def test_fetch_on_start_and_on_g(dovecot: Dovecot, db_path: Path, clock: Clock, size) -> None:
    configure(db_path, dovecot.host, dovecot.port, dovecot.password)
    dovecot.drop(mails.inline_forward("outlook", "nb"))
    app = make_app(db_path, clock=clock, actor="lars")
    try:
        async with app.run_test(size=size) as pilot:
            await settle(pilot, app)
            rows = table_rows(app)
            assert len(rows) == 1
            labels = [str(c.label) for c in app.screen.query_one(DataTable).columns.values()]
            row = dict(zip(labels, rows[0], strict=True))
            # The original's sender and time; the suggested types are marked with "?".
            assert (row["Ref"], row["Type"]) == ("2026-001", "erase+object?")
            assert row["Requester"] == "Kari Nordmann"
            if "Received" in row:  # the compact inbox (80 columns) leaves it to the detail
                assert row["Received"] == "2026-10-31 22:41"
            assert mailbox_notes(app) == [("information", "Fetched 1 new: 2026-001.")]
            assert dovecot.messages("INBOX") == []

            dovecot.drop(mails.mail(sender="Ola <ola@example.no>", subject="Innsyn", body="Innsyn"))
            await pilot.press("g")
            await settle(pilot, app)
            assert len(table_rows(app)) == 2
            assert mailbox_notes(app)[-1] == ("information", "Fetched 1 new: 2026-002.")
            await pilot.press("g")
            await settle(pilot, app)
            assert mailbox_notes(app)[-1] == ("information", "No new mail.")

            # The detail shows the forward and the suggestion; t confirms it.
            app.screen.query_one("#requests").move_cursor(row=0)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, RequestDetailScreen)
            text = screen_text(app)
            assert "suggested from the text; t confirms or changes it" in text
            assert "Forwarded by post@ipogs.no on 2026-11-23 09:12 (inline)" in text
            await pilot.press("t")  # confirm the suggestion as it is
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "t confirms or changes it" not in screen_text(app)
            assert "Types: erasure, objection (confirmed)" in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()
            assert dict(zip(labels, table_rows(app)[0], strict=True))["Type"] == "erase+object"
    finally:
        close_db()


async def test_login_failure_is_one_notification(dovecot: Dovecot, db_path: Path, clock) -> None:
    configure(db_path, dovecot.host, dovecot.port, "wrong password")
    app = make_app(db_path, clock=clock, actor="lars")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, app)
            [(severity, message)] = mailbox_notes(app)
            assert severity == "error" and "refused the login" in message
            # The timer's next attempt fails the same way: not said again.
            app.screen._fetch(False)
            await settle(pilot, app)
            assert len(mailbox_notes(app)) == 1
            # The inbox still works.
            await pilot.press("f")
            await pilot.pause()
            assert "Inbox · all" in screen_text(app)
    finally:
        close_db()


async def test_a_server_that_does_not_answer(db_path: Path, clock) -> None:
    configure(db_path, "127.0.0.1", free_port(), "pw")
    app = make_app(db_path, clock=clock, actor="lars")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, app)
            [(severity, message)] = mailbox_notes(app)
            assert severity == "error" and "Cannot reach the mail server" in message
            await pilot.press("g")  # asked for: said again
            await settle(pilot, app)
            assert len(mailbox_notes(app)) >= 2
    finally:
        close_db()


async def test_no_mailbox_means_nothing(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert mailbox_notes(app) == []
        assert not [w for w in app.workers if w.group == "mail-fetch"]
        await pilot.press("g")  # not offered: no fetch, no message
        await settle(pilot, app)
        assert mailbox_notes(app) == []
        assert app.screen.check_action("fetch_mail", ()) is False  # hidden from the footer
