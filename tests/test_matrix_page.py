"""``socketserver-conformance matrix``: the page a person opens, checked as rendered.

The browser test drives Debian's ``chromium`` headless over the DevTools protocol on a pipe
(``--remote-debugging-pipe``: JSON messages on file descriptors 3 and 4, each ended by a NUL),
so it needs no Python dependency beyond the standard library.  It clicks a failed cell as a
person does (a mouse press and release where the cell's summary is drawn) and reads what is
rendered (``innerText``, which leaves out the closed ``<details>``).  Where ``chromium`` is
absent the test skips and says so; ``.ci/run`` installs it.  Set ``MATRIX_SCREENSHOT=PATH``
to keep the screenshot it takes.
"""
from __future__ import annotations

import base64
import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from typing import Any, Dict, List, Optional

import pytest

from socketserver_conformance._report import SCHEMA, summarise
from socketserver_conformance.cli import main
from socketserver_conformance.spec import CLAUSES, sort_key

FAILURE = ("observed: finish() was never called after handle() raised <ValueError>\n"
           "required: finish() runs even when handle() raises (LIFE-3)")
REPRODUCE = "pytest 'conformance/suite/test_lifecycle.py::test_finish_runs[tcp]' --impl=myfork --hypothesis-seed=0"
INJECTED = "<script>window.injected = 1</script><b>bold</b>"


def make_report(name: str, version: str, outcomes: Optional[Dict[str, Any]] = None, *,
                python: str = "3.11.7", contract: str = "3.11", deviations: Optional[Dict[str, str]] = None,
                started_at: str = "2026-12-01T10:00:00Z") -> Dict[str, Any]:
    """A report as the plugin writes it, every clause passed unless ``outcomes`` says otherwise:
    ``{clause: outcome}`` or ``{clause: (outcome, message)}``."""
    rows = []
    for cid in sorted(CLAUSES, key=sort_key):
        clause = CLAUSES[cid]
        outcome, message = (outcomes or {}).get(cid, "passed"), ""
        if isinstance(outcome, tuple):
            outcome, message = outcome
        rows.append({"id": cid, "area": clause.area, "title": clause.title, "level": clause.level,
                     "source": clause.url, "outcome": outcome, "tests": [f"conformance/suite/test_x.py::test_{cid}"],
                     "message": message, "blocked_by": ["LIFE-3"] if outcome == "blocked" else [],
                     "stale_deviation": False})
    table = summarise(rows)
    return {
        "schema": SCHEMA,
        "implementation": {"name": name, "version": version, "source": f"/src/{name}/socketserver.py",
                           "description": "", "capabilities": ["threads"], "python_follows": contract,
                           "deviations": dict(deviations or {})},
        "python": python, "platform": "Linux", "profile": "quick", "contract": contract, "duration_s": 10.0,
        "started_at": started_at, "finished_at": started_at, "suite": {"version": "0.1.0", "commit": None},
        "seed": "0", "exit_status": 1 if any(r["outcome"] == "failed" for r in rows) else 0,
        "invocation": "conformance/suite --impl=" + name, "workers": 0, "time_scale": 1.0, "selection": {},
        "summary": table["_total"], "areas": {k: v for k, v in table.items() if k != "_total"},
        "levels": {}, "untested": [r["id"] for r in rows if r["outcome"] == "untested"],
        "stale_deviations": [], "unknown_deviation_ids": [], "session_leaks": [], "clauses": rows, "tests": [],
    }


def three_reports(tmp_path) -> List[str]:
    reports = {
        "stdlib": make_report("stdlib", "CPython 3.11.7"),
        "myfork": make_report("myfork", "2.0.1", {
            "LIFE-3": ("failed", f"{FAILURE}\nreproduce: {REPRODUCE}"),
            "LIFE-4": ("blocked", "not judged: its tests stopped at LIFE-3"),
            "THREAD-3": ("deviation", "known deviation THREAD-3: observed daemon threads"),
        }, deviations={"THREAD-3": "our handler threads are always daemons"}),
        "clean-room": make_report(f"clean-room {INJECTED}", "0.3", {
            "FORK-13": ("skipped", "FORK-13 holds for Python 3.12+; the run applies contract 3.9"),
            "LOOP-1": ("untested", "no test of this clause ran"),
            "LOOP-2": ("failed", f"observed {INJECTED}\nreproduce: pytest x --impl=clean-room"),
        }, python="3.9.18", contract="3.9"),
    }
    paths = []
    for key, report in reports.items():
        path = tmp_path / f"{key}.json"
        path.write_text(json.dumps(report))
        paths.append(str(path))
    return paths


