"""Inbox benchmark: open and re-sort 10,000 open requests vs a bare DataTable of the same rows.

Run: python bench/inbox.py [--requests N] [--repeat R]
Prints medians and the ratio ekko / bare Textual DataTable measured in the same run, and checks
that opening the inbox costs the same number of queries at any size.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playhouse.test_utils import count_queries  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import DataTable  # noqa: E402

from ekko_tui.app import make_app  # noqa: E402
from ekko_tui.clock import Clock  # noqa: E402
from ekko_tui.store import queries  # noqa: E402
from ekko_tui.store.db import close_db, db, open_db  # noqa: E402
from ekko_tui.store.models import Pause, Request  # noqa: E402
from ekko_tui.ui.format import inbox_cells  # noqa: E402
from ekko_tui.ui.screens.inbox import COLUMNS, InboxScreen  # noqa: E402

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
FIRST = ["Åse", "Ørjan", "Kåre", "Bjørn", "Ingrid", "Nils", "Sigrid", "Máret", "Eva", "Tor"]
LAST = ["Ødegård", "Håland", "Bjørnstad", "Ås", "Sørensen", "Hætta", "Lund", "Berg", "Østby"]
CHANNELS = ["email", "form", "phone", "sms", "facebook", "instagram", "letter", "in_person"]
TYPES = ["access", "erasure", "objection", "rectification", "access,erasure", "portability"]


def fill(path: Path, n: int) -> None:
    open_db(path)
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
    def __init__(self, cells: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.cells = cells

    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        table.add_rows(self.cells)


async def time_ekko(path: Path) -> tuple[float, float]:
    start = time.perf_counter()
    app = make_app(path, clock=Clock(NOW), actor="bench")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        opened = time.perf_counter() - start
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        start = time.perf_counter()
        screen.action_cycle_sort()
        await pilot.pause()
        resorted = time.perf_counter() - start
    close_db()
    return opened, resorted


async def time_bare(cells: list[tuple[str, ...]]) -> tuple[float, float]:
    start = time.perf_counter()
    app = BareTable(cells)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        opened = time.perf_counter() - start
        table = app.query_one(DataTable)
        start = time.perf_counter()
        table.clear()
        table.add_rows(sorted(cells, key=lambda c: c[1]))
        await pilot.pause()
        resorted = time.perf_counter() - start
    return opened, resorted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        fill(path, args.requests)
        open_db(path)
        today = NOW.date()
        rows = queries.request_rows(today)
        cells = [tuple(c.plain for c in inbox_cells(r)) for r in rows]
        with count_queries() as q_full:
            queries.request_rows(today)
        small = Path(tmp) / "small.db"
        close_db()
        fill(small, 100)
        open_db(small)
        with count_queries() as q_small:
            queries.request_rows(today)
        close_db()

        ekko_open, ekko_sort, bare_open, bare_sort = [], [], [], []
        for _ in range(args.repeat):
            o, s = asyncio.run(time_ekko(path))
            ekko_open.append(o)
            ekko_sort.append(s)
            o, s = asyncio.run(time_bare(cells))
            bare_open.append(o)
            bare_sort.append(s)

    med = statistics.median
    print(f"requests: {len(rows):,} open (of {args.requests:,}), {args.repeat} runs each")
    print(
        f"queries to load the inbox: {q_small.count} at 100 requests, "
        f"{q_full.count} at {args.requests:,} (must not grow)"
    )
    print(
        f"open inbox   ekko {med(ekko_open) * 1000:8.1f} ms   bare DataTable "
        f"{med(bare_open) * 1000:8.1f} ms   ratio {med(ekko_open) / med(bare_open):.2f}x"
    )
    print(
        f"re-sort      ekko {med(ekko_sort) * 1000:8.1f} ms   bare DataTable "
        f"{med(bare_sort) * 1000:8.1f} ms   ratio {med(ekko_sort) / med(bare_sort):.2f}x"
    )
    if q_full.count != q_small.count:
        sys.exit("FAIL: the inbox query count grows with the number of requests")


if __name__ == "__main__":
    main()
