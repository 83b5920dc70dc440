"""Test-wide settings.

Hypothesis checks properties, not speed: its default 200 ms deadline per example turns a busy machine into
a failing test (no timed assertions in tests; speed targets live in benchmarks/).
"""

from hypothesis import settings

settings.register_profile("handbook", deadline=None)
settings.load_profile("handbook")
