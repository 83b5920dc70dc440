"""Shared helpers of the browser tests (paths, screenshots, the areas' notebooks); fixtures live in conftest.py."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
ARTIFACTS = ROOT / "tests" / "artifacts"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / (re.sub(r"[^A-Za-z0-9_.-]+", "-", name) + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path


def area_notebooks() -> list[str]:
    from handbook import areas

    return [a.notebook for a in areas.AREAS]


def missing_area_notebooks() -> list[str]:
    return [nb for nb in area_notebooks() if not (NOTEBOOKS / nb).exists()]
