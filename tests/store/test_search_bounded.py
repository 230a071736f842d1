"""The search's work is bounded: typos through nearby tokens, several words driven by the
rarest, and the total counted only so far (issue 15)."""

from __future__ import annotations

from ekko_tui.store import subject_search as sq
from ekko_tui.store.subject_search import search_subjects

from .test_subject_search import people  # noqa: F401  (the fixture)


def _sql_run(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = sq.db.execute_sql

    def recording(sql, params=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(sql)
        return real(sql, params, *args, **kwargs)

    monkeypatch.setattr(sq.db, "execute_sql", recording)
    return seen


def test_a_one_word_typo_is_found_through_nearby_tokens(people, monkeypatch) -> None:  # noqa: F811
    seen = _sql_run(monkeypatch)
    hits = search_subjects("Nordmsnn").hits
    assert [h.name for h in hits][:1] == ["Ola Nordmann"] and hits[0].near
    assert not any("ORDER BY rank" in s for s in seen)  # no ranking over every trigram


def test_a_typo_in_the_first_letters_falls_back_to_the_trigram_ranking(
    people,  # noqa: F811
    monkeypatch,
) -> None:
    seen = _sql_run(monkeypatch)
    hits = search_subjects("Mordmann").hits
    assert [h.name for h in hits][:1] == ["Ola Nordmann"] and hits[0].near
    assert any("ORDER BY rank" in s for s in seen)


def test_several_words_start_from_the_rarest(people) -> None:  # noqa: F811
    # 'example' starts a token of every subject, 'ola' of one: 'ola' drives the query.
    assert sq._rarest_first(("example", "ola")) == ["ola", "example"]
    sql, params = sq._prefix_sql(("example", "ola"))
    assert params[:2] == ["ola", "olb"]
    assert [h.name for h in search_subjects("example ola").hits] == ["Ola Nordmann"]
