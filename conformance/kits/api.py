"""The API area's data: one row per class, attribute, method or signature the contract names.

Rows carry the capabilities they need (a Unix class on a platform without AF_UNIX is not a
failure) and the clause they belong to, so the tests in ``test_api.py`` are plain loops
over these tables.
"""
from __future__ import annotations

import socket
from typing import Any, NamedTuple, Tuple

_AF_UNIX = getattr(socket, "AF_UNIX", None)


class Export(NamedTuple):
    name: str
    needs: Tuple[str, ...] = ()


#: API-1: what the module exports.
EXPORTS = (
    Export("BaseServer"), Export("TCPServer"), Export("UDPServer"),
    Export("UnixStreamServer", ("unix",)), Export("UnixDatagramServer", ("unix",)),
    Export("ThreadingMixIn"), Export("ForkingMixIn", ("fork",)),
    Export("ThreadingTCPServer"), Export("ThreadingUDPServer"),
    Export("ForkingTCPServer", ("fork",)), Export("ForkingUDPServer", ("fork",)),
    Export("ThreadingUnixStreamServer", ("unix",)), Export("ThreadingUnixDatagramServer", ("unix",)),
    Export("BaseRequestHandler"), Export("StreamRequestHandler"), Export("DatagramRequestHandler"),
)

#: API-2: exported since 3.12.
FORKING_UNIX_EXPORTS = (Export("ForkingUnixStreamServer", ("unix", "fork")),
                        Export("ForkingUnixDatagramServer", ("unix", "fork")))


class Subclass(NamedTuple):
    child: str
    parent: str
    needs: Tuple[str, ...] = ()
    is_subclass: bool = True  # False: the docs say the child does NOT derive from parent


#: API-3: the inheritance diagram of the synchronous servers.
SERVER_HIERARCHY = (
    Subclass("TCPServer", "BaseServer"),
    Subclass("UDPServer", "TCPServer"),
    Subclass("UnixStreamServer", "TCPServer", ("unix",)),
    Subclass("UnixDatagramServer", "UDPServer", ("unix",)),
    Subclass("UnixDatagramServer", "UnixStreamServer", ("unix",), is_subclass=False),
)

#: API-5: handler classes.
HANDLER_HIERARCHY = (
    Subclass("StreamRequestHandler", "BaseRequestHandler"),
    Subclass("DatagramRequestHandler", "BaseRequestHandler"),
)


class Composite(NamedTuple):
    name: str
    mixin: str
    server: str
    needs: Tuple[str, ...] = ()


#: API-4: the predefined servers built from a mix-in and a synchronous server.
COMPOSITES = (
    Composite("ThreadingTCPServer", "ThreadingMixIn", "TCPServer"),
    Composite("ThreadingUDPServer", "ThreadingMixIn", "UDPServer"),
    Composite("ThreadingUnixStreamServer", "ThreadingMixIn", "UnixStreamServer", ("unix",)),
    Composite("ThreadingUnixDatagramServer", "ThreadingMixIn", "UnixDatagramServer", ("unix",)),
    Composite("ForkingTCPServer", "ForkingMixIn", "TCPServer", ("fork",)),
    Composite("ForkingUDPServer", "ForkingMixIn", "UDPServer", ("fork",)),
)


class Default(NamedTuple):
    clause: str
    owner: str
    attribute: str
    value: Any
    needs: Tuple[str, ...] = ()


_IP_SERVERS = ("TCPServer", "UDPServer", "ThreadingTCPServer", "ThreadingUDPServer")
_UNIX_SERVERS = ("UnixStreamServer", "UnixDatagramServer", "ThreadingUnixStreamServer",
                 "ThreadingUnixDatagramServer")
_FORK_SERVERS = ("ForkingTCPServer", "ForkingUDPServer")


def _needs(owner: str) -> Tuple[str, ...]:
    return (("unix",) if "Unix" in owner else ()) + (("fork",) if "Fork" in owner else ())


_ALL_SERVERS = _IP_SERVERS + _UNIX_SERVERS + _FORK_SERVERS
_STREAM_SERVERS = tuple(s for s in _ALL_SERVERS if "TCP" in s or "Stream" in s)

