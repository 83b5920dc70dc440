"""One printable checklist per policy area, rendered from the parameters, so a printed page cannot drift.

    >>> from handbook.reference import checklists
    >>> checklists.markdown("chargebacks", on=date(2026, 11, 30))   # for the notebooks and the site
    >>> checklists.html("chargebacks", on=date(2026, 11, 30))       # a print-ready A4 page (standalone HTML)
    >>> checklists.pdf("chargebacks", on=date(2026, 11, 30))        # the same page as PDF bytes (WeasyPrint)

The items live in `checklists.yaml` (area slug → headed groups of items); every figure in them is a
`{{ parameter.id }}` placeholder rendered by `handbook.text.render` on the checklist's date. The page footer
names the date, the sources and when they were last read. Command line:
`python -m handbook checklist [AREA ...] --out DIR [--on YYYY-MM-DD]` writes `<area>.html` and `<area>.pdf`.
"""

from __future__ import annotations

import html as _html
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from handbook import strict_yaml
from handbook.reference.sources import ReferenceFileError

CHECKLISTS_FILE = Path(__file__).with_name("checklists.yaml")


@dataclass(frozen=True)
class Group:
    heading: str
    items: tuple[str, ...]


@cache
def _templates() -> dict[str, tuple[Group, ...]]:
    from handbook import areas

    raw = strict_yaml.load(CHECKLISTS_FILE.read_text(encoding="utf-8"))
    known = {a.slug for a in areas.AREAS}
    if not isinstance(raw, dict):
        raise ReferenceFileError(f"{CHECKLISTS_FILE.name}: expected a mapping of area slug → groups")
    out = {}
    for slug, groups in raw.items():
        if slug not in known:
            raise ReferenceFileError(f"{CHECKLISTS_FILE.name}: {slug!r} is not an area ({', '.join(sorted(known))})")
        if not isinstance(groups, list) or not groups:
            raise ReferenceFileError(f"{CHECKLISTS_FILE.name}: {slug}: expected a list of groups")
        parsed = []
        for i, g in enumerate(groups):
            where = f"{slug}, group {i + 1}"
            if not isinstance(g, dict):
                raise ReferenceFileError(f"{CHECKLISTS_FILE.name}: {where} must be a mapping")
            strict_yaml.check_keys(g, {"heading", "items"}, {"heading", "items"},
                                   lambda p: ReferenceFileError(f"{CHECKLISTS_FILE.name}: {p}"), where)
            if not isinstance(g["items"], list) or not all(isinstance(x, str) and x.strip() for x in g["items"]):
                raise ReferenceFileError(f"{CHECKLISTS_FILE.name}: {where}: items must be a list of texts")
            parsed.append(Group(str(g["heading"]), tuple(g["items"])))
        out[slug] = tuple(parsed)
    return out


def slugs() -> list[str]:
    """The areas that have a checklist, in training order."""
    from handbook import areas

    return [a.slug for a in areas.AREAS if a.slug in _templates()]


@dataclass(frozen=True)
class Checklist:
    """A rendered checklist: `groups` of (heading, items) with every figure filled in for `on`."""

    slug: str
    title: str
    title_zh: str
    platform: str
    on: date
    groups: tuple[Group, ...]
    sources: tuple[str, ...]
    last_read: date | None


def checklist(slug: str, *, on: date) -> Checklist:
    """The checklist of area `slug` as of `on`; `PolicyInputError` for an unknown area or a date no value covers."""
    from handbook import areas, policy
    from handbook.text import PLACEHOLDER, render

    a = areas.area(slug)
    if slug not in _templates():
        from handbook.errors import PolicyInputError

        raise PolicyInputError("area", slug, "an area with a checklist: " + ", ".join(slugs()))
    groups = tuple(Group(g.heading, tuple(render(item, on=on) for item in g.items)) for g in _templates()[slug])
    used = {m.group(1) for g in _templates()[slug] for item in g.items for m in PLACEHOLDER.finditer(item)}
    reads = [policy.ref(pid, on).source.read_on for pid in used if policy.ref(pid, on).source]
    return Checklist(slug, a.title, a.title_zh, a.platform, on, groups, a.sources, max(reads) if reads else None)


