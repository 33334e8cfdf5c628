"""Expectation files: the clauses an implementation knowingly breaks, kept outside its code.

A maintainer writes them once (``--write-deviations=FILE`` starts one from a run) and runs
``--deviations=FILE``; the module under test is never edited.  The format is TOML, one entry
per clause ID, either a plain reason or a table whose conditions narrow where it applies::

    "LIFE-9" = "a bare except: in process_request hands BaseException to handle_error()"

    ["LOOP-18"]
    reason = "serve_forever() uses select(), limited to descriptors below FD_SETSIZE"
    contracts = ["3.7", "3.8"]     # only when the run applies one of these contract versions
    platforms = ["linux"]          # only on these sys.platform values

Entries that match no clause are reported as unknown, and entries whose clause passes as
stale, exactly as ``CONFORMANCE_DEVIATIONS`` in a module; ``--strict-deviations`` fails the
run on either.
"""
from __future__ import annotations

import sys
from typing import Any, Dict, Iterable, Mapping, Optional, Tuple

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - 3.9 and 3.10
    import tomli as tomllib

__all__ = ["DeviationsError", "load_deviations", "render_deviations"]

_CONDITIONS = ("contracts", "platforms")


class DeviationsError(ValueError):
    """A deviations file that cannot be read; the message says what to write instead."""


def _version_text(version: Tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


def _applies(clause: str, entry: Mapping[str, Any], contract: Optional[Tuple[int, int]], path: str) -> bool:
    unknown = set(entry) - {"reason", *_CONDITIONS}
    if unknown:
        raise DeviationsError(f"{path}: [{clause!r}] has unknown keys {sorted(unknown)}; "
                              f"use reason, {', '.join(_CONDITIONS)}")
    # Under --contract=auto (None) every version is judged, so a contract condition always holds.
    for key, current in (("contracts", contract and _version_text(contract)), ("platforms", sys.platform)):
        values = entry.get(key)
        if values is None:
            continue
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise DeviationsError(f"{path}: [{clause!r}] {key} must be a list of strings, "
                                  f"e.g. {key} = [{current!r}]")
        if current is not None and current not in values:
            return False
    return True


def load_deviations(path: str, *, contract: Optional[Tuple[int, int]]) -> Dict[str, str]:
    """Clause ID -> reason for the entries of ``path`` that apply under ``contract`` here
    (None: --contract=auto, where entries for any contract version apply)."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as exc:
        raise DeviationsError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise DeviationsError(f"{path}: not valid TOML ({exc})") from None
    out: Dict[str, str] = {}
    for clause, value in data.items():
        if isinstance(value, str):
            out[clause] = value
            continue
        if not isinstance(value, dict) or not isinstance(value.get("reason"), str):
            raise DeviationsError(f"{path}: {clause!r} must be a reason string, or a table with "
                                  f'reason = "..." (and optionally {", ".join(_CONDITIONS)})')
        if _applies(clause, value, contract, path):
            out[clause] = value["reason"]
    return out


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def render_deviations(failures: Iterable[Tuple[str, str]], *, implementation: str) -> str:
    """A starting deviations file: one entry per failed clause, its reason still to be written."""
    lines = [f"# Known deviations of {implementation}, written by --write-deviations.",
             "# Replace each reason with why the implementation differs (its file and line),",
             "# or fix the implementation and delete the entry.", ""]
    for clause, message in failures:
        first = (message.strip().splitlines() or [""])[0]
        lines.append(f"# observed: {first[:200]}")
        lines.append(f"{_toml_string(clause)} = {_toml_string('TODO: say why')}")
        lines.append("")
    return "\n".join(lines)
