"""Message framing: rfile/wfile of StreamRequestHandler and DatagramRequestHandler."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.harness import (STREAM_TRANSPORTS, Recorder, api_class, expect, recording_handler,
                                 start_server, transport_params)
from conformance.strategies import chunkings, line_lists


@pytest.mark.spec("FRAME-1")
@pytest.mark.parametrize("transport", transport_params(STREAM_TRANSPORTS))
@given(data=st.data())
def test_readline_yields_client_lines(impl, transport, data):
    lines = data.draw(line_lists(), label="lines")
    segments = data.draw(chunkings(b"".join(lines)), label="segments")
    rec = Recorder()
    got = []
    handler = recording_handler(api_class(impl, transport.handler_base), rec,
                                handle=lambda h: got.extend(iter(h.rfile.readline, b"")))
    with start_server(impl, transport, handler, recorder=rec) as srv:
        client = srv.client()
        client.send_segments(segments)
        client.half_close()
        rec.wait_count("handle:exit")
    # Rule: the handler reads back exactly the lines the client sent.
    expect(got == lines, "FRAME-1", f"handler read {got!r} for client lines {lines!r} sent as {segments!r}")
