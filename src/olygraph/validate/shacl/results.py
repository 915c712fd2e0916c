"""Findings of the fast engine as olygraph's validation results and as a SHACL report graph
shaped like pySHACL's.

A result is what pySHACL would report: focus node, value, path (the property shape's), source
shape, constraint component, severity, and the shape's ``sh:message`` values (for a
SHACL-SPARQL constraint, its own messages with ``{?var}`` filled in the way pySHACL does).
Where a shape has no message, pySHACL generates one; the same text is produced here by
pySHACL's own constraint classes, except that nodes of the data are written without the data
graph at hand (a blank node by its id).

The report graph is built only when asked for (``olygraph validate -f ttl``): a big graph can
yield many results and the text report does not need it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from olygraph.validate.shacl.terms import to_ox
from olygraph.vocab import OLY, RDF, RDFS, SH


@dataclass(frozen=True, slots=True)
class Finding:
    """One validation result, in rdflib terms as pySHACL would give them."""

    focus: Node
    value: Node | None
    path: Node | None
    shape: Node
    component: URIRef
    severity: URIRef
    messages: tuple[Literal, ...]
    constraint: Node | None = None


class GenericMessages:
    """pySHACL's generated message of a constraint (when its shape has no ``sh:message``),
    made by pySHACL's own constraint classes (built when first needed)."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self._sg: Any = None
        self._data = Graph()  # nodes of the data written with rdflib's default prefixes

    def __call__(
        self, shape: Node, parameter: URIRef, focus: Node, value: Node | None
    ) -> tuple[Literal, ...]:
        from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
        from pyshacl.shapes_graph import ShapesGraph

        if self._sg is None:
            self._sg = ShapesGraph(self.shapes)
            _ = self._sg.shapes  # builds pySHACL's shape index
        component = CONSTRAINT_PARAMETERS_MAP[parameter](self._sg.lookup_shape_from_node(shape))
        return tuple(component.make_generic_messages(self._data, focus, value))


def format_message(message: str, bindings: Iterable[tuple[str, Node]]) -> str:
    """``{?var}``/``{$var}`` replaced by the bound values, as pySHACL does (a regular
    expression substitution per variable, in pySHACL's order)."""
    for var, val in bindings:
        message = re.sub(f"{{[?$]{var}}}", str(val), message)
    return message


class DataLookup:
    """Where a focus node was read and its label, looked up in the store (as
    :func:`olygraph.validate.run.source_location` does in an rdflib graph)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.graph = ox.DefaultGraph()

    def _objects(self, node: Node, predicate: URIRef) -> list[str]:
        found = self.store.quads_for_pattern(to_ox(node), to_ox(predicate), None, self.graph)  # type: ignore[arg-type]
        return sorted(q.object.value for q in found if not isinstance(q.object, ox.Triple))

    def source_location(self, node: Node | None) -> str | None:
        if not isinstance(node, URIRef | BNode):
            return None
        own = self._objects(node, OLY.sourceLocation)
        if own:
            return "; ".join(own)
        referrers = sorted(
            loc
            for q in self.store.quads_for_pattern(None, None, to_ox(node), self.graph)
            if isinstance(q.subject, ox.NamedNode | ox.BlankNode)
            for loc in self._objects(_node(q.subject), OLY.sourceLocation)
        )
        return f"referred to at {referrers[0]}" if referrers else None

    def label(self, node: Node | None) -> str | None:
        if not isinstance(node, URIRef | BNode):
            return None
        labels = self._objects(node, RDFS.label)
        return labels[0] if labels else None


def report_graph(findings: Iterable[Finding], shapes: Graph, conforms: bool) -> Graph:
    """The SHACL validation report pySHACL writes: blank nodes of the shapes graph (anonymous
    shapes, paths, SPARQL constraints) are copied in with their ids."""
    from pyshacl.rdfutil.clone import clone_blank_node

    g = Graph(bind_namespaces="core")
    for prefix, ns in shapes.namespace_manager.namespaces():
        g.namespace_manager.bind(prefix, ns)
    report = BNode()
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(conforms)))
    cloned: dict[Node, Node] = {}

    def copy(node: Node) -> Node:
        if not isinstance(node, BNode):
            return node
        if node not in cloned:
            cloned[node] = clone_blank_node(shapes, node, g, keepid=True)
        return cloned[node]

    for f in findings:
        r = BNode()
        g.add((report, SH.result, r))
        g.add((r, RDF.type, SH.ValidationResult))
        g.add((r, SH.sourceConstraintComponent, f.component))
        g.add((r, SH.sourceShape, copy(f.shape)))
        g.add((r, SH.resultSeverity, f.severity))
        g.add((r, SH.focusNode, f.focus))
        if f.value is not None:
            g.add((r, SH.value, f.value))
        if f.path is not None:
            g.add((r, SH.resultPath, copy(f.path)))
        if f.constraint is not None:
            g.add((r, SH.sourceConstraint, copy(f.constraint)))
        for m in f.messages:
            g.add((r, SH.resultMessage, m))
    return g


def _node(term: ox.NamedNode | ox.BlankNode) -> Node:
    return URIRef(term.value) if isinstance(term, ox.NamedNode) else BNode(term.value)
