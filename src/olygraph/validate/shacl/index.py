"""A part's triples as Python strings, by subject and predicate (issue 19): what
:mod:`olygraph.validate.shacl.cleared` and :mod:`olygraph.validate.shacl.proofs` read.

Built from the mapping's blocks (:mod:`olygraph.mapping.stream`) in the worker that mapped
them, with one ``dict(pairs)`` per block where a subject has one value of each predicate.
"""

from __future__ import annotations

from collections.abc import Iterable

#: a subject's values of one predicate: one string, or a set of two or more
Values = str | set[str]
#: subject → predicate → values: every triple of the part once (terms as
#: :mod:`olygraph.mapping.terms` writes them)
Index = dict[str, dict[str, Values]]
Block = tuple[str, bool, tuple[tuple[str, str], ...]]


def add_blocks(index: Index, blocks: Iterable[Block]) -> None:
    """Add blocks (subject, shared, pairs sorted) to ``index``; a subject told again (in
    another graph, by another group) is merged."""
    for s, _, pairs in blocks:
        found: dict[str, Values] = dict(pairs)
        if len(found) != len(pairs):  # a predicate with several values
            found = {}
            for p, o in pairs:
                add(found, p, o)
        old = index.get(s)
        if old is None:
            index[s] = found
        elif old != found:
            for p, v in found.items():
                for o in (v,) if isinstance(v, str) else v:
                    add(old, p, o)


def add_triples(index: Index, triples: Iterable[tuple[str, str, str]]) -> None:
    """Add triples (subject, predicate, object) to ``index``."""
    for s, p, o in triples:
        add(index.setdefault(s, {}), p, o)


def add(found: dict[str, Values], p: str, o: str) -> None:
    """Add the value ``o`` under ``p`` (a second distinct value makes a set)."""
    old = found.get(p)
    if old is None:
        found[p] = o
    elif isinstance(old, str):
        if old != o:
            found[p] = {old, o}
    else:
        old.add(o)


def each(values: Values | None) -> Iterable[str]:
    """The values, one by one (none for None)."""
    if values is None:
        return ()
    return (values,) if isinstance(values, str) else values
