"""The register layers load without Textual: letters and scripts can use them headless."""

from __future__ import annotations

import subprocess
import sys


def test_register_modules_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        "import ekko_tui.domain.registers, ekko_tui.domain.ropa\n"
        "import ekko_tui.store.registers, ekko_tui.store.register_seed\n"
        "import ekko_tui.letters.ropa, ekko_tui.cli.registers\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
