"""Demo subjects: small Kajabi, Stripe, Fiken and newsletter exports, imported the real way.

Seeded before the demo requests, so intake links the requests whose sender matches.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta

from ekko_tui.domain.imports import parse_export
from ekko_tui.domain.subjects import fold
from ekko_tui.store.subject_imports import import_export

KAJABI = """Name,First Name,Last Name,Email,Products,Tags,ID,Member ID,Created At,Sign In Count,\
Telefon (phone_number),By (address_city)
Ørjan Ødegård,Ørjan,Ødegård,orjan.odegard@example.no,Fotokurs,kunde,3100001,880001,\
2023-04-02 10:00:00 +0200,12,,Moss
Åse Bjørnstad,Åse,Bjørnstad,ase.bjornstad@example.no,"Fotokurs, Lyskurs",kunde,3100002,880002,\
2023-05-11 18:30:00 +0200,40,+47 456 78 901,Fredrikstad
Bjørn Tore Håland,Bjørn,Håland,bjorn.haland@example.no,Lyskurs,kunde,3100003,880003,\
2024-01-20 09:00:00 +0100,3,,Oslo
Tor Østby,Tor,Østby,tor.ostby@example.no,Fotokurs,kunde,3100004,880004,\
2025-09-01 12:00:00 +0200,1,,Rygge
Sigrid Hætta,Sigrid,Hætta,sigrid.haetta@example.no,,lead,3100005,,2025-10-01 12:00:00 +0200,0,,\
Kautokeino
"""
STRIPE = """id,Description,Email,Name,Created (UTC),Card ID,Card Last4,Total Spend,Payment Count,\
phone (metadata)
cus_DemoOrjan001,,orjan.odegard@example.no,Ørjan Ødegård,2023-04-02 08:01,card_demo1,4242,\
1490.00,1,
cus_DemoBjorn002,,bjorn.haland@example.no,Bjørn Håland,2024-01-20 08:02,card_demo2,1881,\
2980.00,2,
cus_DemoNils003,,nils-age@example.no,Nils-Åge Sørensen,2025-02-03 11:00,card_demo3,5555,\
490.00,1,+47 987 65 432
"""
FIKEN = """Navn;Orgnr;Adresse;Postnr;Poststed;E-post;Telefon;Kundenummer
Ås, Kåre;;Kirkegata 3;1530;Moss;;4791234567;20001
Håland, Bjørn;;Storgata 5;1531;Moss;bjorn.haland@example.no;;20002
Lund, Eva;;;;;eva.lund@example.no;;20003
Bedriftskunde AS;999888777;Industriveien 1;1534;Moss;post@bedrift.example.no;;20004
"""
NEWSLETTER = """Email,Name
ase.bjornstad@example.no,Åse Bjørnstad
lise.berg@example.com,Lise Berg
per.nilsen@example.no,Per Nilsen
bjorn.t.haland@example.com,Bjørn Tore Håland
"""
_FIRST = ["Ola", "Kari", "Ingrid", "Håkon", "Solveig", "Øystein", "Marit", "Jørgen", "Liv", "Even"]
_LAST = ["Hansen", "Berg", "Nygård", "Sæther", "Løken", "Aas", "Strøm", "Vik", "Bråten", "Moe"]


def _newsletter_filler(count: int) -> str:
    rng = random.Random(7)
    lines = []
    for i in range(count):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        lines.append(f"{fold(first)}.{fold(last)}{i}@example.net,{first} {last}")
    return "\n".join(lines) + "\n"


def seed_subjects(now: datetime, actor: str = "demo") -> int:
    """Import the demo exports (a month apart, as they would arrive); return subjects added."""
    added = 0
    exports = [
        ("kajabi", "kajabi-contacts.csv", KAJABI),
        ("stripe", "unified_customers.csv", STRIPE),
        ("fiken", "fiken-kunder.csv", FIKEN),
        ("newsletter", "nyhetsbrev.csv", NEWSLETTER + _newsletter_filler(40)),
    ]
    for i, (kind, name, text) in enumerate(exports):
        data = text.encode("cp1252" if kind == "fiken" else "utf-8")
        report = import_export(
            parse_export(kind, data),
            kind=kind,
            file_name=name,
            sha256=hashlib.sha256(data).hexdigest(),
            now=now - timedelta(days=90 - 30 * i),
            actor=actor,
        )
        added += report.added
    return added
