"""Sport-at-Games pages (issue 17): a one-event sport page is read as its event; a page whose
medal summary names several events yields one event per row; team tournaments (mixed teams,
several bronzes, standings, matches, medal icons in rank cells).

Facts are read off the inputs by hand (line numbers in the comments) and asserted on the graph.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from conftest import ARTICLES
from olygraph import api
from olygraph.extract import extract
from olygraph.read.article import parse_article
from olygraph.validate.run import validate
from olygraph.write.rdf import union_graph

CASES = Path(__file__).resolve().parent / "cases"
FOOTBALL = ARTICLES / "football-at-the-1908-summer-olympics.txt"
SKATING = ARTICLES / "speed-skating-at-the-1928-winter-olympics.txt"
POLO = CASES / "polo-mixed-teams-standings" / "input.txt"
WATER_POLO = CASES / "water-polo-bracket" / "input.txt"
PREFIXES = """
PREFIX oly: <https://w3id.org/olygraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def graph(path: Path) -> Graph:
    result = api.export([path])
    assert not result.failures
    return union_graph(result.dataset)


def select(g: Graph, query: str) -> set[tuple[str, ...]]:
    return {tuple(str(t) for t in row) for row in g.query(PREFIXES + query)}  # type: ignore[union-attr]


def medal_teams(g: Graph) -> set[tuple[str, str]]:
    return select(
        g,
        """SELECT ?m ?code WHERE { ?a a oly:MedalAward ; oly:medal ?medal ; oly:awardedTo ?t ;
             oly:noc/oly:code ?code . ?t a oly:Team . BIND (STRAFTER(STR(?medal), "#") AS ?m) }""",
    )


@pytest.mark.parametrize("path", [FOOTBALL, SKATING, POLO, WATER_POLO], ids=lambda p: p.stem)
def test_sport_pages_validate(path: Path) -> None:
    outcome = validate(graph(path))
    assert outcome.conforms, [r.message for r in outcome.results][:5]


def test_football_1908_is_its_event() -> None:
    # no Event key, but tournament keys (lines 7, 10-15): the page is the tournament's article
    g = graph(FOOTBALL)
    events = select(g, "SELECT ?n WHERE { ?e a oly:Event ; oly:name ?n }")
    assert events == {("Football",)}  # the page states no gender: none is invented
    venue = select(g, "SELECT ?v WHERE { ?e a oly:Event ; oly:venue/rdfs:label ?v }")
    assert venue == {("White City Stadium",)}  # line 8
    dates = select(g, "SELECT ?s ?t WHERE { ?e a oly:Event ; oly:startDate ?s ; oly:endDate ?t }")
    assert dates == {("1908-10-19", "1908-10-24")}  # line 6
    # gold: prose line 24 "Great Britain won the gold medal"; Second Other DEN, Third Other NED
    assert medal_teams(g) == {("GoldMedal", "GBR"), ("SilverMedal", "DEN"), ("BronzeMedal", "NED")}
    counts = select(
        g, "SELECT ?t ?m ?g WHERE { ?e oly:teamCount ?t ; oly:matchCount ?m ; oly:goalCount ?g }"
    )
    assert counts == {("6", "6", "48")}
    # Top Scorer and Fourth Other have no term: kept as reported unmapped fields
    keys = select(g, "SELECT ?k WHERE { ?f a oly:UnmappedField ; oly:key ?k }")
    assert {("Top Scorer",), ("Fourth Other",)} <= keys
    facts = api.read_article(FOOTBALL)
    assert facts.kind == "event"
    assert "tournament keys Num Teams" in facts.kind_reason


def test_speed_skating_1928_one_event_per_summary_row() -> None:
    g = graph(SKATING)
    marks = select(
        g,
        """SELECT ?n ?m ?text WHERE { ?e a oly:Event ; oly:name ?n .
             ?a oly:event ?e ; oly:medal ?medal ; oly:mark/oly:text ?text .
             BIND (STRAFTER(STR(?medal), "#") AS ?m) }""",
    )
    # lines 19-21: the marks of each medal, names blank
    assert marks == {
        ("500 metres", "GoldMedal", "43.4"),
        ("500 metres", "BronzeMedal", "43.6"),
        ("1500 metres", "GoldMedal", "2:21.1"),
        ("1500 metres", "SilverMedal", "2:21.9"),
        ("1500 metres", "BronzeMedal", "2:22.6"),
        ("5000 metres", "GoldMedal", "8:50.5"),
        ("5000 metres", "SilverMedal", "8:59.1"),
        ("5000 metres", "BronzeMedal", "9:00.1"),
    }
    unstated = select(g, "SELECT ?a WHERE { ?a oly:awardeeStated false }")
    assert len(unstated) == 8
    none = select(g, "SELECT ?n WHERE { ?e oly:name ?n ; oly:medalNotAwarded oly:SilverMedal }")
    assert none == {("500 metres",)}  # line 19 "none awarded"
    cancelled = select(g, "SELECT ?n WHERE { ?e oly:name ?n ; oly:cancelled true }")
    assert cancelled == {("10,000 metres",)}  # line 22
    where = select(g, "SELECT ?l WHERE { ?e oly:name '10,000 metres' ; oly:sourceLocation ?l }")
    assert where == {
        (
            "speed-skating-at-the-1928-winter-olympics.txt:22 (table 1 row 4, "
            "Medal summary, column Event)",
        )
    }
    facts = api.read_article(SKATING)
    assert facts.kind == "sport-at-games"
    assert "Num Events: 4" in facts.kind_reason
    tie = [p for p in facts.problems if "tie for gold" in p.message]
    assert [p.line for p in tie] == [19]


