"""Each layer, loaded whole in a fresh interpreter, leaves out what it must never load.

import-linter (scripts/check) checks the import graph statically; this checks what really ends up
in sys.modules, lazy imports included: `ekko import` or a letter must never load Textual, and
the pure layers never load the database.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# (what is loaded, the top-level packages it must not bring in)
CASES = [
    ("ekko_tui.domain", ("textual", "peewee", "playhouse", "reportlab", "ekko_tui.store")),
    ("ekko_tui.letters", ("textual", "peewee", "playhouse", "ekko_tui.store")),
    ("ekko_tui.exports", ("textual", "peewee", "playhouse", "ekko_tui.store")),
    ("ekko_tui.store", ("textual", "reportlab", "ekko_tui.letters", "ekko_tui.ui")),
    ("ekko_tui.services", ("textual", "ekko_tui.ui")),
    ("ekko_tui.cli", ("textual", "ekko_tui.ui", "ekko_tui.app")),
    ("ekko_tui.demo", ("textual", "ekko_tui.ui")),
    ("ekko_tui.__main__", ("textual", "ekko_tui.ui", "ekko_tui.app")),
]

LOADER = """
import importlib, json, pkgutil, sys
target = importlib.import_module(sys.argv[1])
for info in pkgutil.walk_packages(getattr(target, "__path__", []), target.__name__ + "."):
    importlib.import_module(info.name)
print(json.dumps(sorted(sys.modules)))
"""


def loaded_by(module: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", LOADER, module], capture_output=True, text=True, check=True
    )
    return set(json.loads(out.stdout))


@pytest.mark.parametrize(("module", "forbidden"), CASES, ids=[c[0] for c in CASES])
def test_layer_does_not_load(module: str, forbidden: tuple[str, ...]) -> None:
    loaded = loaded_by(module)
    assert module in loaded  # the loader really imported the layer
    bad = sorted(m for m in loaded for f in forbidden if m == f or m.startswith(f + "."))
    assert bad == []


def test_the_check_can_fail() -> None:
    """The UI layer does load Textual: the loader sees what a layer brings in."""
    assert "textual" in loaded_by("ekko_tui.ui")
