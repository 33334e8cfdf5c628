"""Mechanical mutants of a Python source file, for the detection-power benchmark.

Theory of operation
-------------------
The file is parsed once with :mod:`ast`.  Each *operator* walks the tree and proposes
mutations; a mutation is a span of the original source (start line/column to end line/column,
as the AST reports them) and the text that replaces it.  Splicing text into the original keeps
every other line, comment and line number as it was, so a survivor's location is a line of the
file the user gave, and ``diff`` of a mutant against it shows exactly one change.

A mutant's ID is ``<operator>@<line>:<column>`` (plus ``/<n>`` when one node yields several
mutants, e.g. the n-th operator of a chained comparison).  IDs depend only on the file's text,
so a seeded sample names the same mutants on every machine with the same file, and notes about
survivors (``bench/survivors.py``) can be keyed by ID.

Operators (the classic ones of mutation testing, restricted to what a reviewer would call a bug):

=============  ======================================================================
``compare``    ``<``/``<=``, ``>``/``>=``, ``==``/``!=``, ``is``/``is not``, ``in``/``not in``
``negate``     the condition of ``if``/``elif``/``while``/``x if c else y`` becomes ``not (c)``
``boolop``     ``and`` / ``or``
``arith``      ``+`` / ``-``
``constant``   ``True``/``False`` flipped, an integer or float ``n`` becomes ``n + 1``
``delete``     a simple statement (call, assignment, return, raise, ...) becomes ``pass``
``finally``    the body of a ``finally:`` block becomes ``pass``
=============  ======================================================================

Docstrings, ``__all__`` entries and string constants are never mutated: changing them changes
no behaviour a socket client can see, and would only dilute the sample.
"""
from __future__ import annotations

import ast
import dataclasses
import random
from typing import Dict, List, Optional, Sequence, Tuple

__all__ = ["Mutant", "OPERATORS", "mutants", "sample"]

OPERATORS: Tuple[str, ...] = ("compare", "negate", "boolop", "arith", "constant", "delete", "finally")

_SWAPPED_COMPARISONS: Dict[type, type] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
    ast.In: ast.NotIn, ast.NotIn: ast.In,
}
_DELETABLE = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Raise,
              ast.Delete, ast.Assert, ast.Break, ast.Continue)


@dataclasses.dataclass(frozen=True)
class Mutant:
    """One change to the source: ``original`` (lines ``line``..``end_line``) becomes ``replacement``."""

    id: str
    operator: str
    line: int
    end_line: int
    original: str
    replacement: str
    _span: Tuple[int, int, int, int] = dataclasses.field(repr=False, compare=False)

    def describe(self, width: int = 60) -> str:
        """``line 232: while not self.x -> while not (not (...))``, shortened to ``width``."""
        return f"line {self.line}: {_short(self.original, width)} -> {_short(self.replacement, width)}"

    def apply(self, source: str) -> str:
        """The full mutant source (``source`` must be the text the mutant was made from)."""
        start_line, start_col, end_line, end_col = self._span
        lines = source.encode("utf-8").splitlines(keepends=True)
        head = b"".join(lines[:start_line - 1]) + lines[start_line - 1][:start_col]
        tail = lines[end_line - 1][end_col:] + b"".join(lines[end_line:])
        return (head + self.replacement.encode("utf-8") + tail).decode("utf-8")


def _short(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - 3] + "..."


