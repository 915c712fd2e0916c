"""What ``olygraph validate`` checks and against what: RDF files and articles as data, and the
shapes of ``shapes/*.ttl``.

The data goes either into an rdflib graph (for pySHACL) or straight into the fast engine's
pyoxigraph store (:class:`olygraph.validate.shacl.store.DataStore`: an N-Triples file is loaded by
pyoxigraph itself, without an rdflib parse).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from olygraph.errors import InputError
from olygraph.resources import data_dir
from olygraph.write.rdf import PARSERS, load_rdf

if TYPE_CHECKING:
    from olygraph.validate.shacl.store import DataStore

LINT_SUFFIX = "-lint.ttl"  #: shapes for the ontology files, not for data


@functools.cache
def _shape_files() -> tuple[Path, ...]:
    files = data_dir("shapes").glob("*.ttl")
    return tuple(sorted(p for p in files if not p.name.endswith(LINT_SUFFIX)))


@functools.cache
def _base_shapes() -> Graph:
    g = Graph()
    for path in _shape_files():
        g.parse(path, format="turtle")
    return g


def shapes_graph(extra: Iterable[Graph] = (), builtin: bool = True) -> Graph:
    """olygraph's shapes (unless not ``builtin``) plus ``extra``, with the prefix declarations
    of ``sh:prefixes`` gathered through ``owl:imports``; the cached base graph when there is
    nothing extra."""
    from olygraph.validate.shapes import follow_prefixes

    extras = list(extra)
    if not extras and builtin:
        return _base_shapes()
    g = Graph()
    if builtin:
        g += _base_shapes()
    for e in extras:
        g += e
        for prefix, ns in e.namespace_manager.namespaces():
            g.bind(prefix, ns, override=False)
    return follow_prefixes(g)


def lint_shapes_graph() -> Graph:
    g = Graph()
    for path in sorted(data_dir("shapes").glob(f"*{LINT_SUFFIX}")):
        g.parse(path, format="turtle")
    return g


@dataclass(frozen=True, slots=True)
class LoadedData:
    """What ``olygraph validate`` checks: the merged data (an rdflib graph, or the fast
    engine's store) and the inputs that failed."""

    graph: Graph | DataStore
    failures: tuple[InputError, ...] = ()
    loaded: int = 0


def split_inputs(inputs: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """(RDF files, articles): a file with an RDF extension is RDF, anything else (directories
    too) articles."""
    rdf = [p for p in inputs if not p.is_dir() and p.suffix.lower() in PARSERS]
    return rdf, [p for p in inputs if p not in rdf]


def _streamed(articles: Sequence[Path], base: str, owner: list[object]) -> tuple[
    Path | None, tuple[InputError, ...], int
]:  # fmt: skip
    """Articles streamed to an N-Triples file (issue 19: no rdflib graph of them is built), kept
    while ``owner`` lives; the file (None when no article could be read), the failures, and
    how many articles were read."""
    import tempfile

    from olygraph import api
    from olygraph.api.articles import stream_articles

    paths = api.expand_inputs(articles) if articles else None
    tmp = tempfile.TemporaryDirectory(prefix="olygraph-articles-")
    owner.append(tmp)  # the store may read its sources again (for pySHACL)
    path = Path(tmp.name) / "articles.nt"
    with path.open("wb") as out:
        report = stream_articles(paths, "nt", out, base)
    failures = tuple(f.error for f in report.failures)
    return (path if report.read else None), failures, report.read


def load_inputs(inputs: Sequence[Path], base: str, engine: str = "pyshacl") -> LoadedData:
    """RDF files (format by extension) and articles (``.txt`` files or directories, exported
    with ``base``) merged into one graph, for ``engine``; no inputs = the embedded seed. A bad
    RDF file raises; articles that cannot be read are returned as failures, like ``olygraph
    export`` does. Articles are streamed to N-Triples and loaded from there (by pyoxigraph for
    the fast engine, by rdflib for pySHACL)."""
    rdf, articles = split_inputs(inputs)
    owner: list[object] = []
    if engine == "fast":
        from olygraph.validate.shacl.store import DataStore

        store = DataStore()
        owner = store.owned
        for path in rdf:
            store.add_file(path)
    else:
        graph = Graph()
        for path in rdf:
            graph += load_rdf(path)
    failures: tuple[InputError, ...] = ()
    loaded = len(rdf)
    if articles or not rdf:
        written, failures, read = _streamed(articles, base, owner)
        loaded += read
        if written is not None and engine == "fast":
            store.add_file(written)
        elif written is not None:
            graph += load_rdf(written)
    if engine == "fast":
        store.finish()
        return LoadedData(store, failures, loaded)
    for tmp in owner:
        tmp.cleanup()  # type: ignore[attr-defined]
    return LoadedData(graph, failures, loaded)
