"""The real `ekko` in tmux: log a request with keystrokes, read its deadline off the screen."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from tests.conftest import raw_connect
from tests.e2e.conftest import Terminal, ekko_command


def test_log_request_and_read_deadline(terminal: Terminal) -> None:
    terminal.start(ekko_command())
    terminal.wait_for("No open requests")
    terminal.keys("n")
    terminal.wait_for("New request")
    time.sleep(0.5)  # the form is drawn a moment before its first field has the cursor
    terminal.keys("C-a", "C-k")
    terminal.type("2026-11-24 14:05")
    terminal.keys("Tab", "Tab")  # channel (e-mail) → type list
    terminal.keys("Space")  # tick "Access (Art. 15)"
    terminal.keys("Tab")
    terminal.type("Åse Bjørnstad")
    terminal.keys("Tab")
    terminal.type("ase@example.no")
    terminal.keys("Tab")
    terminal.type("Hva har dere lagret om meg?")
    terminal.keys("C-s")
    screen = terminal.wait_for("2026-001")
    row = next(line for line in screen.splitlines() if "2026-001" in line)
    assert "Åse Bjørnstad" in row
    assert "Thu 24 Dec 2026" in row
    assert "21 wd" in row
    terminal.keys("Enter")
    screen = terminal.wait_for("Timeline")
    assert "Deadline: Thu 24 Dec 2026" in screen
    terminal.keys("q")  # q quits from anywhere


def test_cli_request_add_then_tui_shows_it(terminal: Terminal, tmp_path: Path) -> None:
    eml = tmp_path / "msg.eml"
    eml.write_text(
        "From: Kåre Ås <kare@example.no>\nTo: post@ipogs.no\n"
        "Date: Tue, 17 Nov 2026 08:15:00 +0100\nSubject: Slett meg\n"
        "Content-Type: text/plain; charset=utf-8\n\nVennligst slett alt dere har om meg.\n",
        encoding="utf-8",
    )
    env = terminal.env
    out = subprocess.run(
        [ekko_command(), "request", "add", "--eml", str(eml), "--type", "erasure"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "2026-001\tdeadline 2026-12-17"
    con = raw_connect(Path(env["EKKO_DB"]))
    assert con.execute("SELECT requester_name, types FROM request").fetchall() == [
        ("Kåre Ås", "erasure")
    ]
    con.close()
    terminal.start(ekko_command())
    screen = terminal.wait_for("2026-001")
    assert "Kåre Ås" in screen and "Thu 17 Dec 2026" in screen


def test_at_80x24_errors_show_and_the_deadline_fits(terminal: Terminal) -> None:
    """The same intake in a small terminal: the error is on screen, the deadline columns fit."""
    terminal.start(ekko_command(), width=80, height=24)
    terminal.wait_for("No open requests")
    screen = terminal.wait_for("Database key")  # the first-run notes cover half of 80 columns
    assert screen.splitlines()[-1].lstrip().startswith("? Help  q Quit")
    terminal.keys("n")
    terminal.wait_for("New request")
    time.sleep(0.5)  # the form is drawn a moment before its first field has the cursor
    terminal.keys("C-a", "C-k")
    terminal.type("24.11.2026 14:05")  # Norwegian order
    terminal.keys("C-s")  # no type ticked yet
    screen = terminal.wait_for("Choose at least one request type.")
    assert "Save (ctrl+s)" in screen and "Cancel (esc)" in screen  # no start-up note covers them
    terminal.keys("Space")  # the error moved the cursor to the type list: tick "Access"
    terminal.keys("Tab")
    terminal.type("Åse Bjørnstad-Kristiansen")
    terminal.keys("C-s")
    # A notification may lie over the right half for a few seconds: wait for the columns.
    screen = terminal.wait_for("24.12.2026", timeout=25)
    row = next(line for line in screen.splitlines() if "2026-001" in line)
    assert "24.12.2026" in row and "21 wd" in row and "Åse Bjørnstad…" in row
    terminal.keys("Enter")
    screen = terminal.wait_for("Timeline")
    assert "s searches the subject register" in screen
    terminal.keys("Escape", "q")
