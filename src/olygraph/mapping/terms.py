"""Literals for the mapping, made once per distinct value (issue 19).

An rdflib ``Literal`` is slow to make (its constructor casts and normalises the value), and a
corpus states the same values over and over: line numbers, booleans, parts and sections of
articles, ranks, years, kinds of rounds, NOC codes. Literals are immutable, so the mapping
asks :func:`lit` for them and gets the one already made for an equal value. The cache is
bounded (emptied when full), so memory does not grow with the corpus.
"""

from __future__ import annotations

from typing import Final

from rdflib import Literal, URIRef

_MAX: Final = 8_192  # recurring values fit; the bound keeps each worker small
_CACHE: dict[tuple[type, object, URIRef | None], Literal] = {}
#: the plain-string form (:func:`olygraph.mapping.stream.obj`) of each literal in ``_CACHE``, by
#: its ``id``: an rdflib term hashes slowly (in Python), an ``int`` does not. Safe because every
#: literal it names is kept alive by ``_CACHE``, and both are emptied together.
ENCODED: dict[int, str] = {}


def encode(o: Literal) -> str:
    """A literal as a plain string: ``\\x00lexical\\x00datatype\\x00language`` (no IRI starts
    with a NUL, and neither a datatype nor a language tag holds one)."""
    return f"\x00{o}\x00{o.datatype or ''}\x00{o.language or ''}"


def lit(value: object, datatype: URIRef | None = None) -> Literal:
    """``Literal(value, datatype=datatype)``, shared with earlier calls for an equal value
    of the same Python type (``1`` and ``True`` are equal in Python, not as literals)."""
    key = (type(value), value, datatype)
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) >= _MAX:
            _CACHE.clear()
            ENCODED.clear()
        found = _CACHE[key] = Literal(value, datatype=datatype)
        ENCODED[id(found)] = encode(found)
    return found
