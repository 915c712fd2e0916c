"""The profile as Wikidata's own queries read it: results on the athlete (``p:P1344`` with
qualifiers), medals qualified by the event, sitelinks as the dump writes them, references to
English Wikipedia with the article's address, unknown values as blank nodes, the part-of chain
event → "<sport> at the <Games>" → Games."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from olygraph import api
from olygraph.ids import wikipedia_article
from olygraph.read.article import read_article_file
from olygraph.vocab import DEFAULT_BASE, OLY, PROV, RDF, WD
from olygraph.wikidata import profile_graph
from olygraph.write.rdf import union_graph
from test_wikidata_profile import store

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
HERE = Path(__file__).parent
ARTICLES = HERE.parents[1] / "shared" / "articles"
SITELINKS = HERE.parents[1] / "shared" / "wikibase-rdf" / "RdfBuilder" / "Q3_sitelinks.nt"
TITLE = "Cycling at the 1928 Summer Olympics – Men's track time trial"
PREFIXES = """
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX pqv: <http://www.wikidata.org/prop/qualifier/value/>
PREFIX pr: <http://www.wikidata.org/prop/reference/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <http://schema.org/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
#: the issue's query, as a Wikidata user writes it
MUST_SHOW = f"""{PREFIXES}
SELECT ?athlete ?rank ?st WHERE {{
  ?article schema:about ?event ; schema:isPartOf <https://en.wikipedia.org/> ;
           schema:name "{TITLE}"@en .
  ?athlete p:P1344 ?st . ?st ps:P1344 ?event ; pq:P1352 ?rank .
}}"""


def select(s: ox.Store, text: str) -> list[dict[str, str]]:
    solutions = s.query(text if text.lstrip().startswith("PREFIX") else PREFIXES + text)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


@pytest.fixture(scope="module")
def seed() -> Graph:
    return profile_graph(api.export().dataset)


@pytest.fixture(scope="module")
def seed_store(seed: Graph) -> ox.Store:
    return store(seed)


def test_the_issue_query_gives_the_seven_named_athletes_with_their_ranks(
    seed_store: ox.Store,
) -> None:
    rows = select(seed_store, MUST_SHOW)
    ranks = sorted((int(Decimal(r["rank"])), r["athlete"].rsplit("/", 1)[-1]) for r in rows)
    assert ranks == [
        (1, "willy-hansen"), (2, "gerard-bosch-van-drakestein"), (3, "dunc-gray"),
        (4, "octave-dayen"), (8, "francisco-rodriguez"), (9, "aerts"), (9, "angelo-cattaneo"),
    ]  # fmt: skip
    url = select(seed_store, f'SELECT ?a WHERE {{ ?a schema:name "{TITLE}"@en }}')[0]["a"]
    for r in rows:  # each statement has a reference: imported from English Wikipedia, its URL
        refs = select(
            seed_store,
            f"SELECT ?project ?url ?place WHERE {{ <{r['st']}> prov:wasDerivedFrom ?ref . "
            "?ref pr:P143 ?project ; pr:P4656 ?url ; pr:P958 ?place }",
        )
        assert {(x["project"], x["url"]) for x in refs} == {(str(WD.Q328), url)}, r
        assert all(".txt" not in x["place"] for x in refs), "a section, not a file"


def test_the_sixteen_event_side_participant_statements_remain(seed_store: ox.Store) -> None:
    rows = select(
        seed_store,
        f'SELECT ?st WHERE {{ ?a schema:name "{TITLE}"@en ; schema:about ?event . '
        "?event p:P710 ?st . ?st pq:P1352 ?rank }",
    )
    assert len(rows) == 16


