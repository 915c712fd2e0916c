"""The shapes graph read into typed, frozen shapes: targets, path, severity, messages and the
constraints of each shape, with everything this engine does not support rejected up front.

Only what the engine can check exactly as pySHACL does is accepted (see ``shapes/README.md``);
anything else (an unknown ``sh:`` parameter, SHACL rules or custom targets, custom constraint
components, malformed values) raises :class:`UnsupportedShape`, naming the shape and the
construct, so that the caller can fall back to pySHACL. Nothing is ever skipped silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from olygraph.errors import EXIT_INPUT, OlygraphError
from olygraph.validate.shacl.paths import Path, UnsupportedPathError, parse_path
from olygraph.vocab import OWL, RDF, RDFS, SH, XSD


class UnsupportedShape(OlygraphError):  # noqa: N818 (reads as a verdict on the shapes)
    """The shapes use a SHACL feature the fast engine does not implement (use pySHACL)."""

    exit_code = EXIT_INPUT


#: constraint parameters of SHACL Core and SHACL-SPARQL that the engine implements
VALUE_PARAMS: Final = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.xone: SH.XoneConstraintComponent,
}
FOCUS_PARAMS: Final = {
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH.equals: SH.EqualsConstraintComponent,
    SH.disjoint: SH.DisjointConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
}
#: predicates of a shape that are not constraints (or are read with one)
OTHER: Final = {
    RDF.type, SH.path, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
    SH.severity, SH.message, SH.deactivated, SH.name, SH.description, SH.order, SH.group,
    SH.defaultValue, SH.flags, SH.property, SH.sparql, SH.declare, SH.prefixes,
}  # fmt: skip
#: list-taking logical constraints
LISTS: Final = (SH["and"], SH["or"], SH.xone)
SEVERITIES: Final = (SH.Violation, SH.Warning, SH.Info)
_RANGES: Final = (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive)
TARGETS: Final = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


@dataclass(frozen=True, slots=True)
class Constraint:
    """One parameter value of a constraint component on a shape, e.g. ``sh:minCount 1``.

    ``value`` is the parameter's value; ``items`` the members of a list (``sh:in``, ``sh:or``
    …); ``flags`` goes with ``sh:pattern``."""

    component: URIRef
    parameter: URIRef
    value: Node
    items: tuple[Node, ...] = ()
    flags: str = ""


@dataclass(frozen=True, slots=True)
class SparqlConstraint:
    """A SHACL-SPARQL constraint (``sh:sparql``): its node, SELECT text, messages, prefixes."""

    node: Node
    select: str
    messages: tuple[Literal, ...]
    prefixes: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Shape:
    """A node shape (``path`` is None) or a property shape, as pySHACL reads it."""

    node: Node
    path: Path | None
    targets: tuple[tuple[URIRef, Node], ...]
    severity: URIRef
    messages: tuple[Literal, ...]
    deactivated: bool
    constraints: tuple[Constraint, ...]
    properties: tuple[Node, ...]
    sparql: tuple[SparqlConstraint, ...]

    label: str = ""  #: how errors name the shape (see :func:`describe`)


@dataclass(frozen=True, slots=True)
class ShapesModel:
    """Every shape of a shapes graph by node, and those with targets (validated on their own)."""

    graph: Graph
    shapes: dict[Node, Shape]
    targeted: tuple[Node, ...]

    def shape(self, node: Node) -> Shape:
        return self.shapes[node]


def read_shapes(graph: Graph) -> ShapesModel:
    """Read every shape of ``graph``; :class:`UnsupportedShape` for what cannot be compiled."""
    for what in (SH.ConstraintComponent, SH.SPARQLTarget, SH.SPARQLRule, SH.TripleRule):
        if (None, RDF.type, what) in graph:
            raise UnsupportedShape(f"the shapes define a {_show(what)}: not supported")
    for advanced in (SH.target, SH.rule, SH.expression, SH.js):
        if (None, advanced, None) in graph:
            raise UnsupportedShape(f"the shapes use {_show(advanced)}: not supported")
    shapes: dict[Node, Shape] = {}
    for node in sorted(_shape_nodes(graph), key=str):
        shapes[node] = _read_shape(graph, node)
    targeted = tuple(
        n for n in sorted(shapes, key=str) if shapes[n].targets and not shapes[n].deactivated
    )
    return ShapesModel(graph, shapes, targeted)


def describe(g: Graph, node: Node) -> str:
    """A shape as errors name it: ``<iri>``, or an anonymous shape by its path and owner."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    owner = next(iter(sorted(g.subjects(SH.property, node), key=str)), None)
    path = g.value(node, SH.path)
    what = f"the property shape on {_show(path)}" if isinstance(path, URIRef) else (
        "an anonymous shape"
    )  # fmt: skip
    return f"{what} of {describe(g, owner)}" if owner is not None and owner != node else what


