"""Storing one import's rows in the subject register: match each row to a subject by e-mail,
phone or the system's id, or add one; identifiers, holdings, merge suggestions.

Set-based, chunk by chunk (`RowWriter`, issue 15): `begin(rows)` looks up everything the
chunk's rows may match in a few queries (identifiers by key, the matched subjects' identifiers,
holdings and names, the same-name candidates), `apply(row)` decides each row in memory, and
`flush()` writes the chunk with one `executemany` per table (new subjects get their ids up
front, inside the import's write transaction) and rebuilds the search index of the subjects
the chunk touched. What the writer remembers is the chunk's, so memory does not grow with the
file. Rows are decided in file order and see every earlier row, exactly as one at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from ekko_tui.domain import subjects as ds
from ekko_tui.domain.export_formats import ParsedRow
from ekko_tui.store.db import db
from ekko_tui.store.subject_index import index_identifiers, reindex_subjects

_MAX_NAME_SUGGESTIONS = 3
CHUNK = 2000  # rows per chunk: a few MB of lookups, a handful of statements


def sql_time(moment: datetime) -> str:
    """A naive UTC datetime as Peewee's DateTimeField stores it."""
    return moment.isoformat(" ")


@lru_cache(maxsize=8_192)  # bounded: real files have many distinct names
def _name_key(name: str) -> str:
    """Names repeat across a file (a few thousand distinct in 100,000 rows): fold each once."""
    return ds.name_key(name)


def _key(kind: str, value: str) -> str:
    """What matching compares (as store.subjects.identifier_key), name folding memoised."""
    return _name_key(value) if kind == "name" else value


def row_identifiers(row: ParsedRow, system: str) -> list[tuple[str, str, str]]:
    out = [("name", n, "") for n in row.names]
    out += [("email", e, "") for e in row.emails]
    out += [("phone", p, "") for p in row.phones]
    if row.birth_date:
        out.append(("birth_date", row.birth_date, ""))
    out += [("external_id", x, system) for x in row.external_ids]
    return out


# Merge suggestions found during a chunk, by (lower id, higher id): written in one batch when
# the chunk is flushed (INSERT OR IGNORE against the pair's unique index).
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


