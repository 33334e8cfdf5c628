"""Message framing: rfile/wfile of StreamRequestHandler and DatagramRequestHandler.

Stream tests draw their transport (tcp, tcp6, unix-stream) per example so every transport
is exercised without multiplying the cost; FRAME-1 keeps one test per transport.
"""
from __future__ import annotations

import io
import random
import socket
import time
from collections import Counter
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socketserver_conformance.harness import (DATAGRAM_TRANSPORTS, bounds, STREAM_TRANSPORTS, TCP, TCP6, Recorder,
                                              Transport, draw_transport, expect, quiet_handle_error,
                                              recording_handler_for, scaled_examples, start_server, transport_params)
from socketserver_conformance.kits.framing import (SMALL_SEND_BUFFER, as_bytes_like, calls_ended, client_read, diff_at,
                                                   echo_lines, read_model, read_slowly, readline_model,
                                                   segments_and_pauses, small_send_buffer, unique_lines,
                                                   wait_or_violate, write_text, writes)
from socketserver_conformance.harness.strategies import chunkings, line_lists, lines, pause_schedules, payloads

ALL_BYTES = bytes(range(256))

#: The client's pause after a first segment shorter than the handler's first read (seconds):
#: long enough for the handler to be inside that read on a loaded machine.
SLOW_START = 0.03


def _one_client(impl: Any, transport: Transport, handle: Callable[[Any], None], segments: Sequence[bytes] = (),
                pauses: Sequence[float] = (), *, attrs: Optional[Dict[str, Any]] = None,
                handled: Optional[Tuple[str, str]] = None) -> bytes:
    """Serve one client that sends ``segments`` (pausing as ``pauses`` says), then half-closes.

    With ``handled=(clause, what)`` it returns b'' once the handler's handle() has ended (a
    verdict on ``clause`` when it does not); without, what the client reads up to EOF.
    """
    rec = Recorder()
    handler = recording_handler_for(impl, transport, rec, handle=handle, attrs=attrs)
    with start_server(impl, transport, handler, recorder=rec) as srv:
        client = srv.client()
        client.send_segments(segments, pauses)
        client.half_close()
        if handled is not None:
            calls_ended(rec, "handle", 1, *handled)
            return b""
        return client.recv_until_eof()


def _reads_then_the_rest(impl: Any, transport: Transport, segments: Sequence[bytes], pauses: Sequence[float],
                         read: Callable[[Any, int], bytes], sizes: Sequence[int], clause: str,
                         ) -> Tuple[List[bytes], List[bytes]]:
    """What the handler got from ``read(rfile, n)`` for each n of ``sizes``, and then from
    rfile.read(), with one client sending ``segments`` and half-closing."""
    got: List[bytes] = []
    rest: List[bytes] = []

    def handle(h: Any) -> None:
        got.extend(read(h.rfile, n) for n in sizes)
        rest.append(h.rfile.read())

    _one_client(impl, transport, handle, segments, pauses, handled=(clause, "the handler never finished reading"))
    return got, rest


# -- stream: reading ----------------------------------------------------------------------------
@pytest.mark.spec("FRAME-1")
@pytest.mark.parametrize("transport", transport_params(STREAM_TRANSPORTS))
@given(data=st.data())
def test_readline_yields_client_lines(impl, transport, data):
    lines_sent = data.draw(line_lists(), label="lines")
    segments = data.draw(chunkings(b"".join(lines_sent)), label="segments")
    rec = Recorder()
    got = []
    handler = recording_handler_for(impl, transport, rec, handle=lambda h: got.extend(iter(h.rfile.readline, b"")))
    with start_server(impl, transport, handler, recorder=rec) as srv:
        client = srv.client()
        client.send_segments(segments)
        client.half_close()
        rec.wait_count("handle:exit")
    # Rule: the handler reads back exactly the lines the client sent.
    expect(got == lines_sent, "FRAME-1",
           f"handler read {got!r} for client lines {lines_sent!r} sent as {segments!r}")


