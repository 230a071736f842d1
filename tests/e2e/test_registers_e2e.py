"""The real `ekko` in tmux: the registers mode on a fresh database, as a new user meets it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import raw_connect
from tests.e2e.conftest import Terminal, ekko_command


def test_registers_first_run_email_and_warnings(terminal: Terminal) -> None:
    terminal.start(ekko_command())
    terminal.wait_for("No open requests")
    terminal.keys("4")
    terminal.wait_for("EKKO's contact e-mail")  # asked once, on the first visit
    terminal.type("post@ipogs.no")
    terminal.keys("Enter")
    screen = terminal.wait_for("Contact e-mail saved")
    assert "Registers · 10 processors/recipients · 8 activities · 6 cookies" in screen
    assert "⚠ 7 no signed DPA" in screen
    assert "Kajabi LLC" in screen and "SCC 2021/914" in screen
    terminal.keys("a")
    terminal.wait_for("Bokføring")
    terminal.keys("q")
    con = raw_connect(Path(terminal.env["EKKO_DB"]))
    try:
        email = con.execute("SELECT value FROM setting WHERE key = 'controller.email'").fetchone()
    finally:
        con.close()
    assert email == ("post@ipogs.no",)