def test_polo_mixed_teams_bronze2_and_medal_icons() -> None:
    g = graph(POLO)
    assert medal_teams(g) == {
        ("GoldMedal", "ZZX"),
        ("SilverMedal", "ZZX"),
        ("BronzeMedal", "ZZX"),
        ("BronzeMedal", "FRA"),  # Bronze2 / Bronzenoc2
    }
    ranks = select(
        g,
        """SELECT ?name ?rank ?tied WHERE { ?r a oly:Result ; oly:rank ?rank ; oly:tied ?tied ;
             oly:competitor/oly:name ?name }""",
    )
    assert ranks == {
        ("Foxhunters Hurlingham", "1", "false"),
        ("BLO Polo Club Rugby", "2", "false"),
        ("Bagatelle Polo Club de Paris", "3", "true"),
        ("Compiègne Polo Club", "3", "true"),
        ("Mexico", "5", "false"),
    }
    zzx = select(g, "SELECT ?l WHERE { ?n oly:code 'ZZX' ; rdfs:label ?l }")
    assert zzx == {("Mixed team",)}
    matches = select(
        g,
        """SELECT ?round ?a ?sa ?sb ?b WHERE { ?r oly:match ?m ; rdfs:label ?round .
             ?m oly:sideA/oly:name ?a ; oly:sideB/oly:name ?b ;
                oly:scoreA ?sa ; oly:scoreB ?sb }""",
    )
    assert matches == {
        ("First round", "Foxhunters Hurlingham", "6", "1", "Compiègne Polo Club"),
        ("First round", "BLO Polo Club Rugby", "8", "0", "Mexico"),
        ("Final", "Foxhunters Hurlingham", "3", "1", "BLO Polo Club Rugby"),
    }


def test_uncertain_score_line_is_reported_not_read() -> None:
    facts = api.read_article(WATER_POLO)
    assert len(facts.matches) == 3
    (note,) = [p for p in facts.problems if "score not read" in p.message]
    assert note.line == 34 and "(awarded)" in note.text


def _with_standings(rows: str) -> str:
    text = WATER_POLO.read_text(encoding="utf-8")
    head = text[: text.index("| Rank | Team |")]
    return head + "| Rank | Team |\n" + rows


def test_medal_icons_stay_unranked_when_rows_are_not_the_medalists() -> None:
    # Belgium (silver) listed first: the blank rank cells cannot be the medal order
    text = _with_standings(
        "| | Belgium |\n| | Great Britain |\n| | Sweden |\n| 4 | Netherlands |\n"
    )
    facts = extract(parse_article(text, "swapped.txt"))
    standings = next(r for r in facts.rounds if r.results)
    assert [r.rank for r in standings.results] == [None, None, None, 4]
    (why,) = [p for p in facts.problems if "stay unranked" in p.message]
    assert "'Belgium'" in why.message and "gold medalist is 'Great Britain'" in why.message


def test_page_without_event_evidence_is_not_an_event() -> None:
    text = "= Archery at the 1904 Summer Olympics =\n\nInfobox\n- Venues: Francis Field\n\nText.\n"
    facts = extract(parse_article(text, "archery.txt"))
    assert facts.kind == "sport-at-games"
    assert "no Event key, tournament keys or medalists" in facts.kind_reason


def test_award_without_awardee_must_say_so() -> None:
    # the shape lets a medal award lack oly:awardedTo only when it says its source names nobody
    g = graph(SKATING)
    g.remove((None, g.namespace_manager.expand_curie("oly:awardeeStated"), None))
    outcome = validate(g)
    assert not outcome.conforms
    assert any("awardeeStated" in r.message for r in outcome.results)


TUG = """= Tug of war at the 1908 Summer Olympics =

Infobox
- Event: Tug of war
- Games: 1908 Summer
- Venue: White City Stadium
- Dates: 17 July 1908
- Gold: City of London Police
- Goldnoc: GBR
- Silver: Liverpool Police
- Silvernoc: GBR
- Bronze: Metropolitan Police K Division
- Bronzenoc: GBR

Three British police teams took the medals.

==Final standings==

| Rank | Team | Nation |
| | City of London Police | GBR |
| | Liverpool Police | GBR |
| | Metropolitan Police K Division | GBR |
| 4 | USA | |
"""


