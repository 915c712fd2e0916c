"""Queries on a SPARQL 1.1 endpoint: the remote engine and parameters written into query text.

A remote endpoint is queried over the SPARQL protocol (SPARQLWrapper, POST). Queries read the
endpoint's default graph: load olygraph's union there (``olygraph export`` Turtle, Graph Store
``POST …?default``), or into one named graph and pass ``--graph IRI`` (sent as
``default-graph-uri``). Naming several graphs that share triples is unsafe: Oxigraph, for one,
joins over them as a multiset and counts a triple stated in two graphs twice.

Parameters travel to an endpoint as a VALUES block that opens the WHERE group, each value written
by :func:`sparql_term` from a checked RDF term; the query is parsed again and must give the same
algebra as binding the terms into the parsed query, or it is not sent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

from rdflib import Graph
from rdflib.plugins.sparql.parser import parseQuery
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from olygraph.errors import EXIT_INPUT, OlygraphError
from olygraph.query.named import ParameterError, Prepared, QueryError, one_line, translate
from olygraph.query.results import Result, Rows, Term, Triples, Verdict, term_from_json
from olygraph.write.sparql import sparql_term


class EndpointError(OlygraphError):
    """The SPARQL endpoint cannot be reached or refused the query."""

    exit_code = EXIT_INPUT


# ---------------------------------------------------------------------------- remote endpoint


class RemoteEngine:
    """A SPARQL 1.1 endpoint; ``graphs`` (if any) are merged into the query's default graph."""

    name = "endpoint"

    def __init__(self, url: str, graphs: Sequence[str] = (), timeout: int = 60) -> None:
        if not re.match(r"https?://", url):
            raise QueryError(f"--endpoint {url!r}: expected an http:// or https:// URL")
        self.url = url
        self.graphs = tuple(graphs)
        self.timeout = timeout

    def run(self, prepared: Prepared, bindings: Mapping[str, Term]) -> Result:
        text = bind_text(prepared, bindings) if bindings else prepared.query.text
        client = SPARQLWrapper(self.url)
        client.setMethod(POST)
        client.setTimeout(self.timeout)
        client.setQuery(text)
        for graph in self.graphs:
            client.addDefaultGraph(graph)
        if prepared.form in ("SELECT", "ASK"):
            client.setReturnFormat(JSON)
        else:
            client.addCustomHttpHeader("Accept", "application/n-triples, text/turtle;q=0.9")
        try:
            response = client.query().response
            body, ctype = response.read(), response.headers.get("Content-Type", "")
        except (SPARQLWrapperException, OSError) as err:
            raise EndpointError(f"{self.url}: {one_line(err)}") from None
        if prepared.form in ("SELECT", "ASK"):
            return _from_json(body, self.url, ask=prepared.form == "ASK")
        fmt = "nt" if "n-triples" in ctype else "xml" if "rdf+xml" in ctype else "turtle"
        try:
            return Triples(Graph().parse(data=body, format=fmt))
        except Exception as err:
            raise EndpointError(f"{self.url}: unreadable RDF answer: {one_line(err)}") from None


def _from_json(body: bytes, url: str, *, ask: bool = False) -> Result:
    """SPARQL JSON results. Virtuoso 7 answers some ASK queries (those with a VALUES block) as
    one row of one variable (``__ASK_RETVAL``, 1 or 0) instead of ``{"boolean": …}``."""
    try:
        doc = json.loads(body)
        if "boolean" in doc:
            return Verdict(bool(doc["boolean"]))
        names = tuple(doc["head"]["vars"])
        if ask:
            rows = doc["results"]["bindings"]
            value = str(rows[0][names[0]]["value"]) if rows and len(names) == 1 else "0"
            return Verdict(value.strip().lower() in ("1", "true"))
        rows = tuple(
            tuple(term_from_json(b[n]) if n in b else None for n in names)
            for b in doc["results"]["bindings"]
        )
    except (ValueError, KeyError, TypeError) as err:
        raise EndpointError(f"{url}: not a SPARQL JSON result: {one_line(err)}") from None
    return Rows(names, rows)


# ------------------------------------------------------------------ binding into query text

_TOKEN = re.compile(
    r'(?P<skip>#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>|[?$]\w+)'
    r"|(?P<word>[A-Za-z_][\w:.-]*)|(?P<char>[{}()])|\s+|.",
    re.DOTALL,
)


def _where_group(text: str, form: str) -> tuple[int, int]:
    """Offsets of the ``{`` and ``}`` of the WHERE group of a query, found by a small lexer."""
    depth = parens = 0
    groups: list[tuple[int, int]] = []
    start, after_where = -1, -1
    for m in _TOKEN.finditer(text):
        if m["word"] and depth == 0 and parens == 0 and m["word"].upper() == "WHERE":
            after_where = len(groups)
        ch = m["char"]
        if ch in ("(", ")"):
            parens += 1 if ch == "(" else -1
        elif ch == "{":
            if depth == 0 and parens == 0:
                start = m.start()
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0 and parens == 0 and start >= 0:
                groups.append((start, m.start()))
    if after_where >= 0 and after_where < len(groups):
        return groups[after_where]
    index = 1 if form == "CONSTRUCT" and len(groups) > 1 else 0
    if not groups:
        raise QueryError("cannot find the WHERE group of the query")
    return groups[index]


def bind_text(prepared: Prepared, bindings: Mapping[str, Term]) -> str:
    """The query text with a VALUES block opening its WHERE group, checked by parsing it again."""
    qdef = prepared.query
    expected = translate(qdef.text, qdef.source, bindings).algebra
    names = " ".join(f"?{n}" for n in bindings)
    values = " ".join(sparql_term(t) for t in bindings.values())
    block = f"VALUES ({names}) {{ ({values}) }}"
    start, end = _where_group(qdef.text, prepared.form)
    inner = qdef.text[start + 1 : end]
    where = parseQuery(qdef.text)[1].get("where")
    if where is not None and where.name == "SubSelect":
        inner = f" {{{inner}}} "
    text = f"{qdef.text[: start + 1]} {block}\n{inner}{qdef.text[end:]}"
    try:
        same = translate(text, qdef.source).algebra == expected
    except QueryError:
        same = False
    if not same:
        raise ParameterError(
            f"{qdef.name}: the parameter values cannot be sent to an endpoint unchanged "
            "(for example a \\u escape in a string)"
        )
    return text
