"""The app's index page data: the policy areas in training order (handbook/areas.py), then the reference pages
(handbook/pages.py)."""

from __future__ import annotations

from pathlib import Path

from handbook import areas, pages

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
START = "00-start-here.ipynb"


def areas_for_index(notebooks: Path = NOTEBOOKS) -> list[dict]:
    """One entry per app: the start page, every area, then the reference pages; `available` is False while its notebook is missing."""
    entries = [{"step": 0, "slug": "start", "notebook": START, "title": "Start here", "title_zh": "",
                "platform": "All platforms", "minutes": 0, "can_do_after": "", "available": (notebooks / START).exists()}]
    for step, a in enumerate(areas.AREAS, 1):
        entries.append({"step": step, "slug": a.slug, "notebook": a.notebook, "title": a.title, "title_zh": a.title_zh,
                        "platform": a.platform, "minutes": a.minutes, "can_do_after": a.can_do_after,
                        "available": (notebooks / a.notebook).exists()})
    for p in pages.REFERENCE_PAGES:  # not steps of the route: no number
        entries.append({"step": None, "slug": p.slug, "notebook": p.notebook, "title": p.title, "title_zh": p.title_zh,
                        "platform": "Reference", "minutes": 0, "can_do_after": "", "what": p.what,
                        "available": (notebooks / p.notebook).exists()})
    return entries