@pytest.mark.spec("FRAME-2")
@given(data=st.data())
def test_readline_waits_for_the_rest_of_a_line(impl, data):
    transport = draw_transport(data, impl, STREAM_TRANSPORTS)
    byte_at_a_time = data.draw(st.booleans(), label="byte at a time")
    sent = data.draw(line_lists(min_size=1, max_size=3, max_line=12 if byte_at_a_time else 64),
                     label="lines")
    segments, pauses = segments_and_pauses(data, b"".join(sent), byte_at_a_time=byte_at_a_time)
    got = []
    _one_client(impl, transport, lambda h: got.extend(iter(h.rfile.readline, b"")), segments, pauses,
                handled=("FRAME-2", "the handler never finished reading"))
    # Rule: each readline() returns a whole line, however late its last byte came.
    expect(got == sent, "FRAME-2", f"handler read {got!r} for lines {sent!r} sent as "
                                   f"{len(segments)} segments with pauses {pauses!r}")


@pytest.mark.spec("FRAME-3")
@settings(max_examples=scaled_examples(0.25))
@given(data=st.data())
def test_lines_longer_than_any_buffer_come_back_whole(impl, data):
    transport = draw_transport(data, impl, STREAM_TRANSPORTS)
    sizes = data.draw(st.lists(st.sampled_from([70_000, 300_001, 1 << 20, (1 << 20) + 7]),
                               min_size=1, max_size=2), label="line sizes")
    if (1 << 20) not in sizes and (1 << 20) + 7 not in sizes:
        sizes.append(1 << 20)  # the clause names a mebibyte: always include one
    rbufsize = data.draw(st.sampled_from([-1, 4096, 65536]), label="rbufsize")
    rng = random.Random(data.draw(st.integers(0, 2**32), label="seed"))
    sent = [rng.randbytes(n - 1).replace(b"\n", b"\r") + b"\n" for n in sizes]
    got = []
    _one_client(impl, transport, lambda h: got.extend(iter(h.rfile.readline, b"")), [b"".join(sent)],
                attrs={"rbufsize": rbufsize}, handled=("FRAME-3", "the handler never finished reading the long lines"))
    # Rule: a line of a mebibyte or more is returned by one readline() call, unchanged.
    expect(got == sent, "FRAME-3", f"lines of {sizes} bytes (rbufsize {rbufsize}) came back as "
                                   f"{len(got)} lines of {[len(g) for g in got]} bytes"
                                   + ("" if [len(g) for g in got] != sizes else " with altered content"))


@pytest.mark.spec("FRAME-4")
@given(data=st.data())
def test_unterminated_last_line_comes_back_at_eof(impl, data):
    transport = draw_transport(data, impl, STREAM_TRANSPORTS)
    head = data.draw(st.lists(lines(max_size=32), max_size=3), label="terminated lines")
    tail = data.draw(lines(min_size=1, max_size=32, terminated=False), label="unterminated tail")
    segments, pauses = segments_and_pauses(data, b"".join(head) + tail, paced=False)
    got, after = [], []

    def handle(h):
        got.extend(iter(h.rfile.readline, b""))
        after.extend(h.rfile.readline() for _ in range(2))

    _one_client(impl, transport, handle, segments, pauses, handled=("FRAME-4", "the handler never saw EOF"))
    # Rule: the bytes after the last b'\n' come back as a last line, then only b''.
    expect(got == head + [tail], "FRAME-4", f"readline() gave {got!r} for {head!r} + unterminated {tail!r}")
    expect(after == [b"", b""], "FRAME-4", f"readline() after EOF gave {after!r}, not b'' each time")


@pytest.mark.spec("FRAME-5")
@given(data=st.data())
def test_read_n_returns_n_bytes_unless_eof(impl, data):
    transport = draw_transport(data, impl, STREAM_TRANSPORTS)
    blob = data.draw(payloads(min_size=1, max_size=2048), label="payload")
    sizes = data.draw(st.lists(st.integers(1, 700), min_size=1, max_size=6), label="read sizes")
    # A slow start, in every example: the first read(n) must wait for bytes still on their way
    # (a file that returns what one recv() brought would hand back the short first segment).
    head = min(sizes[0], len(blob)) - 1
    segments, pauses = segments_and_pauses(data, blob[head:] if head > 0 else blob)
    if head > 0:
        segments, pauses = [blob[:head], *segments], [SLOW_START, *pauses]
    want, want_rest = read_model(blob, sizes)
    got, rest = _reads_then_the_rest(impl, transport, segments, pauses, lambda f, n: f.read(n), sizes, "FRAME-5")
    # Rule: read(n) returns the next n bytes (short only at EOF); read() returns the remainder.
    expect(got == want, "FRAME-5", f"read({sizes}) gave pieces of {[len(g) for g in got]} bytes, "
                                   f"want {[len(w) for w in want]} (payload of {len(blob)} bytes "
                                   f"in {len(segments)} segments)")
    expect(rest == [want_rest], "FRAME-5", f"read() gave {rest!r}, want {want_rest!r}")


