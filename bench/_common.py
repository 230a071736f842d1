"""What every benchmark shares: a temporary HOME, interleaved timing, and machine-readable lines.

Import this module before anything of ekko's: `hermetic_home()` points HOME, the XDG folders
and the keychain at a temporary folder, so no bench writes key files or data into the real
`~/.config` or `~/.local`. Each bench ends with lines such as

    ms inbox_open_ekko=123.4
    ratio inbox_open=1.21

(`ratio` last) so that figures can be compared across commits with `grep '^ratio '`.
"""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_HOME: Path | None = None


def hermetic_home() -> Path:
    """Point HOME, XDG_* and the keychain at a temporary folder (removed at exit); idempotent."""
    global _HOME
    if _HOME is not None:
        return _HOME
    home = Path(tempfile.mkdtemp(prefix="ekko-bench-home-"))
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    os.environ["HOME"] = str(home)
    os.environ["XDG_DATA_HOME"] = str(home / ".local/share")
    os.environ["XDG_CONFIG_HOME"] = str(home / ".config")
    os.environ["XDG_CACHE_HOME"] = str(home / ".cache")
    # No OS keychain: ekko falls back to its announced key file, inside this temporary HOME.
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    for name in ("EKKO_DB", "EKKO_DB_KEY"):
        os.environ.pop(name, None)
    _HOME = home
    return home


def interleaved(
    jobs: dict[str, Callable[[], object]],
    *,
    repeat: int,
    warmup: int = 1,
    clock: Callable[[], float] = time.perf_counter,
) -> dict[str, list[float]]:
    """Time each job `repeat` times in alternating order (ABBA…), after `warmup` untimed runs
    of each; returns milliseconds per job (wall clock, or `clock`, e.g. time.process_time)."""
    names = list(jobs)
    for _ in range(warmup):
        for name in names:
            jobs[name]()
    samples: dict[str, list[float]] = {name: [] for name in names}
    for r in range(repeat):
        for name in names if r % 2 == 0 else names[::-1]:
            start = clock()
            jobs[name]()
            samples[name].append((clock() - start) * 1000)
    return samples


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def spread(values: list[float]) -> str:
    """Median and the range, for the human-readable table: "12.3 ms (11.9–14.0)"."""
    return f"{median(values):8.1f} ms ({min(values):.1f}–{max(values):.1f})"


class Figures:
    """Collects the machine-readable figures and prints them last, ratios at the very end."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, str, float]] = []

    def add(self, kind: str, name: str, value: float) -> None:
        assert kind in ("ratio", "ms", "rows_per_s", "mb"), kind
        self.lines.append((kind, name, value))

    def print(self) -> None:
        print()
        ordered = sorted(self.lines, key=lambda line: line[0] == "ratio")  # stable: ratios last
        for kind, name, value in ordered:
            print(
                f"{kind} {name}={value:.3f}"
                if kind != "rows_per_s"
                else f"{kind} {name}={value:.0f}"
            )


def compile_ekko() -> Path:
    """Write ekko's bytecode (.pyc), as installing the wheel does; returns the package folder.

    Textual's bytecode was written when pip installed it. ekko's source tree (an editable
    install) has none until a run writes it, and a run with PYTHONDONTWRITEBYTECODE set (as on
    the development machine) never does: every timed start then compiled ekko's start-up
    modules from source, about 130 ms there, which the bare app did not pay and no installed
    ekko pays.
    """
    import compileall

    import ekko_tui

    package = Path(ekko_tui.__file__).resolve().parent
    if not compileall.compile_dir(package, quiet=1):
        raise SystemExit(f"could not compile {package}")
    return package
