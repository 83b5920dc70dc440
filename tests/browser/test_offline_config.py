"""Fast checks (no browser) of what keeps the site and the app offline and local."""

from __future__ import annotations

import re
import sys

import build_docs
import pytest
import vendor_widgets_js
from browser_support import ROOT

from handbook import areas

sys.path.insert(0, str(ROOT / "docs"))
sys.path.insert(0, str(ROOT / "app"))

import app_index  # noqa: E402
import serve  # noqa: E402

OUTSIDE = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def test_vendored_widget_javascript_matches_its_manifest():
    assert vendor_widgets_js.check() == []


@pytest.fixture(scope="module")
def conf():
    import importlib.util

    spec = importlib.util.spec_from_file_location("handbook_docs_conf", ROOT / "docs" / "conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_site_renders_stored_outputs_from_the_vendored_javascript(conf):
    assert conf.nb_execution_mode == "off"
    assert conf.root_doc == "00-start-here"
    assert all(not re.match(r"(?:https?:)?//", path) for path in conf.nb_ipywidgets_js)
    for path in conf.nb_ipywidgets_js:
        assert (ROOT / "docs" / "_static" / path).is_file(), path


def test_site_toc_is_the_training_order_then_the_other_pages(conf, tmp_path):
    notebooks = [a.notebook for a in areas.AREAS] + [p.notebook for p in areas.PAGES]
    for notebook in notebooks:
        (tmp_path / notebook).touch()
    assert conf.toc(tmp_path) == [n.removesuffix(".ipynb") for n in notebooks]
    (tmp_path / areas.AREAS[0].notebook).unlink()
    assert conf.toc(tmp_path, partial=True) == [n.removesuffix(".ipynb") for n in notebooks[1:]]
    assert conf.toc(tmp_path) == [n.removesuffix(".ipynb") for n in notebooks]  # strict: still listed


def test_docs_build_fails_on_warnings_and_executes_nothing(tmp_path):
    command = build_docs.command(tmp_path / "html")
    assert "-W" in command and "--keep-going" in command
    assert command[-2:] == [str(ROOT / "notebooks"), str(tmp_path / "html")]
    assert "handbook_partial=1" not in command


def test_app_listens_on_localhost_only():
    command = serve.command(8866)
    assert "--Voila.ip=127.0.0.1" in command
    assert not any("0.0.0.0" in part for part in command)
    config = (ROOT / "app" / "voila.py").read_text(encoding="utf-8")
    assert 'c.Voila.ip = "127.0.0.1"' in config and "0.0.0.0" not in config


def test_app_templates_reference_nothing_outside():
    templates = sorted((ROOT / "app" / "share").rglob("*.*"))
    assert templates
    for path in templates:
        assert not OUTSIDE.search(path.read_text(encoding="utf-8")), path


def test_app_index_lists_every_area_in_training_order_then_the_other_pages():
    entries = app_index.areas_for_index()
    assert [e["notebook"] for e in entries] == ["00-start-here.ipynb", *(a.notebook for a in areas.AREAS),
                                               *(p.notebook for p in areas.PAGES)]
    assert entries[0]["available"]
    for entry in entries:
        assert entry["available"] == (ROOT / "notebooks" / entry["notebook"]).exists()
