"""``olygraph query`` as a user meets it: tables, the other formats, one-line errors, exit 2."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from olygraph.cli import main
from olygraph.query.results import Rows, Verdict, canonical, nt_term, render

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
FIXTURE = Path(__file__).parent / "queries" / "olympics.trig"
BASE = "https://w3id.org/olygraph/id/"
NOWHERE = "http://127.0.0.1:9/query"
DROP = "} ; DROP ALL ; {"

SEED_RESULTS = """\
round  rank  tied   competitor                   noc  mark  unit    text    status  medal   others
-----  ----  -----  ---------------------------  ---  ----  ------  ------  ------  ------  -------------------------------
Final     1  false  Willy Hansen                 DEN  74.2  Second  1:14.2          Gold    1 minute, 14.4 seconds | 1:14.4
Final     2  false  Gerard Bosch van Drakestein  NED  75.1  Second  1:15.1          Silver  1:15.2
Final     3  false  Dunc Gray                    AUS  75.3  Second  1:15.3          Bronze
Final     4  false  Octave Dayen                      76.0  Second  1:16.0
Final     5  false                                    77.1  Second  1:17.1
Final     6  true                                     78.0  Second  1:18.0
Final     6  true                                     78.0  Second  1:18.0
Final     8  false  Francisco Rodríguez          ARG  78.4  Second  1:18.4
Final     9  true   Angelo Cattaneo              ITA  78.6  Second  1:18.6
Final     9  true   Aerts                             78.6  Second  1:18.6
Final    11  true                                     79.0  Second  1:19.0
Final    11  true                                     79.0  Second  1:19.0
Final    13  false                                    79.2  Second  1:19.2
Final    14  false                                    80.1  Second  1:20.1
Final    15  false                                    82.0  Second  1:22.0
Final    16  false                                    82.3  Second  1:22.3
"""  # noqa: E501


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["query", *args])


def error_line(result: Result) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("olygraph: error: ")
    return lines[0]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_seed_event_results_table(engine: str) -> None:
    result = run("event-results", "--engine", engine)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == SEED_RESULTS


def test_list() -> None:
    result = run("--list")
    assert result.exit_code == 0
    for name in ("medal-table", "event-results", "discrepancies", "provenance"):
        assert name in result.stdout
    assert "--param event=…  (event, single)" in result.stdout


def test_medal_table_per_games() -> None:
    result = run("medal-table", str(FIXTURE), "--param", "games=1928-winter")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "noc  name           gold  silver  bronze  total",
        "---  -------------  ----  ------  ------  -----",
        "FIN  Finland           1       0       0      1",
        "NOR  Norway            1       0       0      1",
        "USA  United States     0       0       1      1",
    ]


def test_csv_tsv_json() -> None:
    args = ("record-progression", "-p", "event=1928-summer/cycling/mens-track-time-trial")
    data = run(*args, str(FIXTURE), "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(data)))
    assert rows[0][:4] == ["event", "stage", "order", "kind"]
    assert rows[1][:2] == [f"{BASE}event/1928-summer/cycling/mens-track-time-trial", "standing"]
    assert run(*args, str(FIXTURE), "--format", "csv").stdout_bytes.endswith(b",,,\r\n")
    tsv = run(*args, str(FIXTURE), "-f", "tsv").stdout.splitlines()
    assert tsv[0].split("\t")[:3] == ["?event", "?stage", "?order"]
    assert tsv[2].split("\t")[2:4] == ["1", '"olympic"']
    assert '"1927-06-01"^^<http://www.w3.org/2001/XMLSchema#date>' in tsv[1]
    doc = json.loads(run(*args, str(FIXTURE), "-f", "json").stdout)
    assert doc["head"]["vars"][0] == "event"
    first = doc["results"]["bindings"][1]
    assert first["mark"] == {
        "type": "literal",
        "value": "76.0",
        "datatype": "http://www.w3.org/2001/XMLSchema#decimal",
    }
    assert "order" not in doc["results"]["bindings"][0]  # unbound: left out


def test_user_query_file_and_construct(tmp_path: Path) -> None:
    select = tmp_path / "gold.rq"
    select.write_text(
        "# title: Golds\n"
        "PREFIX oly: <https://w3id.org/olygraph/ontology#>\n"
        "SELECT ?award WHERE { ?award oly:medal oly:GoldMedal }\n",
        encoding="utf-8",
    )
    result = run(str(select))
    assert result.exit_code == 0
    assert (
        result.stdout.splitlines()[2]
        == "event/1928-summer/cycling/mens-track-time-trial/medal/gold-1"
    )
    construct = tmp_path / "names.rq"
    construct.write_text(
        "PREFIX oly: <https://w3id.org/olygraph/ontology#>\n"
        "CONSTRUCT { ?a oly:name ?n } WHERE { ?a a oly:Athlete ; oly:name ?n }\n",
        encoding="utf-8",
    )
    result = run(str(construct))
    assert result.exit_code == 0
    assert "@prefix oly: <https://w3id.org/olygraph/ontology#> ." in result.stdout
    assert 'oly:name "Willy Hansen"' in result.stdout
    assert run(str(construct), "-f", "csv").exit_code == 2
    ask = tmp_path / "ask.rq"
    ask.write_text("ASK { ?s ?p ?o }\n", encoding="utf-8")
    assert run(str(ask)).stdout == "true\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("medals",), "unknown query 'medals'; bundled queries: athlete, "),
        (("provenance",), "provenance: missing parameter 'node'"),
        (("event-results", "-p", "evnt=x"), "unknown parameter 'evnt' (parameters: event)"),
        (("event-results", "-p", "event"), "--param 'event': expected NAME=VALUE"),
        (("event-results", "-p", f"event={DROP}"), f"event='{DROP}': not an event"),
        (("event-results", "-p", "event=1900/x/y"), f"no event <{BASE}event/1900/x/y> in"),
        (("event-results", "missing.ttl"), "missing.ttl: no such file"),
        (("missing.rq",), "missing.rq: no such query file"),
        (("event-results", "a.ttl", "--endpoint", NOWHERE), "give DATA files or --endpoint URL"),
        (("event-results", "--graph", "urn:x"), "--graph names graphs of an --endpoint"),
        (("event-results", "--endpoint", "ftp://x"), "expected an http:// or https:// URL"),
        (("event-results", "--endpoint", NOWHERE), f"{NOWHERE}: "),
    ],
)  # fmt: skip
def test_errors_are_one_line_exit_2(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in error_line(result)
    assert result.stdout == ""


def test_syntax_error_in_a_user_query(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: broken\nSELECT ?s WHERE { ?s ?p }\n", encoding="utf-8")
    result = run(str(bad))
    assert result.exit_code == 2
    assert f"{bad}:2:" in error_line(result)
    assert "SPARQL syntax error" in error_line(result)


def test_several_events_need_a_choice() -> None:
    result = run("nations", str(FIXTURE))
    assert result.exit_code == 2
    assert "several events (1928-summer/cycling/mens-track-time-trial, " in error_line(result)


def test_bad_article_reported_after_the_answer(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("no title here\n", encoding="utf-8")
    seed = tmp_path / "seed.txt"
    from olygraph.resources import seed_text

    seed.write_text(seed_text(), encoding="utf-8")
    result = run("medal-table", str(bad), str(seed))
    assert result.exit_code == 2
    assert "DEN" in result.stdout
    assert "bad.txt" in error_line(result)
    only_bad = run("medal-table", str(bad))
    assert only_bad.exit_code == 2 and only_bad.stdout == ""


# ------------------------------------------------------------------------------ formatting


def test_numbers_print_in_one_form() -> None:
    decimal = "http://www.w3.org/2001/XMLSchema#decimal"
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    from rdflib import Literal, URIRef

    assert str(canonical(Literal("76", datatype=URIRef(decimal)))) == "76.0"
    assert str(canonical(Literal("74.40", datatype=URIRef(decimal)))) == "74.4"
    assert str(canonical(Literal("007", datatype=URIRef(integer)))) == "7"
    assert nt_term(Literal("76", datatype=URIRef(decimal))) == "76.0"
    assert nt_term(Literal('a "b"\n')) == '"a \\"b\\"\\n"'


def test_table_aligns_and_keeps_rows_on_one_line() -> None:
    from rdflib import Literal

    rows = Rows(("name", "n"), ((Literal("a\nb"), Literal(5)), (None, Literal(12))))
    assert render(rows) == "name    n\n-----  --\na ⏎ b   5\n       12\n"
    assert render(Verdict(False), "json") == '{"head": {}, "boolean": false}\n'