def test_event_key_naming_the_sport_with_medalists_is_one_event() -> None:
    # "Event: Tug of war" names the sport; the medalists make the page the event's article
    facts = extract(parse_article(TUG, "tug.txt"))
    assert facts.kind == "event"
    assert facts.event_name is not None and facts.event_name.value == "Tug of war"
    assert "infobox medalists Gold, Silver, Bronze" in facts.kind_reason
    (standings,) = facts.rounds
    # medal icons (blank rank cells) ranked from the medalists; a team cell "USA" is the US team
    assert [r.rank for r in standings.results] == [1, 2, 3, 4]
    last = standings.results[3].competitor
    assert last is not None and (last.name, last.noc) == ("", "USA")
    names = [m.competitor.name for m in facts.medals]
    assert names == ["City of London Police", "Liverpool Police", "Metropolitan Police K Division"]


def test_tournament_placings_with_codes_and_notes() -> None:
    text = """= Ice hockey at the 1924 Winter Olympics =

Infobox
- Num Teams: 8
- Champions: CAN (2nd title)
- Runner-up: United States
- Third place: GBR Great Britain
- Games: 18

Text.
"""
    facts = extract(parse_article(text, "ih.txt"))
    assert facts.kind == "event"
    got = [(m.medal, m.competitor.name, m.competitor.noc) for m in facts.medals]
    assert got == [
        ("gold", "", "CAN"),
        ("silver", "United States", "USA"),
        ("bronze", "Great Britain", "GBR"),
    ]
    assert [(k, v.value) for k, v in facts.tallies] == [("teamCount", 8), ("matchCount", 18)]


def test_rugby_page_nations_are_teams_and_bronzes_in_either_order() -> None:
    text = """= Rugby union at the 1900 Summer Olympics =

Infobox
- Event: Rugby union
- Games: 1900 Summer
- Gold: France
- Goldnoc: FRA
- Silver: Moseley Wanderers
- Silvernoc: GBR
- Bronze: Frankfurt
- Bronzenoc: GER
- Bronze2: Exiles
- Bronzenoc2: ZZX

==Final standings==

| Rank | Team |
| | France |
| | Moseley Wanderers |
| | Exiles |
| | Frankfurt |
"""
    facts = extract(parse_article(text, "rugby.txt"))
    assert facts.kind == "event"
    assert all(m.competitor.is_team for m in facts.medals)
    (standings,) = facts.rounds
    assert [(r.rank, r.tied) for r in standings.results] == [
        (1, False),
        (2, False),
        (3, True),
        (3, True),
    ]


def test_medal_summary_naming_one_event_makes_the_page_that_event() -> None:
    text = """= Cricket at the 1900 Summer Olympics =

Infobox
- Venue: Vélodrome de Vincennes

==Medal summary==

| Event | Gold | Silver | Bronze |
| Men's cricket details | Great Britain (GBR) | France (FRA) | none awarded |
"""
    facts = extract(parse_article(text, "cricket.txt"))
    assert facts.kind == "event"
    assert facts.kind_reason == "one-event sport page: the medal summary names one event"
    assert facts.event_name is not None and facts.event_name.value == "Men's cricket"
    got = [(m.medal, m.competitor.name, m.competitor.noc, m.loc.line) for m in facts.medals]
    assert got == [("gold", "Great Britain", "GBR", 9), ("silver", "France", "FRA", 9)]
    assert all(m.competitor.is_team for m in facts.medals)
    assert [(v.value, v.loc.line) for v in facts.not_awarded] == [("bronze", 9)]


def test_match_table_with_header_and_lettered_teams() -> None:
    text = """= Football at the 1908 Summer Olympics =

Infobox
- Num Teams: 6
- Second Other: DEN

==Tournament==

===First round===

| Date | Team | Score | Team |
| 19 October | Denmark | 9–0 | France B |
| 20 October | Great Britain | 12–1 | Sweden |
| 20 October | Netherlands | walkover | Hungary |
"""
    facts = extract(parse_article(text, "fb.txt"))
    got = [
        (m.side_a.name, m.side_a.noc, m.score_a, m.score_b, m.side_b.name, m.side_b.noc)
        for m in facts.matches
    ]
    assert got == [
        ("Denmark", "DEN", 9, 0, "France B", "FRA"),
        ("Great Britain", "GBR", 12, 1, "Sweden", "SWE"),
    ]
    assert {m.round_key for m in facts.matches} == {"first-round"}
    assert [m.loc.row for m in facts.matches] == [2, 3]
    notes = [p for p in facts.problems if "not read as a match" in p.message]
    assert [p.line for p in notes] == [14]  # the walkover; the header row is no data
    assert not [p for p in facts.problems if "table under" in p.message]


def test_headerless_summary_without_marks_is_reported_not_guessed() -> None:
    text = """= Polo at the 1908 Summer Olympics =

Infobox
- Gold: Roehampton
- Goldnoc: GBR

==Medal summary==

| Roehampton | Hurlingham | Ireland |
"""
    facts = extract(parse_article(text, "polo.txt"))
    assert facts.kind == "event"
    assert facts.event_name is not None and facts.event_name.value == "Polo"
    assert [m.competitor.name for m in facts.medals] == ["Roehampton"]
    (note,) = [p for p in facts.problems if "medal summary without a header" in p.message]
    assert note.line == 9