def _shape_nodes(g: Graph) -> set[Node]:
    """Shapes as pySHACL finds them: typed, or having targets, properties, or being the value
    of a shape-expecting parameter."""
    found: set[Node] = set(g.subjects(RDF.type, SH.NodeShape))
    found |= set(g.subjects(RDF.type, SH.PropertyShape))
    for p in (*TARGETS, SH.property, SH.node):
        found |= set(g.subjects(p, None))
    for p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
        found |= set(g.objects(None, p))
    for p in LISTS:
        for lst in g.objects(None, p):
            found |= set(_items(g, lst, None, p))
    return found


def _read_shape(g: Graph, node: Node) -> Shape:
    preds = set(g.predicates(node, None))
    label = describe(g, node)
    known = OTHER | set(VALUE_PARAMS) | set(FOCUS_PARAMS)
    for p in sorted(preds, key=str):
        if str(p).startswith(str(SH)) and p not in known:
            raise UnsupportedShape(f"{label} uses {_show(p)}: not supported by this engine")
    path = _path(g, node, label)
    constraints: list[Constraint] = []
    flags = _flags(g, node, label)
    for param, component in (*VALUE_PARAMS.items(), *FOCUS_PARAMS.items()):
        for value in sorted(g.objects(node, param), key=str):
            items = tuple(_items(g, value, label, param)) if param in (*LISTS, SH["in"]) else ()
            _check_value(param, value, label, path is not None)
            constraints.append(Constraint(component, param, value, items, flags))
    for param in (SH.minLength, SH.maxLength, SH.datatype, SH.nodeKind):
        if len(list(g.objects(node, param))) > 1:
            raise UnsupportedShape(f"{label} has several {_show(param)} values")
    return Shape(
        node=node,
        label=label,
        path=path,
        targets=_targets(g, node, label),
        severity=_severity(g, node, label),
        messages=tuple(sorted((m for m in g.objects(node, SH.message) if isinstance(m, Literal)),
                              key=str)),
        deactivated=_deactivated(g, node, label),
        constraints=tuple(constraints),
        properties=tuple(sorted(g.objects(node, SH.property), key=str)),
        sparql=tuple(_sparql(g, node, c, label) for c in sorted(g.objects(node, SH.sparql),
                                                                 key=str)),
    )  # fmt: skip


def _path(g: Graph, node: Node, label: str) -> Path | None:
    paths = list(g.objects(node, SH.path))
    if len(paths) > 1:
        raise UnsupportedShape(f"{label} has several sh:path values")
    if (node, RDF.type, SH.NodeShape) in g and paths:
        raise UnsupportedShape(f"{label} is a sh:NodeShape with a sh:path")
    if (node, RDF.type, SH.PropertyShape) in g and not paths:
        raise UnsupportedShape(f"{label} is a sh:PropertyShape without a sh:path")
    try:
        return parse_path(g, paths[0]) if paths else None
    except UnsupportedPathError as err:
        raise UnsupportedShape(f"{label}: {err}") from None


def _targets(g: Graph, node: Node, label: str) -> tuple[tuple[URIRef, Node], ...]:
    out: list[tuple[URIRef, Node]] = []
    for kind in TARGETS:
        for value in sorted(g.objects(node, kind), key=str):
            if kind != SH.targetNode and not isinstance(value, URIRef):
                raise UnsupportedShape(f"{label}: {_show(kind)} {value!r} is not an IRI")
            if kind == SH.targetNode and isinstance(value, BNode):
                raise UnsupportedShape(f"{label}: a blank node as sh:targetNode")
            out.append((kind, value))
    types = set(g.objects(node, RDF.type))
    classes = {RDFS.Class, OWL.Class, *g.transitive_subjects(RDFS.subClassOf, RDFS.Class)}
    if types & classes and types & {SH.NodeShape, SH.PropertyShape}:
        out.append((SH.targetClass, node))  # an implicit class target
    return tuple(out)


def _severity(g: Graph, node: Node, label: str) -> URIRef:
    values = list(g.objects(node, SH.severity))
    if len(values) > 1 or (values and not isinstance(values[0], URIRef)):
        raise UnsupportedShape(f"{label}: sh:severity must be one IRI")
    return URIRef(str(values[0])) if values else SH.Violation


