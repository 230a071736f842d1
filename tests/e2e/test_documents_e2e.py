"""The real `ekko` in tmux: a payments export imported on the command line (dry run first),
and a Zoom report imported in the app with ctrl+o, its kind detected and confirmed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests import document_samples as S
from tests.e2e.conftest import Terminal, ekko_command


def run(terminal: Terminal, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ekko_command(), *args], env=terminal.env, capture_output=True, text=True, check=False
    )


def test_documents_from_the_command_line_and_the_app(terminal: Terminal, tmp_path: Path) -> None:
    payments = tmp_path / "unified_payments.csv"
    payments.write_bytes(S.stripe_payments(S.STRIPE_PAID, S.STRIPE_PARTIAL_REFUND))
    dry = run(terminal, "import", "stripe-payments", str(payments), "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["documents"]["added"] == 3
    out = run(terminal, "import", "stripe-payments", str(payments))
    assert out.returncode == 0, out.stderr
    assert "Documents: 3 new, 0 changed, 0 as before." in out.stdout
    wrong = run(terminal, "import", "zoom", str(payments))
    assert wrong.returncode == 2 and "`stripe-payments`" in wrong.stderr

    report = tmp_path / "webinar.csv"
    report.write_text(S.ZOOM_WEBINAR)
    terminal.start(ekko_command())
    terminal.wait_for("No open requests")
    terminal.keys("2")
    terminal.wait_for("Type a name, e-mail, phone")
    terminal.keys("C-o")
    terminal.wait_for("Detect from the file's columns")
    terminal.keys("Tab")
    terminal.type(str(report))
    terminal.keys("C-s")
    terminal.wait_for("Zoom webinar attendee report")
    terminal.keys("y")
    screen = terminal.wait_for("Import finished")
    assert "Documents: 2 new" in screen
    terminal.keys("Escape")
    terminal.wait_for("3 in the register")
    terminal.keys("C-q")
