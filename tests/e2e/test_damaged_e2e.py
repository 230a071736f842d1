"""The real `ekko` in tmux on a file with a damaged page: the screen that reads it stops the
desk with the explanation and exit status 1, and no traceback reaches the terminal."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.e2e.conftest import Terminal, ekko_command
from tests.e2e.test_breaches_e2e import press_until
from tests.tui.test_damaged_database import damage_table


def test_a_damaged_page_ends_the_desk_with_its_explanation(terminal: Terminal) -> None:
    terminal.env["EKKO_ENCRYPTION"] = "off"  # a plain file, so one table's pages can be hit
    # `ekko processors` sets the file up with the shipped registers, as a first start does.
    subprocess.run(
        [ekko_command(), "processors"], env=terminal.env, check=True, capture_output=True
    )
    assert damage_table(Path(terminal.env["EKKO_DB"]), "register_shipped") > 0
    terminal.start(f"{ekko_command()}; echo ekko-exit=$?", width=100, height=30)
    terminal.wait_for("Inbox")
    screen = press_until(terminal, "4", "ekko-exit=")
    flat = " ".join(screen.split())  # the message wraps at the terminal's width
    assert "ekko-exit=1" in flat
    assert "is damaged" in flat and "ekko restore" in flat
    assert "Traceback" not in flat
