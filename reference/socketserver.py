"""socketserver, re-derived from the Python documentation (not from CPython's source).

Theory of operation
-------------------
A server is a listening socket plus a loop.  ``serve_forever`` waits, with one selector, on the
server socket *and* on a wake-up pipe that exists only while the loop runs.  Each readable
server socket becomes one request: ``get_request`` -> ``verify_request`` -> ``process_request``
-> (``finish_request`` -> the handler's ``setup``/``handle``/``finish``) -> ``shutdown_request``.
Every pass of the loop, request or not, ends with ``service_actions()``; a pass lasts at most
``poll_interval``.  ``shutdown()`` sets a flag, writes one byte to the pipe so the loop wakes at
once, and waits on an event the loop sets as it leaves; ``serve_forever`` clears the flag on
the way out, so the server can be served again.

The mixins replace only ``process_request`` (where a request runs) and ``server_close`` (what
closing waits for); the composite classes are the mixin listed before the server class.

Where the documentation leaves room, this implementation chooses (all within the contract
the suite checks):

* **Shutdown is immediate.**  CPython's loop notices ``shutdown()`` at its next poll (up to
  ``poll_interval`` later); here the wake-up pipe ends the wait at once.
* **Handler threads are tracked without growing.**  ``ThreadingMixIn`` keeps its live,
  non-daemon threads in a set that each thread leaves when it ends, so a long-lived server
  holds no record of finished requests; ``server_close`` joins what is left (``block_on_close``).
* **Children are reaped by pid.**  ``ForkingMixIn`` waits only for the pids it forked, never
  ``waitpid(-1)``, so it cannot swallow the exit status of a child someone else started, even
  when ``max_children`` is reached; at the cap it waits (with a pidfd per child) for whichever
  of its own children finishes first.
* **Every resource is released on every path.**  A constructor whose bind or activate fails
  closes its socket before re-raising; a failing ``process_request`` still shuts the request
  down; the child of a forking server leaves with ``os._exit`` whatever its handler raised; the
  wake-up pipe is closed when the loop ends, whatever ended it.
* **The write side is shut before close.**  ``TCPServer.shutdown_request`` sends EOF to the
  client even if another process (a forked child) still holds the descriptor.
"""
from __future__ import annotations

import io
import os
import selectors
import socket
import sys
import threading
import time
import traceback
from typing import Any, Optional, Set, Tuple

__version__ = "0.1.0"

__all__ = ["BaseServer", "TCPServer", "UDPServer", "ThreadingMixIn", "ThreadingTCPServer",
           "ThreadingUDPServer", "BaseRequestHandler", "StreamRequestHandler",
           "DatagramRequestHandler"]


