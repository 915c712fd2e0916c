"""Articles at corpus scale: read, map and write them a group at a time (issue 19).

Two passes, in bounded memory whatever the number of articles:

1. every article is read, extracted, mapped on its own (:func:`olygraph.mapping.stream.map_group`)
   and, when the output format is known, rendered (:mod:`olygraph.api.article_render`), all in
   ``jobs`` worker processes; the rendered text is appended by the worker to a file of its own
   (:class:`olygraph.api.article_pool.TextSpill`), the rest of what it made is spilled to a
   temporary file with the article's bytes, and only a few keys stay in memory: its source key
   and file name (to number sources that share a title, as
   :func:`olygraph.mapping.article.unique_keys` does) and the events it maps (articles of one
   event are mapped together);
2. the groups, in the order of their first source key, are written in turn by
   :class:`olygraph.api.article_writer.ArticleWriter` through the streaming writers. An article
   alone in its group under its own key is written as pass 1 made it; a group of several
   articles (one event), or an article whose key is numbered (another has its title and file
   name), is read again from the spilled bytes and mapped anew, in the workers.

The output holds the same quads as :func:`olygraph.mapping.article.build_dataset` serialised,
and the same bytes whatever the order (or number of workers) the inputs come in.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import tempfile
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import IO, Any, BinaryIO, NamedTuple, TypeVar

from olygraph.api.article_pool import TextSpill, give_back, ordered, pool, window
from olygraph.api.article_render import Prepared, prepare
from olygraph.api.article_writer import ArticleWriter, Tee
from olygraph.api.report import not_understood
from olygraph.errors import InputError
from olygraph.extract import extract
from olygraph.facts import EventFacts
from olygraph.ids import Minter
from olygraph.mapping.article import events_of
from olygraph.mapping.stream import map_group
from olygraph.read.article import parse_article, parse_article_bytes
from olygraph.resources import SEED_NAME, seed_text
from olygraph.tabular.serial import StreamWriter
from olygraph.tabular.writers import writer_for
from olygraph.vocab import DEFAULT_BASE

R = TypeVar("R")
__all__ = ["ArticleReport", "ArticleStream", "Failure", "give_back", "stream_articles"]


class _Entry(NamedTuple):
    """One article read, and where pass 1 spilled what it made of it: the pickled group (without
    its rendered text), then the article's bytes, one after the other; the rendered text is in
    the file of the worker that rendered it (:class:`olygraph.api.article_pool.TextSpill`)."""

    key: str  # its source key
    file: str  # its file name
    offset: int
    blob: int  # lengths of the two
    data: int
    text_file: str  # where the text is
    text_offset: int
    text: int  # its length
    events: tuple[str, ...]  # the events it maps
    name: str | None  # the input as given (None: the embedded seed)


#: what pass 1 makes: the output format to render in (None: not rendered), whether the graphs
#: are kept as blocks too (for a tee), whether each group is rendered for the validation
_Plan = tuple[str | None, bool, bool]


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
    """Pass 1's answer for one input: the keys, the mapped group pickled, the article's bytes
    (or the error)."""

    file: str
    source_key: str = ""
    events: tuple[str, ...] = ()
    blob: bytes = b""
    text: tuple[str, int, int] = ("", 0, 0)  # the group rendered (taken out of ``blob``): where
    data: bytes = b""  # the input's bytes (empty for the embedded seed)
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
        self.folder = self._stack.enter_context(tempfile.TemporaryDirectory(prefix="olygraph-"))
        self._stack.callback(TextSpill.close, self.folder)  # after the workers, before the folder
        self.pool = self._stack.enter_context(pool(self.jobs))
        self.spill = self._stack.enter_context(tempfile.TemporaryFile())
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def submit(self, fn: Callable[..., R], /, *args: Any) -> Future[R]:
        """Run ``fn(*args)`` in a worker (for the streamed validation)."""
        return self.pool.submit(fn, *args)

    def read(
        self, fmt: str | None = None, keep_graphs: bool = True, check: bool = False
    ) -> tuple[Failure, ...]:
        """Pass 1: read, extract and map every article; the failures (the others are kept).
        ``fmt``: the format :meth:`write` will write (the workers render it then);
        ``keep_graphs=False``: no tee of :meth:`write` reads the groups' graphs (less to
        keep); ``check``: the workers render each group for the streamed validation too
        (:class:`olygraph.validate.stream.PartValidator` reads that instead of the graphs)."""
        names: list[str | None] = [str(p) for p in self.paths] if self.paths is not None else [None]
        failures: list[Failure] = []
        self._plan: _Plan = (fmt, keep_graphs or fmt is None, check)
        how = (self.base, self._plan, self.folder)
        # tasks of up to 16 articles (fewer round trips to the workers), at least 8 per worker
        chunk = max(1, min(16, len(names) // (8 * self.jobs)))
        scans = ordered(self.pool, _scan, names, how, chunk=chunk)
        for name, sc in zip(names, scans, strict=True):
            if sc.error is not None:
                path, problem, line = sc.error
                failures.append(Failure(sc.file, InputError(path, problem, line=line)))
                continue
            offset = self.spill.tell()
            self.spill.write(sc.blob)
            self.spill.write(sc.data)
            self.not_understood += sc.missed
            self._entries.append(
                _Entry(
                    sc.source_key, sc.file, offset, len(sc.blob), len(sc.data), *sc.text,
                    sc.events, name,
                )
            )  # fmt: skip
        self.failures = tuple(failures)
        self.read_count = len(self._entries)
        return self.failures

    def write(self, fmt: str, out: BinaryIO, tee: Tee | None = None) -> int:
        """Pass 2: write every group to ``out`` in ``fmt``; the triples written."""
        w = writer_for(fmt, out)
        w.start()
        self.write_to(w, fmt, tee)
        w.close()
        self.written = int(w.triples)
        return self.written

    def write_to(self, w: StreamWriter, fmt: str, tee: Tee | None = None) -> None:
        """Pass 2 into a started writer ``w`` of ``fmt`` (after datasets, for instance)."""
        spill = self.spill
        groups = _groups(self._entries, spill)
        writer = ArticleWriter(w, fmt, self.base, tee)
        checks = getattr(tee, "checked", None) is not None
        plan: _Plan = (fmt, tee is not None and not checks, checks)
        done = self._plan
        reusable = done[0] in (fmt, None) and (tee is None or done[1] or (checks and done[2]))
        size = window(self.pool)
        pending: deque[Future[Prepared] | _Entry] = deque()
        spill.flush()
        texts: dict[str, IO[bytes]] = {}  # the workers' files of rendered texts, opened
        stack = ExitStack()

        def take(item: Future[Prepared] | _Entry) -> None:
            if isinstance(item, _Entry):
                prepared: Prepared = pickle.loads(_blob(spill, item))
                src = texts.get(item.text_file)
                if src is None and item.text:
                    opened = Path(item.text_file).open("rb")  # noqa: SIM115 (closed by stack)
                    src = texts[item.text_file] = stack.enter_context(opened)
                writer.group(prepared, (src, item.text_offset, item.text) if src else None)
            else:
                writer.group(item.result())

        with stack:
            for n, group in enumerate(groups, start=1):
                (key, e), *rest = group
                if not rest and key == e.key and reusable:
                    pending.append(e)
                else:
                    members = [(k, m.name, _data(spill, m)) for k, m in group]
                    pending.append(self.pool.submit(_remap, members, (self.base, plan)))
                while len(pending) > size:
                    take(pending.popleft())
                if n % 2048 == 0:
                    give_back()
            while pending:
                take(pending.popleft())
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
        failures = stream.read(fmt, keep_graphs=False)
        triples = stream.write(fmt, out)
    return ArticleReport(stream.read_count, failures, triples)


# --- pass 1 ---------------------------------------------------------------------------------


def _scan(name: str | None, how: tuple[str, _Plan, str]) -> _Scanned:
    """Read, extract, map and maybe render one article (``None``: the seed) in a worker; the
    rendered text goes to this worker's file in the stream's folder ``how[2]``."""
    base, (fmt, keep, check), folder = how
    data = b""
    if name is None:
        facts = extract(parse_article(seed_text(), SEED_NAME))
        file = SEED_NAME
    else:
        path = Path(name)
        file = path.name
        try:
            data = path.read_bytes()
        except OSError as error:
            reason = error.strerror or type(error).__name__
            return _Scanned(file, error=(name, f"cannot read the file: {reason}", None))
        try:
            facts = extract(parse_article_bytes(data, file))
        except InputError as err:
            # the graph names files by their name only; the user is told the path they gave
            return _Scanned(file, error=(name, err.problem, err.line))
    events = tuple(str(e) for e in events_of(facts, Minter(base)))
    mapped = prepare(map_group([(facts.source_key, facts)], base), fmt, keep, check)
    text, mapped = mapped.text, dataclasses.replace(mapped, text=b"")
    where = (*TextSpill.of(folder).put(text), len(text)) if text else ("", 0, 0)
    blob = pickle.dumps(mapped, pickle.HIGHEST_PROTOCOL)
    missed = not_understood(facts)
    return _Scanned(file, facts.source_key, events, blob, where, data, missed=missed)


def _facts(name: str | None, data: bytes) -> EventFacts:
    """An article's facts again, from the bytes pass 1 read (``name`` None: the seed)."""
    if name is None:
        return extract(parse_article(seed_text(), SEED_NAME))
    return extract(parse_article_bytes(data, Path(name).name))