#: API-9, API-10, API-11, API-12, API-13: class attribute defaults.
DEFAULTS = (
    # API-9: address family and socket type.
    *(Default("API-9", s, "address_family", socket.AF_INET, _needs(s))
      for s in _IP_SERVERS + _FORK_SERVERS),
    *(Default("API-9", s, "address_family", _AF_UNIX, _needs(s)) for s in _UNIX_SERVERS),
    *(Default("API-9", s, "socket_type", socket.SOCK_STREAM if s in _STREAM_SERVERS else socket.SOCK_DGRAM,
              _needs(s)) for s in _ALL_SERVERS),
    # API-10: documented defaults.
    *(Default("API-10", s, "allow_reuse_address", False, _needs(s)) for s in _ALL_SERVERS),
    *(Default("API-10", s, "request_queue_size", 5, _needs(s)) for s in _STREAM_SERVERS),
    *(Default("API-10", s, "daemon_threads", False, _needs(s))
      for s in ("ThreadingMixIn",) + tuple(x for x in _ALL_SERVERS if x.startswith("Threading"))),
    # API-11: block_on_close (3.7).
    *(Default("API-11", s, "block_on_close", True, _needs(s))
      for s in ("ThreadingMixIn", "ForkingMixIn", "ThreadingTCPServer", "ForkingTCPServer")),
    # API-12: allow_reuse_port (3.11).
    *(Default("API-12", s, "allow_reuse_port", False, _needs(s)) for s in _ALL_SERVERS),
    # API-13: CPython-only values.
    Default("API-13", "BaseServer", "timeout", None),
    Default("API-13", "TCPServer", "timeout", None),
    Default("API-13", "ThreadingTCPServer", "timeout", None),
    Default("API-13", "UDPServer", "max_packet_size", 8192),
    Default("API-13", "ForkingMixIn", "timeout", 300, ("fork",)),
    Default("API-13", "ForkingMixIn", "max_children", 40, ("fork",)),
    Default("API-13", "ForkingTCPServer", "timeout", 300, ("fork",)),
    Default("API-13", "StreamRequestHandler", "rbufsize", -1),
    Default("API-13", "StreamRequestHandler", "wbufsize", 0),
    Default("API-13", "StreamRequestHandler", "timeout", None),
    Default("API-13", "StreamRequestHandler", "disable_nagle_algorithm", False),
)


class Methods(NamedTuple):
    owner: str
    names: Tuple[str, ...]
    needs: Tuple[str, ...] = ()


_SERVER_METHODS = ("handle_request", "serve_forever", "service_actions", "shutdown", "server_close",
                   "finish_request", "handle_error", "handle_timeout", "process_request",
                   "server_activate", "verify_request")  # __enter__/__exit__: API-8 (3.6+)
# fileno, server_bind and get_request come with the socket-based servers (TCPServer and below).
_SOCKET_SERVER_METHODS = _SERVER_METHODS + ("fileno", "server_bind", "get_request")
_HANDLER_METHODS = ("setup", "handle", "finish")

#: API-7: documented methods per class.
METHODS = (
    Methods("BaseServer", _SERVER_METHODS),
    *(Methods(s, _SOCKET_SERVER_METHODS, _needs(s)) for s in _ALL_SERVERS),
    Methods("BaseRequestHandler", _HANDLER_METHODS),
    Methods("StreamRequestHandler", _HANDLER_METHODS),
    Methods("DatagramRequestHandler", _HANDLER_METHODS),
)


class Signature(NamedTuple):
    owner: str
    method: str
    parameters: Tuple[str, ...]       # the leading parameters after self, in order
    defaults: Tuple[Tuple[str, Any], ...] = ()
    needs: Tuple[str, ...] = ()


#: API-14: documented signatures.
SIGNATURES = (
    Signature("BaseServer", "serve_forever", ("poll_interval",), (("poll_interval", 0.5),)),
    Signature("BaseServer", "__init__", ("server_address", "RequestHandlerClass")),
    *(Signature(s, "__init__", ("server_address", "RequestHandlerClass", "bind_and_activate"),
                (("bind_and_activate", True),), _needs(s))
      for s in ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")),
    Signature("BaseServer", "verify_request", ("request", "client_address")),
    Signature("BaseServer", "process_request", ("request", "client_address")),
    Signature("BaseServer", "handle_error", ("request", "client_address")),
    Signature("BaseRequestHandler", "__init__", ("request", "client_address", "server")),
)

