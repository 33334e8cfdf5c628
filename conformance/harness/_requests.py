"""One request from a new client, and its reply: one line (stream) or one datagram each way."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from socketserver_conformance.harness._clients import ClientTimeout
from socketserver_conformance.harness._bounds import bounds

if TYPE_CHECKING:  # only for annotations: _servers imports nothing from here
    from socketserver_conformance.harness._servers import RunningServer


class Request:
    """A new client of ``srv`` (closed with the server) that sends ``data`` at once (nothing
    when it is None); the test reads the reply later, with a deadline.

    ``data`` is sent as it is, unless ``as_line``: then on a stream transport it is one line,
    sent with a newline added, and ``reply()`` gives the reply line without its newline.  A
    datagram transport sends and receives bare datagrams either way.
    """

    def __init__(self, srv: "RunningServer", data: Optional[bytes] = None, *, as_line: bool = False) -> None:
        self.client: Any = srv.client()
        self._srv = srv
        self._stream = srv.transport.is_stream
        self._line = as_line and self._stream
        if data is not None:
            self.send(data)

    def send(self, data: bytes) -> None:
        """Send ``data`` on this request's client (with a newline added when it is a line)."""
        self.client.send(data + b"\n" if self._line else data)

    def reply(self, timeout: Optional[float] = None) -> bytes:
        """The next line (up to its newline, or to EOF) or datagram from the server;
        ClientTimeout, carrying what had arrived, when it does not come within ``timeout``."""
        timeout = bounds.or_soon(timeout)
        try:
            if not self._stream:
                data, _ = self.client.recv(timeout)
                return data
            line = self.client.recv_line(timeout)
        except ClientTimeout as exc:
            # Say why no reply came when the server's own loop is what ended.
            error = self._srv.loop_error if self._srv.loop_returned.is_set() else None
            if error is not None:
                raise ClientTimeout(f"{exc} (serve_forever() had raised {error!r})", exc.received) from None
            raise
        return line.rstrip(b"\n") if self._line else line

    def reply_or_partial(self, timeout: Optional[float] = None) -> bytes:
        """``reply()``, or whatever had arrived when ``timeout`` ran out (b'' for nothing)."""
        timeout = bounds.or_soon(timeout)
        try:
            return self.reply(timeout)
        except ClientTimeout as exc:
            return exc.received
