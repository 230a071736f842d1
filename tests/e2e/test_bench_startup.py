"""The cold-start benchmark (real `ekko` and a bare Textual app in tmux) still runs and ends
with its figures; the other benches are run the same way in tests/bench."""

from __future__ import annotations

from pathlib import Path

from tests.bench.test_benches_run import check_figures, run_bench
from tests.tools import require_tool


def test_startup_bench_runs_and_ends_with_its_figures(tmp_path: Path) -> None:
    require_tool("tmux", "tmux")
    lines = run_bench(
        "startup", ["--requests", "20", "--subjects", "200", "--repeat", "1"], tmp_path, 600
    )
    figures = check_figures(lines)
    assert {"startup_empty", "startup_requests", "startup_first_of_day"} <= set(figures)