def markdown(slug: str, *, on: date):
    """The checklist as Markdown (`Prose`, with boxes to tick), for a notebook cell or the site."""
    from handbook.text import Prose

    c = checklist(slug, on=on)
    lines = [f"### {c.title} ({c.title_zh}) — {c.platform}", ""]
    for g in c.groups:
        lines += [f"**{g.heading}**", ""] + [f"- ☐ {item}" for item in g.items] + [""]
    lines.append(_footer(c))
    return Prose("\n".join(lines))


def index(*, on: date):
    """Every area's checklist (Markdown), each followed by links to its print-ready page and PDF on the site."""
    from handbook.text import Prose

    parts = []
    for slug in slugs():
        parts.append(markdown(slug, on=on))
        parts.append(f"Print-ready on the site: <a class=\"hb-link\" href=\"checklists/{slug}.html\">page</a> · "
                     f"<a class=\"hb-link\" href=\"checklists/{slug}.pdf\">PDF</a>\n")
    return Prose("\n\n".join(parts))


def _footer(c: Checklist) -> str:
    read = f" · sources last read {c.last_read}" if c.last_read else ""
    return f"Rules as of {c.on}{read} · sources: {', '.join(c.sources)}"


_PAGE_CSS = """
@page { size: A4; margin: 14mm 14mm 16mm 14mm; }
html { font-family: "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC",
       sans-serif; font-size: 10.5pt; color: #111; background: #fff; line-height: 1.4; }
h1 { font-size: 15pt; margin: 0 0 2pt 0; } .platform { color: #444; margin: 0 0 10pt 0; }
h2 { font-size: 11.5pt; margin: 10pt 0 4pt 0; border-bottom: 1px solid #999; padding-bottom: 2pt; }
ul { list-style: none; padding-left: 0; margin: 0; }
li { padding-left: 18pt; text-indent: -18pt; margin: 0 0 5pt 0; break-inside: avoid; }
li::before { content: "☐"; display: inline-block; width: 18pt; text-indent: 0; }
footer { margin-top: 12pt; font-size: 8.5pt; color: #444; border-top: 1px solid #bbb; padding-top: 4pt; }
@media screen { body { max-width: 190mm; margin: 1em auto; padding: 0 1em; } }
"""


def html(slug: str, *, on: date) -> str:
    """The checklist as a standalone, print-ready HTML page (A4, no external resources)."""
    c = checklist(slug, on=on)
    e = _html.escape
    body = [f"<h1>{e(c.title)} ({e(c.title_zh)})</h1>", f"<p class='platform'>{e(c.platform)} · checklist</p>"]
    for g in c.groups:
        body.append(f"<h2>{e(g.heading)}</h2><ul>")
        body += [f"<li>{e(item)}</li>" for item in g.items]
        body.append("</ul>")
    body.append(f"<footer>{e(_footer(c))}</footer>")
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>Checklist: {e(c.title)}</title><style>{_PAGE_CSS}</style></head><body>"
            + "\n".join(body) + "</body></html>")


def document(slug: str, *, on: date):
    """The print-ready page laid out by WeasyPrint (a `weasyprint.Document`: `.pages` are the printed pages)."""
    from weasyprint import HTML

    return HTML(string=html(slug, on=on)).render()


def pdf(slug: str, *, on: date) -> bytes:
    """The print-ready page as PDF bytes (WeasyPrint; Chinese needs a CJK font, e.g. Debian's fonts-noto-cjk)."""
    return document(slug, on=on).write_pdf()


def write(out: Path, *, on: date, slugs_: list[str] | None = None, formats: tuple[str, ...] = ("html", "pdf")) -> list[Path]:
    """Write `<slug>.html` / `<slug>.pdf` for each area into `out` (created); returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for slug in slugs_ or slugs():
        if "html" in formats:
            path = out / f"{slug}.html"
            path.write_text(html(slug, on=on), encoding="utf-8")
            written.append(path)
        if "pdf" in formats:
            path = out / f"{slug}.pdf"
            path.write_bytes(pdf(slug, on=on))
            written.append(path)
    return written
