"""Query definitions, parameters, safety, and the two local engines giving the same rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from olygraph.query import engines as endpoint
from olygraph.query import named as query
from olygraph.query import run as query_run
from olygraph.query.results import Rows, value_key
from olygraph.vocab import DEFAULT_BASE

XSD = "http://www.w3.org/2001/XMLSchema#"
OLY = "https://w3id.org/olygraph/ontology#"
ID = "https://w3id.org/olygraph/id/"
TT_ID = "1928-summer/cycling/mens-track-time-trial"
LEANDER = "1908-summer/rowing/mens-eight/leander-club"

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
FIXTURE = Path(__file__).parent / "queries" / "olympics.trig"
ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "articles"

#: parameters for the shared articles (several events, so the single ones must be given)
ARTICLE_PARAMS: dict[str, list[dict[str, str]]] = {
    "athlete": [{}, {"name": "Clas Thunberg"}, {"athlete": "usa/chris-von-saltza"}],
    "discrepancies": [{}],
    "event-results": [
        {"event": "1928-winter/speed-skating/mens-500-metres"},
        {"event": "1928-summer/diving/mens-3-metre-springboard"},
        {"event": "1960-summer/swimming/womens-100-metre-freestyle"},
    ],
    "events": [{}, {"games": "1920-summer"}],
    "games-summary": [{}],
    "medal-table": [{}, {"games": "1896-summer"}],
    "medalists": [{}, {"event": "1908-summer/rowing/mens-eight"}],
    "nations": [{"event": "1908-summer/rowing/mens-eight"}],
    "provenance": [{"node": "event/1928-winter/speed-skating/mens-500-metres"}],
    "record-progression": [{"event": "1928-winter/speed-skating/mens-500-metres"}],
}


def _by_value(answer: query_run.Answer) -> list[tuple[object, ...]]:
    assert isinstance(answer.result, Rows)
    return [tuple(value_key(c) for c in row) for row in answer.result.rows]


@pytest.fixture(scope="module")
def seed_engines() -> dict[str, endpoint.OxigraphEngine | endpoint.RdflibEngine]:
    return {e: endpoint.open_local([], e).engine for e in endpoint.ENGINES}


@pytest.fixture(scope="module")
def article_engines() -> dict[str, endpoint.OxigraphEngine | endpoint.RdflibEngine]:
    if not ARTICLES.is_dir():
        pytest.skip("../shared/articles is not beside this checkout")
    return {e: endpoint.open_local([ARTICLES], e).engine for e in endpoint.ENGINES}


@pytest.mark.parametrize("name", sorted(query.bundled()))
def test_engines_agree_on_the_seed(
    seed_engines: dict[str, endpoint.OxigraphEngine | endpoint.RdflibEngine], name: str
) -> None:
    params = (
        {"node": "event/1928-summer/cycling/mens-track-time-trial"} if name == "provenance" else {}
    )
    qdef = query.find_query(name)
    ox, rl = (_by_value(query_run.run(qdef, seed_engines[e], params)) for e in endpoint.ENGINES)
    assert ox == rl
    assert ox


@pytest.mark.parametrize("name", sorted(ARTICLE_PARAMS))
def test_engines_agree_on_the_shared_articles(
    article_engines: dict[str, endpoint.OxigraphEngine | endpoint.RdflibEngine], name: str
) -> None:
    qdef = query.find_query(name)
    for params in ARTICLE_PARAMS[name]:
        ox, rl = (
            _by_value(query_run.run(qdef, article_engines[e], params)) for e in endpoint.ENGINES
        )
        assert ox == rl, params


def test_seed_answers(
    seed_engines: dict[str, endpoint.OxigraphEngine | endpoint.RdflibEngine],
) -> None:
    engine = seed_engines["oxigraph"]
    table = query_run.run(query.find_query("medal-table"), engine).result
    assert isinstance(table, Rows)
    medals = [tuple(str(r[k]) for k in ("noc", "gold", "silver", "bronze")) for r in table.dicts()]
    assert medals == [("DEN", "1", "0", "0"), ("NED", "0", "1", "0"), ("AUS", "0", "0", "1")]
    records = query_run.run(query.find_query("record-progression"), engine).result
    assert isinstance(records, Rows)
    assert [(str(r["order"]), str(r["holder"]), str(r["text"])) for r in records.dicts()] == [
        ("1", "Octave Dayen", "1:16.0"),
        ("2", "Gerard Bosch van Drakestein", "1:15.2"),
        ("3", "Willy Hansen", "1:14.4"),
    ]
    conflicts = query_run.run(query.find_query("discrepancies"), engine).result
    assert isinstance(conflicts, Rows)
    got = [(str(r["subject"]).rsplit("/", 1)[-1], str(r["text"])) for r in conflicts.dicts()]
    assert got == [
        ("1", "1:14.4"), ("1", "1 minute, 14.4 seconds"), ("1", "1:14.4"), ("1", "1:14.2"),
        ("2", "1:15.2"), ("2", "1:15.1"),
    ]  # fmt: skip
    assert all(str(r["location"]).startswith("seed.txt:") for r in conflicts.dicts())


# ------------------------------------------------------------------------------- definitions


def test_header_is_read() -> None:
    qdef = query.find_query("event-results")
    assert qdef.title == "Results of one event"
    assert qdef.answers.startswith("Every result of one event in table order")
    assert "sources (infobox, prose)" in qdef.answers  # a continued line
    assert qdef.params == (
        query.Param(
            "event",
            "event",
            "single",
            "the event, as an id such as 1928-summer/cycling/mens-track-time-trial or an IRI; "
            "may be left out when the data holds a single event",
        ),
    )


def test_every_bundled_query_is_documented_and_prepares() -> None:
    queries = query.bundled()
    assert len(queries) >= 9
    for qdef in queries.values():
        assert qdef.title != qdef.name and qdef.answers
        assert query.prepare(qdef).form == "SELECT"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("# param: x (string, optional)", "bad param line"),
        ("# param: x — meaning (text, optional)", "TYPE one of"),
        ("# param: x — meaning (string, sometimes)", "MODE one of"),
    ],
)
def test_bad_param_lines(line: str, message: str) -> None:
    with pytest.raises(query.QueryDefinitionError, match=message):
        query.parse_header(f"{line}\nSELECT ?x WHERE {{ ?x ?p ?o }}", "t.rq", "t")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("SELECT ?s WHERE { ?s ?p ?o }", "has no \\?x"),
        ("SELECT ?s WHERE { ?s ?p ?x }", "must project \\?x"),
        ("SELECT ?s ?x WHERE { ?s ?p ?o FILTER(?o = ?x) }", "triple patterns only"),
        ("SELECT ?s ?x WHERE { ?s ?p ?o BIND(?o AS ?x) }", "triple patterns only"),
    ],
)
def test_parameter_rules(body: str, message: str) -> None:
    qdef = query.parse_header(f"# param: x — a value (string, optional)\n{body}", "t.rq", "t")
    with pytest.raises(query.QueryDefinitionError, match=message):
        query.prepare(qdef)


def test_syntax_error_names_the_place(tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    path.write_text("# title: bad\nSELECT ?s WHERE { ?s ?p }\n", encoding="utf-8")
    with pytest.raises(query.QuerySyntaxError, match=r"bad\.rq:2:\d+: SPARQL syntax error"):
        query.prepare(query.find_query(str(path)))


def test_updates_are_not_queries() -> None:
    qdef = query.parse_header("DROP ALL", "u.rq", "u")
    with pytest.raises(query.QuerySyntaxError):
        query.prepare(qdef)


def test_unknown_query() -> None:
    with pytest.raises(query.UnknownQueryError, match="medal-table"):
        query.find_query("medals")


# -------------------------------------------------------------------------------- parameters


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("games", "1928-summer", "games/1928-summer"),
        ("games", "1928 Summer", "games/1928-summer"),
        ("games", "games/1928-summer", "games/1928-summer"),
        ("event", "1928-summer/cycling/mens-track-time-trial", f"event/{TT_ID}"),
        ("competitor", "den/willy-hansen", "athlete/den/willy-hansen"),
        ("competitor", f"team/{LEANDER}", f"team/{LEANDER}"),
        ("noc", "den", "noc/DEN"),
        ("iri", "event/x", "event/x"),
    ],
)  # fmt: skip
def test_ids_become_iris_under_the_base(kind: str, value: str, expected: str) -> None:
    param = query.Param("p", kind, "optional")
    assert query_run.to_term(param, value) == URIRef(DEFAULT_BASE + expected)
    assert query_run.to_term(param, value, "http://example.org/") == URIRef(
        "http://example.org/" + expected
    )


def test_full_iris_and_prefixed_names() -> None:
    param = query.Param("p", "iri", "optional")
    assert query_run.to_term(param, "oly:competitorCount") == URIRef(
        "https://w3id.org/olygraph/ontology#competitorCount"
    )
    assert query_run.to_term(param, "<urn:x:y>") == URIRef("urn:x:y")
    assert query_run.to_term(param, "https://example.org/a") == URIRef("https://example.org/a")


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("string", ' "quoted" ', Literal(' "quoted" ')),
        ("integer", "1928", Literal("1928", datatype=URIRef(XSD + "integer"))),
        ("decimal", "74.2", Literal("74.2", datatype=URIRef(XSD + "decimal"))),
        ("boolean", "True", Literal(True)),
        ("date", "1928-08-05", Literal("1928-08-05", datatype=URIRef(XSD + "date"))),
    ],
)
def test_literal_parameters(kind: str, value: str, expected: Literal) -> None:
    assert query_run.to_term(query.Param("p", kind, "optional"), value) == expected


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("event", "} ; DROP ALL ; {"),
        ("event", "a b>"),
        ("games", "<http://x> <y>"),
        ("iri", "http://x/\nDROP ALL"),
        ("noc", "DEN}"),
        ("integer", "12a"),
        ("boolean", "yes"),
    ],
)
def test_invalid_values_are_one_line_errors(kind: str, value: str) -> None:
    with pytest.raises(query.ParameterError) as info:
        query_run.to_term(query.Param("p", kind, "optional"), value)
    assert "\n" not in str(info.value) and str(info.value).startswith("--param p=")


def test_unknown_and_missing_parameters(
    seed_engines: dict[str, endpoint.OxigraphEngine | endpoint.RdflibEngine],
) -> None:
    engine = seed_engines["oxigraph"]
    with pytest.raises(query.ParameterError, match="unknown parameter 'evnt'"):
        query_run.run(query.find_query("event-results"), engine, {"evnt": "x"})
    with pytest.raises(query.ParameterError, match="missing parameter 'node'"):
        query_run.run(query.find_query("provenance"), engine)
    with pytest.raises(query.ParameterError, match="expected NAME=VALUE"):
        query_run.parse_assignments(["event"])


def test_undeclared_parameters_of_a_user_query(
    seed_engines: dict[str, endpoint.OxigraphEngine | endpoint.RdflibEngine],
) -> None:
    text = (
        "PREFIX oly: <https://w3id.org/olygraph/ontology#>\n"
        "SELECT ?result ?rank WHERE { ?result a oly:Result ; oly:rank ?rank }"
    )
    qdef = query.parse_header(text, "mine.rq", "mine")
    for engine in seed_engines.values():
        answer = query_run.run(qdef, engine, {"rank": "9"})
        assert isinstance(answer.result, Rows) and len(answer.result.rows) == 2


@pytest.mark.parametrize("engine_name", endpoint.ENGINES)
@pytest.mark.parametrize(
    "value",
    ['"', "'", "{}", "} ; DROP ALL ; {", '" } ; DROP ALL ; { "', "a\nb", "<>", "\\u0022", "\\"],
)
def test_injection_is_inert_locally(
    seed_engines: dict[str, endpoint.OxigraphEngine | endpoint.RdflibEngine],
    engine_name: str,
    value: str,
) -> None:
    engine = seed_engines[engine_name]
    before = engine.size()
    answer = query_run.run(query.find_query("athlete"), engine, {"name": value})
    assert isinstance(answer.result, Rows) and answer.result.rows == ()
    for name, param in (("event-results", "event"), ("provenance", "node")):
        try:
            answer = query_run.run(query.find_query(name), engine, {param: value})
        except query.ParameterError as err:
            assert "\n" not in str(err)
        else:
            assert isinstance(answer.result, Rows) and answer.result.rows == ()
    assert engine.size() == before


def test_values_block_opens_the_where_group() -> None:
    """rdflib gets the parameters as a VALUES block put into the parsed query."""
    algebra = query.translate(
        "SELECT ?s ?x WHERE { ?s ?p ?x OPTIONAL { ?s ?q ?x } }", "t", {"x": Literal("a")}
    ).algebra
    text = str(algebra)
    assert text.index("values") < text.index("LeftJoin") or "ToMultiSet" in text


# ----------------------------------------------------------------------------------- loading


def test_rdf_files_and_articles_load_together(tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        f"<{ID}event/x> a <{OLY}Event> ; <{OLY}games> <{ID}games/1928-summer> .\n",
        encoding="utf-8",
    )
    seed_txt = tmp_path / "seed.txt"
    from olygraph.resources import seed_text

    seed_txt.write_text(seed_text(), encoding="utf-8")
    for engine in endpoint.ENGINES:
        data = endpoint.open_local([extra, seed_txt], engine)
        answer = query_run.run(query.find_query("events"), data.engine)
        assert isinstance(answer.result, Rows) and len(answer.result.rows) == 2


def test_broken_rdf_file_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    for engine in endpoint.ENGINES:
        with pytest.raises(endpoint.InputError, match=r"bad\.ttl"):
            endpoint.open_local([bad], engine)
