"""Our literals as Wikibase values: numbers as decimal amounts, dates as times."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rdflib import Literal
from rdflib.term import Node

from olygraph.vocab import XSD
from olygraph.wikidata.wikibase import Time


def decimal_of(node: Node | None) -> Decimal | None:
    if not isinstance(node, Literal):
        return None
    try:
        return Decimal(str(node))
    except InvalidOperation:
        return None


def time_of(node: Node) -> Time | None:
    """xsd:date → day precision (11), xsd:gYear → year precision (9); anything else: None."""
    if not isinstance(node, Literal):
        return None
    text = str(node)
    if node.datatype == XSD.date and len(text) == 10:
        return Time(f"{text}T00:00:00Z", 11)
    if node.datatype == XSD.gYear and text.isdigit() and len(text) == 4:
        return Time(f"{text}-01-01T00:00:00Z", 9)
    return None
