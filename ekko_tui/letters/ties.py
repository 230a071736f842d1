"""Non-breaking spaces where a printed line must not break: `§ 13`, `artikkel 12 nr. 4`,
`31. desember 2029`, `917 884 757`, `+47 915 55 123`, `kr 1 490,00`, `(EU) 2016/679`.

`tie(text)` is applied by the renderer to the text of every paragraph, so the wording of the
letters (and what a user types into them) gets it without writing a single U+00A0 itself.
Only ordinary spaces are replaced; the words and their order stay exactly as written. It looks
at the words on either side of each space (no regular expression over the whole text: it runs
for every paragraph of every letter).
"""

from __future__ import annotations

from ekko_tui.domain.deadlines import MONTH_NAMES
from ekko_tui.letters import norsk as nb

NBSP = "\u00a0"

MONTHS = frozenset((*nb.MONTHS, *MONTH_NAMES))  # both letter languages
# Words that belong to the number after them: "artikkel 15", "§ 13", "kr 1 490,00".
BEFORE_NUMBER = frozenset(
    [
        "§",
        "§§",
        "artikkel",
        "Artikkel",
        "art.",
        "Art.",
        "article",
        "Article",
        "nr.",
        "Nr.",
        "no.",
        "No.",
        "kapittel",
        "Kapittel",
        "chapter",
        "Chapter",
        "kr",
        "NOK",
        "EUR",
        "USD",
        "€",
        "(EU)",
    ]
)
# Words that belong to the letter after them: "bokstav b", "letter c".
BEFORE_LETTER = frozenset(["bokstav", "Bokstav", "letter", "point", "punkt"])
# Words that belong to the number before them: "12 nr. 4", "1 bokstav b", "490,00 kr".
AFTER_NUMBER = frozenset(["nr.", "bokstav", "kr", "NOK", "EUR", "USD"])
_TRAILING = ".,;:)»”"


def _year(word: str) -> bool:
    return word[:4].isdigit() and (len(word) == 4 or not word[4].isdigit())


def _day(word: str) -> bool:
    """`31.` (bokmål) or `31` (English), as it stands before a month name."""
    digits = word[:-1] if word.endswith(".") else word
    return 0 < len(digits) <= 2 and digits.isdigit()


def _bound(left: str, right: str) -> bool:
    """Whether the space between these two words must not break (most pairs are decided
    by their first and last characters alone)."""
    if not left or not right:
        return False
    if right[0].isdigit():
        return (
            left[-1].isdigit()
            or left in BEFORE_NUMBER
            or left.endswith(("nr.", "§"))
            or (left.lstrip("(") in MONTHS and _year(right))
        )
    if left in BEFORE_LETTER:
        return right[0].isascii() and right[0].islower() and not right[1:2].isalpha()
    if left[-1].isdigit() or left[-1] == ".":
        bare = right.rstrip(_TRAILING)
        return right in AFTER_NUMBER or bare in AFTER_NUMBER or (_day(left) and bare in MONTHS)
    return False


def tie(text: str) -> str:
    """`text` with the spaces that must not break replaced by U+00A0."""
    if " " not in text:
        return text
    words = text.split(" ")
    out = [words[0]]
    for left, right in zip(words, words[1:], strict=False):
        out += (NBSP if _bound(left, right) else " ", right)
    return "".join(out)