class _Page(HTMLParser):
    """What the static page holds: ids, the tags that would fetch something, the scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: Dict[str, str] = {}
        self.fetching: List[str] = []
        self.scripts = 0
        self.text: List[str] = []

    def handle_starttag(self, tag: str, attrs: List[Any]) -> None:
        a = dict(attrs)
        if "id" in a:
            self.ids[a["id"]] = tag
        if tag == "script":
            self.scripts += 1
        if "src" in a or (tag == "link" and a.get("rel") != "canonical") or "srcset" in a or \
                re.search(r"url\(", a.get("style") or ""):
            self.fetching.append(f"<{tag} {a}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def render(tmp_path) -> str:
    out = tmp_path / "page.html"
    assert main(["matrix", *three_reports(tmp_path), "-o", str(out)]) == 0
    return str(out)


def test_matrix_page_is_self_contained_and_escapes_what_reports_say(tmp_path):
    html = open(render(tmp_path), encoding="utf-8").read()
    page = _Page()
    page.feed(html)
    assert not page.fetching, f"the page fetches assets: {page.fetching}"
    assert page.scripts == 1  # the filters' inline script; nothing else runs
    assert "url(" not in html.split("<style>")[1].split("</style>")[0]
    assert "window.injected" not in "".join(page.text).replace(INJECTED, "")  # only as text
    assert "&lt;script&gt;window.injected = 1&lt;/script&gt;" in html
    for col in ("stdlib", "myfork", "clean-room"):  # every cell has an id to link to
        assert page.ids.get(f"cell-LIFE-3-{col}") in ("details", "span")
    assert page.ids["cell-LIFE-3-myfork"] == "details"  # a failure: one click away
    assert page.ids["cell-THREAD-3-myfork"] == "details"
    assert page.ids["cell-LIFE-3-stdlib"] == "span"  # a plain pass: nothing to open
    assert REPRODUCE.replace("'", "&#39;") in html
    assert "our handler threads are always daemons" in html  # the deviation's declared reason
    # the table is plain HTML: the filters are hidden until the script shows them
    assert re.search(r'<form id="filters" hidden>', html)


def test_matrix_reads_folders_and_rejects_what_is_no_report(tmp_path, capsys):
    three_reports(tmp_path)
    out = tmp_path / "out" / "index.html"
    assert main(["matrix", str(tmp_path), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count('<th scope="col" class="impl"') == 3
    (tmp_path / "bad.json").write_text("{}")
    assert main(["matrix", str(tmp_path), "-o", str(out)]) == 2
    assert "not a socketserver-conformance report" in capsys.readouterr().err


# -- the page as rendered in headless Chromium ---------------------------------------------
def chromium() -> Optional[str]:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


class DevTools:
    """The Chrome DevTools protocol over ``--remote-debugging-pipe`` (no websocket needed)."""

    def __init__(self, exe: str, profile_dir: str) -> None:
        self._log_path = os.path.join(profile_dir + "-stderr.log")
        self._log = open(self._log_path, "wb")  # a file, not a pipe: nobody reads chromium's chatter
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--mute-audio", "--hide-scrollbars",
                f"--user-data-dir={profile_dir}", "--window-size=1400,1000", "--remote-debugging-pipe",
                "about:blank"]
        # The browser reads commands on descriptor 3 and writes answers on 4: a tiny launcher
        # puts the pipes there (dup2 leaves them inheritable) and execs it.
        launcher = ("import os, sys; r, w = int(sys.argv[1]), int(sys.argv[2]); os.dup2(r, 3); os.dup2(w, 4); "
                    "[os.close(fd) for fd in (r, w) if fd not in (3, 4)]; os.execv(sys.argv[3], sys.argv[3:])")
        self.proc = subprocess.Popen([sys.executable, "-c", launcher, str(to_chrome_r), str(from_chrome_w), exe,
                                      *args], pass_fds=(to_chrome_r, from_chrome_w),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=self._log)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next = 0
        self.session: Optional[str] = None
        self.events: List[Dict[str, Any]] = []

    def _read(self, deadline: float) -> Dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from chromium")
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 16)
                if not chunk:
                    raise RuntimeError("chromium closed its pipe: " + self.stderr())
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def stderr(self) -> str:
        self._log.flush()
        with open(self._log_path, "rb") as f:
            return f.read()[-2000:].decode(errors="replace")

    def send(self, method: str, params: Optional[Dict[str, Any]] = None, *, timeout: float = 30,
             browser: bool = False) -> Dict[str, Any]:
        self._next += 1
        message: Dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if self.session and not browser:
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            answer = self._read(deadline)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_event(self, method: str, timeout: float = 30) -> Dict[str, Any]:
        deadline = time.monotonic() + timeout
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        while True:
            event = self._read(deadline)
            if event.get("method") == method:
                return event
            self.events.append(event)

    def open(self, url: str, *, script: bool = True) -> None:
        self.events = []
        target = self.send("Target.createTarget", {"url": "about:blank"}, browser=True)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 browser=True)["sessionId"]
        self.send("Page.enable")
        if not script:
            self.send("Emulation.setScriptExecutionDisabled", {"value": True})
        self.send("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A person's click: scroll it into view, press and release the mouse on its middle."""
        box = self.js(f"(function(){{var e=document.querySelector({json.dumps(selector)});"
                      "e.scrollIntoView({block:'center'});var r=e.getBoundingClientRect();"
                      "return [r.left+r.width/2, r.top+r.height/2];})()")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left",
                                                   "clickCount": 1})

    def screenshot(self, path: str) -> None:
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.send("Browser.close", browser=True, timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self._log.close()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass


@pytest.fixture
def browser(tmp_path):
    exe = chromium()
    if exe is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)")
    devtools = DevTools(exe, str(tmp_path / "chromium-profile"))
    try:
        devtools.send("Browser.getVersion", browser=True, timeout=60)
    except Exception as exc:
        devtools.close()
        pytest.skip(f"chromium does not start headless here: {exc}")
    yield devtools
    devtools.close()