def _deactivated(g: Graph, node: Node, label: str) -> bool:
    values = list(g.objects(node, SH.deactivated))
    if not values:
        return False
    if len(values) > 1 or not isinstance(values[0], Literal):
        raise UnsupportedShape(f"{label}: sh:deactivated must be one boolean")
    return bool(values[0].value)


def _flags(g: Graph, node: Node, label: str) -> str:
    values = list(g.objects(node, SH.flags))
    if len(values) > 1 or (values and not isinstance(values[0], Literal)):
        raise UnsupportedShape(f"{label}: sh:flags must be one string")
    return str(values[0]) if values else ""


def _check_value(param: URIRef, value: Node, label: str, is_property: bool) -> None:
    """Reject parameter values pySHACL would refuse or treat in ways this engine does not."""
    what = f"{label}: {_show(param)} {value!r}"
    if param in (SH.minCount, SH.maxCount, SH.minLength, SH.maxLength):
        if not (isinstance(value, Literal) and type(value.value) is int and value.value >= 0):
            raise UnsupportedShape(f"{what} is not a non-negative integer")
    elif param in (SH["class"], SH.datatype, SH.nodeKind, SH.equals, SH.disjoint, SH.lessThan,
                   SH.lessThanOrEquals):  # fmt: skip
        if not isinstance(value, URIRef):
            raise UnsupportedShape(f"{what} is not an IRI")
    elif param == SH.pattern and not (isinstance(value, Literal) and isinstance(value.value, str)):
        raise UnsupportedShape(f"{what} is not a string")
    elif param in _RANGES and not isinstance(value, Literal):
        raise UnsupportedShape(f"{what} is not a literal")
    if param in (SH.lessThan, SH.lessThanOrEquals) and not is_property:
        raise UnsupportedShape(f"{what} on a node shape")


def _items(g: Graph, lst: Node, label: str | None, param: URIRef) -> Iterator[Node]:
    if not isinstance(lst, BNode | URIRef) or (lst != RDF.nil and g.value(lst, RDF.first) is None):
        raise UnsupportedShape(f"{label or 'a shape'}: {_show(param)} is not an RDF list")
    yield from Collection(g, lst)


def _sparql(g: Graph, shape: Node, node: Node, label: str) -> SparqlConstraint:
    selects = list(g.objects(node, SH.select))
    if len(selects) != 1 or not isinstance(selects[0], Literal):
        raise UnsupportedShape(f"{label}: a sh:sparql constraint needs one sh:select string")
    for p in g.predicates(node, None):
        if p not in (RDF.type, SH.select, SH.message, SH.prefixes, SH.deactivated):
            raise UnsupportedShape(f"{label}: sh:sparql constraint with {_show(p)}")
    if _deactivated(g, node, label):
        raise UnsupportedShape(f"{label}: a deactivated sh:sparql constraint")
    messages = tuple(sorted((m for m in g.objects(node, SH.message) if isinstance(m, Literal)),
                            key=str))  # fmt: skip
    return SparqlConstraint(node, str(selects[0]), messages, _prefixes(g, node, label))


def _prefixes(g: Graph, node: Node, label: str) -> tuple[tuple[str, str], ...]:
    """``sh:prefixes`` resolved as pySHACL does: the declarations of each named node, plus
    those of every ``owl:Ontology`` of the shapes graph unless the node is one itself."""
    found = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
    ontologies = set(g.subjects(RDF.type, OWL.Ontology))
    every = {d for o in ontologies for d in g.objects(o, SH.declare)}
    for source in g.objects(node, SH.prefixes):
        own = set(g.objects(source, SH.declare))
        declares = own if own and source in ontologies else every | own
        for dec in declares:
            names = list(g.objects(dec, SH.prefix))
            spaces = list(g.objects(dec, SH.namespace))
            if len(names) != 1 or len(spaces) != 1 or not isinstance(spaces[0], Literal):
                raise UnsupportedShape(f"{label}: a malformed sh:declare")
            if spaces[0].datatype not in (XSD.anyURI, XSD.string, None):
                raise UnsupportedShape(f"{label}: sh:namespace {spaces[0]!r} is not an xsd:anyURI")
            found[str(names[0])] = str(spaces[0])
    return tuple(sorted(found.items()))


def _show(node: Node) -> str:
    text = str(node)
    return "sh:" + text[len(str(SH)) :] if text.startswith(str(SH)) else f"<{text}>"
