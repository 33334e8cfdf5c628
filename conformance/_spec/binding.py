"""Clauses of the 'binding' area (tests: conformance/suite/test_binding.py)."""
from socketserver_conformance._spec._clause import Clause

_BS = "#socketserver.BaseServer"
_TCP = "#socketserver.TCPServer"
_UNIX = "#socketserver.UnixStreamServer"

CLAUSES = (
    Clause("BIND-1", "binding", "the constructor binds and activates",
           "With bind_and_activate left true, constructing a server binds its socket and activates "
           "it, so a client can reach the server as soon as the constructor returns.",
           _TCP, level="documented"),
    Clause("BIND-2", "binding", "server_address is the address actually bound",
           "After binding, server_address equals the socket's own name; asking for port 0 leaves "
           "the real, non-zero port the system chose in server_address.",
           _BS + ".server_address", level="implied"),
    Clause("BIND-3", "binding", "bind_and_activate=False defers binding and listening",
           "With bind_and_activate false the constructor neither binds nor listens; server_bind() "
           "binds (clients are still refused) and only server_activate() lets them connect.",
           _TCP, level="documented"),
    Clause("BIND-4", "binding", "settings changed before server_bind() take effect",
           "Between a constructor called with bind_and_activate false and server_bind()/"
           "server_activate(), instance settings such as allow_reuse_address and "
           "request_queue_size may be changed, and binding and listening use the new values.",
           _TCP, level="implied"),
    # bpo-22435: the constructor closes the socket when binding fails (3.4.3)
    Clause("BIND-5", "binding", "a failed bind raises OSError and closes the socket",
           "When binding fails in the constructor (the address is taken), the constructor raises "
           "OSError and has already closed the socket it created: no descriptor is left open.",
           _TCP, level="cpython", since=(3, 4)),
    Clause("BIND-6", "binding", "allow_reuse_address sets SO_REUSEADDR",
           "A server whose allow_reuse_address is true binds with SO_REUSEADDR enabled on its "
           "socket; with it false the option stays off.",
           _BS + ".allow_reuse_address", level="implied"),
    # allow_reuse_port, new in 3.11 (its CPython issue number not verified here)
    Clause("BIND-7", "binding", "allow_reuse_port sets SO_REUSEPORT",
           "A server whose allow_reuse_port is true binds with SO_REUSEPORT enabled (so two such "
           "servers can share one port); with it false the option stays off.",
           "socketserver.py: TCPServer docstring", level="cpython", needs=("reuse-port",),
           since=(3, 11)),
    Clause("BIND-8", "binding", "fileno() is the listening socket's descriptor",
           "fileno() returns the descriptor of the server's socket, so a selector watching the "
           "server reports it readable when a client connects or a datagram arrives.",
           _BS + ".fileno", level="documented"),
    Clause("BIND-9", "binding", "IPv6 servers via address_family",
           "A server class whose address_family is AF_INET6 binds an IPv6 socket to an IPv6 "
           "address, keeps the 4-tuple socket name in server_address and serves IPv6 clients.",
           _BS + ".address_family", level="implied", needs=("ipv6",)),
    Clause("BIND-10", "binding", "Unix servers bind a filesystem path",
           "Unix stream and datagram servers bind to the given filesystem path: a socket file "
           "appears there, server_address is that path, and clients reach the server through it.",
           _UNIX, level="documented", needs=("unix",),
           api=("UnixStreamServer", "UnixDatagramServer")),
    Clause("BIND-11", "binding", "Unix servers bind abstract-namespace names",
           "Unix servers accept a Linux abstract-namespace name (a leading NUL byte, as str or "
           "bytes): no file is created, server_address is the name as the platform reports it, "
           "and clients reach the server through that name.",
           _UNIX, level="implied", needs=("unix", "abstract-namespace"),
           api=("UnixStreamServer", "UnixDatagramServer")),
    Clause("BIND-12", "binding", "client_address is the peer's address",
           "The client_address a handler receives equals the client socket's own name as the "
           "platform reports it (host and port for IP, the bound path or '' for Unix).",
           "#socketserver.BaseRequestHandler.handle", level="documented"),
    Clause("BIND-13", "binding", "Unix datagram replies go to the sender's path",
           "A Unix datagram server sends each handler's reply to the path the requesting client "
           "bound, so every client receives its own reply, from the server's address.",
           "#socketserver.DatagramRequestHandler", level="implied", needs=("unix",),
           api=("UnixDatagramServer", "DatagramRequestHandler")),
)