class BaseServer:
    """The request loop and per-request hooks, independent of any socket type."""

    timeout: Optional[float] = None

    def __init__(self, server_address: Any, RequestHandlerClass: type) -> None:
        self.server_address = server_address
        self.RequestHandlerClass = RequestHandlerClass
        self._stop_requested = False
        self._loop_idle = threading.Event()
        self._loop_idle.set()
        self._wake_lock = threading.Lock()
        self._wake_r = self._wake_w = -1  # a pipe only while serve_forever() runs

    # -- the loop ------------------------------------------------------------------------
    def serve_forever(self, poll_interval: float = 0.5) -> None:
        self._loop_idle.clear()
        with self._wake_lock:
            self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        try:
            with selectors.DefaultSelector() as selector:
                selector.register(self, selectors.EVENT_READ, "request")
                selector.register(self._wake_r, selectors.EVENT_READ, "wake")
                while not self._stop_requested:
                    ready = {key.data for key, _ in selector.select(poll_interval)}
                    if "wake" in ready:
                        self._drain_wakeups()
                    if self._stop_requested:
                        break
                    if "request" in ready:
                        self._handle_one_request()
                    self.service_actions()
        finally:
            with self._wake_lock:
                os.close(self._wake_r)
                os.close(self._wake_w)
                self._wake_r = self._wake_w = -1
            self._stop_requested = False
            self._loop_idle.set()

    def _drain_wakeups(self) -> None:
        try:
            while os.read(self._wake_r, 512):
                pass
        except (BlockingIOError, OSError):
            pass

    def shutdown(self) -> None:
        """Ask serve_forever() to stop and wait until it has (call it from another thread)."""
        self._stop_requested = True
        with self._wake_lock:
            if self._wake_w != -1:
                try:
                    os.write(self._wake_w, b"x")
                except BlockingIOError:
                    pass  # the pipe is full of wake-ups already
        self._loop_idle.wait()

    def service_actions(self) -> None:
        """Called once per loop iteration; a hook for subclasses and mixins."""

    def handle_request(self) -> None:
        """Handle one request, or call handle_timeout() if none comes within the timeout."""
        timeout = self.timeout
        socket_timeout = self.socket.gettimeout() if hasattr(self, "socket") else None
        if socket_timeout is not None:
            timeout = socket_timeout if timeout is None else min(timeout, socket_timeout)
        with selectors.DefaultSelector() as selector:
            selector.register(self, selectors.EVENT_READ)
            if not selector.select(timeout):
                self.handle_timeout()
                return
        self._handle_one_request()

    def _handle_one_request(self) -> None:
        try:
            request, client_address = self.get_request()
        except OSError:
            return  # nothing to accept after all (another process took it, or we were closed)
        if not self.verify_request(request, client_address):
            self.shutdown_request(request)
            return
        try:
            self.process_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
            self.shutdown_request(request)
        except BaseException:
            self.shutdown_request(request)
            raise

    # -- hooks ---------------------------------------------------------------------------
    def server_activate(self) -> None:
        pass

    def handle_timeout(self) -> None:
        pass

    def verify_request(self, request: Any, client_address: Any) -> bool:
        return True

    def process_request(self, request: Any, client_address: Any) -> None:
        self.finish_request(request, client_address)
        self.shutdown_request(request)

    def finish_request(self, request: Any, client_address: Any) -> None:
        self.RequestHandlerClass(request, client_address, self)

    def shutdown_request(self, request: Any) -> None:
        self.close_request(request)

    def close_request(self, request: Any) -> None:
        pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        print(f"socketserver: error while handling a request from {client_address!r}:",
              file=sys.stderr)
        traceback.print_exc()

    def server_close(self) -> None:
        pass

    def __enter__(self) -> "BaseServer":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.server_close()


class TCPServer(BaseServer):
    address_family = socket.AF_INET
    socket_type = socket.SOCK_STREAM
    request_queue_size = 5
    allow_reuse_address = False
    allow_reuse_port = False

    def __init__(self, server_address: Any, RequestHandlerClass: type,
                 bind_and_activate: bool = True) -> None:
        BaseServer.__init__(self, server_address, RequestHandlerClass)
        self.socket = socket.socket(self.address_family, self.socket_type)
        if bind_and_activate:
            try:
                self.server_bind()
                self.server_activate()
            except BaseException:
                self.server_close()
                raise

    def server_bind(self) -> None:
        if self.allow_reuse_address and hasattr(socket, "SO_REUSEADDR"):
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if self.allow_reuse_port and hasattr(socket, "SO_REUSEPORT"):
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        self.socket.bind(self.server_address)
        self.server_address = self.socket.getsockname()

    def server_activate(self) -> None:
        self.socket.listen(self.request_queue_size)

    def server_close(self) -> None:
        self.socket.close()
        BaseServer.server_close(self)

    def fileno(self) -> int:
        return self.socket.fileno()

    def get_request(self) -> Tuple[Any, Any]:
        return self.socket.accept()

    def shutdown_request(self, request: Any) -> None:
        try:
            request.shutdown(socket.SHUT_WR)  # let the client see EOF even if others hold the fd
        except OSError:
            pass
        self.close_request(request)

    def close_request(self, request: Any) -> None:
        request.close()


