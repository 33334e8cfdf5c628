"""Clauses of the 'framing' area (tests: conformance/test_framing.py)."""
from conformance._clause import Clause

_SRH = "#socketserver.StreamRequestHandler"

CLAUSES = (
    Clause("FRAME-1", "framing", "readline() yields the client's lines",
           "rfile.readline() returns exactly the lines the client sent, whatever the segmentation "
           "of the byte stream, each with its b'\\n'.",
           _SRH, level="documented", api=("StreamRequestHandler",)),
)
