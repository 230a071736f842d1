"""Read side of subjects: search as you type, the subject card, a request's subject link.

Search runs in three steps, each a single indexed query, then ranks the candidates in Python:
1. word prefixes through `search_token` (works from the first letter: `bj` → Bjørn);
2. substrings of three or more characters through the FTS5 trigram index (`land` → Håland);
3. only when few were found, a typo-tolerant pass: subjects sharing the most trigrams with
   the query (bm25), kept only if rapidfuzz finds them close enough.
ASCII words also match the folded copies of names (`orjan` → Ørjan, `aase` → Åse); words typed
with æøå match as typed, in any case (`ærø`, `ÆRØ` → Ærø), and then their ASCII spellings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ekko_tui.domain import subjects as ds
from ekko_tui.domain.collation import collation_key
from ekko_tui.domain.deadlines import OSLO
from ekko_tui.store.db import db, explain_errors
from ekko_tui.store.models import Event, Request
from ekko_tui.store.subject_models import Identifier, Subject
from ekko_tui.store.times import from_db

PAGE = 50
_CANDIDATES = 200
# Counting every match of a one-letter query would cost more than the search: past this many
# the summary says "5,000+".
COUNT_CAP = 5_000
# A query of one or two letters matches thousands of word starts, all ranked alike (prefix):
# ranking more candidates than a page only costs time on every keystroke.
_SHORT_QUERY = 2


@dataclass(frozen=True)
class SubjectHit:
    """One search result: who, how to reach them, which systems hold their data."""

    id: int
    name: str
    organisation: bool
    emails: tuple[str, ...]
    phones: tuple[str, ...]  # displayed form
    systems: tuple[str, ...]
    requests: int
    score: float
    near: bool  # found by typo tolerance, not by an exact (folded) match


@dataclass(frozen=True)
class SearchResult:
    text: str
    hits: tuple[SubjectHit, ...]
    total: int = 0  # how many subjects match in all (at most COUNT_CAP); ≥ len(hits)

    @property
    def total_capped(self) -> bool:
        """More match than were counted (the count stopped at COUNT_CAP)."""
        return self.total >= COUNT_CAP


def _phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _upper(word: str) -> str:
    """The smallest string above every string starting with `word`."""
    return word[:-1] + chr(ord(word[-1]) + 1)


def _prefix_sql(words: tuple[str, ...]) -> tuple[str, list[str]]:
    """Subjects having, for every word, a token that starts with it (or its ASCII spelling)."""
    parts, params = [], []
    for w in words:
        variants = ds.word_variants(w)
        ranges = " OR ".join("(token >= ? AND token < ?)" for _ in variants)
        parts.append(f"SELECT subject_id FROM search_token WHERE {ranges}")
        for v in variants:
            params += [v, _upper(v)]
    return " INTERSECT ".join(parts), params


def _match(words: list[str]) -> str:
    """An FTS5 query: every word as a substring (a word typed with æøå: or its ASCII forms)."""
    groups = []
    for w in words:
        variants = ds.word_variants(w)
        group = " OR ".join(_phrase(v) for v in variants)
        groups.append(f"({group})" if len(variants) > 1 else group)
    return " AND ".join(groups)


def _ids(sql: str, params: list[object]) -> list[int]:
    return [r[0] for r in db.execute_sql(sql, params).fetchall()]


def _near_candidates(query: ds.SearchQuery) -> list[int]:
    """Nothing matched exactly: find who the user may have meant despite a typo.

    With several words, the subjects matching all but one of them (that one has the typo);
    with one word, the subjects sharing the most of its trigrams (bm25 over few trigrams).
    """
    words = [w for w in query.words if any(ch.isalpha() for ch in w)]
    if not words or sum(len(w) for w in words) < 4:
        return []
    if len(words) > 1:
        share = _CANDIDATES // len(words)
        ids: list[int] = []
        # First the other words plus the typo'd word's first two letters (typos are rarely
        # there): narrow even when the other words are common first names.
        for skip in range(len(words)):
            rest = tuple(w for i, w in enumerate(words) if i != skip)
            sql, params = _prefix_sql((*rest, words[skip][:2]))
            ids += _ids(f"{sql} LIMIT ?", [*params, share])
        if ids:
            return list(dict.fromkeys(ids))
        # Then the other words alone, as word starts or anywhere.
        for skip in range(len(words)):
            rest = tuple(w for i, w in enumerate(words) if i != skip)
            sql, params = _prefix_sql(rest)
            ids += _ids(f"{sql} LIMIT ?", [*params, share])
            if all(len(w) >= 3 for w in rest):
                ids += _ids(
                    "SELECT rowid FROM subject_fts WHERE subject_fts MATCH ? LIMIT ?",
                    [_match(list(rest)), share],
                )
        return list(dict.fromkeys(ids))
    grams = ds.query_trigrams(query)
    if len(grams) < 2:
        return []
    return _ids(
        "SELECT rowid FROM subject_fts WHERE subject_fts MATCH ? ORDER BY rank LIMIT 100",
        [" OR ".join(_phrase(g) for g in grams)],
    )


def _substring_sql(words: tuple[str, ...]) -> tuple[str, list[object]] | None:
    """Subjects containing every word of three or more letters (and the shorter ones as word
    starts), through the trigram index; None when no word is long enough."""
    long_words = [w for w in words if len(w) >= 3]
    if not long_words:
        return None
    short_words = tuple(w for w in words if len(w) < 3)
    sql = "SELECT rowid FROM subject_fts WHERE subject_fts MATCH ?"
    params: list[object] = [_match(long_words)]
    if short_words:
        sub_sql, sub_params = _prefix_sql(short_words)
        sql += f" AND rowid IN ({sub_sql})"
        params += sub_params
    return sql, params


def _count_matches(query: ds.SearchQuery) -> int:
    """How many subjects the exact steps match in all, counting no further than COUNT_CAP."""
    prefix_sql, prefix_params = _prefix_sql(query.words)
    sql = f"SELECT DISTINCT subject_id FROM ({prefix_sql})"
    params: list[object] = [*prefix_params]
    substring = _substring_sql(query.words)
    if substring is not None:
        sql += f" UNION {substring[0]}"
        params += substring[1]
    row = db.execute_sql(f"SELECT COUNT(*) FROM ({sql} LIMIT ?)", [*params, COUNT_CAP]).fetchone()
    return int(row[0])


def _candidates(query: ds.SearchQuery) -> tuple[list[int], set[int], bool]:
    """Exact (prefix/substring) candidate ids, the ids found only by typo tolerance, and
    whether a step stopped at its limit (then more match than the candidates)."""
    words = query.words
    prefix_sql, prefix_params = _prefix_sql(words)
    short = sum(len(w) for w in words) <= _SHORT_QUERY
    prefix_limit = PAGE if short else _CANDIDATES
    found = _ids(f"{prefix_sql} LIMIT ?", [*prefix_params, prefix_limit])
    capped = len(found) >= prefix_limit
    substring = _substring_sql(words)
    if substring is not None:
        more = _ids(substring[0] + " LIMIT ?", [*substring[1], _CANDIDATES])
        capped = capped or len(more) >= _CANDIDATES
        found += more
    found = list(dict.fromkeys(found))
    near: set[int] = set()
    if not found:
        fuzzy = _near_candidates(query)
        near = set(fuzzy)
        found = fuzzy
    return found, near, capped


def _with_inbox(systems: list[str], requests: int) -> tuple[str, ...]:
    """A subject with requests also has data in EKKO's own inbox (the requests themselves)."""
    if requests and "inbox" not in systems:
        return tuple(sorted([*systems, "inbox"]))
    return tuple(systems)


