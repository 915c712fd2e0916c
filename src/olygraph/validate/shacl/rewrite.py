"""A SHACL-SPARQL constraint (``sh:select``) rewritten to run once for all focus nodes.

SHACL pre-binds ``$this`` to one focus node at a time: the query is evaluated as if the focus
node were written in place of every ``$this``. Running it once per focus node is what makes
pySHACL slow. Here ``$this`` stays a variable and the focus nodes' pattern (``?this a
oly:Result``, from the shape's targets) is joined in at the start of every group graph pattern
that mentions ``$this``: the WHERE clause, each UNION branch, OPTIONAL part and subquery. Then
every group is evaluated with ``$this`` already bound to a focus node, as with the substitution,
and the answers are those of the per-node queries, each with its ``$this``. (Inside ``EXISTS`` /
``NOT EXISTS``, ``$this`` is bound by the enclosing solution, as in the substitution.)

This holds for the queries SHACL allows pre-binding in (no ``VALUES``, ``MINUS``, ``SERVICE``,
no ``AS $this``, subqueries project ``$this``), plus two rules that make the per-node and the
all-nodes evaluation the same: every aggregating query or subquery that mentions ``$this``
groups by it, and no such query uses ``LIMIT``/``OFFSET``. Anything else is rejected with
:class:`~olygraph.validate.shacl.model.UnsupportedShape`. The query text is tokenised (strings,
IRIs and
comments are never looked into); the inserted pattern and ``$PATH`` are generated from checked
terms; the result is parsed by the store before it runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from olygraph.validate.shacl.lateral import plan_group
from olygraph.validate.shacl.model import UnsupportedShape

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
_FORBIDDEN: Final = {"MINUS", "VALUES", "SERVICE", "GRAPH", "FROM", "LIMIT", "OFFSET", "LOAD"}
_AGGREGATES: Final = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}
_PREBOUND: Final = {"currentShape", "shapesGraph"}


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


@dataclass(frozen=True, slots=True)
class Rewritten:
    """The query to run and whether the original projected ``$this`` (pySHACL only names a
    focus node in a message, ``{$this}``, when the query projects it)."""

    text: str
    projects_this: bool


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


def rewrite(
    text: str,
    focus: str,
    path: str | None,
    where: str,
    str_text: Callable[[str], str] | None = None,
) -> Rewritten:
    """``text`` (a SHACL-SPARQL SELECT, without its prefixes) evaluated for every focus node:
    ``focus`` is a group-pattern fragment binding ``?this`` to each focus node, ``path`` the
    SPARQL text of the shape's path (for ``$PATH``), ``str_text`` writes a call of STR (to give
    rdflib's lexical forms, see :mod:`olygraph.validate.shacl.terms`). ``where`` names the shape."""
    str_text = str_text or _str
    tokens = tokenize(text)
    out = _substitute(tokens, path, where)
    sig = [i for i, t in enumerate(out) if t.kind not in ("ws", "comment")]
    _check_words(out, sig, where)
    pairs = _braces(out, sig, where)
    selects = [i for i in sig if out[i].upper == "SELECT"]
    if not selects or selects[0] != sig[0]:
        raise UnsupportedShape(f"{where}: sh:select must be a SELECT query")
    inject: set[int] = set()
    groups: dict[int, bool] = {}  # every group → whether it is inside EXISTS
    for n, start in enumerate(selects):
        inject |= _check_select(out, sig, pairs, start, n == 0, where, groups)

    def render(toks: list[Token]) -> str:
        return _plain(toks, str_text)

    replace: dict[int, tuple[int, str]] = {}
    before: dict[int, str] = {}
    after_text: dict[int, str] = {}
    headed: set[int] = set()
    for group, in_exists in groups.items():
        outside = out[:group] + out[pairs[group] :]
        bound = {"this"} | {t.var for t in outside if t.var is not None} if in_exists else set()
        head = f"{focus}" if group in inject else None
        plan = plan_group(out, sig, pairs, group, bound, head, render)  # type: ignore[arg-type]
        replace.update(plan.spans)
        before.update(plan.before)
        after_text.update(plan.after)
        if plan.head_used:
            headed.add(group)
    projects_this = _projected(out, sig, selects[0])
    modifier = sig[sig.index(selects[0]) + 1]
    add_this_after = modifier if out[modifier].upper in ("DISTINCT", "REDUCED") else selects[0]
    pieces: list[str] = []
    i = 0
    while i < len(out):
        if i in replace:
            end, chained = replace[i]
            pieces.append(chained)
            i = end
            continue
        call = _str_call(out, sig, i)
        if call is not None:
            pieces.append(str_text(_plain(out[call[0] + 1 : call[1]], str_text)))
            i = call[1] + 1
            continue
        tok = out[i]
        pieces.append(before.get(i, ""))
        pieces.append("?this" if tok.var == "this" else tok.text)
        pieces.append(after_text.get(i, ""))
        if i in inject and i not in headed:
            pieces.append(f" {focus} ")
        if i == add_this_after and not projects_this:
            pieces.append(" ?this")
        i += 1
    return Rewritten("".join(pieces), projects_this)


