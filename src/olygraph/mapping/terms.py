"""The mapping's terms as plain strings (issue 19).

The mapping states its triples with plain ``str`` terms, which hash, compare and sort in C and
are what the streaming writers write: an IRI as is (a ``URIRef`` is a ``str``; the builder keeps
it as a plain one), a literal encoded as ``"\\x00" lexical "\\x00" datatype "\\x00" language``
(:func:`encode`; no IRI holds a NUL, nor does a datatype or a language tag). Literals keep
rdflib's lexical forms: :func:`lit` asks rdflib for every value that is not a plain string, once
per distinct value (a corpus states the same line numbers, ranks, years, booleans over and over;
the cache is bounded), and :func:`term` turns an encoded term back into the rdflib term it was
made from, for the rdflib path (:func:`olygraph.mapping.article.build_dataset`).
"""

from __future__ import annotations

from typing import Final

from rdflib import Literal, URIRef
from rdflib.term import Identifier

#: a term of the mapping: an IRI, or a literal :func:`encode` wrote
Term = str

_MAX: Final = 8_192  # recurring values fit; the bound keeps each worker small
_CACHE: dict[tuple[type, object, str | None], str] = {}


def encode(o: Literal) -> str:
    """A literal as a plain string: ``\\x00lexical\\x00datatype\\x00language``."""
    return f"\x00{o}\x00{o.datatype or ''}\x00{o.language or ''}"


def lit(value: object, datatype: str | None = None) -> Term:
    """``Literal(value, datatype=datatype)`` encoded (:func:`encode`). A plain string is its own
    lexical form; any other value is cast by rdflib, once per equal value of the same Python
    type (``1`` and ``True`` are equal in Python, not as literals)."""
    if datatype is None and type(value) is str:
        return f"\x00{value}\x00\x00"
    key = (type(value), value, datatype)
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) >= _MAX:
            _CACHE.clear()
        dt = URIRef(datatype) if datatype is not None else None
        found = _CACHE[key] = encode(Literal(value, datatype=dt))
    return found


def parts(t: Term) -> tuple[str, str | None, str | None] | None:
    """The (lexical form, datatype, language) of an encoded literal; None for an IRI."""
    if not t.startswith("\x00"):
        return None
    lexical, datatype, language = t[1:].rsplit("\x00", 2)
    return lexical, datatype or None, language or None


def lexical(t: Term) -> str:
    """What ``str()`` of the rdflib term gives: a literal's lexical form, an IRI as is."""
    if not t.startswith("\x00"):
        return t
    return t[1:].rsplit("\x00", 2)[0]


def datatype_tail(datatype: str) -> str:
    """How every encoded literal of ``datatype`` (and no language) ends."""
    return f"\x00{datatype}\x00"


def term(t: Term) -> Identifier:
    """The rdflib term an encoded term stands for."""
    found = parts(t)
    if found is None:
        return URIRef(t)
    lex, datatype, language = found
    return Literal(lex, lang=language, datatype=URIRef(datatype) if datatype else None)
