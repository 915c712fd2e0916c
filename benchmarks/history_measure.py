"""Measuring one tool run as a subprocess, and reading RDF outputs back as sets of triples.

``measure`` runs a command under GNU ``time`` (``/usr/bin/time``), which reports the child's
``ru_maxrss``: the peak RSS of the largest single process of the tool's tree, counting the
children it waited for. (``os.wait4`` on a child of this process would count the memory of this
process too: a child made by fork or vfork starts with its parent's pages, and Linux keeps that
high-water mark across exec.) It also samples the sum of the RSS of the whole process tree every
0.1 s (Morph-KGC's workers run beside their parent). ``triples`` re-parses an
output with pyoxigraph and returns the hashes of its distinct triples.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

PAGE = os.sysconf("SC_PAGE_SIZE")
TIME = Path("/usr/bin/time")
FORMATS = {".nt": ox.RdfFormat.N_TRIPLES, ".ttl": ox.RdfFormat.TURTLE}


@dataclass(frozen=True, slots=True)
class Run:
    """One finished command: wall seconds, peak RSS of its largest process and of its whole
    tree (MB), exit code, the end of its standard error, and the CPU seconds (user + system)
    of its whole tree (the processes it waited for)."""

    wall: float
    peak_mb: float
    tree_mb: float
    code: int
    err: str
    timed_out: bool = False
    cpu: float = 0.0

    @property
    def ok(self) -> bool:
        return self.code == 0


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                kids = (task / "children").read_text().split()
                todo.extend(int(k) for k in kids)
        except OSError:
            continue
    return out


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def measure(
    cmd: Sequence[str | Path],
    cwd: Path | None = None,
    timeout: float | None = None,
    stdout: Path | None = None,
) -> Run:
    """Run ``cmd`` to its end (its process group killed after ``timeout`` s), measure it."""
    peak_tree = 0
    killed = False
    done = threading.Event()
    with (
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r", suffix=".rss") as rss,
        Path(stdout or os.devnull).open("wb") as out,
    ):
        args = [str(c) for c in cmd]
        if TIME.exists():
            args = [str(TIME), "-f", "%M", "-o", rss.name, *args]
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=err, start_new_session=True)

        def sample() -> None:
            nonlocal peak_tree, killed
            while not done.wait(0.1):
                tree = _tree(proc.pid)
                peak_tree = max(peak_tree, sum(_rss(p) for p in tree))
                if not killed and timeout is not None and time.perf_counter() - start > timeout:
                    killed = True  # kill the tool and its workers; GNU time still reports
                    for pid in tree[1:] if TIME.exists() else tree:
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(pid, signal.SIGKILL)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").strip().splitlines()[-5:]
        reported = rss.read().split()
    # KiB; without GNU time, wait4's figure (which counts this process's pages, see above)
    peak = (int(reported[-1]) if reported else usage.ru_maxrss) / 1024
    code = proc.returncode
    cpu = usage.ru_utime + usage.ru_stime  # with its waited-for children (GNU time's, too)
    return Run(wall, peak, max(peak_tree / 2**20, peak), code, "\n".join(tail), killed, cpu)


def triples(path: Path) -> set[int]:
    """Hashes of the distinct triples of an N-Triples or Turtle file (read by pyoxigraph).

    Python's hash of a pyoxigraph Triple: equal terms (``"x"`` and ``"x"^^xsd:string``) hash
    alike, different lexical forms (``"180"`` and ``"180.0"``) do not. Only compared within
    one process; with 64-bit hashes a collision among a few million triples is unlikely
    (about 1 in 10⁶)."""
    return {hash(t) for t in ox.parse(path=str(path), format=FORMATS[path.suffix])}


def examples(path: Path, wanted: set[int], limit: int = 5) -> list[str]:
    """Up to ``limit`` triples of ``path`` whose hash is in ``wanted``, as N-Triples."""
    found: list[str] = []
    for t in ox.parse(path=str(path), format=FORMATS[path.suffix]):
        if hash(t) in wanted:
            found.append(str(t))
            if len(found) >= limit:
                break
    return sorted(found)
