"""The real `ekko` in tmux at 80×24: log a breach in the register (key 5) and read its hours
left; the CLI and the deadlines screen agree."""

from __future__ import annotations

import json
import subprocess
import time

from tests.e2e.conftest import Terminal, ekko_command


def press_until(terminal: Terminal, key: str, text: str, tries: int = 4) -> str:
    """Press `key` until `text` shows (a loaded machine may drop a key during start-up)."""
    for attempt in range(tries):
        terminal.keys(key)
        try:
            return terminal.wait_for(text, timeout=10)
        except AssertionError:
            if attempt == tries - 1:
                raise
    return ""


def test_log_a_breach_and_read_its_hours_left(terminal: Terminal) -> None:
    # now is Wed 25 Nov 2026 10:00 Oslo; a plain database, so no keychain toast covers the text
    terminal.env["EKKO_ENCRYPTION"] = "off"
    terminal.start(ekko_command(), width=80, height=24)
    terminal.wait_for("Inbox")
    press_until(terminal, "5", "No breaches recorded")  # a key sent while starting may be lost
    press_until(terminal, "n", "Log a personal data breach")
    terminal.wait_for("2026-11-25 10:00")  # the awareness field, prefilled with now
    terminal.keys("C-u")  # clear it
    terminal.type("2026-11-24 16:30")
    terminal.wait_for("2026-11-24 16:30")
    terminal.keys("Tab")
    terminal.type("E-post med kursliste sendt til feil kunde")
    terminal.wait_for("feil kunde")
    terminal.keys("C-s")
    screen = terminal.wait_for("B-2026-01")
    row = next(line for line in screen.splitlines() if "B-2026-01" in line)
    assert "2026-11-27 16:30" in row and "54 h" in row  # (toasts may cover the right side)
    deadline = time.monotonic() + 15
    while "logged: notify" in terminal.screen() and time.monotonic() < deadline:
        time.sleep(0.3)  # the confirmation toast fades
    terminal.keys("Enter")
    screen = terminal.wait_for("Notify by Fri 27 Nov 2026 16:30 CET · 54 h 30 min left")
    assert "Aware Tue 24 Nov 2026 16:30 CET" in screen
    terminal.keys("Escape")
    # Wait until the detail has closed before the next key: under load, Escape and a key read
    # together are one alt+key, and neither reaches the app.
    deadline = time.monotonic() + 15
    while "Notify by Fri 27 Nov 2026" in terminal.screen() and time.monotonic() < deadline:
        time.sleep(0.3)
    screen = press_until(terminal, "3", "Breach notices due (72 hours) (1)")
    assert "54 h" in next(line for line in screen.splitlines() if "B-2026-01" in line)
    terminal.keys("q")

    out = subprocess.run(
        [ekko_command(), "breaches", "--json"],
        env=terminal.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (row_json,) = json.loads(out)
    assert row_json["hours_left"] == 54.5
    assert row_json["notify_by"] == "2026-11-27T16:30+01:00"
