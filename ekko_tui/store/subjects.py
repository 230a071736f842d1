"""Every change to subjects: imports, identifier edits, merges, request links, the search index.

Each public function is one `write()` transaction that also appends an event; event details
name what changed (ids, counts), never the personal data itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from ekko_tui.domain import subjects as ds
from ekko_tui.domain.imports import ParsedExport, ParsedRow, SkippedRow
from ekko_tui.domain.requests import ValidationError
from ekko_tui.store.db import db
from ekko_tui.store.models import (
    Holding,
    Identifier,
    ImportRun,
    MergeSuggestion,
    Request,
    SearchToken,
    Subject,
)
from ekko_tui.store.requests import log_event, write

Progress = Callable[[int, int], None]
_CHUNK = 400
_MAX_NAME_SUGGESTIONS = 3


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _chunks(ids: Sequence[int], size: int = _CHUNK) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield list(ids[i : i + size])


# --- the search index ------------------------------------------------------------------------


def unindex_subjects(subject_ids: Iterable[int]) -> None:
    """Remove subjects from the search index (FTS rows and prefix tokens)."""
    ids = sorted(set(subject_ids))
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        db.execute_sql(f"DELETE FROM subject_fts WHERE rowid IN ({marks})", chunk)
        SearchToken.delete().where(SearchToken.subject.in_(chunk)).execute()


def reindex_subjects(subject_ids: Iterable[int]) -> None:
    """Rewrite the search index rows of these subjects from their identifiers."""
    ids = sorted(set(subject_ids))
    unindex_subjects(ids)
    for chunk in _chunks(ids):
        bodies: dict[int, list[str]] = {sid: [] for sid in chunk}
        tokens: set[tuple[str, int]] = set()
        marks = ",".join("?" * len(chunk))
        rows = db.execute_sql(
            f"SELECT subject_id, kind, value FROM identifier WHERE subject_id IN ({marks})", chunk
        ).fetchall()
        for sid, kind, value in rows:
            bodies[sid].extend(ds.search_forms(kind, value))
            tokens.update((t[:120], sid) for t in ds.search_tokens(kind, value))
        present = [(sid, "\n".join(forms)) for sid, forms in bodies.items() if forms]
        if present:
            db.cursor().executemany("INSERT INTO subject_fts (rowid, body) VALUES (?, ?)", present)
        if tokens:
            db.cursor().executemany(
                "INSERT INTO search_token (token, subject_id) VALUES (?, ?)", sorted(tokens)
            )


def purge_search_index() -> None:
    """Merge the FTS index segments so deleted subjects' terms are gone from the file too."""
    db.execute_sql("INSERT INTO subject_fts (subject_fts) VALUES ('optimize')")


# --- imports -------------------------------------------------------------------------------


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

    def summary(self) -> str:
        delim = {",": "comma", ";": "semicolon", "\t": "tab"}.get(self.delimiter, self.delimiter)
        text = (
            f"{self.file_name}: {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.skipped)} skipped "
            f"({self.rows} rows; {self.encoding}, {delim}-separated)."
        )
        if self.suggestions:
            text += f" {self.suggestions} possible duplicate(s) to review (merge suggestions)."
        if self.seen_before:
            text += f" This same file was imported before ({self.seen_before})."
        return text


def _sql_time(moment: datetime) -> str:
    """A naive UTC datetime as Peewee's DateTimeField stores it."""
    return moment.isoformat(" ")


def _identifier_key(kind: str, value: str) -> str:
    return ds.name_key(value) if kind == "name" else value


def _add_identifier(sid: int, kind: str, value: str, system: str, now: datetime) -> bool:
    """Add one identifier unless the subject has it; True if added."""
    exists = (
        Identifier.select(Identifier.id)
        .where(
            Identifier.subject == sid,
            Identifier.kind == kind,
            Identifier.value == value,
            Identifier.system == system,
        )
        .exists()
    )
    if exists:
        return False
    Identifier.create(
        subject=sid,
        kind=kind,
        value=value,
        key=_identifier_key(kind, value),
        system=system,
        created_at=now,
    )
    return True


def _matches(kind: str, key: str, system: str = "", limit: int = -1) -> list[int]:
    rows = db.execute_sql(
        "SELECT subject_id FROM identifier WHERE kind = ? AND key = ? AND system = ? "
        "ORDER BY id LIMIT ?",
        (kind, key, system, limit),
    ).fetchall()
    return [int(r[0]) for r in rows]