def inner_text(browser: DevTools, selector: str) -> str:
    return browser.js(f"document.querySelector({json.dumps(selector)}).innerText")


def test_matrix_page_in_headless_chromium(tmp_path, browser):
    url = "file://" + render(tmp_path)
    browser.open(url)
    # the implementations, as column headings: name, version, contract, Python, date
    head = inner_text(browser, "#matrix thead")
    for text in ("stdlib", "CPython 3.11.7", "myfork", "2.0.1", "clean-room " + INJECTED, "contract 3.9",
                 "Python 3.9.18", "2026-12-01T10:00:00Z"):
        assert text in head, f"{text!r} not shown in the column headings:\n{head}"
    assert browser.js("window.injected === undefined")  # a report's text never runs
    # the counts: the summary table, the totals row and an area's heading row
    n = len(CLAUSES)
    summary = inner_text(browser, "#summary-myfork")
    assert summary.split("\t")[:5] == ["myfork", "2.0.1", "3.11", "3.11.7", str(n)], summary
    assert inner_text(browser, '#summary-myfork td[data-outcome="failed"]') == "1"
    totals = inner_text(browser, '#matrix tr.totals td[data-column="myfork"]')
    assert f"{n - 3} passed" in totals and "1 failed" in totals and "1 deviation" in totals \
        and "1 blocked" in totals, totals
    lifecycle = inner_text(browser, "#area-lifecycle tr.area-head")
    assert "1 failed" in lifecycle and "1 blocked" in lifecycle, lifecycle
    # a failed cell: its message is not shown until a click, then it is, with the reproduction line
    cell = '#cell-LIFE-3-myfork'
    assert inner_text(browser, cell).strip() == "failed"
    assert browser.js(f"getComputedStyle(document.querySelector({json.dumps(cell)}).closest('td'))"
                      ".backgroundColor") == "rgb(249, 208, 211)"  # --failed
    browser.click(cell + " > summary")
    assert browser.js(f"document.querySelector({json.dumps(cell)}).open") is True
    shown = inner_text(browser, cell)
    assert "observed: finish() was never called after handle() raised <ValueError>" in shown
    assert "reproduce: " + REPRODUCE in shown
    # a deviation: the reason the implementation declared
    browser.click("#cell-THREAD-3-myfork > summary")
    assert "declared deviation: our handler threads are always daemons" in inner_text(browser, "#cell-THREAD-3-myfork")
    # the outcome filter: only the clauses with a failed cell
    assert "of" in inner_text(browser, "#shown")
    browser.js("document.querySelectorAll('#filters input[name=outcome]').forEach(function(i){"
               "i.checked = i.value === 'failed'}); document.getElementById('filters')"
               ".dispatchEvent(new Event('change'))")
    assert inner_text(browser, "#shown") == f"2 of {n} clauses shown"
    assert browser.js("document.getElementById('clause-LOOP-1').hidden") is True
    screenshot = os.environ.get("MATRIX_SCREENSHOT") or str(tmp_path / "matrix.png")
    browser.click(cell + " > summary")  # closed again by the click
    assert browser.js(f"document.querySelector({json.dumps(cell)}).open") is False
    # A shared link to the cell: the page, loaded with its id as the hash, opens it (the page's
    # script has run by the load event; a hashchange within the page is asynchronous, and under
    # load it came too late for a bounded look).
    browser.open(url + "#cell-LIFE-3-myfork")
    assert browser.js(f"document.querySelector({json.dumps(cell)}).open") is True
    browser.js("window.scrollTo(0, 0)")
    browser.screenshot(screenshot)
    assert os.path.getsize(screenshot) > 10_000


def test_matrix_page_without_javascript(tmp_path, browser):
    browser.open("file://" + render(tmp_path), script=False)
    assert browser.js("document.getElementById('filters').hidden") is True  # no dead controls
    body = inner_text(browser, "#matrix")
    assert "myfork" in body and "LIFE-3" in body and "failed" in body
    browser.click("#cell-LIFE-3-myfork > summary")  # <details> opens without any script
    assert "reproduce: " + REPRODUCE in inner_text(browser, "#cell-LIFE-3-myfork")
