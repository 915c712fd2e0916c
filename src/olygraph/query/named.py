"""Named SPARQL questions over the olygraph graph: definitions, parameters, running them.

A query is a ``.rq`` file (the bundled ones live in ``queries/``) whose first comment lines say
what it is::

    # title: Results of one event
    # answers: Every result of one event in table order …
    #   (a line indented by two or more spaces continues the field above)
    # param: event — the event, as an id or an IRI (event, single)

A ``param`` line names a variable of the query, what it means, its type and whether it is
``required``, ``optional`` (left unbound: no restriction) or ``single`` (may be left out when the
data holds exactly one node of its kind). Types: ``games``, ``event``, ``competitor`` and ``noc``
(an IRI, or an id under the base such as ``1928-summer``, ``den/willy-hansen``, ``DEN``), ``iri``
(an IRI, a prefixed name such as ``oly:mark``, or a path under the base), ``string``,
``integer``, ``decimal``, ``boolean`` and ``date``.

Values are bound as RDF terms, never pasted into query text: pyoxigraph gets them as
``substitutions``, rdflib as a VALUES block put into the parsed query at the start of its WHERE
group (and a remote endpoint as the same block, see :mod:`olygraph.query.remote`). So that every
engine
gives the same answer, a parameter must be projected by a SELECT query and may be used in triple
patterns (also inside OPTIONAL, EXISTS and sub-queries that project it), not in FILTER or BIND
expressions; :func:`prepare` checks this. Engines also differ on aggregates over unbound values
and on ORDER BY over a GROUP BY key that is not projected: bundled queries avoid both.

The default graph of every query is the union of all graphs of the data, as a set. This module
reads and checks queries; :mod:`olygraph.query.run` binds their parameters and runs them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from pyparsing import ParseException
from rdflib import Variable
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

from olygraph.errors import InputError, UsageError
from olygraph.query.results import Term
from olygraph.resources import data_dir

# ------------------------------------------------------------------------------------ errors


class QueryError(UsageError):
    """A query, one of its parameters or its data cannot be used (exit 2)."""


class UnknownQueryError(QueryError):
    """No bundled query has that name."""


class QuerySyntaxError(QueryError):
    """The query text is not SPARQL 1.1 (or is an update)."""


class QueryDefinitionError(QueryError):
    """The header of a query file, or how it uses its parameters, is wrong."""


class ParameterError(QueryError):
    """A parameter is unknown, missing, not a valid value, or names no node in the data."""


def one_line(err: BaseException, limit: int = 300) -> str:
    """The message of ``err`` on one line of at most ``limit`` characters, for error messages."""
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------------------- definitions

TYPES: Final[tuple[str, ...]] = (
    "games", "event", "competitor", "noc", "iri",
    "string", "integer", "decimal", "boolean", "date",
)  # fmt: skip
MODES: Final[tuple[str, ...]] = ("required", "optional", "single")


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str
    mode: str
    meaning: str = ""


@dataclass(frozen=True, slots=True)
class QueryDef:
    """One query: its name, where it came from, its text and what its header says."""

    name: str
    source: str
    text: str
    title: str
    answers: str = ""
    params: tuple[Param, ...] = ()

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


_FIELD = re.compile(r"#\s*(title|answers|param)\s*:\s*(.*?)\s*$", re.IGNORECASE)
_CONTINUED = re.compile(r"#\s{2,}(\S.*?)\s*$")
_PARAM = re.compile(r"(?P<name>[A-Za-z_]\w*)\s+[—–-]+\s+(?P<meaning>.*?)\s*\((?P<spec>[^()]*)\)$")


def parse_header(text: str, source: str, name: str) -> QueryDef:
    """Read the leading comment lines of a query; ``name`` is the title when none is given."""
    fields: list[list[str]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        if m := _FIELD.match(stripped):
            fields.append([m[1].lower(), m[2]])
        elif (m := _CONTINUED.match(line.rstrip())) and fields:
            fields[-1][1] = f"{fields[-1][1]} {m[1]}".strip()
    title = next((v for k, v in fields if k == "title"), name)
    answers = " ".join(v for k, v in fields if k == "answers")
    params = tuple(_param(v, source) for k, v in fields if k == "param")
    return QueryDef(name, source, text, title, answers, params)


def _param(text: str, source: str) -> Param:
    m = _PARAM.fullmatch(text)
    if not m:
        raise QueryDefinitionError(
            f"{source}: bad param line {text!r}; expected 'NAME — meaning (TYPE, MODE)'"
        )
    spec = [s.strip().lower() for s in m["spec"].split(",")]
    if len(spec) != 2 or spec[0] not in TYPES or spec[1] not in MODES:
        raise QueryDefinitionError(
            f"{source}: param {m['name']}: expected '(TYPE, MODE)' with TYPE one of "
            f"{', '.join(TYPES)} and MODE one of {', '.join(MODES)}, got ({m['spec']})"
        )
    return Param(m["name"], spec[0], spec[1], m["meaning"])


def read_query_file(path: Path, name: str | None = None) -> QueryDef:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), "no such query file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(path), f"cannot read the query file: {err}") from None
    return parse_header(text, str(path), name or path.stem)


def bundled(profile: str = "own") -> dict[str, QueryDef]:
    """The queries shipped with olygraph, by name: ``queries/*.rq`` for our own ontology,
    ``queries/<profile>/*.rq`` for another profile (``wikidata``)."""
    folder = data_dir("queries")
    if profile != "own":
        folder = folder / profile
    return {p.stem: read_query_file(p) for p in sorted(folder.glob("*.rq"))}


def listing(profile: str = "own") -> str:
    """The bundled queries: name, title and parameters, for ``olygraph query --list``."""
    queries = bundled(profile)
    width = max(len(n) for n in queries)
    lines: list[str] = []
    for name, qdef in queries.items():
        lines.append(f"{name.ljust(width)}  {qdef.title}")
        lines.extend(
            f"{'':{width}}    --param {p.name}=…  ({p.type}, {p.mode}) {p.meaning}"
            for p in qdef.params
        )
    return "\n".join(lines) + "\n"


def find_query(spec: str, profile: str = "own") -> QueryDef:
    """A bundled query of ``profile`` by name, or a ``.rq`` file by path."""
    if spec.endswith(".rq") or "/" in spec or "\\" in spec:
        return read_query_file(Path(spec))
    queries = bundled(profile)
    if spec not in queries:
        which = "bundled queries" if profile == "own" else f"bundled {profile} queries"
        raise UnknownQueryError(
            f"unknown query {spec!r}; {which}: {', '.join(queries)} "
            "(olygraph query --list), or give a FILE.rq"
        )
    return queries[spec]


# ------------------------------------------------------------------------------ preparation

_FORMS: Final = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


@dataclass(frozen=True, slots=True)
class Prepared:
    """A query checked by rdflib's parser: its form and the variables it can bind."""

    query: QueryDef
    form: str
    projected: tuple[str, ...]
    variables: frozenset[str]


def translate(text: str, source: str, bindings: Mapping[str, Term] | None = None) -> Query:
    """Parse and translate ``text``; with ``bindings``, a VALUES block opens the WHERE group."""
    try:
        tree = parseQuery(text)
        if bindings:
            inject_values(tree, bindings)
        return translateQuery(tree)
    except ParseException as err:
        raise QuerySyntaxError(
            f"{source}:{err.lineno}:{err.col}: SPARQL syntax error: {err.msg}"
        ) from None
    except QueryError:
        raise
    except Exception as err:  # rdflib reports unknown prefixes and the like this way
        raise QuerySyntaxError(f"{source}: not a valid SPARQL query: {err}") from None


def inject_values(tree: Any, bindings: Mapping[str, Term]) -> None:
    """Put ``VALUES (?a ?b) { (a b) }`` first in the WHERE group of a parsed query."""
    query = tree[1]
    where = query.get("where")
    if where is None:
        raise QueryDefinitionError("a query without a WHERE clause cannot take parameters")
    block = CompValue(
        "InlineData", var=[Variable(n) for n in bindings], value=[list(bindings.values())]
    )
    if where.name == "SubSelect":
        wrapped = CompValue("GroupOrUnionGraphPattern", graph=[where])
        query["where"] = CompValue("GroupGraphPatternSub", part=[block, wrapped])
    else:
        where["part"] = [block, *(where.get("part") or [])]


@lru_cache(maxsize=64)
def prepare(qdef: QueryDef) -> Prepared:
    """Check the syntax and how parameters are used; raise QueryError with one clear line."""
    algebra = translate(qdef.text, qdef.source).algebra
    form = _FORMS.get(algebra.name)
    if form is None:
        raise QuerySyntaxError(f"{qdef.source}: only SELECT, ASK, CONSTRUCT and DESCRIBE run")
    projected = tuple(str(v) for v in algebra.get("PV") or ())
    variables = frozenset(re.findall(r"[?$]([A-Za-z_]\w*)", qdef.text))
    names = {p.name for p in qdef.params}
    for name in sorted(names):
        if name not in variables:
            raise QueryDefinitionError(f"{qdef.source}: param {name}: the query has no ?{name}")
        if form == "SELECT" and name not in projected:
            raise QueryDefinitionError(
                f"{qdef.source}: param {name}: a SELECT query must project ?{name}"
            )
    misused = sorted(names & _expression_vars(algebra))
    if misused:
        raise QueryDefinitionError(
            f"{qdef.source}: param {misused[0]}: use a parameter in triple patterns only, "
            "not in FILTER, BIND or VALUES (engines bind it differently there)"
        )
    return Prepared(qdef, form, projected, variables)


_EXPRESSION_KEYS: Final = {"Filter": {"expr"}, "Extend": {"expr", "var"}, "LeftJoin": {"expr"}}


def _expression_vars(node: object, in_expr: bool = False) -> set[str]:
    """Variables used in expressions, BIND targets and VALUES (not inside EXISTS patterns)."""
    found: set[str] = set()
    if isinstance(node, Variable):
        if in_expr and not str(node).startswith("__agg_"):
            found.add(str(node))
    elif isinstance(node, CompValue):
        if node.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            return _expression_vars(node.get("graph"))
        if node.name == "Extend" and str(node.get("expr")).startswith("__agg_"):
            return _expression_vars(node.get("p"))  # GROUP BY key carried to the projection
        keys = _EXPRESSION_KEYS.get(node.name, set())
        for key, value in node.items():
            if not key.startswith("_"):
                found |= _expression_vars(value, in_expr or key in keys)
    elif isinstance(node, dict):
        for key, value in node.items():
            found |= _expression_vars(key, True) | _expression_vars(value, in_expr)
    elif isinstance(node, list | tuple):
        for item in node:
            found |= _expression_vars(item, in_expr)
    return found
