"""The subject search index: written explicitly (never by triggers) so that it is exact.

`subject_fts` (FTS5, trigram tokenizer) holds one row per subject (rowid = subject id) with
every search form of its identifiers; `search_token` holds each word → subject for prefix
search. Erasing a subject must call `unindex_subjects` and then `purge_search_index`, which
merges the FTS segments so the deleted terms leave the file as well.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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


def reindex_subjects(subject_ids: Iterable[int], fresh: Iterable[int] = ()) -> None:
    """Rewrite the search index rows of these subjects from their identifiers; `fresh` ones
    (added in this transaction, never indexed) have nothing to remove first."""
    ids = sorted(set(subject_ids))
    unindex_subjects(set(ids) - set(fresh))
    for chunk in _chunks(ids):
        bodies: dict[int, list[str]] = {sid: [] for sid in chunk}
        tokens: set[tuple[str, int]] = set()
        marks = ",".join("?" * len(chunk))
        rows = db.execute_sql(
            f"SELECT subject_id, kind, value FROM identifier WHERE subject_id IN ({marks})", chunk
        ).fetchall()
        for sid, kind, value in rows:
            forms = ds.search_forms(kind, value)
            bodies[sid].extend(forms)
            tokens.update((t[:120], sid) for t in ds.tokens_of_forms(kind, forms))
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
