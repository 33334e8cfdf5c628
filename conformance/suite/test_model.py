"""A stateful model of many clients against one server (see socketserver_conformance.kits.model).

Each test runs a Hypothesis state machine: every example starts one server, plays a short
random program of client actions against it, checks each client's replies and each
handler's lifecycle against the model after every step, and tears the server down.  A
failure shrinks to a short program of steps printed with the failing clause.
"""
from __future__ import annotations

import pytest
from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test

from socketserver_conformance.harness import scaled_examples
from socketserver_conformance.kits.model import machine_for

#: Steps per program: enough for a few clients to interleave, short enough to stay fast.
STEPS = 15


def _settings(share: float) -> settings:
    """The suite's profile with ``share`` of its examples (at least 3) and STEPS steps.

    Called at import, as ``@settings`` would be: only then is the active profile the suite's
    (the plugin loads it around the import), not the session's (Hypothesis' 100 examples and
    200 ms deadline, which a runtime whose every stop costs a second exceeds).
    """
    examples = scaled_examples(share, min_examples=3)
    return settings(settings.default, max_examples=examples, stateful_step_count=STEPS)


THREADING_SETTINGS, SYNC_SETTINGS, FORKING_SETTINGS = _settings(1.0), _settings(0.5), _settings(0.4)


@pytest.mark.spec("MODEL-1", "MODEL-2")
def test_threading_server_matches_model(impl):
    run_state_machine_as_test(machine_for(impl, "threading"), settings=THREADING_SETTINGS)


@pytest.mark.spec("MODEL-3", "MODEL-2")
def test_sync_server_serialises_in_arrival_order(impl):
    run_state_machine_as_test(machine_for(impl, "sync"), settings=SYNC_SETTINGS)


@pytest.mark.spec("MODEL-4")
def test_forking_server_matches_model(impl):
    run_state_machine_as_test(machine_for(impl, "forking"), settings=FORKING_SETTINGS)
