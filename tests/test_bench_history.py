"""Smoke test of the benchmark's reference writers of the history model (benchmarks/).

The fixture (tests/data/bench/) holds real rows of athlete_events.csv, bytes unchanged: the 1928
Summer 1,000 m time trial and team pursuit, and six rows of one sailor at 1900 Summer whose
(ID, Games, Event) keys repeat; and six rows of noc_regions.csv (bare CR line endings). The floor
writer must give the facts docs/history-model.md states, and the rdflib writer the same graph.
"""

from __future__ import annotations

import csv
import gzip
import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF, RDFS, XSD

from olygraph.ids import slug

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "data" / "bench"
ATHLETES, NOCS = FIXTURE / "athlete_events.csv", FIXTURE / "noc_regions.csv"
SHARED_CSV = ROOT.parent / "shared" / "data" / "athlete_events.csv.gz"
OLY = Namespace("https://w3id.org/olygraph/ontology#")
B = Namespace("https://w3id.org/olygraph/id/")
TRIAL = B["event/1928-summer/cycling/mens-1000-metres-time-trial"]
PURSUIT = B["event/1928-summer/cycling/mens-team-pursuit-4000-metres"]
SOURCE = B["source/dataset/athlete-events"]


def bench(name: str) -> ModuleType:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


@pytest.fixture(scope="module")
def floor(tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, list[str]]:
    out = tmp_path_factory.mktemp("floor") / "floor.nt"
    assert bench("history_floor").main([str(ATHLETES), str(NOCS), "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    return Graph().parse(out, format="nt"), lines


def test_floor_writes_each_triple_once(floor: tuple[Graph, list[str]]) -> None:
    graph, lines = floor
    assert len(lines) == len(set(lines)) == len(graph)


def test_event_games_and_sources(floor: tuple[Graph, list[str]]) -> None:
    g, _ = floor
    games = B["games/1928-summer"]
    assert set(g.predicate_objects(TRIAL)) == {
        (RDF.type, OLY.Event),
        (OLY.name, Literal("Cycling Men's 1,000 metres Time Trial")),
        (OLY.games, games),
        (OLY.sport, B["sport/cycling"]),
        (OLY.gender, Literal("men")),
        (PROV.wasDerivedFrom, SOURCE),
    }
    assert set(g.predicate_objects(games)) == {
        (RDF.type, OLY.Games),
        (OLY.year, Literal("1928", datatype=XSD.integer)),
        (OLY.season, Literal("Summer")),
        (OLY.hostCity, B["city/amsterdam"]),
        (PROV.wasDerivedFrom, SOURCE),
    }
    assert (B["city/amsterdam"], RDFS.label, Literal("Amsterdam")) in g
    assert (SOURCE, OLY.fileName, Literal("athlete_events.csv")) in g
    assert (B["event/1900-summer/sailing/mixed-0-5-1-ton"], OLY.gender, Literal("mixed")) in g


def test_willy_falck_hansen_participation_and_gold(floor: tuple[Graph, list[str]]) -> None:
    g, _ = floor
    athlete = B["athlete/athlete-events/45818"]
    assert set(g.predicate_objects(athlete)) == {
        (RDF.type, OLY.Athlete),
        (OLY.name, Literal("Willy Falck Hansen")),
        (RDFS.label, Literal("Willy Falck Hansen")),
        (OLY.sex, Literal("M")),
        (OLY.datasetId, Literal("45818")),
        (PROV.wasDerivedFrom, SOURCE),
    }
    assert set(g.predicate_objects(URIRef(f"{TRIAL}/participant/45818"))) == {
        (RDF.type, OLY.Participation),
        (OLY.event, TRIAL),
        (OLY.athlete, athlete),
        (OLY.noc, B["noc/DEN"]),
        (OLY.teamName, Literal("Denmark")),
        (OLY.age, Literal("22", datatype=XSD.integer)),
        (OLY.sourceLine, Literal("30", datatype=XSD.integer)),
        (PROV.wasDerivedFrom, SOURCE),
    }
    assert set(g.predicate_objects(URIRef(f"{TRIAL}/medal/gold-45818"))) == {
        (RDF.type, OLY.MedalAward),
        (OLY.medal, OLY.GoldMedal),
        (OLY.event, TRIAL),
        (OLY.awardedTo, athlete),
        (OLY.noc, B["noc/DEN"]),
        (OLY.sourceLine, Literal("30", datatype=XSD.integer)),
        (PROV.wasDerivedFrom, SOURCE),
    }
    # an individual event: no teams, one award per medal
    entries = [p for p in g.subjects(OLY.event, TRIAL) if (p, RDF.type, OLY.Participation) in g]
    assert len(entries) == 16 and not any((p, OLY.team, None) in g for p in entries)
    awards = set(g.subjects(OLY.event, TRIAL)) & set(g.subjects(RDF.type, OLY.MedalAward))
    assert len(awards) == 3


def test_team_pursuit_is_a_team_event_with_one_medal_per_team(
    floor: tuple[Graph, list[str]],
) -> None:
    g, _ = floor
    italy = B["team/1928-summer/cycling/mens-team-pursuit-4000-metres/italy-ita"]
    members = {B[f"athlete/athlete-events/{i}"] for i in (33682, 37938, 72460, 118710)}
    assert set(g.objects(italy, OLY.member)) == members
    assert (italy, OLY.name, Literal("Italy")) in g and (italy, OLY.noc, B["noc/ITA"]) in g
    gold = URIRef(f"{PURSUIT}/medal/gold-italy-ita")
    assert (gold, OLY.awardedTo, italy) in g
    assert (gold, OLY.sourceLine, Literal("22", datatype=XSD.integer)) in g
    awards = {a for a in g.subjects(OLY.event, PURSUIT) if (a, RDF.type, OLY.MedalAward) in g}
    assert {str(a).rsplit("/", 1)[1] for a in awards} == {
        "gold-italy-ita",
        "silver-netherlands-ned",
        "bronze-great-britain-gbr",
    }
    assert (URIRef(f"{PURSUIT}/participant/33682"), OLY.team, italy) in g
    braspennincx = B["athlete/athlete-events/14711"]
    assert (braspennincx, OLY.name, Literal('Adrianus Jacobus "Janus" Braspennincx')) in g
    # Jzef Lange: 165 cm, 70 kg as canonical decimals
    lange = URIRef(f"{PURSUIT}/participant/66428")
    assert (lange, OLY.height, Literal("165.0", datatype=XSD.decimal)) in g
    assert (lange, OLY.weight, Literal("70.0", datatype=XSD.decimal)) in g


def test_repeated_keys_add_their_values_once(floor: tuple[Graph, list[str]]) -> None:
    g, _ = floor
    sail = "https://w3id.org/olygraph/id/event/1900-summer/sailing/"
    open_ = URIRef(f"{sail}mixed-open/participant/8683")
    teams = {Literal("Crabe II-12"), Literal("Nina Claire-30")}
    assert set(g.objects(open_, OLY.teamName)) == teams
    assert set(g.objects(open_, OLY.sourceLine)) == {Literal("67", datatype=XSD.integer)}
    ton = f"{sail}mixed-0-5-1-ton"
    assert {str(a) for a in g.subjects(OLY.event, URIRef(ton))} >= {
        f"{ton}/medal/silver-8683",
        f"{ton}/medal/bronze-8683",
    }
    bronze = URIRef(f"{sail}mixed-1-2-ton/medal/bronze-8683")
    assert set(g.objects(bronze, OLY.sourceLine)) == {Literal("71", datatype=XSD.integer)}
    participations = set(g.subjects(RDF.type, OLY.Participation))
    with ATHLETES.open(encoding="utf-8", newline="") as f:
        keys = {(r["ID"], r["Games"], r["Event"]) for r in csv.DictReader(f)}
    assert len(participations) == len(keys) == 68


def test_noc_table(floor: tuple[Graph, list[str]]) -> None:
    g, _ = floor
    assert (B["noc/HKG"], OLY.notes, Literal("Hong Kong")) in g
    assert (B["noc/HKG"], OLY.region, Literal("China")) in g
    assert (B["noc/DEN"], OLY.sourceLine, Literal("2", datatype=XSD.integer)) in g
    assert list(g.objects(B["noc/ROT"], OLY.region)) == []  # "NA" gives no triple
    assert (B["source/dataset/noc-regions"], RDF.type, OLY.DatasetSource) in g


def test_rdflib_writer_gives_the_same_graph(floor: tuple[Graph, list[str]]) -> None:
    graph, _ = floor
    other = bench("history_rdflib").build([ATHLETES, NOCS], "https://w3id.org/olygraph/id/")
    assert isomorphic(graph, other)


def test_olygraph_exports_the_floors_triples(
    floor: tuple[Graph, list[str]], tmp_path: Path
) -> None:
    """The benchmark compares writers of one model: olygraph's exporter (the contract,
    docs/history-model.md) and the floor must write the same set of triples."""
    from olygraph.cli import main

    out = tmp_path / "olygraph.nt"
    result = CliRunner().invoke(
        main, ["export", str(ATHLETES), str(NOCS), "-f", "nt", "-o", str(out), "--no-validate"]
    )
    assert result.exit_code == 0, result.output
    mine = set(out.read_text(encoding="utf-8").splitlines())
    theirs = set(floor[1])
    assert sorted(mine - theirs) == [] and sorted(theirs - mine) == []


def test_floor_slugs_are_olygraph_slugs() -> None:
    """The floor keeps its own copy of ``slug`` (no rdflib import): same result on every
    name of the full file when it is there, else on the fixture."""
    floor = bench("history_floor")
    path = SHARED_CSV if SHARED_CSV.is_file() else ATHLETES
    opener = gzip.open if path.suffix == ".gz" else open
    names: set[str] = set()
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            names.update((row["City"], row["Sport"], row["Event"], f"{row['Team']} {row['NOC']}"))
    names.update(("Rodríguez Ærø", "Men's  ’quoted’ – 1,000", "--", ""))
    assert {n: floor.slug(n) for n in names} == {n: slug(n) for n in names}


def test_team_events_of_the_full_file() -> None:
    """The rule on the real file: at least half of the medal editions with a shared medal."""
    if not SHARED_CSV.is_file():
        pytest.skip("../shared/data/athlete_events.csv.gz is not beside this checkout")
    found = bench("history_floor").scan(SHARED_CSV)
    team = found.team_events
    assert "Cycling Men's Team Pursuit, 4,000 metres" in team
    assert "Gymnastics Men's Side Horse" in team  # 1 of 2 editions: exactly half
    assert "Golf Men's Individual" not in team  # 1 of 3 editions
    assert "Athletics Men's High Jump" not in team  # a tie for silver in 1896 only
    assert "Sailing Mixed 18 foot" not in team  # never awards medals
    assert len(team) == 227
    assert len(found.repeated) == 687  # keys that repeat (1,480 repeated rows)
