"""Where a transfer goes: the EEA, and the countries with an adequacy decision (GDPR Art. 45).
Re-exported by `domain/registers.py`."""

from __future__ import annotations

# EU member states plus Iceland, Liechtenstein and Norway (ISO 3166-1 alpha-2).
EEA_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "IS",
        "LI",
        "NO",
    ]
)
# Countries with a Commission adequacy decision (Art. 45), applied in the EEA. The US is
# adequate only for organisations on the DPF list: that is the `dpf` safeguard, not this one.
ADEQUACY_COUNTRIES = frozenset(
    ["AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY"]
)
