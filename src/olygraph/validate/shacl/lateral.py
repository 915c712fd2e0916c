"""Triple patterns of a SHACL-SPARQL query joined one after the other (``LATERAL``), each looked
up with the variables bound so far, as pySHACL's rdflib evaluates them for one focus node.

Left to itself, pyoxigraph orders joins by estimated sizes and joins by hashing: across all
focus nodes at once, a query such as "rows of the same round with the same rank and different
marks" would pair every table mark with every other before looking at rounds, and inside
``EXISTS`` it reads a pattern that shares no variable with the solution (``?earlier oly:order
?o``) in full for every solution. Both make a check quadratic in the size of the graph.

Here each block of triple patterns of a group becomes a chain ``t1 LATERAL { t2 LATERAL { t3 } }``
(SPARQL SEP-0006, which pyoxigraph implements): starting from the focus node pattern when the
block opens the group, ordered so that each next pattern has a bound subject (or object) when
possible. A basic graph pattern is a set of triples: joining them in any order gives the same
answers. A ``FILTER`` of the group whose variables are all bound by the block (and which holds
no ``EXISTS``) is applied inside the chain as soon as they are: a group's filters apply to all
its solutions, so applying one as soon as its variables have their final values changes nothing.

Only blocks this module can read exactly are rewritten (subjects, predicates or property paths,
objects, ``;`` and ``,`` lists); a block with blank-node brackets or collections is left as is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Protocol

_ENDS: Final = {
    "FILTER", "OPTIONAL", "BIND", "UNION", "MINUS", "GRAPH", "SERVICE", "VALUES", "LATERAL",
}  # fmt: skip
_ORDERED: Final = {"OPTIONAL", "BIND", "MINUS"}  #: elements that see only what precedes them


class Tok(Protocol):
    kind: str
    text: str

    @property
    def upper(self) -> str: ...

    @property
    def var(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Triple:
    text: str
    subject: frozenset[str]
    object: frozenset[str]


@dataclass
class Plan:
    """Rewrites of one group: first token index of a replaced span → (index after the span,
    new text); ``head_used`` when the focus pattern opens the first chain."""

    spans: dict[int, tuple[int, str]] = field(default_factory=dict)
    before: dict[int, str] = field(default_factory=dict)
    after: dict[int, str] = field(default_factory=dict)
    head_used: bool = False


@dataclass
class _Group:
    """A group's direct content: its triple blocks by segment, its other constructs (start
    token, variables) and its FILTERs that may move (positions in ``sig``)."""

    segments: list[list[list[int]]] = field(default_factory=lambda: [[]])
    elements: list[tuple[int, frozenset[str]]] = field(default_factory=list)
    filters: list[tuple[int, int]] = field(default_factory=list)


def plan_group(
    tokens: list[Tok], sig: list[int], pairs: dict[int, int], group: int, bound: set[str],
    head: str | None, render: Callable[[list[Tok]], str],
) -> Plan:  # fmt: skip
    """The rewrites of the group opening at ``group``. ``bound``: variables probably bound
    when it is evaluated (to order the patterns); ``head``: the focus-node pattern injected at
    its start (if any); ``render`` writes tokens as query text.

    The triple blocks of the group between two order-sensitive elements (OPTIONAL, BIND,
    MINUS: a "segment") form one basic graph pattern, since FILTERs, subgroups and UNIONs only
    join with it: they become one chain, at the place of the first block, LATERAL to what
    precedes it. A FILTER moves into the chain when no element after the chain can bind one of
    its variables: the values it sees there are then those of the group's solutions.

    ``OPTIONAL { B }`` becomes ``LATERAL { OPTIONAL { B } }``: for each solution so far, B with
    its variables bound, or the solution alone, which is what the left join gives. pyoxigraph
    would otherwise hash-join B in full when B shares a variable that may be unbound (the
    label of an optional subject), for every solution."""
    plan = Plan()
    content = _walk(tokens, sig, pairs, group, plan)
    first = sig[sig.index(group) + 1]
    block_vars = {
        b[0]: frozenset().union(*(t.subject | t.object for t in _triples(_at(tokens, b)) or ()))
        for seg in content.segments
        for b in seg
    }
    filters = content.filters
    for blocks in content.segments:
        parsed = [_triples(_at(tokens, b)) for b in blocks]
        if not blocks or any(t is None for t in parsed):
            continue
        triples = [t for ts in parsed for t in ts or ()]
        at = blocks[0][0]
        use_head = head is not None and at == first
        if len(triples) < 2 and at == first and not use_head:
            continue
        merged = {b[0] for b in blocks}
        later = frozenset().union(*(v for i, v in content.elements if i > at))
        later |= frozenset().union(
            *(v for i, v in block_vars.items() if i > at and i not in merged)
        )
        movable = [
            (k, names, render(tokens[sig[a + 1] : sig[z - 1] + 1]))
            for k, (a, z) in enumerate(filters)
            if not (names := _vars_of(_at(tokens, sig[a:z]))) & later
        ]
        known = set(bound) | {t.var for t in tokens[group:at] if t.var is not None}
        chained = frozenset().union(*(t.subject | t.object for t in triples))
        text, placed = _chain(
            triples, known | ({"this"} if use_head else set()), chained,
            [(names, text) for _k, names, text in movable],
        )  # fmt: skip
        used = {movable[j][0] for j in placed}
        for k in used:
            a, z = filters[k]
            plan.spans[sig[a]] = (sig[z - 1] + 1, "")
        filters = [f for k, f in enumerate(filters) if k not in used]
        if use_head:
            text = f"{head} LATERAL {{ {text} }}"
            plan.head_used = True
        elif at != first:
            text = f"LATERAL {{ {text} }}"
        plan.spans[at] = (blocks[0][-1] + 1, text)
        for b in blocks[1:]:
            plan.spans[b[0]] = (b[-1] + 1, "")
    return plan


def _walk(tokens: list[Tok], sig: list[int], pairs: dict[int, int], group: int, plan: Plan) -> (
    _Group
):  # fmt: skip
    """Read the direct content of a group (marking each OPTIONAL to become LATERAL)."""
    out = _Group()
    end = pairs[group]
    n = sig.index(group) + 1
    block: list[int] = []
    while sig[n] < end:
        i = sig[n]
        tok = tokens[i]
        if tok.kind != "open" and tok.upper not in _ENDS:
            block.append(i)
            n += 1
            continue
        if block:
            out.segments[-1].append(block)
        block = []
        after = _skip(tokens, sig, pairs, n)
        if tok.upper == "FILTER":
            if _movable(tokens, sig[n + 1 : after]):
                out.filters.append((n, after))
        else:
            if tok.upper == "OPTIONAL":
                plan.before[i] = "LATERAL { "
                plan.after[sig[after - 1]] = " }"
            out.elements.append((i, _vars_of(_at(tokens, sig[n:after]))))
        if tok.upper in _ORDERED:
            out.segments.append([])
        n = after
    if block:
        out.segments[-1].append(block)
    return out


def _at(tokens: list[Tok], indexes: list[int]) -> list[Tok]:
    return [tokens[i] for i in indexes]


def _movable(tokens: list[Tok], span: list[int]) -> bool:
    """A ``FILTER ( … )`` without EXISTS or groups."""
    if not span or tokens[span[0]].kind != "lpar":
        return False
    return not any(tokens[i].upper in ("EXISTS", "NOT") or tokens[i].kind in ("open", "close")
                   for i in span)  # fmt: skip


def _skip(tokens: list[Tok], sig: list[int], pairs: dict[int, int], n: int) -> int:
    """The position after the construct starting at ``sig[n]`` (a group, FILTER …, BIND …)."""
    i = sig[n]
    if tokens[i].kind == "open":
        n = sig.index(pairs[i]) + 1
        while n < len(sig) and tokens[sig[n]].upper == "UNION":
            n = sig.index(pairs[sig[n + 1]]) + 1
        return n
    n += 1
    while n < len(sig):
        tok = tokens[sig[n]]
        if tok.kind == "open":
            return sig.index(pairs[sig[n]]) + 1
        if tok.kind == "lpar":
            depth = 0
            for m in range(n, len(sig)):
                k = tokens[sig[m]].kind
                depth += (k == "lpar") - (k == "rpar")
                if depth == 0:
                    return m + 1
        n += 1  # NOT, EXISTS, a function name, a graph name
    return n


def _triples(toks: list[Tok]) -> list[Triple] | None:
    """The triples of a block, or None when it holds what this module does not read."""
    if any(t.text in ("[", "]") or t.kind in ("open", "close") for t in toks):
        return None
    triples: list[Triple] = []
    for st in _split(toks, "."):
        subject = st[0]
        if subject.kind not in ("var", "iri", "other") or subject.text in ("(", "a"):
            return None
        for segment in _split(st[1:], ";"):
            parts = _split(segment, ",", keep_empty=True)
            first = _object(parts[0])
            if first is None or first == 0:
                return None
            for obj in [parts[0][first:], *parts[1:]]:
                if not obj or _object(obj) != 0:
                    return None
                text = f"{_text([subject])} {_text(parts[0][:first])} {_text(obj)} ."
                triples.append(Triple(text, _vars_of([subject]), _vars_of(obj)))
    return triples


def _split(toks: list[Tok], sep: str, keep_empty: bool = False) -> list[list[Tok]]:
    parts: list[list[Tok]] = [[]]
    depth = 0
    for t in toks:
        depth += (t.kind == "lpar") - (t.kind == "rpar")
        if depth == 0 and t.text == sep:
            parts.append([])
        else:
            parts[-1].append(t)
    return parts if keep_empty else [p for p in parts if p]


def _object(toks: list[Tok]) -> int | None:
    """Where the object term at the end of ``toks`` starts (a literal may be several tokens)."""
    last = len(toks) - 1
    if last < 0 or toks[last].kind in ("lpar", "rpar", "path") or toks[last].text == "^^":
        return None
    if toks[last].text.startswith(("^^", "@")) and last >= 1 and toks[last - 1].kind == "string":
        return last - 1
    if toks[last].kind == "iri" and last >= 2 and toks[last - 1].text == "^^":
        return last - 2 if toks[last - 2].kind == "string" else None
    return last


def _text(toks: list[Tok]) -> str:
    return " ".join("?this" if t.var == "this" else t.text for t in toks)


def _vars_of(toks: list[Tok]) -> frozenset[str]:
    return frozenset("this" if t.var == "this" else t.text[1:] for t in toks if t.kind == "var")


def _chain(
    triples: list[Triple], bound: set[str], chained: frozenset[str],
    filters: list[tuple[frozenset[str], str]],
) -> tuple[str, set[int]]:  # fmt: skip
    """The triples as ``t1 LATERAL { t2 … }``, most bound first (``bound``: variables probably
    bound before), preferring a pattern that lets a filter apply; each filter right after the
    pattern that binds the last of its variables that the chain binds (``chained``); and which
    filters were placed."""
    todo = list(triples)
    steps: list[str] = []
    used: set[int] = set()
    done: set[str] = set()
    nodes = {"this"}.union(*(t.subject for t in triples))

    def ready(names: frozenset[str], have: set[str] | frozenset[str]) -> bool:
        return names & chained <= have

    def key(k: int) -> tuple[int, int]:
        have = done | todo[k].subject | todo[k].object
        opened = sum(
            1 for j, (names, _t) in enumerate(filters) if j not in used and ready(names, have)
        )
        cost = _cost(todo[k], bound, nodes)
        return (-1 if cost == 0 and opened else cost), -opened

    while todo:
        chosen = todo.pop(min(range(len(todo)), key=key))
        bound |= chosen.subject | chosen.object
        done |= chosen.subject | chosen.object
        step = chosen.text
        for k, (names, text) in enumerate(filters):
            if k not in used and ready(names, done):
                step += f" FILTER {text}"
                used.add(k)
        steps.append(step)
    text = ""
    for step in reversed(steps):
        text = step + (f" LATERAL {{ {text} }}" if text else "")
    return text, used


def _cost(triple: Triple, bound: set[str], nodes: set[str]) -> int:
    """How the lookup is anchored (as olygraph's rdflib join order): everything bound (a
    check, which only filters); a bound subject (a few triples); a bound object that is a node
    (a variable used as a subject, or ``$this``); a bound object shared by many subjects (a
    literal, a class, a unit); nothing bound."""
    if not (triple.subject | triple.object) - bound:
        return -1  # a check: binds nothing new
    if not triple.subject - bound:
        return 0
    if not triple.object - bound:
        return 1 if triple.object and triple.object <= nodes else 2
    return 3
