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
    """The active profile's settings with ``share`` of its examples (at least 3) and STEPS steps."""
    examples = scaled_examples(share, min_examples=3)
    return settings(settings.default, max_examples=examples, stateful_step_count=STEPS)


@pytest.mark.spec("MODEL-1", "MODEL-2")
def test_threading_server_matches_model(impl):
    run_state_machine_as_test(machine_for(impl, "threading"), settings=_settings(1.0))


@pytest.mark.spec("MODEL-3", "MODEL-2")
def test_sync_server_serialises_in_arrival_order(impl):
    run_state_machine_as_test(machine_for(impl, "sync"), settings=_settings(0.5))


@pytest.mark.spec("MODEL-4")
def test_forking_server_matches_model(impl):
    run_state_machine_as_test(machine_for(impl, "forking"), settings=_settings(0.4))
