"""RDF terms written as SPARQL text, safely: the one place where a term becomes query text.

Parameters, graph names and constants of generated queries go through :func:`sparql_term`, which
refuses what it cannot write unambiguously (IRIs with characters SPARQL does not allow, blank
nodes, control characters, malformed language tags) instead of pasting text into a query.
"""

from __future__ import annotations

import re
from typing import Final

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from olygraph.errors import UnsafeTermError

Term = URIRef | BNode | Literal

_LANG = re.compile(r"[A-Za-z]+(-[A-Za-z0-9]+)*")
_IRI_OK = re.compile(r'[^\x00-\x20<>"{}|^`\\\x7f]+')
_ECHAR: Final = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def sparql_term(term: Term) -> str:
    """``term`` in SPARQL syntax; UnsafeTermError for what cannot be written safely."""
    if isinstance(term, URIRef):
        if not _IRI_OK.fullmatch(str(term)):
            raise UnsafeTermError(f"<{term}> is not an IRI that can be sent to an endpoint")
        return f"<{term}>"
    if isinstance(term, BNode):
        raise UnsafeTermError("a blank node cannot be sent to an endpoint as a parameter")
    text = str(term)
    if any(ord(ch) < 0x20 and ch not in _ECHAR for ch in text):
        raise UnsafeTermError(f"{text!r}: control characters cannot be sent to an endpoint")
    quoted = '"' + "".join(_ECHAR.get(ch, ch) for ch in text) + '"'
    if term.language:
        if not _LANG.fullmatch(term.language):
            raise UnsafeTermError(f"{term.language!r} is not a language tag")
        return f"{quoted}@{term.language}"
    if term.datatype is not None and term.datatype != XSD.string:
        return f"{quoted}^^{sparql_term(URIRef(term.datatype))}"
    return quoted
