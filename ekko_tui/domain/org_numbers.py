"""Norwegian organisation numbers (Enhetsregisteret): nine digits with a MOD11 check digit.
Re-exported by `domain/registers.py`."""

from __future__ import annotations

import re


def mod11_check_digit(first_eight: str) -> int | None:
    """MOD11 check digit of the first eight digits of a Norwegian org. number (None: none)."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    total = sum(int(d) * w for d, w in zip(first_eight, weights, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def valid_norwegian_org_nr(org_nr: str) -> bool:
    """True if `org_nr` is nine digits whose last one is the MOD11 check digit."""
    if not re.fullmatch(r"\d{9}", org_nr):
        return False
    return mod11_check_digit(org_nr[:8]) == int(org_nr[8])


def normalize_org_nr(text: str) -> str:
    """`917 884 757`, `NO 917884757 MVA` → `917884757`; other text is only trimmed."""
    raw = text.strip().upper()
    raw = re.sub(r"^NO\s*", "", raw)
    raw = re.sub(r"\s*MVA$", "", raw)
    compact = re.sub(r"[\s.]", "", raw)
    return compact if compact.isdigit() else text.strip()
