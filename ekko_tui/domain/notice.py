"""The privacy notice (GDPR Art. 13 and 14) and its cookie declaration as plain data, built from
the registers, with the gaps that keep it from being lawful. Pure: `today` is passed in.

The renderers (HTML, Markdown, PDF) only lay a `Notice` out; `content_hash` identifies what it
says apart from its date, so a published version can be compared with the registers of today.
"""

from __future__ import annotations

import re
from datetime import date

from ekko_tui.domain import bokmal
from ekko_tui.domain import notice_texts as tx
from ekko_tui.domain.notice_model import Authority as Authority
from ekko_tui.domain.notice_model import Block as Block
from ekko_tui.domain.notice_model import Bullets as Bullets
from ekko_tui.domain.notice_model import CookieRule as CookieRule
from ekko_tui.domain.notice_model import Facts as Facts
from ekko_tui.domain.notice_model import Gap as Gap
from ekko_tui.domain.notice_model import Notice as Notice
from ekko_tui.domain.notice_model import NoticeCookie as NoticeCookie
from ekko_tui.domain.notice_model import NoticeInput as NoticeInput
from ekko_tui.domain.notice_model import Para as Para
from ekko_tui.domain.notice_model import Section as Section
from ekko_tui.domain.notice_model import Table as Table
from ekko_tui.domain.register_entries import (
    UNKNOWN,
    ActivityFields,
    cookie_label,
)
from ekko_tui.domain.registers import ProcessorFields, transfers_outside_eea

# --- building ---------------------------------------------------------------------------------


def duration_text(code: str, lang: str) -> str:
    """`2y` → `2 år` / `2 years`; `session` → the session wording; unknown → ''."""
    if code == "session":
        return tx.SESSION[lang]
    m = re.fullmatch(r"([0-9]+)(min|h|d|mo|y)", code)
    if not m:
        return ""
    n = int(m.group(1))
    one, many = tx.DURATION_UNITS[lang][m.group(2)]
    return f"{n} {one if n == 1 else many}"


def country_name(code: str, lang: str) -> str:
    return bokmal.country(code) if lang == "nb" else tx.COUNTRIES_EN.get(code.upper(), code)


