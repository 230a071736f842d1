"""Search as you type over the subjects (the rest of the read side is in subject_queries).

Search runs in three steps, each a single indexed query, then ranks the candidates in Python:
1. word prefixes through `search_token` (works from the first letter: `bj` → Bjørn);
2. substrings of three or more characters through the FTS5 trigram index (`land` → Håland);
3. only when nothing was found, a typo-tolerant pass: with several words, the subjects
   matching all but one; with one, the tokens sharing its first two letters that rapidfuzz
   finds close (bounded work), and only if none, the subjects sharing the most trigrams with
   the query (bm25); every near candidate is kept only if it scores close enough.
Several words are driven by the rarest (`_rarest_first`), the others checked per subject
through the (subject_id, token) index; the total is counted only up to COUNT_CAP.
ASCII words also match the folded copies of names (`orjan` → Ørjan, `aase` → Åse); words typed
with æøå match as typed, in any case (`ærø`, `ÆRØ` → Ærø), and then their ASCII spellings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ekko_tui.domain import search_ranking as rank
from ekko_tui.domain import subjects as ds
from ekko_tui.domain.collation import collation_key
from ekko_tui.store.db import db, explain_errors

PAGE = 50
_CANDIDATES = 200
# Counting every match of a one-letter query would cost more than the search: past this many
# the summary says "1,000+" (counting to 5,000 took 10–20 ms at 100,000 subjects).
COUNT_CAP = 1_000
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


def _ranges(word: str, alias: str, params: list[str]) -> str:
    """`alias.token` starts with the word (or one of its ASCII spellings)."""
    variants = rank.word_variants(word)
    for v in variants:
        params += [v, _upper(v)]
    return " OR ".join(f"({alias}.token >= ? AND {alias}.token < ?)" for _ in variants)


# How far `_rarest_first` counts a word's tokens: enough to tell a rare word from a common one.
_SIZE_PROBE = 500


def _rarest_first(words: tuple[str, ...]) -> list[str]:
    """The words ordered by how many tokens start with them (counted up to _SIZE_PROBE)."""
    if len(words) < 2:
        return list(words)
    sizes = {}
    for word in set(words):
        params: list[str] = []
        ranges = _ranges(word, "t", params)
        sizes[word] = db.execute_sql(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM search_token t WHERE {ranges} LIMIT ?)",
            [*params, _SIZE_PROBE],
        ).fetchone()[0]
    return sorted(words, key=lambda w: (sizes[w], -len(w)))


def _prefix_sql(words: tuple[str, ...]) -> tuple[str, list[str]]:
    """Subjects having, for every word, a token that starts with it (or its ASCII spelling).

    Driven by the rarest word; each other word is checked per subject through the
    (subject_id, token) index. Unlike an INTERSECT of every word's whole set, this reads
    little when one word is rare and stops as soon as a LIMIT is reached.
    """
    order = _rarest_first(words)
    params: list[str] = []
    sql = (
        f"SELECT DISTINCT t.subject_id FROM search_token t WHERE ({_ranges(order[0], 't', params)})"
    )
    for i, word in enumerate(order[1:]):
        alias = f"u{i}"
        sql += (
            f" AND EXISTS (SELECT 1 FROM search_token {alias} WHERE "
            f"{alias}.subject_id = t.subject_id AND ({_ranges(word, alias, params)}))"
        )
    return sql, params


def _match(words: list[str]) -> str:
    """An FTS5 query: every word as a substring (a word typed with æøå: or its ASCII forms)."""
    groups = []
    for w in words:
        variants = rank.word_variants(w)
        group = " OR ".join(_phrase(v) for v in variants)
        groups.append(f"({group})" if len(variants) > 1 else group)
    return " AND ".join(groups)


def _ids(sql: str, params: list[object]) -> list[int]:
    return [r[0] for r in db.execute_sql(sql, params).fetchall()]


# The typo path reads the tokens sharing the word's first two letters and about its length:
# typos are rarely there, and it bounds the work (the bm25 ranking over every trigram's
# postings took 15–20 ms at 100,000 subjects); only when that finds nothing does bm25 run.
_NEAR_LENGTH = 2
_NEAR_TOKENS = 20


def _near_by_tokens(word: str) -> list[int]:
    """Subjects with a token close to the typed word (same first two letters, folded)."""
    folded = ds.fold(word)
    if len(folded) < 4:
        return []
    start = folded[:2]
    tokens = [
        r[0]
        for r in db.execute_sql(
            "SELECT DISTINCT token FROM search_token WHERE token >= ? AND token < ? "
            "AND length(token) BETWEEN ? AND ?",
            [start, _upper(start), len(folded) - _NEAR_LENGTH, len(folded) + _NEAR_LENGTH],
        ).fetchall()
    ]
    close = list(rank.near_tokens(word, tokens)[:_NEAR_TOKENS])
    if not close:
        return []
    return _ids(
        f"SELECT DISTINCT subject_id FROM search_token WHERE token IN ({_in(close)}) LIMIT ?",
        [*close, _CANDIDATES // 2],
    )


def _near_candidates(query: rank.SearchQuery) -> list[int]:
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
    grams = rank.query_trigrams(query)
    if len(grams) < 2:
        return []
    near = _near_by_tokens(words[0])
    if near:
        return near
    # A typo in the first two letters: the subjects sharing the most trigrams (bm25).
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


def _count_matches(query: rank.SearchQuery) -> int:
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


def _candidates(query: rank.SearchQuery) -> tuple[list[int], set[int], bool]:
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


def _in(ids: Sequence[object]) -> str:
    return ",".join("?" * len(ids))


@explain_errors
def search_subjects(text: str, limit: int = PAGE) -> SearchResult:
    """The first page of subjects matching what the user typed, best first, and how many
    match in all (counted only when the candidates were cut short, so typing stays fast)."""
    query = rank.parse_query(text)
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
        score = rank.score_candidate(query, identifiers[sid])
        if sid in near and score < rank.FUZZY_THRESHOLD:
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
