"""Bokmål names for the register's codes, for what EKKO gives to others: letters to subjects
and the Art. 30 record for Datatilsynet. (The screens speak English for now.)"""

from __future__ import annotations

# Transfer safeguards (Art. 15(2), 44–49).
SAFEGUARDS = {
    "eea": "Innenfor EØS",
    "adequacy": "Kommisjonens beslutning om tilstrekkelig beskyttelsesnivå (artikkel 45)",
    "dpf": "EU–US Data Privacy Framework (Kommisjonens gjennomføringsbeslutning (EU) 2023/1795)",
    "scc": "Standard personvernbestemmelser (Kommisjonens gjennomføringsbeslutning (EU) 2021/914)",
    "bcr": "Bindende virksomhetsregler (artikkel 47)",
    "art49": "Unntak for særlige situasjoner (artikkel 49)",
    "none": "Ikke noe overføringsgrunnlag registrert",
    "unknown": "Overføringsgrunnlag ikke registrert ennå (må kontrolleres)",
}

# Lawful bases (Art. 6(1) letters).
BASES = {
    "a": "samtykke (artikkel 6 nr. 1 bokstav a)",
    "b": "avtale (artikkel 6 nr. 1 bokstav b)",
    "c": "rettslig forpliktelse (artikkel 6 nr. 1 bokstav c)",
    "d": "vitale interesser (artikkel 6 nr. 1 bokstav d)",
    "e": "allmennhetens interesse eller offentlig myndighet (artikkel 6 nr. 1 bokstav e)",
    "f": "berettiget interesse (artikkel 6 nr. 1 bokstav f)",
}

ROLES = {
    "processor": "Databehandler",
    "joint_controller": "Felles behandlingsansvarlig",
    "independent_controller": "Selvstendig behandlingsansvarlig",
    "authority": "Offentlig myndighet",
    "recipient": "Mottaker",
}

DPA_STATUSES = {
    "unknown": "ukjent – må sjekkes",
    "missing": "mangler",
    "draft": "utkast",
    "sent": "sendt",
    "signed": "signert",
    "expired": "utløpt",
    "not_required": "ikke nødvendig",
}

COUNTRIES = {
    "NO": "Norge", "SE": "Sverige", "DK": "Danmark", "FI": "Finland", "IS": "Island",
    "IE": "Irland", "DE": "Tyskland", "NL": "Nederland", "FR": "Frankrike", "BE": "Belgia",
    "LU": "Luxembourg", "AT": "Østerrike", "ES": "Spania", "IT": "Italia", "PL": "Polen",
    "EE": "Estland", "LT": "Litauen", "LV": "Latvia", "PT": "Portugal", "CH": "Sveits",
    "GB": "Storbritannia", "US": "USA", "CA": "Canada", "JP": "Japan", "AU": "Australia",
    "IN": "India", "SG": "Singapore",
}  # fmt: skip


def country(code: str) -> str:
    """`Irland` for `IE`; an unknown code as it is."""
    return COUNTRIES.get(code.upper(), code)