def _str(expr: str) -> str:
    return f"STR({expr})"


def _str_call(tokens: list[Token], sig: list[int], i: int) -> tuple[int, int] | None:
    """For ``STR(`` at ``i``: the indexes of its parentheses, unless the argument holds a
    group (``EXISTS { … }``), which is left alone."""
    if tokens[i].upper != "STR":
        return None
    n = sig.index(i)
    if n + 1 >= len(sig) or tokens[sig[n + 1]].kind != "lpar":
        return None
    depth = 0
    for j in sig[n + 1 :]:
        kind = tokens[j].kind
        if kind in ("open", "close"):
            return None
        depth += (kind == "lpar") - (kind == "rpar")
        if depth == 0:
            return sig[n + 1], j
    return None


def _plain(tokens: list[Token], str_text: Callable[[str], str]) -> str:
    """Tokens of an expression as text, ``$this`` renamed and STR calls rewritten."""
    out: list[str] = []
    i = 0
    inner = [n for n, t in enumerate(tokens) if t.kind not in ("ws", "comment")]
    while i < len(tokens):
        call = _str_call(tokens, inner, i)
        if call is not None:
            out.append(str_text(_plain(tokens[call[0] + 1 : call[1]], str_text)))
            i = call[1] + 1
            continue
        out.append("?this" if tokens[i].var == "this" else tokens[i].text)
        i += 1
    return "".join(out)


def _substitute(tokens: list[Token], path: str | None, where: str) -> list[Token]:
    out = []
    for tok in tokens:
        name = tok.var
        if name in _PREBOUND:
            raise UnsupportedShape(f"{where}: ${name} is not supported")
        if name == "PATH":
            if path is None:
                raise UnsupportedShape(f"{where}: $PATH in a constraint of a node shape")
            out.append(Token("path", path))
        else:
            out.append(tok)
    return out


def _check_words(tokens: list[Token], sig: list[int], where: str) -> None:
    for n, i in enumerate(sig):
        word = tokens[i].upper
        if word in _FORBIDDEN:
            raise UnsupportedShape(f"{where}: {word} is not supported in a SPARQL constraint")
        if word == "AS" and n + 1 < len(sig) and tokens[sig[n + 1]].var == "this":
            raise UnsupportedShape(f"{where}: the query binds $this (AS $this)")


