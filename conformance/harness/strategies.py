"""Hypothesis strategies for conformance scenarios (plural nouns; bounds are min_size/max_size)."""
from __future__ import annotations

from typing import List

from hypothesis import strategies as st

__all__ = ["chunkings", "lines", "line_lists", "payloads", "pause_schedules"]


#: Bytes that break sloppy framing: line ends of every platform, NUL, high bytes, a text codec's BOM.
AWKWARD_BYTES = (b"\r", b"\n", b"\r\n", b"\x00", b"\xff", b"\x80", b"\x1a", b"\xef\xbb\xbf", b" ", b"a")


def payloads(*, min_size: int = 0, max_size: int = 4096) -> st.SearchStrategy[bytes]:
    """Arbitrary bytes, all 256 values welcome, biased towards AWKWARD_BYTES."""
    awkward = st.lists(st.sampled_from(AWKWARD_BYTES), max_size=max(1, max_size // 3)).map(b"".join)
    return st.one_of(st.binary(min_size=min_size, max_size=max_size), awkward).filter(
        lambda b: min_size <= len(b) <= max_size)


def lines(*, min_size: int = 0, max_size: int = 256, terminated: bool = True) -> st.SearchStrategy[bytes]:
    """One line: bytes without b'\\n' (any other value, \\r included), newline-terminated by default."""
    body = payloads(max_size=max_size).map(lambda b: b.replace(b"\n", b"")).filter(
        lambda b: len(b) >= min_size)
    return body.map(lambda b: b + b"\n") if terminated else body


def line_lists(*, min_size: int = 0, max_size: int = 8, max_line: int = 256) -> st.SearchStrategy[List[bytes]]:
    """A client's lines; the last one may lack its newline (it comes back at EOF)."""
    return st.tuples(
        st.lists(lines(max_size=max_line), min_size=min_size, max_size=max_size),
        st.one_of(st.just(b""), lines(min_size=1, max_size=max_line, terminated=False)),
    ).map(lambda t: t[0] + ([t[1]] if t[1] else []))


@st.composite
def chunkings(draw: st.DrawFn, data: bytes, *, max_size: int = 16) -> List[bytes]:
    """``data`` cut into at most ``max_size`` consecutive non-empty segments (joined, they are ``data``)."""
    if not data:
        return []
    cuts = draw(st.lists(st.integers(1, len(data) - 1), max_size=max_size - 1, unique=True)
                if len(data) > 1 else st.just([]), label="cut points")
    bounds = [0, *sorted(cuts), len(data)]
    return [data[a:b] for a, b in zip(bounds, bounds[1:])]


def pause_schedules(*, min_size: int = 0, max_size: int = 16,
                    max_pause: float = 0.005) -> st.SearchStrategy[List[float]]:
    """Pauses (seconds) between segments: mostly none, some a few milliseconds."""
    return st.lists(st.one_of(st.just(0.0), st.floats(0.0, max_pause)), min_size=min_size, max_size=max_size)
