"""Importing an export into the subject register: one transaction, every row or none.

The rows are consumed as the export gives them (a StreamedExport reads them from the file one
at a time), CHUNK rows at a time: memory does not grow with the number of rows (issue 15).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from ekko_tui.domain.deadlines import OSLO
from ekko_tui.domain.imports import ExportRows, ParsedRow, SkippedRow
from ekko_tui.store.db import explain_errors
from ekko_tui.store.import_rows import CHUNK, RowWriter
from ekko_tui.store.record_writes import RecordCounts, RecordWriter
from ekko_tui.store.requests import log_event, write
from ekko_tui.store.subject_models import ImportRun
from ekko_tui.store.times import from_db, to_db

if TYPE_CHECKING:
    from ekko_tui.store.models import Suppression

    SuppressionLookup = Callable[[str, str], Suppression | None]

Progress = Callable[[int, int], None]
_MAX_NAME_SUGGESTIONS = 3


@dataclass(frozen=True)
class ImportReport:
    """What one import did, row by row where it matters."""

    import_id: int
    kind: str
    system: str
    file_name: str
    encoding: str
    delimiter: str
    rows: int
    added: int
    updated: int
    unchanged: int
    skipped: tuple[SkippedRow, ...]
    notes: tuple[tuple[int, str], ...]  # (line, note) for identifiers left out of a good row
    suggestions: int  # new merge suggestions (name-only or conflicting matches)
    seen_before: str  # "" or when this same file was imported before
    records: RecordCounts = RecordCounts()
    exported_at: datetime | None = None  # aware UTC: when the file was exported
    dry_run: bool = False  # True: checked and counted, nothing stored
    detail: str = ""  # what the file was read as (e.g. "Zoom webinar attendee report")

    def summary(self) -> str:
        delim = {",": "comma", ";": "semicolon", "\t": "tab"}.get(self.delimiter, self.delimiter)
        text = (
            f"{self.file_name}: {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.skipped)} skipped "
            f"({self.rows} rows; {self.encoding}, {delim}-separated)."
        )
        if self.suggestions:
            text += f" {self.suggestions} possible duplicate(s) to review (merge suggestions)."
        if self.dry_run:
            text = "Dry run, nothing stored: " + text
        if self.seen_before:
            text += f" This same file was imported before ({self.seen_before})."
        return text

    def records_summary(self) -> str:
        """What the import did to records and documents ('' when it held none)."""
        rc, parts = self.records, []
        if rc.records_added or rc.records_updated or rc.records_unchanged:
            parts.append(
                f"Records: {rc.records_added} new, {rc.records_updated} changed, "
                f"{rc.records_unchanged} as before."
            )
        if rc.documents_added or rc.documents_updated or rc.documents_unchanged:
            parts.append(
                f"Documents: {rc.documents_added} new, {rc.documents_updated} changed, "
                f"{rc.documents_unchanged} as before."
            )
        return " ".join(parts)


def _suppression_lookup(system: str) -> SuppressionLookup | None:
    """The suppression list as the import of `system` checks it (None: nobody is on it)."""
    from ekko_tui.store.suppression import MARKETING_SYSTEMS, suppression_index

    return suppression_index(marketing=system in MARKETING_SYSTEMS)


def _without_suppressed(
    rows: list[ParsedRow], index: SuppressionLookup | None
) -> tuple[list[ParsedRow], list[SkippedRow]]:
    """Rows of people erased earlier (an e-mail or phone on the suppression list) are not
    re-added, and a marketing list also leaves out those who objected to direct marketing or
    withdrew their consent: each is skipped with its line and why."""
    from ekko_tui.store.suppression import MARKETING_REASONS

    if index is None:
        return rows, []
    kept: list[ParsedRow] = []
    skipped: list[SkippedRow] = []
    for row in rows:
        hit = next(
            (
                entry
                for kind, values in (("email", row.emails), ("phone", row.phones))
                for value in values
                if (entry := index(kind, value)) is not None
            ),
            None,
        )
        if hit is None:
            kept.append(row)
        elif hit.reason in MARKETING_REASONS:
            skipped.append(
                SkippedRow(
                    row.line,
                    f"on the suppression list since {hit.added_on} ({hit.reason}; "
                    f"{hit.request_ref or 'no request'}): not added to the marketing list",
                )
            )
        else:
            skipped.append(
                SkippedRow(
                    row.line,
                    f"this person was erased on {hit.added_on} "
                    f"({hit.request_ref or 'no request'}): not added again",
                )
            )
    return kept, skipped


def _chunks(
    items: Iterator[ParsedRow | SkippedRow], skipped: list[SkippedRow]
) -> Iterator[tuple[list[ParsedRow], int]]:
    """The rows to store, CHUNK at a time, each chunk with how many items (rows and skipped
    rows) were read for it; the skipped rows go to `skipped` as they come."""
    chunk: list[ParsedRow] = []
    read = 0
    for item in items:
        read += 1
        if isinstance(item, SkippedRow):
            skipped.append(item)
            continue
        chunk.append(item)
        if len(chunk) >= CHUNK:
            yield chunk, read
            chunk, read = [], 0
    if chunk or read:
        yield chunk, read


def write_records(records: RecordWriter) -> RecordCounts:
    """Write what is left of the import's records; what all of them did (a seam for tests)."""
    return records.finish()