def _remap(members: list[tuple[str, str | None, bytes]], how: tuple[str, _Plan]) -> Prepared:
    """Map (and maybe render) a group of articles anew: (their unique source keys, names and
    bytes)."""
    base, (fmt, keep, check) = how
    facts = [(key, _facts(name, data)) for key, name, data in members]
    return prepare(map_group(facts, base), fmt, keep, check)


def _blob(spill: IO[bytes], entry: _Entry) -> bytes:
    spill.seek(entry.offset)
    return spill.read(entry.blob)


def _data(spill: IO[bytes], entry: _Entry) -> bytes:
    spill.seek(entry.offset + entry.blob)
    return spill.read(entry.data)


def _groups(entries: list[_Entry], spill: IO[bytes]) -> list[list[tuple[str, _Entry]]]:
    """Unique source keys (as :func:`olygraph.mapping.article.unique_keys` numbers them), then the
    groups: the articles of one event together, each other article alone, in key order."""
    ordered: list[_Entry] = []
    for _, same in groupby(sorted(entries, key=lambda e: (e[0], e[1])), key=lambda e: e[:2]):
        run = list(same)
        if len(run) > 1:  # the same title and file name: ordered by their facts, as before
            run.sort(key=lambda e: repr(_facts(e.name, _data(spill, e))))
        ordered.extend(run)
    seen: dict[str, int] = {}
    keyed: list[tuple[str, _Entry]] = []
    for e in ordered:
        n = seen[e.key] = seen.get(e.key, 0) + 1
        keyed.append((e.key if n == 1 else f"{e.key}-{n}", e))
    # articles sharing an event, directly or through others, form one group (union-find)
    parent = list(range(len(keyed)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, (_, e) in enumerate(keyed):
        for event in e.events:
            j = first.setdefault(event, i)
            parent[root(i)] = root(j)
    groups: dict[int, list[tuple[str, _Entry]]] = {}
    for i, member in enumerate(keyed):
        groups.setdefault(root(i), []).append(member)
    return sorted(groups.values(), key=lambda g: g[0][0])
