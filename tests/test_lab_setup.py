"""What `make lab` (tools/start_lab.py) sets up so that a trainee's Lab shows calculators, leaves notebooks unmodified
and shows no news pop-up; the browser test (tests/browser/test_lab.py) checks one notebook end to end."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
import start_lab as lab
from nbformat.sign import NotebookNotary
from nbtools import LANGUAGE_INFO

from handbook.lab_kernel import HandbookKernel

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_kernel_reports_what_the_notebooks_store():
    """Lab writes the kernel's language_info into the notebook on start: equal values mean no change, no '●'."""
    assert HandbookKernel.language_info == LANGUAGE_INFO


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_notebook_stores_the_kernels_language_info(path):
    assert nbformat.read(path, as_version=4).metadata["language_info"] == LANGUAGE_INFO


def test_kernel_config_is_written_once_into_the_venv(tmp_path):
    path = lab.kernel_config(tmp_path)
    assert path == tmp_path / "etc" / "ipython" / "ipython_kernel_config.py"
    assert 'kernel_class = "handbook.lab_kernel.HandbookKernel"' in path.read_text()
    before = path.stat().st_mtime_ns
    lab.kernel_config(tmp_path)
    assert path.stat().st_mtime_ns == before


def test_trust_signs_without_touching_the_files(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    copies = []
    for path in NOTEBOOKS:
        (tmp_path / path.name).write_bytes(path.read_bytes())
        copies.append(tmp_path / path.name)
    assert lab.trust(copies) == len(NOTEBOOKS)
    notary = NotebookNotary()
    for copy, original in zip(copies, NOTEBOOKS):
        assert copy.read_bytes() == original.read_bytes()
        assert notary.check_signature(nbformat.read(copy, as_version=4)), copy.name


def test_news_and_update_check_are_off_in_the_projects_lab_settings():
    overrides = json.loads((ROOT / "lab" / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false", "checkForUpdates": False}
    command = lab.command(8888)
    assert f"--LabApp.app_settings_dir={ROOT / 'lab'}" in command and "--ServerApp.ip=127.0.0.1" in command


def test_the_banner_shows_the_one_address_to_open():
    text = lab.banner("http://127.0.0.1:8888/lab?token=abc")
    assert [line.strip() for line in text.splitlines()].count("http://127.0.0.1:8888/lab?token=abc") == 1


def test_upload_limits_agree_between_the_calculator_lab_and_the_app():
    """The page script holds back a file over the calculator's limit; anything under it fits one WebSocket message."""
    from handbook.widgets.audit import TOO_LARGE_MARKER, UPLOAD_LIMIT

    template = (ROOT / "app" / "share" / "voila" / "templates" / "handbook" / "index.html.j2").read_text()
    assert f"LIMIT = {UPLOAD_LIMIT}," in template and f'MARKER = "{TOO_LARGE_MARKER.decode()}"' in template
    voila = (ROOT / "app" / "voila.py").read_text()
    assert "UPLOAD_MESSAGE_LIMIT = 64 * 1024 * 1024" in voila and 64 * 1024 * 1024 > UPLOAD_LIMIT * 4
    lab_config = (ROOT / "lab" / "jupyter_lab_config.py").read_text()
    assert '"websocket_max_message_size": 1024 * 1024 * 1024' in lab_config
