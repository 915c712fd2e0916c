"""Every fact DESIGN.md says the seed must yield, asserted with SPARQL on the exported graph."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rdflib import Graph, Literal, URIRef

PREFIXES = """
PREFIX oly: <https://w3id.org/olygraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
EVENT = URIRef("https://w3id.org/olygraph/id/event/1928-summer/cycling/mens-track-time-trial")


def rows(g: Graph, query: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in g.query(PREFIXES + query)]


def values(g: Graph, query: str) -> list[object]:
    return [r[0].toPython() if isinstance(r[0], Literal) else r[0] for r in rows(g, query)]


def test_games_1928_summer_in_amsterdam(seed_graph: Graph) -> None:
    found = rows(
        seed_graph,
        """
        SELECT ?year ?season ?city WHERE {
          ?e a oly:Event ; oly:games ?g . ?g oly:year ?year ; oly:season ?season ;
             oly:hostCity/rdfs:label ?city }""",
    )
    assert [(y.toPython(), str(s), str(c)) for y, s, c in found] == [(1928, "Summer", "Amsterdam")]


def test_event_sport_discipline_venue_date(seed_graph: Graph) -> None:
    found = rows(
        seed_graph,
        """
        SELECT ?e ?name ?sport ?disc ?venue ?date WHERE {
          ?e a oly:Event ; oly:name ?name ; oly:sport/rdfs:label ?sport ;
             oly:discipline/rdfs:label ?disc ; oly:venue/rdfs:label ?venue ; oly:date ?date }""",
    )
    assert len(found) == 1
    e, name, sport, disc, venue, date = found[0]
    assert e == EVENT
    assert (str(name), str(sport), str(disc), str(venue)) == (
        "Men's track time trial",
        "Cycling",
        "Track cycling",
        "Olympic Stadium",
    )
    assert date.toPython() == dt.date(1928, 8, 5)


def test_single_final_round_at_1900(seed_graph: Graph) -> None:
    found = rows(
        seed_graph,
        """
        SELECT ?r ?kind ?date ?time WHERE {
          ?e a oly:Event ; oly:round ?r . ?r oly:roundKind ?kind .
          OPTIONAL { ?r oly:date ?date } OPTIONAL { ?r oly:startTime ?time } }""",
    )
    assert len(found) == 1
    _, kind, date, time = found[0]
    assert str(kind) == "final"
    assert date.toPython() == dt.date(1928, 8, 5)
    assert str(time) == "19:00:00"


def test_distance_start_and_counts(seed_graph: Graph) -> None:
    assert values(seed_graph, "SELECT ?d WHERE { ?e oly:distance ?d }") == [Decimal(1000)]
    assert values(seed_graph, "SELECT ?s WHERE { ?e oly:startType ?s }") == ["standing start"]
    assert values(
        seed_graph, "SELECT DISTINCT ?n WHERE { ?e a oly:Event ; oly:competitorCount ?n }"
    ) == [16]
    assert values(
        seed_graph, "SELECT DISTINCT ?n WHERE { ?e a oly:Event ; oly:nationCount ?n }"
    ) == [16]


def test_sixteen_results_in_table_order(seed_graph: Graph) -> None:
    found = rows(
        seed_graph,
        """
        SELECT ?order ?rank ?tied ?text ?value WHERE {
          ?round oly:result ?r . ?r oly:order ?order ; oly:rank ?rank ; oly:tied ?tied ;
             oly:mark ?m . ?m oly:measure "Time" ; oly:sourcePart "table" ; oly:text ?text ;
             oly:value ?value ; oly:unit oly:Second }
        ORDER BY ?order""",
    )
    ranks = [
        ("=" if t.toPython() and i > 0 and found[i - 1][1] == r else "") + str(r)
        for i, (_, r, t, _, _) in enumerate(found)
    ]
    assert ranks == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "=6",
        "8",
        "9",
        "=9",
        "11",
        "=11",
        "13",
        "14",
        "15",
        "16",
    ]
    assert [str(t) for *_, t, _ in found] == [
        "1:14.2",
        "1:15.1",
        "1:15.3",
        "1:16.0",
        "1:17.1",
        "1:18.0",
        "1:18.0",
        "1:18.4",
        "1:18.6",
        "1:18.6",
        "1:19.0",
        "1:19.0",
        "1:19.2",
        "1:20.1",
        "1:22.0",
        "1:22.3",
    ]
    assert found[0][4].toPython() == Decimal("74.2")
    assert found[-1][4].toPython() == Decimal("82.3")
    tied_orders = [o.toPython() for o, _, t, *_ in found if t.toPython()]
    assert tied_orders == [6, 7, 9, 10, 11, 12]


def test_medalists_tied_to_ranks(seed_graph: Graph) -> None:
    found = rows(
        seed_graph,
        """
        SELECT ?medal ?name ?noc ?rank WHERE {
          ?a a oly:MedalAward ; oly:medal ?medal ; oly:awardedTo/oly:name ?name ;
             oly:noc/oly:code ?noc ; oly:forResult/oly:rank ?rank } ORDER BY ?rank""",
    )
    assert [(str(m).split("#")[1], str(n), str(c), r.toPython()) for m, n, c, r in found] == [
        ("GoldMedal", "Willy Hansen", "DEN", 1),
        ("SilverMedal", "Gerard Bosch van Drakestein", "NED", 2),
        ("BronzeMedal", "Dunc Gray", "AUS", 3),
    ]
    # the rows themselves now name the medalist, with the infobox as provenance
    named = rows(
        seed_graph,
        """
        SELECT ?rank ?name WHERE { ?r oly:rank ?rank ; oly:competitor/oly:name ?name .
          ?c oly:claimSubject ?r ; oly:claimProperty oly:competitor ; oly:sourcePart ?part }
        ORDER BY ?rank""",
    )
    assert [(r.toPython(), str(n)) for r, n in named][:3] == [
        (1, "Willy Hansen"),
        (2, "Gerard Bosch van Drakestein"),
        (3, "Dunc Gray"),
    ]


