"""Links from a citation to the Sources page. Imports nothing of the handbook, so the registry can use it."""

from __future__ import annotations

SOURCES_NOTEBOOK = "90-sources.ipynb"  # declared as a reference page in handbook.areas.PAGES


def link(sid: str) -> str:
    """A Markdown link from a citation to the Sources page, the source id as its text: '[财关税〔2018〕49号](90-sources.ipynb)'."""
    return f"[{sid}]({SOURCES_NOTEBOOK})"
