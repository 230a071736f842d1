"""A request written in English proposes an English letter; anything else keeps bokmål."""

import pytest

from ekko_tui.domain.language import guess_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Hi, I would like a copy of all the data you have about me. Thanks, Anna", "en"),
        ("Please delete my account and all my data from your systems.", "en"),
        ("Hei! Jeg ønsker innsyn i hvilke opplysninger dere har om meg. Hilsen Kari", "nb"),
        ("Kan dere slette meg fra nyhetsbrevet? Takk", "nb"),
        ("", "nb"),
        ("GDPR Art. 15", "nb"),  # too little to tell
        # Mixed: a Norwegian request quoting an English subject line stays bokmål.
        ("Re: Your order. Hei, jeg vil gjerne ha innsyn i opplysningene dere har om meg.", "nb"),
    ],
)
def test_guess_language(text: str, lang: str) -> None:
    assert guess_language(text) == lang
