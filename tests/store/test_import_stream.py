"""Importing a contact export as a stream (issue 15): the same result as the parsed export,
memory that does not grow with the rows, and still every row or none."""

from __future__ import annotations

import functools
import random
import sys
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import pytest

from ekko_tui.domain.imports import (
    ExportRows,
    ParsedRow,
    SkippedRow,
    StreamedExport,
    parse_export,
    stream_export,
)
from ekko_tui.store import subject_imports
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.subject_models import ImportRun, Subject
from tests import document_samples as S
from tests.store.test_import_chunks import dump, imports

FIRST = ["Ola", "Kari", "Per", "Anne", "Bjørn", "Åse", "Kåre", "Sølvi", "Håkon", "Ørjan", "Liv"]
LAST = ["Hansen", "Olsen", "Håland", "Bjørnstad", "Ødegård", "Ås", "Berg", "Dahl", "Lie", "Moe"]
KAJABI = (
    "Name,First Name,Last Name,Email,Products,Tags,ID,Member ID,Created At,Sign In Count,"
    "Telefonnummer (phone_number),Adresse (address_line_1),By (address_city),"
    "Postnummer (address_zip),Hvordan fant du oss? (custom_1),Notater (custom_2)\n"
)
NOTE = "Kom via en venn; ønsker faktura på e-post, ikke papir. " * 12  # a long form answer


def kajabi_file(rows: int, seed: int = 15) -> bytes:
    """A Kajabi contacts export of `rows` distinct people (real headers, every column filled)."""
    rng = random.Random(seed)
    out = [KAJABI]
    for i in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        out.append(
            f'{first} {last},{first},{last},{first}.{last}.{i}@example.no,"Foto 1, Foto 2",'
            f"kunde,{2_000_000 + i},{900_000 + i},2024-01-01 10:00:00 +0100,{i % 40},"
            f"+47 9{i:07d},Gate {i % 90},Oslo,{i % 9999:04d},{rng.choice(['Google', ''])},"
            f'"{NOTE}{i}"\n'
        )
    return "".join(out).encode()


def run(parsed: ExportRows, kind: str, now: datetime, **kw: object):
    return subject_imports.import_export(
        parsed, kind=kind, file_name=f"{kind}.csv", sha256="x", now=now, actor="test", **kw
    )


def documents() -> list[tuple[str, bytes]]:
    return [
        ("stripe-payments", S.stripe_payments(S.STRIPE_PAID, S.STRIPE_GUEST, S.STRIPE_FAILED)),
        ("kajabi-transactions", S.kajabi_transactions(S.KAJABI_CHARGE, S.KAJABI_REFUND)),
        ("fiken-invoices", S.fiken_invoices(S.FIKEN_INVOICE, S.FIKEN_CREDIT, S.FIKEN_SUM)),
        ("mailchimp", S.MAILCHIMP.encode()),
        ("zoom", S.ZOOM_WEBINAR.encode()),
    ]


def test_a_streamed_import_stores_what_the_parsed_one_stores(tmp_path, now) -> None:
    def state(read) -> tuple[object, ...]:
        open_db(tmp_path / f"{read.__name__}.db")
        try:
            reports = [
                replace(run(read(kind, data), kind, now), import_id=0)
                for kind, data in [*imports(now), *documents()]
            ]
            return dump(), reports
        finally:
            close_db()

    streamed, parsed = state(stream_export), state(parse_export)
    assert streamed[0]["subject"] and streamed[0]["subject_record"]
    assert {r.records.documents_added for r in streamed[1][-5:]} != {0}
    assert any(r.skipped for r in streamed[1]) and any(r.suggestions for r in streamed[1])
    assert streamed == parsed


def test_progress_counts_every_row_read_of_the_count(db, now, monkeypatch) -> None:
    monkeypatch.setattr(subject_imports, "CHUNK", 300)
    data = kajabi_file(1000) + b",,,,,,,,,,,,,,,\nnobody,,,,,,,,,,,,,,,\n"  # two skipped rows
    export = stream_export("kajabi", data)
    seen: list[tuple[int, int]] = []
    report = run(export, "kajabi", now, progress=lambda d, t: seen.append((d, t)))
    assert export.count == report.rows == 1002 and len(report.skipped) == 2
    assert {t for _, t in seen} == {1002}
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and seen[-1] == (1002, 1002)
    assert len(seen) >= 4  # it moves while the rows are read, not only at the end


