"""Subjects' identifiers: normalising e-mails, phones, names and dates, and Norwegian folding.

Pure Python: the store builds its search index from `search_forms`/`search_tokens`; how a
query is read and ranked against them is in `search_ranking.py`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

IDENTIFIER_KINDS: dict[str, str] = {
    "name": "Name",
    "email": "E-mail",
    "phone": "Phone",
    "birth_date": "Birth date",
    "external_id": "External id",
}

# The systems a holding can name. A plain string key: the processor register links these
# keys to processors; `inbox` is EKKO's own request inbox and files.
SYSTEMS: dict[str, str] = {
    "kajabi": "Kajabi",
    "stripe": "Stripe",
    "fiken": "Fiken",
    "newsletter": "Newsletter",
    "zoom": "Zoom",
    "inbox": "EKKO inbox/files",
    "other": "Other",
}

MAX_IDENTIFIER_CHARS = 320


class IdentifierError(ValueError):
    """A value that cannot be an identifier of the given kind; the message says why."""


# --- normalising ----------------------------------------------------------------------------

_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")


def clean_value(value: str) -> str:
    """Drop invisible characters, turn any whitespace run into one space, trim."""
    if value.isascii() and value.isprintable():  # most cells: nothing to drop or replace
        return " ".join(value.split())
    value = _INVISIBLE.sub("", value)
    value = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Zs", "Zl", "Zp") else ch for ch in value
    )
    return " ".join(value.split())


def normalize_email(raw: str) -> str:
    """`  Ola.Nordmann@Example.NO ` → `ola.nordmann@example.no`; IdentifierError if not one."""
    value = clean_value(raw)
    if value.lower().startswith("mailto:"):
        value = value[7:]
    value = value.strip("<>").lower()
    if not value:
        raise IdentifierError("the e-mail is empty")
    if value.count("@") != 1:
        raise IdentifierError(f"{value!r} is not an e-mail address (it needs exactly one @)")
    if ".." in value or value.startswith(".") or ".@" in value or "@." in value:
        raise IdentifierError(f"{value!r} is not an e-mail address (two dots in a row)")
    if len(value) > MAX_IDENTIFIER_CHARS or not _EMAIL_RE.match(value):
        raise IdentifierError(f"{value!r} is not an e-mail address")
    return value


_PHONE_PREFIX = re.compile(r"^(telefon|tlf|tel|phone|mobile|mobil|mob)\.?:?\s*", re.IGNORECASE)
_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?e\+?\d+$", re.IGNORECASE)


def normalize_phone(raw: str, default_country: str = "47") -> str:
    """Any way a phone number is written → E.164 (`+4791234567`); +47 when no country is given."""
    value = clean_value(raw)
    value = _PHONE_PREFIX.sub("", value)
    if _SCIENTIFIC.match(value.replace(" ", "")):
        raise IdentifierError(
            f"{value!r} is a phone number that a spreadsheet turned into scientific notation; "
            "the digits are lost: correct it in the source"
        )
    value = value.replace("(0)", "")
    if re.search(r"[^\d\s+()./-]", value):
        raise IdentifierError(f"{value!r} is not a phone number")
    plus = value.startswith("+")
    digits = re.sub(r"\D", "", value)
    if not plus and digits.startswith("00"):
        digits, plus = digits[2:], True
    if not plus:
        if len(digits) == 8 and not digits.startswith("0"):
            digits = default_country + digits
        elif len(digits) == 10 and digits.startswith("47"):
            digits = digits  # Excel dropped the "+" of +47…
        else:
            raise IdentifierError(
                f"{value!r} is not a Norwegian number and has no country code (+…)"
            )
    if digits.startswith("47") and len(digits) != 10:
        raise IdentifierError(f"{value!r}: a Norwegian number has 8 digits after +47")
    if not 8 <= len(digits) <= 15 or digits.startswith("0"):
        raise IdentifierError(f"{value!r} is not a phone number")
    return "+" + digits


def format_phone(e164: str) -> str:
    """`+4791234567` → `+47 912 34 567` (other countries as stored)."""
    if e164.startswith("+47") and len(e164) == 11:
        n = e164[3:]
        return f"+47 {n[:3]} {n[3:5]} {n[5:]}"
    return e164


def normalize_name(raw: str) -> str:
    """A name as shown: whitespace collapsed, invisible characters gone."""
    value = clean_value(raw)
    if len(value) > 200:
        raise IdentifierError("the name is longer than 200 characters")
    return value


def swap_surname_first(name: str) -> str:
    """`Håland, Bjørn` → `Bjørn Håland` (accounting systems write the surname first)."""
    if name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        if last and first:
            return f"{first} {last}"
    return name


_DATE_FORMATS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})$"),
)


def normalize_birth_date(raw: str, today: date | None = None) -> str:
    """`14.03.1985` or `1985-03-14` → `1985-03-14`; IdentifierError for a date that can't be."""
    value = clean_value(raw)
    for pattern in _DATE_FORMATS:
        m = pattern.match(value)
        if m:
            try:
                day = date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError as exc:
                raise IdentifierError(f"{value!r} is not a date that exists") from exc
            if day.year < 1900 or (today is not None and day > today):
                raise IdentifierError(f"{value!r} cannot be a birth date")
            return day.isoformat()
    raise IdentifierError(f"{value!r} is not a date (write YYYY-MM-DD or DD.MM.YYYY)")