class _Walker(ast.NodeVisitor):
    """Collects mutations; ``self.skip`` holds nodes (docstrings, __all__) never to touch."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines = source.encode("utf-8").splitlines(keepends=True)
        self.found: List[Mutant] = []
        self.skip: set = set()

    # -- helpers ----------------------------------------------------------------------
    def segment(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.source, node) or ""

    def add(self, operator: str, node: ast.AST, replacement: str, span: Optional[Tuple[int, int, int, int]] = None,
            suffix: str = "") -> None:
        span = span or (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)
        original = _span_text(self.lines, span)
        if replacement.rstrip("\n") == original:
            return
        mid = f"{operator}@{span[0]}:{span[1]}{suffix}"
        self.found.append(Mutant(mid, operator, span[0], span[2], original, replacement, span))

    def replace_expr(self, operator: str, node: ast.expr, new: ast.expr, suffix: str = "") -> None:
        # Parenthesised so the new text binds the same way wherever the old text sat; the
        # newlines of a multi-line original go inside the parentheses, keeping line numbers.
        self.add(operator, node, f"({ast.unparse(new)}{_newlines(node)})", suffix=suffix)

    def indent_of(self, node: ast.stmt) -> Optional[bytes]:
        """The statement's indentation if it has its lines to itself, else None (``a; b``)."""
        first = self.lines[node.lineno - 1]
        last = self.lines[node.end_lineno - 1]
        if first[:node.col_offset].strip() or last[node.end_col_offset:].split(b"#")[0].strip():
            return None
        return first[:node.col_offset]

    # -- what is never mutated ----------------------------------------------------------
    def mark_docstrings_and_all(self, tree: ast.Module) -> None:
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                    and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                self.skip.update(ast.walk(body[0]))
            targets = getattr(node, "targets", None) or [getattr(node, "target", None)]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets if t is not None):
                self.skip.update(ast.walk(node))
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) \
                    and isinstance(node.value.func, ast.Attribute) \
                    and isinstance(node.value.func.value, ast.Name) and node.value.func.value.id == "__all__":
                self.skip.update(ast.walk(node.value))  # the call's arguments; the statement stays deletable
            if isinstance(node, ast.JoinedStr):  # spans inside f-strings are not reliable
                self.skip.update(ast.walk(node))

    def generic_visit(self, node: ast.AST) -> None:
        if node not in self.skip:
            self.mutate(node)
        super().generic_visit(node)

    # -- the operators ------------------------------------------------------------------
    def mutate(self, node: ast.AST) -> None:
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                swapped = _SWAPPED_COMPARISONS.get(type(op))
                if swapped is not None:
                    ops = list(node.ops)
                    ops[i] = swapped()
                    self.replace_expr("compare", node, ast.Compare(node.left, ops, node.comparators),
                                      suffix=f"/{i}" if len(node.ops) > 1 else "")
        elif isinstance(node, (ast.If, ast.While, ast.IfExp)):
            self.replace_expr("negate", node.test, ast.UnaryOp(ast.Not(), node.test))
        elif isinstance(node, ast.BoolOp):
            other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            self.replace_expr("boolop", node, ast.BoolOp(other, node.values))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            other = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
            self.replace_expr("arith", node, ast.BinOp(node.left, other, node.right))
        elif isinstance(node, ast.Constant) and not isinstance(node.value, (str, bytes)):
            value = node.value
            if isinstance(value, bool):
                self.add("constant", node, repr(not value))
            elif isinstance(value, (int, float)) and value is not None:
                self.add("constant", node, repr(value + 1))
        if isinstance(node, _DELETABLE):
            if self.indent_of(node) is not None:
                self.add("delete", node, "pass" + _newlines(node))
        if isinstance(node, ast.Try) and node.finalbody:
            first, last = node.finalbody[0], node.finalbody[-1]
            if self.indent_of(first) is not None:
                self.add("finally", first, "pass" + "\n" * (last.end_lineno - first.lineno),
                         span=(first.lineno, first.col_offset, last.end_lineno, last.end_col_offset))

def _newlines(node: ast.AST) -> str:
    return "\n" * (node.end_lineno - node.lineno)


def _span_text(lines: Sequence[bytes], span: Tuple[int, int, int, int]) -> str:
    start_line, start_col, end_line, end_col = span
    if start_line == end_line:
        return lines[start_line - 1][start_col:end_col].decode("utf-8")
    parts = [lines[start_line - 1][start_col:]] + list(lines[start_line:end_line - 1]) \
        + [lines[end_line - 1][:end_col]]
    return b"".join(parts).decode("utf-8")


def mutants(source: str, operators: Sequence[str] = OPERATORS) -> List[Mutant]:
    """Every mutant of ``source`` by the given operators, in source order; each one compiles."""
    unknown = set(operators) - set(OPERATORS)
    if unknown:
        raise ValueError(f"unknown operators {sorted(unknown)}; choose from {', '.join(OPERATORS)}")
    tree = ast.parse(source)
    walker = _Walker(source)
    walker.mark_docstrings_and_all(tree)
    walker.visit(tree)
    found: Dict[str, Mutant] = {}
    for m in walker.found:
        if m.operator in operators and m.id not in found and _compiles(m.apply(source)):
            found[m.id] = m
    return sorted(found.values(), key=lambda m: (m.line, m._span[1], m.id))


def _compiles(text: str) -> bool:
    try:
        compile(text, "<mutant>", "exec")
    except SyntaxError:
        return False
    return True


def sample(population: Sequence[Mutant], size: Optional[int], seed: int) -> List[Mutant]:
    """``size`` mutants drawn with ``random.Random(seed)`` (all of them if ``size`` is None or
    too large), returned in source order so reports read top to bottom."""
    if size is None or size >= len(population):
        return list(population)
    chosen = random.Random(seed).sample(list(population), size)
    return sorted(chosen, key=lambda m: (m.line, m._span[1], m.id))
