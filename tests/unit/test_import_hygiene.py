"""The domain, store and letters layers never import Textual."""

from __future__ import annotations

import subprocess
import sys


def test_lower_layers_do_not_import_textual() -> None:
    code = (
        "import sys, pkgutil, importlib\n"
        "import ekko_tui.domain, ekko_tui.store, ekko_tui.letters\n"
        "for pkg in (ekko_tui.domain, ekko_tui.store, ekko_tui.letters):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