def test_a_dry_run_of_a_stream_stores_nothing_and_reports_the_same(db, now) -> None:
    data = kajabi_file(300)
    dry = run(stream_export("kajabi", data), "kajabi", now, dry_run=True)
    assert Subject.select().count() == 0 and ImportRun.select().count() == 0
    real = run(stream_export("kajabi", data), "kajabi", now)
    assert dry.added == real.added == 300
    assert replace(dry, dry_run=False, import_id=0) == replace(real, import_id=0)


@dataclass(frozen=True)
class _Breaks:
    """A streamed export whose reading fails after `after` rows (a file that changed under
    the reader, a bug in a mapper): the import must store none of it."""

    export: StreamedExport
    after: int

    def __getattr__(self, name: str) -> object:
        return getattr(self.export, name)

    def items(self) -> Iterator[ParsedRow | SkippedRow]:
        for n, item in enumerate(self.export.items()):
            if n == self.after:
                raise RuntimeError("the stream broke")
            yield item


def test_a_failure_in_the_middle_of_the_stream_stores_nothing(db, now, monkeypatch) -> None:
    run(stream_export("kajabi", kajabi_file(50, seed=1)), "kajabi", now)  # an earlier import
    before = dump()
    runs, subjects = ImportRun.select().count(), Subject.select().count()
    monkeypatch.setattr(subject_imports, "CHUNK", 100)
    broken = _Breaks(stream_export("kajabi", kajabi_file(1000, seed=2)), after=750)
    with pytest.raises(RuntimeError, match="the stream broke"):
        run(broken, "kajabi", now)  # type: ignore[arg-type]  # seven chunks were written
    assert (ImportRun.select().count(), Subject.select().count()) == (runs, subjects)
    assert dump() == before


def _without_bounded_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Take ekko's `lru_cache`s (folding: bounded, 8,192 entries) out of the measure: they
    grow with the distinct values seen until full, whatever the import holds."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("ekko_tui."):
            continue
        for attr, value in list(vars(module).items()):
            if isinstance(value, functools._lru_cache_wrapper):
                monkeypatch.setattr(module, attr, value.__wrapped__)


def _peak(tmp_path: Path, read, rows: int, now: datetime) -> int:
    """The Python memory the import of `rows` Kajabi rows peaks at, reading included (the
    file's bytes are made before and not counted)."""
    open_db(tmp_path / f"{read.__name__}-{rows}-{random.random()}.db")
    data = kajabi_file(rows)
    try:
        tracemalloc.start()
        report = run(read("kajabi", data), "kajabi", now)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        close_db()
    assert report.added == rows
    return peak


def test_memory_does_not_grow_with_the_rows(tmp_path, now, monkeypatch) -> None:
    """What this guards: the import holds one chunk of rows, never the file's text, its table
    or its parsed rows. tracemalloc counts Python's own allocations (not SQLite's page cache),
    so the measure does not depend on the machine's load. Per extra row the streamed import
    grows by what the writer keeps per subject (an id in a set: tens of bytes); holding the
    parsed export grows by kilobytes (the parsed path is measured alongside, to show it)."""
    monkeypatch.setattr(subject_imports, "CHUNK", 200)
    monkeypatch.setattr(subject_imports.RecordWriter, "CHUNK", 200)  # records buffered
    _without_bounded_caches(monkeypatch)
    for read in (stream_export, parse_export):
        _peak(tmp_path, read, 20, now)  # warm-up: what the first import loads once
    n = 800
    per_row = {
        read.__name__: (_peak(tmp_path, read, 4 * n, now) - _peak(tmp_path, read, n, now)) / (3 * n)
        for read in (stream_export, parse_export)
    }
    assert per_row["stream_export"] < 1000, per_row
    assert per_row["parse_export"] > 2000, per_row
