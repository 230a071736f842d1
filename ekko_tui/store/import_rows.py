"""Storing one import's rows in the subject register: match each row to a subject by e-mail,
phone or the system's id, or add one; identifiers, holdings, merge suggestions.

Raw SQL with a per-import cache (`RowWriter`): a 100,000-row import spends its time here, and
an export that names the same person on many rows (payments) must not look them up each time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ekko_tui.domain import subjects as ds
from ekko_tui.domain.export_formats import ParsedRow
from ekko_tui.store.db import db
from ekko_tui.store.subjects import identifier_key, matches

_MAX_NAME_SUGGESTIONS = 3


def sql_time(moment: datetime) -> str:
    """A naive UTC datetime as Peewee's DateTimeField stores it."""
    return moment.isoformat(" ")


def row_identifiers(row: ParsedRow, system: str) -> list[tuple[str, str, str]]:
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


def propose(pending: Pending, a: int, b: int, reason: str) -> None:
    if a != b:
        pending.setdefault((min(a, b), max(a, b)), reason)


def write_suggestions(pending: Pending, now: datetime) -> int:
    """Store the pairs not suggested before; returns how many are new."""
    if not pending:
        return 0
    conn = db.connection()
    before = conn.total_changes
    at = sql_time(now)
    db.cursor().executemany(
        "INSERT OR IGNORE INTO merge_suggestion (subject_id, other_id, reason, status, "
        "created_at) VALUES (?, ?, ?, 'open', ?)",
        [(lo, hi, reason, at) for (lo, hi), reason in pending.items()],
    )
    return int(conn.total_changes - before)


@dataclass
class RowWriter:
    """Applies one import's rows (call inside its transaction), remembering what it has seen."""

    system: str
    run_id: int
    now: datetime  # naive UTC
    pending: Pending = field(default_factory=dict)
    _idents: set[tuple[int, str, str, str]] = field(default_factory=set)
    _holdings: dict[tuple[int, str], tuple[int, list[str]]] = field(default_factory=dict)
    _named: set[int] = field(default_factory=set)
    _seen_holdings: set[int] = field(default_factory=set)
    _updated: set[int] = field(default_factory=set)

    def apply(self, row: ParsedRow) -> tuple[str, int]:
        """Store one row: returns (added|updated|unchanged, subject id)."""
        found: list[int] = []
        for e in row.emails:
            found += matches("email", e)
        for p in row.phones:
            found += matches("phone", p)
        for x in row.external_ids:
            found += matches("external_id", x, self.system)
        found = list(dict.fromkeys(found))
        if not found:
            return self._add_subject(row)
        sid = found[0]
        for other in found[1:]:
            propose(self.pending, sid, other, "one import row has both their identifiers")
        at = sql_time(self.now)
        changed = False
        for kind, value, id_system in row_identifiers(row, self.system):
            key = (sid, kind, value, id_system)
            if key in self._idents:
                continue
            self._idents.add(key)
            if not db.execute_sql(
                "SELECT 1 FROM identifier WHERE subject_id = ? AND kind = ? AND value = ? "
                "AND system = ? LIMIT 1",
                key,
            ).fetchone():
                db.execute_sql(
                    "INSERT INTO identifier (subject_id, kind, value, key, system, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (sid, kind, value, identifier_key(kind, value), id_system, at),
                )
                changed = True
        changed |= self._holding(sid, row)
        if row.names and sid not in self._named:
            self._named.add(sid)
            current = db.execute_sql("SELECT name FROM subject WHERE id = ?", (sid,)).fetchone()
            if current is not None and not current[0]:
                db.execute_sql("UPDATE subject SET name = ? WHERE id = ?", (row.names[0], sid))
                changed = True
        if changed:
            self._updated.add(sid)
        return ("updated" if changed else "unchanged"), sid

    def _holding(self, sid: int, row: ParsedRow) -> bool:
        """Add the system's holding or widen its categories; True if either changed it."""
        external = row.external_ids[0] if row.external_ids else ""
        key = (sid, external)
        known = self._holdings.get(key)
        if known is None:
            found = db.execute_sql(
                "SELECT id, categories FROM holding WHERE subject_id = ? AND system = ? "
                "AND external_id = ? ORDER BY id LIMIT 1",
                (sid, self.system, external),
            ).fetchone()
            if found is None:
                at = sql_time(self.now)
                cursor = db.execute_sql(
                    "INSERT INTO holding (subject_id, system, categories, external_id, "
                    "first_seen, last_seen, import_run_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (sid, self.system, ",".join(row.categories), external, at, at, self.run_id),
                )
                self._holdings[key] = (int(cursor.lastrowid or 0), list(row.categories))
                return True
            known = (int(found[0]), [c for c in str(found[1]).split(",") if c])
            self._holdings[key] = known
            self._seen_holdings.add(known[0])
        hid, categories = known
        new = [c for c in row.categories if c not in categories]
        if new:
            categories.extend(new)
            db.execute_sql(
                "UPDATE holding SET categories = ? WHERE id = ?", (",".join(categories), hid)
            )
            return True
        return False

    def _add_subject(self, row: ParsedRow) -> tuple[str, int]:
        """A row nobody matches: a new subject."""
        at = sql_time(self.now)
        cursor = db.execute_sql(
            "INSERT INTO subject (name, organisation, created_at, updated_at) VALUES (?, ?, ?, ?)",
            (row.names[0] if row.names else "", row.organisation, at, at),
        )
        sid = int(cursor.lastrowid or 0)
        self._named.add(sid)
        for name in row.names:
            # Only a distinctive name is worth a suggestion: when more than a few people
            # already share it ("Ola Hansen"), a name match says nothing about who this is.
            same = matches("name", ds.name_key(name), limit=_MAX_NAME_SUGGESTIONS + 1)
            if len(same) <= _MAX_NAME_SUGGESTIONS:
                for other in same:
                    propose(self.pending, sid, other, "same name, no shared e-mail or phone")
        idents = list(dict.fromkeys(row_identifiers(row, self.system)))
        self._idents.update((sid, k, v, sy) for k, v, sy in idents)
        db.cursor().executemany(
            "INSERT INTO identifier (subject_id, kind, value, key, system, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(sid, k, v, identifier_key(k, v), sy, at) for k, v, sy in idents],
        )
        external = row.external_ids[0] if row.external_ids else ""
        cursor = db.execute_sql(
            "INSERT INTO holding (subject_id, system, categories, external_id, first_seen, "
            "last_seen, import_run_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (sid, self.system, ",".join(row.categories), external, at, at, self.run_id),
        )
        self._holdings[(sid, external)] = (int(cursor.lastrowid or 0), list(row.categories))
        return "added", sid

    def finish(self) -> None:
        """Stamp what the import saw and changed: holdings' last seen, subjects' updated at."""
        at = sql_time(self.now)
        db.cursor().executemany(
            "UPDATE holding SET last_seen = ? WHERE id = ?",
            [(at, hid) for hid in sorted(self._seen_holdings)],
        )
        db.cursor().executemany(
            "UPDATE subject SET updated_at = ? WHERE id = ?",
            [(at, sid) for sid in sorted(self._updated)],
        )
