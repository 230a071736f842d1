"""Document exports as the systems write them (issue 13), built by the tests: clean files and
the damage `shared/export-formats.md` lists (spreadsheet amounts, preamble and Sum rows, cut-off
rows, sections, host time zone)."""

from __future__ import annotations

STRIPE_PAYMENTS_HEADER = (
    "id,Created date (UTC),Amount,Amount Refunded,Currency,Captured,Converted Amount,"
    "Converted Amount Refunded,Converted Currency,Decline Reason,Description,Fee,"
    "Refunded date (UTC),Statement Descriptor,Status,Seller Message,Taxes On Fee,Card ID,"
    "Customer ID,Customer Email,Invoice ID,Transfer,order_ref (metadata)"
)


def stripe_payments(*rows: str) -> bytes:
    return (STRIPE_PAYMENTS_HEADER + "\n" + "\n".join(rows) + "\n").encode()


STRIPE_PAID = (
    "ch_3Pa1,2023-12-31 23:30:00,1490.00,0.00,nok,true,1490.00,0.00,nok,,Foto 1,50.00,,"
    "IPOGS,Paid,Payment complete.,0.00,card_1,cus_P1aB2cD3eF4gH5,bjorn.haland@example.no,"
    "in_1,,A-17"
)
STRIPE_PARTIAL_REFUND = (
    "ch_3Pa2,2025-03-14 08:12:44,2990.00,500.00,nok,true,2990.00,500.00,nok,,Foto 2,80.00,"
    "2025-04-02 10:00:00,IPOGS,Paid,Payment complete.,0.00,card_1,cus_P1aB2cD3eF4gH5,"
    "bjorn.haland@example.no,,,"
)
STRIPE_GUEST = (
    "ch_3Pa3,2025-05-01 12:00:00,490.00,0.00,nok,true,490.00,0.00,nok,,Webinar,15.00,,IPOGS,"
    "Paid,Payment complete.,0.00,card_9,,Gjest.Person@Example.no ,,,"
)
STRIPE_FAILED = (
    ",2025-05-02 12:00:00,490.00,0.00,nok,false,490.00,0.00,nok,card_declined,Webinar,0.00,,"
    "IPOGS,Failed,The card was declined.,0.00,card_9,,gjest.person@example.no,,,"
)

KAJABI_TX_HEADER = (
    "ID,Created At,Type,Status,Amount,Currency,Tax Amount,Quantity,Offer ID,Offer Title,"
    "Order No.,Coupon Used,Customer ID,Customer Name,Customer Email,Phone,Address,Address 2,"
    "City,State,Zipcode,Country,Provider,Payment Method,Card Brand,Card Funding,"
    "Charge Attempt,Failure Message"
)


def kajabi_transactions(*rows: str) -> bytes:
    return (KAJABI_TX_HEADER + "\n" + "\n".join(rows) + "\n").encode()


KAJABI_CHARGE = (
    "901,2025-11-08 04:11:00 +0100,charge,succeeded,1490.00,NOK,298.00,1,55,Foto 1,"
    "1001,N/A,77,Bjørn Håland,bjorn.haland@example.no,+47 912 34 567,Storgata 1,N/A,Oslo,"
    "N/A,0155,NO,stripe,card,Visa,credit,1,N/A"
)
KAJABI_REFUND = (
    "902,2025-11-09 10:00:00 +0100,Refund,Succeeded,-1490.00,NOK,-298.00,1,55,Foto 1,"
    "1001,N/A,77,Bjørn Håland,bjorn.haland@example.no,N/A,N/A,N/A,N/A,N/A,N/A,N/A,stripe,"
    "card,Visa,credit,1,N/A"
)


def fiken_invoices(*rows: str, preamble: bool = True, encoding: str = "cp1252") -> bytes:
    lines = []
    if preamble:
        lines += ["Fakturaliste;;;;;;;;;;", "EKKO AS 2023;;;;;;;;;;", ";;;;;;;;;;"]
    lines.append(
        "Type;Fakturanr;Fakturadato;Forfallsdato;Kundenummer;Kunde;E-post;Beskrivelse;"
        "Brutto;Valuta;Status;Kreditert faktura"
    )
    lines += list(rows)
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