def normalize_external_id(raw: str) -> str:
    """An id of another system (`cus_N4x…`, a member number) as given, trimmed."""
    value = clean_value(raw)
    if not value:
        raise IdentifierError("the id is empty")
    if len(value) > 200 or " " in value:
        raise IdentifierError(f"{value[:40]!r} is not an id (no spaces, at most 200 characters)")
    return value


def normalize(kind: str, raw: str, today: date | None = None) -> str:
    """The stored (matching) form of an identifier of `kind`."""
    if kind == "email":
        return normalize_email(raw)
    if kind == "phone":
        return normalize_phone(raw)
    if kind == "birth_date":
        return normalize_birth_date(raw, today)
    if kind == "external_id":
        return normalize_external_id(raw)
    if kind == "name":
        value = normalize_name(raw)
        if not value:
            raise IdentifierError("the name is empty")
        return value
    raise IdentifierError(f"unknown identifier kind {kind!r}")


def display(kind: str, value: str) -> str:
    """How a stored identifier is shown."""
    if kind == "phone":
        return format_phone(value)
    if kind == "birth_date":
        return f"{value[8:10]}.{value[5:7]}.{value[:4]}"
    return value


# --- folding -------------------------------------------------------------------------------

_SHORT = str.maketrans(
    {"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "ü": "u", "ß": "ss", "đ": "d",
     "ŋ": "n", "ŧ": "t", "ð": "d", "þ": "th", "œ": "oe", "ł": "l"}
)  # fmt: skip
_LONG = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue"})


def _strip_marks(text: str) -> str:
    if text.isascii():  # no marks to strip (NFKD leaves ASCII as it is)
        return text
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


# Names repeat (a few thousand distinct in 100,000 rows) and are worth remembering; e-mails with
# æøå are unique and only churn the cache, so it is kept small: about 4 MB each when full.
_FOLD_CACHE = 8_192


@lru_cache(maxsize=_FOLD_CACHE)
def fold(text: str) -> str:
    """The ASCII form a Norwegian types without æøå: Ørjan → orjan, Åse → ase, Bærum → baerum.

    Memoised: imports and search fold the same few thousand names over and over."""
    return _strip_marks(text.casefold().translate(_SHORT))


@lru_cache(maxsize=_FOLD_CACHE)
def fold_long(text: str) -> str:
    """The old/long ASCII spelling: Åse → aase, Ørjan → oerjan."""
    return _strip_marks(text.casefold().translate(_LONG).translate(_SHORT))


def name_key(name: str) -> str:
    """What two names must share to be 'the same name': folded, single-spaced."""
    return " ".join(fold(name).split())


def search_forms(kind: str, value: str) -> tuple[str, ...]:
    """Every form of a stored identifier the search index holds (lower-case; folded)."""
    forms: list[str] = []
    if kind == "phone":
        digits = value.lstrip("+")
        forms = [digits]
        if digits.startswith("47") and len(digits) == 10:
            forms.append(digits[2:])
    elif kind == "birth_date":
        forms = [value, display(kind, value), value.replace("-", "")]
    else:
        low = value.casefold()
        # An ASCII value (most e-mails and ids) folds to itself: one form.
        forms = [low] if low.isascii() else [low, fold(value), fold_long(value)]
    return tuple(dict.fromkeys(f for f in forms if f))


_TOKEN_SPLIT = re.compile(r"[\W_]+")


def search_tokens(kind: str, value: str) -> tuple[str, ...]:
    """Word tokens for prefix search: each word of each form, and whole e-mails/phones/ids."""
    return tokens_of_forms(kind, search_forms(kind, value))


def tokens_of_forms(kind: str, forms: tuple[str, ...]) -> tuple[str, ...]:
    """search_tokens from the forms already computed (the index builds both at once)."""
    tokens: list[str] = []
    for form in forms:
        if kind != "name":
            tokens.append(form)
        tokens.extend(t for t in _TOKEN_SPLIT.split(form) if t)
    return tuple(dict.fromkeys(tokens))
