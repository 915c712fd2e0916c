"""Every output format parses back (rdflib) to the graph that was exported.

Turtle, N-Triples, JSON-LD and RDF/XML carry the union of the named graphs; TriG and N-Quads keep
one named graph per article plus the reference and reconciliation graphs (docs/model.md).

rdflib writes an ``xsd:decimal`` in Turtle/TriG in its short form, adding ``.0`` when the
lexical form has no point (``"1000"^^xsd:decimal`` comes back as ``"1000.0"``): the round-trip
tests compare decimals by value (:func:`by_value`). That the export should not depend on this is
pinned separately by :func:`test_decimal_literals_come_back_unchanged_from_every_format`.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import PROV, RDF, RDFS, XSD

from conftest import article_paths
from olygraph import api
from olygraph.resources import seed_text
from olygraph.write.rdf import FORMATS, serialize, union_graph

OLY = "https://w3id.org/olygraph/ontology#"
DATA = "https://w3id.org/olygraph/id/"
REFERENCE = URIRef(DATA + "source/reference/olygraph")
RECONCILIATION = URIRef(DATA + "source/reference/reconciliation")
SEED_SOURCE = URIRef(
    DATA + "source/article/cycling-at-the-1928-summer-olympics-mens-track-time-trial"
)
SEED_EVENT = URIRef(DATA + "event/1928-summer/cycling/mens-track-time-trial")
ALL_FORMATS = list(FORMATS)
NAMED_FORMATS = [f for f, (_, _, named) in FORMATS.items() if named]
UNION_FORMATS = [f for f, (_, _, named) in FORMATS.items() if not named]


def by_value(g: Graph) -> Graph:
    """``g`` with every xsd:decimal literal in one lexical form per value (1000.0 → 1000)."""
    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def parse_back(data: bytes, fmt: str) -> Graph:
    """The triples of a serialisation (all graphs merged for TriG/N-Quads)."""
    parser, _, named = FORMATS[fmt]
    if not named:
        return Graph().parse(data=data, format=parser)
    ds = Dataset()
    ds.parse(data=data, format=parser)
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def named_graphs(data: bytes, fmt: str) -> dict[URIRef, Graph]:
    """Non-empty graphs of a TriG/N-Quads serialisation by name; the default graph must be empty."""
    ds = Dataset()
    ds.parse(data=data, format=FORMATS[fmt][0])
    assert len(ds.default_graph) == 0, "every triple belongs to a named graph"
    out: dict[URIRef, Graph] = {}
    for g in ds.graphs():
        if len(g) and isinstance(g.identifier, URIRef):
            copy = Graph()
            for triple in g:
                copy.add(triple)
            out[g.identifier] = copy
    return out


def source_graphs(ds: Dataset) -> dict[URIRef, Graph]:
    return named_graphs(serialize(ds, "nq"), "nq")


def explain(expected: Graph, actual: Graph, limit: int = 10) -> str:
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = sorted(only_expected.serialize(format="nt").splitlines())[:limit]
    extra = sorted(only_actual.serialize(format="nt").splitlines())[:limit]
    return "\n".join(["missing after round trip:", *lines, "added by round trip:", *extra])


def assert_same(expected: Graph, actual: Graph) -> None:
    assert len(actual) == len(expected)
    if not isomorphic(by_value(expected), by_value(actual)):
        pytest.fail(explain(by_value(expected), by_value(actual)))


@pytest.fixture(scope="module")
def articles_export(shared: Path) -> api.Export:
    paths = article_paths()
    assert len(paths) >= 10
    result = api.export(paths)
    assert not result.failures, [str(f.error) for f in result.failures]
    return result


# --- the seed -----------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_seed_round_trips_in_every_format(
    seed_dataset: Dataset, seed_graph: Graph, fmt: str
) -> None:
    parsed = parse_back(serialize(seed_dataset, fmt), fmt)
    assert (SEED_EVENT, RDF.type, URIRef(OLY + "Event")) in parsed
    assert_same(seed_graph, parsed)


@pytest.mark.parametrize("fmt", NAMED_FORMATS)
def test_seed_named_graphs_are_the_article_and_the_two_reference_graphs(
    seed_dataset: Dataset, fmt: str
) -> None:
    graphs = named_graphs(serialize(seed_dataset, fmt), fmt)
    assert set(graphs) == {SEED_SOURCE, REFERENCE, RECONCILIATION}
    article = graphs[SEED_SOURCE]
    assert (SEED_EVENT, RDF.type, URIRef(OLY + "Event")) in article
    assert (SEED_EVENT, PROV.wasDerivedFrom, SEED_SOURCE) in article
    # reconciliation holds the discrepancies, the reference graph the NOC/Games tables
    discrepancies = set(graphs[RECONCILIATION].subjects(RDF.type, URIRef(OLY + "Discrepancy")))
    assert len(discrepancies) == 2
    assert not set(article.subjects(RDF.type, URIRef(OLY + "Discrepancy")))
    assert (URIRef(DATA + "noc/DEN"), RDFS.label, Literal("Denmark")) in graphs[REFERENCE]


@pytest.mark.parametrize("fmt", NAMED_FORMATS)
def test_seed_named_graphs_round_trip_one_by_one(seed_dataset: Dataset, fmt: str) -> None:
    original = source_graphs(seed_dataset)
    parsed = named_graphs(serialize(seed_dataset, fmt), fmt)
    assert set(parsed) == set(original)
    for name, g in original.items():
        assert_same(g, parsed[name])


def test_union_formats_carry_every_named_graph(seed_dataset: Dataset, seed_graph: Graph) -> None:
    total = set()
    for g in source_graphs(seed_dataset).values():
        total |= set(g)
    assert len(seed_graph) == len(total)


# --- all shared articles ---------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_all_articles_round_trip_in_every_format(articles_export: api.Export, fmt: str) -> None:
    union = union_graph(articles_export.dataset)
    parsed = parse_back(serialize(articles_export.dataset, fmt), fmt)
    assert_same(union, parsed)


@pytest.mark.parametrize("fmt", NAMED_FORMATS)
def test_all_articles_keep_one_named_graph_per_source(
    articles_export: api.Export, fmt: str
) -> None:
    graphs = named_graphs(serialize(articles_export.dataset, fmt), fmt)
    original = source_graphs(articles_export.dataset)
    assert set(graphs) == set(original)
    articles = {name for name in graphs if str(name).startswith(DATA + "source/article/")}
    assert set(graphs) - articles == {REFERENCE, RECONCILIATION}
    assert len(articles) == len(article_paths())
    file_names = set()
    for name in articles:
        g = graphs[name]
        assert_same(original[name], g)
        assert (name, RDF.type, URIRef(OLY + "ArticleSource")) in g
        file_names |= {str(f) for f in g.objects(name, URIRef(OLY + "fileName"))}
        kind = str(g.value(name, URIRef(OLY + "articleKind")))
        events = set(g.subjects(RDF.type, URIRef(OLY + "Event")))
        if kind == "event":
            assert len(events) == 1, f"{name}: expected its own event, found {events}"
            (event,) = events
            assert (event, PROV.wasDerivedFrom, name) in g
        else:
            assert not events, f"{name} ({kind} page) must not state an event"
        for other in articles - {name}:  # nothing in this graph claims another article as source
            assert not set(g.subjects(PROV.wasDerivedFrom, other))
    assert file_names == {p.name for p in article_paths()}


# --- strict: what each format writes comes back unchanged ----------------------------------
@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_decimal_literals_come_back_unchanged_from_every_format(
    seed_dataset: Dataset, seed_graph: Graph, fmt: str
) -> None:
    """The file is the graph: each format must parse back to exactly the exported triples.

    Fails for ttl/trig today: the export mints ``"1000"^^xsd:decimal`` (``dec()`` in
    graphbuild.py uses ``format(value, "f")``), which Turtle writes as ``1000.0`` so a
    consumer of the .ttl file sees a different literal than a consumer of the .nt file.
    Minting the canonical form (``1000.0``) fixes it.
    """
    parsed = parse_back(serialize(seed_dataset, fmt), fmt)
    if not isomorphic(seed_graph, parsed):
        pytest.fail(explain(seed_graph, parsed, limit=4))


ODD_CHARACTERS = {"line separator": "\u2028", "next line": "\x85", "form feed": "\x0c"}


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_odd_line_break_characters_in_article_text_keep_every_format_parseable(
    tmp_path: Path, fmt: str
) -> None:
    """Article text with U+2028, NEL or a form feed inside a value must still give valid files.

    Fails today for nt/nq/trig: ``serialize`` cuts the text with ``str.splitlines()``, which also
    breaks at these characters, so a literal is split across lines (unparseable N-Triples/N-Quads,
    a broken TriG string); and for xml with the form feed, which XML 1.0 does not allow.
    """
    problems = []
    for what, char in ODD_CHARACTERS.items():
        article = tmp_path / f"{what.replace(' ', '-')}.txt"
        text = seed_text().replace("- Venue: Olympic Stadium", f"- Venue: Olympic{char}Stadium")
        article.write_text(text, encoding="utf-8")
        result = api.export([article])
        assert not result.failures
        union = union_graph(result.dataset)
        claimed = {str(o) for o in union.objects(None, URIRef(OLY + "claimText"))}
        # the reader turns separator and control characters into spaces, so that line numbers
        # agree with every editor and no serialisation breaks a literal
        assert "Olympic Stadium" in claimed
        try:
            parsed = parse_back(serialize(result.dataset, fmt), fmt)
        except Exception as err:  # the parser's complaint is the finding
            problems.append(f"{what}: does not parse: {type(err).__name__}: {str(err)[:200]}")
            continue
        if not isomorphic(by_value(union), by_value(parsed)):
            problems.append(f"{what}: parses to a different graph")
    assert not problems, f"{fmt}:\n" + "\n".join(problems)
