"""The SPARQL 1.1 Protocol over the served store: read-only, with a row limit and a time limit.

A query comes as ``GET ?query=``, ``POST`` of a form with ``query=`` or ``POST`` of an
``application/sparql-query`` body; an update (``update=``, ``application/sparql-update``, or an
update in ``query=``) is refused with 403. Results go out in the format asked for by ``Accept``:
SELECT and ASK as SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT and DESCRIBE as Turtle
(default), N-Triples or JSON-LD. JSON, CSV and TSV are written by :mod:`olygraph.query.results`,
the very bytes ``olygraph query --format json|csv|tsv`` writes.

Limits: at most ``max_rows`` rows (or triples) and ``timeout`` seconds. When a result is cut,
the response says so in the ``Olygraph-Truncated`` header (``rows 10000`` or ``time 10 s``);
every response states both limits (``Olygraph-Row-Limit``, ``Olygraph-Time-Limit``). A query
that gives no row within the time limit is answered 503 with the limit in the message (pyoxigraph
cannot stop a query: its worker thread runs on until the engine gives its first row or ends).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox
from rdflib import BNode, Literal

from olygraph.query.engines import _from_ox
from olygraph.query.named import one_line
from olygraph.query.results import CSV, JSON, TSV, Rows, Verdict, canonical, render

RESULT_TYPES: Final = {
    "application/sparql-results+json": JSON,
    "application/json": JSON,
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": CSV,
    "text/tab-separated-values": TSV,
}
GRAPH_TYPES: Final = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
_MEDIA: Final = {JSON: "application/sparql-results+json", "xml": "application/sparql-results+xml",
                 CSV: "text/csv", TSV: "text/tab-separated-values"}  # fmt: skip


class RefusedError(Exception):
    """A request the endpoint does not answer: status and one line saying why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True, slots=True)
class Limits:
    max_rows: int = 10_000
    timeout: float = 10.0


@dataclass(frozen=True, slots=True)
class Response:
    body: bytes
    media_type: str
    truncated: str | None = None


def accepted(accept: str, offered: tuple[str, ...]) -> str | None:
    """The first of ``offered`` with the highest quality in an Accept header (``*/*`` → the
    first offered), or None when nothing offered is acceptable."""
    best: tuple[float, int, str] | None = None
    for part in accept.split(","):
        kind, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    quality = float(p[2:])
                except ValueError:
                    quality = 0.0
        for i, media in enumerate(offered):
            major = media.split("/")[0]
            if kind.lower() in (media, "*/*", f"{major}/*") and quality > 0:
                rank = (quality, -i - (100 if "*" in kind else 0), media)
                if best is None or rank[:2] > best[:2]:
                    best = rank
    return None if best is None else best[2]


@dataclass(frozen=True, slots=True)
class Executed:
    """A query's result within the limits: rows (SELECT), a verdict (ASK) or triples."""

    result: Rows | Verdict | list[ox.Triple]
    truncated: str | None = None


def execute(store: ox.Store, text: str, limits: Limits) -> Executed:
    """Run ``text`` (a query, never an update or a federated call) within ``limits``."""
    check(text)
    try:
        answer = store.query(text)
    except SyntaxError as err:
        raise RefusedError(400, f"SPARQL syntax error: {one_line(err)}") from None
    except (OSError, RuntimeError, ValueError) as err:
        raise RefusedError(400, f"the query failed: {one_line(err)}") from None
    deadline = time.monotonic() + limits.timeout
    if isinstance(answer, ox.QueryBoolean):
        return Executed(Verdict(bool(answer)))
    if isinstance(answer, ox.QuerySolutions):
        names = tuple(v.value for v in answer.variables)
        solutions = (tuple(_from_ox(s[n]) for n in names) for s in answer)
        rows, cut = _take(solutions, limits, deadline)
        return Executed(Rows(names, tuple(rows)), cut)
    triples, cut = _take(iter(answer), limits, deadline)
    return Executed(triples, cut)


def run(store: ox.Store, text: str, accept: str, limits: Limits) -> Response:
    """Run ``text`` and write its result in the format ``accept`` asks for."""
    done = execute(store, text, limits)
    result = done.result
    if isinstance(result, Verdict | Rows):
        fmt = _results_format(accept)
        if fmt == "xml":
            body = _xml_rows(result) if isinstance(result, Rows) else _xml_boolean(result.value)
        else:
            body = render(result, fmt)
        return Response(body.encode(), _MEDIA[fmt], done.truncated)
    media = accepted(accept or "*/*", tuple(GRAPH_TYPES))
    if media is None:
        raise RefusedError(406, f"a graph result is given as {', '.join(GRAPH_TYPES)}")
    return Response(serialize_triples(result, media), media, done.truncated)


def serialize_triples(triples: list[ox.Triple], media: str) -> bytes:
    prefixes = _PREFIXES if media == "text/turtle" else None
    data = ox.serialize(triples, format=GRAPH_TYPES[media], prefixes=prefixes)
    return data or b""


def _results_format(accept: str) -> str:
    media = accepted(accept or "*/*", tuple(RESULT_TYPES))
    if media is None:
        raise RefusedError(406, f"results are given as {', '.join(RESULT_TYPES)}")
    return RESULT_TYPES[media]


def _take(items: Iterator[Any], limits: Limits, deadline: float) -> tuple[list[Any], str | None]:
    out: list[Any] = []
    for item in items:
        if len(out) >= limits.max_rows:
            return out, f"rows {limits.max_rows}"
        if time.monotonic() > deadline:
            if not out:
                raise RefusedError(503, f"the query gave no result within the time limit of "
                              f"{limits.timeout:g} s")  # fmt: skip
            return out, f"time {limits.timeout:g} s"
        out.append(item)
    return out, None


_UPDATE: Final = re.compile(
    r"^\s*(?:(?:#[^\n]*\n|PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)
_SERVICE: Final = re.compile(r"\bSERVICE\s+(?:SILENT\s+)?[<?$\w]", re.IGNORECASE)


def _is_update(text: str) -> bool:
    """True when ``text`` reads as a SPARQL update (its first keyword after the prologue)."""
    return _UPDATE.match(text) is not None


def check(text: str) -> None:
    """Refuse what this endpoint never runs: updates (403) and federated SERVICE calls, which
    would make the server send requests the query names (400)."""
    if _is_update(text):
        raise RefusedError(403, "this endpoint is read-only: updates are refused")
    if _SERVICE.search(text):
        raise RefusedError(400, "SERVICE (federated query) is not allowed on this endpoint")


_PREFIXES: Final = {
    "oly": "https://w3id.org/olygraph/ontology#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _xml_term(term: Any) -> str:
    term = canonical(term)
    if isinstance(term, Literal):
        attr = ""
        if term.language:
            attr = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype is not None:
            attr = f" datatype={quoteattr(str(term.datatype))}"
        return f"<literal{attr}>{xml_escape(str(term))}</literal>"
    tag = "bnode" if isinstance(term, BNode) else "uri"
    return f"<{tag}>{xml_escape(str(term))}</{tag}>"


def _xml_rows(result: Rows) -> str:
    head = "".join(f"<variable name={quoteattr(v)}/>" for v in result.variables)
    rows = []
    for row in result.rows:
        cells = "".join(
            f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
            for v, t in zip(result.variables, row, strict=True)
            if t is not None
        )
        rows.append(f"<result>{cells}</result>")
    return (
        '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
        f"<head>{head}</head><results>{''.join(rows)}</results></sparql>\n"
    )


def _xml_boolean(value: bool) -> str:
    return (
        '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
        f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
    )
