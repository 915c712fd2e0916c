"""The bundled queries on hand-written fixture data, with exact expected rows, on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from olygraph.query import engines as endpoint
from olygraph.query import named as query
from olygraph.query import run as query_run
from olygraph.query.results import Rows, cell_text
from olygraph.vocab import DEFAULT_BASE

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
FIXTURE = Path(__file__).parent / "queries" / "olympics.trig"
E1 = "event/1928-summer/cycling/mens-track-time-trial"
E2 = "event/1928-winter/speed-skating/mens-500-metres"
E3 = "event/1928-summer/rowing/mens-eight"
R1, R2 = f"{E1}/round/final/result/1", f"{E1}/round/final/result/2"
S28, W28 = "games/1928-summer", "games/1928-winter"
A = "source/article/a-cycling"
TT, EIGHT, M500 = "Men's track time trial", "Men's eight", "Men's 500 metres"

MEDALS_1928_SUMMER = [
    (S28, "DEN", "Denmark", "1", "0", "0", "1"),
    (S28, "GBR", "Great Britain", "1", "0", "0", "1"),
    (S28, "NED", "Netherlands", "0", "2", "0", "2"),
    (S28, "AUS", "Australia", "0", "0", "1", "1"),
    (S28, "FRA", "France", "0", "0", "1", "1"),
]
MEDALISTS = [
    (S28, E3, EIGHT, "Gold", "Leander Club", "GBR", "false"),
    (S28, E3, EIGHT, "Silver", "De Amstel", "NED", "false"),
    (S28, E1, TT, "Gold", "Willy Hansen", "DEN", "false"),
    (S28, E1, TT, "Silver", "Gerard Bosch van Drakestein", "NED", "false"),
    (S28, E1, TT, "Bronze", "Dunc Gray", "AUS", "true"),
    (S28, E1, TT, "Bronze", "Octave Dayen", "FRA", "true"),
    (W28, E2, M500, "Gold", "Bernt Evensen", "NOR", "true"),
    (W28, E2, M500, "Gold", "Clas Thunberg", "FIN", "true"),
    (W28, E2, M500, "Bronze", "John Farrell", "USA", "false"),
]
DISCREPANCIES = [
    (E1, "oly:competitorCount", "5", "5", "a.txt:8 (infobox, key Competitors)"),
    (E1, "oly:competitorCount", "6", "Six cyclists competed", "a.txt:21 (prose)"),
    (R1, "oly:mark", "74.4", "1:14.4", "a.txt:10 (infobox, key Win Value)"),
    (R1, "oly:mark", "74.4", "1 minute, 14.4 seconds", "a.txt:21 (prose)"),
    (R1, "oly:mark", "74.2", "1:14.2", "a.txt:51 (table 2 row 1, Results, column Time)"),
    (R2, "oly:mark", "75.2", "1:15.2", "a.txt:39 (prose, Records)"),
    (R2, "oly:mark", "75.1", "1:15.1", "a.txt:52 (table 2 row 2, Results, column Time)"),
    (W28, "oly:hostCity", "city/st-moritz", "St. Moritz", "b.txt:3 (infobox, key Venue)"),
    (W28, "oly:hostCity", "city/davos", "Davos", "b.txt:20 (prose)"),
]
JOHN = ("athlete/gbr/john-smith", "John Smith", S28)
FARRELL = ("athlete/usa/john-farrell", "John Farrell", W28, E2, M500)

#: (query, parameters, expected rows as table cells: IRIs under the base shortened, "" unbound)
CASES: list[tuple[str, dict[str, str], list[tuple[str, ...]]]] = [
    ("medal-table", {}, [
        ("", "DEN", "Denmark", "1", "0", "0", "1"),
        ("", "FIN", "Finland", "1", "0", "0", "1"),
        ("", "GBR", "Great Britain", "1", "0", "0", "1"),
        ("", "NOR", "Norway", "1", "0", "0", "1"),
        ("", "NED", "Netherlands", "0", "2", "0", "2"),
        ("", "AUS", "Australia", "0", "0", "1", "1"),
        ("", "FRA", "France", "0", "0", "1", "1"),
        ("", "USA", "United States", "0", "0", "1", "1"),
    ]),
    ("medal-table", {"games": "1928-summer"}, MEDALS_1928_SUMMER),
    ("medal-table", {"games": "1928 Summer"}, MEDALS_1928_SUMMER),
    ("medal-table", {"games": "https://w3id.org/olygraph/id/games/1928-winter"}, [
        (W28, "FIN", "Finland", "1", "0", "0", "1"),
        (W28, "NOR", "Norway", "1", "0", "0", "1"),
        (W28, "USA", "United States", "0", "0", "1", "1"),
    ]),
    ("medal-table", {"games": "1932-summer"}, []),
    ("event-results", {"event": E1}, [
        (E1, "Final", "1", "false", "Willy Hansen", "DEN", "74.2", "Second", "1:14.2", "",
         "Gold", "1 minute, 14.4 seconds | 1:14.4"),
        (E1, "Final", "2", "false", "Gerard Bosch van Drakestein", "NED", "75.1", "Second",
         "1:15.1", "", "Silver", "1:15.2"),
        (E1, "Final", "3", "true", "Dunc Gray", "AUS", "75.3", "Second", "1:15.3", "",
         "Bronze", ""),
        (E1, "Final", "3", "true", "Octave Dayen", "FRA", "75.3", "Second", "1:15.3", "",
         "Bronze", ""),
        (E1, "Final", "", "false", "John Smith", "GBR", "", "", "", "DNF", "", ""),
    ]),
    ("event-results", {"event": "1928-winter/speed-skating/mens-500-metres"}, [
        (E2, "Final", "1", "true", "Bernt Evensen", "NOR", "43.4", "Second", "43.4 OR", "",
         "Gold", ""),
        (E2, "Final", "1", "true", "Clas Thunberg", "FIN", "43.4", "Second", "43.4", "",
         "Gold", ""),
        (E2, "Final", "3", "false", "John Farrell", "USA", "43.6", "Second", "43.6", "", "", ""),
    ]),
    ("medalists", {}, MEDALISTS),
    ("medalists", {"games": "1928-summer"}, MEDALISTS[:6]),
    ("medalists", {"event": E2}, MEDALISTS[6:]),
    ("athlete", {"name": "John Smith"}, [
        (*JOHN, E3, EIGHT, "Final", "1", "false", "360.0", "Second", "6:00.0", "", "Gold",
         "Leander Club"),
        (*JOHN, E1, TT, "Final", "", "false", "", "", "", "DNF", "", ""),
    ]),
    ("athlete", {"athlete": "usa/john-farrell"}, [
        (*FARRELL, "", "", "", "", "", "", "", "Bronze", ""),
        (*FARRELL, "Final", "3", "false", "43.6", "Second", "43.6", "", "", ""),
    ]),
    ("record-progression", {"event": E1}, [
        (E1, "standing", "", "world", "Joe Fast", "USA", "73.0", "Second", "1:13.0",
         "1927-06-01", "Paris (FRA)", ""),
        (E1, "progression", "1", "olympic", "Octave Dayen", "FRA", "76.0", "Second", "1:16.0",
         "", "", "de facto"),
        (E1, "progression", "2", "olympic", "Gerard Bosch van Drakestein", "NED", "75.2",
         "Second", "1:15.2", "", "", ""),
        (E1, "progression", "3", "olympic", "Willy Hansen", "DEN", "74.2", "Second", "1:14.2",
         "", "", ""),
    ]),
    ("record-progression", {"event": E2}, []),
    ("discrepancies", {}, [("", *row) for row in DISCREPANCIES]),
    ("discrepancies", {"event": E1}, [(E1, *row) for row in DISCREPANCIES[:7]]),
    ("discrepancies", {"event": E2}, []),
    ("nations", {"event": E1}, [
        (E1, "AUS", "Australia", "", "1", "1"),
        (E1, "DEN", "Denmark", "debut", "1", "1"),
        (E1, "FRA", "France", "returning", "0", "1"),
        (E1, "GBR", "Great Britain", "", "1", "0"),
        (E1, "NED", "Netherlands", "debut", "1", "1"),
    ]),
    ("nations", {"event": E3}, [
        (E3, "GBR", "Great Britain", "", "1", "1"),
        (E3, "NED", "Netherlands", "", "1", "1"),
    ]),
    ("games-summary", {}, [
        (S28, "1928", "Summer", "Amsterdam", "2", "24", "5"),
        (W28, "1928", "Winter", "Davos, St. Moritz", "1", "3", "3"),
    ]),
    ("games-summary", {"games": "1928-winter"}, [
        (W28, "1928", "Winter", "Davos, St. Moritz", "1", "3", "3"),
    ]),
    ("provenance", {"node": R1}, [
        (R1, "node", "", "", "", A, "a.txt:51 (table 2 row 1, Results)"),
        (R1, "claim", "oly:competitor", "athlete/den/willy-hansen", "Willy Hansen", A,
         "a.txt:12 (infobox, key Gold)"),
        (R1, "mark", "oly:mark", "74.4", "1:14.4", A, "a.txt:10 (infobox, key Win Value)"),
        (R1, "mark", "oly:mark", "74.4", "1 minute, 14.4 seconds", A, "a.txt:21 (prose)"),
        (R1, "mark", "oly:mark", "74.2", "1:14.2", A,
         "a.txt:51 (table 2 row 1, Results, column Time)"),
    ]),
    ("provenance", {"node": "athlete/den/willy-hansen"}, [
        ("athlete/den/willy-hansen", "value of", "oly:competitor", R1, "Willy Hansen", A,
         "a.txt:12 (infobox, key Gold)"),
    ]),
    ("provenance", {"node": E1, "property": "oly:competitorCount"}, [
        (E1, "node", "oly:competitorCount", "", "", A, "a.txt:1 (title)"),
        (E1, "claim", "oly:competitorCount", "5", "5", A, "a.txt:8 (infobox, key Competitors)"),
        (E1, "claim", "oly:competitorCount", "6", "Six cyclists competed", A,
         "a.txt:21 (prose)"),
    ]),
    ("events", {}, [
        (S28, E3, EIGHT, "Rowing", "1", "2", "2"),
        (S28, E1, TT, "Cycling", "1", "5", "4"),
        (W28, E2, M500, "Speed skating", "1", "3", "3"),
    ]),
    ("events", {"games": "1928-winter"}, [(W28, E2, M500, "Speed skating", "1", "3", "3")]),
]  # fmt: skip


@pytest.fixture(scope="module", params=endpoint.ENGINES)
def fixture_engine(
    request: pytest.FixtureRequest,
) -> endpoint.OxigraphEngine | endpoint.RdflibEngine:
    return endpoint.open_local([FIXTURE], request.param).engine


def cells(answer: query_run.Answer) -> list[tuple[str, ...]]:
    assert isinstance(answer.result, Rows)
    return [tuple(cell_text(c, DEFAULT_BASE) for c in row) for row in answer.result.rows]


@pytest.mark.parametrize(
    ("name", "params", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_fixture_rows(
    fixture_engine: endpoint.OxigraphEngine | endpoint.RdflibEngine,
    name: str,
    params: dict[str, str],
    expected: list[tuple[str, ...]],
) -> None:
    answer = query_run.run(query.find_query(name), fixture_engine, params)
    assert cells(answer) == expected


def test_every_bundled_query_has_a_fixture_case() -> None:
    assert {c[0] for c in CASES} == set(query.bundled())


def test_numbers_keep_their_types(
    fixture_engine: endpoint.OxigraphEngine | endpoint.RdflibEngine,
) -> None:
    answer = query_run.run(query.find_query("event-results"), fixture_engine, {"event": E1})
    assert isinstance(answer.result, Rows)
    first = answer.result.dicts()[0]
    assert first["rank"] is not None and first["rank"].datatype.endswith("#integer")  # type: ignore[union-attr]
    assert first["mark"] is not None and first["mark"].datatype.endswith("#decimal")  # type: ignore[union-attr]
    assert first["tied"] is not None and first["tied"].datatype.endswith("#boolean")  # type: ignore[union-attr]


def test_single_event_parameter_must_be_chosen_when_the_data_holds_several(
    fixture_engine: endpoint.OxigraphEngine | endpoint.RdflibEngine,
) -> None:
    with pytest.raises(query.ParameterError, match="several events"):
        query_run.run(query.find_query("event-results"), fixture_engine)


def test_unknown_node_is_a_clean_error(
    fixture_engine: endpoint.OxigraphEngine | endpoint.RdflibEngine,
) -> None:
    with pytest.raises(query.ParameterError, match=r"no event <.*/event/1900-summer/x/y> in"):
        query_run.run(
            query.find_query("event-results"), fixture_engine, {"event": "1900-summer/x/y"}
        )


def test_union_of_graphs_is_a_set(
    fixture_engine: endpoint.OxigraphEngine | endpoint.RdflibEngine,
) -> None:
    """gold-1 and Willy Hansen's name are stated in two graphs; each counts once."""
    text = (
        "PREFIX oly: <https://w3id.org/olygraph/ontology#>\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?a a oly:MedalAward }"
    )
    qdef = query.parse_header(text, "(test)", "count")
    assert cells(query_run.run(qdef, fixture_engine)) == [("9",)]
