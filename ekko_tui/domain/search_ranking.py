"""Search queries and ranking of subjects: what a typed query means, which stored search
forms it matches, and how well (exact, prefix, near). Pure Python: the store finds candidates
with these rules (store/subject_search.py), and they are tested here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from ekko_tui.domain.subjects import _TOKEN_SPLIT, clean_value, fold, fold_long, search_forms

# --- queries and ranking -------------------------------------------------------------------

_PHONE_QUERY = re.compile(r"^\+?[\d\s()-]+$")


@dataclass(frozen=True)
class SearchQuery:
    """What the user typed, split into words to match (each lower-case; ASCII words fold)."""

    text: str
    words: tuple[str, ...]

    @property
    def joined(self) -> str:
        return " ".join(self.words)

    @property
    def is_empty(self) -> bool:
        return not self.words


def parse_query(text: str) -> SearchQuery:
    """`Bjorn Haland` → words (bjorn, haland); `+47 912 34` → (4791234,)."""
    value = clean_value(text)
    if _PHONE_QUERY.match(value) and sum(ch.isdigit() for ch in value) >= 3:
        digits = re.sub(r"\D", "", value)
        if value.startswith("00"):
            digits = digits[2:]
        return SearchQuery(value, (digits,))
    low = value.casefold()
    words = tuple(w for w in re.split(r"[\s,;]+", low) if w)
    return SearchQuery(value, words)


def query_trigrams(query: SearchQuery) -> tuple[str, ...]:
    """The folded trigrams of the query's words, for the typo-tolerant candidate search."""
    grams: list[str] = []
    for word in query.words:
        w = fold(word)
        grams.extend(w[i : i + 3] for i in range(len(w) - 2))
    return tuple(dict.fromkeys(grams))


@dataclass(frozen=True)
class _Prepared:
    """One identifier's search forms, each with its word tokens (computed once per ranking)."""

    forms: tuple[str, ...]
    tokens: tuple[tuple[str, ...], ...]
    # Per form: its tokens as a set (whole-word test) and as one NUL-led string, so that "some
    # token starts with w" is one substring search for NUL + w (tokens never hold a NUL).
    token_sets: tuple[frozenset[str], ...] = ()
    token_starts: tuple[str, ...] = ()


@lru_cache(maxsize=65_536)
def _prepare(kind: str, value: str) -> _Prepared:
    """Memoised: search as you type ranks the same candidates keystroke after keystroke."""
    forms = search_forms(kind, value)
    tokens = tuple(tuple(t for t in _TOKEN_SPLIT.split(f) if t and "\0" not in t) for f in forms)
    return _Prepared(
        forms,
        tokens,
        tuple(frozenset(ts) for ts in tokens),
        tuple("".join("\0" + t for t in ts) for ts in tokens),
    )


def word_variants(word: str) -> tuple[str, ...]:
    """What a typed word may match: itself, and if typed with æøå also its ASCII spellings.

    E-mail addresses and foreign systems (a card name in Stripe) write `Bjorn Haland`: a
    search for `Bjørn Håland` must find them too, ranked below the exact spelling.
    """
    if word.isascii() or len(word) < 3:  # `ø` alone means Ø…, not every O…
        return (word,)
    return tuple(dict.fromkeys((word, fold(word), fold_long(word))))


FOLDED_PENALTY = 10.0  # a word typed with æøå that matched only its ASCII spelling


def _exact_score(word: str, ident: _Prepared) -> float:
    """Exact 100, whole word 96, word prefix 90, substring 80, else 0.

    An ASCII word is compared with every form (so it matches folded names); a word typed with
    æøå with the form as written, and its ASCII spellings with the folded forms, less
    FOLDED_PENALTY.
    """
    if word.isascii():
        return _form_score(word, ident, len(ident.forms))
    best = _form_score(word, ident, 1)
    for variant in word_variants(word)[1:]:
        best = max(best, _form_score(variant, ident, len(ident.forms)) - FOLDED_PENALTY)
    return best


def _form_score(word: str, ident: _Prepared, upto: int) -> float:
    """The best of exact 100, whole word 96, word prefix 90, substring 80 over the first
    `upto` forms of an identifier."""
    best = 0.0
    if "\0" in word:  # cannot be in any token or form as stored
        return best
    start = "\0" + word
    for i in range(upto):
        form = ident.forms[i]
        if form == word:
            return 100.0
        if word in ident.token_sets[i]:
            best = 96.0
        elif best < 90.0 and start in ident.token_starts[i]:
            best = 90.0
        elif best < 80.0 and word in form:
            best = 80.0
    return best


def _near_score(word: str, ident: _Prepared) -> float:
    """Typo tolerance: the closest word, at most 75 for a near miss (never for numbers)."""
    if len(word) < 3 or not any(ch.isalpha() for ch in word):
        return 0.0
    index = 1 if word.isascii() and len(ident.forms) > 1 else 0
    tokens = [t for t in ident.tokens[index] if len(t) >= 3]
    if not tokens:
        return 0.0
    return max(fuzz.ratio(word, t) for t in tokens) * 0.75


def score_candidate(query: SearchQuery, identifiers: list[tuple[str, str]]) -> float:
    """Rank one subject for the query: exact > whole word > prefix > substring > near miss.

    Each typed word is scored against every identifier; the subject's score is the mean over
    the words of each word's best, plus a bonus when the whole query is in one identifier.
    """
    if query.is_empty:
        return 0.0
    prepared = [_prepare(kind, value) for kind, value in identifiers]
    total = 0.0
    for word in query.words:
        best = max((_exact_score(word, p) for p in prepared), default=0.0)
        if best < 80:
            best = max([best, *(_near_score(word, p) for p in prepared)])
        total += best
    score = total / len(query.words)
    joined = query.joined
    if any(joined in f for p in prepared for f in p.forms):
        score += 5.0
    return score


FUZZY_THRESHOLD = 65.0  # a near miss must score this (one typo in a word scores ~60–75)


def near_tokens(word: str, tokens: Iterable[str]) -> tuple[str, ...]:
    """The stored tokens a typed word may be a typo of: close enough that a one-word query
    reaches FUZZY_THRESHOLD through `_near_score` (ratio × 0.75), best first."""
    folded = fold(word)
    cutoff = FUZZY_THRESHOLD / 0.75
    scored = [(fuzz.ratio(folded, t), t) for t in tokens]
    return tuple(t for score, t in sorted(scored, reverse=True) if score >= cutoff)
