"""Subject search benchmark: ekko's search against a plain LIKE '%q%' scan, same data, same run.

Both methods run as the app runs a search: handed to a long-lived search thread with its own
(encrypted, warm) connection (ekko_tui.services.search_thread), and both return the same page:
each hit's name, organisation flag, identifiers, systems and request count. Queries are
interleaved (ekko, LIKE, LIKE, ekko …) after a warm-up of each. The import of the generated
file through ekko's own path is timed too (rows per second and the peak memory it added).

Generates N synthetic Norwegian subjects (name, e-mail, +47 phone: 3 identifiers each),
imports them through ekko's own import path (one newsletter-style CSV), then times a fixed set
of realistic queries of 1–12 characters (ASCII-folded, any case, misspelt, phone and e-mail
parts) with both methods, and checks each method's first page against what the user wanted.

    python bench/search.py                  # 100,000 subjects / 300,000 identifiers
    python bench/search.py --subjects 5000  # a quick run
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import Figures, hermetic_home  # noqa: E402

hermetic_home()

from ekko_tui.domain.imports import parse_export  # noqa: E402
from ekko_tui.domain.subjects import fold  # noqa: E402
from ekko_tui.services.search_thread import SearchThread  # noqa: E402
from ekko_tui.store.db import close_db, db, open_db  # noqa: E402
from ekko_tui.store.subject_imports import import_export  # noqa: E402
from ekko_tui.store.subject_search import PAGE, search_subjects  # noqa: E402

FIRST = [
    "Ola",
    "Kari",
    "Per",
    "Anne",
    "Jan",
    "Ingrid",
    "Lars",
    "Marit",
    "Knut",
    "Liv",
    "Tor",
    "Siri",
    "Ole",
    "Hilde",
    "Hans",
    "Nina",
    "Arne",
    "Randi",
    "Jon",
    "Astrid",
    "Bjørn",
    "Åse",
    "Kåre",
    "Sølvi",
    "Håkon",
    "Jørgen",
    "Øystein",
    "Åsmund",
    "Ragnhild",
    "Gunnhild",
    "Solveig",
    "Torbjørn",
    "Eirik",
    "Sigrid",
    "Trond",
    "Geir",
    "Terje",
    "Svein",
    "Rune",
    "Morten",
    "Tone",
    "Heidi",
    "Kristin",
    "Elin",
    "Bente",
    "Berit",
    "Grete",
    "Inger",
    "Aud",
    "Turid",
    "Synnøve",
    "Tormod",
    "Halvor",
    "Audun",
    "Bård",
    "Sindre",
    "Vegard",
    "Håvard",
    "Stian",
    "Martin",
    "Emma",
    "Nora",
    "Sofie",
    "Jakob",
    "Emil",
    "Noah",
    "Oliver",
    "Filip",
    "Lukas",
    "Henrik",
    "Ella",
    "Maja",
    "Ida",
    "Leah",
    "Sara",
    "Frida",
    "Thea",
    "Ingeborg",
    "Mathea",
    "Aksel",
    "Isak",
    "Magnus",
    "Ørjan",
    "Dag",
    "Even",
]
MIDDLE = [
    "Marie",
    "Elisabeth",
    "Johanne",
    "Kristine",
    "Andre",
    "Olav",
    "Johan",
    "Tore",
    "Helene",
    "Louise",
]
LAST = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Johnsen",
    "Pettersen",
    "Eriksen",
    "Berg",
    "Haugen",
    "Hagen",
    "Johannessen",
    "Andreassen",
    "Jacobsen",
    "Dahl",
    "Jørgensen",
    "Halvorsen",
    "Henriksen",
    "Lund",
    "Sørensen",
    "Jakobsen",
    "Moen",
    "Gundersen",
    "Iversen",
    "Strand",
    "Solberg",
    "Svendsen",
    "Eide",
    "Knutsen",
    "Martinsen",
    "Paulsen",
    "Bakken",
    "Kristoffersen",
    "Mathisen",
    "Lie",
    "Amundsen",
    "Nguyen",
    "Rasmussen",
    "Ali",
    "Lunde",
    "Solheim",
    "Berge",
    "Moe",
    "Nygård",
    "Bakke",
    "Kristensen",
    "Fredriksen",
    "Holm",
    "Lien",
    "Hauge",
    "Christensen",
    "Andresen",
    "Nielsen",
    "Knudsen",
    "Evensen",
    "Sæther",
    "Aas",
    "Myhre",
    "Hanssen",
    "Ahmed",
    "Haugland",
    "Thomassen",
    "Sivertsen",
    "Simonsen",
    "Danielsen",
    "Berntsen",
    "Sandvik",
    "Rønning",
    "Arnesen",
    "Antonsen",
    "Næss",
    "Vik",
    "Haug",
    "Ellingsen",
    "Thorsen",
    "Edvardsen",
    "Birkeland",
    "Isaksen",
    "Gulbrandsen",
    "Ruud",
    "Aasen",
    "Strøm",
    "Myklebust",
    "Tangen",
    "Ødegaard",
    "Eliassen",
    "Helland",
    "Bøe",
    "Jenssen",
    "Aune",
    "Mikkelsen",
    "Tveit",
    "Brekke",
    "Abrahamsen",
    "Madsen",
    "Løken",
    "Fjeld",
    "Grønli",
    "Skaar",
    "Vold",
    "Bråten",
    "Sæbø",
    "Tønnessen",
    "Røed",
    "Østby",
    "Lyngstad",
    "Kleppe",
    "Hovland",
]
DOMAINS = [
    "gmail.com",
    "online.no",
    "hotmail.com",
    "outlook.com",
    "icloud.com",
    "yahoo.no",
    "live.no",
]

# Planted people the queries look for (their names are not in the lists above).
PLANTED = {
    "haland": ("Bjørn Håland", "bjorn.haland@gmail.com", "+4741599001"),
    "kvaestad": ("Ørjan Kvæstad", "orjan.kvaestad@online.no", "+4741599002"),
    "ovrebo": ("Åse Øvrebø", "aase.ovrebo@hotmail.com", "+4741599003"),
    "baerum": ("Sølvi Bærum", "solvi@baerum-yoga.no", "+4741599004"),
}


@dataclass(frozen=True)
class Query:
    text: str
    target: str | None  # a planted key, or None: "any page whose every hit matches the prefix"
    kind: str


QUERIES = [
    Query("ø", None, "1-letter prefix"),
    Query("j", None, "1-letter prefix"),
    Query("ha", None, "2-letter prefix"),
    Query("kv", "kvaestad", "2-letter prefix"),
    Query("Bjorn Haland", "haland", "ASCII-folded"),
    Query("bjørn håland", "haland", "as written"),
    Query("BJØRN HÅLAND", "haland", "upper case"),
    Query("Bjron Haland", "haland", "misspelt"),
    Query("haaland", "haland", "old spelling"),
    Query("orjan kvaest", "kvaestad", "ASCII-folded"),
    Query("kvæstad", "kvaestad", "as written"),
    Query("Kvestad", "kvaestad", "misspelt"),
    Query("aase ovrebo", "ovrebo", "ASCII-folded"),
    Query("åse øvrebø", "ovrebo", "as written"),
    Query("Ovreboe", "ovrebo", "misspelt"),
    Query("solvi baerum", "baerum", "ASCII-folded"),
    Query("sølvi bærun", "baerum", "misspelt"),
    Query("baerum-yoga", "baerum", "e-mail part"),
    Query("orjan.kv", "kvaestad", "e-mail prefix"),
    Query("+47 415 99 0", None, "phone prefix"),
    Query("41599003", "ovrebo", "phone"),
    Query("415 99 004", "baerum", "phone as written"),
]


def synthetic_csv(n: int, seed: int = 4) -> bytes:
    rng = random.Random(seed)
    lines = ["Name,Email,Phone"]
    used_phones: set[str] = set()
    planted = list(PLANTED.values())
    slots = {rng.randrange(n): p for p in planted}
    while len(slots) < len(planted):
        slots[rng.randrange(n)] = planted[len(slots)]
    for i in range(n):
        if i in slots:
            name, email, phone = slots[i]
        else:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            name = (
                f"{first} {rng.choice(MIDDLE)} {last}" if rng.random() < 0.3 else f"{first} {last}"
            )
            local = f"{fold(first)}.{fold(last)}{i}".replace(" ", "")  # unique per person
            email = f"{local}@{rng.choice(DOMAINS)}"
            while True:
                digits = f"{rng.choice('49')}{rng.randrange(10**7):07d}"
                if not digits.startswith("41599") and digits not in used_phones:
                    break
            used_phones.add(digits)
            phone = f"+47 {digits[:3]} {digits[3:5]} {digits[5:]}"
        lines.append(f"{name},{email},{phone}")
    return ("\n".join(lines) + "\n").encode()


def like_search(text: str, limit: int = PAGE) -> list[int]:
    """The naive method: a LIKE '%q%' scan of every identifier value, then the same page data
    ekko's search returns (names, identifiers, systems, request counts)."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    ids = [
        r[0]
        for r in db.execute_sql(
            "SELECT DISTINCT subject_id FROM identifier WHERE value LIKE ? ESCAPE '\\' LIMIT ?",
            (pattern, limit),
        ).fetchall()
    ]
    if ids:
        marks = ",".join("?" * len(ids))
        page = (
            db.execute_sql(
                f"SELECT id, name, organisation FROM subject WHERE id IN ({marks})", ids
            ),
            db.execute_sql(
                f"SELECT subject_id, kind, value FROM identifier WHERE subject_id IN ({marks})",
                ids,
            ),
            db.execute_sql(
                f"SELECT DISTINCT subject_id, system FROM holding WHERE subject_id IN ({marks})",
                ids,
            ),
            db.execute_sql(
                f"SELECT subject_id, COUNT(*) FROM request WHERE subject_id IN ({marks}) "
                "GROUP BY subject_id",
                ids,
            ),
        )
        for cursor in page:
            cursor.fetchall()
    return ids