@pytest.mark.spec("FRAME-20")
@given(data=st.data())
def test_readline_limit_is_honoured(impl, data):
    transport = draw_transport(data, impl, STREAM_TRANSPORTS)
    blob = b"".join(data.draw(line_lists(min_size=1, max_size=4, max_line=40), label="lines"))
    segments, pauses = segments_and_pauses(data, blob, paced=False)
    limits = data.draw(st.lists(st.integers(0, 48), min_size=1, max_size=6), label="limits")
    want, want_rest = readline_model(blob, limits)
    got, rest = _reads_then_the_rest(impl, transport, segments, pauses, lambda f, n: f.readline(n), limits,
                                     "FRAME-20")
    # Rule: readline(limit) stops at the limit or after b'\n', and loses nothing.
    expect(got == want, "FRAME-20", f"readline({limits}) gave {got!r}, want {want!r}")
    expect(rest == [want_rest], "FRAME-20", f"the rest read {rest!r}, want {want_rest!r}")


# -- stream: both directions --------------------------------------------------------------------
@pytest.mark.spec("FRAME-6")
@given(data=st.data())
def test_every_byte_value_passes_untranslated(impl, data):
    transport = draw_transport(data, impl, STREAM_TRANSPORTS)
    order = list(ALL_BYTES)
    data.draw(st.randoms(use_true_random=False), label="byte order").shuffle(order)  # cheaper than permutations()
    blob = data.draw(payloads(max_size=512), label="prefix") + bytes(order)
    segments, pauses = segments_and_pauses(data, blob, paced=False)
    read = []

    def handle(h):
        read.append(h.rfile.read())
        h.wfile.write(read[-1])

    echoed = _one_client(impl, transport, handle, segments, pauses)
    # Rule: rfile and wfile carry every byte value unchanged, no newline translation.
    expect(read == [blob], "FRAME-6", f"rfile gave {len(read[0]) if read else 0} bytes for {len(blob)} sent"
                                      f"{'' if not read else ', first difference at ' + str(diff_at(read[0], blob))}")
    expect(echoed == blob, "FRAME-6", f"client got back {len(echoed)} bytes for {len(blob)} echoed, "
                                      f"first difference at {diff_at(echoed, blob)}")


@pytest.mark.spec("FRAME-11")
@given(data=st.data())
def test_half_closed_client_still_reads_the_reply(impl, data):
    transport = draw_transport(data, impl, STREAM_TRANSPORTS)
    request = data.draw(payloads(max_size=1024), label="request")
    reply_pieces = data.draw(st.lists(payloads(min_size=1, max_size=65536), min_size=1, max_size=4),
                             label="reply pieces")
    rec = Recorder()
    seen = []

    def handle(h):
        seen.append(h.rfile.read())
        rec.record("request-read", handler=h)  # EOF observed before any reply byte is written
        for piece in reply_pieces:
            h.wfile.write(piece)

    handler = recording_handler_for(impl, transport, rec, handle=handle)
    with start_server(impl, transport, handler, recorder=rec) as srv:
        client = srv.client()
        client.send(request)
        client.half_close()
        reply = client_read(client.recv_until_eof, "FRAME-11", "after half-closing, the reply and EOF")
    want = b"".join(reply_pieces)
    # Rule: the handler saw the whole request at EOF, and its later reply arrived in full.
    expect(seen == [request] and rec.named("request-read"), "FRAME-11",
           f"handler read {[len(s) for s in seen]} bytes for a {len(request)}-byte request")
    expect(reply == want, "FRAME-11", f"half-closed client read {len(reply)} of {len(want)} reply bytes")


