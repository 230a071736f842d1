"""What `ekko` imports before its first paint: the inbox's modules, not the other screens'.

A subprocess imports the app module (what `ekko` does before `app.run()`) and lists
sys.modules: the register seeding (only a first run needs it), the search thread (made at the
first search), the letters and the other screens must stay out of the start-up.
"""

from __future__ import annotations

import json
import subprocess
import sys

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


def test_opening_an_up_to_date_database_imports_no_migration(tmp_path) -> None:
    import os

    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "EKKO_ENCRYPTION": "off",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    env.pop("EKKO_DB_KEY", None)
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
