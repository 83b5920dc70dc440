"""tools/nbtools.py keeps only the saved widget models a notebook displays (and the models they reference)."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output
from nbtools import WIDGET_STATE, WIDGET_VIEW, clean


def model(name: str, **state) -> dict:
    return {"model_name": name, "model_module": "@jupyter-widgets/controls", "model_module_version": "2.0.0",
            "state": state}


def test_models_no_output_displays_are_dropped():
    nb = new_notebook(cells=[new_code_cell("calc()", execution_count=1, outputs=[
        new_output("display_data", data={WIDGET_VIEW: {"model_id": "aa", "version_major": 2, "version_minor": 0},
                                         "text/plain": "<Calculator>"})])])
    state = {
        "aa": model("VBoxModel", children=["IPY_MODEL_bb"], layout="IPY_MODEL_cc"),
        "bb": model("HTMLModel", value="result", layout="IPY_MODEL_cc"),
        "cc": model("LayoutModel"),
        "dd": model("VBoxModel", children=["IPY_MODEL_ee"]),  # built and thrown away: never displayed
        "ee": model("HTMLModel", value="other"),
    }
    nb.metadata["widgets"] = {WIDGET_STATE: {"state": state, "version_major": 2, "version_minor": 0}}
    cleaned = clean(nbformat.from_dict(nb))
    assert set(cleaned.metadata["widgets"][WIDGET_STATE]["state"]) == {"aa", "bb", "cc"}