def test_athlete_statements_carry_the_results_qualifiers(seed_store: ox.Store) -> None:
    rows = select(
        seed_store,
        "SELECT ?time ?unit ?code ?medal ?stage WHERE { ?who rdfs:label 'Willy Hansen'@en ; "
        "p:P1344 ?st . ?st pq:P1352 ?rank ; pq:P2781 ?time ; pqv:P2781/wikibase:quantityUnit "
        "?unit ; pq:P1532/wdt:P984 ?code ; pq:P166 ?medal ; pq:P2443 ?stage }",
    )
    assert len(rows) == 1
    (row,) = rows
    assert (Decimal(row["time"]), row["unit"], row["code"], row["medal"]) == (
        Decimal("74.2"), str(WD.Q11574), "DEN", str(WD.Q15243387),
    )  # fmt: skip
    assert row["stage"].endswith("/round/final")
    # the infobox's and prose's 1:14.4 compete on the athlete too, without a ranking
    competing = select(
        seed_store,
        "SELECT ?time WHERE { ?who rdfs:label 'Willy Hansen'@en ; p:P1344 ?st . "
        "?st pq:P2781 ?time FILTER NOT EXISTS { ?st pq:P1352 ?r } }",
    )
    assert [Decimal(r["time"]) for r in competing] == [Decimal("74.4")]
    medals = select(
        seed_store,
        "SELECT ?who ?event WHERE { ?who p:P166 ?st . ?st ps:P166 wd:Q15243387 ; "
        "pq:P1344 ?event . ?event wdt:P31 wd:Q18536594 }",
    )
    assert [r["who"].rsplit("/", 1)[-1] for r in medals] == ["willy-hansen"]


def test_the_event_is_part_of_the_sport_at_the_games(seed_store: ox.Store) -> None:
    rows = select(
        seed_store,
        "SELECT ?between ?label ?sport ?games WHERE { ?e wdt:P31 wd:Q18536594 ; "
        "wdt:P361 ?between . ?between wdt:P361 ?games ; wdt:P641 ?sport ; rdfs:label ?label }",
    )
    assert rows == [
        {
            "between": DEFAULT_BASE + "games/1928-summer/sport/cycling",
            "label": "Cycling at the 1928 Summer Olympics",
            "sport": DEFAULT_BASE + "sport/cycling",
            "games": str(WD.Q8138),
        }
    ]
    medalists = select(
        seed_store,
        "SELECT DISTINCT ?who WHERE { ?who p:P166 ?st . ?st pq:P1344 ?e . ?e wdt:P361+ wd:Q8138 }",
    )
    assert len(medalists) == 3


def test_sitelinks_are_written_as_the_wikibase_dump_writes_them(seed: Graph) -> None:
    """The same predicates and shape as Wikibase's own sitelink fixture (Q3_sitelinks.nt)."""
    if not SITELINKS.is_file():
        pytest.skip("the Wikibase fixtures are not here")
    fixture = Graph().parse(SITELINKS, format="nt")
    enwiki = URIRef("http://enwiki.acme.test/San_Francisco")
    expected = {p for p, _ in fixture.predicate_objects(enwiki)}
    article = URIRef(
        "https://en.wikipedia.org/wiki/Cycling_at_the_1928_Summer_Olympics_%E2%80%93_Men%27s_track_"
        "time_trial"
    )
    ours = dict(seed.predicate_objects(article))
    assert set(ours) == expected
    schema = "http://schema.org/"
    assert ours[URIRef(schema + "about")] == URIRef(
        DEFAULT_BASE + "event/1928-summer/cycling/mens-track-time-trial"
    )
    assert ours[URIRef(schema + "name")] == Literal(TITLE, lang="en")
    assert ours[URIRef(schema + "inLanguage")] == Literal("en")
    assert ours[URIRef(schema + "isPartOf")] == URIRef("https://en.wikipedia.org/")
    assert ours[RDF.type] == URIRef(schema + "Article")
    group = URIRef("http://wikiba.se/ontology#wikiGroup")
    assert seed.value(URIRef("https://en.wikipedia.org/"), group) == Literal("wikipedia")