class _DryRun(Exception):
    """Rolls a dry run's transaction back, carrying its report out."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("dry run")
        self.report = report


@explain_errors
def import_export(
    parsed: ExportRows,
    *,
    kind: str,
    file_name: str,
    sha256: str,
    now: datetime,
    actor: str,
    progress: Progress | None = None,
    exported_at: datetime | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Store an export (held whole or streamed) in one transaction: all its rows, or (on any
    error, also one raised while its rows are read) nothing. `progress(done, total)` counts the
    rows read of the export's `count`.

    `exported_at` (aware) is when the file was exported (its modification time), never later
    than `now`; `dry_run` does all the work and rolls it back, returning the same report.
    """
    try:
        return _import(parsed, kind, file_name, sha256, now, actor, progress, exported_at, dry_run)
    except _DryRun as done:
        return done.report


def _import(
    parsed: ExportRows,
    kind: str,
    file_name: str,
    sha256: str,
    now: datetime,
    actor: str,
    progress: Progress | None,
    exported_at: datetime | None,
    dry_run: bool,
) -> ImportReport:
    at = to_db(now)
    exported = min(to_db(exported_at), at) if exported_at is not None else at
    exported = exported.replace(microsecond=0)
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    total = parsed.count
    with write():
        before = (
            ImportRun.select()
            .where(ImportRun.sha256 == sha256, ImportRun.kind == kind)
            .order_by(ImportRun.at)
            .first()
        )
        run = ImportRun.create(
            kind=kind,
            system=parsed.system,
            file_name=file_name,
            sha256=sha256,
            at=at,
            actor=actor,
            rows=total,
            exported_at=exported,
        )
        writer = RowWriter(parsed.system, run.id, at)
        records = RecordWriter(parsed.system, run.id, exported)
        lookup = _suppression_lookup(parsed.system)
        file_skipped: list[SkippedRow] = []
        suppressed: list[SkippedRow] = []
        notes: list[tuple[int, str]] = []
        done = tick = 0
        for read, count in _chunks(parsed.items(), file_skipped):
            chunk, left_out = _without_suppressed(read, lookup)
            suppressed += left_out
            done += count - len(chunk)  # the skipped rows of this chunk: read, not stored
            writer.begin(chunk)
            sids: list[int] = []
            for row in chunk:
                outcome, sid = writer.apply(row)
                counts[outcome] += 1
                sids.append(sid)
                notes += ((row.line, n) for n in row.notes)
                if progress is not None and done >= tick:
                    progress(done, total)
                    tick = done + 250
                done += 1
            writer.flush()
            for sid, row in zip(sids, chunk, strict=True):
                records.add(sid, row)
        skipped = tuple(sorted((*file_skipped, *suppressed), key=lambda r: r.line))
        suggestions = writer.suggestions
        record_counts = write_records(records)
        run.added, run.updated, run.unchanged = (
            counts["added"],
            counts["updated"],
            counts["unchanged"],
        )
        run.skipped = len(skipped)
        run.save()
        log_event(
            None,
            "import",
            f"Import #{run.id} ({kind} → {parsed.system}): {counts['added']} added, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged, "
            f"{len(skipped)} skipped ({len(suppressed)} erased earlier), "
            f"{suggestions} merge suggestions; records {record_counts.records_added} new, "
            f"{record_counts.records_updated} changed; documents "
            f"{record_counts.documents_added} new, {record_counts.documents_updated} changed",
            now=now,
            actor=actor,
        )
        report = _report(
            run.id, kind, parsed, file_name, skipped, counts, tuple(notes), suggestions, before
        )
        report = replace(
            report, records=record_counts, exported_at=from_db(exported), detail=parsed.detail
        )
        if dry_run:
            raise _DryRun(replace(report, dry_run=True))
    if progress is not None:
        progress(total, total)
    return report


def _report(
    run_id: int,
    kind: str,
    parsed: ExportRows,
    file_name: str,
    skipped: tuple[SkippedRow, ...],
    counts: dict[str, int],
    notes: tuple[tuple[int, str], ...],
    suggestions: int,
    before: ImportRun | None,
) -> ImportReport:
    return ImportReport(
        import_id=run_id,
        kind=kind,
        system=parsed.system,
        file_name=file_name,
        encoding=parsed.encoding,
        delimiter=parsed.delimiter,
        rows=counts["added"] + counts["updated"] + counts["unchanged"] + len(skipped),
        added=counts["added"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        skipped=skipped,
        notes=notes,
        suggestions=suggestions,
        seen_before=(
            f"import #{before.id}, {from_db(before.at).astimezone(OSLO):%Y-%m-%d %H:%M}"
            if before is not None
            else ""
        ),
    )
