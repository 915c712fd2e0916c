"""New graphs through Virtuoso's own bulk loader, when the server can read local files
(``olygraph load --bulk-dir DIR --isql HOST:PORT``).

A graph that does not exist yet has nothing to protect (:mod:`olygraph.load.run`): instead of
Graph Store requests, its triples are written as N-Quads (each line naming its final graph)
into files of ``file_quads`` lines in ``DIR``, a directory of the server's ``DirsAllowed``.
As each file is complete, a loader thread registers it (``ld_add``) and runs
``rdf_loader_run()`` over its own isql session (:mod:`olygraph.load.isql`), while olygraph
reads on: the server parses one file while olygraph writes the next. At the end the loaders
are waited for, ``DB.DBA.load_list`` must show every file loaded without ``ll_error``, and
olygraph's rows and files are removed; the load then counts each graph as for any new graph.

**Before anything is written** (under the target's lease): the directory must be writable
here and readable by the server at the same path (``--bulk-server-dir`` when the server sees
it elsewhere): a probe file is written and read back through SQL. Files and rows that an
interrupted load of the same target left behind (``olygraph-<target key>-…``) are removed.
A load refuses to start while other files wait in ``load_list``: ``rdf_loader_run()`` loads
every waiting file, so it would load those too. One bulk load at a time per server.

**After a failure or a signal**: no file is handed to a loader any more, the files not yet
loaded are taken off ``load_list``, the loaders are waited for (each finishes the file it is
on), then the caller drops the new graphs, and olygraph's rows and files are removed. What
cannot be removed (the server is gone) is removed by the next load of the same target.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import xxhash

from olygraph.errors import LoadError, UsageError
from olygraph.load.isql import IsqlConfig, IsqlSession, sql_string
from olygraph.load.stores import Graph

#: lines of each file handed to the bulk loader: small enough that the server starts soon and
#: the last file is loaded soon after olygraph wrote it
FILE_QUADS = 100_000
#: rdf_loader_run() sessions at once: Virtuoso suggests one per 2.5 cores, but olygraph writes
#: files on one core meanwhile, and a second loader keeps the server busy while one waits
#: (full history, 2 cores: 25 s against 33 s with one, benchmarks/RESULTS.md)
LOADERS = 2
#: statements naming files, per isql line
_PER_STATEMENT = 40


@dataclass(frozen=True, slots=True)
class BulkOptions:
    """Where olygraph writes files the Virtuoso server reads, and how it reaches its SQL."""

    directory: Path  # as olygraph sees it
    isql: IsqlConfig
    server_directory: str | None = None  # as the server sees it (None: the same path)
    loaders: int = LOADERS  # rdf_loader_run() sessions at once
    file_quads: int = FILE_QUADS
    stream: bool = True  # load each file while the next is written (else all at the end)


class Bulk:
    """The new graphs of one load, through files and Virtuoso's bulk loader."""

    def __init__(
        self,
        options: BulkOptions,
        target: Graph,
        token: str,
        *,
        timeout: float,
        written: Callable[[int], None],
        tick: Callable[[], None],
    ) -> None:
        self.options = options
        self.timeout = timeout
        self.written = written  # after each file: its lines (main thread)
        self.tick = tick  # while waiting for the loaders (main thread)
        key = xxhash.xxh3_64_hexdigest(str(target).encode())[:12]
        self.prefix = f"olygraph-{key}-"  # every file of a load of this target
        self.stem = f"{self.prefix}{token}-"  # the files of this load
        server = options.server_directory or str(options.directory.resolve())
        self.server = server.rstrip("/") or "/"
        self.graph = sql_string(_ascii(str(target)), "--graph")  # ld_add's (unused) default
        self.control: IsqlSession | None = None
        self.files: list[str] = []  # names of this load's files, in order
        self.ready: list[str] = []  # complete, not yet handed to a loader
        self.out: IO[bytes] | None = None
        self.lines = 0
        self.tails: dict[Graph, bytes] = {}
        self.loaders: list[threading.Thread] = []
        self.error: BaseException | None = None
        self.state = "open"  # "closing" (no more files), "stopped" (a failure)
        self.cond = threading.Condition()
        self.stale = 0  # files and rows of interrupted loads removed

    # ---------------------------------------------------------------------------- opening

    def open(self) -> None:
        """Check the directory both ways, remove what interrupted loads left, and refuse
        when other files wait for the bulk loader."""
        folder = self.options.directory
        if not folder.is_dir():
            raise UsageError(f"--bulk-dir {folder}: no such directory")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise UsageError(f"--bulk-dir {folder}: olygraph may not write there")
        self.control = IsqlSession(self.options.isql, timeout=self.timeout)
        probe = f"{self.stem}probe.txt"
        token = os.urandom(8).hex()
        (folder / probe).write_text(token, encoding="ascii")
        try:
            path = self._literal(probe)
            rows = self._rows([f"SELECT concat('@row ', file_to_string({path}));"],
                              what=f"reading {self._server_path(probe)} on the server")  # fmt: skip
        except LoadError as err:
            raise LoadError(_probe_failure(str(err), folder, self.server)) from None
        finally:
            (folder / probe).unlink(missing_ok=True)
        if rows != [token]:
            raise LoadError(
                f"--bulk-dir {folder}: the server reads another file at "
                f"{self._server_path(probe)}; give the directory as the server sees it with "
                "--bulk-server-dir PATH"
            )
        for old in folder.iterdir():
            if old.name.startswith(self.prefix) and not old.name.startswith(self.stem):
                old.unlink(missing_ok=True)
                self.stale += 1
        listed = [r.partition(" ") for r in self._rows(
            ["SELECT concat('@row ', cast(ll_state AS varchar), ' ', ll_file) "
             "FROM DB.DBA.LOAD_LIST;"], what="reading DB.DBA.load_list")]  # fmt: skip
        mine = f"{self.server.rstrip('/')}/{self.prefix}"
        stale = [f for _, _, f in listed if f.startswith(mine)]
        self._delete_rows(stale, what="removing rows of interrupted loads from load_list")
        self.stale += len(stale)
        waiting = [f for s, _, f in listed if s == "0" and not f.startswith(mine)]
        if waiting:
            raise LoadError(
                f"DB.DBA.load_list holds {len(waiting):,} file{'s' if len(waiting) > 1 else ''} "
                f"waiting for Virtuoso's bulk loader ({waiting[0]}"
                f"{' …' if len(waiting) > 1 else ''}): rdf_loader_run() would load them too; "
                "load or remove them first, or load without --bulk-dir"
            )

    def note(self) -> str | None:
        """What the load says of the leftovers of interrupted loads it removed."""
        if not self.stale:
            return None
        return (f"removed {self.stale:,} files and load_list rows that an interrupted bulk load "
                "had left behind")  # fmt: skip

    # ---------------------------------------------------------------------------- writing

    def write(self, graph: Graph, lines: Sequence[bytes]) -> None:
        """Lines ``s p o .`` of ``graph`` into the current file, as quads."""
        self.check()
        tail = self.tails.get(graph)
        if tail is None:
            tail = self.tails[graph] = f" <{graph}> .\n".encode()
        if self.out is None:
            self.files.append(f"{self.stem}{len(self.files) + 1:05d}.nq")
            self.out = (self.options.directory / f"{self.files[-1]}.part").open("wb")
        # every line ends with its only " .\n" (N-Triples escapes line breaks in literals)
        self.out.write(b"".join(lines).replace(b" .\n", tail))
        self.lines += len(lines)
        if self.lines >= self.options.file_quads:
            self._roll()

    def _roll(self) -> None:
        """The current file is complete: to a loader."""
        if self.out is None:
            return
        self.out.close()
        self.out = None
        name, lines = self.files[-1], self.lines
        self.lines = 0
        folder = self.options.directory
        (folder / f"{name}.part").replace(folder / name)
        with self.cond:
            self.ready.append(name)
            self.cond.notify()
        if self.options.stream:
            self._start()
        self.written(lines)

    def _start(self) -> None:
        while len(self.loaders) < self.options.loaders:
            thread = threading.Thread(target=self._load, name="olygraph-bulk", daemon=True)
            self.loaders.append(thread)
            thread.start()

    def _load(self) -> None:
        """A loader: ``ld_add`` the files handed over, ``rdf_loader_run()``, until closed."""
        session: IsqlSession | None = None
        try:
            session = IsqlSession(self.options.isql, timeout=self.timeout)
            while True:
                with self.cond:
                    while not self.ready and self.state == "open":
                        self.cond.wait()
                    if self.state == "stopped":
                        return
                    files, last = self.ready[:], not self.ready
                    self.ready.clear()
                adds = [f"ld_add({self._literal(f)}, {self.graph});" for f in files]
                session.run([*adds, "rdf_loader_run();"], timeout=None,
                            what="Virtuoso's bulk loader (rdf_loader_run)")  # fmt: skip
                if last:
                    return
        except BaseException as err:  # handed to the loading thread
            self.error = err
            with self.cond:
                self.state = "stopped"
                self.cond.notify_all()
        finally:
            if session is not None:
                session.close()

    def check(self) -> None:
        if self.error is not None:
            raise self.error

    # --------------------------------------------------------------------------- the end

    def close(self) -> None:
        """Every file loaded, checked in ``load_list``; rows and files removed."""
        self._roll()
        with self.cond:
            if self.state == "open":
                self.state = "closing"
            self.cond.notify_all()
        if self.files:
            self._start()
        for thread in self.loaders:
            while thread.is_alive():
                thread.join(0.5)
                self.tick()
        self.check()
        statements = [
            f"SELECT concat('@row {i} ', cast(ll_state AS varchar), ' ', coalesce(ll_error, '')) "
            f"FROM DB.DBA.LOAD_LIST WHERE ll_file = {self._literal(name)};"
            for i, name in enumerate(self.files)
        ]
        done: dict[int, tuple[str, str]] = {}
        for start in range(0, len(statements), 500):
            for row in self._rows(statements[start : start + 500],
                                  what="reading DB.DBA.load_list"):  # fmt: skip
                index, state, error = [*row.split(" ", 2), "", ""][:3]
                done[int(index)] = (state, error.strip())
        for i, name in enumerate(self.files):
            state, error = done.get(i, ("missing", ""))
            if error or state != "2":
                why = error or f"load_list shows it in state {state}"
                raise LoadError(f"Virtuoso's bulk loader failed on {self._server_path(name)} "
                                f"(new graphs of this load): {why}")  # fmt: skip
        self._remove()
        self.state = "done"

    def abort(self) -> str | None:
        """After a failure: stop the loaders, take this load's files off ``load_list``,
        remove them; what is left behind, if anything."""
        if self.state == "done":
            return None
        with self.cond:
            self.state = "stopped"
            self.cond.notify_all()
        if self.out is not None:
            with contextlib.suppress(OSError):
                self.out.close()
            self.out = None
        note = None
        try:
            self._delete_rows([self._server_path(f) for f in self.files], pending=True,
                              what="taking this load's files off load_list")  # fmt: skip
        except LoadError:
            note = ("olygraph's rows in DB.DBA.load_list could not be removed; the next load "
                    "of the same graph removes them")  # fmt: skip
        for thread in self.loaders:
            thread.join(max(self.timeout, 30.0))
        if note is None:
            with contextlib.suppress(LoadError):
                self._remove()
        for name in self.files:
            for path in (name, f"{name}.part"):
                (self.options.directory / path).unlink(missing_ok=True)
        self.state = "done"
        if self.control is not None:
            self.control.kill()
        return note

    def _remove(self) -> None:
        self._delete_rows([self._server_path(f) for f in self.files],
                          what="removing olygraph's rows from load_list")  # fmt: skip
        for name in self.files:
            (self.options.directory / name).unlink(missing_ok=True)
        if self.control is not None:
            self.control.close()
            self.control = None

    # ----------------------------------------------------------------------------- SQL

    def _server_path(self, name: str) -> str:
        return f"{self.server.rstrip('/')}/{name}"

    def _literal(self, name: str) -> str:
        return sql_string(self._server_path(name), self._option)

    @property
    def _option(self) -> str:
        return "--bulk-server-dir" if self.options.server_directory else "--bulk-dir"

    def _rows(self, statements: list[str], *, what: str) -> list[str]:
        if self.control is None:
            raise LoadError(f"{what}: no session with Virtuoso's SQL port")
        lines = self.control.run(statements, what=what)
        return [line[5:].rstrip() for line in lines if line.startswith("@row ")]

    def _delete_rows(self, paths: list[str], *, what: str, pending: bool = False) -> None:
        if self.control is None or not paths:
            return
        state = " AND ll_state = 0" if pending else ""
        statements = []
        for start in range(0, len(paths), _PER_STATEMENT):
            names = ", ".join(sql_string(p, self._option)
                              for p in paths[start:start + _PER_STATEMENT])  # fmt: skip
            statements.append(f"DELETE FROM DB.DBA.LOAD_LIST WHERE ll_file IN ({names}){state};")
        self.control.run(statements, what=what)


def _ascii(iri: str) -> str:
    """``iri`` with any character beyond printable ASCII percent-encoded."""
    return re.sub(r"[^!-~]", lambda m: urllib.parse.quote(m[0], safe=""), iri)


def _probe_failure(message: str, folder: Path, server: str) -> str:
    if "FA003" in message:
        return (f"--bulk-dir {folder}: Virtuoso may not read files in {server}: add it to "
                "DirsAllowed ([Parameters] in virtuoso.ini) and restart the server")  # fmt: skip
    if "FA005" in message or "FA004" in message:
        return (f"--bulk-dir {folder}: Virtuoso cannot find the files olygraph writes there at "
                f"{server} (is the server on another machine, or does it see the directory "
                "under another path? give that path with --bulk-server-dir PATH)")  # fmt: skip
    return message
