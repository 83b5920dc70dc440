"""Reference pages: notebooks that are not part of the training route but belong to every reader.

The site's table of contents, the app's index and the start page list them after the policy areas of
`handbook.areas`, in this order. A reference page follows a shortened skeleton (title, Overview, content,
Summary, What's next) and, like an area, is one declaration here plus its notebook.
"""

from __future__ import annotations

from dataclasses import dataclass

from handbook.reference.links import SOURCES_NOTEBOOK


@dataclass(frozen=True)
class Page:
    """A reference page: `slug`, its `notebook` in notebooks/, `title`, and what a reader finds there."""

    slug: str
    notebook: str
    title: str
    title_zh: str
    what: str


REFERENCE_PAGES: tuple[Page, ...] = (
    Page("sources", SOURCES_NOTEBOOK, "Sources", "资料来源",
         "every article and document the handbook cites: who published it, when, what it covers, which figures cite it"),
    Page("glossary", "91-glossary.ipynb", "Glossary", "术语表",
         "the Chinese terms you see on screen, with pinyin, English and the pages that use them"),
    Page("checklists", "92-checklists.ipynb", "Checklists", "检查清单",
         "one page per policy area to print and pin up, with today's figures"),
)


def page(slug: str) -> Page:
    for p in REFERENCE_PAGES:
        if p.slug == slug:
            return p
    from handbook.errors import PolicyInputError

    raise PolicyInputError("page", slug, "one of " + ", ".join(p.slug for p in REFERENCE_PAGES))


def reference_list() -> str:
    """The reference pages as a Markdown list (start page, What's next of reference pages)."""
    from handbook.text import Prose

    return Prose("\n".join(f"- [{p.title} ({p.title_zh})]({p.notebook}) — {p.what}" for p in REFERENCE_PAGES))
