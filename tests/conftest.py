"""Every test runs against the source figures of `tests/source_figures.py`, not the live parameter files.

So a policy change (a new dated value in a parameter file, or HANDBOOK_PARAMETERS_OVERLAY) fails only the
table in `tests/test_source_figures.py`, which compares the live registry with those figures; mechanism tests
keep testing the mechanism. A test that needs the live registry itself carries `@pytest.mark.live_registry`.
Notebooks (nbval) run in kernels of their own and see the live registry and the overlay: their stored outputs
are what a policy change is meant to move.

Hypothesis checks properties, not speed: its default 200 ms deadline per example turns a busy machine into
a failing test (no timed assertions in tests; speed targets live in benchmarks/).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings
from source_figures import pinned_parameters

from handbook import figure_check, policy

settings.register_profile("handbook", deadline=None)
settings.load_profile("handbook")

LIVE = policy._PARAMETERS
PINNED = pinned_parameters()
# Module-level figures read while the test modules are imported see the source figures too; the overlay from
# the environment is put back once collection is over, for the notebook kernels.
LIVE_OVERLAY = os.environ.pop(policy.OVERLAY_ENV, None)
policy._PARAMETERS = PINNED


def pytest_collection_finish(session):
    if LIVE_OVERLAY is not None:
        os.environ[policy.OVERLAY_ENV] = LIVE_OVERLAY


def _clear_caches() -> None:
    cached = getattr(figure_check, "patterns", None)
    if hasattr(cached, "cache_clear"):
        cached.cache_clear()


@pytest.fixture(autouse=True)
def source_figures(request, monkeypatch):
    """The registry as the source figures make it, with no overlay from the environment (or the live one)."""
    if request.node.get_closest_marker("live_registry"):
        monkeypatch.setattr(policy, "_PARAMETERS", LIVE)
        if LIVE_OVERLAY is not None:
            monkeypatch.setenv(policy.OVERLAY_ENV, LIVE_OVERLAY)
    else:
        monkeypatch.setattr(policy, "_PARAMETERS", PINNED)
        monkeypatch.delenv(policy.OVERLAY_ENV, raising=False)
    _clear_caches()
    yield
    _clear_caches()
