"""What `ekko` imports before its first paint: the inbox's modules, not the other screens'.

A subprocess imports the app module (what `ekko` does before `app.run()`) and lists
sys.modules: the register seeding (only a first run needs it), the search thread (made at the
first search), the letters and the other screens must stay out of the start-up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

LATER = (
    "ekko_tui.store.register_seed",
    "ekko_tui.store.register_writes",
    "ekko_tui.domain.ropa",
    "ekko_tui.services.search_thread",
    "ekko_tui.store.subject_queries",
    "ekko_tui.store.subject_search",
    "ekko_tui.letters",
    "ekko_tui.ui.screens.search",
    "ekko_tui.ui.screens.detail",
    "ekko_tui.ui.screens.registers",
    "reportlab",
    "rapidfuzz",
    # Opened by a key, not by the start (issue 15, third pass): the request forms, the
    # confirmation dialog, the start-up reminder's agenda (it runs after the first paint).
    "ekko_tui.ui.request_forms",
    "ekko_tui.ui.form_dialog",
    "ekko_tui.ui.confirm_dialog",
    "ekko_tui.ui.reminders",
    "ekko_tui.domain.agenda",
    "ekko_tui.store.agenda",
)


def test_the_app_module_leaves_other_screens_and_first_run_work_for_later() -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys, ekko_tui.app; print(json.dumps(sorted(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(json.loads(out.stdout))
    assert "ekko_tui.ui.screens.inbox" in loaded  # the loader saw the start-up imports
    assert sorted(m for m in loaded for f in LATER if m == f or m.startswith(f + ".")) == []


def _env(home: Path) -> dict[str, str]:
    """A subprocess's environment: a temporary HOME, no keychain, no key or database given."""
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    for name in ("EKKO_DB_KEY", "EKKO_ENCRYPTION", "EKKO_DB"):
        env.pop(name, None)
    return env


def test_opening_an_up_to_date_database_imports_no_migration(tmp_path) -> None:
    env = _env(tmp_path) | {"EKKO_ENCRYPTION": "off"}
    opener = (
        "import json, sys; from pathlib import Path; from ekko_tui.store.db import open_db; "
        f"open_db(Path({str(tmp_path / 'ekko.db')!r})); print(json.dumps(sorted(sys.modules)))"
    )

    def loaded() -> set[str]:
        out = subprocess.run(
            [sys.executable, "-c", opener], capture_output=True, text=True, check=True, env=env
        )
        return set(json.loads(out.stdout))

    first = loaded()  # a new database: every migration runs
    assert "playhouse.migrate" in first and "ekko_tui.store.migrations.0001_initial" in first
    again = loaded()
    assert "playhouse.migrate" not in again
    assert not [m for m in again if m.startswith("ekko_tui.store.migrations.0")]


# What `ekko` (the desk) loads up to the app's first frame: main's argument parsing, the
# Config, make_app (open_db, the key). Printed as JSON by a fresh interpreter.
_DESK = (
    "import json, sys, ekko_tui.__main__; from ekko_tui.cli.desk_args import parse_desk_args; "
    "from ekko_tui.config import Config; from ekko_tui.app import make_app; "
    "args = parse_desk_args(sys.argv[1:]); "
    "config = Config.from_environment(db=args.db, demo=args.demo); "
    "make_app(config.db_path, config=config); print(json.dumps(sorted(sys.modules)))"
)

# Only the commands need these; the desk's start does not pay for them.
NOT_FOR_THE_DESK = (
    "keyring",
    "ekko_tui.cli.subjects",
    "ekko_tui.cli.registers",
    "ekko_tui.cli.breaches",
    "ekko_tui.cli.letters",
    "ekko_tui.domain.imports",
    "email.utils",
)


