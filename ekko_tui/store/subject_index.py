"""The subject search index: written explicitly (never by triggers) so that it is exact.

`subject_fts` (FTS5, trigram tokenizer) holds one row per subject (rowid = subject id) with
every search form of its identifiers; `search_token` holds each word → subject for prefix
search. Erasing a subject must call `unindex_subjects` and then `purge_search_index`, which
merges the FTS segments so the deleted terms leave the file as well.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from ekko_tui.domain import subjects as ds
from ekko_tui.store.db import db
from ekko_tui.store.subject_models import SearchToken

_CHUNK = 400


def _chunks(ids: Sequence[int], size: int = _CHUNK) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield list(ids[i : i + size])


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
        marks = ",".join("?" * len(chunk))
        index_identifiers(
            db.execute_sql(
                f"SELECT subject_id, kind, value FROM identifier WHERE subject_id IN ({marks}) "
                "ORDER BY id",
                chunk,
            ).fetchall()
        )


@lru_cache(maxsize=8_192)  # bounded: real files have many distinct names
def _name_entry(value: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A name's search forms and tokens: names repeat across subjects, fold each once."""
    forms = ds.search_forms("name", value)
    return forms, tuple(t[:120] for t in ds.tokens_of_forms("name", forms))


def _entry(kind: str, value: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if kind == "name":
        return _name_entry(value)
    forms = ds.search_forms(kind, value)
    return forms, tuple(t[:120] for t in ds.tokens_of_forms(kind, forms))


def index_identifiers(rows: Iterable[tuple[int, str, str]]) -> None:
    """Index subjects not in the index (new, or just unindexed) from all their identifiers,
    given as (subject id, kind, value) in the order they were stored: an import's new
    subjects come from memory, the same as read back."""
    bodies: dict[int, list[str]] = {}
    tokens: set[tuple[str, int]] = set()
    for sid, kind, value in rows:
        forms, words = _entry(kind, value)
        bodies.setdefault(sid, []).extend(forms)
        tokens.update((t, sid) for t in words)
    present = [(sid, "\n".join(forms)) for sid, forms in sorted(bodies.items()) if forms]
    if present:
        db.cursor().executemany("INSERT INTO subject_fts (rowid, body) VALUES (?, ?)", present)
    if tokens:
        db.cursor().executemany(
            "INSERT INTO search_token (token, subject_id) VALUES (?, ?)", sorted(tokens)
        )


def purge_search_index() -> None:
    """Merge the FTS index segments so deleted subjects' terms are gone from the file too."""
    db.execute_sql("INSERT INTO subject_fts (subject_fts) VALUES ('optimize')")
