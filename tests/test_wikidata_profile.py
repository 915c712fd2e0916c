"""The Wikidata profile of the seed, the query fixture and a history-style dataset: statements,
qualifiers, references, value nodes and unknown values as the Wikibase RDF dump format writes
them, competing values kept side by side, and the IRIs stable."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from olygraph import api
from olygraph.vocab import DEFAULT_BASE, PR, PROV, RDF, WD, WIKIBASE
from olygraph.wikidata import profile_dataset, profile_graph

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

HERE = Path(__file__).parent
FIXTURE = HERE / "queries" / "olympics.trig"
EVENT = URIRef(DEFAULT_BASE + "event/1928-summer/cycling/mens-track-time-trial")
HANSEN = URIRef(DEFAULT_BASE + "athlete/den/willy-hansen")
BOSCH = URIRef(DEFAULT_BASE + "athlete/ned/gerard-bosch-van-drakestein")
WIKIPEDIA_URL = (
    "https://en.wikipedia.org/wiki/Cycling_at_the_1928_Summer_Olympics_%E2%80%93_Men%27s_track_"
    "time_trial"
)  # as SOURCES.tsv of the shared articles writes the addresses
PREFIXES = """
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX psv: <http://www.wikidata.org/prop/statement/value/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX pqv: <http://www.wikidata.org/prop/qualifier/value/>
PREFIX pr: <http://www.wikidata.org/prop/reference/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
MUST_SHOW = (
    PREFIXES + "SELECT ?event ?who ?rank ?time WHERE { ?event p:P710 ?st . "
    "?st ps:P710 ?who ; pq:P1352 ?rank ; pq:P2781 ?time }"
)
TIMES = [
    "74.2", "75.1", "75.3", "76.0", "77.1", "78.0", "78.0", "78.4",
    "78.6", "78.6", "79.0", "79.0", "79.2", "80.1", "82.0", "82.3",
]  # fmt: skip
RANKS = [1, 2, 3, 4, 5, 6, 6, 8, 9, 9, 11, 11, 13, 14, 15, 16]