FIKEN_INVOICE = (
    "Faktura;10045;2.9.2023;16.09.2023;10001;Håland, Bjørn;bjorn.haland@example.no;"
    "Foto 1;kr 1\u00a0490,00;NOK;Kreditert;"
)
FIKEN_CREDIT = (
    "Kreditnota;10046;31.12.2023;31.12.2023;10001;Håland, Bjørn;bjorn.haland@example.no;"
    "Kreditnota for faktura 10045;-1 490,00;NOK;Kreditnota;10045"
)
FIKEN_SUM = "Sum;;;;;;;;0,00;;;"

ZOOM_PARTICIPANTS = (
    "Topic,ID,Host,Duration (minutes),Start time,End time,Participants\n"
    "Fotokurs,812 3456 7890,Lars Erik Echoldt,60,03/22/2025 07:00:00 PM,"
    "03/22/2025 08:00:00 PM,3\n"
    "\n"
    "Name (original name),Email,Join time,Leave time,Duration (minutes),Guest,"
    "Recording disclaimer response,In waiting room\n"
    "Bjørn (Bjørn Håland),bjorn.haland@example.no,03/22/2025 07:01:00 PM,"
    "03/22/2025 07:59:00 PM,58,No,OK,No\n"
    "Bjørn (Bjørn Håland),bjorn.haland@example.no,03/22/2025 07:30:00 PM,"
    "03/22/2025 07:40:00 PM,10,No,OK,No\n"
    "+47 912 34 567,,03/22/2025 07:05:00 PM,03/22/2025 07:50:00 PM,45,Yes,,No\n"
    "Anonym,,03/22/2025 07:06:00 PM,03/22/2025 07:50:00 PM,44,Yes,,No\n"
)

ZOOM_WEBINAR = (
    "Attendee Report,,,,,,,,,,,,,\n"
    'Report Generated:,"Mar 23, 2025 10:00:00",,,,,,,,,,,,\n'
    "Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),Unique Viewers,,,,,,,,,\n"
    'Webinar om foto,913 0000 1111,"Mar 22, 2025 19:00:00",60,2,,,,,,,,,\n'
    "Host Details,,,,,,,,,,,,,\n"
    "Attended,User Name (Original Name),Email,Join Time,Leave Time,"
    "Time in Session (minutes),Country/Region Name,,,,,,,\n"
    'Yes,Lars Erik Echoldt,lars@ipogs.no,"Mar 22, 2025 18:50:00","Mar 22, 2025 20:00:00",'
    "70,Norway,,,,,,,\n"
    "Attendee Details,,,,,,,,,,,,,\n"
    "Attended,User Name (Original Name),First Name,Last Name,Email,Phone,Registration Time,"
    "Approval Status,Join Time,Leave Time,Time in Session (minutes),Is Guest,"
    "Hvor hørte du om oss?,Country/Region Name\n"
    "Yes,Kari Nordmann,Kari,Nordmann,kari@example.no,91234500,"
    '"Mar 20, 2025 09:00:00",approved,"Mar 22, 2025 19:13:27","Mar 22, 2025 20:00:00",47,'
    "Yes,Instagram,Norway\n"
    'No,Per Hansen,Per,Hansen,per@example.no,,"Mar 21, 2025 09:00:00",approved,--,--,--,'
    "Yes,,Norway\n"
)

MAILCHIMP = (
    "Email Address,First Name,Last Name,PHONE,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,"
    "CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,"
    "LAST_CHANGED,LEID,EUID,NOTES,TAGS\n"
    "ase.bjornstad@example.no,Åse,Bjørnstad,,2,2024-05-01 08:00:00,192.0.2.1,"
    '2024-05-01 08:05:00,192.0.2.1,,,,,,NO,,2024-05-01 08:05:00,123,abc1,,"kunde"\n'
)
