"""Benchmark: the deadlines agenda and the .ics export on 10,000 requests (not a test).

Run: python bench/deadlines.py
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ekko_tui.services.calendar import export_calendar
from ekko_tui.store import agenda as store_agenda
from ekko_tui.store.db import close_db, db, open_db
from ekko_tui.store.models import Request

COUNT = 10_000
NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
TODAY = date(2026, 11, 25)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="ekko-bench-"))
    open_db(folder / "bench.db")
    rows = []
    for n in range(COUNT):
        received = (NOW - timedelta(hours=3 * n % 2000)).replace(tzinfo=None)
        closed = n % 5 == 0
        rows.append(
            {
                "ref": f"2026-{n:05d}",
                "year": 2026,
                "seq": n,
                "received_at": received,
                "channel": "email",
                "types": "access",
                "requester_name": f"Person {n}",
                "status": "answered" if closed else "new",
                "created_at": received,
                "closed_at": received if closed else None,
            }
        )
    with db.atomic():
        for start in range(0, COUNT, 500):
            Request.insert_many(rows[start : start + 500]).execute()
    started = time.perf_counter()
    agenda = store_agenda.agenda(TODAY)
    print(f"agenda: {len(agenda.items())} items in {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    result = export_calendar(str(folder / "bench.ics"), today=TODAY, now=NOW)
    print(f"calendar: {result.message()} in {time.perf_counter() - started:.2f} s")
    close_db()


if __name__ == "__main__":
    main()
