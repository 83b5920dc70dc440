"""Sphinx configuration of the static site (`make docs`): plain Sphinx + MyST-NB + sphinx-book-theme.

    python tools/build_docs.py _build/html      # what `make docs` runs: sphinx-build -W -c docs notebooks _build/html

The source directory is `notebooks/` itself (this folder only holds the configuration and the vendored
JavaScript), so page names are the notebook names and the notebooks' own links (`01-customs-clearance.ipynb`)
resolve without edits.

- Nothing is executed (`nb_execution_mode = "off"`): the pages show the outputs committed in the notebooks,
  which nbval proves are what the code produces today. A notebook with an unexecuted code cell stops the build.
- One table of contents: `00-start-here` (the landing page and root document), then the notebooks of
  `handbook.areas.AREAS` in training order, then `handbook.areas.PAGES` (timeline, what-if, sources, glossary, checklists). It is injected into the landing page as a hidden toctree at read
  time, so no notebook carries a Sphinx directive. A notebook in `notebooks/` that is not in `AREAS` stops the
  build; so does an area whose notebook is missing (unless `-D handbook_partial=1`, used by the browser tests
  only while area notebooks are still being written).
- Widgets render from the saved widget state with `require.js` + `embed-amd.js` served from `_static/vendor/`
  (see tools/vendor_widgets_js.py), never from a CDN.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sphinx.util import logging

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))

from handbook import areas  # noqa: E402

START = "00-start-here"
logger = logging.getLogger("handbook.docs")

project = "Sellers' operations handbook"
author = "Seller operations"
copyright = "2026, Seller operations"
html_title = "Sellers' operations handbook"

extensions = ["myst_nb"]
root_doc = START
source_suffix = {".ipynb": "myst-nb", ".md": "myst-nb"}
exclude_patterns = ["data", "data/**", "**/.ipynb_checkpoints", "_build", "Thumbs.db", ".DS_Store"]
language = "en"

# Notebooks are rendered from their committed outputs; nothing runs at build time.
nb_execution_mode = "off"
# text/markdown outputs (md(), tables, the route) are MyST: tables, and links between notebooks resolve.
nb_render_markdown_format = "myst"
nb_merge_streams = True
# A quiz cell's output carries both the widget and a Markdown rendering (questions with folded answers).
# A static page has no kernel to check answers, so it shows the Markdown; only quiz outputs carry both.
nb_mime_priority_overrides = [("html", "text/markdown", 5), ("dirhtml", "text/markdown", 5)]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

# The widget manager's JavaScript, served from the site itself (docs/_static/vendor, committed).
nb_ipywidgets_js = {
    "vendor/require.js": {},
    "widgets-config.js": {},  # points require.js at _static/vendor (icon fonts load from there)
    "vendor/embed-amd.js": {},
}

html_theme = "sphinx_book_theme"
html_static_path = ["_static"]
html_css_files = ["handbook.css"]
html_extra_path = ["_extra"]  # index.html → 00-start-here.html
html_last_updated_fmt = None
html_show_sphinx = False
html_context = {"default_mode": "light"}  # pydata-sphinx-theme logs a console error without it
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "use_issues_button": False,
    "search_bar_text": "Search the handbook…",
}


def toc(srcdir: Path, *, partial: bool = False) -> list[str]:
    """The page order after the landing page: the areas' notebooks in training order, then the other pages
    (`handbook.areas.PAGES`: the policy timeline, the what-if workbench, the reference pages)."""
    pages = []
    for notebook in [a.notebook for a in areas.AREAS] + [p.notebook for p in areas.PAGES]:
        if (srcdir / notebook).exists() or not partial:
            pages.append(notebook.removesuffix(".ipynb"))
    return pages


def _partial(app) -> bool:
    return str(app.config.handbook_partial).strip().lower() in {"1", "true", "yes"}


def _check_sources(app) -> None:
    """Stop the build on a notebook outside the toc, a missing area notebook, or unexecuted code cells."""
    srcdir = Path(app.srcdir)
    partial = _partial(app)
    if partial:  # links from the landing page to notebooks not written yet
        app.config.suppress_warnings = [*app.config.suppress_warnings, "myst.xref_missing"]
    pages = toc(srcdir, partial=partial)
    problems = []
    for page in pages:
        if not (srcdir / f"{page}.ipynb").exists():
            problems.append(f"{page}.ipynb is listed in handbook/areas.py but does not exist")
    known = {START, *pages}
    for path in sorted(srcdir.glob("*.ipynb")):
        if path.stem not in known and not partial:
            problems.append(f"{path.name} is not in the table of contents: register it in handbook/areas.py (AREAS or PAGES)")
        if path.stem not in known:
            continue
        nb = json.loads(path.read_text(encoding="utf-8"))
        unexecuted = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code" and c.get("execution_count") is None]
        if unexecuted:
            problems.append(
                f"{path.name} has unexecuted code cells {unexecuted}: run `make notebook NB=notebooks/{path.name}`"
            )
    for problem in problems:  # with -W (make docs) each one fails the build
        logger.warning(problem, type="handbook", subtype="toc")


def _inject_toc(app, docname: str, source: list[str]) -> None:
    """Append the site's hidden toctree to the landing notebook, as a last Markdown cell (read time only)."""
    if docname != START:
        return
    nb = json.loads(source[0])
    entries = "\n".join(toc(Path(app.srcdir), partial=_partial(app)))
    nb["cells"].append(
        {"cell_type": "markdown", "id": "handbook-toc", "metadata": {}, "source": f"```{{toctree}}\n:hidden:\n:maxdepth: 1\n\n{entries}\n```\n"}
    )
    source[0] = json.dumps(nb)


def _write_checklists(app, exception) -> None:
    """Print-ready checklists beside the pages: checklists/<area>.html and .pdf, as of the handbook's date."""
    if exception is not None or app.builder.format != "html":
        return
    from handbook import policy
    from handbook.reference import checklists

    checklists.write(Path(app.outdir) / "checklists", on=policy.today())


def setup(app):
    app.add_config_value("handbook_partial", False, "env", types=(bool, int, str))
    app.connect("builder-inited", _check_sources)
    app.connect("source-read", _inject_toc)
    app.connect("build-finished", _write_checklists)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
