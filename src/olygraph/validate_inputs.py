"""What ``olygraph validate`` checks and against what: RDF files and articles as data, and the
shapes of ``shapes/*.ttl``.

The data goes either into an rdflib graph (for pySHACL) or straight into the fast engine's
pyoxigraph store (:class:`olygraph.shacl.store.DataStore`: an N-Triples file is loaded by
pyoxigraph itself, without an rdflib parse).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import rdflib
from rdflib import Dataset, Graph

from olygraph.errors import InputError
from olygraph.resources import data_dir
from olygraph.write import PARSERS

if TYPE_CHECKING:
    from olygraph.shacl.store import DataStore

LINT_SUFFIX = "-lint.ttl"  #: shapes for the ontology files, not for data


def load_rdf(path: Path) -> Graph:
    """An RDF file as one graph (named graphs merged); the format comes from the extension,
    relative IRIs resolve against the file's own ``file:`` IRI."""
    fmt = PARSERS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(PARSERS))
        raise InputError(str(path), f"unknown RDF file extension; expected one of {known}")
    if not path.is_file():
        raise InputError(str(path), "no such file")
    target: Graph = Dataset() if fmt in ("trig", "nquads") else Graph()
    try:
        with _as_written():
            target.parse(path, format=fmt, publicID=path.absolute().as_uri())
    except Exception as err:  # rdflib raises many parser-specific exception types
        raise InputError(str(path), f"not valid {fmt}: {err}") from err
    return as_graph(target)


@contextlib.contextmanager
def _as_written() -> Iterator[None]:
    """Literals keep their lexical form while a file is parsed: rdflib would otherwise write
    ``"1"^^xsd:boolean`` as ``"true"`` and the ill-typed ``"none"^^xsd:boolean`` as ``"false"``
    (both still compare by value, and an ill-typed literal stays ill-typed)."""
    before = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = before


def as_graph(data: Graph) -> Graph:
    """A plain graph: a Dataset's named graphs (and default graph) merged into one."""
    if isinstance(data, Dataset):
        merged = Graph()
        merged.addN((s, p, o, merged) for s, p, o, _ in data.quads((None, None, None, None)))
        return merged
    return data


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
    from olygraph.validate_shapes import follow_prefixes

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


def load_inputs(inputs: Sequence[Path], base: str, engine: str = "pyshacl") -> LoadedData:
    """RDF files (format by extension) and articles (``.txt`` files or directories, exported
    with ``base``) merged into one graph, for ``engine``; no inputs = the embedded seed. A bad
    RDF file raises; articles that cannot be read are returned as failures, like ``olygraph
    export`` does."""
    from olygraph import api  # the export pipeline is only needed for articles

    rdf = [p for p in inputs if not p.is_dir() and p.suffix.lower() in PARSERS]
    articles = [p for p in inputs if p not in rdf]
    if engine == "fast":
        from olygraph.shacl.store import DataStore

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
