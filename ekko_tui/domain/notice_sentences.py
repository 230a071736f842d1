"""The privacy notice's words and sentences in bokmål and English, by key (`T`; re-exported
by `domain/notice_texts.py`, which holds the vocabularies). Pure data; `{…}` fields are filled
by the builder (`domain/notice.py`). Nothing here may cite the repealed personopplysningsloven
of 2000 or ekomloven 2003 (a test scans every generated document).
"""

from __future__ import annotations

# Words and sentences, by key; `{…}` fields are filled by the builder.
T: dict[str, dict[str, str]] = {
    "nb": {
        "title": "Personvernerklæring for {site}",
        "intro": "Denne erklæringen forteller hvordan {name} behandler personopplysninger når du "
        "er kunde, abonnent eller besøker {site}, hva du har rett til, og hvordan du bruker "
        "rettighetene dine (personvernforordningen artikkel 13 og 14).",
        "h_controller": "Behandlingsansvarlig",
        "controller": "{name} (org.nr. {org_nr}), {address}, er behandlingsansvarlig for "
        "opplysningene i denne erklæringen.",
        "responsible": "Ansvarlig person hos oss er {person}.",
        "contact": "Spørsmål om personvern sender du til {email}, eller med post til {postal}.",
        "contact_missing": "kontakt-e-post",
        "h_purposes": "Hva vi bruker opplysningene til, og grunnlaget",
        "purposes_intro": "For hvert formål står behandlingsgrunnlaget etter "
        "personvernforordningen artikkel 6, hvilke opplysninger vi bruker, hvor vi får dem "
        "fra og hvem som får dem.",
        "k_purpose": "Formål",
        "k_basis": "Behandlingsgrunnlag",
        "k_interest": "Vår berettigede interesse",
        "k_data": "Opplysninger",
        "k_subjects": "Gjelder",
        "k_source": "Hvor opplysningene kommer fra",
        "k_recipients": "Mottakere",
        "k_required": "Må du gi oss opplysningene?",
        "no_recipients": "Ingen utenfor EKKO",
        "source_missing": "Ikke registrert",
        "basis_missing": "behandlingsgrunnlag",
        "interest_missing": "den berettigede interessen",
        "h_recipients": "Hvem vi deler opplysningene med",
        "recipients_intro": "Vi deler opplysninger bare med dem som trengs for formålene over. "
        "De er:",
        "col_name": "Mottaker",
        "col_role": "Rolle",
        "col_service": "Hva de gjør for oss",
        "col_country": "Land",
        "country_missing": "landet",
        "h_transfers": "Overføring til land utenfor EØS",
        "no_transfers": "Vi overfører ikke personopplysninger til land utenfor EØS.",
        "transfers_intro": "Noen av mottakerne behandler opplysninger utenfor EØS, eller kan "
        "sende dem dit. Overføringen bygger på disse garantiene (artikkel 44–49):",
        "safeguard_missing": "overføringsgrunnlag",
        "h_retention": "Hvor lenge vi lagrer opplysningene",
        "retention_intro": "Vi sletter opplysningene når de ikke lenger trengs for formålet, "
        "med mindre loven krever at vi tar vare på dem lenger:",
        "col_activity": "Behandling",
        "col_retention": "Lagringstid",
        "retention_missing": "lagringstid",
        "h_rights": "Dine rettigheter",
        "withdraw": "Trekke tilbake samtykke: der behandlingen bygger på samtykke, kan du "
        "trekke det tilbake når som helst, like enkelt som du ga det. Det som skjedde før du "
        "trakk samtykket tilbake, er fortsatt lovlig (artikkel 7 nr. 3).",
        "answer": "Vi svarer uten ugrunnet opphold og senest innen én måned etter at vi mottok "
        "henvendelsen (artikkel 12 nr. 3). Det koster ingenting.",
        "how": "Skriv til {email} eller {postal}.",
        "how_postal": "Skriv til {postal}.",
        "complaint": "Mener du at vi behandler opplysningene dine i strid med regelverket, kan "
        "du klage til {authority}, {address}, {website} (artikkel 77). Du kan også gå til "
        "domstolene (artikkel 79).",
        "h_automated": "Automatiserte avgjørelser",
        "automated": "Vi treffer ingen avgjørelser som bare bygger på automatisert behandling, "
        "heller ikke profilering, som har rettsvirkning for deg eller på lignende måte i "
        "betydelig grad påvirker deg (artikkel 22).",
        "h_cookies": "Informasjonskapsler (cookies)",
        "cookie_rule": "Etter {law}{section} ({law_id}), som gjelder fra {in_force}, må vi ha "
        "ditt samtykke før vi lagrer eller leser informasjon på enheten din, med mindre det er "
        "strengt nødvendig for å levere en tjeneste du har bedt om. Samtykket skal oppfylle "
        "kravene i personvernforordningen: det skal være frivillig, spesifikt, informert og "
        "aktivt, og det skal være like enkelt å avslå som å godta.",
        "cookie_practice": "Strengt nødvendige informasjonskapsler setter vi uten samtykke. "
        "Alle andre setter vi bare hvis du har samtykket til kategorien, og du kan trekke "
        "samtykket tilbake når som helst.",
        "no_cookies": "Vi bruker ingen informasjonskapsler eller lignende teknologi.",
        "col_cookie": "Navn",
        "col_provider": "Tjeneste og leverandør",
        "col_party": "Part",
        "col_purpose": "Formål",
        "col_duration": "Varighet",
        "col_category": "Kategori",
        "site_itself": "{site} selv",
        "cookie_name_missing": "navnet",
        "duration_missing": "varighet",
        "party_missing": "første- eller tredjepart",
        "h_updated": "Endringer",
        "updated": "Sist oppdatert: {date}.",
        "changes": "Endrer vi hvordan vi behandler opplysningene, oppdaterer vi denne erklæringen.",
        "draft": "UTKAST – ikke publiser. Dette mangler før erklæringen er fullstendig:",
        "missing": "⚠ MANGLER: {what}",
    },
    "en": {
        "title": "Privacy notice for {site}",
        "intro": "This notice explains how {name} processes personal data when you are a "
        "customer or subscriber or visit {site}, what your rights are and how to use them "
        "(GDPR Articles 13 and 14).",
        "h_controller": "Controller",
        "controller": "{name} (org. no. {org_nr}), {address}, is the controller of the data "
        "described in this notice.",
        "responsible": "The person responsible is {person}.",
        "contact": "Send questions about privacy to {email}, or by post to {postal}.",
        "contact_missing": "contact e-mail",
        "h_purposes": "What we use the data for, and the legal basis",
        "purposes_intro": "For each purpose: the legal basis under GDPR Article 6, the data "
        "we use, where it comes from and who receives it.",
        "k_purpose": "Purpose",
        "k_basis": "Legal basis",
        "k_interest": "Our legitimate interest",
        "k_data": "Data",
        "k_subjects": "Concerns",
        "k_source": "Where the data comes from",
        "k_recipients": "Recipients",
        "k_required": "Must you give us the data?",
        "no_recipients": "No one outside EKKO",
        "source_missing": "Not recorded",
        "basis_missing": "legal basis",
        "interest_missing": "the legitimate interest",
        "h_recipients": "Who we share the data with",
        "recipients_intro": "We share data only with those needed for the purposes above:",
        "col_name": "Recipient",
        "col_role": "Role",
        "col_service": "What they do for us",
        "col_country": "Country",
        "country_missing": "the country",
        "h_transfers": "Transfers outside the EEA",
        "no_transfers": "We do not transfer personal data to countries outside the EEA.",
        "transfers_intro": "Some recipients process data outside the EEA, or may send it there. "
        "The transfer rests on these safeguards (Articles 44–49):",
        "safeguard_missing": "transfer safeguard",
        "h_retention": "How long we keep the data",
        "retention_intro": "We delete the data when it is no longer needed for the purpose, "
        "unless the law requires us to keep it longer:",
        "col_activity": "Processing",
        "col_retention": "Retention",
        "retention_missing": "retention period",
        "h_rights": "Your rights",
        "withdraw": "Withdrawing consent: where processing rests on consent you can withdraw "
        "it at any time, as easily as you gave it. What happened before you withdrew it "
        "remains lawful (Article 7(3)).",
        "answer": "We answer without undue delay and at the latest within one month of "
        "receiving your request (Article 12(3)). It is free of charge.",
        "how": "Write to {email} or {postal}.",
        "how_postal": "Write to {postal}.",
        "complaint": "If you think we process your data in breach of the rules, you can "
        "complain to {authority}, {address}, {website} (Article 77). You can also go to the "
        "courts (Article 79).",
        "h_automated": "Automated decisions",
        "automated": "We make no decisions based solely on automated processing, including "
        "profiling, that have legal effects on you or similarly significantly affect you "
        "(Article 22).",
        "h_cookies": "Cookies",
        "cookie_rule": "Under {law}{section} ({law_id}), in force since {in_force}, we need "
        "your consent before we store or read information on your device, unless it is "
        "strictly necessary to provide a service you asked for. The consent must meet the "
        "GDPR standard: freely given, specific, informed and active, and refusing must be as "
        "easy as accepting.",
        "cookie_practice": "Strictly necessary cookies are set without consent. All others are "
        "set only if you have consented to their category, and you can withdraw consent at "
        "any time.",
        "no_cookies": "We use no cookies or similar technologies.",
        "col_cookie": "Name",
        "col_provider": "Service and provider",
        "col_party": "Party",
        "col_purpose": "Purpose",
        "col_duration": "Duration",
        "col_category": "Category",
        "site_itself": "{site} itself",
        "cookie_name_missing": "the name",
        "duration_missing": "duration",
        "party_missing": "first or third party",
        "h_updated": "Changes",
        "updated": "Last updated: {date}.",
        "changes": "If we change how we process the data, we update this notice.",
        "draft": "DRAFT – do not publish. Missing before the notice is complete:",
        "missing": "⚠ MISSING: {what}",
    },
}
