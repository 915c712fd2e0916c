"""What a load must send: the graphs whose content changed since the last load of the target.

The manifest (:mod:`olygraph.load.manifest`) lists each graph the last load wrote, its count and
content hash, and the fingerprint (XXH3-128) of every input file that fed it. Before anything
is sent:

1. Every input is fingerprinted (XXH3-128 of its bytes: ~0.1 s per GB).
2. A file the manifest knows fed, unchanged, exactly the graphs it lists: it is not read,
   unless one of those graphs must be worked out again because of another file.
3. The other files are read once (nothing sent): each triple's digest goes to its graph's
   :class:`~olygraph.load.manifest.ContentHash`. A graph that such a file touches, or that
   lost one of the files that fed it, needs every file that feeds it: known files are then read
   too, until no graph is missing a part.
4. A graph whose count and content hash are those of the manifest is unchanged and not sent;
   a graph of the manifest that no input holds any more is *gone*.

The sending pass then reads only the files that feed a graph to send. With no manifest (a
first load), ``append`` or ``force``, there is no first pass: every graph met is sent, its
hash made as it goes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from rdflib import URIRef

from olygraph.load.manifest import ContentHash, Entry, Manifest
from olygraph.load.source import GraphName, Source
from olygraph.load.stores import Graph

#: the lines of one source, a run of one graph at a time (``load_source.batches`` with its
#: settings bound)
Lines = Callable[[Source], Iterator[tuple[GraphName, list[bytes]]]]


@dataclass(frozen=True, slots=True)
class Plan:
    manifest: Manifest
    fingerprints: tuple[str, ...]  # "xxh3-128:…" per source ("" when not made up front)
    read: tuple[bool, ...]  # the sources the sending pass reads
    send: frozenset[Graph] | None  # the graphs to send; None: every graph met
    known: Mapping[Graph, tuple[int, str]]  # distinct triples and content hash (first pass)
    unchanged: Mapping[Graph, Entry]  # graphs left as they are
    feeds: Mapping[Graph, frozenset[str]]  # the fingerprints of the sources of each graph
    gone: tuple[Graph, ...]  # graphs of the manifest that no input holds (first pass)


def one_pass(manifest: Manifest, count: int) -> Plan:
    """Send every graph of every source (a first load, ``append``, ``force``)."""
    return Plan(manifest, ("",) * count, (True,) * count, None, {}, {}, {}, ())


def plan(manifest: Manifest, sources: Sequence[Source], lines: Lines, target: Graph) -> Plan:
    """What changed since ``manifest``: see the module's description."""
    fingerprints = tuple(s.fingerprint() for s in sources)
    by_source: dict[str, set[Graph]] = {}
    for entry in manifest.entries.values():
        for fp in entry.sources:
            by_source.setdefault(fp, set()).add(entry.graph)
    present = set(fingerprints)
    dirty = {g for g, e in manifest.entries.items() if not e.sources or not e.sources <= present}
    read = {i for i, fp in enumerate(fingerprints) if fp not in by_source}
    hashes: dict[Graph, ContentHash] = {}
    feeds: dict[Graph, set[str]] = {}
    met: dict[int, set[Graph]] = {}
    names: dict[GraphName, Graph] = {None: target}
    while True:
        touched = dirty | set(hashes)
        read |= {i for i, fp in enumerate(fingerprints) if by_source.get(fp, set()) & touched}
        pending = sorted(read - set(met))
        if not pending:
            break
        for i in pending:
            graphs = met[i] = set()
            for name, run in lines(sources[i]):
                graph = names.get(name)
                if graph is None and name is not None:
                    graph = names[name] = URIRef(name)
                digests = hashes.get(graph)
                if digests is None:
                    digests = hashes[graph] = ContentHash()
                if graph not in graphs:
                    graphs.add(graph)
                    feeds.setdefault(graph, set()).add(fingerprints[i])
                digests.update(run)
    known = {g: h.result() for g, h in hashes.items()}
    hashes.clear()
    send = {
        g
        for g, (n, content) in known.items()
        if (e := manifest.entries.get(g)) is None or (e.triples, e.content) != (n, content)
    }
    unchanged = {g: Entry(g, n, c, frozenset(feeds[g])) for g, (n, c) in known.items()
                 if g not in send}  # fmt: skip
    for i, fp in enumerate(fingerprints):
        if i not in read:
            for g in by_source[fp]:
                unchanged.setdefault(g, manifest.entries[g])
    gone = tuple(g for g in manifest.entries if g not in known and g not in unchanged)
    return Plan(
        manifest, fingerprints, tuple(bool(met.get(i, set()) & send) for i in range(len(sources))),
        frozenset(send), known, unchanged, {g: frozenset(f) for g, f in feeds.items()}, gone,
    )  # fmt: skip
