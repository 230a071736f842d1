"""Import benchmark (issues 13 and 15): 100,000 Kajabi contact rows and 100,000 Stripe payment
rows through ekko's own import path, against a bare baseline doing the same work's floor.

Each run is a fresh child process on a fresh database in a temporary HOME, so its peak memory
(VmHWM, see `peak_mb`) is the import's own:

- ekko: read the file, check it (`stream_export`, as `ekko import` does: the contact export's
  rows are read again one at a time while they are stored; a document export is parsed whole),
  store it (`import_export`: subjects,
  identifiers, holdings, merge suggestions, search index, records and documents) in an
  encrypted database opened by `open_db`;
- bare: `csv.reader` over the same file and one `executemany` of every row (all columns) into
  one table of a plain SQLite file, in one transaction.

Runs are interleaved (ekko, bare, bare, ekko …) after a warm-up of each; medians are reported,
of wall-clock time and of the child's CPU time (on a machine shared with other work the wall
clock mostly measures the wait for a core).

    python bench/import.py                       # 100,000 rows each, 3 runs
    python bench/import.py --rows 5000 --repeat 1
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import Figures, hermetic_home, median  # noqa: E402

hermetic_home()

FIRST = ["Ola", "Kari", "Per", "Anne", "Bjørn", "Åse", "Kåre", "Sølvi", "Håkon", "Ørjan", "Liv"]
LAST = ["Hansen", "Olsen", "Håland", "Bjørnstad", "Ødegård", "Ås", "Berg", "Dahl", "Lie", "Moe"]

KAJABI = [
    "Name", "First Name", "Last Name", "Email", "Products", "Tags", "ID", "Member ID",
    "External User ID", "Created At", "Member Created At", "Sign In Count", "Last Activity",
    "Last Sign In At", "Fornavn (name)", "E-post (email)", "Telefonnummer (phone_number)",
    "Adresse (address_line_1)", "By (address_city)", "Land (address_country)",
    "Postnummer (address_zip)", "Hvordan fant du oss? (custom_1)",
]  # fmt: skip
STRIPE = [
    "id", "Created date (UTC)", "Amount", "Amount Refunded", "Currency", "Captured",
    "Converted Amount", "Converted Amount Refunded", "Converted Currency", "Decline Reason",
    "Description", "Fee", "Refunded date (UTC)", "Statement Descriptor", "Status",
    "Seller Message", "Taxes On Fee", "Card ID", "Customer ID", "Customer Email", "Invoice ID",
    "Transfer", "order_ref (metadata)",
]  # fmt: skip


def kajabi_file(rows: int, rng: random.Random) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(KAJABI)
    start = datetime(2022, 1, 1, tzinfo=UTC)
    for i in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        created = (start + timedelta(minutes=7 * i)).strftime("%Y-%m-%d %H:%M:%S +0100")
        email = f"{first}.{last}.{i}@example.no".lower()
        w.writerow(
            [
                f"{first} {last}", first, last, email, "Foto 1, Foto 2", "kunde, nyhetsbrev",
                str(2_000_000 + i), str(900_000 + i), "", created, created, str(i % 40), created,
                created, first, email, f"+47 9{i:07d}", f"Gate {i % 90} ", "Oslo", "Norge",
                f"{i % 9999:04d}", rng.choice(["Instagram", "Google", ""]),
            ]
        )  # fmt: skip
    return out.getvalue().encode()


def stripe_file(rows: int, rng: random.Random) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(STRIPE)
    start = datetime(2023, 1, 1, tzinfo=UTC)
    for i in range(rows):
        customer = i // 3  # three payments per customer
        first, last = rng.choice(FIRST), rng.choice(LAST)
        created = (start + timedelta(minutes=5 * i)).strftime("%Y-%m-%d %H:%M:%S")
        refunded = "500.00" if i % 20 == 0 else "0.00"
        w.writerow(
            [
                f"ch_{i:010d}", created, "1490.00", refunded, "nok", "true", "1490.00", refunded,
                "nok", "", "Foto 1", "50.00", created if i % 20 == 0 else "", "IPOGS", "Paid",
                "Payment complete.", "0.00", f"card_{customer}", f"cus_{customer:08d}",
                f"{first}.{last}.{customer}@example.no".lower(), f"in_{i}", "", f"A-{i}",
            ]
        )  # fmt: skip
    return out.getvalue().encode()


# --- the children ------------------------------------------------------------------------------


def child_ekko(kind: str, file: Path, home: Path) -> dict[str, float]:
    from ekko_tui.domain.imports import read_export_file, stream_export
    from ekko_tui.store.db import close_db, open_db
    from ekko_tui.store.subject_imports import import_export

    open_db(home / "ekko.db")
    start, cpu = time.perf_counter(), time.process_time()
    data = read_export_file(file)
    parsed = stream_export(kind, data)
    report = import_export(
        parsed,
        kind=kind,
        file_name=file.name,
        sha256="bench",
        now=datetime(2026, 11, 30, 12, tzinfo=UTC),
        actor="bench",
    )
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    close_db()
    rows = report.rows
    return {"seconds": seconds, "cpu": cpu, "rows": rows, "subjects": report.added}


def child_bare(kind: str, file: Path, home: Path) -> dict[str, float]:
    con = sqlite3.connect(home / "bare.db")
    start, cpu = time.perf_counter(), time.process_time()
    with open(file, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        cols = ", ".join(f"c{i}" for i in range(len(header)))
        con.execute(f"CREATE TABLE t ({cols})")
        marks = ", ".join("?" * len(header))
        with con:
            con.executemany(f"INSERT INTO t VALUES ({marks})", reader)
    rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    con.close()
    return {"seconds": seconds, "cpu": cpu, "rows": rows}


def peak_mb() -> float:
    """This process's own peak resident memory. Linux's VmHWM starts afresh at exec;
    `ru_maxrss` keeps the larger of it and the parent's size at the fork (here the bench with
    both files in memory, about 100 MB), which hid the bare side's real peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(side: str, kind: str, file: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="ekko-bench-import-") as home:
        out = subprocess.run(
            [sys.executable, __file__, "--child", side, kind, str(file), home],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--child", nargs=4, metavar=("SIDE", "KIND", "FILE", "HOME"))
    args = parser.parse_args()
    if args.child:
        side, kind, file, home = args.child
        result = (child_ekko if side == "ekko" else child_bare)(kind, Path(file), Path(home))
        result["peak_mb"] = peak_mb()
        print(json.dumps(result))
        return
    rng = random.Random(13)
    figures = Figures()
    results: list[tuple[str, float, float, float, float, float]] = []
    cpu_rates: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="ekko-bench-files-") as tmp:
        files = {
            ("kajabi", "kajabi_contacts"): kajabi_file(args.rows, rng),
            ("stripe-payments", "stripe_payments"): stripe_file(args.rows, rng),
        }
        for (kind, name), data in files.items():
            path = Path(tmp) / f"{name}.csv"
            path.write_bytes(data)
            for _ in range(args.warmup):
                run_child("ekko", kind, path)
                run_child("bare", kind, path)
            runs: dict[str, list[dict[str, float]]] = {"ekko": [], "bare": []}
            for r in range(args.repeat):
                for side in ("ekko", "bare") if r % 2 == 0 else ("bare", "ekko"):
                    runs[side].append(run_child(side, kind, path))
            e_s = median([x["seconds"] for x in runs["ekko"]])
            b_s = median([x["seconds"] for x in runs["bare"]])
            e_cpu = median([x["cpu"] for x in runs["ekko"]])
            b_cpu = median([x["cpu"] for x in runs["bare"]])
            e_mb = median([x["peak_mb"] for x in runs["ekko"]])
            b_mb = median([x["peak_mb"] for x in runs["bare"]])
            rows = runs["ekko"][0]["rows"]
            print(
                f"{name}: {rows:,.0f} rows ({len(data) / 1e6:.1f} MB): ekko {e_s:.2f} s "
                f"({rows / e_s:,.0f} rows/s, peak {e_mb:.0f} MB); bare {b_s:.2f} s "
                f"({rows / b_s:,.0f} rows/s, peak {b_mb:.0f} MB); {args.repeat} runs, medians"
            )
            print(
                f"  CPU time of the process (what a busy machine does not inflate): ekko "
                f"{e_cpu:.2f} s ({rows / e_cpu:,.0f} rows per CPU-second), bare {b_cpu:.2f} s"
            )
            results.append((name, rows / e_s, rows / b_s, e_mb, b_mb, e_s / b_s))
            cpu_rates.append((name, rows / e_cpu, e_cpu / b_cpu))
    for name, e_rate, b_rate, *_ in results:
        figures.add("rows_per_s", f"import_{name}", e_rate)
        figures.add("rows_per_s", f"import_{name}_bare", b_rate)
    for name, cpu_rate, _ in cpu_rates:
        figures.add("rows_per_s", f"import_{name}_per_cpu_s", cpu_rate)
    for name, _, _, e_mb, b_mb, _ in results:
        figures.add("mb", f"import_{name}_peak", e_mb)
        figures.add("mb", f"import_{name}_bare_peak", b_mb)
    for name, *_, ratio in results:
        figures.add("ratio", f"import_{name}", ratio)
    for name, _, cpu_ratio in cpu_rates:
        figures.add("ratio", f"import_{name}_cpu", cpu_ratio)
    figures.print()


if __name__ == "__main__":
    main()
