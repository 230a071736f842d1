"""Inbox benchmark: open and re-sort N open requests vs a bare DataTable of the same Text cells.

Run: python bench/inbox.py [--requests N] [--repeat R]

Both sides do the same screen work: the bare app is Header + DataTable + Footer given the very
Text cells ekko's inbox shows (already built); ekko's side starts with its database already open
and seeded (that cost belongs to bench/startup.py) and is timed from App start to the first
frame with its rows, as the bare app is. Both are warmed up, then run interleaved; medians and
range are printed, and the ratios last as `ratio NAME=VALUE`. The whole run uses the garbage
collector settings of the real `ekko` process (ekko_tui.app.tune_gc_for_startup) on both sides;
--default-gc measures with Python's defaults instead. It also checks that the inbox's query
count does not grow with the number of requests.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import Figures, hermetic_home, interleaved, median, spread  # noqa: E402

hermetic_home()

from playhouse.test_utils import count_queries  # noqa: E402
from rich.text import Text  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import DataTable, Footer, Header  # noqa: E402

from ekko_tui.app import make_app, tune_gc_for_startup  # noqa: E402
from ekko_tui.clock import Clock  # noqa: E402
from ekko_tui.store import queries  # noqa: E402
from ekko_tui.store.db import close_db, db, open_db  # noqa: E402
from ekko_tui.store.models import Pause, Request  # noqa: E402
from ekko_tui.store.settings import StoreSettings  # noqa: E402
from ekko_tui.ui.format import inbox_cells  # noqa: E402
from ekko_tui.ui.screens.inbox import COLUMNS, InboxScreen  # noqa: E402

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
FIRST = ["Åse", "Ørjan", "Kåre", "Bjørn", "Ingrid", "Nils", "Sigrid", "Máret", "Eva", "Tor"]
LAST = ["Ødegård", "Håland", "Bjørnstad", "Ås", "Sørensen", "Hætta", "Lund", "Berg", "Østby"]
CHANNELS = ["email", "form", "phone", "sms", "facebook", "instagram", "letter", "in_person"]
TYPES = ["access", "erasure", "objection", "rectification", "access,erasure", "portability"]


def fill(path: Path, n: int, settings: StoreSettings | None = None) -> None:
    open_db(path, settings=settings)
    rnd = random.Random(7)
    rows = []
    for i in range(n):
        received = NOW - timedelta(days=rnd.randint(0, 60), minutes=rnd.randint(0, 1440))
        rows.append(
            {
                "ref": f"{received.year}-{i + 1:05d}",
                "year": received.year,
                "seq": i + 1,
                "received_at": received.replace(tzinfo=None),
                "channel": rnd.choice(CHANNELS),
                "types": rnd.choice(TYPES),
                "requester_name": f"{rnd.choice(FIRST)} {rnd.choice(LAST)}",
                "requester_contact": f"person{i}@example.no",
                "status": rnd.choice(["new", "in_progress", "in_progress", "waiting"]),
                "created_at": NOW.replace(tzinfo=None),
            }
        )
    with db.atomic():
        for start in range(0, n, 500):
            Request.insert_many(rows[start : start + 500]).execute()
        waiting = [r.id for r in Request.select(Request.id).where(Request.status == "waiting")]
        pauses = [
            {"request": rid, "kind": "identity", "asked_on": (NOW - timedelta(days=3)).date()}
            for rid in waiting
        ]
        for start in range(0, len(pauses), 500):
            Pause.insert_many(pauses[start : start + 500]).execute()
    close_db()


class BareTable(App[None]):
    """The baseline: a bare Textual app with the same widgets and the same cells."""

    def __init__(self, cells: list[tuple[Text, ...]]) -> None:
        super().__init__()
        self.cells = cells

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in COLUMNS:
            table.add_column(label, key=label.lower())
        table.add_rows(self.cells)


SIZE = (160, 50)


async def _ekko(path: Path, timings: dict[str, float]) -> None:
    app = make_app(path, clock=Clock(NOW), actor="bench")  # database open: not timed here
    start = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        timings["open"] = time.perf_counter() - start
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        assert screen.query_one(DataTable).row_count == len(screen.rows)
        start = time.perf_counter()
        screen.action_cycle_sort()  # by received date
        await pilot.pause()
        timings["sort"] = time.perf_counter() - start
    close_db()


async def _bare(cells: list[tuple[Text, ...]], timings: dict[str, float]) -> None:
    app = BareTable(cells)
    start = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        timings["open"] = time.perf_counter() - start
        table = app.query_one(DataTable)
        start = time.perf_counter()
        table.clear()
        table.add_rows(sorted(cells, key=lambda c: c[1].plain))
        await pilot.pause()
        timings["sort"] = time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--default-gc", action="store_true", help="Python's GC thresholds")
    args = parser.parse_args()
    if not args.default_gc:
        tune_gc_for_startup()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        fill(path, args.requests)
        open_db(path)
        today = NOW.date()
        rows = queries.request_rows(today)
        # The bare table gets, ready made, the very Text each cell of ekko's inbox draws as.
        cells = [tuple(c.__rich__() for c in inbox_cells(r)) for r in rows]
        with count_queries() as q_full:
            queries.request_rows(today)
        close_db()
        small = Path(tmp) / "small.db"
        fill(small, 100)
        open_db(small)
        with count_queries() as q_small:
            queries.request_rows(today)
        close_db()

        parts: dict[str, dict[str, list[float]]] = {
            "ekko": {"open": [], "sort": []},
            "bare": {"open": [], "sort": []},
        }

        def run(side: str) -> None:
            timings: dict[str, float] = {}
            job = _ekko(path, timings) if side == "ekko" else _bare(cells, timings)
            asyncio.run(job)
            for key, value in timings.items():
                parts[side][key].append(value * 1000)

        run("ekko")  # warm-up of both sides (imports, caches, the OS file cache), not counted
        run("bare")
        for side in parts:
            for key in parts[side]:
                parts[side][key].clear()
        interleaved(
            {"ekko": lambda: run("ekko"), "bare": lambda: run("bare")},
            repeat=args.repeat,
            warmup=0,
        )

    e, b = parts["ekko"], parts["bare"]
    print(f"requests: {len(rows):,} open (of {args.requests:,}), {args.repeat} interleaved runs")
    print(
        f"queries to load the inbox: {q_small.count} at 100 requests, "
        f"{q_full.count} at {args.requests:,} (must not grow)"
    )
    print(f"open inbox   ekko {spread(e['open'])}   bare {spread(b['open'])}")
    print(f"re-sort      ekko {spread(e['sort'])}   bare {spread(b['sort'])}")
    figures = Figures()
    figures.add("ms", "inbox_open_ekko", median(e["open"]))
    figures.add("ms", "inbox_open_bare", median(b["open"]))
    figures.add("ms", "inbox_sort_ekko", median(e["sort"]))
    figures.add("ms", "inbox_sort_bare", median(b["sort"]))
    figures.add("ratio", "inbox_open", median(e["open"]) / median(b["open"]))
    figures.add("ratio", "inbox_sort", median(e["sort"]) / median(b["sort"]))
    figures.print()
    if q_full.count != q_small.count:
        sys.exit("FAIL: the inbox query count grows with the number of requests")


if __name__ == "__main__":
    main()
