"""Query results, engine-neutral, and their output formats.

Every engine (rdflib, pyoxigraph, a remote endpoint) hands back one of three result kinds made of
rdflib terms: :class:`Rows` (SELECT), :class:`Verdict` (ASK) or :class:`Triples`
(CONSTRUCT/DESCRIBE). Formats: ``table`` (aligned columns for people), ``csv``, ``tsv`` and
``json`` (the W3C SPARQL 1.1 results formats); RDF results are written as Turtle.

Numbers are written in one canonical form whatever the engine returned (Oxigraph writes the
decimal ``76.0`` as ``76``, rdflib keeps ``76.0``), so every engine gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Final

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from olygraph.vocab import DEFAULT_BASE, PREFIXES

Term = URIRef | Literal | BNode
Cell = Term | None

TABLE, CSV, TSV, JSON = "table", "csv", "tsv", "json"
SELECT_FORMATS: Final[tuple[str, ...]] = (TABLE, CSV, TSV, JSON)

_INTEGERS: Final[frozenset[str]] = frozenset(
    str(XSD[name])
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
        "unsignedShort", "unsignedByte",
    )
)  # fmt: skip
_DECIMAL: Final = str(XSD.decimal)
_BOOLEAN: Final = str(XSD.boolean)
_NUMERIC: Final[frozenset[str]] = _INTEGERS | {_DECIMAL, str(XSD.double), str(XSD.float)}


@dataclass(frozen=True, slots=True)
class Rows:
    """A SELECT result: the projected variables and one tuple of terms (or None) per row."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def column(self, name: str) -> tuple[Cell, ...]:
        i = self.variables.index(name)
        return tuple(row[i] for row in self.rows)

    def dicts(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


@dataclass(frozen=True, slots=True)
class Verdict:
    """An ASK result."""

    value: bool


@dataclass(frozen=True, slots=True)
class Triples:
    """A CONSTRUCT or DESCRIBE result."""

    graph: Graph = field(compare=False)


Result = Rows | Verdict | Triples


def canonical(term: Cell) -> Cell:
    """The same value in one lexical form: integers and decimals canonical, xsd:string plain."""
    if not isinstance(term, Literal) or term.language is not None:
        return term
    dt = str(term.datatype) if term.datatype is not None else None
    if dt is None or dt == str(XSD.string):
        return Literal(str(term))
    text = str(term).strip()
    try:
        if dt in _INTEGERS:
            return Literal(str(int(text)), datatype=term.datatype)
        if dt == _DECIMAL:
            return Literal(_decimal_text(Decimal(text)), datatype=term.datatype)
    except (ValueError, InvalidOperation):
        return term
    if dt == _BOOLEAN and text in ("1", "0"):
        return Literal("true" if text == "1" else "false", datatype=term.datatype)
    return term


def _decimal_text(value: Decimal) -> str:
    """XSD 1.0 canonical decimal: at least one digit either side of the point, no extra zeros."""
    text = format(value, "f")
    if "." not in text:
        return f"{text}.0"
    whole, frac = text.split(".")
    return f"{whole}.{frac.rstrip('0') or '0'}"


def value_key(term: Cell) -> object:
    """A key that is equal for equal values (``76.0`` and ``76``), for comparing results."""
    term = canonical(term)
    if isinstance(term, Literal) and term.datatype is not None:
        dt = str(term.datatype)
        if dt in _NUMERIC:
            try:
                return ("number", Decimal(str(term)))
            except InvalidOperation:
                return ("literal", str(term), dt)
        return ("literal", str(term), dt)
    if isinstance(term, Literal):
        return ("literal", str(term), term.language)
    if term is None:
        return None
    return (type(term).__name__, str(term))


# --------------------------------------------------------------------------------- rendering


def render(
    result: Result,
    fmt: str = TABLE,
    *,
    base: str = DEFAULT_BASE,
    hide: Collection[str] = (),
) -> str:
    """``result`` as text. ``hide`` drops columns from the table format only."""
    if isinstance(result, Triples):
        return turtle(result.graph)
    if isinstance(result, Verdict):
        return _render_verdict(result, fmt)
    if fmt == TABLE:
        shown = [v for v in result.variables if v not in hide]
        return table(result, shown, base)
    if fmt == CSV:
        return _csv(result)
    if fmt == TSV:
        return _tsv(result)
    if fmt == JSON:
        return _json(result)
    raise ValueError(f"unknown format {fmt!r}")


def turtle(graph: Graph) -> str:
    g = Graph()
    for prefix, ns in PREFIXES:
        g.bind(prefix, ns, override=True, replace=True)
    for triple in graph:
        g.add(triple)
    return g.serialize(format="turtle")


def _render_verdict(result: Verdict, fmt: str) -> str:
    word = "true" if result.value else "false"
    if fmt == JSON:
        return json.dumps({"head": {}, "boolean": result.value}) + "\n"
    if fmt == CSV:
        return f"_askResult\r\n{word}\r\n"
    if fmt == TSV:
        return f"?_askResult\n{word}\n"
    return word + "\n"


def table(result: Rows, columns: Sequence[str], base: str = DEFAULT_BASE) -> str:
    """Aligned columns, a rule under the header; numbers right-aligned; '' for unbound."""
    index = [result.variables.index(c) for c in columns]
    cells = [[cell_text(row[i], base) for i in index] for row in result.rows]
    numeric = [all(_is_number(row[i]) for row in result.rows if row[i] is not None) for i in index]
    widths = [max([len(c), *(len(r[k]) for r in cells)]) for k, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [line(list(columns)), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in cells)
    return "\n".join(out) + "\n"


def _is_number(term: Cell) -> bool:
    return isinstance(term, Literal) and str(term.datatype) in _NUMERIC


_NAMESPACES: Final = sorted(PREFIXES, key=lambda p: -len(p[1]))


def cell_text(term: Cell, base: str) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        if base and text.startswith(base) and len(text) > len(base):
            return text[len(base) :]
        for prefix, ns in _NAMESPACES:
            if text.startswith(ns) and len(text) > len(ns):
                return f"{prefix}:{text[len(ns) :]}"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    text = str(canonical(term))
    return text.replace("\r", "").replace("\n", " ⏎ ").replace("\t", " ")


def _plain(term: Cell) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(canonical(term))


def _csv(result: Rows) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_plain(t) for t in row])
    return buf.getvalue()


