"""Articles at corpus scale: read, map and write them a group at a time (issue 19).

Two passes, in bounded memory whatever the number of articles:

1. every article is read, extracted, mapped on its own (:func:`olygraph.mapping.stream.map_group`)
   and, when the output format is known, rendered (:mod:`olygraph.api.article_render`), all in
   ``jobs`` worker processes (:mod:`olygraph.api.article_scan`); the rendered text is appended
   by the worker to a file of its own (:class:`olygraph.api.article_pool.TextSpill`), the rest
   of what it made is spilled to a temporary file with the article's bytes, and only a few keys
   stay in memory: its source key and file name (to number sources that share a title, as
   :func:`olygraph.mapping.article.unique_keys` does) and the events it maps (articles of one
   event are mapped together). With the streamed validation, the articles of one task (about
   20,000 triples) are then validated together in their worker (``early``:
   :class:`~olygraph.api.article_scan.EarlyCheck`), which keeps only what was found about each
   article's own nodes;
2. the groups, in the order of their first source key, are written in turn by
   :class:`olygraph.api.article_writer.ArticleWriter` through the streaming writers. An article
   alone in its group under its own key is written as pass 1 made it; a group of several
   articles (one event), or an article whose key is numbered (another has its title and file
   name), is read again from the spilled bytes and mapped anew, in the workers; with the
   streamed validation it is checked in pass 2, and so is every article whose title another
   has (pass 1 checked them under one key): their pass-1 results are dropped.

The output holds the same quads as :func:`olygraph.mapping.article.build_dataset` serialised,
and the same bytes whatever the order (or number of workers) the inputs come in.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import IO, Any, BinaryIO, NamedTuple, TypeVar

from olygraph.api import article_scan
from olygraph.api.article_pool import TextSpill, batched, give_back, in_batches, pool, window
from olygraph.api.article_render import Prepared
from olygraph.api.article_scan import (
    Checked,
    EarlyCheck,
    Plan,
    read_facts,
    remap,
    scan_batch,
)
from olygraph.api.article_writer import ArticleWriter, Tee
from olygraph.errors import InputError
from olygraph.identity.aliases import AliasTable
from olygraph.ids import Minter
from olygraph.merge.plan import ExportPlan
from olygraph.tabular.serial import StreamWriter
from olygraph.tabular.writers import writer_for
from olygraph.vocab import DEFAULT_BASE

R = TypeVar("R")
__all__ = [
    "ArticleReport", "ArticleStream", "Checked", "EarlyCheck", "Failure", "give_back",
    "stream_articles",
]  # fmt: skip


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
    checked: Checked | None  # its validation in pass 1 (see :class:`EarlyCheck`)


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
        self._merge: ExportPlan | None = None  # see :meth:`merge_into`
        self._made: dict[str, tuple[int, int]] = {}  # groups mapped again for it: where

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
        self,
        fmt: str | None = None,
        keep_graphs: bool = True,
        check: bool = False,
        early: EarlyCheck | None = None,
        reports: Callable[[int, str, str], object] | None = None,
    ) -> tuple[Failure, ...]:
        """Pass 1: read, extract and map every article; the failures (the others are kept).
        ``fmt``: the format :meth:`write` will write (the workers render it then);
        ``keep_graphs=False``: no tee of :meth:`write` reads the groups' graphs (less to
        keep); ``check``: the workers render each group for the streamed validation too
        (:class:`olygraph.validate.stream.PartValidator` reads that instead of the graphs);
        ``early`` (with ``check``): the workers validate the articles of each task together
        right away, and :meth:`write` gives the tee those results instead of the groups,
        for the articles written as pass 1 made them (the others are checked in pass 2);
        ``reports``: called with each article read (its index in the inputs, its file name and
        what ``olygraph inspect`` says of it, made by the worker that read it)."""
        names: list[str | None] = [str(p) for p in self.paths] if self.paths is not None else [None]
        failures: list[Failure] = []
        self._plan: Plan = (fmt, keep_graphs or fmt is None, check)
        how = (self.base, self._plan, self.folder, early if check else None, reports is not None)
        scans = in_batches(self.pool, scan_batch, self._batches(names, how[3] is not None), how)
        for n, (name, sc) in enumerate(zip(names, scans, strict=True)):
            if sc.error is not None:
                path, problem, line = sc.error
                failures.append(Failure(sc.file, InputError(path, problem, line=line)))
                continue
            if reports is not None:
                reports(n, sc.file, sc.report)
            offset = self.spill.tell()
            self.spill.write(sc.blob)
            self.spill.write(sc.data)
            self.not_understood += sc.missed
            self._entries.append(
                _Entry(
                    sc.source_key, sc.file, offset, len(sc.blob), len(sc.data), *sc.text,
                    sc.events, name, sc.checked,
                )
            )  # fmt: skip
        self.failures = tuple(failures)
        self.read_count = len(self._entries)
        return self.failures

    def _batches(self, names: list[str | None], early: bool) -> Iterator[list[str | None]]:
        """Pass 1's tasks: up to 16 articles (fewer round trips to the workers), at least 8
        tasks per worker. Validated in the workers (``early``), a task is what is checked
        together: about :data:`~olygraph.api.article_scan.EARLY_BYTES` of articles (a part
        of about 20,000 triples), up to 64, at least 4 tasks per worker."""
        if not early:
            return batched(names, max(1, min(16, len(names) // (8 * self.jobs))))
        most = max(1, min(64, len(names) // (4 * self.jobs)))
        return article_scan.by_size(names, article_scan.EARLY_BYTES, most)

    def merge_into(self, datasets: Sequence[Path], aliases: AliasTable | None = None) -> ExportPlan:
        """Plan the merge of the articles read (by :meth:`read` with their graphs kept) into
        the nodes of ``datasets``, which :meth:`write` then applies, rendering each group
        rewritten (so read them without a format): :func:`olygraph.api.article_merge.plan`."""
        from olygraph.api.article_merge import plan

        if not self._plan[1]:
            raise ValueError("a merge needs the articles read with their graphs")
        spill = self.spill

        def keep(key: str, prepared: Prepared) -> None:  # mapped again: kept for the write
            spill.seek(0, os.SEEK_END)
            blob = pickle.dumps(prepared, pickle.HIGHEST_PROTOCOL)
            self._made[key] = (spill.tell(), len(blob))
            spill.write(blob)

        groups = self._prepared(_groups(self._entries, spill))
        self._merge = plan(groups, keep, self.pool, datasets, aliases, self.base)
        return self._merge

    def _prepared(
        self, groups: list[list[tuple[str, _Entry]]]
    ) -> Iterator[tuple[str | None, Prepared]]:
        """Each group mapped, in turn: (its key when it was mapped again, the group)."""
        spill = self.spill
        spill.flush()
        pending: deque[tuple[str | None, Future[Prepared] | _Entry]] = deque()
        size = window(self.pool)
        for group in groups:
            (key, e), *rest = group
            if not rest and key == e.key:
                pending.append((None, e))
            else:
                members = [(k, m.name, _data(spill, m)) for k, m in group]
                pending.append((key, self.pool.submit(remap, members, (self.base, self._plan))))
            while len(pending) > size:
                yield _done(spill, *pending.popleft())
        while pending:
            yield _done(spill, *pending.popleft())

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
        writer = ArticleWriter(w, fmt, self.base, tee, self._merge)
        checks = getattr(tee, "checked", None) is not None
        plan: Plan = (fmt, tee is not None and not checks, checks)
        done = self._plan
        reusable = done[0] in (fmt, None) and (tee is None or done[1] or (checks and done[2]))
        early = getattr(tee, "early", None)  # takes the results of pass 1's validation
        # an article validated in pass 1 is written (and its results taken) as pass 1 made it
        # only when no other article has its key: pass 1 checked those under one key
        keys = Counter(e.key for e in self._entries)

        def reused(key: str, e: _Entry) -> bool:
            if key != e.key or not reusable:
                return False
            return e.checked is None or (early is not None and keys[key] == 1)

        size = window(self.pool)
        pending: deque[Future[Prepared] | _Entry | Prepared] = deque()
        spill.flush()
        texts: dict[str, IO[bytes]] = {}  # the workers' files of rendered texts, opened
        stack = ExitStack()

        def take(item: Future[Prepared] | _Entry | Prepared) -> None:
            if isinstance(item, Prepared):
                writer.group(item)
            elif isinstance(item, _Entry):
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
                if key in self._made:  # mapped again already, for the merge
                    pending.append(pickle.loads(_span(spill, *self._made[key])))
                elif not rest and reused(key, e):
                    if e.checked is not None and early is not None:
                        early(e.checked)
                    pending.append(e)
                else:
                    members = [(k, m.name, _data(spill, m)) for k, m in group]
                    pending.append(self.pool.submit(remap, members, (self.base, plan)))
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


def _done(
    spill: IO[bytes], key: str | None, item: Future[Prepared] | _Entry
) -> tuple[str | None, Prepared]:
    if isinstance(item, _Entry):
        return key, pickle.loads(_blob(spill, item))
    return key, item.result()


def _span(spill: IO[bytes], offset: int, length: int) -> bytes:
    spill.seek(offset)
    return spill.read(length)


def _blob(spill: IO[bytes], entry: _Entry) -> bytes:
    return _span(spill, entry.offset, entry.blob)


def _data(spill: IO[bytes], entry: _Entry) -> bytes:
    return _span(spill, entry.offset + entry.blob, entry.data)


def _groups(entries: list[_Entry], spill: IO[bytes]) -> list[list[tuple[str, _Entry]]]:
    """Unique source keys (as :func:`olygraph.mapping.article.unique_keys` numbers them), then the
    groups: the articles of one event together, each other article alone, in key order."""
    ordered: list[_Entry] = []
    for _, same in groupby(sorted(entries, key=lambda e: (e[0], e[1])), key=lambda e: e[:2]):
        run = list(same)
        if len(run) > 1:  # the same title and file name: ordered by their facts, as before
            run.sort(key=lambda e: repr(read_facts(e.name, _data(spill, e))))
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
