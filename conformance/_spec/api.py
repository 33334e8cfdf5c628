"""Clauses of the 'api' area (tests: conformance/suite/test_api.py).

The per-class tables the tests walk (names, hierarchy, defaults, signatures) live in
``conformance/_api_tables.py``; a clause here states the rule, a table row one instance of it.
"""
from socketserver_conformance._spec._clause import Clause

_BS = "#socketserver.BaseServer"
_MIX = "#socketserver.ThreadingMixIn"

CLAUSES = (
    Clause("API-1", "api", "the documented classes are exported",
           "The module exports the four synchronous server classes, BaseServer, both mix-ins, the "
           "predefined threading and forking TCP/UDP and threading Unix servers, and the three "
           "request handler classes (Unix and forking ones where the platform has them).",
           "#socketserver.TCPServer", level="documented"),
    # gh-103673 (3.12)
    Clause("API-2", "api", "forking Unix servers are exported",
           "Where the platform has both AF_UNIX and fork(), the module also exports "
           "ForkingUnixStreamServer and ForkingUnixDatagramServer.",
           "#socketserver.ForkingMixIn", level="documented", needs=("unix", "fork"), since=(3, 12)),
    Clause("API-3", "api", "server classes follow the inheritance diagram",
           "TCPServer derives from BaseServer, UDPServer from TCPServer, UnixStreamServer from "
           "TCPServer and UnixDatagramServer from UDPServer (not from UnixStreamServer).",
           "#server-creation-notes", level="documented"),
    Clause("API-4", "api", "predefined servers put the mix-in first",
           "Each predefined threading or forking server derives from its mix-in and its "
           "synchronous server, with the mix-in ahead of the server in the method resolution order "
           "so the mix-in's methods win.",
           _MIX, level="documented"),
    Clause("API-5", "api", "handler classes derive from BaseRequestHandler",
           "StreamRequestHandler and DatagramRequestHandler are subclasses of BaseRequestHandler.",
           "#socketserver.StreamRequestHandler", level="documented",
           api=("BaseRequestHandler", "StreamRequestHandler", "DatagramRequestHandler")),
    Clause("API-6", "api", "the constructor stores its two arguments",
           "A server's constructor keeps the address it was given in server_address and the "
           "handler class in RequestHandlerClass (before any binding rewrites the address).",
           _BS, level="documented", api=("BaseServer", "TCPServer")),
    Clause("API-7", "api", "the documented methods exist and are callable",
           "Servers and handlers provide every method the docs name for them (serve_forever, "
           "shutdown, handle_request, the overridable hooks, setup/handle/finish, ...) as callables.",
           _BS, level="documented"),
    Clause("API-8", "api", "a server is a context manager that closes it",
           "A server used in a with statement is the value bound by 'as', and leaving the block, "
           "normally or by an exception (which propagates), closes the server's socket.",
           _BS, level="documented", api=("TCPServer",), since=(3, 6)),  # bpo-26404
    Clause("API-9", "api", "each server class has its family and socket type",
           "TCPServer and UDPServer use AF_INET, the Unix servers AF_UNIX; stream servers use "
           "SOCK_STREAM and datagram servers SOCK_DGRAM, both as class attributes and for the "
           "socket a new server creates.",
           _BS + ".socket_type", level="implied"),
    Clause("API-10", "api", "documented defaults of class attributes",
           "allow_reuse_address defaults to false, request_queue_size to 5 and daemon_threads to "
           "false, on the base classes and on every predefined server that inherits them.",
           _BS + ".allow_reuse_address", level="documented"),
    # bpo-33540: block_on_close (3.7)
    Clause("API-11", "api", "block_on_close defaults to true",
           "ThreadingMixIn and ForkingMixIn have block_on_close true by default, so server_close() "
           "waits for the requests still being handled.",
           "#socketserver.ForkingMixIn", level="documented", since=(3, 7)),
    # allow_reuse_port, new in 3.11 (its CPython issue number not verified here)
    Clause("API-12", "api", "allow_reuse_port defaults to false",
           "TCP and UDP servers have an allow_reuse_port attribute, false by default.",
           "socketserver.py: TCPServer docstring", level="cpython", since=(3, 11),
           api=("TCPServer", "UDPServer")),
    Clause("API-13", "api", "CPython's undocumented defaults",
           "The defaults only CPython fixes: BaseServer.timeout None, UDPServer.max_packet_size "
           "8192, ForkingMixIn.timeout 300 and max_children 40, StreamRequestHandler rbufsize -1, "
           "wbufsize 0, timeout None and disable_nagle_algorithm false.",
           "socketserver.py: BaseServer docstring", level="cpython"),
    Clause("API-14", "api", "documented signatures and parameter defaults",
           "serve_forever() takes poll_interval defaulting to 0.5, the concrete servers take "
           "bind_and_activate defaulting to true, and the request hooks take (request, "
           "client_address) as documented.",
           _BS + ".serve_forever", level="documented"),
    # bpo-23358: BaseServer joins __all__ (3.4.3)
    Clause("API-15", "api", "__all__ lists the exported classes",
           "The module's __all__ names every documented class it exports on this platform and "
           "nothing it lacks, so 'from socketserver import *' brings in the whole documented API.",
           "#module-socketserver",
           level="implied", since=(3, 4)),
)