class _Builder:
    def __init__(self, data: NoticeInput, today: date, lang: str) -> None:
        if lang not in tx.LANGS:
            raise ValueError(f"unknown language {lang!r}")
        self.d = data
        self.today = today
        self.lang = lang
        self.t = tx.T[lang]
        self.gaps: list[Gap] = []
        self.warnings: list[str] = []
        c = data.controller
        self.site = c.website or c.name
        self.postal = ", ".join(
            x for x in (c.name, c.address, f"{c.postcode} {c.city}".strip()) if x
        )

    def missing(self, what_key: str, where: str, name: str, message: str) -> str:
        """Record a gap and return the marker a draft prints in its place."""
        self.gaps.append(Gap(where, name, message))
        return self.t["missing"].format(what=self.t[what_key])

    # --- sections -----------------------------------------------------------------------------

    def controller(self) -> Section:
        c, t = self.d.controller, self.t
        address = ", ".join(x for x in (c.address, f"{c.postcode} {c.city}".strip()) if x)
        paras = [t["controller"].format(name=c.name, org_nr=c.org_nr, address=address)]
        if c.responsible:
            paras.append(t["responsible"].format(person=c.responsible))
        email = c.email or self.missing(
            "contact_missing",
            "controller",
            c.name,
            "Controller: no contact e-mail (Art. 13(1)(a)). Set it in ekko: key 4, then c.",
        )
        paras.append(t["contact"].format(email=email, postal=self.postal))
        return Section(t["h_controller"], tuple(Para(p) for p in paras))

    def basis(self, a: ActivityFields) -> str:
        bases = [b for b in a.lawful_basis if b in tx.BASES[self.lang]]
        if not bases:
            return self.missing(
                "basis_missing",
                "activity",
                a.name,
                f"Activity {a.name!r}: no legal basis (Art. 6(1), Art. 13(1)(c)).",
            )
        text = "; ".join(tx.BASES[self.lang][b] for b in bases)
        if a.basis_note and "f" not in bases:
            text += f" — {a.basis_note}"
        return text

    def purposes(self) -> Section:
        t = self.t
        blocks: list[Block] = [Para(t["purposes_intro"])]
        for a, recips in self.d.activities:
            rows = [(t["k_purpose"], a.purpose), (t["k_basis"], self.basis(a))]
            if "f" in a.lawful_basis:
                interest = a.basis_note or self.missing(
                    "interest_missing",
                    "activity",
                    a.name,
                    f"Activity {a.name!r}: legitimate interests is the basis, but the interest "
                    "is not stated (Art. 13(1)(d)). Write it in the basis note.",
                )
                rows.append((t["k_interest"], interest))
            rows += [
                (t["k_data"], a.data_categories),
                (t["k_subjects"], a.subject_categories),
                (t["k_source"], a.source or t["source_missing"]),
                (t["k_recipients"], ", ".join(p.name for p in recips) or t["no_recipients"]),
                (
                    t["k_required"],
                    " ".join(tx.REQUIRED[self.lang][b] for b in a.lawful_basis if b in "abcdef"),
                ),
            ]
            if not a.source:
                self.warnings.append(
                    f"Activity {a.name!r}: no source recorded (Art. 14(2)(f) where the data "
                    "does not come from the person)."
                )
            blocks.append(Facts(a.name, tuple(rows)))
        return Section(t["h_purposes"], tuple(blocks))

    def used_processors(self) -> list[ProcessorFields]:
        """The recipients of at least one activity, once each, by name."""
        used = {p.key: p for _, recips in self.d.activities for p in recips}
        return sorted(used.values(), key=lambda p: (p.name.casefold(), p.key))

    def recipients(self) -> Section:
        t, lang = self.t, self.lang
        procs = self.used_processors()
        rows = []
        for p in procs:
            country = (
                country_name(p.country, lang)
                if p.country
                else self.missing(
                    "country_missing",
                    "recipient",
                    p.name,
                    f"Recipient {p.name!r}: country unknown (Art. 13(1)(e)-(f)).",
                )
            )
            rows.append((p.name, tx.ROLES[lang].get(p.role, p.role), p.service, country))
        roles = sorted({p.role for p in procs}, key=list(tx.ROLES[lang]).index)
        blocks: list[Block] = [
            Para(t["recipients_intro"]),
            Table((t["col_name"], t["col_role"], t["col_service"], t["col_country"]), tuple(rows)),
        ]
        if roles:
            blocks.append(
                Bullets(tuple(f"{tx.ROLES[lang][r]}: {tx.ROLE_MEANING[lang][r]}" for r in roles))
            )
        return Section(t["h_recipients"], tuple(blocks))

    def transfers(self) -> Section:
        t, lang = self.t, self.lang
        items = []
        for p in self.used_processors():
            if not transfers_outside_eea(p.country, p.safeguard):
                continue
            where = country_name(p.country, lang) if p.country else "?"
            if p.safeguard in tx.SAFEGUARDS[lang]:
                text = f"{p.name} ({where}): {tx.SAFEGUARDS[lang][p.safeguard]}. "
                text += tx.SAFEGUARD_COPY[lang][p.safeguard]
            else:
                marker = self.missing(
                    "safeguard_missing",
                    "recipient",
                    p.name,
                    f"Recipient {p.name!r} ({p.country or 'country unknown'}): transfer outside "
                    "the EEA without a known safeguard (Art. 13(1)(f), Art. 44-49).",
                )
                text = f"{p.name} ({where}): {marker}"
            items.append(text)
        if not items:
            return Section(t["h_transfers"], (Para(t["no_transfers"]),))
        return Section(t["h_transfers"], (Para(t["transfers_intro"]), Bullets(tuple(items))))

    def retention(self) -> Section:
        t = self.t
        rows = []
        for a, _ in self.d.activities:
            kept = a.retention or self.missing(
                "retention_missing",
                "activity",
                a.name,
                f"Activity {a.name!r}: no retention period or criteria (Art. 13(2)(a)).",
            )
            rows.append((a.name, kept))
        return Section(
            t["h_retention"],
            (
                Para(t["retention_intro"]),
                Table((t["col_activity"], t["col_retention"]), tuple(rows)),
            ),
        )

    def rights(self) -> Section:
        t, c, auth = self.t, self.d.controller, self.d.authority
        items = list(tx.RIGHTS[self.lang])
        consent = any("a" in a.lawful_basis for a, _ in self.d.activities) or any(
            k.fields.consent_required for k in self.d.cookies
        )
        if consent:
            items.append(t["withdraw"])
        how = (
            t["how"].format(email=c.email, postal=self.postal)
            if c.email
            else t["how_postal"].format(postal=self.postal)
        )
        complaint = t["complaint"].format(
            authority=auth.name, address=auth.address, website=auth.website
        )
        return Section(
            t["h_rights"], (Bullets(tuple(items)), Para(t["answer"]), Para(how), Para(complaint))
        )

    def cookies(self) -> Section:
        t, lang, rule = self.t, self.lang, self.d.rule
        if not self.d.cookies:
            return Section(t["h_cookies"], (Para(t["no_cookies"]),))
        section = f" § {rule.section}" if rule.section and rule.section_verified else ""
        if not section:
            self.warnings.append(
                f"Cookie rule: the section of {rule.law_id} is not verified, so the notice cites "
                "the act without a section number. Check it on Lovdata "
                f"({rule.url}) and record it in data/notice.toml."
            )
        law = rule.law_nb if lang == "nb" else rule.law_en
        rule_text = t["cookie_rule"].format(
            law=law, law_id=rule.law_id, section=section, in_force=tx.long_date(rule.in_force, lang)
        )
        rows = []
        for k in self.d.cookies:
            f = k.fields
            label = cookie_label(f)
            name = f.name
            if name == UNKNOWN:
                name = self.missing(
                    "cookie_name_missing",
                    "cookie",
                    label,
                    f"Cookie {label!r}: its name is unknown (look in the browser's developer "
                    "tools).",
                )
            duration = duration_text(f.duration, lang) or self.missing(
                "duration_missing", "cookie", label, f"Cookie {label!r}: duration unknown."
            )
            party = tx.PARTIES[lang].get(f.party) or self.missing(
                "party_missing",
                "cookie",
                label,
                f"Cookie {label!r}: first or third party unknown.",
            )
            who = k.provider_name or t["site_itself"].format(site=self.site)
            provider = f"{f.service} — {who}" if f.service else who
            category = tx.CATEGORIES[lang].get(f.category, f.category)
            rows.append((name, provider, party, f.purpose, duration, category))
        header = (
            t["col_cookie"],
            t["col_provider"],
            t["col_party"],
            t["col_purpose"],
            t["col_duration"],
            t["col_category"],
        )
        blocks = (Para(rule_text), Para(t["cookie_practice"]), Table(header, tuple(rows)))
        return Section(t["h_cookies"], blocks)

    def build(self) -> Notice:
        t = self.t
        sections = (
            self.controller(),
            self.purposes(),
            self.recipients(),
            self.transfers(),
            self.retention(),
            self.rights(),
            Section(t["h_automated"], (Para(t["automated"]),)),
            self.cookies(),
            Section(t["h_updated"], (Para(t["changes"]),)),
        )
        return Notice(
            lang=self.lang,
            title=t["title"].format(site=self.site),
            intro=t["intro"].format(name=self.d.controller.name, site=self.site),
            sections=sections,
            updated_on=self.today,
            updated_line=t["updated"].format(date=tx.long_date(self.today, self.lang)),
            gaps=tuple(self.gaps),
            warnings=tuple(self.warnings),
            draft_banner=t["draft"] if self.gaps else "",
        )


def build_notice(data: NoticeInput, today: date, lang: str = "nb") -> Notice:
    """The notice as of `today` in `lang` (nb or en), with every gap found on the way."""
    return _Builder(data, today, lang).build()


def gap_lines(notice: Notice) -> list[str]:
    """One line per gap, for the CLI and the screen."""
    return [g.message for g in notice.gaps]


def needs_publishing(current_hash: str, last_hash: str | None) -> bool:
    """True when the registers now give another notice than the last one published."""
    return last_hash != current_hash
