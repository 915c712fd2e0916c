"""What the data's terms surely are in the store, from their writing alone (for
:mod:`olygraph.validate.shacl.cleared`).

Terms are the mapping's plain strings (:mod:`olygraph.mapping.terms`): an IRI as is, a literal
as ``"\\x00" lexical "\\x00" datatype "\\x00" language``. Each test here answers True only
when the store (pyoxigraph, which reads numbers and dates by value) and pySHACL both surely
agree; anything else is False, which leaves the decision to the check's query.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, Final

from rdflib import Literal, URIRef
from rdflib.term import Node

from olygraph.mapping import terms
from olygraph.vocab import RDF, RDFS, SH, XSD

STRING: Final = str(XSD.string)
_INTEGER: Final = re.compile(r"[+-]?[0-9]{1,18}")
_DECIMAL: Final = re.compile(r"[+-]?(?:[0-9]{1,18}(?:\.[0-9]{0,18})?|\.[0-9]{1,18})")
_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INTEGER_IRI, _DECIMAL_IRI, _DATE_IRI = str(XSD.integer), str(XSD.decimal), str(XSD.date)
#: datatypes whose well-formed lexical forms this module recognises (sh:datatype)
_LEXICAL: Final[dict[str, Callable[[str], bool]]] = {
    _INTEGER_IRI: lambda lex: _INTEGER.fullmatch(lex) is not None,
    _DECIMAL_IRI: lambda lex: _DECIMAL.fullmatch(lex) is not None,
    str(XSD.boolean): lambda lex: lex in ("true", "false", "1", "0"),
    _DATE_IRI: lambda lex: valid_date(lex),
}
#: each range parameter as a test of (value, bound)
RANGES: Final[dict[Node, Callable[[Any, Any], Any]]] = {
    SH.minInclusive: operator.ge, SH.maxInclusive: operator.le,
    SH.minExclusive: operator.gt, SH.maxExclusive: operator.lt,
}  # fmt: skip


def never(_v: str) -> bool:
    return False


def always(_v: str) -> bool:
    return True


def parts(v: str) -> tuple[str, str, str] | None:
    """(lexical form, datatype, language) of an encoded literal (:func:`terms.parts
    <olygraph.mapping.terms.parts>`, with a plain one's datatype as the store reads it:
    xsd:string, or rdf:langString with a language); None for an IRI."""
    found = terms.parts(v)
    if found is None:
        return None
    lexical, datatype, language = found
    return lexical, datatype or (str(RDF.langString) if language else STRING), language or ""


def key(v: str) -> str:
    """The term as the store holds it when that is sure from its writing alone (a plain
    literal is an xsd:string); other literals as written (then they match nothing here)."""
    lit = parts(v)
    if lit is None or lit[1] != STRING:
        return v
    return f"\x00{lit[0]}\x00{STRING}\x00"


def encoded(node: Node) -> str | None:
    """A shapes-graph term as :func:`key` writes the data's (None: a blank node)."""
    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, Literal):
        return key(terms.encode(node))
    return None


def exact(v: str) -> bool:
    """Whether the store holds ``v`` as the only way of writing its term (an IRI, a string)."""
    lit = parts(v)
    return lit is None or (lit[1] == STRING and not lit[2])


def datatype_test(expected: str) -> Callable[[str], bool]:
    """sh:datatype ``expected`` on an encoded value (a literal ends with its datatype and
    language: see :mod:`olygraph.mapping.terms`)."""
    if expected == str(RDFS.Literal):
        return lambda v: v.startswith("\x00")
    if expected == str(RDF.langString):
        return lambda v: v.startswith("\x00") and not v.endswith("\x00")
    tail = f"\x00{expected}\x00"
    if expected == STRING:
        return lambda v: v.startswith("\x00") and (v.endswith(tail) or v.endswith("\x00\x00"))
    lexical = _LEXICAL.get(expected)
    if lexical is None:
        return never
    cut = len(tail)
    return lambda v: v.startswith("\x00") and v.endswith(tail) and lexical(v[1:-cut])


def valid_date(lexical: str) -> bool:
    if _DATE.fullmatch(lexical) is None or lexical.startswith("0000"):
        return False
    try:
        date.fromisoformat(lexical)
    except ValueError:
        return False
    return True


def number(lexical: str, datatype: str) -> Decimal | int | None:
    if datatype == _INTEGER_IRI and _INTEGER.fullmatch(lexical):
        return int(lexical)
    if datatype == _DECIMAL_IRI and _DECIMAL.fullmatch(lexical):
        return Decimal(lexical)
    return None


def range_test(p: Node, bound: Node) -> Callable[[str], bool]:
    """A value against a range bound, when both are numbers (integers, decimals) or both
    dates, as this module reads them."""
    if not isinstance(bound, Literal):
        return never
    b_dt = str(bound.datatype) if bound.datatype else STRING
    compare = RANGES[p]
    limit = number(str(bound), b_dt)
    is_date = b_dt == _DATE_IRI and valid_date(str(bound))

    def test(v: str) -> bool:
        lit = parts(v)
        if lit is None:
            return False
        lexical, datatype, _ = lit
        if limit is not None:
            value = number(lexical, datatype)
            return value is not None and bool(compare(value, limit))
        return (
            is_date
            and datatype == _DATE_IRI
            and valid_date(lexical)
            and bool(compare(lexical, str(bound)))
        )

    return test


def pattern(matcher: re.Pattern[str], v: str) -> bool:
    """pySHACL's sh:pattern (:func:`olygraph.validate.shacl.pychecks.pattern_test`) on an
    IRI or a string, whose text the store keeps as written."""
    lit = parts(v)
    if lit is None:
        text = v
    elif lit[1] == STRING and not lit[2]:
        text = lit[0]
    else:
        return False
    return matcher.search(text) is not None
