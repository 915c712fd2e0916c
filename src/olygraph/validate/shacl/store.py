"""The data to validate, in an in-memory pyoxigraph store (its default graph, named graphs
merged, as pySHACL sees a dataset).

RDF files are loaded by pyoxigraph itself (no Python per triple; ``lenient``, as rdflib is, about
IRIs: faster, and smaller in memory than ``bulk_load``), an rdflib graph triple by triple. While
the data is read, the lexical forms of its ``xsd:decimal`` literals are collected
(:class:`~olygraph.validate.shacl.terms.Decimals`): pyoxigraph keeps a decimal by value, and the
report
must give it as written. For N-Triples and N-Quads they are found by scanning the file's bytes;
other formats are parsed once more by pyoxigraph's streaming parser.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal
from rdflib.term import Node

from olygraph.errors import InputError
from olygraph.validate.shacl.terms import DECIMAL, Decimals, OxTerm, to_ox
from olygraph.vocab import XSD
from olygraph.write.rdf import PARSERS, as_graph, load_rdf

FORMATS: Final = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
_LINES: Final = ("nt", "nquads")
_QUADS: Final = ("nquads", "trig", "json-ld")
_DECIMAL_END: Final = b'"^^<' + DECIMAL.encode() + b">"
_UNION: Final = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


class DataStore:
    """A pyoxigraph store holding the data in its default graph, and the decimals as written.

    Use :meth:`add_file` and :meth:`add_graph`, then :meth:`finish` before querying."""

    def __init__(self) -> None:
        self.store = ox.Store()
        self.decimals = Decimals()
        self.triples = 0
        self.sources: list[Path | Graph] = []
        self._named = False

    def add_file(self, path: Path) -> None:
        """Load an RDF file (format from its extension) with pyoxigraph; if pyoxigraph cannot
        read it, rdflib tries (and names the problem if it cannot either)."""
        fmt = PARSERS.get(path.suffix.lower())
        if fmt is None:
            known = ", ".join(sorted(PARSERS))
            raise InputError(str(path), f"unknown RDF file extension; expected one of {known}")
        if not path.is_file():
            raise InputError(str(path), "no such file")
        try:
            self.store.load(path=str(path), format=FORMATS[fmt], lenient=True)
            self.decimals.add(_scan(path) if fmt in _LINES else _parsed(path, FORMATS[fmt]))
        except (SyntaxError, ValueError, OSError):
            self.add_graph(load_rdf(path))
            return
        self.sources.append(path)
        self._named = self._named or fmt in _QUADS

    def add_graph(self, data: Graph) -> None:
        """Add an rdflib Graph or Dataset (every graph of a dataset, merged)."""
        self.store.extend(self._quads(data))
        self.sources.append(data)

    def to_graph(self) -> Graph:
        """The same data as one rdflib graph, read again from its sources (for pySHACL)."""
        graph = Graph()
        for source in self.sources:
            graph += load_rdf(source) if isinstance(source, Path) else as_graph(source)
        return graph

    def _quads(self, data: Graph) -> Iterator[ox.Quad]:
        cache: dict[Node, OxTerm] = {}
        default = ox.DefaultGraph()
        triples = (
            ((s, p, o) for s, p, o, _ in data.quads((None, None, None, None)))
            if isinstance(data, Dataset)
            else data.triples((None, None, None))
        )

        def term(node: Node) -> OxTerm:
            found = cache.get(node)
            if found is None:
                found = cache[node] = to_ox(node)
            return found

        for s, p, o in triples:
            if isinstance(o, Literal):
                obj: OxTerm = to_ox(o)
                if o.datatype == XSD.decimal:
                    self.decimals.written.add(str(o))
            else:
                obj = term(o)
            yield ox.Quad(term(s), term(p), obj, default)  # type: ignore[arg-type]

    def finish(self) -> None:
        """Merge named graphs into the default graph, count the triples, and resolve the
        decimals."""
        if self._named:
            self.store.update(_UNION)
            self.store.update("DROP NAMED")
        self.triples = len(self.store)
        self.decimals.resolve(self.store)


def _scan(path: Path) -> set[str]:
    """The decimal lexical forms of an N-Triples or N-Quads file: each ``"…"^^<xsd:decimal>``."""
    found: set[str] = set()
    if path.stat().st_size == 0:
        return found
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        pos = m.find(_DECIMAL_END)
        while pos >= 0:
            start = m.rfind(b'"', 0, pos)
            found.add(m[start + 1 : pos].decode("utf-8", "replace"))
            pos = m.find(_DECIMAL_END, pos + 1)
    return found


def _parsed(path: Path, fmt: ox.RdfFormat) -> Iterator[str]:
    for quad in ox.parse(path=str(path), format=fmt):
        obj = quad.object
        if isinstance(obj, ox.Literal) and obj.datatype.value == DECIMAL:
            yield obj.value
