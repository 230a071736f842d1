"""The privacy notice as Markdown and as one self-contained HTML page, from a plain `Notice`.

Register text is user text: it is escaped for HTML and for Markdown, never taken as markup.
"""

from __future__ import annotations

import re
from html import escape

from ekko_tui.domain.notice import Block, Bullets, Facts, Notice, Para, Table

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: str) -> str:
    """Text that Markdown shows as written: one line, special characters backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_table(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[str]:
    out = ["| " + " | ".join(md_escape(h) for h in header) + " |"]
    out.append("|" + "---|" * len(header))
    out += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    return out


def _md_block(block: Block) -> list[str]:
    if isinstance(block, Para):
        return [md_escape(block.text)]
    if isinstance(block, Bullets):
        return [f"- {md_escape(item)}" for item in block.items]
    if isinstance(block, Table):
        return _md_table(block.header, block.rows)
    assert isinstance(block, Facts)
    out = [f"### {md_escape(block.title)}", ""]
    out += [
        f"- **{md_escape(k)}{'' if k.endswith('?') else ':'}** {md_escape(v)}"
        for k, v in block.rows
    ]
    return out


def notice_markdown(notice: Notice, *, dated: bool = True) -> str:
    """The notice in Markdown; `dated=False` leaves out the date line (for hashing and diffs)."""
    lines = [f"# {md_escape(notice.title)}", ""]
    if notice.gaps:
        lines += [f"> **{md_escape(notice.draft_banner)}**", ">"]
        lines += [f"> - {md_escape(g.message)}" for g in notice.gaps]
        lines.append("")
    lines += [md_escape(notice.intro), ""]
    for section in notice.sections:
        lines += [f"## {md_escape(section.heading)}", ""]
        for block in section.blocks:
            lines += [*_md_block(block), ""]
    if dated:
        lines += [md_escape(notice.updated_line), ""]
    return "\n".join(lines)


# --- HTML -------------------------------------------------------------------------------------

CSS = """
body{font-family:"Fira Sans",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:#1d1d1b;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
h1{color:#1f4e79;font-size:1.8rem;margin-bottom:.5rem}
h2{color:#1f4e79;font-size:1.3rem;border-bottom:1px solid #9aa7b4;padding-bottom:.2rem;
margin-top:2rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.92rem}
th,td{border:1px solid #b0b0b0;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#e8eef4}
dl.facts{display:grid;grid-template-columns:minmax(9rem,14rem) 1fr;gap:.2rem 1rem;margin:0}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}
.draft{border:2px solid #b00020;background:#fff4f4;padding:.6rem 1rem;margin:1rem 0}
.missing{color:#b00020;font-weight:600}
.updated{margin-top:2rem;color:#555}
.table-wrap{overflow-x:auto}
"""


def _h(text: str) -> str:
    """Escaped text, with a draft's missing markers shown in red."""
    out = escape(text)
    return re.sub(r"(⚠ [A-ZÆØÅ]+: [^.;,]*)", r'<span class="missing">\1</span>', out)


def _html_table(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[str]:
    out = ['<div class="table-wrap"><table>', "<thead><tr>"]
    out += [f'<th scope="col">{_h(h)}</th>' for h in header]
    out += ["</tr></thead>", "<tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{_h(c)}</td>" for c in row) + "</tr>")
    out += ["</tbody></table></div>"]
    return out


def _html_block(block: Block) -> list[str]:
    if isinstance(block, Para):
        return [f"<p>{_h(block.text)}</p>"]
    if isinstance(block, Bullets):
        return ["<ul>", *[f"<li>{_h(i)}</li>" for i in block.items], "</ul>"]
    if isinstance(block, Table):
        return _html_table(block.header, block.rows)
    assert isinstance(block, Facts)
    out = [f"<h3>{_h(block.title)}</h3>", '<dl class="facts">']
    for k, v in block.rows:
        out += [f"<dt>{_h(k)}</dt>", f"<dd>{_h(v)}</dd>"]
    return [*out, "</dl>"]


def notice_html(notice: Notice) -> str:
    """One self-contained HTML5 page (inline CSS, no scripts, no outside resources)."""
    lang = "nb" if notice.lang == "nb" else "en"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(notice.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_h(notice.title)}</h1>",
    ]
    if notice.gaps:
        out += [
            '<div class="draft" role="alert">',
            f"<p><strong>{_h(notice.draft_banner)}</strong></p>",
        ]
        out += ["<ul>", *[f"<li>{escape(g.message)}</li>" for g in notice.gaps], "</ul>", "</div>"]
    out.append(f"<p>{_h(notice.intro)}</p>")
    for n, section in enumerate(notice.sections, 1):
        out += [f'<section id="s{n}">', f"<h2>{_h(section.heading)}</h2>"]
        for block in section.blocks:
            out += _html_block(block)
        out.append("</section>")
    out += [f'<p class="updated">{_h(notice.updated_line)}</p>', "</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
