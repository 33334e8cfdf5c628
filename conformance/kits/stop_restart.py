"""The stop/restart model of the 'serving' area: a sequence of serve_forever(), shutdown() and
requests, each made once the previous one has settled, checked call by call against what
LOOP-1, LOOP-6, LOOP-7 and LOOP-19 to LOOP-22 predict (tests: test_serving.py)."""
from __future__ import annotations

from typing import Any, List

from socketserver_conformance.harness import Recorder, Request, bounds, expect
from socketserver_conformance.kits.serving import PING, Driver, expect_stopped, handled_count


class StopRestartModel:
    """What LOOP-1, LOOP-6, LOOP-7 and LOOP-19 to LOOP-22 predict for serve_forever(), shutdown()
    and requests made one after another, each once the previous one has settled: whether a
    call returns at once, runs, or waits, and which loop serves a request."""

    def __init__(self) -> None:
        self.running = False   # a serve_forever() runs
        self.ended = False     # a serve_forever() has returned before
        self.kept_by = ""      # a stop asked for while no loop ran: the clause that keeps it
        self.waiting = 0       # shutdown() calls waiting for a first loop

    def allowed(self, queued: int) -> List[str]:
        ops = ["shutdown"] if self.running or self.ended or self.waiting < 2 else []
        if not self.running:
            ops.append("serve")
        if (self.running and self.ended) or (not self.running and queued < 2 and (self.ended or self.kept_by)):
            ops.append("request")
        return ops

    def serve(self) -> str:
        """'returns' (a stop was kept: at once, handling nothing, releasing waiters) or 'runs'."""
        if self.kept_by:
            self.kept_by, self.waiting, self.ended = "", 0, True
            return "returns"
        self.running = True
        return "runs"

    def shutdown(self) -> str:
        """'stops' the running loop, 'returns' at once, or 'waits' for a first loop."""
        if self.running:
            self.running, self.ended = False, True
            return "stops"
        if self.ended:
            self.kept_by = "LOOP-22"
            return "returns"
        self.kept_by = "LOOP-20"
        self.waiting += 1
        return "waits"

    def finish(self) -> List[str]:
        """The calls that leave nothing running or waiting."""
        if self.running:
            return ["shutdown"]
        return ["serve"] if self.waiting else []


class StopRestartSequence:
    """Runs a stop/restart sequence on a driven server, checking each call against the model."""

    def __init__(self, rec: Recorder, drive: Driver, srv: Any, poll: float) -> None:
        self.rec, self.drive, self.srv, self.poll = rec, drive, srv, poll
        self.model = StopRestartModel()
        self.loop: Any = None
        self.waiting: List[Any] = []       # shutdown() calls the model says wait
        self.queued: List[Any] = []        # (request, clause that says which loop serves it)
        self.done: List[str] = []
        self._shutdowns = 0

    def __call__(self, op: str) -> None:
        getattr(self, "_" + op)()
        self.done.append(op)

    @property
    def so_far(self) -> str:
        return f"after {', '.join(self.done) or 'nothing'}"

    def _serve(self) -> None:
        kept_by, ended_before = self.model.kept_by, self.model.ended
        before = handled_count(self.rec)
        loop = self.drive.serve(self.poll)
        if self.model.serve() == "returns":
            # Rule: a stop asked for while no loop ran ends this loop at once; it handles nothing.
            expect(loop.wait(self.poll + bounds.margin), kept_by,
                   f"serve_forever() was still running {self.poll + bounds.margin:.2f} s after it was called "
                   f"with a stop already asked for ({self.so_far})")
            expect(loop.error is None, kept_by, f"serve_forever() raised {loop.error!r} ({self.so_far})")
            handled = handled_count(self.rec) - before
            expect(handled == 0, kept_by,
                   f"serve_forever(), entered with a stop already asked for, handled {handled} of the "
                   f"{len(self.queued)} request(s) waiting ({self.so_far})")
            for stopper in self.waiting:
                # Rule: the shutdown() calls waiting for a first loop return once it has.
                expect(stopper.wait(bounds.soon) and stopper.error is None, "LOOP-20",
                       f"a shutdown() waiting for a first loop {stopper.outcome()} {bounds.soon:g} s after that "
                       f"loop had returned ({self.so_far})")
            self.waiting = []
            self.queued = [(request, kept_by) for request, _ in self.queued]
            return
        self.loop = loop
        for request, clause in self.queued:
            # Rule: requests left waiting while no loop ran are served by the next running loop.
            reply = request.reply_or_partial()
            expect(reply == PING, clause,
                   f"a request left waiting got {reply!r} from the serve_forever() that followed ({self.so_far})")
        self.queued = []
        expect(not loop.done.is_set(), "LOOP-7" if ended_before else "LOOP-1",
               f"serve_forever() returned ({loop.outcome()}) without a shutdown() asked for ({self.so_far})")

    def _shutdown(self) -> None:
        self._shutdowns += 1
        stopper = self.drive.shutdown(f"shutdown-{self._shutdowns}")
        predicted = self.model.shutdown()
        if predicted == "stops":
            expect_stopped(self.rec, self.drive, self.loop, stopper, "LOOP-1")
            self.loop = None
        elif predicted == "returns":
            # Rule: with a loop returned before and none running, shutdown() returns at once.
            expect(stopper.wait(bounds.margin) and stopper.error is None, "LOOP-21",
                   f"shutdown() with no loop running, after one had returned, {stopper.outcome()} "
                   f"{bounds.margin:g} s after it was called ({self.so_far})")
        else:
            stopper.wait_blocked()
            # Rule: before any loop has run, shutdown() waits for one.
            expect(not stopper.wait(bounds.not_yet), "LOOP-19",
                   f"shutdown() {stopper.outcome()} after {stopper.elapsed:.3f} s although no "
                   f"serve_forever() had run yet ({self.so_far})")
            self.waiting.append(stopper)

    def _request(self) -> None:
        request = Request(self.srv, PING)
        if self.model.running:
            # Rule: a restarted loop serves requests.
            reply = request.reply_or_partial()
            expect(reply == PING, "LOOP-7", f"a request to the restarted loop got {reply!r} ({self.so_far})")
        else:
            self.queued.append((request, self.model.kept_by or "LOOP-6"))
