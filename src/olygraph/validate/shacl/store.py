"""The data to validate, in an in-memory pyoxigraph store (its default graph, named graphs
merged, as pySHACL sees a dataset).

RDF files are read by pyoxigraph only, once (relative IRIs against the file's ``file:`` IRI;
``lenient``, as rdflib is, about IRIs), an rdflib graph triple by triple. pyoxigraph's store
keeps literals by value: an integer-derived literal (``"5"^^xsd:byte``) would become an
``xsd:integer``, so those are stored under a private datatype that keeps them as written
(:func:`~olygraph.validate.shacl.terms.kept`), and the lexical forms of ``xsd:decimal``
literals are collected (:class:`~olygraph.validate.shacl.terms.Decimals`) so that the report
gives them as written.
An N-Triples or N-Quads file is loaded straight into the store (no Python per triple; its
decimals found by scanning its bytes) unless it holds integer-derived literals; other files go
through pyoxigraph's streaming parser.
"""

from __future__ import annotations

import mmap
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal
from rdflib.term import Node

from olygraph.errors import InputError, missing_file
from olygraph.validate.shacl.terms import DECIMAL, DERIVED, Decimals, OxTerm, kept, to_ox
from olygraph.vocab import XSD
from olygraph.write.oxigraph import OX_FORMATS
from olygraph.write.rdf import PARSERS

_LINES: Final = ("nt", "nquads")
_QUADS: Final = ("nquads", "trig", "json-ld")
_DECIMAL_END: Final = b'"^^<' + DECIMAL.encode() + b">"
#: the end of a typed literal of a DERIVED datatype (one regular-expression pass over a file
#: costs about as much as one ``find``: its literal prefix is searched for first)
_DERIVED_END: Final = re.compile(
    rb"XMLSchema#(?:"
    + b"|".join(re.escape(d.rsplit("#", 1)[1].encode()) for d in sorted(DERIVED))
    + rb")>"
)
_UNION: Final = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


class DataStore:
    """A pyoxigraph store holding the data in its default graph, and the decimals as written.

    Use :meth:`add_file` and :meth:`add_graph`, then :meth:`finish` before querying."""

    def __init__(self) -> None:
        self.store = ox.Store()
        self.decimals = Decimals()
        self.triples = 0
        self.sources: list[Path | Graph | bytes] = []
        self.owned: list[object] = []  # kept while the store lives (temporary source files)
        self._named = False
        self.has_kept = False  #: whether literals of a DERIVED datatype were stored (as kept)

    def add_file(self, path: Path) -> None:
        """Load an RDF file (format from its extension; relative IRIs against the file's own
        ``file:`` IRI) with pyoxigraph, once: N-Triples and N-Quads straight into the store
        unless they hold literals of a :data:`~olygraph.validate.shacl.terms.DERIVED` datatype,
        other files through pyoxigraph's parser (literals kept as written, decimals noted)."""
        fmt = PARSERS.get(path.suffix.lower())
        if fmt is None:
            known = ", ".join(sorted(PARSERS))
            raise InputError(str(path), f"unknown RDF file extension; expected one of {known}")
        if not path.is_file():
            raise missing_file(path)
        base = path.absolute().as_uri()
        try:
            if fmt in _LINES and not _derived(path):
                self.store.load(path=str(path), format=OX_FORMATS[fmt], base_iri=base, lenient=True)
                self.decimals.add(_scan(path))
            else:
                parsed = ox.parse(
                    path=str(path), format=OX_FORMATS[fmt], base_iri=base, lenient=True
                )
                self.store.extend(self._kept(parsed))
        except (SyntaxError, ValueError, OSError) as err:
            raise InputError(str(path), f"not valid {fmt}: {err}") from None
        self.sources.append(path)
        self._named = self._named or fmt in _QUADS

    def add_ntriples(self, data: bytes) -> None:
        """Add N-Triples ``data`` (written by olygraph: a part of a streamed export), as
        :meth:`add_file` adds a file of them, without the file."""
        try:
            if _DERIVED_END.search(data) is None:
                self.store.load(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)
                self.decimals.add(_decimals(data))
            else:
                parsed = ox.parse(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)
                self.store.extend(self._kept(parsed))
        except (SyntaxError, ValueError) as err:
            raise InputError("<N-Triples>", f"not valid nt: {err}") from None
        self.sources.append(data)

    def _kept(self, quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
        """Parsed quads as the store must hold them (see
        :func:`~olygraph.validate.shacl.terms.kept`), noting decimals as written."""
        for quad in quads:
            obj = quad.object
            if isinstance(obj, ox.Literal):
                datatype = obj.datatype.value
                if datatype == DECIMAL:
                    self.decimals.written.add(obj.value)
                elif datatype in DERIVED:
                    self.has_kept = True
                    quad = ox.Quad(quad.subject, quad.predicate, kept(obj), quad.graph_name)
            yield quad

    def add_graph(self, data: Graph) -> None:
        """Add an rdflib Graph or Dataset (every graph of a dataset, merged)."""
        self.store.extend(self._quads(data))
        self.sources.append(data)

    def to_graph(self) -> Graph:
        """The same data as one rdflib graph, read again from its sources (for pySHACL)."""
        from olygraph.write.rdf import as_graph, load_rdf

        graph = Graph()
        for source in self.sources:
            if isinstance(source, bytes):
                graph.parse(data=source, format="nt")
            else:
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
                elif str(o.datatype) in DERIVED:
                    self.has_kept = True
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
    if path.stat().st_size == 0:
        return set()
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        return _decimals(m)


def _decimals(m: bytes | mmap.mmap) -> set[str]:
    """:func:`_scan` of N-Triples or N-Quads in memory."""
    found: set[str] = set()
    pos = m.find(_DECIMAL_END)
    while pos >= 0:
        start = m.rfind(b'"', 0, pos)
        found.add(m[start + 1 : pos].decode("utf-8", "replace"))
        pos = m.find(_DECIMAL_END, pos + 1)
    return found


def _derived(path: Path) -> bool:
    """Whether an N-Triples or N-Quads file writes a literal of a DERIVED datatype (or an IRI
    ending like one: then the file is parsed, which is only slower)."""
    if path.stat().st_size == 0:
        return False
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        return _DERIVED_END.search(m) is not None
