"""Clauses of the 'framing' area (tests: conformance/suite/test_framing.py).

Stream clauses concern the rfile/wfile pair of StreamRequestHandler over a connection;
datagram clauses concern DatagramRequestHandler, where rfile is one datagram and wfile
becomes one reply datagram.  Defaults (rbufsize, wbufsize, timeout, ...) belong to 'api'.
"""
from socketserver_conformance._spec._clause import Clause

_SRH = "#socketserver.StreamRequestHandler"
_DRH = "#socketserver.DatagramRequestHandler"
_SRH_SOURCE = "socketserver.py: StreamRequestHandler docstring"
_SRH_API = ("StreamRequestHandler",)
_DRH_API = ("DatagramRequestHandler",)

CLAUSES = (
    # -- stream: reading ----------------------------------------------------------------------
    Clause("FRAME-1", "framing", "readline() yields the client's lines",
           "rfile.readline() returns exactly the lines the client sent, whatever the segmentation "
           "of the byte stream, each with its b'\\n'.",
           _SRH, level="documented", api=_SRH_API),
    Clause("FRAME-2", "framing", "readline() waits for the rest of a line",
           "A line that arrives in several delayed segments (down to one byte at a time) comes "
           "back from rfile.readline() whole: a call never returns the part that has arrived so far.",
           _SRH, level="documented", api=_SRH_API),
    Clause("FRAME-3", "framing", "lines longer than any buffer come back whole",
           "rfile.readline() without a limit returns a line of a mebibyte or more as one piece, "
           "however the read buffer is sized.",
           _SRH, level="documented", api=_SRH_API),
    Clause("FRAME-4", "framing", "an unterminated last line comes back at EOF",
           "When the client half-closes after bytes without a final b'\\n', readline() returns "
           "those bytes, and every later call returns b''.",
           _SRH, level="documented", api=_SRH_API),
    Clause("FRAME-5", "framing", "rfile.read(n) returns n bytes unless EOF comes first",
           "rfile.read(n) blocks until n bytes have arrived and returns exactly them (fewer only at "
           "EOF); rfile.read() returns everything up to EOF.",
           _SRH, level="documented", api=_SRH_API),
    Clause("FRAME-20", "framing", "readline(limit) honours its limit",
           "rfile.readline(limit) returns at most limit bytes and stops after a b'\\n'; the bytes it "
           "leaves are returned by the following reads.",
           _SRH, level="documented", api=_SRH_API),
    # -- stream: both directions ----------------------------------------------------------------
    Clause("FRAME-6", "framing", "all 256 byte values pass untranslated",
           "Bytes read from rfile and written to wfile are passed unchanged in both directions: every "
           "byte value, no newline translation, no encoding.",
           _SRH, level="documented", api=_SRH_API),
    Clause("FRAME-11", "framing", "a half-closed client still reads the reply",
           "After the client shuts down its sending side, the handler reads EOF and the reply it "
           "then writes still reaches the client in full.",
           _SRH, level="implied", api=_SRH_API),
    Clause("FRAME-19", "framing", "concurrent connections keep their bytes apart",
           "Under a threading server, clients that interleave their sends each read back exactly "
           "the echo of their own bytes, nothing of another connection's.",
           _SRH, level="implied", needs=("threads",), api=_SRH_API + ("ThreadingTCPServer",)),
    # -- stream: writing ------------------------------------------------------------------------
    Clause("FRAME-7", "framing", "wfile.write() returns the byte count",
           "wfile.write() accepts any bytes-like object (bytes, bytearray, memoryview) and returns "
           "the number of bytes it took, which is all of them.",
           _SRH, level="documented", api=_SRH_API),
    Clause("FRAME-8", "framing", "wfile delivers every byte in order",
           "Everything written to wfile reaches the client, in write order and without loss, also "
           "when the client reads slowly and the handler must wait for it (no timeout set; "
           "FRAME-24 adds the handler timeout).",
           _SRH, level="documented", api=_SRH_API),
    Clause("FRAME-24", "framing", "wfile delivers every byte also with a handler timeout",
           "With the handler's timeout set (its socket in timeout mode, where one send() may take "
           "only part of the data), everything written to wfile still reaches the client in order. "
           "Python 3.6 made the default unbuffered wfile a writer that sends all of every write "
           "(bpo-26721); before, a write to it could silently send only part.",
           _SRH, level="documented", api=_SRH_API, since=(3, 6)),
    Clause("FRAME-9", "framing", "an unbuffered wfile sends at once",
           "With the default unbuffered wfile a write reaches the client before handle() returns, "
           "so a request/reply exchange works without any flush().",
           "socketserver.py: _SocketWriter docstring", level="cpython", api=_SRH_API),
    Clause("FRAME-10", "framing", "finish() flushes a buffered wfile",
           "With a buffered wfile (wbufsize other than 0) whatever the handler wrote and did not "
           "flush is sent by finish(), before the connection is closed.",
           _SRH_SOURCE, level="cpython", api=_SRH_API),
    Clause("FRAME-12", "framing", "StreamRequestHandler.timeout bounds a silent client",
           "With the handler's timeout set, a read from a client that sends nothing more fails with "
           "a socket timeout after about that long, and the server's handle_error() is called.",
           _SRH_SOURCE, level="cpython", api=_SRH_API),
    Clause("FRAME-13", "framing", "disable_nagle_algorithm sets TCP_NODELAY",
           "When the handler's disable_nagle_algorithm is true the request socket has TCP_NODELAY "
           "set; when it is false the option is left off.",
           _SRH_SOURCE, level="cpython", api=_SRH_API),
    # bpo-26721: the default wfile became a BufferedIOBase writer (3.6)
    Clause("FRAME-22", "framing", "wfile supports the writable BufferedIOBase interface",
           "Whether unbuffered (wbufsize 0) or buffered, wfile is an io.BufferedIOBase whose "
           "writable() is true, so an io.TextIOWrapper over it writes text that reaches the client.",
           _SRH, level="documented", api=_SRH_API, since=(3, 6)),
    Clause("FRAME-23", "framing", "a handler may close wfile itself",
           "When handle() writes its reply and closes wfile, finish() still completes without error "
           "(handle_error() is not called) and the client receives the whole reply, then EOF.",
           _SRH_SOURCE, level="implied", api=_SRH_API),
    # -- datagrams ------------------------------------------------------------------------------
    Clause("FRAME-14", "framing", "one handler per datagram",
           "Each datagram is handled by its own handler, whose rfile holds exactly that datagram's "
           "bytes, no more and no less.",
           _DRH, level="documented", api=_DRH_API),
    Clause("FRAME-15", "framing", "a datagram's rfile is a readable file",
           "The rfile of a datagram handler supports readline() and read(n) over the datagram's "
           "bytes and returns b'' at its end.",
           _DRH, level="documented", api=_DRH_API),
    Clause("FRAME-16", "framing", "datagrams are cut to max_packet_size",
           "A datagram longer than the server's max_packet_size reaches the handler as its first "
           "max_packet_size bytes; one of at most that size arrives whole.",
           "socketserver.py: UDPServer docstring", level="cpython", api=("UDPServer",) + _DRH_API),
    Clause("FRAME-17", "framing", "the reply is one datagram sent at finish()",
           "Everything the handler wrote to wfile goes back as a single datagram holding the "
           "concatenation of the writes, sent when the handler finishes.",
           _DRH, level="documented", api=_DRH_API),
    Clause("FRAME-18", "framing", "the reply goes to the sender",
           "The reply datagram is sent to the address the request came from: with several clients, "
           "each receives the reply to its own datagram.",
           _DRH, level="documented", api=_DRH_API),
    Clause("FRAME-21", "framing", "a reply datagram is sent even when nothing was written",
           "When the handler writes nothing to wfile, finish() still sends the sender an empty "
           "datagram.",
           "socketserver.py: DatagramRequestHandler docstring", level="cpython", api=_DRH_API),
)
