"""The streaming writer of each export format, by its ``--format`` name."""

from __future__ import annotations

from typing import BinaryIO, Final

from olygraph.errors import UsageError
from olygraph.tabular.documents import JsonLdWriter, RdfXmlWriter
from olygraph.tabular.serial import (
    NQuadsWriter,
    NTriplesWriter,
    StreamWriter,
    TriGWriter,
    TurtleWriter,
)

WRITERS: Final[dict[str, type[StreamWriter]]] = {
    w.name: w
    for w in (TurtleWriter, NTriplesWriter, NQuadsWriter, TriGWriter, JsonLdWriter, RdfXmlWriter)
}


def writer_for(fmt: str, out: BinaryIO) -> StreamWriter:
    """The streaming writer of ``fmt`` (a key of ``olygraph.write.rdf.FORMATS``) on ``out``."""
    if fmt not in WRITERS:
        raise UsageError(f"unknown format {fmt!r}; expected one of {', '.join(WRITERS)}")
    return WRITERS[fmt](out)