@pytest.mark.spec("FRAME-19")
@settings(max_examples=scaled_examples(0.5))
@given(data=st.data())
def test_concurrent_connections_keep_their_bytes_apart(impl, data):
    transport = draw_transport(data, impl, STREAM_TRANSPORTS)
    count = data.draw(st.integers(2, 4), label="clients")
    order = data.draw(st.permutations(list(range(count)) * 2), label="send order")
    bodies = data.draw(st.lists(payloads(max_size=48), min_size=len(order), max_size=len(order)),
                       label="line bodies")
    rec = Recorder()
    handler = recording_handler_for(impl, transport, rec, handle=echo_lines)
    with start_server(impl, transport, handler, flavour="threading", recorder=rec) as srv:
        clients = [srv.client() for _ in range(count)]
        wait_or_violate(rec, "handle:enter", count, "FRAME-19", "the threading server did not run "
                                                                 "one handler per connection")
        for step, (who, body) in enumerate(zip(order, bodies)):
            line = unique_lines([body], b"c%d-s%d-" % (who, step))[0]
            clients[who].send(line)
            echo = client_read(clients[who].recv_line, "FRAME-19", f"client {who}'s echo of {line!r}")
            # Rule: each connection reads back its own bytes and nothing of the others'.
            expect(echo == line, "FRAME-19", f"client {who} sent {line!r} and read back {echo!r}")
        for c in clients:
            c.half_close()
        leftovers = [c.recv_until_eof() for c in clients]
    expect(leftovers == [b""] * count, "FRAME-19", f"clients read extra bytes at the end: {leftovers!r}")


# -- stream: writing ----------------------------------------------------------------------------
@pytest.mark.spec("FRAME-7")
@pytest.mark.parametrize("wbufsize", [0, -1, 8192])
@settings(max_examples=scaled_examples(0.5))
@given(data=st.data())
def test_write_returns_the_byte_count(impl, wbufsize, data):
    transport = draw_transport(data, impl, STREAM_TRANSPORTS)
    pieces = data.draw(st.lists(payloads(max_size=512), min_size=1, max_size=5), label="pieces")
    kinds = [data.draw(st.sampled_from(["bytes", "bytearray", "memoryview"]
                                       + (["memoryview-u16"] if len(p) % 2 == 0 else [])),
                       label="bytes-like kind") for p in pieces]
    returned = []

    def handle(h):
        returned.extend(h.wfile.write(as_bytes_like(p, k)) for p, k in zip(pieces, kinds))

    received = _one_client(impl, transport, handle, attrs={"wbufsize": wbufsize})
    want = [len(p) for p in pieces]
    # Rule: write() reports how many bytes it took: all of them, whatever the bytes-like type.
    expect(returned == want, "FRAME-7", f"write() of {list(zip(kinds, want))} returned {returned!r} "
                                        f"(wbufsize {wbufsize})")
    expect(received == b"".join(pieces), "FRAME-7",
           f"client received {len(received)} of {sum(want)} bytes written as {kinds}")


@pytest.mark.parametrize("timeout", [pytest.param(None, id="blocking", marks=pytest.mark.spec("FRAME-8")),
                                     pytest.param(10.0, id="timeout", marks=pytest.mark.spec("FRAME-24"))])
@settings(max_examples=scaled_examples(0.25))
@given(data=st.data())
def test_wfile_delivers_everything_in_order_to_a_slow_reader(impl, timeout, data):
    transport = draw_transport(data, impl, STREAM_TRANSPORTS)
    sizes = data.draw(st.lists(st.integers(1, 300_000), max_size=5), label="write sizes")
    big = data.draw(st.integers(8 * SMALL_SEND_BUFFER, 300_000), label="write larger than the send buffer")
    sizes.insert(data.draw(st.integers(0, len(sizes)), label="its position"), big)
    rng = random.Random(data.draw(st.integers(0, 2**32), label="seed"))
    pieces = [rng.randbytes(n) for n in sizes]
    chunk = data.draw(st.sampled_from([512, 4096, 65536]), label="client recv size")
    pauses = data.draw(pause_schedules(max_size=8, max_pause=0.01), label="client pauses")
    rec = Recorder()
    # With a timeout the socket is in timeout mode, where a single send() may take only part of a write.
    handler = recording_handler_for(impl, transport, rec, setup=small_send_buffer, handle=writes(pieces),
                            attrs={"timeout": timeout})
    with start_server(impl, transport, handler, recorder=rec) as srv:
        client = srv.client()
        client.half_close()
        received = read_slowly(client.sock, pauses, chunk, timeout=2 * bounds.soon)
    want = b"".join(pieces)
    # Rule: a slow client still receives every written byte, in write order.
    expect(received == want, "FRAME-8" if timeout is None else "FRAME-24",
           f"client reading {chunk} bytes at a time received {len(received)} of {len(want)} bytes "
           f"written as {sizes} (handler timeout {timeout}); first difference at {diff_at(received, want)}")


