"""`ekko deadline` and `ekko --help` start light: no Textual, no database, one holiday calendar."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Runs main() as the `ekko` script does, then reports what it imported and whether a database
# connection was ever made (sqlite3 / sqlcipher3 connect are wrapped before main runs).
_PROBE = """
import json, sys
connects = []
def track(module_name):
    try:
        module = __import__(module_name, fromlist=["connect"])
    except ImportError:
        return
    original = module.connect
    def connect(*args, **kwargs):
        connects.append(module_name)
        return original(*args, **kwargs)
    module.connect = connect
track("sqlite3")
track("sqlcipher3.dbapi2")
before = set(sys.modules)
from ekko_tui.__main__ import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
loaded = sorted(set(sys.modules) - before)
print("@@" + json.dumps({"code": code, "modules": loaded, "connects": connects}))
"""


def _probe(*argv: str, home: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        capture_output=True,
        text=True,
        check=False,
        env={"HOME": str(home), "PATH": "/usr/bin:/bin", "EKKO_NOW": "2026-11-25T09:00:00+00:00"},
    )
    line = next(x for x in out.stdout.splitlines() if x.startswith("@@"))
    return json.loads(line[2:]) | {"stdout": out.stdout}


@pytest.mark.parametrize(
    "argv",
    [
        ("deadline", "2025-01-31"),
        ("deadline", "2025-01-31", "--explain", "--extended"),
        ("--help",),
    ],
)
def test_light_commands_import_no_textual_and_open_no_database(argv, tmp_path: Path) -> None:
    result = _probe(*argv, home=tmp_path)
    assert result["code"] == 0
    modules = result["modules"]
    assert [m for m in modules if m == "textual" or m.startswith("textual.")] == []
    assert [m for m in modules if m.startswith("ekko_tui.store")] == []
    assert [m for m in modules if m in ("peewee", "reportlab", "holidays", "keyring")] == []
    # Nor the import code (the parser lists the import kinds from domain.export_kinds).
    assert [
        m for m in modules if m in ("ekko_tui.domain.imports", "ekko_tui.domain.csv_files")
    ] == []
    assert result["connects"] == []
    assert not any(tmp_path.rglob("*.db"))  # nothing was created in HOME either


def test_deadline_still_answers_with_the_norwegian_calendar(tmp_path: Path) -> None:
    # 31 Jan 2025 + one month = 28 Feb (clamped), a Friday working day.
    assert "2025-02-28" in _probe("deadline", "2025-01-31", home=tmp_path)["stdout"]
    # 17 Apr 2025 + 1 month = 17 May 2025, Constitution Day (a Saturday) → Mon 19 May.
    assert "2025-05-19" in _probe("deadline", "2025-04-17", home=tmp_path)["stdout"]
