"""Deadlines benchmark: the agenda and the .ics export on N requests, each against a baseline.

- agenda: ekko's store.agenda.agenda(today) (two queries, every deadline, grouping) against
  the bare minimum of the same job: the same rows read with one raw SQL query and sorted;
- .ics export: ekko's export_calendar (query, deadlines, alarms, escaping, folding, atomic
  write) against a bare writer that puts the same number of events (with the same number of
  properties and alarms, fixed texts) into a file;
- `ekko deadline 2025-01-31` (a new process answering from the Norwegian calendar) against
  `python -c "import textual"` (issue 15: it needs neither Textual nor the database, so it
  must not cost more than importing Textual). Both from bytecode (compile_ekko).

Interleaved repeats after a warm-up; medians and range; the repo's code (not an installed
copy), in a temporary HOME. Goals: the export under 1 s at 10,000 requests, the command at
most 1.0× the import.

Run: python bench/deadlines.py [--requests N] [--repeat R]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    ROOT,
    Figures,
    compile_ekko,
    hermetic_home,
    interleaved,
    median,
    spread,
)

hermetic_home()

from ekko_tui.domain import deadlines as dl  # noqa: E402
from ekko_tui.services.calendar import export_calendar  # noqa: E402
from ekko_tui.store import agenda as store_agenda  # noqa: E402
from ekko_tui.store.db import close_db, db, open_db  # noqa: E402
from ekko_tui.store.models import Request  # noqa: E402

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
TODAY = date(2026, 11, 25)


def fill(count: int) -> None:
    rows = []
    for n in range(count):
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
        for start in range(0, count, 500):
            Request.insert_many(rows[start : start + 500]).execute()


def bare_agenda() -> int:
    rows = db.execute_sql(
        "SELECT id, ref, received_at, status, extended_on FROM request "
        "WHERE status IN ('new', 'in_progress', 'waiting') OR closed_at >= ?",
        ((NOW - timedelta(days=366)).replace(tzinfo=None),),
    ).fetchall()
    rows.sort(key=lambda r: r[2])
    return len(rows)


def bare_ics(path: Path, count: int) -> None:
    """The same number of events, properties and alarms, fixed texts: the cost of the file."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bare//EN"]
    for n in range(count):
        for kind in ("deadline", "notice"):
            lines += [
                "BEGIN:VEVENT",
                f"SUMMARY:{kind} {n}",
                "DTSTART;VALUE=DATE:20261224",
                "DTEND;VALUE=DATE:20261225",
                "DTSTAMP:20261125T090000Z",
                f"UID:{kind}-{n}@example",
                "SEQUENCE:0",
                "CATEGORIES:GDPR",
                f"DESCRIPTION:{kind} {n}",
                "STATUS:CONFIRMED",
                "TRANSP:TRANSPARENT",
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{kind} {n}",
                "TRIGGER;VALUE=DATE-TIME:20261217T080000Z",
                f"UID:{kind}-{n}@example-alarm",
                "END:VALARM",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode())


def run(*args: str) -> None:
    """One new Python process (the repo's code first on its path), as a shell starts it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, *args], env=env, check=True, capture_output=True, cwd=ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ekko-bench-") as tmp:
        folder = Path(tmp)
        open_db(folder / "bench.db")
        fill(args.requests)
        items = len(store_agenda.agenda(TODAY).items())
        result = export_calendar(str(folder / "ekko.ics"), today=TODAY, now=NOW)

        def ekko_agenda() -> None:
            dl._compute_deadline.cache_clear()  # as on a fresh start: nothing memoised yet
            store_agenda.agenda(TODAY)

        def ekko_ics() -> None:
            dl._compute_deadline.cache_clear()
            export_calendar(str(folder / "ekko.ics"), today=TODAY, now=NOW)

        samples = interleaved(
            {
                "agenda ekko": ekko_agenda,
                "agenda bare": bare_agenda,
                "ics ekko": ekko_ics,
                "ics bare": lambda: bare_ics(folder / "bare.ics", args.requests),
            },
            repeat=args.repeat,
        )
        compile_ekko()
        samples |= interleaved(
            {
                "ekko deadline": lambda: run("-m", "ekko_tui", "deadline", "2025-01-31"),
                "import textual": lambda: run("-c", "import textual"),
            },
            repeat=args.repeat,
        )
        close_db()
    print(f"{args.requests:,} requests; agenda {items:,} items; {result.message()}")
    for name, values in samples.items():
        print(f"{name:<12} {spread(values)}")
    ics = median(samples["ics ekko"])
    print(f"goal: .ics export under 1 s: {'met' if ics < 1000 else 'NOT met'}")
    command = median(samples["ekko deadline"]) / median(samples["import textual"])
    print(f"goal: `ekko deadline` ≤ 1.0× `import textual`: {'met' if command <= 1 else 'NOT met'}")
    figures = Figures()
    figures.add("ms", "agenda_ekko", median(samples["agenda ekko"]))
    figures.add("ms", "agenda_bare", median(samples["agenda bare"]))
    figures.add("ms", "ics_export_ekko", ics)
    figures.add("ms", "ics_export_bare", median(samples["ics bare"]))
    figures.add("ratio", "agenda", median(samples["agenda ekko"]) / median(samples["agenda bare"]))
    figures.add("ms", "deadline_command", median(samples["ekko deadline"]))
    figures.add("ms", "import_textual", median(samples["import textual"]))
    figures.add("ratio", "ics_export", ics / median(samples["ics bare"]))
    figures.add("ratio", "deadline_command", command)
    figures.print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
