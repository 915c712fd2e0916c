"""SHACL's rules for the pre-bound variables of a SHACL-SPARQL query, and the query text as
tokens.

SHACL pre-binds ``$this`` (and ``$shapesGraph``, ``$currentShape``) and says a validator must
fail on a query that breaks the rules that make pre-binding well defined: no ``MINUS``,
``VALUES`` or ``SERVICE``, never ``AS`` a pre-bound variable, and every subquery selects
``$this``. Those raise :class:`~olygraph.validate.shacl.model.PreBindingError` (an error,
exit 2); what the fast engine merely does not implement raises
:class:`~olygraph.validate.shacl.model.UnsupportedShape` (pySHACL then runs). ``$shapesGraph``
names a copy of the shapes graph in the store (:data:`SHAPES_GRAPH`), ``$currentShape`` the
shape's IRI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Final

from olygraph.validate.shacl.lateral import skip_construct
from olygraph.validate.shacl.model import PreBindingError, UnsupportedShape

_TOKEN: Final = re.compile(
    r"""(?P<ws>\s+)
    |(?P<comment>\#[^\n]*)
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
        |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    |(?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\U000effff]+)
    |(?P<open>\{)|(?P<close>\})|(?P<lpar>\()|(?P<rpar>\))
    |(?P<word>[A-Za-z_][A-Za-z0-9_]*(?=\s*\())
    |(?P<punct>[;,])
    |(?P<other>[^\s{}()"'<#?$;,]+|[<?$])""",
    re.VERBOSE,
)
#: what SHACL forbids in a query with pre-bound variables (an error), and what this engine does
#: not support (pySHACL then runs)
_BREAKS_PREBINDING: Final = {"MINUS", "VALUES", "SERVICE"}
_FORBIDDEN: Final = {"GRAPH", "FROM", "LIMIT", "OFFSET", "LOAD"}
_PREBOUND: Final = {"currentShape", "shapesGraph"}
#: the named graph of the store holding a copy of the shapes graph, for ``$shapesGraph``
SHAPES_GRAPH: Final = "<urn:olygraph:shacl:shapes>"


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    text: str

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind in ("other", "word") else ""

    @property
    def var(self) -> str | None:
        return self.text[1:] if self.kind == "var" else None


def tokenize(text: str) -> list[Token]:
    out: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise UnsupportedShape(f"cannot read the SPARQL query near {text[pos : pos + 30]!r}")
        kind, word = m.lastgroup or "other", m.group()
        if kind == "other" and ":" in word and word.endswith(".") and len(word) > 1:
            out += [Token(kind, word[:-1]), Token(kind, ".")]  # ex:name. ends a triple
        else:
            out.append(Token(kind, word))
        pos = m.end()
    return out


def substitute(
    tokens: list[Token], path: str | None, where: str, prebound: dict[str, str | None]
) -> list[Token]:
    """``$PATH`` and the other pre-bound variables (``prebound``: name → SPARQL term, None
    when it cannot be written) written in; ``BOUND`` of a pre-bound variable is true."""
    out: list[Token] = []
    sig = [i for i, t in enumerate(tokens) if t.kind not in ("ws", "comment")]
    skip_to = -1
    for i, tok in enumerate(tokens):
        if i <= skip_to:
            continue
        name = tok.var
        if tok.upper == "BOUND":
            n = sig.index(i)
            after = [tokens[j] for j in sig[n + 1 : n + 4]]
            if len(after) == 3 and after[1].var in prebound and after[2].kind == "rpar":
                out += [Token("lpar", "("), Token("other", "true"), Token("rpar", ")")]
                skip_to = sig[n + 3]
                continue
        if name in prebound:
            term = prebound[name]
            if term is None:
                raise UnsupportedShape(f"{where}: ${name} is a blank node")
            out.append(Token("iri", term))
        elif name in _PREBOUND:
            raise UnsupportedShape(f"{where}: ${name} is not supported")
        elif name == "PATH":
            if path is None:
                raise UnsupportedShape(f"{where}: $PATH in a constraint of a node shape")
            out.append(Token("path", path))
        else:
            out.append(tok)
    return out


def check_words(tokens: list[Token], sig: list[int], where: str) -> None:
    for n, i in enumerate(sig):
        word = tokens[i].upper
        if word in _BREAKS_PREBINDING:
            raise PreBindingError(f"{where}: {word} is not allowed in a SPARQL constraint "
                                  "(SHACL's rules for pre-bound variables)")  # fmt: skip
        if word == "GRAPH" and n + 1 < len(sig) and tokens[sig[n + 1]].text == SHAPES_GRAPH:
            _no_this_in_graph(tokens, sig, n, where)
        elif word in _FORBIDDEN:
            raise UnsupportedShape(f"{where}: {word} is not supported in a SPARQL constraint")


def check_as(tokens: list[Token], where: str) -> None:
    sig = [t for t in tokens if t.kind not in ("ws", "comment")]
    for tok, nxt in pairwise(sig):
        if tok.upper == "AS" and nxt.var in ("this", *_PREBOUND):
            raise PreBindingError(f"{where}: the query binds ${nxt.var} (AS ${nxt.var}), which "
                                  "SHACL's rules for pre-bound variables forbid")  # fmt: skip


def _no_this_in_graph(tokens: list[Token], sig: list[int], n: int, where: str) -> None:
    """``GRAPH $shapesGraph { … }`` must not mention ``$this`` (a focus node of the data)."""
    depth = 0
    for i in sig[n + 2 :]:
        depth += (tokens[i].kind == "open") - (tokens[i].kind == "close")
        if tokens[i].var == "this":
            raise UnsupportedShape(f"{where}: $this inside GRAPH $shapesGraph")
        if depth == 0:
            return


def in_scope(tokens: list[Token], sig: list[int], pairs: dict[int, int], start: int) -> bool:
    """Whether ``$this`` is in scope in the WHERE clause of the SELECT at ``start``: it occurs
    outside FILTERs and outside parentheses (expressions)."""
    body = next(i for i in sig if i > start and tokens[i].kind == "open")
    n = sig.index(body) + 1
    depth = 0
    while sig[n] < pairs[body]:
        tok = tokens[sig[n]]
        if tok.upper == "FILTER":
            n = skip_construct(tokens, sig, pairs, n)  # type: ignore[arg-type]
            continue
        depth += (tok.kind == "lpar") - (tok.kind == "rpar")
        if depth == 0 and tok.var == "this":
            return True
        n += 1
    return False