def planted_ids() -> dict[str, int]:
    out = {}
    for key, (_, email, _) in PLANTED.items():
        row = db.execute_sql(
            "SELECT subject_id FROM identifier WHERE kind = 'email' AND value = ?", (email,)
        ).fetchone()
        out[key] = row[0]
    return out


def prefix_ok(query: str, ids: list[int]) -> bool:
    """Every hit has a word (name, e-mail, phone) starting with the query, folded."""
    if not ids:
        return False
    want = fold(query).replace(" ", "").replace("+", "")
    marks = ",".join("?" * len(ids))
    rows = db.execute_sql(
        f"SELECT subject_id, value FROM identifier WHERE subject_id IN ({marks})", ids
    ).fetchall()
    words: dict[int, list[str]] = {}
    for sid, value in rows:
        parts = fold(value).replace("@", " ").replace(".", " ").split()
        digits = value.replace("+", "").replace(" ", "")
        words.setdefault(sid, []).extend([*parts, digits, digits[2:]])
    return all(any(w.startswith(want) for w in words.get(sid, [])) for sid in ids)


_SEQ = [0]


def on_thread(searcher: SearchThread, fn: Callable[[str], list[int]], text: str) -> list[int]:
    """Run one search the way the app does: on the search thread, waiting for the answer."""
    _SEQ[0] += 1
    return searcher.submit(_SEQ[0], fn, text).result()


