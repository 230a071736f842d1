"""screens.md tells the truth about keys: every binding has a line, every documented key exists.

Generic on purpose: bindings are read from every Screen class under ekko_tui.ui and from the
app, key tables from screens.md (tables whose first header cell is `key`), so new screens and
keys added elsewhere are checked without editing this test.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from textual.binding import Binding
from textual.screen import Screen

import ekko_tui.ui
from ekko_tui.app import EkkoApp, declared_bindings

SCREENS_MD = Path(__file__).resolve().parents[2] / "screens.md"
# Textual's names for keys that screens.md writes as the character the user presses.
KEY_NAMES = {"question_mark": "?", "slash": "/", "↓": "down", "↑": "up", "←": "left", "→": "right"}
# Keys that widgets handle themselves (moving in a list, ticking, the palette, leaving a field):
# documented, but bound by Textual rather than ekko.
WIDGET_KEYS = {"up", "down", "tab", "shift+tab", "space", "ctrl+p"}


def _key(name: str) -> str:
    return KEY_NAMES.get(name, name)


def screen_classes() -> list[type]:
    for info in pkgutil.walk_packages(ekko_tui.ui.__path__, "ekko_tui.ui."):
        importlib.import_module(info.name)
    found = {EkkoApp}
    pending = [Screen]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("ekko_tui"):
                found.add(sub)
    return sorted(found, key=lambda c: c.__qualname__)


def bound_keys() -> dict[str, list[str]]:
    """Key → the classes that bind it (ekko's own bindings only)."""
    out: dict[str, list[str]] = {}
    for cls in screen_classes():
        node = object.__new__(cls)  # declared_bindings only reads the class
        for binding in declared_bindings(node):
            for key in binding.key.split(","):
                out.setdefault(_key(key.strip()), []).append(cls.__qualname__)
    return out


def documented_keys() -> set[str]:
    """Every key written in the first column of a key table of screens.md."""
    keys: set[str] = set()
    in_key_table = False
    for line in SCREENS_MD.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            in_key_table = False
            continue
        first = line.split("|")[1].strip()
        if first == "key":
            in_key_table = True
            continue
        if in_key_table and not set(first) <= {"-", " "}:
            keys.update(_key(k) for k in re.findall(r"`([^`]+)`", first))
    return keys


def test_the_checks_see_the_app_and_its_screens() -> None:
    names = {c.__qualname__ for c in screen_classes()}
    assert {"EkkoApp", "InboxScreen", "FormDialog", "ConfirmDialog", "LetterScreen"} <= names
    assert {"?", "q", "1", "ctrl+s", "escape", "enter"} <= documented_keys()
    assert all(isinstance(b, Binding) for b in EkkoApp.BINDINGS)


def test_every_binding_has_a_line_in_screens_md() -> None:
    documented = documented_keys()
    missing = {key: classes for key, classes in bound_keys().items() if key not in documented}
    assert not missing, f"bound but not in a key table of screens.md: {missing}"


def test_every_key_in_screens_md_is_bound() -> None:
    bound = set(bound_keys()) | WIDGET_KEYS
    stale = sorted(documented_keys() - bound)
    assert not stale, f"screens.md documents keys nothing binds: {stale}"


def test_declared_bindings_are_the_classes_own() -> None:
    from ekko_tui.ui.screens.inbox import InboxScreen

    keys = {b.key for b in declared_bindings(object.__new__(InboxScreen))}
    assert {"enter", "n", "l", "f", "slash"} <= keys
    assert "tab" not in keys  # Textual's focus keys are not ekko's
    assert inspect.isclass(InboxScreen)
