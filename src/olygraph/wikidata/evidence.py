"""An olygraph dataset, indexed for the profile: its triples, and where each fact was read.

Where a fact was read becomes the references of its Wikibase statement (:class:`Citation`:
the source, its title, the place in it). For a triple ``s p o``:

1. the oly:Claims that state it (``claimSubject s ; claimProperty p ; claimValue o``), each with
   its own source and location (a value stated in the infobox, in prose and in the notes gives
   three places; two sources give two references);
2. else, in each named graph that holds the triple: ``s``'s own provenance in that graph
   (``prov:wasDerivedFrom``, else the graph itself, with ``oly:sourceLocation``, or the file
   name and ``oly:sourceLine``);
3. else that graph itself when it is a source (an athlete named in an article: the article);
4. else the sources of the nodes that refer to ``s`` (data without named graphs).

The place is written as Wikidata's ``P958`` wants it, a description of the section or row, not
a local file and line: ``seed.txt:51 (table 2 row 1, Results, column Time)`` becomes ``table 2
row 1, Results, column Time``, a dataset's ``athlete_events.csv:2`` becomes ``line 2``. An
English Wikipedia article (an ``oly:ArticleSource`` with a title) also gets its address.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Final

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from olygraph.ids import wikipedia_article
from olygraph.vocab import DCTERMS, OLY, PROV, RDF, RDFS
from olygraph.wikidata.wikibase import Citation

Triple = tuple[Node, Node, Node]
_PROV_FROM: Final = PROV.wasDerivedFrom
_LOCATION: Final = OLY.sourceLocation
_LOCAL: Final = frozenset({PROV.wasDerivedFrom, OLY.sourceLocation, OLY.sourceLine})
_PROVENANCE: Final = frozenset({PROV.wasDerivedFrom, OLY.sourceLocation})
_PLACE: Final = re.compile(r"(?P<file>.+?):(?P<line>[0-9]+)(?: \((?P<place>.*)\))?", re.DOTALL)
SOURCE_CLASSES: Final = frozenset(
    OLY[c] for c in ("Source", "ArticleSource", "CitedSource", "ReferenceSource", "DatasetSource")
)


class Data:
    """The quads of a dataset (or the triples of a graph, as one unnamed graph), indexed."""

    def __init__(self, data: Graph) -> None:
        self.graphs_of: dict[Triple, set[Node]] = defaultdict(set)
        self.out: dict[Node, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
        self.into: dict[Node, set[Node]] = defaultdict(set)
        quads: Iterable[tuple[Node, Node, Node, Node | None]]
        if isinstance(data, Dataset):
            quads = data.quads((None, None, None, None))
        else:
            quads = ((s, p, o, data.identifier) for s, p, o in data)
        self._local: dict[tuple[Node, Node, Node], set[Node]] = defaultdict(set)
        self._prov_graphs: dict[Node, set[Node]] = defaultdict(set)
        for s, p, o, graph in quads:
            g: Node = graph if graph is not None else data.identifier
            self.graphs_of[(s, p, o)].add(g)
            self.out[s][p].add(o)
            self.into[o].add(s)
            if p in _LOCAL:
                self._local[(s, p, g)].add(o)
                if p in _PROVENANCE:
                    self._prov_graphs[s].add(g)
        self.claims: dict[Triple, list[Node]] = defaultdict(list)
        for c in self.typed(OLY.Claim):
            for s in self.values(c, OLY.claimSubject):
                for p in self.values(c, OLY.claimProperty):
                    for o in self.values(c, OLY.claimValue):
                        self.claims[(s, p, o)].append(c)
        self.sources = {n for n in self.out if self.out[n][RDF.type] & SOURCE_CLASSES}
        self.sources |= {o for s in self.out for o in self.out[s].get(PROV.wasDerivedFrom, ())}

    # --- reading -------------------------------------------------------------------------------
    def values(self, s: Node, p: Node) -> list[Node]:
        """The objects of ``s p``, in a stable order."""
        found = self.out.get(s)
        return sorted(found.get(p, ()), key=_order) if found else []

    def value(self, s: Node, p: Node) -> Node | None:
        found = self.values(s, p)
        return found[0] if found else None

    def iris(self, s: Node, p: Node) -> list[URIRef]:
        """The IRI objects of ``s p`` (a literal where a node belongs is not an item)."""
        return [o for o in self.values(s, p) if isinstance(o, URIRef)]

    def iri(self, s: Node, p: Node) -> URIRef | None:
        found = self.iris(s, p)
        return found[0] if found else None

    def typed(self, cls: Node) -> list[URIRef]:
        """The IRIs of class ``cls`` (blank nodes are no items)."""
        found = (
            s
            for s in self.into.get(cls, ())
            if isinstance(s, URIRef) and cls in self.out[s][RDF.type]
        )
        return sorted(found, key=_order)

    def referrers(self, o: Node, p: Node) -> list[URIRef]:
        """The IRI subjects of ``? p o``."""
        found = (s for s in self.into.get(o, ()) if isinstance(s, URIRef) and o in self.out[s][p])
        return sorted(found, key=_order)

    def label(self, node: Node) -> str | None:
        """rdfs:label, else oly:name, else dcterms:title, else oly:fileName (first in order)."""
        for p in (RDFS.label, OLY.name, DCTERMS.title, OLY.fileName, OLY.code):
            found = self.value(node, p)
            if found is not None:
                return str(found)
        return None

    # --- where facts were read --------------------------------------------------------------------
    def citations(self, s: Node, p: Node, o: Node) -> set[Citation]:
        """Where ``s p o`` was read (the rules in the module docstring)."""
        claims = self.claims.get((s, p, o))
        if claims:
            return {c for claim in claims for c in self.node_citations(claim)}
        out: set[Citation] = set()
        for g in sorted(self.graphs_of.get((s, p, o), ()), key=_order):
            own = self._in_graph(s, g)
            if own:
                out |= own
            elif g in self.sources and isinstance(g, URIRef):
                out.add(self._citation(g, None))
        if not out:
            for r in sorted(self.into.get(s, ()), key=_order):
                out |= {Citation(c.source, c.title) for c in self._own(r)}
        return out

    def node_citations(self, node: Node) -> set[Citation]:
        """The provenance of a node (a Result, a Mark, a Claim…), graph by graph; a node
        without any: the sources whose graphs describe it (rules 3 and 4)."""
        out = self._own(node)
        if not out:
            for cls in self.values(node, RDF.type):
                out |= self.citations(node, RDF.type, cls)
        return out

    def _own(self, node: Node) -> set[Citation]:
        out: set[Citation] = set()
        for g in sorted(self._prov_graphs.get(node, ()), key=_order):
            out |= self._in_graph(node, g)
        return out

    def _in_graph(self, node: Node, g: Node) -> set[Citation]:
        """The node's sources in graph ``g`` (its prov:wasDerivedFrom; else ``g`` itself, the
        graph of the source that states it), each with the node's locations in ``g``."""
        sources = self._local.get((node, PROV.wasDerivedFrom, g)) or {g}
        locations = {str(loc) for loc in self._local.get((node, OLY.sourceLocation, g), ())}
        out: set[Citation] = set()
        for source in sorted(sources, key=_order):
            if not isinstance(source, URIRef):
                continue
            places = locations or self._lines(node, source, g)
            out |= {self._citation(source, place) for place in places} or {
                self._citation(source, None)
            }
        return out

    def _lines(self, node: Node, source: Node, g: Node) -> set[str]:
        """``file:line`` for a node that has a line but no written location (datasets)."""
        name = self.value(source, OLY.fileName)
        lines = self._local.get((node, OLY.sourceLine, g), set())
        return {f"{name}:{line}" for line in lines} if name is not None else set()

    def _citation(self, source: URIRef, location: str | None) -> Citation:
        title = self.value(source, DCTERMS.title)
        text = str(title) if title is not None else None
        url = None
        if text and OLY.ArticleSource in self.out[source][RDF.type]:
            url = str(wikipedia_article(text))
        return Citation(source, text, place(location), url)


def place(location: str | None) -> str | None:
    """A place in a source as ``P958`` gives it: the part, section and row, not file:line."""
    if location is None:
        return None
    found = _PLACE.fullmatch(location)
    if found is None:
        return location
    return found["place"] or f"line {found['line']}"


def _order(node: Node) -> tuple[str, str]:
    if isinstance(node, Literal):
        return (str(node), str(node.datatype or node.language or ""))
    return (str(node), "")
