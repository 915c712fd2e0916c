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
from olygraph.write.rdf import PARSERS, as_graph, load_rdf

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


def shapes_graph(extra: Iterable[Graph] = ()) -> Graph:
    """olygraph's shapes plus ``extra``; the cached base graph when there is nothing extra."""
    extras = list(extra)
    if not extras:
        return _base_shapes()
    g = Graph()
    g += _base_shapes()
    for e in extras:
        g += e
    return g


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


def load_inputs(inputs: Sequence[Path], base: str, engine: str = "pyshacl") -> LoadedData:
    """RDF files (format by extension) and articles (``.txt`` files or directories, exported
    with ``base``) merged into one graph, for ``engine``; no inputs = the embedded seed. A bad
    RDF file raises; articles that cannot be read are returned as failures, like ``olygraph
    export`` does."""
    from olygraph import api  # the export pipeline is only needed for articles

    rdf = [p for p in inputs if not p.is_dir() and p.suffix.lower() in PARSERS]
    articles = [p for p in inputs if p not in rdf]
    if engine == "fast":
        from olygraph.validate.shacl.store import DataStore

        store = DataStore()
        for path in rdf:
            store.add_file(path)
    else:
        graph = Graph()
        for path in rdf:
            graph += load_rdf(path)
    failures: tuple[InputError, ...] = ()
    loaded = len(rdf)
    if articles or not rdf:
        exported = api.export(articles, base)
        failures = tuple(a.error for a in exported.articles if a.error is not None)
        loaded += len(exported.articles) - len(failures)
        if engine == "fast":
            store.add_graph(exported.dataset)
        else:
            graph += as_graph(exported.dataset)
    if engine == "fast":
        store.finish()
        return LoadedData(store, failures, loaded)
    return LoadedData(graph, failures, loaded)
