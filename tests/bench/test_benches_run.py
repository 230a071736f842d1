"""Every benchmark still runs and still ends as the README promises: a tiny run of each (the
figures mean nothing at this size) exits 0, prints only well-formed `ms`/`ratio`/`rows_per_s`/
`mb` lines at its end with `ratio NAME=VALUE` last, and writes nothing into the HOME it was
started with (each bench makes its own temporary HOME). The cold-start bench needs tmux and
is in tests/e2e/test_bench_startup.py."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIGURE = re.compile(r"^(ms|ratio|rows_per_s|mb) [a-z0-9_]+=-?\d+(\.\d+)?$")

TINY = {
    "import": ["--rows", "200", "--repeat", "1", "--warmup", "0"],
    "search": ["--subjects", "300", "--repeat", "1"],
    "encryption": ["--subjects", "300", "--requests", "30", "--rounds", "1"],
    "inbox": ["--requests", "50", "--repeat", "1"],
    "letters": ["--repeats", "1"],
    "deadlines": ["--requests", "50", "--repeat", "1"],
}


def run_bench(name: str, args: list[str], tmp_path: Path, timeout: float = 300) -> list[str]:
    """Run bench/NAME.py with `args` in a clean environment; its output lines."""
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EKKO_", "XDG_", "PYTHON_KEY"))}
    env.update(HOME=str(home), TMPDIR=str(tmp))
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / f"{name}.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert list(home.iterdir()) == [], "the bench wrote into the HOME it was started with"
    return [line for line in done.stdout.splitlines() if line.strip()]


def check_figures(lines: list[str]) -> dict[str, float]:
    """The machine-readable tail: every figure line well formed, `ratio` lines last."""
    tail = []
    for line in reversed(lines):
        if not FIGURE.match(line):
            break
        tail.append(line)
    tail.reverse()
    assert tail and tail[-1].startswith("ratio "), lines[-5:]
    kinds = [line.split()[0] for line in tail]
    assert kinds == sorted(kinds, key=lambda k: k == "ratio"), "ratio lines come last"
    figures = {line.split()[1].split("=")[0]: float(line.split("=")[1]) for line in tail}
    assert all(value >= 0 for value in figures.values())
    return figures


@pytest.mark.parametrize("name", sorted(TINY))
def test_bench_runs_and_ends_with_its_figures(name: str, tmp_path: Path) -> None:
    check_figures(run_bench(name, TINY[name], tmp_path))