def test_article_addresses_are_made_as_mediawiki_makes_them() -> None:
    """Every shared article's address, from its title, is the address its SOURCES.tsv gives
    (copied from English Wikipedia); the fixture's Russian title as Wikibase encodes it."""
    assert wikipedia_article("Сан Франциско", "http://ruwiki.acme.test/").endswith(
        "/%D0%A1%D0%B0%D0%BD_%D0%A4%D1%80%D0%B0%D0%BD%D1%86%D0%B8%D1%81%D0%BA%D0%BE"
    )
    assert str(wikipedia_article("AC/DC (band): a, b; c!")) == (
        "https://en.wikipedia.org/wiki/AC/DC_(band):_a,_b;_c!"
    )  # wfUrlencode leaves ; @ $ ! * ( ) , / ~ : alone
    sources = ARTICLES / "SOURCES.tsv"
    if not sources.is_file():
        pytest.skip("the shared articles are not here")
    with sources.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert len(rows) >= 10
    for row in rows:
        title = read_article_file(ARTICLES / f"{row['slug']}.txt").title
        assert str(wikipedia_article(title)) == row["url"], row["slug"]


@pytest.mark.skipif(not ARTICLES.is_dir(), reason="the shared articles are not here")
def test_every_event_article_has_its_sitelink_and_athlete_statements() -> None:
    own = api.export([ARTICLES]).dataset
    s = store(profile_graph(own))
    links = select(
        s,
        "SELECT ?e ?name WHERE { ?a schema:about ?e ; schema:name ?name ; "
        "schema:isPartOf <https://en.wikipedia.org/> }",
    )
    events = select(s, "SELECT ?e WHERE { ?e wdt:P31 wd:Q18536594 }")
    # the events whose page is an event article (a sport page's medal-summary rows are events
    # too, but their page is about the sport at the Games: no sitelink of theirs)
    of_event_pages = {
        str(row[0])
        for row in union_graph(own).query(
            "SELECT DISTINCT ?e WHERE { ?e a oly:Event ; prov:wasDerivedFrom ?src . "
            '?src a oly:ArticleSource ; oly:articleKind "event" }',
            initNs={"oly": OLY, "prov": PROV},
        )
    }
    assert {r["e"] for r in links} == of_event_pages
    assert of_event_pages < {r["e"] for r in events}
    assert len(links) >= 10
    event_side = select(
        s,
        "SELECT ?e ?who ?rank WHERE { ?e p:P710 ?st . ?st ps:P710 ?who ; pq:P1352 ?rank "
        "FILTER(!isBlank(?who)) }",
    )
    athlete_side = select(
        s, "SELECT ?e ?who ?rank WHERE { ?who p:P1344 ?st . ?st ps:P1344 ?e ; pq:P1352 ?rank }"
    )
    assert len(event_side) >= 15  # the named rows of the shared articles (7 + 6 + 3)
    key = [
        sorted((r["e"], r["who"], Decimal(r["rank"])) for r in x)
        for x in (event_side, athlete_side)
    ]
    assert key[0] == key[1], "every named result is also on its athlete"


def test_load_skolemises_the_unknown_values_under_the_users_base() -> None:
    """``olygraph load --profile wikidata``: the unknown values (blank nodes in the export) are
    sent as skolem IRIs under the base given, the same IRI in the truthy and statement triple."""
    from olygraph.ids import Minter
    from olygraph.load.source import Counter, sources, triples

    base = "https://example.org/olympics/"
    (source,) = sources([], base, profile="wikidata")
    lines = [line.decode() for _, line in triples(source, Minter(base), Counter())]
    assert not any(" _:" in line or line.startswith("_:") for line in lines)
    genid = f"<{base}.well-known/genid/"
    truthy = {line.split()[2] for line in lines
              if "/prop/direct/P710>" in line and line.split()[2].startswith(genid)}  # fmt: skip
    stated = {line.split()[2] for line in lines
              if "/prop/statement/P710>" in line and line.split()[2].startswith(genid)}  # fmt: skip
    assert len(truthy) == 9 and truthy == stated
