"""Cold-start benchmark: the real `ekko` in a real terminal (tmux) against a bare Textual app.

Each run starts a fresh process in a new tmux session and polls the screen until the first
frame with data is painted: for ekko the inbox (its first row, or "No open requests"), for
the bare app (Header + DataTable + Footer) the same first row, or its footer. Both sides pay
the same tmux start and the same polling. Scenarios, each timed with interleaved repeats after
a warm-up run of each side:

- empty: an empty (but set-up) ekko database vs the bare app with no rows;
- requests: N open requests vs the bare app given the same rows as plain strings (read from a
  JSON file: the bare app builds no deadlines and opens no database);
- first-of-day: M subjects and no backup yet today, so ekko starts the daily backup with its
  integrity check (in the background since issue 15) vs the same ekko start with today's
  backup already made. The goal: no visible cost (ratio ≈ 1).

Both sides start from bytecode: the bench writes ekko's .pyc files first (compile_ekko), as
installing the wheel does; Textual's were written by pip.

Run: python bench/startup.py [--requests N] [--subjects M] [--repeat R]
Needs tmux. Everything lives in a temporary HOME; the tmux server has its own socket.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import Figures, compile_ekko, hermetic_home, median, spread  # noqa: E402

HOME = hermetic_home()

NOW = "2026-11-25T09:00:00+00:00"
WIDTH, HEIGHT = 160, 50
TIMEOUT_S = 60.0

BARE_APP = """
import json, sys
from textual.app import App
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header

class Bare(App):
    BINDINGS = [Binding("q", "quit", "Quit")]

    def compose(self):
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self):
        with open(sys.argv[1], encoding="utf-8") as f:
            data = json.load(f)
        table = self.query_one(DataTable)
        table.add_columns(*data["columns"])
        table.add_rows(data["rows"])

