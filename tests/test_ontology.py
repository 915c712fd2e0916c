"""The ontology files: well-formed, documented, and declaring exactly what ``olygraph.vocab`` lists.

``ontology/olygraph.ttl`` is the core ontology; ``ontology/align-*.ttl`` are alignments that
import it and only add axioms (they never define an ``oly:`` term).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from olygraph import vocab
from olygraph.vocab import OLY, OLY_IRI, ONTOLOGY_IRI, SCHEMA, VANN, WD, WDT

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"
CORE = ONTOLOGY_DIR / "olygraph.ttl"
ALIGNMENTS = ("align-schema.ttl", "align-wikidata.ttl", "align-prov.ttl")
TTL_FILES = sorted(ONTOLOGY_DIR.glob("*.ttl"))
ALIGNMENT_FILES = [p for p in TTL_FILES if p != CORE]

ONTOLOGY = URIRef(ONTOLOGY_IRI)
CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")

# XSD terms by IRI: a module-level rdflib ``XSD`` makes pytest's fixture scan warn
# ("_mock_name is not defined in namespace XSD").
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
XSD_DATE = URIRef(XSD_NS + "date")
XSD_DECIMAL = URIRef(XSD_NS + "decimal")
XSD_DURATION = URIRef(XSD_NS + "duration")

#: ``vocab`` lists oly:claimValue among the datatype properties, but its values are literals or
#: IRIs, so the ontology declares it an owl:AnnotationProperty (see its rdfs:comment).
TYPE_OVERRIDES: dict[str, URIRef] = {"claimValue": OWL.AnnotationProperty}

#: the OWL kinds a term is declared with; each oly: term has exactly one
OWL_KINDS = frozenset(
    {
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        OWL.NamedIndividual,
    }
)

#: OWL vocabulary for hard constraints: those belong in the SHACL shapes, not the ontology
HARD_CONSTRAINTS = frozenset(
    {
        OWL.Restriction,
        OWL.FunctionalProperty,
        OWL.InverseFunctionalProperty,
        OWL.AllDisjointClasses,
        OWL.AllDifferent,
        OWL.disjointWith,
        OWL.propertyDisjointWith,
        OWL.disjointUnionOf,
        OWL.oneOf,
        OWL.hasKey,
        OWL.cardinality,
        OWL.minCardinality,
        OWL.maxCardinality,
        OWL.qualifiedCardinality,
        OWL.minQualifiedCardinality,
        OWL.maxQualifiedCardinality,
    }
)

#: the only Wikidata ids the alignment may use: checked ids, never ones added from memory
WIKIDATA_IDS: dict[URIRef, str] = {
    WD.Q18536594: "Olympic sporting event",
    WD.Q349: "sport",
    WD.Q515: "city",
    WD.Q5: "human",
    WD.Q15243387: "Olympic gold medal",
    WD.Q15889641: "Olympic silver medal",
    WD.Q15889643: "Olympic bronze medal",
    WD.Q11574: "second",
    WD.Q11573: "metre",
    WD.Q11570: "kilogram",
    WDT.P710: "participant",
    WDT.P1352: "ranking",
    WDT.P2781: "race time",
    WDT.P166: "award received",
    WDT.P984: "IOC country code",
    WDT.P1532: "country for sport",
    WDT.P361: "part of",
    WDT.P527: "has part(s)",
    WDT.P641: "sport",
    WDT.P276: "location",
    WDT.P131: "located in the administrative territorial entity",
    WDT.P585: "point in time",
    WDT.P580: "start time",
    WDT.P582: "end time",
    WDT.P1132: "number of participants",
}
SKOS_MAPPINGS = frozenset(
    {SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch}
)


# --- helpers ---------------------------------------------------------------------------------


@functools.cache
def load(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def by_name(path: Path) -> str:
    return path.name


def is_oly(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(OLY_IRI)


def in_namespace(node: Node, *namespaces: str) -> bool:
    return isinstance(node, URIRef) and any(str(node).startswith(ns) for ns in namespaces)


def declared_oly_terms(graph: Graph) -> set[URIRef]:
    """oly: IRIs given an rdf:type in ``graph``: the terms it declares."""
    return {s for s in graph.subjects(RDF.type, None) if is_oly(s)}  # type: ignore[misc]


def all_nodes(graph: Graph) -> Iterator[Node]:
    for triple in graph:
        yield from triple


def expected_kinds() -> dict[URIRef, URIRef]:
    """Every term ``vocab`` lists, with the OWL kind the core ontology must declare it as."""
    kinds = {OLY[n]: OWL.Class for n in vocab.CLASSES}
    kinds |= {OLY[n]: OWL.ObjectProperty for n in vocab.OBJECT_PROPERTIES}
    kinds |= {
        OLY[n]: TYPE_OVERRIDES.get(n, OWL.DatatypeProperty) for n in vocab.DATATYPE_PROPERTIES
    }
    kinds |= {OLY[n]: OWL.NamedIndividual for n, _ in vocab.INDIVIDUALS}
    return kinds


def union_members(graph: Graph, node: Node) -> list[Node]:
    """``node`` itself, or the members of an ``owl:unionOf`` blank node (recursively)."""
    if isinstance(node, BNode):
        union = graph.value(node, OWL.unionOf)
        if union is None:
            return [node]  # some other class expression: callers reject it
        return [m for item in Collection(graph, union) for m in union_members(graph, item)]
    return [node]


def is_datatype(node: Node) -> bool:
    return in_namespace(node, XSD_NS) or node in (RDFS.Literal, RDF.langString)


def diff(label: str, expected: set[URIRef], actual: set[URIRef]) -> str:
    missing = sorted(str(t).removeprefix(OLY_IRI) for t in expected - actual)
    extra = sorted(str(t).removeprefix(OLY_IRI) for t in actual - expected)
    return f"{label}: missing {missing}, not in vocab.py {extra}"


# --- every file ------------------------------------------------------------------------------


def test_expected_files_are_present() -> None:
    names = {p.name for p in TTL_FILES}
    assert {CORE.name, *ALIGNMENTS} <= names, f"ontology/ holds {sorted(names)}"


@pytest.mark.parametrize("path", TTL_FILES, ids=by_name)
def test_file_parses(path: Path) -> None:
    assert len(load(path)) > 0


@pytest.mark.parametrize("path", TTL_FILES, ids=by_name)
def test_one_documented_ontology_header(path: Path) -> None:
    graph = load(path)
    headers = list(graph.subjects(RDF.type, OWL.Ontology))
    assert len(headers) == 1, f"{path.name}: {len(headers)} owl:Ontology headers"
    (header,) = headers
    assert isinstance(header, URIRef)

    for predicate in (DCTERMS.title, DCTERMS.description):
        values = list(graph.objects(header, predicate))
        assert any(isinstance(v, Literal) and v.language == "en" for v in values), (
            f"{path.name}: no {predicate} @en"
        )
    assert list(graph.objects(header, DCTERMS.license)) == [CC_BY_4], path.name
    assert graph.value(header, OWL.versionInfo) is not None, f"{path.name}: no owl:versionInfo"
    version_iri = graph.value(header, OWL.versionIRI)
    assert isinstance(version_iri, URIRef), f"{path.name}: no owl:versionIRI"
    assert str(version_iri).startswith(f"{header}/"), f"{path.name}: versionIRI {version_iri}"

    dates = {}
    for predicate in (DCTERMS.created, DCTERMS.modified):
        values = list(graph.objects(header, predicate))
        assert len(values) == 1, f"{path.name}: {len(values)} values of {predicate}"
        (value,) = values
        assert isinstance(value, Literal), f"{path.name}: {predicate} is not a literal"
        assert value.datatype == XSD_DATE, f"{path.name}: {predicate} is not an xsd:date"
        dates[predicate] = value.toPython()
    assert dates[DCTERMS.created] <= dates[DCTERMS.modified], path.name


@pytest.mark.parametrize("path", TTL_FILES, ids=by_name)
def test_declared_oly_terms_are_documented(path: Path) -> None:
    graph = load(path)
    problems = []
    for term in sorted(declared_oly_terms(graph)):
        name = str(term).removeprefix(OLY_IRI)
        for predicate in (RDFS.label, SKOS.definition):
            english = [
                v
                for v in graph.objects(term, predicate)
                if isinstance(v, Literal) and v.language == "en" and str(v).strip()
            ]
            if len(english) != 1:
                problems.append(f"{name}: {len(english)} {predicate} @en")
        if list(graph.objects(term, RDFS.isDefinedBy)) != [ONTOLOGY]:
            problems.append(f"{name}: rdfs:isDefinedBy is not <{ONTOLOGY_IRI}>")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", TTL_FILES, ids=by_name)
def test_every_oly_term_used_is_defined_in_the_core(path: Path) -> None:
    defined = declared_oly_terms(load(CORE))
    used = {n for n in all_nodes(load(path)) if is_oly(n)}
    undefined = sorted(str(t).removeprefix(OLY_IRI) for t in used - defined)
    assert not undefined, f"{path.name} uses oly: terms the core does not define: {undefined}"


@pytest.mark.parametrize("path", TTL_FILES, ids=by_name)
def test_domains_and_ranges_refer_to_known_terms(path: Path) -> None:
    graph = load(path)
    core = load(CORE)
    classes = {t for t in declared_oly_terms(core) if (t, RDF.type, OWL.Class) in core}
    external = (str(PROV), str(SCHEMA))
    problems = []
    for predicate in (RDFS.domain, RDFS.range):
        for prop, target in graph.subject_objects(predicate):
            kinds = set(core.objects(prop, RDF.type)) | set(graph.objects(prop, RDF.type))
            for member in union_members(graph, target):
                where = f"{prop} {predicate.fragment} {member}"
                if is_datatype(member):
                    if predicate == RDFS.domain or OWL.ObjectProperty in kinds:
                        problems.append(f"{where}: a datatype where a class belongs")
                elif member in classes or in_namespace(member, *external):
                    if OWL.DatatypeProperty in kinds and predicate == RDFS.range:
                        problems.append(f"{where}: a class as the range of a datatype property")
                else:
                    problems.append(f"{where}: not a declared class, xsd, prov or schema term")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", TTL_FILES, ids=by_name)
def test_superclasses_and_superproperties_are_known(path: Path) -> None:
    graph = load(path)
    defined = declared_oly_terms(load(CORE))
    external = (str(PROV), str(SCHEMA))
    problems = [
        f"{s} {p.fragment} {member}"
        for p in (RDFS.subClassOf, RDFS.subPropertyOf)
        for s, o in graph.subject_objects(p)
        for member in union_members(graph, o)
        if not (member in defined or in_namespace(member, *external))
    ]
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", TTL_FILES, ids=by_name)
def test_no_hard_constraints(path: Path) -> None:
    graph = load(path)
    found = sorted(
        {str(n) for n in all_nodes(graph) if n in HARD_CONSTRAINTS}
        | {str(p) for p in graph.predicates() if p in HARD_CONSTRAINTS}
    )
    assert not found, f"{path.name} uses OWL constraints that belong in SHACL: {found}"


@pytest.mark.parametrize("path", TTL_FILES, ids=by_name)
def test_wikidata_ids_are_checked_ones_used_only_in_skos_mappings(path: Path) -> None:
    graph = load(path)
    problems = []
    for s, p, o in graph:
        for node in (s, p, o):
            if in_namespace(node, str(WD), str(WDT)):
                if node not in WIKIDATA_IDS:
                    problems.append(f"{node}: not in the checked list")
                if node is not o or p not in SKOS_MAPPINGS:
                    problems.append(f"{s} {p} {o}: Wikidata only as the object of a SKOS mapping")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


# --- the core ontology -----------------------------------------------------------------------


def test_vocab_lists_name_each_term_once() -> None:
    names = [
        *vocab.CLASSES,
        *vocab.OBJECT_PROPERTIES,
        *vocab.DATATYPE_PROPERTIES,
        *(n for n, _ in vocab.INDIVIDUALS),
    ]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"vocab.py lists these terms more than once: {duplicates}"


def test_core_header_is_the_ontology_iri() -> None:
    graph = load(CORE)
    assert list(graph.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY]
    assert graph.value(ONTOLOGY, VANN.preferredNamespacePrefix) == Literal("oly")
    assert graph.value(ONTOLOGY, VANN.preferredNamespaceUri) == Literal(OLY_IRI)


def test_core_declares_exactly_the_vocab_terms() -> None:
    expected = set(expected_kinds())
    declared = declared_oly_terms(load(CORE))
    assert declared == expected, diff("olygraph.ttl vs vocab.py", expected, declared)


def test_core_declares_each_term_with_its_kind() -> None:
    graph = load(CORE)
    wrong = []
    for term, kind in sorted(expected_kinds().items()):
        kinds = set(graph.objects(term, RDF.type)) & OWL_KINDS
        if kinds != {kind}:
            got = sorted(k.fragment for k in kinds)
            wrong.append(f"{term.removeprefix(OLY_IRI)}: {got}, expected {kind.fragment}")
    for name, cls in vocab.INDIVIDUALS:
        if (OLY[name], RDF.type, OLY[cls]) not in graph:
            wrong.append(f"{name}: not typed oly:{cls}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (OLY.Athlete, OLY.Competitor),
        (OLY.Team, OLY.Competitor),
        (OLY.ArticleSource, OLY.Source),
        (OLY.CitedSource, OLY.Source),
        (OLY.ReferenceSource, OLY.Source),
        (OLY.Source, PROV.Entity),
        (OLY.Claim, PROV.Entity),
        (OLY.Mark, PROV.Entity),
    ],
)
def test_core_class_hierarchy(sub: URIRef, sup: URIRef) -> None:
    assert (sub, RDFS.subClassOf, sup) in load(CORE)


@pytest.mark.parametrize("prop", [OLY.debutNation, OLY.returningNation])
def test_nation_status_properties_refine_participating_nation(prop: URIRef) -> None:
    assert (prop, RDFS.subPropertyOf, OLY.participatingNation) in load(CORE)


def test_marks_are_decimals_with_a_unit_not_durations() -> None:
    graph = load(CORE)
    assert graph.value(OLY.value, RDFS.range) == XSD_DECIMAL
    assert graph.value(OLY.unit, RDFS.range) == OLY.Unit
    assert not any(n == XSD_DURATION for n in all_nodes(graph))


# --- the alignments --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ALIGNMENT_FILES, ids=by_name)
def test_alignment_imports_the_core_and_defines_nothing(path: Path) -> None:
    graph = load(path)
    (header,) = graph.subjects(RDF.type, OWL.Ontology)
    stem = path.stem.removeprefix("align-")
    assert header == URIRef(f"{ONTOLOGY_IRI}/align/{stem}"), f"{path.name}: header {header}"
    assert (header, OWL.imports, ONTOLOGY) in graph, f"{path.name} does not import the core"
    declared = sorted(str(t).removeprefix(OLY_IRI) for t in declared_oly_terms(graph))
    assert not declared, f"{path.name} declares oly: terms (only the core may): {declared}"
    documenting = (RDFS.label, SKOS.definition, RDFS.comment, RDFS.isDefinedBy)
    documented = sorted(
        f"{s.removeprefix(OLY_IRI)} {p.fragment}"
        for p in documenting
        for s in graph.subjects(p, None)
        if is_oly(s)
    )
    assert not documented, f"{path.name} documents oly: terms (only the core may): {documented}"
