"""Articles at corpus scale: read, map and write them a group at a time (issue 19).

Two passes, in bounded memory whatever the number of articles:

1. every article is read and extracted (in ``jobs`` worker processes); its facts are pickled
   into a temporary file and only a few keys stay in memory: its source key and file name (to
   number sources that share a title, as :func:`olygraph.mapping.article.unique_keys` does) and the
   event it maps (articles of one event are mapped together);
2. the groups, in the order of their first source key, are mapped (again in the workers,
   :func:`olygraph.mapping.stream.map_group`) and written in turn by
   :class:`olygraph.api.article_writer.ArticleWriter` through the streaming writers.

The output holds the same quads as :func:`olygraph.mapping.article.build_dataset` serialised,
and the same bytes whatever the order (or number of workers) the inputs come in.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import pickle
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import IO, Any, BinaryIO, TypeVar

from olygraph.api.article_writer import ArticleWriter, Tee
from olygraph.api.report import not_understood
from olygraph.errors import InputError
from olygraph.extract import extract
from olygraph.facts import EventFacts
from olygraph.ids import Minter
from olygraph.mapping.article import events_of
from olygraph.mapping.stream import GroupQuads, map_group
from olygraph.read.article import parse_article, read_article_file
from olygraph.resources import SEED_NAME, seed_text
from olygraph.tabular.serial import StreamWriter
from olygraph.tabular.writers import writer_for
from olygraph.vocab import DEFAULT_BASE

T = TypeVar("T")
R = TypeVar("R")
#: one article read: (source key, file name, offset and length of its facts in the spill, the
#: events it maps)
_Entry = tuple[str, str, int, int, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be read: its name in the graph, and the error naming its path."""

    file: str
    error: InputError


@dataclass(frozen=True, slots=True)
class ArticleReport:
    """What a streamed export read and wrote."""

    read: int  # articles read
    failures: tuple[Failure, ...]
    triples: int  # written (a triple of several graphs counts once per graph)

    @property
    def articles(self) -> int:
        return self.read + len(self.failures)


@dataclass(frozen=True, slots=True)
class _Scanned:
    """Pass 1's answer for one input: the keys, and the facts pickled (or the error)."""

    file: str
    source_key: str = ""
    events: tuple[str, ...] = ()
    blob: bytes = b""
    error: tuple[str, str, int | None] | None = None  # (path, problem, line)
    missed: int = 0  # values or lines not understood (``olygraph inspect`` lists them)


def default_jobs() -> int:
    return os.cpu_count() or 1


class ArticleStream:
    """Articles read once (:meth:`read`), then written (:meth:`write`); use it as a context
    manager (it owns the worker processes and the temporary file of facts)."""

    def __init__(
        self, paths: Sequence[Path] | None, base: str = DEFAULT_BASE, jobs: int | None = None
    ) -> None:
        self.base = Minter(base).base  # checks the base before anything is read
        self.paths = paths
        self.jobs = max(1, jobs or default_jobs())
        self.failures: tuple[Failure, ...] = ()
        self.read_count = 0
        self.not_understood = 0  # values or lines of the articles read that were not understood
        self.written = 0  # triples written by the last write (once per graph in nq/trig)
        self._stack = ExitStack()
        self._entries: list[_Entry] = []

    def __enter__(self) -> ArticleStream:
        self.pool = self._stack.enter_context(_pool(self.jobs))
        self.spill = self._stack.enter_context(tempfile.TemporaryFile())
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def submit(self, fn: Callable[..., R], /, *args: Any) -> Future[R]:
        """Run ``fn(*args)`` in a worker (for the streamed validation)."""
        return self.pool.submit(fn, *args)

    def read(self) -> tuple[Failure, ...]:
        """Pass 1: read and extract every article; the failures (the others are kept)."""
        names: list[str | None] = [str(p) for p in self.paths] if self.paths is not None else [None]
        failures: list[Failure] = []
        for sc in _ordered(self.pool, _scan, names, self.base, chunk=8):
            if sc.error is not None:
                path, problem, line = sc.error
                failures.append(Failure(sc.file, InputError(path, problem, line=line)))
                continue
            offset = self.spill.tell()
            self.spill.write(sc.blob)
            self.not_understood += sc.missed
            self._entries.append((sc.source_key, sc.file, offset, len(sc.blob), sc.events))
        self.failures = tuple(failures)
        self.read_count = len(self._entries)
        return self.failures

    def write(self, fmt: str, out: BinaryIO, tee: Tee | None = None) -> int:
        """Pass 2: map every group and write it to ``out`` in ``fmt``; the triples written."""
        w = writer_for(fmt, out)
        w.start()
        self.write_to(w, fmt, tee)
        w.close()
        self.written = int(w.triples)
        return self.written

    def write_to(self, w: StreamWriter, fmt: str, tee: Tee | None = None) -> None:
        """Pass 2 into a started writer ``w`` of ``fmt`` (after datasets, for instance)."""
        groups = _groups(self._entries, self.spill)
        writer = ArticleWriter(w, fmt, self.base, tee)
        spill = self.spill
        batches = ([(k, _blob(spill, e)) for k, e in g] for g in groups)
        for n, gq in enumerate(_ordered(self.pool, _map, batches, self.base), start=1):
            writer.group(gq)
            if n % 256 == 0:
                give_back()
        writer.finish()


