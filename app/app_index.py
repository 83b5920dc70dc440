"""The app's index page data: the policy areas in training order, then the other pages, from handbook/areas.py."""

from __future__ import annotations

from pathlib import Path

from handbook import areas

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
START = "00-start-here.ipynb"


def areas_for_index(notebooks: Path = NOTEBOOKS) -> list[dict]:
    """One entry per app: the start page, then every area; `available` is False while its notebook is missing."""
    entries = [{"step": 0, "slug": "start", "notebook": START, "title": "Start here", "title_zh": "",
                "platform": "All platforms", "minutes": 0, "can_do_after": "", "available": (notebooks / START).exists()}]
    for step, a in enumerate(areas.AREAS, 1):
        entries.append({"step": step, "slug": a.slug, "notebook": a.notebook, "title": a.title, "title_zh": a.title_zh,
                        "platform": a.platform, "minutes": a.minutes, "can_do_after": a.can_do_after,
                        "available": (notebooks / a.notebook).exists()})
    for p in areas.PAGES:  # beside the route: timeline, what-if workbench, reference pages
        entries.append({"step": "", "slug": p.slug, "notebook": p.notebook, "title": p.title, "title_zh": p.title_zh,
                        "platform": f"For {p.audience}", "minutes": p.minutes, "can_do_after": "",
                        "what": p.what, "available": (notebooks / p.notebook).exists()})
    return entries