def _suggest(a: int, b: int, reason: str, now: datetime) -> bool:
    """Record a possible duplicate pair (once per pair, in either order); True if new."""
    if a == b:
        return False
    lo, hi = sorted((a, b))
    exists = (
        MergeSuggestion.select()
        .where(MergeSuggestion.subject == lo, MergeSuggestion.other == hi)
        .exists()
    )
    if exists:
        return False
    MergeSuggestion.create(subject=lo, other=hi, reason=reason, created_at=now)
    return True


def _row_identifiers(row: ParsedRow, system: str) -> list[tuple[str, str, str]]:
    out = [("name", n, "") for n in row.names]
    out += [("email", e, "") for e in row.emails]
    out += [("phone", p, "") for p in row.phones]
    if row.birth_date:
        out.append(("birth_date", row.birth_date, ""))
    out += [("external_id", x, system) for x in row.external_ids]
    return out


def _apply_row(row: ParsedRow, system: str, run_id: int, now: datetime) -> tuple[str, int, int]:
    """Store one row: returns (added|updated|unchanged, subject id, new suggestions)."""
    found: list[int] = []
    for e in row.emails:
        found += _matches("email", e)
    for p in row.phones:
        found += _matches("phone", p)
    for x in row.external_ids:
        found += _matches("external_id", x, system)
    found = list(dict.fromkeys(found))
    if not found:
        return _add_subject(row, system, run_id, now)
    sid = found[0]
    suggestions = 0
    for other in found[1:]:
        suggestions += _suggest(sid, other, "one import row has both their identifiers", now)
    changed = False
    for kind, value, id_system in _row_identifiers(row, system):
        changed |= _add_identifier(sid, kind, value, id_system, now)
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
    return ("updated" if changed else "unchanged"), sid, suggestions


def _add_subject(row: ParsedRow, system: str, run_id: int, now: datetime) -> tuple[str, int, int]:
    """A row nobody matches: a new subject. Raw SQL: a 100,000-row import spends its time here."""
    at = _sql_time(now)
    cursor = db.execute_sql(
        "INSERT INTO subject (name, organisation, created_at, updated_at) VALUES (?, ?, ?, ?)",
        (row.names[0] if row.names else "", row.organisation, at, at),
    )
    sid = int(cursor.lastrowid or 0)
    suggestions = 0
    for name in row.names:
        # Only a distinctive name is worth a suggestion: when more than a few people already
        # share it ("Ola Hansen"), a name match says nothing about who this is.
        same = _matches("name", ds.name_key(name), limit=_MAX_NAME_SUGGESTIONS + 1)
        if len(same) <= _MAX_NAME_SUGGESTIONS:
            for other in same:
                suggestions += _suggest(sid, other, "same name, no shared e-mail or phone", now)
    idents = list(dict.fromkeys(_row_identifiers(row, system)))
    db.cursor().executemany(
        "INSERT INTO identifier (subject_id, kind, value, key, system, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(sid, k, v, _identifier_key(k, v), sy, at) for k, v, sy in idents],
    )
    external = row.external_ids[0] if row.external_ids else ""
    db.execute_sql(
        "INSERT INTO holding (subject_id, system, categories, external_id, first_seen, "
        "last_seen, import_run_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (sid, system, ",".join(row.categories), external, at, at, run_id),
    )
    return "added", sid, suggestions


