"""The history dataset (docs/history-model.md) on a real slice of the file: exact facts.

``tests/data/history/athlete_events_slice.csv`` holds 224 real rows (made by ``make_slice.py``:
the 1928 cycling time trial, sprint and tandem sprint, the 1928 women's relay, two 1900 sailing
classes with repeated keys, the 1928 skeleton, a 1956 event in each host city) with the
original CRLF line endings; ``noc_regions.csv`` is the whole NOC table with its bare CR line
endings. Expected values are read off the CSV rows by eye and written out here.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF, RDFS

from olygraph.tabular.report import DatasetReport, RepeatedKey
from olygraph.tabular.stream import export_datasets
from olygraph.validate.outcome import Severity
from olygraph.validate.run import validate

DATA = Path(__file__).parent / "data" / "history"
SLICE = DATA / "athlete_events_slice.csv"
NOCS = DATA / "noc_regions.csv"
OLY = "https://w3id.org/olygraph/ontology#"
B = "https://w3id.org/olygraph/id/"
SRC = URIRef(B + "source/dataset/athlete-events-slice")
TT = B + "event/1928-summer/cycling/mens-1000-metres-time-trial"
RELAY = B + "event/1928-summer/athletics/womens-4-x-100-metres-relay"


def oly(name: str) -> URIRef:
    return URIRef(OLY + name)


def data(path: str) -> URIRef:
    return URIRef(B + path)


# XSD by IRI: a module-level rdflib ``XSD`` makes pytest's fixture scan warn
XSD_NS = "http://www.w3.org/2001/XMLSchema#"


def integer(n: int) -> Literal:
    return Literal(str(n), datatype=URIRef(XSD_NS + "integer"))


def decimal(text: str) -> Literal:
    return Literal(text, datatype=URIRef(XSD_NS + "decimal"))


def export(paths: list[Path], fmt: str = "nt") -> tuple[bytes, DatasetReport]:
    out = io.BytesIO()
    report = export_datasets(paths, fmt, out)
    return out.getvalue(), report


@pytest.fixture(scope="module")
def sliced() -> tuple[Graph, DatasetReport]:
    data, report = export([SLICE, NOCS])
    return Graph().parse(data=data, format="nt"), report


@pytest.fixture(scope="module")
def g(sliced: tuple[Graph, DatasetReport]) -> Graph:
    return sliced[0]


def facts(g: Graph, node: URIRef) -> set[tuple[URIRef, object]]:
    return set(g.predicate_objects(node))  # type: ignore[arg-type]


# --- the 1928 time trial and Willy Falck Hansen --------------------------------------------------


def test_time_trial_event_node(g: Graph) -> None:
    assert facts(g, URIRef(TT)) == {
        (RDF.type, oly("Event")),
        (oly("name"), Literal("Cycling Men's 1,000 metres Time Trial")),
        (oly("games"), data("games/1928-summer")),
        (oly("sport"), data("sport/cycling")),
        (oly("gender"), Literal("men")),
        (PROV.wasDerivedFrom, SRC),
    }


def test_willy_falck_hansen_athlete_participation_and_gold(g: Graph) -> None:
    athlete = data("athlete/athlete-events/45818")
    assert facts(g, athlete) == {
        (RDF.type, oly("Athlete")),
        (oly("name"), Literal("Willy Falck Hansen")),
        (RDFS.label, Literal("Willy Falck Hansen")),
        (oly("sex"), Literal("M")),
        (oly("datasetId"), Literal("45818")),
        (PROV.wasDerivedFrom, SRC),
    }
    # line 83: 22 years old, height and weight NA (no triple), Denmark, DEN, gold
    assert facts(g, URIRef(TT + "/participant/45818")) == {
        (RDF.type, oly("Participation")),
        (oly("event"), URIRef(TT)),
        (oly("athlete"), athlete),
        (oly("noc"), data("noc/DEN")),
        (oly("teamName"), Literal("Denmark")),
        (oly("age"), integer(22)),
        (oly("sourceLine"), integer(83)),
        (PROV.wasDerivedFrom, SRC),
    }
    assert facts(g, URIRef(TT + "/medal/gold-45818")) == {
        (RDF.type, oly("MedalAward")),
        (oly("medal"), oly("GoldMedal")),
        (oly("event"), URIRef(TT)),
        (oly("awardedTo"), athlete),
        (oly("noc"), data("noc/DEN")),
        (oly("sourceLine"), integer(83)),
        (PROV.wasDerivedFrom, SRC),
    }
    # his bronze in the sprint (line 82) is another event's award
    sprint = B + "event/1928-summer/cycling/mens-sprint"
    assert (URIRef(sprint + "/medal/bronze-45818"), oly("awardedTo"), athlete) in g


def test_time_trial_medals_are_one_per_medal_and_individual(g: Graph) -> None:
    awards = {
        (g.value(a, oly("medal")), g.value(a, oly("awardedTo")))
        for a in g.subjects(oly("event"), URIRef(TT))
        if (a, RDF.type, oly("MedalAward")) in g
    }
    assert awards == {
        (oly("GoldMedal"), data("athlete/athlete-events/45818")),  # Willy Falck Hansen, DEN
        (oly("SilverMedal"), data("athlete/athlete-events/13725")),  # Bosch van Drakestein, NED
        (oly("BronzeMedal"), data("athlete/athlete-events/42523")),  # "Dunc" Gray, AUS
    }
    assert not set(g.subjects(oly("team"), None)) & set(g.subjects(oly("event"), URIRef(TT)))


def test_names_are_kept_as_written(g: Graph) -> None:
    names = {
        "42523": 'Edgar Laurence "Dunc" Gray',  # the file's nickname quotes stay
        "34182": "Erich Fs",  # letters lost in the file stay lost: nothing is guessed
        "66428": "Jzef Lange",
        "101756": "Francisco Rodrguez",
    }
    for aid, name in names.items():
        athlete = data(f"athlete/athlete-events/{aid}")
        assert list(g.objects(athlete, oly("name"))) == [Literal(name)]
        assert list(g.objects(athlete, RDFS.label)) == [Literal(name)]


def test_na_gives_no_triple_and_numbers_are_canonical(g: Graph) -> None:
    fs = URIRef(TT + "/participant/34182")  # Erich Fs: age, height and weight NA
    assert {p for p, _ in facts(g, fs)} == {
        RDF.type, oly("event"), oly("athlete"), oly("noc"), oly("teamName"), oly("sourceLine"),
        PROV.wasDerivedFrom,
    }  # fmt: skip
    lange = URIRef(TT + "/participant/66428")  # 31, 165, 70
    assert g.value(lange, oly("age")) == integer(31)
    assert g.value(lange, oly("height")) == decimal("165.0")
    assert g.value(lange, oly("weight")) == decimal("70.0")
    heavy = data("event/1956-summer/weightlifting/mens-heavyweight/participant/6919")  # 186, 123.5
    assert g.value(heavy, oly("height")) == decimal("186.0")
    assert g.value(heavy, oly("weight")) == decimal("123.5")


# --- Games -----------------------------------------------------------------------------------


def test_1956_summer_has_both_host_cities(g: Graph) -> None:
    games = data("games/1956-summer")
    assert set(g.objects(games, oly("hostCity"))) == {
        data("city/melbourne"),
        data("city/stockholm"),
    }
    assert g.value(data("city/stockholm"), RDFS.label) == Literal("Stockholm")
    dressage = data("event/1956-summer/equestrianism/mixed-dressage-team")
    assert g.value(dressage, oly("games")) == games
    assert g.value(dressage, oly("gender")) == Literal("mixed")


def test_winter_games(g: Graph) -> None:
    games = data("games/1928-winter")
    assert facts(g, games) == {
        (RDF.type, oly("Games")),
        (oly("year"), integer(1928)),
        (oly("season"), Literal("Winter")),
        (oly("hostCity"), data("city/sankt-moritz")),
        (PROV.wasDerivedFrom, SRC),
    }
    assert g.value(data("event/1928-winter/skeleton/mens-skeleton"), oly("games")) == games


# --- a team event ------------------------------------------------------------------------------


def test_relay_gold_is_one_team_with_exactly_its_members(g: Graph) -> None:
    team = data("team/1928-summer/athletics/womens-4-x-100-metres-relay/canada-can")
    members = {data(f"athlete/athlete-events/{a}") for a in ("9639", "22858", "102603", "112249")}
    assert facts(g, team) == {
        (RDF.type, oly("Team")),
        (oly("name"), Literal("Canada")),
        (oly("noc"), data("noc/CAN")),
        (PROV.wasDerivedFrom, SRC),
        *((oly("member"), m) for m in members),
    }
    for member in members:
        (part,) = g.subjects(oly("athlete"), member)
        assert g.value(part, oly("team")) == team
    assert facts(g, URIRef(RELAY + "/medal/gold-canada-can")) == {
        (RDF.type, oly("MedalAward")),
        (oly("medal"), oly("GoldMedal")),
        (oly("event"), URIRef(RELAY)),
        (oly("awardedTo"), team),
        (oly("noc"), data("noc/CAN")),
        (oly("sourceLine"), integer(17)),  # the first of the four gold rows
        (PROV.wasDerivedFrom, SRC),
    }


def test_relay_has_one_award_per_medal_each_to_a_team(g: Graph) -> None:
    awards = {
        (g.value(a, oly("medal")), g.value(a, oly("awardedTo")))
        for a in g.subjects(oly("event"), URIRef(RELAY))
        if (a, RDF.type, oly("MedalAward")) in g
    }
    team = B + "team/1928-summer/athletics/womens-4-x-100-metres-relay/"
    assert awards == {
        (oly("GoldMedal"), URIRef(team + "canada-can")),
        (oly("SilverMedal"), URIRef(team + "united-states-usa")),
        (oly("BronzeMedal"), URIRef(team + "germany-ger")),
    }
    teams = set(g.subjects(RDF.type, oly("Team"))) & {
        t for p in g.subjects(oly("event"), URIRef(RELAY)) for t in g.objects(p, oly("team"))
    }
    assert len(teams) == 8  # every nation's relay is a team, medal or not
    assert len(set(g.subjects(oly("event"), URIRef(RELAY))) - set(g.subjects(oly("medal")))) == 32


# --- repeated keys -----------------------------------------------------------------------------


def test_repeated_key_is_one_participation_with_both_teams_and_both_awards(g: Graph) -> None:
    """Lines 10 and 11: Jacques Baudrier (8683) in the 0.5-1 Ton class twice, on Crabe II-1
    (silver) and on Crabe II-4 (bronze)."""
    event = B + "event/1900-summer/sailing/mixed-0-5-1-ton"
    team = B + "team/1900-summer/sailing/mixed-0-5-1-ton/"
    part = URIRef(event + "/participant/8683")
    assert set(g.subjects(oly("athlete"), data("athlete/athlete-events/8683"))) >= {part}
    assert set(g.objects(part, oly("teamName"))) == {Literal("Crabe II-1"), Literal("Crabe II-4")}
    assert set(g.objects(part, oly("team"))) == {
        URIRef(team + "crabe-ii-1-fra"),
        URIRef(team + "crabe-ii-4-fra"),
    }
    assert list(g.objects(part, oly("sourceLine"))) == [integer(10)]
    assert list(g.objects(part, oly("age"))) == [integer(28)]
    assert g.value(URIRef(event + "/medal/silver-crabe-ii-1-fra"), oly("sourceLine")) == integer(10)
    assert g.value(URIRef(event + "/medal/bronze-crabe-ii-4-fra"), oly("sourceLine")) == integer(11)


def test_repeated_key_with_two_medals_of_one_team_is_not_doubled(g: Graph) -> None:
    """Lines 4 and 5: Auguste Albert (2317), 1-2 Ton, Martha-1: silver, then bronze."""
    event = URIRef(B + "event/1900-summer/sailing/mixed-1-2-ton")
    martha = data("team/1900-summer/sailing/mixed-1-2-ton/martha-1-fra")
    awards = [a for a in g.subjects(oly("awardedTo"), martha)]
    assert sorted(str(g.value(a, oly("medal"))) for a in awards) == [
        OLY + "BronzeMedal",
        OLY + "SilverMedal",
    ]
    assert all(g.value(a, oly("event")) == event for a in awards)
    assert len(list(g.objects(martha, oly("member")))) == len(set(g.objects(martha, oly("member"))))
    albert = data("athlete/athlete-events/2317")
    assert (martha, oly("member"), albert) in g
    part = URIRef(str(event) + "/participant/2317")
    assert list(g.objects(part, oly("teamName"))) == [Literal("Martha-1")]
    assert list(g.objects(part, oly("sourceLine"))) == [integer(4)]


def test_repeated_keys_are_reported_with_both_lines_and_the_differing_columns(
    sliced: tuple[Graph, DatasetReport],
) -> None:
    report = sliced[1]
    (athletes,) = [f for f in report.files if f.kind == "athlete-events"]
    assert len(athletes.repeated) == 44
    file = str(SLICE)
    assert athletes.repeated[:4] == (
        RepeatedKey(file, ("2317", "1900 Summer", "Sailing Mixed 1-2 Ton"), 4, 5, ("Medal",)),
        RepeatedKey(
            file, ("5959", "1900 Summer", "Sailing Mixed 0.5-1 Ton"), 7, 8, ("Team", "Medal")
        ),
        RepeatedKey(
            file, ("8683", "1900 Summer", "Sailing Mixed 0.5-1 Ton"), 10, 11, ("Team", "Medal")
        ),
        RepeatedKey(file, ("8683", "1900 Summer", "Sailing Mixed 1-2 Ton"), 12, 13, ("Medal",)),
    )
    assert str(athletes.repeated[2]) == (
        f"{file}:11: repeats the key 8683, 1900 Summer, Sailing Mixed 0.5-1 Ton of line 10 "
        "(differs in Team, Medal); merged"
    )
    identical = [r for r in athletes.repeated if not r.differing]
    assert len(identical) == 19
    assert athletes.skipped == () and athletes.conflicts == ()
    assert athletes.team_events == 5


# --- the NOC table -----------------------------------------------------------------------------


def test_noc_table_with_bare_cr_line_endings(g: Graph) -> None:
    raw = NOCS.read_bytes()
    assert raw.count(b"\r") == 230 and b"\n" not in raw  # 231 lines, none ends in LF
    nocs_with_region = set(g.subjects(oly("region"), None))
    assert len(nocs_with_region) == 227  # ROT, TUV and UNK have region NA: missing
    assert g.value(data("noc/TUV"), oly("region")) is None
    assert g.value(data("noc/TUV"), oly("notes")) == Literal("Tuvalu")
    assert Literal("NA") not in set(g.objects(None, oly("region")))
    assert facts(g, data("noc/HKG")) == {
        (RDF.type, oly("NOC")),
        (oly("code"), Literal("HKG")),
        (oly("region"), Literal("China")),
        (oly("notes"), Literal("Hong Kong")),
        (oly("sourceLine"), integer(90)),
    }
    assert g.value(data("noc/AFG"), oly("sourceLine")) == integer(2)  # the first row
    assert g.value(data("noc/ZIM"), oly("sourceLine")) == integer(231)  # the last, with no CR
    assert g.value(data("noc/AFG"), oly("notes")) is None  # empty notes: no triple


def test_nocs_without_a_region_are_reported() -> None:
    tiny = DATA / "tiny.csv"
    nocs = io.StringIO("NOC,region,notes\rDEN,Denmark,\rPOL,Poland,\r")
    table = DATA / "nocs-subset.csv"
    table.write_text(nocs.getvalue(), newline="")
    try:
        _, report = export([tiny, table])
    finally:
        table.unlink()
    assert [(n.code, n.first_line) for n in report.nocs_without_region] == [
        ("NED", 4),
        ("CAN", 6),
    ]
    assert str(report.nocs_without_region[0]) == f"{tiny}:4: NOC NED has no row in the NOC table"


# --- medal counts against the CSV ----------------------------------------------------------------

TEAM_EVENTS = {
    "Cycling Men's Tandem Sprint, 2,000 metres",
    "Athletics Women's 4 x 100 metres Relay",
    "Sailing Mixed 0.5-1 Ton",
    "Sailing Mixed 1-2 Ton",
    "Equestrianism Mixed Dressage, Team",
}


def test_team_events_of_the_slice(g: Graph) -> None:
    """Within the slice, these five event names are team events (the rule: docs)."""
    with_teams = {
        str(g.value(g.value(p, oly("event")), oly("name"))) for p in g.subjects(oly("team"), None)
    }
    assert with_teams == TEAM_EVENTS


def test_medal_counts_per_noc_and_games_match_the_csv(g: Graph) -> None:
    expected: dict[tuple[str, str], set[tuple[str, ...]]] = {}
    with SLICE.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["Medal"] == "NA":
                continue
            winner = (row["Team"], row["NOC"]) if row["Event"] in TEAM_EVENTS else (row["ID"],)
            key = (row["Games"], row["Event"], row["Medal"], *winner)
            expected.setdefault((row["Games"], row["NOC"]), set()).add(key)
    counts = {k: len(v) for k, v in expected.items()}
    query = """
        PREFIX oly: <https://w3id.org/olygraph/ontology#>
        SELECT ?year ?season ?code (COUNT(DISTINCT ?award) AS ?n) WHERE {
            ?award a oly:MedalAward ; oly:event/oly:games ?games ; oly:noc/oly:code ?code .
            ?games oly:year ?year ; oly:season ?season .
        } GROUP BY ?year ?season ?code
    """
    got = {(f"{r[0]} {r[1]}", str(r[2])): int(r[3]) for r in g.query(query)}  # type: ignore[index]
    assert got == counts
    assert got[("1928 Summer", "CAN")] == 1  # the relay gold, once for four runners
    assert sum(got.values()) == 33


# --- validation and the golden graph ------------------------------------------------------------


def test_slice_export_has_no_violation(g: Graph) -> None:
    outcome = validate(g)
    assert outcome.counts()[Severity.VIOLATION] == 0, outcome.results[:3]
    assert outcome.counts()[Severity.WARNING] == 0


def test_tiny_csv_gives_exactly_the_golden_graph() -> None:
    data, report = export([DATA / "tiny.csv"])
    got = Graph().parse(data=data, format="nt")
    expected = Graph().parse(DATA / "expected.ttl", format="turtle")
    assert isomorphic(got, expected)
    assert report.triples == len(expected) == 144
