"""collect_children() treats "no such child" (someone else reaped it) as "still running", so
a server whose children were reaped elsewhere keeps them forever and, at max_children,
spins waiting for them instead of serving."""

from tests.mutants._kit import patched_reference

CATCHES = ("FORK-16",)
# One transport: the spinning server thread slows the rest of its process down.
SELECT = ("conformance/suite/test_forking.py::test_children_reaped_by_someone_else_are_forgotten[tcp]",)

globals().update(patched_reference(
    "                done = pid  # already gone: forget it\n",
    "                done = 0  # the bug: a child reaped elsewhere is 'still running'\n"))
