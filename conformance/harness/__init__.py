"""The harness's public surface: servers, clients, the recorder, transports, verdicts.

What two or more areas use has its one definition here: ``scaled_examples`` (fewer examples
for expensive tests), ``BackgroundCall`` (a call in a helper thread, watched with bounded
waits), ``Request`` (one request and its reply), ``recording_handler_for`` (a recording
handler on a transport's handler base), ``quiet_handle_error``, and ``usable_transports`` /
``draw_transport`` (the transports an implementation can serve here).

A typical conformance test::

    @pytest.mark.spec("FRAME-1")
    @pytest.mark.parametrize("transport", transport_params(STREAM_TRANSPORTS))
    @given(lines=line_lists())
    def test_readline_yields_client_lines(impl, transport, lines):
        rec = Recorder()
        got = []
        handler = recording_handler_for(impl, transport, rec,
                                        handle=lambda h: got.extend(iter(h.rfile.readline, b"")))
        with start_server(impl, transport, handler, recorder=rec) as srv:
            with srv.client() as c:
                c.send(b"".join(lines)); c.half_close()
                rec.wait_count("handle:exit")
        expect(got == lines, "FRAME-1", f"handler read {got!r} for client lines {lines!r}")
"""
from socketserver_conformance.harness._background import BackgroundCall, use_interrupts_of
from socketserver_conformance.harness._bounds import Bounds, bounds
from socketserver_conformance.harness._clients import ClientTimeout, DatagramClient, StreamClient
from socketserver_conformance.harness._events import Event, Gate, Recorder
from socketserver_conformance.harness._examples import scaled_examples
from socketserver_conformance.harness._instrument import (SERVER_HOOKS, quiet_handle_error, recording_handler,
                                                          recording_server)
from socketserver_conformance.harness._requests import Request
from socketserver_conformance.harness._servers import (POLL_INTERVAL, RunningServer, api_class,
                                                       expect_context_manager, recording_handler_for, require,
                                                       server_class, start_server)
from socketserver_conformance.harness._threads import (current_thread, excepthook_namespaces, join_thread,
                                                      use_threads_of)
from socketserver_conformance.harness._transports import (DATAGRAM_TRANSPORTS, STREAM_TRANSPORTS, TCP, TCP6,
                                                          TRANSPORTS, UDP, UDP6, UNIX_DGRAM, UNIX_STREAM, Transport,
                                                          draw_transport, private_dir, transport_params,
                                                          usable_transports)
from socketserver_conformance.harness._violations import ClauseViolation, HarnessTimeout, expect, violated

__all__ = [
    "BackgroundCall", "Bounds", "ClauseViolation", "ClientTimeout", "DATAGRAM_TRANSPORTS", "DatagramClient", "Event",
    "Gate", "HarnessTimeout", "POLL_INTERVAL", "Recorder", "Request", "RunningServer", "SERVER_HOOKS",
    "STREAM_TRANSPORTS", "StreamClient", "TCP", "TCP6", "TRANSPORTS", "Transport", "UDP", "UDP6",
    "UNIX_DGRAM", "UNIX_STREAM", "api_class", "bounds", "current_thread", "excepthook_namespaces", "draw_transport", "expect", "expect_context_manager", "private_dir", "quiet_handle_error",
    "recording_handler", "recording_handler_for", "recording_server", "require", "scaled_examples",
    "server_class", "start_server", "join_thread", "transport_params", "usable_transports",
    "use_interrupts_of", "use_threads_of", "violated",
]


def __getattr__(name: str) -> object:
    if name == "SOON":  # a constant would keep its import-time value: the scale comes later
        raise ImportError("SOON is now bounds.soon (socketserver_conformance.harness.bounds), read at the "
                          "moment of the wait, so --conformance-time-scale reaches it")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