@pytest.mark.spec("FRAME-9")
@given(data=st.data())
def test_unbuffered_wfile_replies_before_handle_returns(impl, data):
    transport = draw_transport(data, impl, STREAM_TRANSPORTS)
    requests = unique_lines(data.draw(st.lists(payloads(max_size=64), min_size=1, max_size=4),
                                      label="request bodies"), b"q")
    rec = Recorder()

    def handle(h):
        for line in iter(h.rfile.readline, b""):
            h.wfile.write(b"re:" + line)  # no flush(): the default wfile must not need one
            rec.record("replied", handler=h)

    handler = recording_handler_for(impl, transport, rec, handle=handle)
    with start_server(impl, transport, handler, recorder=rec) as srv:
        client = srv.client()
        for i, line in enumerate(requests):
            client.send(line)
            reply = client_read(client.recv_line, "FRAME-9", f"while the handler was still reading, "
                                                             f"the reply line to request {i}")
            # Rule: the reply arrives while handle() is still running (it is waiting for our next line).
            expect(reply == b"re:" + line, "FRAME-9", f"reply {reply!r} to {line!r}")
            expect(not rec.named("handle:exit"), "FRAME-9",
                   f"handle() had returned before reply {i} was read: {rec.names()}")
        client.half_close()
        calls_ended(rec, "handle", 1, "FRAME-9", "the handler never saw EOF")


@pytest.mark.spec("FRAME-10")
@given(data=st.data())
def test_finish_flushes_a_buffered_wfile(impl, data):
    transport = draw_transport(data, impl, STREAM_TRANSPORTS)
    wbufsize = data.draw(st.sampled_from([-1, 1, 7, 4096, 65536]), label="wbufsize")
    pieces = data.draw(st.lists(payloads(max_size=1024), min_size=1, max_size=5), label="pieces")
    # The handler never flushes: finish() must.
    received = _one_client(impl, transport, writes(pieces), attrs={"wbufsize": wbufsize})
    want = b"".join(pieces)
    # Rule: what a buffered wfile still held when handle() returned reaches the client.
    expect(received == want, "FRAME-10", f"with wbufsize {wbufsize} the client received "
                                         f"{len(received)} of {len(want)} bytes written as "
                                         f"{[len(p) for p in pieces]}")


@pytest.mark.spec("FRAME-12")
@settings(max_examples=scaled_examples(0.25))
@given(data=st.data())
def test_handler_timeout_ends_a_silent_connection(impl, data):
    transport = draw_transport(data, impl, STREAM_TRANSPORTS)
    timeout = 0.05
    partial = data.draw(lines(max_size=16, terminated=False), label="bytes before silence")
    rec = Recorder()
    waited = []

    def handle(h):
        started = time.monotonic()
        try:
            h.rfile.readline()
        finally:
            waited.append(time.monotonic() - started)

    handler = recording_handler_for(impl, transport, rec, handle=handle, attrs={"timeout": timeout})
    with start_server(impl, transport, handler, recorder=rec, overrides={"handle_error": quiet_handle_error}) as srv:
        client = srv.client()
        if partial:
            client.send(partial)
        wait_or_violate(rec, "handle_error:enter", 1, "FRAME-12",
                        f"the client stayed silent with the handler's timeout at {timeout} s")
    raised = [e.data.get("exc") for e in rec.named("handle:raise")]
    # Rule: the silent read fails with a socket timeout, no sooner than the timeout, into handle_error().
    expect(raised and raised[0] in ("TimeoutError", "timeout"), "FRAME-12",
           f"handle() ended with {raised or 'no exception'}, not a socket timeout")
    expect(waited and waited[0] >= timeout * 0.8, "FRAME-12",
           f"the read gave up after {waited[0] if waited else '?'} s, before the {timeout} s timeout")


