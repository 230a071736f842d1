"""The agenda, its store read, the calendar export and the CLI module never load Textual."""

from __future__ import annotations

import subprocess
import sys


def test_deadline_modules_do_not_import_textual() -> None:
    code = (
        "import sys, ekko_tui.domain.agenda, ekko_tui.store.agenda, ekko_tui.exports.calendar_ics, "
        "ekko_tui.cli.deadlines; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'peewee')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "textual" not in out
    domain_only = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, ekko_tui.domain.agenda; print('peewee' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert domain_only.strip() == "False"
