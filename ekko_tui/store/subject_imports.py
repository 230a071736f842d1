"""Importing a parsed export into the subject register: one transaction, every row or none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from ekko_tui.domain import subjects as ds
from ekko_tui.domain.deadlines import OSLO
from ekko_tui.domain.imports import ParsedExport, ParsedRow, SkippedRow
from ekko_tui.store.db import db, explain_errors
from ekko_tui.store.record_writes import RecordCounts, batch_rows, write_records
from ekko_tui.store.requests import log_event, write
from ekko_tui.store.subject_index import reindex_subjects
from ekko_tui.store.subject_models import Holding, ImportRun, Subject
from ekko_tui.store.subjects import add_identifier, identifier_key, matches
from ekko_tui.store.times import from_db, to_db

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


def _sql_time(moment: datetime) -> str:
    """A naive UTC datetime as Peewee's DateTimeField stores it."""
    return moment.isoformat(" ")


def _row_identifiers(row: ParsedRow, system: str) -> list[tuple[str, str, str]]:
    out = [("name", n, "") for n in row.names]
    out += [("email", e, "") for e in row.emails]
    out += [("phone", p, "") for p in row.phones]
    if row.birth_date:
        out.append(("birth_date", row.birth_date, ""))
    out += [("external_id", x, system) for x in row.external_ids]
    return out


# Merge suggestions found during an import, by (lower id, higher id): written in one batch at
# the end (INSERT OR IGNORE against the pair's unique index) instead of a lookup and an insert
# per pair, which took 40% of a large import.
Pending = dict[tuple[int, int], str]


def _propose(pending: Pending, a: int, b: int, reason: str) -> None:
    if a != b:
        pending.setdefault((min(a, b), max(a, b)), reason)


def _write_suggestions(pending: Pending, now: datetime) -> int:
    """Store the pairs not suggested before; returns how many are new."""
    if not pending:
        return 0
    conn = db.connection()
    before = conn.total_changes
    at = _sql_time(now)
    db.cursor().executemany(
        "INSERT OR IGNORE INTO merge_suggestion (subject_id, other_id, reason, status, "
        "created_at) VALUES (?, ?, ?, 'open', ?)",
        [(lo, hi, reason, at) for (lo, hi), reason in pending.items()],
    )
    return int(conn.total_changes - before)


def _apply_row(
    row: ParsedRow, system: str, run_id: int, now: datetime, pending: Pending
) -> tuple[str, int]:
    """Store one row: returns (added|updated|unchanged, subject id)."""
    found: list[int] = []
    for e in row.emails:
        found += matches("email", e)
    for p in row.phones:
        found += matches("phone", p)
    for x in row.external_ids:
        found += matches("external_id", x, system)
    found = list(dict.fromkeys(found))
    if not found:
        return _add_subject(row, system, run_id, now, pending)
    sid = found[0]
    for other in found[1:]:
        _propose(pending, sid, other, "one import row has both their identifiers")
    changed = False
    for kind, value, id_system in _row_identifiers(row, system):
        changed |= add_identifier(sid, kind, value, id_system, now)
    external = row.external_ids[0] if row.external_ids else ""
    holding = Holding.get_or_none(
        Holding.subject == sid, Holding.system == system, Holding.external_id == external
    )
    if holding is None:
        Holding.create(
            subject=sid,
            system=system,
            categories=",".join(row.categories),
            external_id=external,
            first_seen=now,
            last_seen=now,
            import_run=run_id,
        )
        changed = True
    else:
        old = [c for c in holding.categories.split(",") if c]
        merged = old + [c for c in row.categories if c not in old]
        if merged != old:
            holding.categories = ",".join(merged)
            changed = True
        holding.last_seen = now
        holding.save()
    subject = Subject.get_by_id(sid)
    if not subject.name and row.names:
        subject.name = row.names[0]
        changed = True
    if changed:
        subject.updated_at = now
        subject.save()
    return ("updated" if changed else "unchanged"), sid


