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
    assert "Registers · 10 processors/recipients · 8 activities · 9 cookies" in screen
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


def test_privacy_notice_preview_and_draft(terminal: Terminal, tmp_path: Path) -> None:
    terminal.start(ekko_command())
    terminal.wait_for("No open requests")
    terminal.keys("4")
    terminal.wait_for("EKKO's contact e-mail")
    terminal.keys("Escape")  # skipped: the notice names the missing e-mail as a gap
    terminal.wait_for("contact e-mail missing")
    terminal.keys("N")
    screen = terminal.wait_for("16 gaps: the notice can only be saved as a draft")
    assert "Controller: no contact e-mail" in screen
    screen = terminal.wait_for("Personvernerklæring for ipogs.no")  # the notice, rendered
    terminal.keys("l")
    terminal.wait_for("Privacy notice for ipogs.no")
    terminal.wait_for("Controller")
    terminal.keys("s")
    terminal.wait_for("Save the privacy notice")
    target = tmp_path / "notice.md"
    terminal.keys("C-u")
    terminal.type(str(target))
    terminal.keys("C-s")
    terminal.wait_for("Draft saved (gaps marked, not published)")
    assert target.read_text("utf-8").startswith("# Privacy notice for ipogs.no")
    terminal.keys("Escape")
    terminal.wait_for("Registers ·")