def stream_articles(
    paths: Sequence[Path] | None,
    fmt: str,
    out: BinaryIO,
    base: str = DEFAULT_BASE,
    *,
    jobs: int | None = None,
) -> ArticleReport:
    """Write the articles ``paths`` (already expanded: files; None = the embedded seed) to
    ``out`` in ``fmt``. Articles that cannot be read are reported, the others written."""
    with ArticleStream(paths, base, jobs) as stream:
        failures = stream.read()
        triples = stream.write(fmt, out)
    return ArticleReport(stream.read_count, failures, triples)


# --- pass 1 ---------------------------------------------------------------------------------


def _scan(name: str | None, base: str) -> _Scanned:
    """Read and extract one article (``None``: the seed) in a worker."""
    if name is None:
        facts = extract(parse_article(seed_text(), SEED_NAME))
        file = SEED_NAME
    else:
        path = Path(name)
        file = path.name
        try:
            facts = extract(read_article_file(path))
        except InputError as err:
            # the graph names files by their name only; the user is told the path they gave
            return _Scanned(file, error=(name, err.problem, err.line))
    events = tuple(str(e) for e in events_of(facts, Minter(base)))
    blob = pickle.dumps(facts, pickle.HIGHEST_PROTOCOL)
    return _Scanned(file, facts.source_key, events, blob, missed=not_understood(facts))


def _blob(spill: IO[bytes], entry: _Entry) -> bytes:
    spill.seek(entry[2])
    return spill.read(entry[3])


def _groups(entries: list[_Entry], spill: IO[bytes]) -> list[list[tuple[str, _Entry]]]:
    """Unique source keys (as :func:`olygraph.mapping.article.unique_keys` numbers them), then the
    groups: the articles of one event together, each other article alone, in key order."""
    ordered: list[_Entry] = []
    for _, same in groupby(sorted(entries, key=lambda e: (e[0], e[1])), key=lambda e: e[:2]):
        run = list(same)
        if len(run) > 1:  # the same title and file name: ordered by their facts, as before
            run.sort(key=lambda e: repr(pickle.loads(_blob(spill, e))))
        ordered.extend(run)
    seen: dict[str, int] = {}
    keyed: list[tuple[str, _Entry]] = []
    for e in ordered:
        n = seen[e[0]] = seen.get(e[0], 0) + 1
        keyed.append((e[0] if n == 1 else f"{e[0]}-{n}", e))
    # articles sharing an event, directly or through others, form one group (union-find)
    parent = list(range(len(keyed)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, (_, e) in enumerate(keyed):
        for event in e[4]:
            j = first.setdefault(event, i)
            parent[root(i)] = root(j)
    groups: dict[int, list[tuple[str, _Entry]]] = {}
    for i, member in enumerate(keyed):
        groups.setdefault(root(i), []).append(member)
    return sorted(groups.values(), key=lambda g: g[0][0])


# --- pass 2 ---------------------------------------------------------------------------------


_mapped = 0  # groups mapped by this process


def _map(members: list[tuple[str, bytes]], base: str) -> GroupQuads:
    global _mapped
    facts: list[tuple[str, EventFacts]] = [(k, pickle.loads(b)) for k, b in members]
    _mapped += 1
    if _mapped % 128 == 0:
        give_back()
    return map_group(facts, base)


def give_back() -> None:
    """Return freed memory to the system: glibc keeps freed blocks, so a process that maps or
    validates thousands of articles one after the other would keep its largest footprint,
    fragmented, and seem to grow with the corpus."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


# --- the pool ------------------------------------------------------------------------------


class _Inline(Executor):
    """``jobs=1``: everything in this process, as it comes."""

    def submit(self, fn: Callable[..., R], /, *args: object, **kwargs: object) -> Future[R]:
        future: Future[R] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def _pool(jobs: int) -> Executor:
    return _Inline() if jobs == 1 else ProcessPoolExecutor(max_workers=jobs)


def _ordered(
    pool: Executor, fn: Callable[[T, str], R], items: Iterable[T], base: str, chunk: int = 1
) -> Iterator[R]:
    """``fn(item, base)`` for every item, in the items' order, with a bounded number of tasks
    in flight (so that memory stays bounded when the writer is slower than the workers)."""
    window = 4 * (getattr(pool, "_max_workers", 1) or 1)
    pending: deque[Future[list[R]]] = deque()
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= chunk:
            pending.append(pool.submit(_each, fn, batch, base))
            batch = []
            if len(pending) >= window:
                yield from pending.popleft().result()
    if batch:
        pending.append(pool.submit(_each, fn, batch, base))
    while pending:
        yield from pending.popleft().result()


def _each(fn: Callable[[T, str], R], items: list[T], base: str) -> list[R]:
    return [fn(item, base) for item in items]
