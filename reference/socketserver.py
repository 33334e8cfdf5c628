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
the way out, so the server can be served again.  A stop asked for while no loop runs is kept:
the next ``serve_forever`` returns at once.  The event starts unset, so a ``shutdown()`` that
comes before any loop has run waits for one to run and end (the thread that will serve may
not have reached ``serve_forever`` yet); after a loop has ended it returns at once.

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

Clause IDs in comments (``# LIFE-24``) are those of ``socketserver_conformance.spec``; each
marks the line or block that implements the clause, so ``grep -n LIFE-24`` finds it.
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

# API-1, API-15: the documented classes, in __all__ (those the platform may lack are added below)
__all__ = ["BaseServer", "TCPServer", "UDPServer", "ThreadingMixIn", "ThreadingTCPServer",
           "ThreadingUDPServer", "BaseRequestHandler", "StreamRequestHandler",
           "DatagramRequestHandler"]


class BaseServer:
    """The request loop and per-request hooks, independent of any socket type."""

    timeout: Optional[float] = None  # API-13

    def __init__(self, server_address: Any, RequestHandlerClass: type) -> None:
        self.server_address = server_address  # API-6
        self.RequestHandlerClass = RequestHandlerClass  # API-6
        self._stop_requested = False
        # LOOP-19: clear until a first loop has run and ended, so a shutdown() that comes before
        # serve_forever() was ever entered waits for that loop (LOOP-20) instead of returning
        # while the loop thread may still be about to start; set again by each loop's end (LOOP-21)
        self._loop_idle = threading.Event()
        self._wake_lock = threading.Lock()
        self._wake_r = self._wake_w = -1  # a pipe only while serve_forever() runs

    # -- the loop ------------------------------------------------------------------------
    def serve_forever(self, poll_interval: float = 0.5) -> None:  # API-14
        self._loop_idle.clear()  # LOOP-1: running, so shutdown() of this (restarted) loop waits
        with self._wake_lock:
            self._wake_r, self._wake_w = os.pipe()  # LOOP-3: shutdown() wakes the wait at once
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        try:
            with selectors.DefaultSelector() as selector:  # LOOP-18: not select(), any fd number
                selector.register(self, selectors.EVENT_READ, "request")  # BIND-8
                selector.register(self._wake_r, selectors.EVENT_READ, "wake")
                # LOOP-4: the flag is read between requests, so one in progress runs to its end
                # LOOP-20, LOOP-22, LOOP-23: a stop asked for before the loop got here ends it at once
                while not self._stop_requested:
                    # LOOP-3, LOOP-12: each wait lasts at most poll_interval; timeout is not used
                    ready = {key.data for key, _ in selector.select(poll_interval)}
                    if "wake" in ready:
                        self._drain_wakeups()
                    if self._stop_requested:  # LOOP-5: a request that woke a stopping loop waits
                        break
                    if "request" in ready:
                        self._handle_one_request()
                    self.service_actions()  # LOOP-11: after each request and when idle
        finally:  # LIFE-12: a BaseException from a request ends the loop and propagates
            with self._wake_lock:
                os.close(self._wake_r)
                os.close(self._wake_w)
                self._wake_r = self._wake_w = -1
            self._stop_requested = False  # LOOP-7: the server can be served again
            self._loop_idle.set()  # LOOP-1: only now may shutdown() return

    def _drain_wakeups(self) -> None:
        try:
            while os.read(self._wake_r, 512):
                pass
        except (BlockingIOError, OSError):
            pass

    def shutdown(self) -> None:
        """Ask serve_forever() to stop and wait until it has (call it from another thread)."""
        # LOOP-6: stopping the loop leaves the listening socket open (server_close() closes it)
        self._stop_requested = True
        with self._wake_lock:
            if self._wake_w != -1:
                try:
                    os.write(self._wake_w, b"x")  # LOOP-3
                except BlockingIOError:
                    pass  # the pipe is full of wake-ups already
        self._loop_idle.wait()  # LOOP-1, LOOP-17: no lock held, a handler's thread may call it

    def service_actions(self) -> None:
        """Called once per loop iteration; a hook for subclasses and mixins."""

    def handle_request(self) -> None:
        """Handle one request, or call handle_timeout() if none comes within the timeout."""
        # LOOP-14, LOOP-15, LOOP-16: the smaller of the two timeouts; None (both unset) waits
        timeout = self.timeout
        socket_timeout = self.socket.gettimeout() if hasattr(self, "socket") else None
        if socket_timeout is not None:
            timeout = socket_timeout if timeout is None else min(timeout, socket_timeout)
        with selectors.DefaultSelector() as selector:  # LOOP-18
            selector.register(self, selectors.EVENT_READ)
            if not selector.select(timeout):
                self.handle_timeout()  # LOOP-14
                return
        self._handle_one_request()  # LOOP-13: exactly one

    # LIFE-16, LIFE-17, LIFE-26: get, verify, process (-> finish), shut down, with the same request
    def _handle_one_request(self) -> None:
        try:
            request, client_address = self.get_request()
        except OSError:  # LIFE-25
            return  # nothing to accept after all (another process took it, or we were closed)
        if not self.verify_request(request, client_address):  # LIFE-14
            self.shutdown_request(request)  # LIFE-28
            return
        try:
            self.process_request(request, client_address)
        except Exception:  # LIFE-6, LIFE-7, CLIENT-6, CLIENT-7, CLIENT-8: reported, serving goes on
            self.handle_error(request, client_address)
            self.shutdown_request(request)
        except BaseException:  # LIFE-10, LIFE-11, LIFE-13: not reported; shut down, re-raised
            self.shutdown_request(request)
            raise

    # -- hooks (API-7) -------------------------------------------------------------------
    def server_activate(self) -> None:
        pass

    def handle_timeout(self) -> None:
        pass

    def verify_request(self, request: Any, client_address: Any) -> bool:
        return True

    # CLIENT-1, CLIENT-2, MODEL-3: a synchronous server runs the request to its end, then the next
    def process_request(self, request: Any, client_address: Any) -> None:  # API-14
        self.finish_request(request, client_address)
        self.shutdown_request(request)

    def finish_request(self, request: Any, client_address: Any) -> None:
        self.RequestHandlerClass(request, client_address, self)  # LIFE-5: a new handler each time

    # LIFE-15, LIFE-26: shutdown_request() ends in close_request(), once per request
    def shutdown_request(self, request: Any) -> None:
        self.close_request(request)

    def close_request(self, request: Any) -> None:
        pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        print(f"socketserver: error while handling a request from {client_address!r}:",  # LIFE-9
              file=sys.stderr)
        traceback.print_exc()  # LIFE-8

    def server_close(self) -> None:
        pass

    def __enter__(self) -> "BaseServer":  # API-8, LOOP-9
        return self

    def __exit__(self, *exc_info: Any) -> None:  # API-8, LOOP-9, LOOP-10: closes, never swallows
        self.server_close()


class TCPServer(BaseServer):  # API-3
    address_family = socket.AF_INET  # API-9
    socket_type = socket.SOCK_STREAM  # API-9
    request_queue_size = 5  # API-10
    allow_reuse_address = False  # API-10
    allow_reuse_port = False  # API-12

    def __init__(self, server_address: Any, RequestHandlerClass: type,
                 bind_and_activate: bool = True) -> None:  # API-14
        BaseServer.__init__(self, server_address, RequestHandlerClass)
        self.socket = socket.socket(self.address_family, self.socket_type)  # API-9, BIND-9
        if bind_and_activate:  # BIND-1, BIND-3
            try:
                self.server_bind()
                self.server_activate()
            except BaseException:  # BIND-5
                self.server_close()
                raise

    def server_bind(self) -> None:  # BIND-4: reads the settings when called, not at construction
        if self.allow_reuse_address and hasattr(socket, "SO_REUSEADDR"):  # BIND-6
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if self.allow_reuse_port and hasattr(socket, "SO_REUSEPORT"):  # BIND-7
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        self.socket.bind(self.server_address)  # BIND-10, BIND-11
        self.server_address = self.socket.getsockname()  # BIND-2, BIND-9, BIND-11

    def server_activate(self) -> None:
        self.socket.listen(self.request_queue_size)  # BIND-3, BIND-4, CLIENT-9

    def server_close(self) -> None:
        self.socket.close()  # LOOP-2, LOOP-8 (closing twice is harmless)
        BaseServer.server_close(self)

    def fileno(self) -> int:  # BIND-8
        return self.socket.fileno()

    def get_request(self) -> Tuple[Any, Any]:
        return self.socket.accept()  # LIFE-18, LIFE-20, LIFE-21, LIFE-22, BIND-12

    def shutdown_request(self, request: Any) -> None:  # LIFE-15, LIFE-27
        try:
            request.shutdown(socket.SHUT_WR)  # let the client see EOF even if others hold the fd
        except OSError:
            pass
        self.close_request(request)

    def close_request(self, request: Any) -> None:
        request.close()  # LIFE-24


class UDPServer(TCPServer):  # API-3
    socket_type = socket.SOCK_DGRAM  # API-9
    max_packet_size = 8192  # API-13

    def server_activate(self) -> None:
        pass  # datagram sockets do not listen

    def get_request(self) -> Tuple[Any, Any]:
        # FRAME-14, FRAME-16, LIFE-19, LIFE-23, BIND-12: one datagram, cut to max_packet_size
        data, client_address = self.socket.recvfrom(self.max_packet_size)
        return (data, self.socket), client_address

    def shutdown_request(self, request: Any) -> None:
        self.close_request(request)

    def close_request(self, request: Any) -> None:
        pass  # the socket is the server's own


class ThreadingMixIn:
    """Handle each request in a new thread."""

    daemon_threads = False  # API-10, THREAD-5
    block_on_close = True  # API-11

    # THREAD-13, THREAD-14, THREAD-15: an Exception is reported; any other BaseException leaves
    # this thread's run() (threading.excepthook), never the serving thread's; the request is
    # shut down first, once, on every path
    def _run_in_thread(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)  # type: ignore[attr-defined]
        except Exception:  # THREAD-11: reported in the handler's own thread
            self.handle_error(request, client_address)  # type: ignore[attr-defined]
        finally:  # THREAD-12
            self.shutdown_request(request)  # type: ignore[attr-defined]
            with self._live_lock():  # THREAD-9: a finished thread leaves the registry
                self._live_threads().discard(threading.current_thread())

    def _live_threads(self) -> Set[threading.Thread]:  # THREAD-10: made on first use
        if "_handler_threads" not in self.__dict__:
            self.__dict__["_handler_threads"] = set()
        return self.__dict__["_handler_threads"]

    def _live_lock(self) -> threading.Lock:
        return self.__dict__.setdefault("_handler_lock", threading.Lock())

    def process_request(self, request: Any, client_address: Any) -> None:
        # THREAD-1, THREAD-2: a new thread for every request
        thread = threading.Thread(target=self._run_in_thread, args=(request, client_address))
        thread.daemon = self.daemon_threads  # THREAD-4, THREAD-5
        if not thread.daemon and self.block_on_close:  # THREAD-6, THREAD-8
            with self._live_lock():
                self._live_threads().add(thread)
        thread.start()  # THREAD-3, CLIENT-3: returns while the handler runs

    def server_close(self) -> None:
        super().server_close()  # type: ignore[misc]  # LOOP-2
        if self.block_on_close:  # THREAD-7
            with self._live_lock():
                waiting = list(self._live_threads())
            for thread in waiting:  # THREAD-6, MODEL-2
                thread.join()


if hasattr(os, "fork"):
    class ForkingMixIn:
        """Handle each request in a new child process."""

        timeout: Optional[float] = 300  # API-13
        active_children: Optional[Set[int]] = None
        max_children = 40  # API-13
        block_on_close = True  # API-11

        def collect_children(self, *, blocking: bool = False) -> None:
            """Reap finished children (all of them when ``blocking``); never more than our own."""
            # FORK-15: nothing forked yet (None) or nothing running: nothing to do
            if not self.active_children:
                return
            while len(self.active_children) >= self.max_children:  # FORK-7
                self._wait_for_any_child()  # at the cap: the first of ours to finish frees a slot
                for pid in list(self.active_children):
                    self._reap(pid, block=False)
            for pid in list(self.active_children):  # FORK-11: only our own pids
                self._reap(pid, block=blocking)

        def _wait_for_any_child(self) -> None:  # FORK-7, FORK-11
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
                        except ProcessLookupError:  # FORK-16
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

        def _reap(self, pid: int, block: bool) -> None:  # FORK-11, FORK-18
            try:
                done, _ = os.waitpid(pid, 0 if block else os.WNOHANG)
            except ChildProcessError:  # FORK-16: someone else reaped it
                done = pid  # already gone: forget it
            if done:
                self.active_children.discard(pid)  # type: ignore[union-attr]

        def handle_timeout(self) -> None:
            self.collect_children()  # FORK-8

        def service_actions(self) -> None:
            self.collect_children()  # FORK-6

        def process_request(self, request: Any, client_address: Any) -> None:
            pid = os.fork()  # FORK-1, CLIENT-4, FORK-20: the parent is told nothing of the outcome
            if pid:  # FORK-5, FORK-17: the parent only closes its copy of the request
                if self.active_children is None:
                    self.active_children = set()
                self.active_children.add(pid)
                self.close_request(request)  # type: ignore[attr-defined]
                return
            status = 1  # FORK-3, FORK-19: anything but a clean return, a BaseException too
            try:
                self.finish_request(request, client_address)  # type: ignore[attr-defined]
                status = 0  # FORK-2
            except Exception:  # FORK-3
                self.handle_error(request, client_address)  # type: ignore[attr-defined]
            finally:  # FORK-17: the child shuts the request down, once
                try:
                    self.shutdown_request(request)  # type: ignore[attr-defined]
                finally:
                    os._exit(status)  # FORK-2, FORK-3, FORK-4: whatever happened, never returns

        def server_close(self) -> None:
            super().server_close()  # type: ignore[misc]  # LOOP-2
            # FORK-9, FORK-10, MODEL-4: wait for (and reap) every child only with block_on_close
            self.collect_children(blocking=self.block_on_close)

    class ForkingTCPServer(ForkingMixIn, TCPServer):  # API-4, FORK-12
        pass

    class ForkingUDPServer(ForkingMixIn, UDPServer):  # API-4, FORK-12
        pass

    __all__ += ["ForkingMixIn", "ForkingTCPServer", "ForkingUDPServer"]  # API-1, API-15


class ThreadingTCPServer(ThreadingMixIn, TCPServer):  # API-4
    pass


class ThreadingUDPServer(ThreadingMixIn, UDPServer):  # API-4
    pass


if hasattr(socket, "AF_UNIX"):
    class UnixStreamServer(TCPServer):  # API-3, BIND-10
        address_family = socket.AF_UNIX  # API-9

    class UnixDatagramServer(UDPServer):  # API-3, BIND-10
        address_family = socket.AF_UNIX  # API-9

    class ThreadingUnixStreamServer(ThreadingMixIn, UnixStreamServer):  # API-4
        pass

    class ThreadingUnixDatagramServer(ThreadingMixIn, UnixDatagramServer):  # API-4
        pass

    __all__ += ["UnixStreamServer", "UnixDatagramServer", "ThreadingUnixStreamServer",
                "ThreadingUnixDatagramServer"]  # API-1, API-15

    if hasattr(os, "fork"):
        class ForkingUnixStreamServer(ForkingMixIn, UnixStreamServer):  # API-4, FORK-13
            pass

        class ForkingUnixDatagramServer(ForkingMixIn, UnixDatagramServer):  # API-4, FORK-14
            pass

        __all__ += ["ForkingUnixStreamServer", "ForkingUnixDatagramServer"]  # API-2, API-15


class BaseRequestHandler:
    """One instance per request: setup(), handle(), finish(); finish() even if handle() raises."""

    def __init__(self, request: Any, client_address: Any, server: BaseServer) -> None:
        self.request = request  # LIFE-1: all three set before setup()
        self.client_address = client_address
        self.server = server
        self.setup()  # LIFE-2, LIFE-4: outside the try, a failing setup() skips the rest
        try:
            self.handle()  # LIFE-2
        finally:
            self.finish()  # LIFE-2, LIFE-3

    def setup(self) -> None:
        pass

    def handle(self) -> None:
        pass

    def finish(self) -> None:
        pass


class _SendallWriter(io.BufferedIOBase):  # FRAME-22
    """An unbuffered binary writer whose write() sends everything before returning.

    A BufferedIOBase, not a RawIOBase: the docs promise wfile the writable BufferedIOBase
    interface (io.TextIOWrapper and isinstance checks rely on it), and write() never returns
    a short count.  It holds nothing, so flush() has nothing to send."""

    def __init__(self, sock: socket.socket) -> None:
        super().__init__()
        self._sock = sock

    def writable(self) -> bool:
        return True  # FRAME-22

    def write(self, data: Any) -> int:
        if self.closed:
            raise ValueError("write to closed file")
        with memoryview(data) as view:  # FRAME-6, FRAME-7: any bytes-like object, unchanged
            self._sock.sendall(view)  # FRAME-8, FRAME-9, CLIENT-11: all of it, at once
            return view.nbytes  # FRAME-7

    def fileno(self) -> int:
        return self._sock.fileno()


class StreamRequestHandler(BaseRequestHandler):  # API-5
    rbufsize = -1  # API-13
    wbufsize = 0  # API-13
    timeout: Optional[float] = None  # API-13
    disable_nagle_algorithm = False  # API-13

    def setup(self) -> None:
        self.connection = self.request  # FRAME-19, CLIENT-5: files over this connection only
        if self.timeout is not None:
            self.connection.settimeout(self.timeout)  # FRAME-12
        if self.disable_nagle_algorithm:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, True)  # FRAME-13
        # FRAME-1, FRAME-2, FRAME-3, FRAME-4, FRAME-5, FRAME-6, FRAME-11, FRAME-20: buffered, binary
        self.rfile = self.connection.makefile("rb", self.rbufsize)
        if self.wbufsize == 0:
            self.wfile = _SendallWriter(self.connection)  # FRAME-9, FRAME-22
        else:
            self.wfile = self.connection.makefile("wb", self.wbufsize)  # FRAME-10, FRAME-22

    def finish(self) -> None:
        try:
            if not self.wfile.closed:
                self.wfile.flush()  # FRAME-10, FRAME-23: unless the handler closed it
        except OSError:
            pass  # the peer went away; nothing more can be delivered
        finally:  # LIFE-24: both files, or the socket's descriptor outlives close_request()
            self.wfile.close()
            self.rfile.close()


class DatagramRequestHandler(BaseRequestHandler):  # API-5
    def setup(self) -> None:
        self.packet, self.socket = self.request  # LIFE-19
        self.rfile = io.BytesIO(self.packet)  # FRAME-14, FRAME-15
        self.wfile = io.BytesIO()  # FRAME-17

    def finish(self) -> None:
        # FRAME-17, FRAME-18, FRAME-21, BIND-13: one datagram, even empty, back to the sender
        self.socket.sendto(self.wfile.getvalue(), self.client_address)
