"""`tools/nbtools.py diff`: the rendered lines of a notebook that moved since a git revision, nothing else."""

from __future__ import annotations

import subprocess

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output
from nbtools import diff


def _notebook(text: str, model_id: str):
    cell = new_code_cell("show()")
    cell.outputs = [new_output("display_data", data={"text/html": f"<b>{text}</b>",
                                                     "application/vnd.jupyter.widget-view+json": {"model_id": model_id}})]
    return new_notebook(cells=[cell])


def test_diff_shows_moved_text_and_ignores_widget_ids(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    path = tmp_path / "n.ipynb"
    nbformat.write(_notebook("Due on Mon 28 Dec", "a" * 32), path)
    subprocess.run([*git, "add", "n.ipynb"], check=True)
    subprocess.run([*git, "commit", "-qm", "one"], check=True)
    nbformat.write(_notebook("Due on Mon 28 Dec", "b" * 32), path)  # only the widget id moved
    assert diff(path.relative_to(tmp_path)) == []
    nbformat.write(_notebook("Due on Tue 29 Dec", "c" * 32), path)
    moved = diff(path.relative_to(tmp_path))
    assert any("- Due on Mon 28 Dec" in line for line in moved) and any("+ Due on Tue 29 Dec" in line for line in moved)