def import_export(
    parsed: ParsedExport,
    *,
    kind: str,
    file_name: str,
    sha256: str,
    now: datetime,
    actor: str,
    progress: Progress | None = None,
) -> ImportReport:
    """Store a parsed export in one transaction: all its rows, or (on any error) nothing."""
    at = _utc(now)
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    suggestions = 0
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
        )
        touched: set[int] = set()
        for i, row in enumerate(parsed.rows):
            outcome, sid, new = _apply_row(row, parsed.system, run.id, at)
            counts[outcome] += 1
            suggestions += new
            if outcome != "unchanged":
                touched.add(sid)
            if progress is not None and i % 250 == 0:
                progress(i, total)
        reindex_subjects(touched)
        run.added, run.updated, run.unchanged = (
            counts["added"],
            counts["updated"],
            counts["unchanged"],
        )
        run.skipped = len(parsed.skipped)
        run.save()
        log_event(
            None,
            "import",
            f"Import #{run.id} ({kind} → {parsed.system}): {counts['added']} added, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged, "
            f"{len(parsed.skipped)} skipped, {suggestions} merge suggestions",
            now=now,
            actor=actor,
        )
    if progress is not None:
        progress(total, total)
    notes = tuple((r.line, n) for r in parsed.rows for n in r.notes)
    return ImportReport(
        import_id=run.id,
        kind=kind,
        system=parsed.system,
        file_name=file_name,
        encoding=parsed.table.encoding,
        delimiter=parsed.table.delimiter,
        rows=total + len(parsed.skipped),
        added=counts["added"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        skipped=parsed.skipped,
        notes=notes,
        suggestions=suggestions,
        seen_before=(
            f"import #{before.id}, {before.at:%Y-%m-%d %H:%M} UTC" if before is not None else ""
        ),
    )


# --- editing, merging --------------------------------------------------------------------------


def _get_subject(subject_id: int) -> Subject:
    subject = Subject.get_or_none(Subject.id == subject_id)
    if subject is None:
        raise ValidationError("subject", f"Subject #{subject_id} does not exist.")
    return subject


def set_identifiers(
    subject_id: int,
    identifiers: Sequence[tuple[str, str, str]],
    *,
    now: datetime,
    actor: str,
) -> None:
    """Replace a subject's identifiers (kind, raw value, system) after normalising each."""
    today = now.date()
    clean: list[tuple[str, str, str]] = []
    for kind, raw, system in identifiers:
        if not raw.strip():
            continue
        try:
            value = ds.normalize(kind, raw, today)
        except ds.IdentifierError as exc:
            raise ValidationError(kind, f"{ds.IDENTIFIER_KINDS.get(kind, kind)}: {exc}.") from exc
        if kind == "external_id" and system not in ds.SYSTEMS:
            raise ValidationError(
                "external_id",
                f"Write external ids as system:id, with system one of {', '.join(ds.SYSTEMS)}.",
            )
        item = (kind, value, system if kind == "external_id" else "")
        if item not in clean:
            clean.append(item)
    if not clean:
        raise ValidationError("name", "A subject needs at least one identifier.")
    at = _utc(now)
    with write():
        subject = _get_subject(subject_id)
        old = set(
            Identifier.select(Identifier.kind, Identifier.value, Identifier.system)
            .where(Identifier.subject == subject_id)
            .tuples()
        )
        new = set(clean)
        if old == new:
            return
        for ident in Identifier.select().where(Identifier.subject == subject_id):
            if (ident.kind, ident.value, ident.system) not in new:
                ident.delete_instance()
        for kind, value, system in clean:
            if (kind, value, system) not in old:
                _add_identifier(subject_id, kind, value, system, at)
        names = [v for k, v, _ in clean if k == "name"]
        subject.name = names[0] if names else ""
        subject.updated_at = at
        subject.save()
        reindex_subjects([subject_id])
        log_event(
            None,
            "subject_edited",
            f"Subject #{subject_id}: identifiers changed "
            f"({len(new - old)} added, {len(old - new)} removed)",
            now=now,
            actor=actor,
        )


def merge_subjects(keep_id: int, other_id: int, *, now: datetime, actor: str) -> None:
    """Move everything of `other` (identifiers, holdings, requests) onto `keep`; delete other."""
    if keep_id == other_id:
        raise ValidationError("subject", "A subject cannot be merged with itself.")
    at = _utc(now)
    with write():
        keep = _get_subject(keep_id)
        other = _get_subject(other_id)
        for ident in Identifier.select().where(Identifier.subject == other_id):
            _add_identifier(keep_id, ident.kind, ident.value, ident.system, ident.created_at)
        for h in Holding.select().where(Holding.subject == other_id):
            mine = Holding.get_or_none(
                Holding.subject == keep_id,
                Holding.system == h.system,
                Holding.external_id == h.external_id,
            )
            if mine is None:
                Holding.update(subject=keep_id).where(Holding.id == h.id).execute()
                continue
            cats = [c for c in mine.categories.split(",") if c]
            cats += [c for c in h.categories.split(",") if c and c not in cats]
            mine.categories = ",".join(cats)
            mine.first_seen = min(mine.first_seen, h.first_seen)
            mine.last_seen = max(mine.last_seen, h.last_seen)
            mine.save()
        moved = Request.update(subject_id=keep_id).where(Request.subject_id == other_id).execute()
        if not keep.name:
            keep.name = other.name
        keep.organisation = keep.organisation and other.organisation
        keep.updated_at = at
        keep.save()
        unindex_subjects([other_id])
        other.delete_instance()  # its identifiers, holdings, suggestions go with it (cascade)
        MergeSuggestion.delete().where(
            (MergeSuggestion.subject == keep_id) & (MergeSuggestion.other == other_id)
        ).execute()
        reindex_subjects([keep_id])
        log_event(
            None,
            "subject_merged",
            f"Subject #{other_id} merged into #{keep_id} ({moved} request link(s) moved)",
            now=now,
            actor=actor,
        )


def dismiss_suggestion(suggestion_id: int, *, now: datetime, actor: str) -> None:
    """The pair are different people: keep the suggestion as dismissed so it never returns."""
    with write():
        s = MergeSuggestion.get_or_none(MergeSuggestion.id == suggestion_id)
        if s is None:
            raise ValidationError("suggestion", "That merge suggestion no longer exists.")
        s.status = "dismissed"
        s.save()
        pair = db.execute_sql(
            "SELECT subject_id, other_id FROM merge_suggestion WHERE id = ?", (suggestion_id,)
        ).fetchone()
        log_event(
            None,
            "merge_dismissed",
            f"Subjects #{pair[0]} and #{pair[1]} are different people",
            now=now,
            actor=actor,
        )


# --- request links -----------------------------------------------------------------------------


def subjects_matching_contact(contact: str) -> tuple[str, list[int]]:
    """Subjects whose e-mail or phone is exactly this contact: ("email"|"phone"|"", ids)."""
    try:
        return "email", list(dict.fromkeys(_matches("email", ds.normalize_email(contact))))
    except ds.IdentifierError:
        pass
    try:
        return "phone", list(dict.fromkeys(_matches("phone", ds.normalize_phone(contact))))
    except ds.IdentifierError:
        return "", []


def subjects_matching_name(name: str) -> list[int]:
    """Subjects with this exact name (folded): a hint, never proof."""
    key = ds.name_key(name)
    return list(dict.fromkeys(_matches("name", key))) if key else []


def link_at_intake(request_id: int, *, now: datetime, actor: str) -> None:
    """Link a new request to the one subject its sender's e-mail/phone matches; else log hints.

    Runs inside the intake transaction. Several matches, or a match by name only, are
    offered in the request detail, never linked.
    """
    req = Request.get_by_id(request_id)
    how, ids = subjects_matching_contact(req.requester_contact)
    label = {"email": "e-mail", "phone": "phone"}.get(how, "")
    if len(ids) == 1:
        req.subject_id = ids[0]
        req.save()
        log_event(
            req.id,
            "subject_auto_linked",
            f"Linked to subject #{ids[0]} at intake: the sender's {label} matches exactly one "
            "subject (u in the request detail undoes it)",
            now=now,
            actor=actor,
        )
        return
    if len(ids) > 1:
        log_event(
            req.id,
            "subject_candidates",
            f"{len(ids)} subjects match the sender's {label}: not linked (choose with l)",
            now=now,
            actor=actor,
        )
        return
    by_name = subjects_matching_name(req.requester_name)
    if by_name:
        log_event(
            req.id,
            "subject_candidates",
            f"{len(by_name)} subject(s) have the sender's name, nothing else matches: "
            "not linked (check with l)",
            now=now,
            actor=actor,
        )


def link_request(request_id: int, subject_id: int | None, *, now: datetime, actor: str) -> None:
    """Link a request to a subject (or unlink it with None)."""
    with write():
        req = Request.get_or_none(Request.id == request_id)
        if req is None:
            raise ValidationError("request", f"Request #{request_id} does not exist.")
        if subject_id is not None:
            _get_subject(subject_id)
        if req.subject_id == subject_id:
            return
        previous = req.subject_id
        req.subject_id = subject_id
        req.save()
        if subject_id is None:
            log_event(
                req.id,
                "subject_unlinked",
                f"Unlinked from subject #{previous}",
                now=now,
                actor=actor,
            )
        else:
            log_event(
                req.id, "subject_linked", f"Linked to subject #{subject_id}", now=now, actor=actor
            )