def _json(values: Iterable[object]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _by_key(kind: str, system: str, keys: set[str]) -> dict[str, list[int]]:
    """Every subject holding one of `keys` of this kind, oldest identifier first."""
    out: dict[str, list[int]] = {}
    if keys:
        for key, sid in db.execute_sql(
            "SELECT key, subject_id FROM identifier WHERE kind = ? AND system = ? "
            "AND key IN (SELECT value FROM json_each(?)) ORDER BY id",
            (kind, system, _json(keys)),
        ):
            out.setdefault(str(key), []).append(int(sid))
    return out


def _first_names(keys: set[str], limit: int) -> dict[str, list[int]]:
    """Up to `limit` subjects per name key, oldest first (a common name stops counting)."""
    if not keys:
        return {}
    rows = db.execute_sql(
        "SELECT j.value, (SELECT group_concat(subject_id) FROM (SELECT subject_id FROM "
        "identifier WHERE kind = 'name' AND system = '' AND key = j.value ORDER BY id "
        "LIMIT ?)) FROM json_each(?) j",
        (limit, _json(keys)),
    )
    return {str(k): [int(s) for s in str(ids).split(",")] for k, ids in rows if ids}


@dataclass
class RowWriter:
    """Applies one import's rows (inside its transaction), a chunk at a time:
    `begin(rows)`, `apply(row)` for each of them in order, `flush()`."""

    system: str
    run_id: int
    now: datetime  # naive UTC
    suggestions: int = 0  # new merge suggestions written so far
    pending: Pending = field(default_factory=dict)
    # The chunk's view: what the database held when it began, plus what the chunk adds.
    _found: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    _names: dict[str, list[int]] = field(default_factory=dict)
    _idents: set[tuple[int, str, str, str]] = field(default_factory=set)
    _holdings: dict[tuple[int, str], tuple[int, list[str]]] = field(default_factory=dict)
    _subject_names: dict[int, str] = field(default_factory=dict)
    _named: set[int] = field(default_factory=set)  # the import's: checked for a name once
    _next_subject: int = 0
    _next_holding: int = 0
    # The chunk's writes.
    _new_subjects: list[tuple[int, str, bool]] = field(default_factory=list)
    # (subject id, kind, value, key, system) of each identifier the chunk adds
    _new_idents: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    _new_holdings: list[tuple[int, int, str]] = field(default_factory=list)  # id, sid, external
    _widened: set[int] = field(default_factory=set)  # holdings whose categories grew
    _seen_holdings: set[int] = field(default_factory=set)
    _renamed: dict[int, str] = field(default_factory=dict)
    _updated: set[int] = field(default_factory=set)
    _touched: set[int] = field(default_factory=set)

    def begin(self, rows: Sequence[ParsedRow]) -> None:
        """Look up what this chunk's rows can match (a few queries for the whole chunk)."""
        emails = {e for r in rows for e in r.emails}
        phones = {p for r in rows for p in r.phones}
        externals = {x for r in rows for x in r.external_ids}
        self._found = {}
        for kind, system, keys in (
            ("email", "", emails),
            ("phone", "", phones),
            ("external_id", self.system, externals),
        ):
            for key, sids in _by_key(kind, system, keys).items():
                self._found[(kind, key)] = sids
        names = {_name_key(n) for r in rows for n in r.names}
        self._names = _first_names(names, _MAX_NAME_SUGGESTIONS + 1)
        known = sorted({s for sids in self._found.values() for s in sids})
        self._idents, self._holdings, self._subject_names = set(), {}, {}
        if known:
            ids = _json(known)
            self._idents = {
                (int(s), str(k), str(v), str(sy))
                for s, k, v, sy in db.execute_sql(
                    "SELECT subject_id, kind, value, system FROM identifier "
                    "WHERE subject_id IN (SELECT value FROM json_each(?))",
                    (ids,),
                )
            }
            for hid, sid, external, categories in db.execute_sql(
                "SELECT id, subject_id, external_id, categories FROM holding WHERE system = ? "
                "AND subject_id IN (SELECT value FROM json_each(?)) ORDER BY id DESC",
                (self.system, ids),
            ):
                cats = [c for c in str(categories).split(",") if c]
                self._holdings[(int(sid), str(external))] = (int(hid), cats)
            self._subject_names = {
                int(s): str(n)
                for s, n in db.execute_sql(
                    "SELECT id, name FROM subject WHERE id IN (SELECT value FROM json_each(?))",
                    (ids,),
                )
            }
        self._next_subject = self._max_id("subject")
        self._next_holding = self._max_id("holding")

    @staticmethod
    def _max_id(table: str) -> int:
        return int(db.execute_sql(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])

    def apply(self, row: ParsedRow) -> tuple[str, int]:
        """Decide one row (after `begin`): returns (added|updated|unchanged, subject id)."""
        found: list[int] = []
        for e in row.emails:
            found += self._found.get(("email", e), ())
        for p in row.phones:
            found += self._found.get(("phone", p), ())
        for x in row.external_ids:
            found += self._found.get(("external_id", x), ())
        found = list(dict.fromkeys(found))
        if not found:
            return self._add_subject(row)
        sid = found[0]
        for other in found[1:]:
            propose(self.pending, sid, other, "one import row has both their identifiers")
        changed = False
        for kind, value, id_system in row_identifiers(row, self.system):
            if (sid, kind, value, id_system) not in self._idents:
                self._identifier(sid, kind, value, id_system)
                changed = True
        changed |= self._holding(sid, row)
        if row.names and sid not in self._named:
            # A nameless subject takes the first name a row gives it (once per import).
            self._named.add(sid)
            if not self._subject_names.get(sid, "x"):
                self._renamed[sid] = row.names[0]
                changed = True
        if changed:
            self._updated.add(sid)
            self._touched.add(sid)
        return ("updated" if changed else "unchanged"), sid

    def _identifier(self, sid: int, kind: str, value: str, id_system: str) -> None:
        key = _key(kind, value)
        self._idents.add((sid, kind, value, id_system))
        self._new_idents.append((sid, kind, value, key, id_system))
        if kind == "name":
            self._names.setdefault(key, []).append(sid)
        else:
            self._found.setdefault((kind, key), []).append(sid)

    def _holding(self, sid: int, row: ParsedRow) -> bool:
        """Add the system's holding or widen its categories; True if either changed it."""
        external = row.external_ids[0] if row.external_ids else ""
        known = self._holdings.get((sid, external))
        if known is None:
            self._next_holding += 1
            self._holdings[(sid, external)] = (self._next_holding, list(row.categories))
            self._new_holdings.append((self._next_holding, sid, external))
            return True
        hid, categories = known
        self._seen_holdings.add(hid)
        new = [c for c in row.categories if c not in categories]
        if new:
            categories.extend(new)
            self._widened.add(hid)
            return True
        return False

    def _add_subject(self, row: ParsedRow) -> tuple[str, int]:
        """A row nobody matches: a new subject."""
        self._next_subject += 1
        sid = self._next_subject
        self._new_subjects.append((sid, row.names[0] if row.names else "", row.organisation))
        self._named.add(sid)
        for name in row.names:
            # Only a distinctive name is worth a suggestion: when more than a few people
            # already share it ("Ola Hansen"), a name match says nothing about who this is.
            same = self._names.get(_name_key(name), [])[: _MAX_NAME_SUGGESTIONS + 1]
            if len(same) <= _MAX_NAME_SUGGESTIONS:
                for other in same:
                    propose(self.pending, sid, other, "same name, no shared e-mail or phone")
        for kind, value, id_system in dict.fromkeys(row_identifiers(row, self.system)):
            self._identifier(sid, kind, value, id_system)
        self._holding(sid, row)
        self._touched.add(sid)
        return "added", sid

    def flush(self) -> None:
        """Write the chunk: subjects, identifiers, holdings, stamps, merge suggestions, and the
        search index of the subjects it touched."""
        at = sql_time(self.now)
        cursor = db.cursor()
        cursor.executemany(
            "INSERT INTO subject (id, name, organisation, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [(sid, name, org, at, at) for sid, name, org in self._new_subjects],
        )
        cursor.executemany(
            "INSERT INTO identifier (subject_id, kind, value, key, system, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(*ident, at) for ident in self._new_idents],
        )
        new_holdings = {hid for hid, _, _ in self._new_holdings}
        cursor.executemany(
            "INSERT INTO holding (id, subject_id, system, categories, external_id, first_seen, "
            "last_seen, import_run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (hid, sid, self.system, ",".join(self._holdings[(sid, ext)][1]), ext, at, at)
                + (self.run_id,)
                for hid, sid, ext in self._new_holdings
            ],
        )
        categories = {hid: cats for hid, cats in self._holdings.values()}
        cursor.executemany(
            "UPDATE holding SET categories = ? WHERE id = ?",
            [(",".join(categories[h]), h) for h in sorted(self._widened - new_holdings)],
        )
        cursor.executemany(
            "UPDATE holding SET last_seen = ? WHERE id = ?",
            [(at, hid) for hid in sorted(self._seen_holdings - new_holdings)],
        )
        cursor.executemany(
            "UPDATE subject SET name = ? WHERE id = ?", sorted(self._renamed.items())
        )
        cursor.executemany(
            "UPDATE subject SET updated_at = ? WHERE id = ?",
            [(at, sid) for sid in sorted(self._updated)],
        )
        self.suggestions += write_suggestions(self.pending, self.now)
        # New subjects are indexed from the identifiers written above; only the subjects that
        # were there before are read back (they may hold identifiers of earlier imports).
        fresh = {sid for sid, _, _ in self._new_subjects}
        reindex_subjects(self._touched - fresh)
        index_identifiers(
            (sid, kind, value) for sid, kind, value, _, _ in self._new_idents if sid in fresh
        )
        self._new_subjects, self._new_idents, self._new_holdings = [], [], []
        self._widened, self._seen_holdings, self._renamed = set(), set(), {}
        self._updated, self._touched, self.pending = set(), set(), {}