class UDPServer(TCPServer):
    socket_type = socket.SOCK_DGRAM
    max_packet_size = 8192

    def server_activate(self) -> None:
        pass  # datagram sockets do not listen

    def get_request(self) -> Tuple[Any, Any]:
        data, client_address = self.socket.recvfrom(self.max_packet_size)
        return (data, self.socket), client_address

    def shutdown_request(self, request: Any) -> None:
        self.close_request(request)

    def close_request(self, request: Any) -> None:
        pass  # the socket is the server's own


class ThreadingMixIn:
    """Handle each request in a new thread."""

    daemon_threads = False
    block_on_close = True

    def _run_in_thread(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)  # type: ignore[attr-defined]
        except Exception:
            self.handle_error(request, client_address)  # type: ignore[attr-defined]
        finally:
            self.shutdown_request(request)  # type: ignore[attr-defined]
            with self._live_lock():
                self._live_threads().discard(threading.current_thread())

    def _live_threads(self) -> Set[threading.Thread]:
        if "_handler_threads" not in self.__dict__:
            self.__dict__["_handler_threads"] = set()
        return self.__dict__["_handler_threads"]

    def _live_lock(self) -> threading.Lock:
        return self.__dict__.setdefault("_handler_lock", threading.Lock())

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(target=self._run_in_thread, args=(request, client_address))
        thread.daemon = self.daemon_threads
        if not thread.daemon and self.block_on_close:
            with self._live_lock():
                self._live_threads().add(thread)
        thread.start()

    def server_close(self) -> None:
        super().server_close()  # type: ignore[misc]
        if self.block_on_close:
            with self._live_lock():
                waiting = list(self._live_threads())
            for thread in waiting:
                thread.join()


if hasattr(os, "fork"):
    class ForkingMixIn:
        """Handle each request in a new child process."""

        timeout: Optional[float] = 300
        active_children: Optional[Set[int]] = None
        max_children = 40
        block_on_close = True

        def collect_children(self, *, blocking: bool = False) -> None:
            """Reap finished children (all of them when ``blocking``); never more than our own."""
            if not self.active_children:
                return
            while len(self.active_children) >= self.max_children:
                self._wait_for_any_child()  # at the cap: the first of ours to finish frees a slot
                for pid in list(self.active_children):
                    self._reap(pid, block=False)
            for pid in list(self.active_children):
                self._reap(pid, block=blocking)

        def _wait_for_any_child(self) -> None:
            """Block until one of *our* children has exited, without reaping anyone.

            waitpid(-1) would reap strangers' children too; waiting on one pid would wait for
            that child even when another has already finished.  A pidfd per child waits for
            whichever of ours ends first; without pidfds, poll our pids every 10 ms.
            """
            pidfd_open = getattr(os, "pidfd_open", None)
            pids = list(self.active_children or ())
            if pidfd_open is not None:
                fds = []
                try:
                    for pid in pids:
                        try:
                            fds.append(pidfd_open(pid))
                        except ProcessLookupError:
                            return  # gone already: the caller's reaping pass forgets it
                    with selectors.DefaultSelector() as selector:
                        for fd in fds:
                            selector.register(fd, selectors.EVENT_READ)
                        selector.select()  # a pidfd turns readable when its process exits
                    return
                except OSError:
                    pass  # pidfds unsupported here after all: poll
                finally:
                    for fd in fds:
                        os.close(fd)
            while all(self._running(pid) for pid in pids):
                time.sleep(0.01)

        @staticmethod
        def _running(pid: int) -> bool:
            try:
                return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None
            except ChildProcessError:
                return False

        def _reap(self, pid: int, block: bool) -> None:
            try:
                done, _ = os.waitpid(pid, 0 if block else os.WNOHANG)
            except ChildProcessError:
                done = pid  # already gone: forget it
            if done:
                self.active_children.discard(pid)  # type: ignore[union-attr]

        def handle_timeout(self) -> None:
            self.collect_children()

        def service_actions(self) -> None:
            self.collect_children()

        def process_request(self, request: Any, client_address: Any) -> None:
            pid = os.fork()
            if pid:
                if self.active_children is None:
                    self.active_children = set()
                self.active_children.add(pid)
                self.close_request(request)  # type: ignore[attr-defined]
                return
            status = 1
            try:
                self.finish_request(request, client_address)  # type: ignore[attr-defined]
                status = 0
            except Exception:
                self.handle_error(request, client_address)  # type: ignore[attr-defined]
            finally:
                try:
                    self.shutdown_request(request)  # type: ignore[attr-defined]
                finally:
                    os._exit(status)

        def server_close(self) -> None:
            super().server_close()  # type: ignore[misc]
            self.collect_children(blocking=self.block_on_close)

    class ForkingTCPServer(ForkingMixIn, TCPServer):
        pass

    class ForkingUDPServer(ForkingMixIn, UDPServer):
        pass

    __all__ += ["ForkingMixIn", "ForkingTCPServer", "ForkingUDPServer"]