def store(data: Graph) -> ox.Store:
    s = ox.Store()
    s.load(data.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    return s


def select(s: ox.Store, text: str) -> list[dict[str, str]]:
    solutions = s.query(PREFIXES + text)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


@pytest.fixture(scope="module")
def seed() -> Graph:
    return profile_graph(api.export().dataset)


@pytest.fixture(scope="module")
def seed_store(seed: Graph) -> ox.Store:
    return store(seed)


def _fixture() -> Dataset:
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    return ds


# --- the must-show query and the participant statements ------------------------------------------


def test_the_sixteen_participant_statements_with_rankings_and_race_times(
    seed_store: ox.Store,
) -> None:
    rows = seed_store.query(MUST_SHOW + " ORDER BY ?time ?rank")
    assert isinstance(rows, ox.QuerySolutions)
    found = [(r["event"].value, Decimal(r["rank"].value), r["time"].value) for r in rows]
    assert len(found) == 16
    assert {e for e, _, _ in found} == {str(EVENT)}
    assert [int(r) for _, r, _ in found] == RANKS
    assert [Decimal(t) for _, _, t in found] == [Decimal(t) for t in TIMES]


def test_participants_known_by_name_and_unknown_values(seed_store: ox.Store) -> None:
    rows = select(seed_store, "SELECT ?who ?row ?blank WHERE { ?e p:P710 ?st . ?st ps:P710 ?who ;"
                  " pq:P1545 ?row ; pq:P1352 [] BIND(isBlank(?who) AS ?blank) }")  # fmt: skip
    by_row = {int(r["row"]): r["who"] for r in rows}
    blank = {int(r["row"]) for r in rows if r["blank"] == "true"}
    assert sorted(by_row) == list(range(1, 17))
    assert by_row[1] == str(HANSEN) and by_row[2] == str(BOSCH)
    assert by_row[3].endswith("athlete/aus/dunc-gray")
    assert by_row[4].endswith("athlete/unknown/octave-dayen")
    # rows 8, 9 and =9: the Notes' placings (Rodríguez, Cattaneo, Aerts)
    assert by_row[8].endswith("athlete/arg/francisco-rodriguez")
    assert by_row[9].endswith("athlete/ita/angelo-cattaneo")
    assert by_row[10].endswith("athlete/unknown/aerts")
    # the table left these blank: unknown values, a blank node each, as the dump writes them
    assert blank == {5, 6, 7, *range(11, 17)}
    assert len({by_row[n] for n in blank}) == 9, "each unknown participant is its own value"
    described = select(seed_store, "SELECT ?s WHERE { ?s ?p ?o FILTER isBlank(?s) }")
    assert described == [], "Wikibase describes no unknown value"
    truthy = select(seed_store, "SELECT ?who WHERE { ?e wdt:P710 ?who FILTER isBlank(?who) }")
    assert len({r["who"] for r in truthy}) == 9, "the truthy triple names the same blank node"


def test_row_statements_carry_round_noc_and_medal(seed_store: ox.Store) -> None:
    rows = select(
        seed_store,
        "SELECT ?row ?stage ?code ?medal WHERE { ?e p:P710 ?st . ?st pq:P1545 ?row ; "
        "pq:P2443 ?stage . OPTIONAL { ?st pq:P1532/wdt:P984 ?code } "
        "OPTIONAL { ?st pq:P166 ?medal } }",
    )
    by_row = {int(r["row"]): r for r in rows}
    assert {r["stage"] for r in rows} == {f"{EVENT}/round/final"}
    assert [by_row[n].get("code") for n in (1, 2, 3, 4, 5)] == ["DEN", "NED", "AUS", None, None]
    assert [by_row[n].get("medal") for n in (1, 2, 3, 4)] == [
        str(WD.Q15243387), str(WD.Q15889641), str(WD.Q15889643), None,
    ]  # fmt: skip


def test_quantities_have_value_nodes_with_units(seed_store: ox.Store) -> None:
    rows = select(
        seed_store,
        'SELECT ?time ?amount ?unit ?rankUnit WHERE { ?e p:P710 ?st . ?st pq:P1545 "1" ; '
        "pq:P2781 ?time ; pqv:P2781 [ a wikibase:QuantityValue ; wikibase:quantityAmount ?amount ;"
        " wikibase:quantityUnit ?unit ] ; pqv:P1352/wikibase:quantityUnit ?rankUnit }",
    )
    assert rows == [
        {"time": "74.2", "amount": "74.2", "unit": str(WD.Q11574), "rankUnit": str(WD.Q199)}
    ]


# --- competing values -----------------------------------------------------------------------------


def _statements(seed_store: ox.Store, who: URIRef) -> list[dict[str, str]]:
    return select(
        seed_store,
        f"SELECT ?st ?time ?rank ?rankLevel ?best ?loc WHERE {{ <{EVENT}> p:P710 ?st . "
        f"?st ps:P710 <{who}> ; pq:P2781 ?time ; wikibase:rank ?rankLevel . "
        "OPTIONAL { ?st pq:P1352 ?rank } "
        "BIND(EXISTS { ?st a wikibase:BestRank } AS ?best) "
        "?st prov:wasDerivedFrom ?ref . ?ref pr:P958 ?loc }",
    )


def _by_time(rows: list[dict[str, str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(str(Decimal(r["time"])), set()).add(r["loc"])
    return out


def test_competing_winning_times_are_two_statements_with_their_own_references(
    seed_store: ox.Store,
) -> None:
    rows = _statements(seed_store, HANSEN)
    assert len({r["st"] for r in rows}) == 2
    assert {r["rankLevel"] for r in rows} == {str(WIKIBASE.NormalRank)}
    assert {r["best"] for r in rows} == {"true"}, "neither is preferred: both are best rank"
    places = _by_time(rows)
    assert set(places) == {"74.2", "74.4"}
    assert "table 2 row 1, Results, column Time" in places["74.2"]
    assert places["74.4"] == {"infobox, key Win Value", "prose", "prose, Records"}
    assert {r.get("rank") for r in rows if str(Decimal(r["time"])) == "74.4"} == {None}
    truthy = select(seed_store, f"SELECT ?who WHERE {{ <{EVENT}> wdt:P710 ?who }}")
    assert {"who": str(HANSEN)} in truthy


def test_competing_silver_times(seed_store: ox.Store) -> None:
    places = _by_time(_statements(seed_store, BOSCH))
    assert set(places) == {"75.1", "75.2"}
    assert places["75.2"] == {"prose, Records"}


def test_agreeing_sources_are_one_statement_with_every_place(seed_store: ox.Store) -> None:
    rows = select(
        seed_store,
        f"SELECT ?n ?loc ?project ?url WHERE {{ <{EVENT}> p:P1132 ?st . ?st ps:P1132 ?n ; "
        "prov:wasDerivedFrom ?ref . ?ref pr:P958 ?loc ; pr:P143 ?project ; pr:P4656 ?url }",
    )
    assert {Decimal(r["n"]) for r in rows} == {16}
    assert {r["loc"] for r in rows} == {"infobox, key Competitors", "prose", "notes, Notes"}
    assert {r["project"] for r in rows} == {str(WD.Q328)}, "imported from English Wikipedia"
    assert {r["url"] for r in rows} == {WIKIPEDIA_URL}


def test_fixture_conflicts_become_separate_statements() -> None:
    s = store(profile_graph(_fixture()))
    counts = select(
        s,
        f"SELECT ?n ?loc WHERE {{ <{EVENT}> p:P1132 ?st . ?st ps:P1132 ?n ; "
        "prov:wasDerivedFrom/pr:P958 ?loc }",
    )
    assert {(Decimal(r["n"]), r["loc"]) for r in counts} == {
        (5, "infobox, key Competitors"),
        (6, "prose"),
    }
    hosts = select(
        s,
        "SELECT ?city ?loc WHERE { ?games p:P276 ?st . ?st ps:P276 ?city ; "
        "prov:wasDerivedFrom/pr:P958 ?loc }",
    )
    assert {(r["city"].rsplit("/", 1)[-1], r["loc"]) for r in hosts} == {
        ("st-moritz", "infobox, key Venue"),
        ("davos", "prose"),
    }


# --- every statement has a reference; event facts; medals -----------------------------------------


@pytest.mark.parametrize("data", ["seed", "fixture"])
def test_every_statement_has_a_rank_and_a_reference_naming_its_source(
    seed: Graph, data: str
) -> None:
    g = seed if data == "seed" else profile_graph(_fixture())
    statements = set(g.subjects(RDF.type, WIKIBASE.Statement))
    assert len(statements) > 50
    for st in statements:
        assert set(g.objects(st, WIKIBASE.rank)) == {WIKIBASE.NormalRank}, st
        refs = set(g.objects(st, PROV.wasDerivedFrom))
        assert refs, f"{st} has no reference"
        for ref in refs:
            assert (ref, RDF.type, WIKIBASE.Reference) in g
            stated = list(g.objects(ref, PR.P248))
            imported = list(g.objects(ref, PR.P143))
            assert stated or imported == [WD.Q328], f"{ref} names no source"
            if imported:
                urls = [str(u) for u in g.objects(ref, PR.P4656)]
                assert urls and all(u.startswith("https://en.wikipedia.org/wiki/") for u in urls)


def test_event_statements(seed_store: ox.Store) -> None:
    rows = select(
        seed_store,
        f"SELECT ?p ?v WHERE {{ <{EVENT}> ?p ?v FILTER STRSTARTS(STR(?p), STR(wdt:)) }}",
    )
    truthy: dict[str, set[str]] = {}
    for r in rows:
        truthy.setdefault(r["p"].rsplit("/", 1)[-1], set()).add(r["v"])
    assert truthy["P31"] == {str(WD.Q18536594)}
    assert truthy["P361"] == {DEFAULT_BASE + "games/1928-summer/sport/cycling"}
    assert truthy["P641"] == {DEFAULT_BASE + "sport/cycling"}
    assert truthy["P276"] == {DEFAULT_BASE + "venue/amsterdam/olympic-stadium"}
    assert truthy["P585"] == {"1928-08-05T00:00:00Z"}
    assert truthy["P1346"] == {str(HANSEN)}
    assert len(truthy["P710"]) == 16
    date = select(
        seed_store,
        f"SELECT ?t ?precision ?zone ?calendar WHERE {{ <{EVENT}> p:P585/psv:P585 ?v . "
        "?v a wikibase:TimeValue ; wikibase:timeValue ?t ; wikibase:timePrecision ?precision ; "
        "wikibase:timeTimezone ?zone ; wikibase:timeCalendarModel ?calendar }",
    )
    assert date == [
        {"t": "1928-08-05T00:00:00Z", "precision": "11", "zone": "0",
         "calendar": str(WD.Q1985727)}
    ]  # fmt: skip


def test_medals_on_the_athletes_qualified_by_the_event(seed_store: ox.Store) -> None:
    rows = select(
        seed_store,
        "SELECT ?who ?medal ?event ?code ?loc WHERE { ?who p:P166 ?st . ?st ps:P166 ?medal ; "
        "pq:P1344 ?event ; pq:P1532/wdt:P984 ?code ; prov:wasDerivedFrom/pr:P958 ?loc }",
    )
    found = {(r["who"].rsplit("/", 1)[-1], r["medal"], r["code"], r["loc"]) for r in rows}
    assert found == {
        ("willy-hansen", str(WD.Q15243387), "DEN", "infobox, key Gold"),
        ("gerard-bosch-van-drakestein", str(WD.Q15889641), "NED", "infobox, key Silver"),
        ("dunc-gray", str(WD.Q15889643), "AUS", "infobox, key Bronze"),
    }  # fmt: skip
    assert {r["event"] for r in rows} == {str(EVENT)}
    humans = {
        r["who"].rsplit("/", 1)[-1]
        for r in select(seed_store, "SELECT ?who WHERE { ?who wdt:P31 wd:Q5 }")
    }
    assert humans == {
        "willy-hansen", "gerard-bosch-van-drakestein", "dunc-gray", "octave-dayen",
        "francisco-rodriguez", "angelo-cattaneo", "aerts",  # named in the notes
    }  # fmt: skip


def test_items_are_labelled_in_english(seed: Graph) -> None:
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    assert Literal("Willy Hansen", lang="en") in set(seed.objects(HANSEN, label))
    assert Literal("1928 Summer Olympics", lang="en") in set(seed.objects(WD.Q8138, label))
    items = set(seed.subjects(RDF.type, WIKIBASE.Item))
    unlabelled = [item for item in items if not list(seed.objects(item, label))]
    assert unlabelled == []


# --- IRIs and the output dataset ------------------------------------------------------------------


def test_profile_dataset_is_one_named_graph(seed: Graph) -> None:
    ds = profile_dataset(api.export().dataset)
    graphs = [g for g in ds.graphs() if len(g)]
    assert [g.identifier for g in graphs] == [URIRef(DEFAULT_BASE + "profile/wikidata")]
    assert set(graphs[0]) == set(seed)


def test_same_input_same_iris_whatever_the_order(tmp_path: Path) -> None:
    articles = Path(__file__).resolve().parents[2] / "shared" / "articles"
    files = sorted(articles.glob("*.txt"))[:4] if articles.is_dir() else []
    if len(files) < 2:
        pytest.skip("the shared articles are not here")
    one = profile_graph(api.export(files).dataset)
    two = profile_graph(api.export(list(reversed(files))).dataset)
    assert set(one) == set(two)


def test_another_base_moves_every_minted_node(seed: Graph) -> None:
    base = "https://example.org/olympics/"
    other = profile_graph(api.export(base=base).dataset, base)
    minted = {str(s) for s in other.subjects() if "/wikidata/statement/" in str(s)}
    assert minted and all(s.startswith(base) for s in minted)
    between = URIRef(base + "games/1928-summer/sport/cycling")
    assert (URIRef(base + "event/1928-summer/cycling/mens-track-time-trial"),
            URIRef("http://www.wikidata.org/prop/direct/P361"), between) in other  # fmt: skip
    assert (between, URIRef("http://www.wikidata.org/prop/direct/P361"), WD.Q8138) in other
    assert len(other) == len(seed)


# --- a dataset in the history model (docs/history-model.md) --------------------------------------

HISTORY = """
@prefix oly: <https://w3id.org/olygraph/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix b: <https://w3id.org/olygraph/id/> .

b:source\\/dataset\\/athlete-events {
  b:source\\/dataset\\/athlete-events a oly:DatasetSource ; oly:fileName "athlete_events.csv" .
  b:games\\/1928-summer a oly:Games ; oly:year 1928 ; oly:season "Summer" ;
      prov:wasDerivedFrom b:source\\/dataset\\/athlete-events .
  b:event\\/1928-summer\\/cycling\\/mens-1000-metres-time-trial a oly:Event ;
      oly:name "Cycling Men's 1,000 metres Time Trial" ; oly:games b:games\\/1928-summer ;
      prov:wasDerivedFrom b:source\\/dataset\\/athlete-events .
  b:athlete\\/athlete-events\\/46425 a oly:Athlete ; oly:name "Willy Falck Hansen" ;
      prov:wasDerivedFrom b:source\\/dataset\\/athlete-events .
  b:noc\\/DEN a oly:NOC ; oly:code "DEN" .
  b:event\\/1928-summer\\/cycling\\/mens-1000-metres-time-trial\\/participant\\/46425
      a oly:Participation ;
      oly:event b:event\\/1928-summer\\/cycling\\/mens-1000-metres-time-trial ;
      oly:athlete b:athlete\\/athlete-events\\/46425 ; oly:noc b:noc\\/DEN ;
      oly:sourceLine 2 ; prov:wasDerivedFrom b:source\\/dataset\\/athlete-events .
}
"""


def test_a_history_dataset_participation_is_a_participant_statement() -> None:
    ds = Dataset()
    ds.parse(data=HISTORY, format="trig")
    s = store(profile_graph(ds))
    rows = select(
        s,
        "SELECT ?event ?who ?code ?loc ?source WHERE { ?event p:P710 ?st . ?st ps:P710 ?who ; "
        "pq:P1532/wdt:P984 ?code ; prov:wasDerivedFrom ?ref . ?ref pr:P958 ?loc ; "
        "pr:P248 ?source }",
    )
    assert rows == [
        {
            "event": DEFAULT_BASE + "event/1928-summer/cycling/mens-1000-metres-time-trial",
            "who": DEFAULT_BASE + "athlete/athlete-events/46425",
            "code": "DEN",
            "loc": "line 2",
            "source": DEFAULT_BASE + "source/dataset/athlete-events",
        }
    ]
    games = select(s, "SELECT ?g WHERE { ?e wdt:P361 ?g }")
    assert games == [{"g": str(WD.Q8138)}], "no sport: the event is part of the Games"
    athlete_side = select(
        s,
        "SELECT ?who ?event ?code WHERE { ?who p:P1344 ?st . ?st ps:P1344 ?event ; "
        "pq:P1532/wdt:P984 ?code }",
    )
    assert athlete_side == [{"who": rows[0]["who"], "event": rows[0]["event"], "code": "DEN"}], (
        "the participation is also on the athlete"
    )


def test_literals_where_nodes_belong_and_blank_nodes_are_skipped() -> None:
    g = Graph()
    g.parse(
        data="""
        @prefix oly: <https://w3id.org/olygraph/ontology#> .
        @prefix b: <https://w3id.org/olygraph/id/> .
        [] a oly:Event ; oly:venue b:venue\\/x\\/y .
        b:event\\/e a oly:Event ; oly:games "1928 Summer" ; oly:venue b:venue\\/x\\/y .
        b:award a oly:MedalAward ; oly:event b:event\\/e ; oly:medal "gold" ;
            oly:awardedTo b:athlete\\/x .
        """,
        format="turtle",
    )
    s = store(profile_graph(g))
    rows = select(s, "SELECT ?e ?p WHERE { ?e ?p ?v FILTER STRSTARTS(STR(?p), STR(wdt:)) }")
    assert {(r["e"].rsplit("/", 1)[-1], r["p"].rsplit("/", 1)[-1]) for r in rows} == {
        ("e", "P31"),
        ("e", "P276"),
    }
