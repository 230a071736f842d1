"""Encryption benchmark: inbox and search with SQLCipher vs plain SQLite, same data, same run.

Builds the same database twice, each in its own temporary folder: once in plain SQLite
(EKKO_ENCRYPTION=off) and once encrypted with SQLCipher (a fixed EKKO_DB_KEY, a raw 256-bit key
as ekko makes). Each gets N synthetic Norwegian subjects imported through ekko's own import
path (bench/search.py's generator) and M requests (bench/inbox.py's generator). Then, in rounds
that alternate which file goes first, it times on each:

- inbox open: a new connection (open_db) and the inbox rows (request_rows(today)), the page
  cache empty, as when the desk starts;
- inbox rows: request_rows(today) again on the open connection;
- search: bench/search.py's realistic queries (search_subjects), as the app runs them: on a
  search thread with the app's search connection (its page cache), warmed by one pass, then
  one timed run each per round.

It prints median and p95 of each, the ratio encrypted / plain, and whether the p95 ratio is
under the 1.5x target.

    python bench/encryption.py                                # 100,000 subjects, 10,000 requests
    python bench/encryption.py --subjects 5000 --requests 500  # a quick run
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import Figures, hermetic_home  # noqa: E402

hermetic_home()  # key files and data of this run stay in a temporary HOME

from bench.inbox import NOW, fill  # noqa: E402
from bench.search import QUERIES, p95, synthetic_csv  # noqa: E402
from ekko_tui.domain.imports import parse_export  # noqa: E402
from ekko_tui.services.search_thread import SearchThread  # noqa: E402
from ekko_tui.store.db import SQLITE_HEADER, close_db, db, open_db, opened  # noqa: E402
from ekko_tui.store.queries import request_rows  # noqa: E402
from ekko_tui.store.settings import StoreSettings  # noqa: E402
from ekko_tui.store.subject_imports import import_export  # noqa: E402
from ekko_tui.store.subject_search import search_subjects  # noqa: E402

KEY = "5eed" * 16  # a fixed raw key: the same kind ekko generates (64 hex digits)
TARGET = 1.5
VARIANTS = ("plain", "encrypted")


def use(variant: str) -> StoreSettings:
    """What open_db gets for plain SQLite or SQLCipher (as Config.store would give it)."""
    return StoreSettings(encrypt=variant == "encrypted", db_key=KEY)


def build(path: Path, variant: str, csv: bytes, requests: int) -> tuple[float, float]:
    """Fill one database; return (import seconds, size in MB)."""
    settings = use(variant)
    fill(path, requests, settings)
    open_db(path, settings=settings)
    info = opened()
    assert info is not None and info.encrypted == (variant == "encrypted")
    start = time.perf_counter()
    import_export(
        parse_export("newsletter", csv),
        kind="newsletter",
        file_name="bench.csv",
        sha256="bench",
        now=datetime.now(UTC),
        actor="bench",
    )
    seconds = time.perf_counter() - start
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_db()
    is_plain = path.read_bytes()[:16] == SQLITE_HEADER
    assert is_plain == (variant == "plain"), f"{path} is not {variant}"
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6
    return seconds, size


def ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def measure_round(path: Path, variant: str, samples: dict[str, list[float]]) -> int:
    """One round on one file; returns the number of inbox rows."""
    settings = use(variant)
    today = NOW.date()
    rows: list[object] = []

    def open_inbox() -> None:
        open_db(path, settings=settings)
        rows.extend(request_rows(today))

    samples["inbox open"].append(ms(open_inbox))
    for _ in range(3):
        samples["inbox rows"].append(ms(lambda: request_rows(today)))
    # Search as the app runs it: on its search thread, whose connection (with the app's page
    # cache) lives as long as the app; the first pass warms it as a session's first keystrokes
    # do, the second is timed.
    searcher = SearchThread()
    try:
        seq = 0
        for timed in (False, True):
            for q in QUERIES:
                seq += 1  # each query waits for the last, so none is ever stale
                start = time.perf_counter()
                searcher.submit(seq, search_subjects, q.text).result()
                if timed:
                    samples["search"].append((time.perf_counter() - start) * 1000)
    finally:
        searcher.close()
    close_db()
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--subjects", type=int, default=100_000, help="default 100000")
    parser.add_argument("--requests", type=int, default=10_000, help="default 10000")
    parser.add_argument("--rounds", type=int, default=20, help="measuring rounds (default 20)")
    args = parser.parse_args(argv)
    csv = synthetic_csv(args.subjects)
    samples: dict[str, dict[str, list[float]]] = {
        v: {"inbox open": [], "inbox rows": [], "search": []} for v in VARIANTS
    }
    paths: dict[str, Path] = {}
    with (
        tempfile.TemporaryDirectory(prefix="ekko-plain-") as plain_dir,
        tempfile.TemporaryDirectory(prefix="ekko-enc-") as enc_dir,
    ):
        paths = {"plain": Path(plain_dir) / "bench.db", "encrypted": Path(enc_dir) / "bench.db"}
        print(f"{args.subjects:,} subjects, {args.requests:,} requests, {args.rounds} rounds")
        for variant in VARIANTS:
            seconds, size = build(paths[variant], variant, csv, args.requests)
            print(f"built {variant:<9}  import {seconds:6.1f} s   database {size:6.1f} MB")
        # Warm the OS file cache of both files alike, then alternate who goes first.
        for variant in VARIANTS:
            measure_round(paths[variant], variant, {k: [] for k in samples[variant]})
        inbox = 0
        for r in range(args.rounds):
            order = VARIANTS if r % 2 == 0 else VARIANTS[::-1]
            for variant in order:
                inbox = measure_round(paths[variant], variant, samples[variant])
    print(f"inbox: {inbox:,} open requests; search: {len(QUERIES)} queries per round")
    print()
    print(
        f"{'':<12}{'plain med':>10}{'p95':>9}{'enc med':>10}{'p95':>9}"
        f"{'ratio med':>11}{'ratio p95':>11}  p95 < {TARGET}x"
    )
    met = True
    figures = Figures()
    for what in ("inbox open", "inbox rows", "search"):
        p, e = samples["plain"][what], samples["encrypted"][what]
        pm, pp, em, ep = statistics.median(p), p95(p), statistics.median(e), p95(e)
        ok = ep / pp < TARGET
        met &= ok
        print(
            f"{what:<12}{pm:>10.2f}{pp:>9.2f}{em:>10.2f}{ep:>9.2f}"
            f"{em / pm:>10.2f}x{ep / pp:>10.2f}x  {'met' if ok else 'NOT met'}"
        )
        key = what.replace(" ", "_")
        figures.add("ms", f"{key}_plain_median", pm)
        figures.add("ms", f"{key}_encrypted_median", em)
        figures.add("ratio", f"encryption_{key}_median", em / pm)
        figures.add("ratio", f"encryption_{key}_p95", ep / pp)
    print("(milliseconds; ratio = encrypted / plain)")
    print(f"target: encrypted p95 under {TARGET}x plain: {'met' if met else 'NOT met'}")
    figures.print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
