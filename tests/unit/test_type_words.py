"""The request type suggested from real-sounding messages in bokmål, nynorsk and English."""

from __future__ import annotations

import pytest

from ekko_tui.domain.type_words import suggest_types

A, E, R, OBJ, W, P, S, X = (
    "access",
    "erasure",
    "rectification",
    "objection",
    "withdraw_consent",
    "portability",
    "restriction",
    "other",
)

CASES: list[tuple[str, str, tuple[str, ...]]] = [
    # --- bokmål ---
    ("Slett meg", "Hei, vil ikke ha noe mer fra dere.", (E,)),
    ("Innsyn", "Jeg ber om innsyn i opplysningene dere har om meg.", (A,)),
    ("Spørsmål", "Hvilke opplysninger har dere lagret om meg? Mvh Kari", (A,)),
    ("", "Kan jeg få en kopi av opplysningene dere har registrert?", (A,)),
    ("Sletting av konto", "Vennligst slett kontoen min og alle data.", (E,)),
    ("Fjern meg", "Fjern meg fra alle systemene deres takk", (E,)),
    ("", "Glem meg! Jeg vil ikke være kunde lenger.", (E,)),
    ("Feil adresse", "Dere har feil adresse på meg, riktig er Storgata 1.", (R,)),
    ("Endre navn", "Jeg har giftet meg, kan dere endre etternavnet mitt?", (R,)),
    ("Rett opp e-post", "Kan dere rette opp e-postadressen min? Den er stavet galt.", (R,)),
    ("Avmelding", "Avmeld meg nyhetsbrevet.", (OBJ,)),
    ("Nyhetsbrev", "Jeg ønsker ikke lenger motta nyhetsbrev fra dere.", (OBJ,)),
    ("Samtykke", "Jeg trekker herved mitt samtykke til markedsføring.", (W,)),
    ("", "Jeg vil trekke tilbake samtykket jeg ga i fjor.", (W,)),
    ("Dataportabilitet", "Jeg ber om dataportabilitet for kursdataene mine.", (P,)),
    ("Eksport", "Send meg dataene i et maskinlesbart format.", (P,)),
    ("Begrens bruken", "Begrens behandlingen av mine opplysninger til saken er avklart.", (S,)),
    ("Innsyn og sletting", "Jeg vil ha innsyn, og deretter slette alt.", (A, E)),
    ("Hei", "Når starter neste kurs? Og hva koster det?", (X,)),
    ("Faktura", "Jeg har ikke fått faktura for oktober.", (X,)),
    ("Takk for sist", "Hyggelig kurs, gleder meg til neste gang!", (X,)),
    ("Re: kurs", "Flott!\n> Vi har slettet dine gamle opplysninger", (X,)),
    ("Personvern", "Jeg reserverer meg mot all markedsføring fra dere.", (OBJ,)),
    # --- nynorsk ---
    ("Innsyn", "Eg ber om innsyn i kva opplysningar de har om meg.", (A,)),
    ("", "Kva opplysningar har de lagra om meg?", (A,)),
    ("Slett meg", "Ver venleg og slett alt de har om meg.", (E,)),
    ("Gløym meg", "Eg vil at de skal gløym meg heilt.", (E,)),
    ("Feil namn", "De har feil namn på meg i registeret.", (R,)),
    ("Nyheitsbrev", "Eg vil ikkje lenger motta e-post frå dykk.", (OBJ,)),
    ("Samtykke", "Eg trekkjer samtykket mitt attende.", (W,)),
    ("Avgrensing", "Eg ber om at de avgrensar handsaminga.", (S,)),
    ("Spørsmål om kurs", "Når byrjar neste kurs i Moss?", (X,)),
    # --- English ---
    ("Subject access request", "Please send me a copy of my personal data.", (A,)),
    ("GDPR", "What personal data do you hold about me?", (A,)),
    ("Delete my account", "Please delete my account and all my data.", (E,)),
    ("Right to be forgotten", "I invoke my right to be forgotten under Article 17.", (E,)),
    ("Unsubscribe", "Unsubscribe me please.", (OBJ,)),
    ("", "Stop emailing me. Remove me from your mailing list.", (OBJ,)),
    ("Wrong address", "You have the wrong address for me; please update my records.", (R,)),
    ("Consent", "I withdraw my consent to marketing.", (W,)),
    ("Data export", "I want my data in a machine-readable format (portability).", (P,)),
    ("Restrict processing", "Please restrict processing of my data.", (S,)),
    ("Hello", "Do you have a course in English next spring?", (X,)),
    ("Invoice question", "My card was charged twice last week.", (X,)),
    ("Access and erasure", "Tell me what data you hold, then delete it.", (A, E)),
    ("Fwd: Slett meg og avmeld", "Slett meg og avmeld alle lister.", (E, OBJ)),
]


def test_the_table_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(("subject", "body", "expected"), CASES)
def test_suggested_types(subject: str, body: str, expected: tuple[str, ...]) -> None:
    suggestion = suggest_types(subject, body)
    assert suggestion.types == expected
    if expected == (X,):
        assert suggestion.words == ()
    else:
        # Every suggested type names at least one word that is really in the text.
        text = f"{subject} {body}".lower()
        for code, words in suggestion.words:
            assert code in expected and words
            assert all(w.split()[0] in text for w in words)


def test_unknown_text_is_other_never_access() -> None:
    assert suggest_types("", "").types == ("other",)
    assert "access" not in suggest_types("Hei", "Ring meg").types