Bare().run()
"""


class Tmux:
    """A private tmux server for this bench."""

    def __init__(self) -> None:
        self.socket = f"ekko-bench-{os.getpid()}"
        self.count = 0

    def run(self, *args: str) -> str:
        out = subprocess.run(
            ["tmux", "-u", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        return out.stdout

    def time_first_paint(self, command: str, ready, linger=None) -> float:
        """Start `command` in a new session; seconds until `ready(screen_text)` is true.
        `linger()`, if given, runs after the timing and before the session is killed."""
        self.count += 1
        session = f"s{self.count}"
        env = " ".join(
            f"{k}={shlex.quote(v)}"
            for k, v in os.environ.items()
            if k.startswith(("EKKO_", "XDG_", "HOME", "LANG", "LC_", "PATH", "PYTHON_KEYRING"))
        )
        start = time.perf_counter()
        self.run(
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            str(WIDTH),
            "-y",
            str(HEIGHT),
            f"env TERM=xterm-256color {env} {command}; sleep 30",
        )
        try:
            while True:
                screen = self.run("capture-pane", "-p", "-t", session)
                if ready(screen):
                    elapsed = time.perf_counter() - start
                    if linger is not None:
                        linger()
                    return elapsed
                if time.perf_counter() - start > TIMEOUT_S:
                    raise SystemExit(f"no first paint after {TIMEOUT_S} s:\n{screen}")
                time.sleep(0.003)
        finally:
            self.run("kill-session", "-t", session)
            time.sleep(0.2)  # let the killed process go before the next start

    def close(self) -> None:
        self.run("kill-server")


def ekko_command() -> str:
    candidate = Path(sys.executable).parent / "ekko"
    return str(candidate) if candidate.exists() else (shutil.which("ekko") or "ekko")


def prepare_ekko(path: Path, requests: int, subjects: int) -> tuple[list[str], list[list[str]]]:
    """Create and fill an ekko database; return the inbox's columns and rows as plain text."""
    from bench.inbox import fill
    from ekko_tui.cli.maintenance import backups_dir
    from ekko_tui.store.backup import daily_backup
    from ekko_tui.store.db import close_db, open_db
    from ekko_tui.store.queries import request_rows
    from ekko_tui.store.register_seed import seed_registers
    from ekko_tui.ui.format import inbox_cells
    from ekko_tui.ui.screens.inbox import COLUMNS, sort_rows

    path.parent.mkdir(parents=True, exist_ok=True)
    fill(path, requests)  # also migrates; the shipped registers are seeded below
    open_db(path)
    seed_registers(datetime.fromisoformat(NOW), "bench")
    if subjects:
        from bench.search import synthetic_csv
        from ekko_tui.domain.imports import parse_export
        from ekko_tui.store.subject_imports import import_export

        parsed = parse_export("newsletter", synthetic_csv(subjects))
        import_export(
            parsed,
            kind="newsletter",
            file_name="bench.csv",
            sha256="bench",
            now=datetime.now(UTC),
            actor="bench",
        )
    # Today's automatic backup exists: the timed starts are ordinary ones (first-of-day
    # removes it on purpose).
    daily_backup(backups_dir(path), datetime.fromisoformat(NOW).date())
    rows = sort_rows(request_rows(datetime.fromisoformat(NOW).date()), "deadline")
    cells = [[c.plain for c in inbox_cells(r)] for r in rows]
    close_db()
    return list(COLUMNS), cells


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--subjects", type=int, default=100_000, help="first-of-day scenario")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not shutil.which("tmux"):
        sys.exit("tmux is not installed (apt-get install tmux)")
    os.environ["EKKO_NOW"] = NOW
    os.environ["LANG"] = os.environ.get("LANG") or "C.UTF-8"
    tmux = Tmux()
    work = Path(tempfile.mkdtemp(prefix="ekko-bench-startup-", dir=HOME))
    bare_script = work / "bare.py"
    bare_script.write_text(BARE_APP, encoding="utf-8")
    ekko = ekko_command()
    print(f"bytecode written for {compile_ekko()}")
    py = shlex.quote(sys.executable)
    samples: dict[str, list[float]] = {}
    figures = Figures()
    try:
        scenarios: list[tuple[str, int]] = [("empty", 0), ("requests", args.requests)]
        for name, count in scenarios:
            db_path = work / name / "ekko.db"
            columns, cells = prepare_ekko(db_path, count, 0)
            data = work / f"{name}.json"
            data.write_text(json.dumps({"columns": columns, "rows": cells}), encoding="utf-8")
            first = cells[0][0] if cells else None

            def ekko_ready(screen: str, first=first) -> bool:
                return (first in screen) if first else "No open requests" in screen

            def bare_ready(screen: str, first=first) -> bool:
                lines = screen.rstrip("\n").splitlines()
                return (first in screen) if first else bool(lines) and "Quit" in lines[-1]

            ekko_cmd = f"{shlex.quote(ekko)} --db {shlex.quote(str(db_path))}"
            bare_cmd = f"{py} {shlex.quote(str(bare_script))} {shlex.quote(str(data))}"
            tmux.time_first_paint(ekko_cmd, ekko_ready)  # warm-up of both sides
            tmux.time_first_paint(bare_cmd, bare_ready)
            e_key, b_key = f"{name} ekko", f"{name} bare"
            samples[e_key], samples[b_key] = [], []
            for r in range(args.repeat):
                order = [("e", ekko_cmd), ("b", bare_cmd)]
                for side, cmd in order if r % 2 == 0 else order[::-1]:
                    if side == "e":
                        samples[e_key].append(tmux.time_first_paint(cmd, ekko_ready) * 1000)
                    else:
                        samples[b_key].append(tmux.time_first_paint(cmd, bare_ready) * 1000)
            print(f"{name:<9} ({count:>6,} requests)  ekko {spread(samples[e_key])}")
            print(f"{'':<28}bare {spread(samples[b_key])}")
            figures.add("ms", f"startup_{name}_ekko", median(samples[e_key]))
            figures.add("ms", f"startup_{name}_bare", median(samples[b_key]))
            figures.add("ratio", f"startup_{name}", median(samples[e_key]) / median(samples[b_key]))

        if args.subjects:
            db_path = work / "subjects" / "ekko.db"
            prepare_ekko(db_path, 0, args.subjects)
            size = sum(p.stat().st_size for p in db_path.parent.glob("ekko.db*")) / 1e6
            cmd = f"{shlex.quote(ekko)} --db {shlex.quote(str(db_path))}"
            backups = db_path.parent / "backups"

            def ready(screen: str) -> bool:
                return "No open requests" in screen

            tmux.time_first_paint(cmd, ready)  # warm-up
            first, later = [], []
            for r in range(args.repeat):
                for kind in ("first", "later") if r % 2 == 0 else ("later", "first"):
                    if kind == "first":
                        shutil.rmtree(backups, ignore_errors=True)
                        # Timed to the first paint; the session then lives until the
                        # background backup is written, so the "later" runs find it.
                        linger = lambda: _wait_for_backup(backups)  # noqa: E731
                        first.append(tmux.time_first_paint(cmd, ready, linger) * 1000)
                    else:
                        later.append(tmux.time_first_paint(cmd, ready) * 1000)
            print(f"first start of the day, {args.subjects:,} subjects ({size:.0f} MB):")
            print(f"  with the backup to make  {spread(first)}")
            print(f"  backup already made      {spread(later)}")
            figures.add("ms", "startup_first_of_day", median(first))
            figures.add("ms", "startup_later_in_day", median(later))
            figures.add("ratio", "startup_first_of_day", median(first) / median(later))
    finally:
        tmux.close()
        shutil.rmtree(work, ignore_errors=True)
    print(f"({args.repeat} interleaved runs each after a warm-up; time to first paint in tmux)")
    figures.print()
    return 0


def _wait_for_backup(folder: Path) -> None:
    """Wait until the running ekko has written today's backup."""
    deadline = time.perf_counter() + TIMEOUT_S
    today = datetime.fromisoformat(NOW).date().isoformat()
    while not (folder / f"ekko-{today}.db").exists():
        if time.perf_counter() > deadline:
            raise SystemExit("ekko did not write the daily backup")
        time.sleep(0.1)


if __name__ == "__main__":
    sys.exit(main())
