"""StreamRequestHandler with a buffered wfile: replies only leave when finish() flushes them."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("CLIENT-11",)
SELECT = ("conformance/suite/test_clients.py::test_paced_client_gets_each_line_answered_before_the_next[tcp]",)


class StreamRequestHandler(_std.StreamRequestHandler):
    wbufsize = 1 << 16


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
