"""Running queries on the served store with nodes bound as terms, fast.

pyoxigraph's ``substitutions`` bind a variable only once the query has been evaluated (a medal
query with the event substituted reads every medal award: 200 ms on the full history), so a
page would take seconds. Here IRI parameters are bound the way :mod:`olygraph.query.remote`
binds them for a SPARQL endpoint: a ``VALUES`` block opening the WHERE group, each IRI written by
:func:`olygraph.write.sparql.sparql_term` (checked: no character that could end the IRI), which the
engine uses to start from the bound node (4 ms). Other terms (literals) are still bound as
substitutions. Never is a value pasted into query text unchecked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Final

import pyoxigraph as ox
from rdflib import URIRef

from olygraph.query.engines import OxigraphEngine
from olygraph.query.named import Prepared
from olygraph.query.remote import _where_group
from olygraph.query.results import Result, Term
from olygraph.write.sparql import sparql_term

_SUBSELECT: Final = re.compile(r"\s*SELECT\b", re.IGNORECASE)


def values_text(text: str, form: str, iris: Mapping[str, str]) -> str:
    """``text`` with ``VALUES (?a …) { (<iri> …) }`` opening its WHERE group."""
    if not iris:
        return text
    names = " ".join(f"?{n}" for n in iris)
    values = " ".join(sparql_term(URIRef(v)) for v in iris.values())
    start, end = _where(text, form)
    inner = text[start + 1 : end]
    if _SUBSELECT.match(inner):  # WHERE { SELECT … }: the sub-select becomes a group
        inner = f" {{{inner}}} "
    return f"{text[: start + 1]} VALUES ({names}) {{ ({values}) }}\n{inner}{text[end:]}"


@lru_cache(maxsize=256)
def _where(text: str, form: str) -> tuple[int, int]:
    """Where the WHERE group of a (constant) query text is: found once per text."""
    return _where_group(text, form)


class StoreEngine(OxigraphEngine):
    """:class:`~olygraph.query.engines.OxigraphEngine` over a loaded store; IRIs bound by VALUES."""

    def __init__(self, store: ox.Store) -> None:  # not calling super(): no new store
        self.store = store

    def run(self, prepared: Prepared, bindings: Mapping[str, Term]) -> Result:
        iris = {n: str(t) for n, t in bindings.items() if isinstance(t, URIRef)}
        others = {n: t for n, t in bindings.items() if n not in iris}
        if not iris:
            return super().run(prepared, bindings)
        qdef = prepared.query
        text = values_text(qdef.text, prepared.form, iris)
        moved = type(qdef)(qdef.name, qdef.source, text, qdef.title, qdef.answers, qdef.params)
        bound = Prepared(moved, prepared.form, prepared.projected, prepared.variables)
        return super().run(bound, others)
