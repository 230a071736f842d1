"""The real `ekko` in tmux: import exports on the command line, then find a person by typing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.e2e.conftest import Terminal, ekko_command

EXPORTS = Path(__file__).resolve().parent.parent / "data" / "exports"


def run(terminal: Terminal, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ekko_command(), *args], env=terminal.env, capture_output=True, text=True, check=False
    )


def test_import_then_find_by_typing(terminal: Terminal) -> None:
    out = run(terminal, "import", "kajabi", str(EXPORTS / "kajabi_contacts.csv"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("kajabi_contacts.csv: 4 added, 0 updated, 0 unchanged, 1 skipped")
    assert "row 5: skipped: 'kari@@example.no' is not an e-mail address" in out.stdout
    out = run(terminal, "import", "fiken", str(EXPORTS / "fiken_kunder.csv"))
    assert "2 added, 2 updated" in out.stdout
    bad = run(terminal, "import", "stripe", str(EXPORTS / "fiken_kunder.csv"))
    assert bad.returncode == 2 and "looks like a Fiken" in bad.stderr

    found = json.loads(run(terminal, "search", "orjan", "--json").stdout)
    assert [(h["name"], h["systems"]) for h in found] == [("Ørjan Ødegård", ["fiken", "kajabi"])]

    terminal.start(ekko_command())
    terminal.wait_for("No open requests")
    terminal.keys("2")
    terminal.wait_for("Type a name, e-mail, phone")
    terminal.type("bjorn hal")
    screen = terminal.wait_for("1 found for 'bjorn hal'")
    row = next(line for line in screen.splitlines() if "Bjørn Tore Håland" in line)
    assert "bjorn.haland@example.no" in row and "Fiken, Kajabi" in row
    terminal.keys("Enter")
    screen = terminal.wait_for("Where their data is")
    assert "cus_" not in screen  # no Stripe import in this run
    assert "#2 fiken_kunder.csv" in screen and "#1 kajabi_contacts.csv" in screen
    terminal.keys("Escape")
    terminal.wait_for("1 found for 'bjorn hal'")
    terminal.keys(*["BSpace"] * 7)
    screen = terminal.wait_for("2 found for 'bj'")
    assert "Åse Bjørnstad" in screen
    terminal.keys(*["BSpace"] * 2)
    terminal.type("ÆRØ")
    screen = terminal.wait_for("1 found for 'ÆRØ'")
    assert "Ærø Hansen" in screen and "aero.hansen@example.no" in screen
    terminal.keys("C-q")