@pytest.mark.spec("FRAME-13")
@pytest.mark.parametrize("disable", [False, True], ids=["nagle-on", "nagle-off"])
@settings(max_examples=scaled_examples(0.15))
@given(data=st.data())
def test_disable_nagle_algorithm_sets_tcp_nodelay(impl, disable, data):
    transport = draw_transport(data, impl, (TCP, TCP6))
    rec = Recorder()
    nodelay = []
    handler = recording_handler_for(
        impl, transport, rec, attrs={"disable_nagle_algorithm": disable},
        handle=lambda h: nodelay.append(h.request.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)))
    with start_server(impl, transport, handler, recorder=rec) as srv:
        srv.client(nodelay=False)
        calls_ended(rec, "handle", 1, "FRAME-13", "the handler did not run")
    # Rule: TCP_NODELAY on the request socket is on exactly when disable_nagle_algorithm is true.
    expect(nodelay and bool(nodelay[0]) == disable, "FRAME-13",
           f"disable_nagle_algorithm={disable} but TCP_NODELAY on the request socket is {nodelay}")


@pytest.mark.spec("FRAME-22")
@pytest.mark.parametrize("wbufsize", [0, 8192], ids=["unbuffered", "buffered"])
@settings(max_examples=scaled_examples(0.25))
@given(data=st.data())
def test_wfile_is_a_writable_buffered_io(impl, wbufsize, data):
    transport = draw_transport(data, impl, STREAM_TRANSPORTS)
    texts = data.draw(st.lists(st.text(st.characters(codec="utf-8"), max_size=40), min_size=1, max_size=4),
                      label="texts")
    rec = Recorder()
    seen = {}

    def handle(h):
        seen["wfile"] = (type(h.wfile).__name__, isinstance(h.wfile, io.BufferedIOBase), h.wfile.writable())
        seen["fileno"] = (h.wfile.fileno(), h.request.fileno())
        seen["error"] = write_text(h.wfile, texts)

    handler = recording_handler_for(impl, transport, rec, handle=handle, attrs={"wbufsize": wbufsize})
    with start_server(impl, transport, handler, recorder=rec) as srv:
        received = client_read(srv.client().recv_until_eof, "FRAME-22", "the text and EOF")
    kind, buffered_io, writable = seen.get("wfile", ("?", None, None))
    # Rule: wfile is an io.BufferedIOBase whose writable() is true.
    expect(buffered_io and writable, "FRAME-22", f"with wbufsize {wbufsize}, wfile ({kind}) gave isinstance("
                                                 f"wfile, io.BufferedIOBase) {buffered_io}, writable() {writable}")
    # Rule: like any file over a socket, wfile.fileno() is the connection's descriptor.
    expect(seen.get("fileno", (0, 1))[0] == seen.get("fileno", (0, 1))[1], "FRAME-22",
           f"with wbufsize {wbufsize}, wfile.fileno() and the request socket's gave {seen.get('fileno')}")
    # Rule: text written through an io.TextIOWrapper over wfile reaches the client.
    want = "".join(texts).encode("utf-8")
    expect(received == want and not seen.get("error"), "FRAME-22",
           f"with wbufsize {wbufsize}, a TextIOWrapper over wfile ({kind}) delivered {len(received)} of "
           f"{len(want)} bytes; {seen.get('error') or 'no error'}")


