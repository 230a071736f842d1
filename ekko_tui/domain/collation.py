"""Norwegian alphabetical order: A–Z, then Æ, Ø, Å (and ä, ö, aa-less Nordic variants with them).

`casefold()` puts Å (U+00E5) before Æ and Ø; Norwegian dictionaries put Æ, Ø, Å after Z in
that order. Accents on other letters are ignored (é sorts as e). Pure: no locale needed.
"""

from __future__ import annotations

import unicodedata

# After "z" in ASCII order: "{" < "|" < "}".
_NORDIC = {"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"}


def collation_key(text: str) -> str:
    """A sort key that orders names as a Norwegian reader expects (case-insensitive)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text).casefold():
        if ch in _NORDIC:
            out.append(_NORDIC[ch])
        else:  # é → e: accents on other letters do not change the order
            out.append(
                "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
            )
    return "".join(out)