def test_sixteen_nations_twelve_debuts_four_returning(seed_graph: Graph) -> None:
    debut = sorted(
        str(v) for v in values(seed_graph, "SELECT ?c WHERE { ?e oly:debutNation/oly:code ?c }")
    )
    back = sorted(
        str(v) for v in values(seed_graph, "SELECT ?c WHERE { ?e oly:returningNation/oly:code ?c }")
    )
    everyone = values(
        seed_graph, "SELECT DISTINCT ?c WHERE { ?e oly:participatingNation/oly:code ?c }"
    )
    assert debut == [
        "ARG",
        "AUS",
        "BEL",
        "CAN",
        "CHI",
        "DEN",
        "IRL",
        "ITA",
        "NED",
        "POL",
        "SUI",
        "TUR",
    ]
    assert back == ["AUT", "FRA", "GBR", "GER"]
    assert len(everyone) == 16
    assert values(
        seed_graph,
        "SELECT ?n WHERE { <https://w3id.org/olygraph/id/noc/DEN> a oly:NOC ; rdfs:label ?n }",
    ) == ["Denmark"]


def test_record_progression(seed_graph: Graph) -> None:
    found = rows(
        seed_graph,
        """
        SELECT ?order ?name ?text ?note ?rank WHERE {
          ?rec a oly:Record ; oly:order ?order ; oly:holder/oly:name ?name ;
               oly:mark/oly:text ?text .
          OPTIONAL { ?rec oly:notes ?note } OPTIONAL { ?rec oly:forResult/oly:rank ?rank } }
        ORDER BY ?order""",
    )
    assert [(o.toPython(), str(n), str(t)) for o, n, t, _, _ in found] == [
        (1, "Octave Dayen", "1:16.0"),
        (2, "Gerard Bosch van Drakestein", "1:15.2"),
        (3, "Willy Hansen", "1:14.4"),
    ]
    assert str(found[0][3]) == "de facto"
    # Dayen's 1:16.0 matches exactly one results row: rank 4, which now names him
    assert found[0][4].toPython() == 4
    assert values(seed_graph, "SELECT ?n WHERE { ?r oly:rank 4 ; oly:competitor/oly:name ?n }") == [
        "Octave Dayen"
    ]


def test_de_wael_placings(seed_graph: Graph) -> None:
    found = rows(
        seed_graph,
        """
        SELECT ?src ?name ?noc ?rank ?tied ?with WHERE {
          ?p a oly:AlternativePlacing ; oly:accordingTo/rdfs:label ?src ;
             oly:rank ?rank ;
             oly:tied ?tied ; oly:competitor ?c . ?c oly:name ?name ; oly:noc/oly:code ?noc .
          OPTIONAL { ?p oly:tiedWithName ?with } } ORDER BY ?rank""",
    )
    assert [
        (str(s), str(n), str(c), r.toPython(), t.toPython(), str(w) if w else None)
        for s, n, c, r, t, w in found
    ] == [
        ("De Wael", "Francisco Rodríguez", "ARG", 8, False, None),
        ("De Wael", "Angelo Cattaneo", "ITA", 9, True, "Aerts"),
    ]


def test_discrepancies_kept_side_by_side(seed_graph: Graph) -> None:
    found = rows(
        seed_graph,
        """
        SELECT ?rank ?value ?part WHERE {
          ?d a oly:Discrepancy ; oly:discrepancySubject ?r ; oly:conflictingClaim ?m .
          ?r oly:rank ?rank .
          ?m oly:value ?value ; oly:sourcePart ?part ; prov:wasDerivedFrom ?src }""",
    )
    by_rank: dict[int, set[tuple[str, str]]] = {}
    for rank, value, part in found:
        by_rank.setdefault(rank.toPython(), set()).add((str(value), str(part)))
    assert by_rank == {
        1: {("74.2", "table"), ("74.4", "infobox"), ("74.4", "prose")},
        2: {("75.1", "table"), ("75.2", "prose")},
    }
    # no other disagreement is claimed for the seed
    assert len(values(seed_graph, "SELECT ?d WHERE { ?d a oly:Discrepancy }")) == 2


def test_previous_and_next_editions(seed_graph: Graph) -> None:
    prev = values(seed_graph, "SELECT ?y WHERE { ?e oly:previousEdition/oly:year ?y }")
    nxt = values(seed_graph, "SELECT ?y WHERE { ?e oly:nextEdition/oly:year ?y }")
    assert (prev, nxt) == ([1896], [1932])


def test_every_fact_node_is_traceable(seed_graph: Graph) -> None:
    untraced = rows(
        seed_graph,
        """
        SELECT ?n WHERE {
          VALUES ?cls { oly:Result oly:Mark oly:MedalAward oly:Record oly:Claim oly:Round
                        oly:AlternativePlacing oly:Event }
          ?n a ?cls . FILTER NOT EXISTS { ?n prov:wasDerivedFrom ?s ; oly:sourceLocation ?l } }""",
    )
    assert untraced == []
