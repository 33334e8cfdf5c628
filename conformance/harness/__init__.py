"""The harness's public surface: servers, clients, the recorder, transports, verdicts.

A typical conformance test::

    @pytest.mark.spec("FRAME-1")
    @pytest.mark.parametrize("transport", transport_params(STREAM_TRANSPORTS))
    @given(lines=line_lists())
    def test_readline_yields_client_lines(impl, transport, lines):
        rec = Recorder()
        got = []
        handler = recording_handler(api_class(impl, transport.handler_base), rec,
                                    handle=lambda h: got.extend(iter(h.rfile.readline, b"")))
        with start_server(impl, transport, handler, recorder=rec) as srv:
            with srv.client() as c:
                c.send(b"".join(lines)); c.half_close()
                rec.wait_count("handle:exit")
        expect(got == lines, "FRAME-1", f"handler read {got!r} for client lines {lines!r}")
"""
from socketserver_conformance.harness._clients import ClientTimeout, DatagramClient, StreamClient
from socketserver_conformance.harness._events import Event, Gate, Recorder
from socketserver_conformance.harness._instrument import SERVER_HOOKS, recording_handler, recording_server
from socketserver_conformance.harness._servers import (
    POLL_INTERVAL,
    RunningServer,
    api_class,
    require,
    server_class,
    start_server,
)
from socketserver_conformance.harness._transports import (
    DATAGRAM_TRANSPORTS,
    STREAM_TRANSPORTS,
    TCP,
    TCP6,
    TRANSPORTS,
    UDP,
    UDP6,
    UNIX_DGRAM,
    UNIX_STREAM,
    Transport,
    private_dir,
    transport_params,
)
from socketserver_conformance.harness._violations import SOON, ClauseViolation, HarnessTimeout, expect

__all__ = [
    "ClauseViolation", "ClientTimeout", "DATAGRAM_TRANSPORTS", "DatagramClient", "Event", "Gate",
    "HarnessTimeout", "POLL_INTERVAL", "Recorder", "RunningServer", "SERVER_HOOKS", "SOON",
    "STREAM_TRANSPORTS", "StreamClient", "TCP", "TCP6", "TRANSPORTS", "Transport", "UDP", "UDP6",
    "UNIX_DGRAM", "UNIX_STREAM", "api_class", "expect", "private_dir", "recording_handler",
    "recording_server", "require", "server_class", "start_server", "transport_params",
]
