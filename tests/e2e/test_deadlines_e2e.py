"""The real `ekko` in tmux: the start-up reminder, the deadlines screen (key 3), the month view."""

from __future__ import annotations

import subprocess

from tests.e2e.conftest import Terminal, ekko_command


def _add(terminal: Terminal, received: str, sender: str, types: str) -> None:
    subprocess.run(
        [
            ekko_command(),
            "request",
            "add",
            "--type",
            types,
            "--from",
            sender,
            "--received",
            received,
            "--text",
            "Hei",
        ],
        env=terminal.env,
        capture_output=True,
        text=True,
        check=True,
    )


def test_deadlines_screen_reads_a_deadline(terminal: Terminal) -> None:
    _add(terminal, "2026-10-20 09:00", "Bjørn Håland <bjorn@example.no>", "access")
    _add(terminal, "2026-10-30 09:00", "Kåre Ås <kare@example.no>", "erasure")

    agenda = subprocess.run(
        [ekko_command(), "agenda"], env=terminal.env, capture_output=True, text=True, check=True
    ).stdout
    assert "1 overdue (2026-001); 1 due within 5 working days (2026-002)" in agenda

    terminal.start(ekko_command())
    terminal.wait_for("Deadlines this week")  # the start-up reminder
    terminal.keys("3")
    screen = terminal.wait_for("Due within 5 working days (1)")
    row = next(line for line in screen.splitlines() if line.strip().startswith("2026-002"))
    assert "Kåre Ås" in row and "Mon 30 Nov 2026" in row and "3 wd" in row
    assert "30 Oct → 30 Nov" in row
    overdue = next(line for line in screen.splitlines() if line.strip().startswith("2026-001"))
    assert "Fri 20 Nov 2026" in overdue and "3 wd late" in overdue

    terminal.keys("m")
    # The title can be painted a frame before the month's list: wait for the line itself.
    screen = terminal.wait_for("Mon 30 Nov 2026  2026-002 deadline")
    assert "Mon 30 Nov 2026  2026-002 deadline" in screen
    terminal.keys("Escape")
    terminal.wait_for("Extension decision due (1)")
    terminal.keys("Down", "Down", "Down", "Enter")  # heading, 2026-001, headings → 2026-002
    screen = terminal.wait_for("Timeline")
    assert "Deadline: Mon 30 Nov 2026" in screen
    terminal.keys("q")