class ThreadingTCPServer(ThreadingMixIn, TCPServer):
    pass


class ThreadingUDPServer(ThreadingMixIn, UDPServer):
    pass


if hasattr(socket, "AF_UNIX"):
    class UnixStreamServer(TCPServer):
        address_family = socket.AF_UNIX

    class UnixDatagramServer(UDPServer):
        address_family = socket.AF_UNIX

    class ThreadingUnixStreamServer(ThreadingMixIn, UnixStreamServer):
        pass

    class ThreadingUnixDatagramServer(ThreadingMixIn, UnixDatagramServer):
        pass

    __all__ += ["UnixStreamServer", "UnixDatagramServer", "ThreadingUnixStreamServer",
                "ThreadingUnixDatagramServer"]

    if hasattr(os, "fork"):
        class ForkingUnixStreamServer(ForkingMixIn, UnixStreamServer):
            pass

        class ForkingUnixDatagramServer(ForkingMixIn, UnixDatagramServer):
            pass

        __all__ += ["ForkingUnixStreamServer", "ForkingUnixDatagramServer"]


class BaseRequestHandler:
    """One instance per request: setup(), handle(), finish(); finish() even if handle() raises."""

    def __init__(self, request: Any, client_address: Any, server: BaseServer) -> None:
        self.request = request
        self.client_address = client_address
        self.server = server
        self.setup()
        try:
            self.handle()
        finally:
            self.finish()

    def setup(self) -> None:
        pass

    def handle(self) -> None:
        pass

    def finish(self) -> None:
        pass


class _SendallWriter(io.BufferedIOBase):
    """An unbuffered binary writer whose write() sends everything before returning.

    A BufferedIOBase, not a RawIOBase: the docs promise wfile the writable BufferedIOBase
    interface (io.TextIOWrapper and isinstance checks rely on it), and write() never returns
    a short count.  It holds nothing, so flush() has nothing to send."""

    def __init__(self, sock: socket.socket) -> None:
        super().__init__()
        self._sock = sock

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self.closed:
            raise ValueError("write to closed file")
        with memoryview(data) as view:
            self._sock.sendall(view)
            return view.nbytes

    def fileno(self) -> int:
        return self._sock.fileno()


class StreamRequestHandler(BaseRequestHandler):
    rbufsize = -1
    wbufsize = 0
    timeout: Optional[float] = None
    disable_nagle_algorithm = False

    def setup(self) -> None:
        self.connection = self.request
        if self.timeout is not None:
            self.connection.settimeout(self.timeout)
        if self.disable_nagle_algorithm:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, True)
        self.rfile = self.connection.makefile("rb", self.rbufsize)
        if self.wbufsize == 0:
            self.wfile = _SendallWriter(self.connection)
        else:
            self.wfile = self.connection.makefile("wb", self.wbufsize)

    def finish(self) -> None:
        try:
            if not self.wfile.closed:
                self.wfile.flush()
        except OSError:
            pass  # the peer went away; nothing more can be delivered
        finally:
            self.wfile.close()
            self.rfile.close()


class DatagramRequestHandler(BaseRequestHandler):
    def setup(self) -> None:
        self.packet, self.socket = self.request
        self.rfile = io.BytesIO(self.packet)
        self.wfile = io.BytesIO()

    def finish(self) -> None:
        self.socket.sendto(self.wfile.getvalue(), self.client_address)