def _add_subject(
    row: ParsedRow, system: str, run_id: int, now: datetime, pending: Pending
) -> tuple[str, int]:
    """A row nobody matches: a new subject. Raw SQL: a 100,000-row import spends its time here."""
    at = _sql_time(now)
    cursor = db.execute_sql(
        "INSERT INTO subject (name, organisation, created_at, updated_at) VALUES (?, ?, ?, ?)",
        (row.names[0] if row.names else "", row.organisation, at, at),
    )
    sid = int(cursor.lastrowid or 0)
    for name in row.names:
        # Only a distinctive name is worth a suggestion: when more than a few people already
        # share it ("Ola Hansen"), a name match says nothing about who this is.
        same = matches("name", ds.name_key(name), limit=_MAX_NAME_SUGGESTIONS + 1)
        if len(same) <= _MAX_NAME_SUGGESTIONS:
            for other in same:
                _propose(pending, sid, other, "same name, no shared e-mail or phone")
    idents = list(dict.fromkeys(_row_identifiers(row, system)))
    db.cursor().executemany(
        "INSERT INTO identifier (subject_id, kind, value, key, system, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(sid, k, v, identifier_key(k, v), sy, at) for k, v, sy in idents],
    )
    external = row.external_ids[0] if row.external_ids else ""
    db.execute_sql(
        "INSERT INTO holding (subject_id, system, categories, external_id, first_seen, "
        "last_seen, import_run_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (sid, system, ",".join(row.categories), external, at, at, run_id),
    )
    return "added", sid


def _without_suppressed(
    rows: tuple[ParsedRow, ...] | list[ParsedRow],
) -> tuple[list[ParsedRow], list[SkippedRow]]:
    """Rows of people erased earlier (an e-mail or phone on the suppression list) are not
    re-added: they are skipped with a warning instead."""
    from ekko_tui.store.erasure import suppression_index

    index = suppression_index()
    if index is None:
        return list(rows), []
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
        else:
            skipped.append(
                SkippedRow(
                    row.line,
                    f"this person was erased on {hit.added_on} "
                    f"({hit.request_ref or 'no request'}): not added again",
                )
            )
    return kept, skipped


class _DryRun(Exception):
    """Rolls a dry run's transaction back, carrying its report out."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("dry run")
        self.report = report


@explain_errors
def import_export(
    parsed: ParsedExport,
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
    """Store a parsed export in one transaction: all its rows, or (on any error) nothing.

    `exported_at` (aware) is when the file was exported (its modification time), never later
    than `now`; `dry_run` does all the work and rolls it back, returning the same report.
    """
    try:
        return _import(parsed, kind, file_name, sha256, now, actor, progress, exported_at, dry_run)
    except _DryRun as done:
        return done.report


def _import(
    parsed: ParsedExport,
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
    total = len(parsed.rows)
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
            rows=total + len(parsed.skipped),
            exported_at=exported,
        )
        touched: set[int] = set()
        pending: Pending = {}
        rows, suppressed = _without_suppressed(parsed.rows)
        skipped = tuple(sorted((*parsed.skipped, *suppressed), key=lambda r: r.line))
        total = len(rows)
        batch: list[tuple[object, ...]] = []
        for i, row in enumerate(rows):
            outcome, sid = _apply_row(row, parsed.system, run.id, at, pending)
            counts[outcome] += 1
            batch.extend(batch_rows(sid, row))
            if outcome != "unchanged":
                touched.add(sid)
            if progress is not None and i % 250 == 0:
                progress(i, total)
        suggestions = _write_suggestions(pending, at)
        record_counts = write_records(batch, parsed.system, run.id, exported)
        del batch
        reindex_subjects(touched)
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
            f"{suggestions} merge suggestions",
            now=now,
            actor=actor,
        )
        report = _report(
            run.id, kind, parsed, file_name, total, skipped, counts, rows, suggestions, before
        )
        report = replace(report, records=record_counts, exported_at=from_db(exported))
        if dry_run:
            raise _DryRun(replace(report, dry_run=True))
    if progress is not None:
        progress(total, total)
    return report


def _report(
    run_id: int,
    kind: str,
    parsed: ParsedExport,
    file_name: str,
    total: int,
    skipped: tuple[SkippedRow, ...],
    counts: dict[str, int],
    rows: list[ParsedRow],
    suggestions: int,
    before: ImportRun | None,
) -> ImportReport:
    notes = tuple((r.line, n) for r in rows for n in r.notes)
    return ImportReport(
        import_id=run_id,
        kind=kind,
        system=parsed.system,
        file_name=file_name,
        encoding=parsed.table.encoding,
        delimiter=parsed.table.delimiter,
        rows=total + len(skipped),
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