def _braces(tokens: list[Token], sig: list[int], where: str) -> dict[int, int]:
    """Matching braces: index of each ``{`` → index of its ``}``."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for i in sig:
        if tokens[i].kind == "open":
            stack.append(i)
        elif tokens[i].kind == "close":
            if not stack:
                raise UnsupportedShape(f"{where}: unbalanced braces in the SPARQL query")
            pairs[stack.pop()] = i
    if stack:
        raise UnsupportedShape(f"{where}: unbalanced braces in the SPARQL query")
    return pairs


def _check_select(
    tokens: list[Token], sig: list[int], pairs: dict[int, int], start: int, top: bool, where: str,
    groups: dict[int, bool],
) -> set[int]:  # fmt: skip
    """Check one SELECT (the query or a subquery) and return where the focus pattern goes: the
    ``{`` of every group of its WHERE clause that mentions ``$this`` and is not inside EXISTS
    or a nested subquery (those are checked on their own)."""
    pos = sig.index(start)
    body = next(i for i in sig[pos:] if tokens[i].kind == "open")
    end = pairs[body]
    mentions = _mentions_this(tokens, body, end)
    head = [tokens[i] for i in sig if start < i < body]
    tail_end = _level_end(tokens, sig, pairs, end)
    tail = [tokens[i] for i in sig if end < i < tail_end]
    if not top and mentions and not _projected(tokens, sig, start):
        raise UnsupportedShape(f"{where}: a subquery uses $this but does not select it")
    aggregating = any(t.upper in _AGGREGATES for t in head + tail) or any(
        t.upper == "GROUP" for t in tail
    )
    if aggregating and (mentions or top) and not _groups_by_this(tail):
        raise UnsupportedShape(f"{where}: an aggregating (sub)query must GROUP BY $this")
    inject: set[int] = set()
    if mentions or top:
        inject.add(body)
    groups.setdefault(body, False)
    _groups(tokens, sig, pairs, body, end, inject, groups, in_exists=groups[body])
    return inject


def _groups(
    tokens: list[Token], sig: list[int], pairs: dict[int, int], body: int, end: int,
    inject: set[int], groups: dict[int, bool], in_exists: bool,
) -> None:  # fmt: skip
    """Mark the nested groups of the group ``body``…``end`` that need the focus pattern, and
    collect those inside EXISTS (see :mod:`olygraph.validate.shacl.lateral`)."""
    n = sig.index(body) + 1
    while sig[n] < end:
        i = sig[n]
        if tokens[i].kind == "open":
            nxt = tokens[sig[n + 1]]
            prev = tokens[sig[n - 1]]
            close = pairs[i]
            inside = in_exists or prev.upper == "EXISTS"
            if nxt.upper == "SELECT":  # a subquery: checked by _check_select
                body = next(j for j in sig if j > i and tokens[j].kind == "open")
                groups[body] = inside
            else:
                groups[i] = inside
                if not inside and _mentions_this(tokens, i, close):
                    inject.add(i)
                _groups(tokens, sig, pairs, i, close, inject, groups, inside)
            n = sig.index(close) + 1
        else:
            n += 1


def _mentions_this(tokens: list[Token], start: int, end: int) -> bool:
    return any(t.var == "this" for t in tokens[start : end + 1])


def _level_end(tokens: list[Token], sig: list[int], pairs: dict[int, int], where_end: int) -> int:
    """Where the solution modifiers after a WHERE clause end: at the ``}`` closing the
    enclosing subquery braces, or at the end of the query."""
    depth = 0
    for i in sig:
        if i <= where_end:
            continue
        if tokens[i].kind == "open":
            depth += 1
        elif tokens[i].kind == "close":
            if depth == 0:
                return i
            depth -= 1
    return len(tokens)


def _groups_by_this(tail: list[Token]) -> bool:
    words = [t.upper for t in tail]
    if "GROUP" not in words:
        return False
    after = tail[words.index("GROUP") + 1 :]
    stop = {"HAVING", "ORDER"}
    group_by: list[Token] = []
    for t in after[1:]:  # after BY
        if t.upper in stop:
            break
        group_by.append(t)
    return any(t.var == "this" for t in group_by)


def _projected(tokens: list[Token], sig: list[int], start: int) -> bool:
    """Whether the SELECT at ``start`` projects ``$this`` (or ``*``): outside parentheses, so
    that ``(STR($this) AS ?x)`` does not count."""
    depth = 0
    for i in sig[sig.index(start) + 1 :]:
        tok = tokens[i]
        if tok.kind == "open":
            return False
        depth += (tok.kind == "lpar") - (tok.kind == "rpar")
        if depth == 0 and (tok.var == "this" or tok.text == "*"):
            return True
    return False
