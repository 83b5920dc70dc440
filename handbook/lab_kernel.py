"""The IPython kernel `make lab` runs: ipykernel's own, reporting the Python version as major.minor.

JupyterLab copies the kernel's `language_info` into a notebook's metadata as soon as the kernel starts; if it
differs from what the file holds, the notebook is marked modified before the trainee has touched it, and a
habitual save then fails `make check-notebooks`. ipykernel reports the full version ('3.11.7'), which differs
from machine to machine, so the committed notebooks store `tools/nbtools.LANGUAGE_INFO` (major.minor) and this
kernel reports exactly that. Nothing else changes. `tools/start_lab.py` points the venv's IPython kernel config at it.
"""

from __future__ import annotations

import sys

from ipykernel.ipkernel import IPythonKernel

VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"


class HandbookKernel(IPythonKernel):
    language_info = {**IPythonKernel.language_info, "version": VERSION}