@pytest.mark.spec("FRAME-23")
@pytest.mark.parametrize("wbufsize", [0, 8192], ids=["unbuffered", "buffered"])
@settings(max_examples=scaled_examples(0.25))
@given(data=st.data())
def test_handler_may_close_wfile_itself(impl, wbufsize, data):
    transport = draw_transport(data, impl, STREAM_TRANSPORTS)
    pieces = data.draw(st.lists(payloads(max_size=1024), min_size=1, max_size=4), label="reply pieces")
    rec = Recorder()
    handler = recording_handler_for(impl, transport, rec, handle=writes(pieces, close=True),  # ends the reply itself
                            attrs={"wbufsize": wbufsize})
    with start_server(impl, transport, handler, recorder=rec, overrides={"handle_error": quiet_handle_error}) as srv:
        received = client_read(srv.client().recv_until_eof, "FRAME-23", "the reply and EOF")
    # The sync server has stopped, so the request is over, handle_error() included if it ran.
    raised = [e.data.get("exc") for e in rec.named("finish:raise")]
    # Rule: finish() copes with a wfile the handler closed: nothing reaches handle_error().
    expect(not raised and not rec.named("handle_error:enter"), "FRAME-23", f"with wbufsize {wbufsize}, "
           f"finish() raised {raised} and handle_error() ran {len(rec.named('handle_error:enter'))} times")
    # Rule: the client receives the whole reply, then EOF.
    want = b"".join(pieces)
    expect(received == want, "FRAME-23", f"with wbufsize {wbufsize} the client received {len(received)} "
                                         f"of {len(want)} bytes written before wfile.close()")


# -- datagrams ------------------------------------------------------------------------------------
@pytest.mark.spec("FRAME-14")
@given(data=st.data())
def test_one_handler_per_datagram(impl, data):
    transport = draw_transport(data, impl, DATAGRAM_TRANSPORTS)
    grams = data.draw(st.lists(payloads(max_size=1024), min_size=1, max_size=5), label="datagrams")
    rec = Recorder()
    got = []
    handler = recording_handler_for(impl, transport, rec, handle=lambda h: got.append(h.rfile.read()))
    with start_server(impl, transport, handler, recorder=rec) as srv:
        client = srv.client()
        for gram in grams:
            client.send(gram)
        calls_ended(rec, "finish", len(grams), "FRAME-14", f"{len(grams)} datagrams sent")
    # Rule: one handler per datagram, its rfile holding exactly that datagram.
    expect(len(rec.named("init")) == len(grams) and Counter(got) == Counter(grams), "FRAME-14",
           f"{len(grams)} datagrams of {[len(g) for g in grams]} bytes gave {len(rec.named('init'))} "
           f"handlers reading {[len(g) for g in got]} bytes")


@pytest.mark.spec("FRAME-15")
@given(data=st.data())
def test_datagram_rfile_is_a_readable_file(impl, data):
    transport = draw_transport(data, impl, DATAGRAM_TRANSPORTS)
    gram = b"".join(data.draw(line_lists(max_size=5, max_line=64), label="lines"))
    sizes = data.draw(st.lists(st.integers(1, 200), max_size=3), label="read sizes")
    rec = Recorder()
    got = {}

    def handle(h):
        got["read"] = [h.rfile.read(n) for n in sizes]
        got["lines"] = list(iter(h.rfile.readline, b""))
        got["after"] = [h.rfile.readline(), h.rfile.read()]

    handler = recording_handler_for(impl, transport, rec, handle=handle)
    with start_server(impl, transport, handler, recorder=rec) as srv:
        srv.client().send(gram)
        calls_ended(rec, "finish", 1, "FRAME-15", "one datagram sent")
    want_read, rest = read_model(gram, sizes)
    *whole, last = rest.split(b"\n")
    want_lines = [w + b"\n" for w in whole] + ([last] if last else [])
    # Rule: read(n) and readline() walk through the datagram's bytes, then give b''.
    expect(got.get("read") == want_read, "FRAME-15", f"read({sizes}) gave {got.get('read')!r} on {gram!r}")
    expect(got.get("lines") == want_lines, "FRAME-15",
           f"readline() gave {got.get('lines')!r}, want {want_lines!r}")
    expect(got.get("after") == [b"", b""], "FRAME-15", f"at the datagram's end got {got.get('after')!r}")