def _rows(sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
    return list(db.execute_sql(sql, params).fetchall())


def _in(ids: list[int]) -> str:
    return ",".join("?" * len(ids))


@explain_errors
def search_subjects(text: str, limit: int = PAGE) -> SearchResult:
    """The first page of subjects matching what the user typed, best first, and how many
    match in all (counted only when the candidates were cut short, so typing stays fast)."""
    query = ds.parse_query(text)
    if query.is_empty:
        return SearchResult(text, ())
    ids, near, capped = _candidates(query)
    if not ids:
        return SearchResult(text, ())
    identifiers: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for sid, kind, value in db.execute_sql(
        f"SELECT subject_id, kind, value FROM identifier WHERE subject_id IN ({_in(ids)}) "
        "ORDER BY id",
        ids,
    ).fetchall():
        identifiers[sid].append((kind, value))
    scored: list[tuple[float, int]] = []
    for sid in ids:
        score = ds.score_candidate(query, identifiers[sid])
        if sid in near and score < ds.FUZZY_THRESHOLD:
            continue
        scored.append((score, sid))
    subjects = {
        r[0]: (r[1], bool(r[2]))
        for r in db.execute_sql(
            f"SELECT id, name, organisation FROM subject WHERE id IN ({_in(ids)})", ids
        ).fetchall()
    }
    scored.sort(key=lambda t: (-t[0], collation_key(subjects.get(t[1], ("", False))[0]), t[1]))
    top = [sid for _, sid in scored[:limit] if sid in subjects]
    if not top:
        return SearchResult(text, ())
    total = _count_matches(query) if capped else sum(1 for _, sid in scored if sid in subjects)
    systems: dict[int, list[str]] = defaultdict(list)
    for sid, system in db.execute_sql(
        f"SELECT DISTINCT subject_id, system FROM holding WHERE subject_id IN ({_in(top)}) "
        "ORDER BY system",
        top,
    ).fetchall():
        systems[sid].append(system)
    requests = dict(
        db.execute_sql(
            f"SELECT subject_id, COUNT(*) FROM request WHERE subject_id IN ({_in(top)}) "
            "GROUP BY subject_id",
            top,
        ).fetchall()
    )
    scores = dict((sid, score) for score, sid in scored)
    hits = []
    for sid in top:
        idents = identifiers[sid]
        name, org = subjects[sid]
        hits.append(
            SubjectHit(
                id=sid,
                name=name,
                organisation=org,
                emails=tuple(v for k, v in idents if k == "email"),
                phones=tuple(ds.format_phone(v) for k, v in idents if k == "phone"),
                systems=_with_inbox(systems[sid], requests.get(sid, 0)),
                requests=requests.get(sid, 0),
                score=round(scores[sid], 1),
                near=sid in near,
            )
        )
    return SearchResult(text, tuple(hits), max(total, len(hits)))


# --- the subject card --------------------------------------------------------------------------


@dataclass(frozen=True)
class IdentifierRow:
    kind: str
    value: str
    system: str

    @property
    def shown(self) -> str:
        return ds.display(self.kind, self.value)


@dataclass(frozen=True)
class HoldingRow:
    system: str
    categories: tuple[str, ...]
    external_id: str
    first_seen: datetime  # aware UTC
    last_seen: datetime  # aware UTC
    import_id: int | None
    import_file: str


@dataclass(frozen=True)
class SubjectRequestRow:
    id: int
    ref: str
    received_at: datetime  # aware UTC
    types: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class SuggestionRow:
    id: int
    other_id: int
    other_name: str
    reason: str


@dataclass(frozen=True)
class SubjectCard:
    id: int
    name: str
    organisation: bool
    identifiers: tuple[IdentifierRow, ...]
    holdings: tuple[HoldingRow, ...]
    requests: tuple[SubjectRequestRow, ...]
    suggestions: tuple[SuggestionRow, ...]


def subject_card(subject_id: int) -> SubjectCard | None:
    """Everything ekko holds about one subject, in a fixed number of queries."""
    subject = Subject.get_or_none(Subject.id == subject_id)
    if subject is None:
        return None
    idents = tuple(
        IdentifierRow(i.kind, i.value, i.system)
        for i in Identifier.select()
        .where(Identifier.subject == subject_id)
        .order_by(Identifier.kind, Identifier.id)
    )
    order = list(ds.IDENTIFIER_KINDS)
    idents = tuple(sorted(idents, key=lambda r: order.index(r.kind) if r.kind in order else 99))
    holdings = tuple(
        HoldingRow(
            system,
            tuple(c for c in categories.split(",") if c),
            external_id,
            from_db(first),
            from_db(last),
            run_id,
            file_name or "",
        )
        for system, categories, external_id, first, last, run_id, file_name in _rows(
            "SELECT h.system, h.categories, h.external_id, h.first_seen, h.last_seen, "
            "h.import_run_id, r.file_name FROM holding h "
            "LEFT JOIN import_run r ON r.id = h.import_run_id "
            "WHERE h.subject_id = ? ORDER BY h.system, h.first_seen",
            (subject_id,),
        )
    )
    requests = tuple(
        SubjectRequestRow(r.id, r.ref, from_db(r.received_at), tuple(r.types.split(",")), r.status)
        for r in Request.select(
            Request.id, Request.ref, Request.received_at, Request.types, Request.status
        )
        .where(Request.subject_id == subject_id)
        .order_by(Request.received_at.desc())
    )
    pairs = _rows(
        "SELECT id, subject_id, other_id, reason FROM merge_suggestion "
        "WHERE (subject_id = ? OR other_id = ?) AND status = 'open' ORDER BY id",
        (subject_id, subject_id),
    )
    others = [b if a == subject_id else a for _, a, b, _ in pairs]
    names = dict(_rows(f"SELECT id, name FROM subject WHERE id IN ({_in(others)})", others))
    suggestions = tuple(
        SuggestionRow(sid, other, names.get(other, ""), reason)
        for (sid, _, _, reason), other in zip(pairs, others, strict=True)
    )
    return SubjectCard(
        subject.id, subject.name, subject.organisation, idents, holdings, requests, suggestions
    )


# --- a request's subject -------------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectBrief:
    id: int
    name: str
    systems: tuple[str, ...]


@dataclass(frozen=True)
class RequestSubjectInfo:
    """A request's subject link, how it came about, and who else might be the sender."""

    subject: SubjectBrief | None
    automatic: bool  # linked at intake by an exact e-mail/phone match
    candidates: tuple[SubjectBrief, ...]  # when not linked: exact contact or same-name matches
    candidates_by: str  # "e-mail", "phone", "name" or ""


def _briefs(ids: list[int]) -> tuple[SubjectBrief, ...]:
    if not ids:
        return ()
    names: dict[int, str] = dict(
        _rows(f"SELECT id, name FROM subject WHERE id IN ({_in(ids)})", ids)
    )
    systems: dict[int, list[str]] = defaultdict(list)
    for sid, system in _rows(
        f"SELECT DISTINCT subject_id, system FROM holding WHERE subject_id IN ({_in(ids)}) "
        "ORDER BY system",
        ids,
    ):
        systems[sid].append(system)
    requests = dict(
        _rows(
            f"SELECT subject_id, COUNT(*) FROM request WHERE subject_id IN ({_in(ids)}) "
            "GROUP BY subject_id",
            ids,
        )
    )
    return tuple(
        SubjectBrief(i, names[i], _with_inbox(systems[i], requests.get(i, 0)))
        for i in ids
        if i in names
    )


def briefs(ids: list[int]) -> tuple[SubjectBrief, ...]:
    """Name and systems of each subject (ids that no longer exist are left out)."""
    return _briefs(ids)


def request_subject(request_id: int) -> RequestSubjectInfo | None:
    """The subject side of one request, for its detail screen."""
    from ekko_tui.store.subjects import subjects_matching_contact, subjects_matching_name

    req = Request.get_or_none(Request.id == request_id)
    if req is None:
        return None
    if req.subject_id is not None:
        last = (
            Event.select(Event.kind)
            .where(
                Event.request == request_id,
                Event.kind.in_(["subject_auto_linked", "subject_linked", "subject_unlinked"]),
            )
            .order_by(Event.id.desc())
            .first()
        )
        brief = _briefs([req.subject_id])
        return RequestSubjectInfo(
            brief[0] if brief else None,
            last is not None and last.kind == "subject_auto_linked",
            (),
            "",
        )
    how, ids = subjects_matching_contact(req.requester_contact)
    by = {"email": "e-mail", "phone": "phone"}.get(how, "")
    if not ids:
        ids, by = subjects_matching_name(req.requester_name), "name"
    return RequestSubjectInfo(None, False, _briefs(ids[:10]), by if ids else "")


@dataclass(frozen=True)
class RegisterSummary:
    subjects: int
    last_import: str  # "kajabi_contacts.csv, 2026-11-25 11:00" (Europe/Oslo) or ""


def register_summary() -> RegisterSummary:
    """How many subjects the register holds, and the latest import."""
    count = _rows("SELECT count(*) FROM subject")[0][0]
    last = _rows("SELECT file_name, at FROM import_run ORDER BY at DESC, id DESC LIMIT 1")
    when = ""
    if last:
        name, at = last[0]
        when = f"{name}, {from_db(at).astimezone(OSLO):%Y-%m-%d %H:%M}"  # Oslo, like every time
    return RegisterSummary(count, when)