def timed(fn: Callable[[str], list[int]], text: str) -> tuple[float, list[int]]:
    start = time.perf_counter()
    result = fn(text)
    return (time.perf_counter() - start) * 1000, result


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=100_000, help="how many (default 100000)")
    parser.add_argument("--repeat", type=int, default=5, help="timings per query and method")
    parser.add_argument("--db", help="keep the database here (default: a temporary folder)")
    args = parser.parse_args(argv)
    folder = Path(args.db).parent if args.db else Path(tempfile.mkdtemp(prefix="ekko-bench-"))
    path = Path(args.db) if args.db else folder / "bench.db"
    if path.exists():
        sys.exit(f"{path} exists: give a new file")
    open_db(path)
    data = synthetic_csv(args.subjects)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    parsed = parse_export("newsletter", data)
    report = import_export(
        parsed,
        kind="newsletter",
        file_name="bench.csv",
        sha256="bench",
        now=datetime.now(UTC),
        actor="bench",
    )
    import_s = time.perf_counter() - start
    import_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - rss_before
    # The app does not keep an imported file in memory: neither does the bench while it times
    # searches (a heap holding the parsed file made every full garbage collection during the
    # queries walk it, on both sides).
    csv_mb = len(data) / 1e6
    del parsed, data
    gc.collect()
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    identifiers = db.execute_sql("SELECT count(*) FROM identifier").fetchone()[0]
    size = sum(p.stat().st_size for p in folder.glob(path.name + "*"))
    print(f"subjects {report.added:,}  identifiers {identifiers:,}  (CSV {csv_mb:.1f} MB)")
    print(
        f"import   {import_s:.1f} s  ({report.added / import_s:,.0f} rows/s, one transaction, "
        f"peak memory +{import_mb:.0f} MB)"
    )
    print(f"database {size / 1e6:.1f} MB  ({path})")
    targets = planted_ids()

    def correct(q: Query, ids: list[int], first_only: bool = False) -> bool:
        if q.target is None:
            return prefix_ok(q.text, ids)
        want = targets[q.target]
        return (ids[:1] == [want]) if first_only else want in ids

    ekko_thread, like_thread = SearchThread(), SearchThread()

    def ekko_search(text: str) -> list[int]:
        return on_thread(ekko_thread, lambda t: [h.id for h in search_subjects(t).hits], text)

    def like(text: str) -> list[int]:
        return on_thread(like_thread, like_search, text)

    for q in QUERIES:  # warm-up of both connections and caches
        ekko_search(q.text)
        like(q.text)
    print()
    print(f"{'query':<15}{'kind':<17}{'ekko ms':>9}{'LIKE ms':>9}  ekko  LIKE")
    ekko_all: list[float] = []
    like_all: list[float] = []
    ekko_ok = ekko_first = like_ok = 0
    for q in QUERIES:
        e_samples: list[float] = []
        l_samples: list[float] = []
        e_ids: list[int] = []
        l_ids: list[int] = []
        for r in range(args.repeat):
            for method in ("ekko", "like") if r % 2 == 0 else ("like", "ekko"):
                if method == "ekko":
                    ms, e_ids = timed(ekko_search, q.text)
                    e_samples.append(ms)
                else:
                    ms, l_ids = timed(like, q.text)
                    l_samples.append(ms)
        ekko_all += e_samples
        like_all += l_samples
        e_good, l_good = correct(q, e_ids), correct(q, l_ids)
        ekko_ok += e_good
        like_ok += l_good
        ekko_first += q.target is None and e_good or correct(q, e_ids, first_only=True)
        e_mark = (
            ("first" if q.target and e_ids[:1] == [targets[q.target]] else "ok")
            if e_good
            else "MISS"
        )
        print(
            f"{q.text!r:<15}{q.kind:<17}{statistics.median(e_samples):>9.2f}"
            f"{statistics.median(l_samples):>9.2f}  {e_mark:<5} {'ok' if l_good else 'MISS'}"
        )
    n = len(QUERIES)
    e_med, e_p95 = statistics.median(ekko_all), p95(ekko_all)
    l_med, l_p95 = statistics.median(like_all), p95(like_all)
    print()
    print(f"{n} queries × {args.repeat} runs, first page of {PAGE}")
    print(
        f"ekko search   median {e_med:7.2f} ms   p95 {e_p95:7.2f} ms   correct {ekko_ok}/{n}"
        f" (target ranked first or valid prefix page: {ekko_first}/{n})"
    )
    print(f"LIKE '%q%'    median {l_med:7.2f} ms   p95 {l_p95:7.2f} ms   correct {like_ok}/{n}")
    print(f"ratio LIKE/ekko: median {l_med / e_med:.1f}×, p95 {l_p95 / e_p95:.1f}×")
    print(
        f"targets: p95 < 5 ms: {'met' if e_p95 < 5 else 'NOT met'}; LIKE/ekko median ≥ 5: "
        f"{'met' if l_med / e_med >= 5 else 'NOT met'}"
    )
    ekko_thread.close()
    like_thread.close()
    close_db()
    figures = Figures()
    figures.add("rows_per_s", "import_subjects", report.added / import_s)
    figures.add("mb", "import_peak_added", import_mb)
    figures.add("ms", "search_median_ekko", e_med)
    figures.add("ms", "search_p95_ekko", e_p95)
    figures.add("ms", "search_median_like", l_med)
    figures.add("ms", "search_p95_like", l_p95)
    figures.add("ratio", "search_like_over_ekko_median", l_med / e_med)
    figures.add("ratio", "search_like_over_ekko_p95", l_p95 / e_p95)
    figures.print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