def _desk_modules(tmp_path, *argv: str, **extra: str) -> set[str]:
    import os

    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        **extra,
    }
    for name in ("EKKO_DB_KEY", "EKKO_ENCRYPTION", "EKKO_DB"):
        if name not in extra:
            env.pop(name, None)
    out = subprocess.run(
        [sys.executable, "-c", _DESK, *argv], capture_output=True, text=True, check=True, env=env
    )
    return set(json.loads(out.stdout))


def _late(loaded: set[str]) -> list[str]:
    return sorted(m for m in loaded for f in NOT_FOR_THE_DESK if m == f or m.startswith(f + "."))


def test_the_desk_imports_keyring_only_when_the_keychain_must_answer(tmp_path) -> None:
    db = str(tmp_path / "ekko.db")
    # A new database with no key at hand: its key goes to the keychain (which fails here, so
    # to the key file): keyring is asked, and loaded.
    assert "keyring" in _desk_modules(tmp_path, "--db", db)
    # Started again: the key file answers, the keychain is not asked.
    again = _desk_modules(tmp_path, "--db", db)
    assert "ekko_tui.ui.screens.inbox" in again  # the probe saw the start-up
    assert _late(again) == []
    # An explicit key, a plain database (each started a second time: the first run seeds the
    # registers and keeps the new audit seal key), the demo: no keychain either.
    for name, extra in (
        ("explicit", {"EKKO_DB_KEY": "k" * 64}),
        ("plain", {"EKKO_ENCRYPTION": "off"}),
    ):
        other = str(tmp_path / f"{name}.db")
        _desk_modules(tmp_path, "--db", other, **extra)
        assert _late(_desk_modules(tmp_path, "--db", other, **extra)) == []
    assert "keyring" not in _desk_modules(tmp_path, "--demo")


# The desk's start up to its first frame, headless: make_app, then the app runs until its
# first paint (EkkoApp._after_first_paint, here replaced by a probe that lists sys.modules and
# quits). What the inbox's mount does (the mailbox check, the first load) is included.
_FIRST_PAINT = (
    "import json, sys; from ekko_tui.app import EkkoApp, make_app; "
    "from ekko_tui.config import Config; "
    "config = Config.from_environment(db=sys.argv[1], demo=False); "
    "app = make_app(config.db_path, config=config); seen = []; "
    "EkkoApp._after_first_paint = lambda self: (seen.append(sorted(sys.modules)), self.exit()); "
    "app.run(headless=True, size=(160, 50)); print(json.dumps(seen[0]))"
)

# Loaded only after the first paint or when a key asks: the reminder's agenda, the forms,
# the mail parsing and the registers (the inbox's mailbox check needs neither), the letters
# (opening the database asks only whether an old letter file is left to forget), and rich's
# emoji table (the inbox's column labels are Text, never parsed as markup).
AFTER_THE_FIRST_PAINT = (
    *LATER,
    "ekko_tui.domain.intake",
    "ekko_tui.domain.eml",
    "ekko_tui.store.registers",
    "ekko_tui.services",
    "email.policy",
    "ekko_tui.store.letters",
    "ekko_tui.domain.letters",
    "rich._emoji_codes",
)


def test_the_first_frame_waits_for_no_form_reminder_or_mail_parser(tmp_path) -> None:
    env = _env(tmp_path)
    db = str(tmp_path / "ekko.db")

    def at_first_paint() -> set[str]:
        out = subprocess.run(
            [sys.executable, "-c", _FIRST_PAINT, db],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        return set(json.loads(out.stdout.strip().splitlines()[-1]))

    at_first_paint()  # a new database: the first run seeds the registers
    loaded = at_first_paint()
    # The probe saw the inbox drawn from the database and the mailbox check.
    assert {"ekko_tui.ui.screens.inbox", "ekko_tui.store.queries"} <= loaded
    assert "ekko_tui.store.mail_settings" in loaded
    late = sorted(
        m for m in loaded for f in AFTER_THE_FIRST_PAINT if m == f or m.startswith(f + ".")
    )
    assert late == []