_ESCAPES: Final = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_BARE: Final = {
    str(XSD.integer): re.compile(r"[+-]?\d+"),
    _DECIMAL: re.compile(r"[+-]?\d*\.\d+"),
    _BOOLEAN: re.compile(r"true|false"),
}


def nt_term(term: Cell) -> str:
    """A term in N-Triples syntax (integers, decimals and booleans bare, as Turtle allows)."""
    term = canonical(term)
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = str(term)
    dt = str(term.datatype) if term.datatype is not None else None
    if dt in _BARE and _BARE[dt].fullmatch(text):
        return text
    quoted = '"' + "".join(_ESCAPES.get(ch, ch) for ch in text) + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    return f"{quoted}^^<{dt}>" if dt else quoted


def _tsv(result: Rows) -> str:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines.extend("\t".join(nt_term(t) for t in row) for row in result.rows)
    return "\n".join(lines) + "\n"


def json_term(term: Term) -> dict[str, str]:
    term = canonical(term)  # type: ignore[assignment]
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def _json(result: Rows) -> str:
    bindings = [
        {v: json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def term_from_json(binding: dict[str, str]) -> Term:
    """A SPARQL JSON results binding (``uri``/``literal``/``typed-literal``/``bnode``) as a term."""
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    lang, datatype = binding.get("xml:lang"), binding.get("datatype")
    if lang:
        return Literal(value, lang=lang)
    if datatype and datatype != str(XSD.string):
        return Literal(value, datatype=URIRef(datatype))
    return Literal(value)


# ------------------------------------------------------------------ parameter values → terms

#: node types of parameters: the path segments their ids live under, and their classes
KINDS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "games": (("games",), ("Games",)),
    "event": (("event",), ("Event",)),
    "competitor": (("athlete", "team"), ("Athlete", "Team")),
    "noc": (("noc",), ("NOC",)),
}
_EXAMPLES: Final = {
    "games": "1928-summer",
    "event": "1928-summer/cycling/mens-track-time-trial",
    "competitor": "den/willy-hansen",
    "noc": "DEN",
}
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_PREFIXED: Final = dict(PREFIXES)
_SIMPLE: Final = {"integer": r"[+-]?\d+", "decimal": r"[+-]?(\d+\.?\d*|\.\d+)"}


class BadValueError(ValueError):
    """A parameter value that is not of its type; the message says what was expected."""


def value_term(kind: str, value: str, base: str = DEFAULT_BASE) -> Term:
    """The term for a parameter value of type ``kind`` (see :mod:`olygraph.query.named`)."""
    text = value.strip()
    if kind in KINDS:
        return _kind_iri(kind, text, base)
    if kind == "iri":
        iri = _absolute(text)
        expected = "an IRI, a prefixed name such as oly:mark, or a path under the base"
        return _checked(iri if iri is not None else base + text.lstrip("/"), expected)
    if kind == "string":
        return Literal(value)
    if kind == "boolean" and text.lower() in ("true", "false"):
        return Literal(text.lower() == "true")
    if kind == "date" and re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        return Literal(text, datatype=XSD.date)
    if kind in _SIMPLE and re.fullmatch(_SIMPLE[kind], text):
        return Literal(text, datatype=XSD[kind])
    raise BadValueError(f"a {kind}")


def guess_term(value: str) -> Term:
    """A value for a parameter that a query does not declare: IRI, number, boolean or string."""
    text = value.strip()
    iri = _absolute(text)
    if iri is not None and not _IRI_BAD.search(iri):
        return URIRef(iri)
    for kind in ("integer", "decimal"):
        if re.fullmatch(_SIMPLE[kind], text):
            return Literal(text, datatype=XSD[kind])
    if text in ("true", "false"):
        return Literal(text == "true")
    return Literal(value)


def _checked(iri: str, expected: str) -> URIRef:
    if _IRI_BAD.search(iri) or not _SCHEME.match(iri):
        raise BadValueError(expected)
    return URIRef(iri)


def _absolute(value: str) -> str | None:
    """``<IRI>``, ``prefix:local`` with a known prefix, or ``scheme://…``; else None."""
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    prefix, _, local = value.partition(":")
    if local and prefix in _PREFIXED:
        return _PREFIXED[prefix] + local
    return value if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", value) else None


def _kind_iri(kind: str, value: str, base: str) -> URIRef:
    segments = KINDS[kind][0]
    article = "an" if kind[0] in "aeiou" else "a"
    expected = f"{article} {kind} id (such as {_EXAMPLES[kind]}) or an IRI"
    iri = _absolute(value)
    if iri is not None:
        return _checked(iri, expected)
    path = value.strip("/")
    if not path.startswith(tuple(f"{s}/" for s in segments)):
        path = f"{segments[0]}/{path}"
    head, _, rest = path.partition("/")
    rest = rest.upper() if kind == "noc" else re.sub(r"\s+", "-", rest.lower())
    if not rest:
        raise BadValueError(expected)
    return _checked(f"{base}{head}/{rest}", expected)
