"""rdflib's log records, as one line for the user instead of a traceback.

rdflib logs a warning *with the traceback* each time it meets a literal whose text does not fit
its datatype (``"abc"^^xsd:integer``, or ``STRDT("abc", xsd:integer)`` in a query): the value
is kept as it was written, and nothing is wrong with the run. :func:`rdflib_warnings` collects
these records while a command runs and ends with one line that counts them and shows one
example; any other rdflib warning becomes one line too (no traceback).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from olygraph.vocab import XSD

_ILL_TYPED = "Failed to convert Literal lexical form to value"


def _short(datatype: str) -> str:
    return f"xsd:{datatype[len(str(XSD)) :]}" if datatype.startswith(str(XSD)) else f"<{datatype}>"


@dataclass
class _Collector(logging.Handler):
    ill_typed: dict[tuple[str, str], int] = field(default_factory=dict)
    others: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        logging.Handler.__init__(self, logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(_ILL_TYPED):
            datatype = message.partition("Datatype=")[2].partition(",")[0]
            key = (_lexical(record), datatype)
            self.ill_typed[key] = self.ill_typed.get(key, 0) + 1
        else:
            line = " ".join(message.split())
            if line not in self.others:
                self.others.append(line)

    def __hash__(self) -> int:  # logging keeps handlers in sets and lists
        return id(self)


def _lexical(record: logging.LogRecord) -> str:
    """The text of the ill-typed literal: rdflib's converter got it as ``lexical``."""
    tb = record.exc_info[2] if record.exc_info else None
    while tb is not None:
        value = tb.tb_frame.f_locals.get("lexical")
        if isinstance(value, str):
            return value
        tb = tb.tb_next
    return "?"


def summary(ill_typed: dict[tuple[str, str], int]) -> str:
    """One line about the ill-typed literals that were read."""
    (lexical, datatype), _ = next(iter(ill_typed.items()))
    values = len(ill_typed)
    example = f'"{lexical}"^^{_short(datatype)}'
    count = "1 literal" if values == 1 else f"{values:,} literals"
    return (
        f"{count} not valid for {'its' if values == 1 else 'their'} datatype, kept as written "
        f"(e.g. {example})"
    )


@contextlib.contextmanager
def rdflib_warnings(say: Callable[[str], None]) -> Iterator[None]:
    """Within the block, rdflib's warnings are collected instead of printed; on the way out
    ``say`` gets one line for the ill-typed literals and one per other distinct warning."""
    logger = logging.getLogger("rdflib")
    collector = _Collector()
    propagate = logger.propagate
    logger.addHandler(collector)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(collector)
        logger.propagate = propagate
        if collector.ill_typed:
            say(summary(collector.ill_typed))
        for line in collector.others[:5]:
            say(f"rdflib: {line}")