@pytest.mark.spec("FRAME-16")
@given(data=st.data())
def test_datagrams_are_cut_to_max_packet_size(impl, data):
    transport = draw_transport(data, impl, DATAGRAM_TRANSPORTS)
    limit = data.draw(st.integers(8, 256), label="max_packet_size")
    lengths = data.draw(st.lists(st.sampled_from([limit - 1, limit, limit + 1, 2 * limit + 3, 1]),
                                 min_size=1, max_size=3), label="datagram lengths")
    rng = random.Random(data.draw(st.integers(0, 2**32), label="seed"))
    grams = [rng.randbytes(n) for n in lengths]
    rec = Recorder()
    got = []
    handler = recording_handler_for(impl, transport, rec, handle=lambda h: got.append(h.rfile.read()))
    with start_server(impl, transport, handler, recorder=rec, attrs={"max_packet_size": limit}) as srv:
        client = srv.client()
        for gram in grams:
            client.send(gram)
        calls_ended(rec, "finish", len(grams), "FRAME-16", f"{len(grams)} datagrams sent")
    want = [g[:limit] for g in grams]
    # Rule: the handler sees the first max_packet_size bytes of a longer datagram, shorter ones whole.
    expect(Counter(got) == Counter(want), "FRAME-16",
           f"with max_packet_size {limit}, datagrams of {lengths} bytes were read as "
           f"{[len(g) for g in got]} bytes")


@pytest.mark.spec("FRAME-17")
@given(data=st.data())
def test_reply_is_one_datagram_of_all_writes(impl, data):
    transport = draw_transport(data, impl, DATAGRAM_TRANSPORTS)
    plans = data.draw(st.lists(st.lists(payloads(max_size=200), min_size=1, max_size=4),
                               min_size=2, max_size=3), label="writes per request")
    rec = Recorder()
    by_request = {b"req%d" % i: pieces for i, pieces in enumerate(plans)}

    def handle(h):
        for piece in by_request[h.rfile.read()]:
            h.wfile.write(piece)

    handler = recording_handler_for(impl, transport, rec, handle=handle)
    with start_server(impl, transport, handler, recorder=rec) as srv:
        client = srv.client()
        for i, pieces in enumerate(plans):
            client.send(b"req%d" % i)
            reply, _ = client_read(client.recv, "FRAME-17", f"a reply datagram to request {i}")
            # Rule: the next datagram back is the concatenation of all this request's writes.
            expect(reply == b"".join(pieces), "FRAME-17",
                   f"request {i} wrote {[len(p) for p in pieces]} bytes; the datagram back held "
                   f"{len(reply)} bytes: {reply[:40]!r}")


@pytest.mark.spec("FRAME-18")
@given(data=st.data())
def test_reply_goes_to_the_sender(impl, data):
    transport = draw_transport(data, impl, DATAGRAM_TRANSPORTS)
    flavours = ["sync"] + (["threading"] if "threads" in impl.capabilities else [])
    flavour = data.draw(st.sampled_from(flavours), label="flavour")
    count = data.draw(st.integers(2, 3), label="clients")
    order = data.draw(st.permutations(list(range(count)) + data.draw(
        st.lists(st.integers(0, count - 1), max_size=3), label="extra sends")), label="send order")
    rec = Recorder()
    handler = recording_handler_for(impl, transport, rec, handle=lambda h: h.wfile.write(b"to:" + h.rfile.read()))
    with start_server(impl, transport, handler, flavour=flavour, recorder=rec) as srv:
        clients = [srv.client() for _ in range(count)]
        for step, who in enumerate(order):
            request = b"client%d-step%d" % (who, step)
            clients[who].send(request)
            reply, _ = client_read(clients[who].recv, "FRAME-18",
                                   f"client {who}'s reply to {request!r} ({flavour} server)")
            # Rule: the reply comes back to the socket that sent the request.
            expect(reply == b"to:" + request, "FRAME-18", f"client {who} sent {request!r} and "
                                                          f"received {reply!r}")


@pytest.mark.spec("FRAME-21")
@given(data=st.data())
def test_empty_reply_datagram_when_nothing_written(impl, data):
    transport = draw_transport(data, impl, DATAGRAM_TRANSPORTS)
    gram = data.draw(payloads(max_size=256), label="datagram")
    rec = Recorder()
    handler = recording_handler_for(impl, transport, rec, handle=lambda h: h.rfile.read())
    with start_server(impl, transport, handler, recorder=rec) as srv:
        client = srv.client()
        client.send(gram)
        reply, _ = client_read(client.recv, "FRAME-21", "a datagram from a handler that wrote nothing")
    # Rule: the sender still gets a datagram, and it is empty.
    expect(reply == b"", "FRAME-21", f"the handler wrote nothing, yet the datagram back held {reply!r}")
