"""The glossary: the Chinese terms staff see on screen, with pinyin, English and where each appears.

Built from three places, so it cannot fall behind the handbook:
- the on-screen terms the notebooks quote (`glossary.yaml`: term → English; a person decides the English),
- every parameter's Chinese label (`label_zh` → `label`),
- every policy area's Chinese name (`Area.title_zh` → `Area.title`).
Pinyin comes from `pypinyin` (tone marks; polyphonic characters follow its phrase dictionary). "Where it
appears" is found by reading the notebooks (text and stored outputs) and the parameter files.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pypinyin import Style, pinyin

from handbook import strict_yaml
from handbook.reference.sources import ReferenceFileError

GLOSSARY_FILE = Path(__file__).with_name("glossary.yaml")
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Term:
    """One glossary entry: `term` as shown on screen, its `pinyin`, its `english`, `where` (page titles)."""

    term: str
    pinyin: str
    english: str
    where: tuple[str, ...]


def to_pinyin(term: str) -> str:
    """Pinyin with tone marks, syllables separated by spaces: '拒付' → 'jù fù' (other characters kept)."""
    return " ".join(s[0] for s in pinyin(term, style=Style.TONE, errors=lambda chars: [chars]) if s[0].strip())


def _sort_key(term: str) -> str:
    return " ".join(s[0] for s in pinyin(term, style=Style.NORMAL, errors=lambda chars: [chars]))


def _curated() -> dict[str, str]:
    raw = strict_yaml.load(GLOSSARY_FILE.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ReferenceFileError(f"{GLOSSARY_FILE.name}: expected a mapping of term → English")
    out = {}
    for term, english in raw.items():
        if not isinstance(term, str) or not _HAN.search(term):
            raise ReferenceFileError(f"{GLOSSARY_FILE.name}: {term!r} is not a Chinese term")
        if not isinstance(english, str) or not english.strip():
            raise ReferenceFileError(f"{GLOSSARY_FILE.name}: {term!r} has no English meaning")
        out[term] = english.strip()
    return out


def _page_texts(notebooks: Path = NOTEBOOKS) -> dict[str, str]:
    """Page title → all the text a reader can see on it (cell sources and stored text outputs)."""
    pages = {}
    for path in sorted(notebooks.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        parts, title = [], path.stem
        for cell in nb["cells"]:
            src = "".join(cell["source"])
            parts.append(src)
            if cell["cell_type"] == "markdown" and title == path.stem and src.startswith("# "):
                title = src.splitlines()[0][2:].strip()
            if "areas.whats_next(" in src:
                continue  # navigation: the next page's title is not this page's use of a term
            for out in cell.get("outputs", []):
                for mime in ("text/markdown", "text/html", "text/plain"):
                    if mime in out.get("data", {}):
                        parts.append("".join(out["data"][mime]))
        pages[title] = "\n".join(parts)
    return pages


@cache
def terms() -> tuple[Term, ...]:
    """Every glossary term, sorted by pinyin (the order of a Chinese dictionary)."""
    from handbook import areas, policy

    english: dict[str, str] = {}
    for a in areas.AREAS:
        english.setdefault(a.title_zh, a.title)
    for pid in policy.ids():
        parameter = policy.describe(pid)
        if parameter.label_zh and _HAN.search(parameter.label_zh):
            english.setdefault(parameter.label_zh, parameter.label)
    english.update(_curated())
    pages = _page_texts()
    out = []
    for term, meaning in english.items():
        where = tuple(title for title, text in pages.items() if term in text)
        out.append(Term(term, to_pinyin(term), meaning, where))
    return tuple(sorted(out, key=lambda t: (_sort_key(t.term), t.term)))


def unused() -> list[str]:
    """Curated terms that no page shows any more (a test keeps this empty)."""
    from handbook import policy

    params = " ".join(policy.describe(pid).label_zh + " " + str(policy.describe(pid).values) for pid in policy.ids())
    seen = {t.term for t in terms() if t.where}
    return [t for t in _curated() if t not in seen and t not in params]


def glossary_page():
    """The glossary as a Markdown table: term, pinyin, English, where it appears."""
    from handbook.text import table

    rows = [{"Term": t.term, "Pinyin": t.pinyin, "English": t.english,
             "Where it appears": "; ".join(t.where) if t.where else "parameters only"} for t in terms()]
    return table(rows, ["Term", "Pinyin", "English", "Where it appears"])
