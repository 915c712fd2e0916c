"""Streaming RDF writers for the six export formats, fed one subject block at a time.

A producer (the dataset readers, or :func:`olygraph.tabular.stream.feed_dataset` for an
article dataset) asks the writer for *tokens* — an IRI, a string, an integer… already written
in the writer's syntax — and for *pairs* made of a predicate and an object token, caches the
ones it reuses (a participation shares most of its pairs with others: its event, its NOC, its
age…), and hands over blocks: one subject with its pairs. A pair is opaque to the producer:
the line formats render it once as ``"p o"``, so a block costs one ``join``. Nothing here
builds an rdflib term: the exporter writes millions of triples and must stay a tight string
writer (docs/history-model.md, issue 6).

The formats stay faithful to their specifications:

- N-Triples / N-Quads: one triple per line (N-Quads with the current named graph);
- Turtle: the ``@prefix`` header, then one block per subject (``;``-separated predicates);
  data IRIs are written in full, since a prefixed name for ``…/id/event/1928-summer/…`` would
  need escapes; ontology terms are prefixed names; integers and decimals are bare numbers;
- TriG: Turtle blocks inside ``<graph> { … }``;
- JSON-LD: one streamed ``{"@context": …, "@graph": [ … ]}`` document, one node object per
  block;
- RDF/XML: flat ``rdf:Description`` elements.

The same blocks in the same order give the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import BinaryIO, ClassVar, Final, cast
from xml.sax.saxutils import escape, quoteattr

from olygraph.errors import UsageError
from olygraph.vocab import PREFIXES, RDF, XSD

RDF_TYPE: Final = str(RDF.type)
XSD_NS: Final = str(XSD)
XSD_INTEGER: Final = XSD_NS + "integer"
XSD_DECIMAL: Final = XSD_NS + "decimal"
XSD_STRING: Final = XSD_NS + "string"
XSD_BOOLEAN: Final = XSD_NS + "boolean"

#: a (predicate, object) pair as a writer renders it: ``"p o"`` for the line formats, a tuple
#: for JSON-LD (which groups by predicate), a whole element for RDF/XML
Pair = str | tuple[str, str]

_FLUSH_AT = 512  # blocks per write: a few hundred kB per chunk
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_BARE_INTEGER = re.compile(r"[+-]?[0-9]+")
_BARE_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")
_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _split(iri: str) -> tuple[str, str] | None:
    """``(prefix, local)`` for an IRI in a namespace of ``vocab.PREFIXES`` with a simple
    local name, else None."""
    for prefix, ns in PREFIXES:
        if iri.startswith(ns):
            local = iri[len(ns) :]
            if _LOCAL.fullmatch(local):
                return prefix, local
    return None


def _quote(value: str) -> str:
    """A short string literal body as N-Triples and Turtle write it."""
    if '"' in value or "\\" in value or "\n" in value or "\r" in value:
        value = value.translate(_NT_ESCAPES)
    return f'"{value}"'


class StreamWriter:
    """Base of the writers: buffering, counting, and the token interface producers use."""

    name: ClassVar[str]
    #: whether the format keeps named graphs (N-Quads, TriG): producers split their triples
    #: into finer graphs only then (:meth:`use_graph`)
    keeps_graphs: ClassVar[bool] = False

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._buf: list[str] = []
        self.triples = 0
        self.graph: str | None = None

    # --- tokens ---------------------------------------------------------------------------
    def subject(self, iri: str) -> str:
        return f"<{iri}>"

    def iri(self, iri: str) -> str:
        """An IRI in object position (data IRIs: written in full)."""
        return f"<{iri}>"

    def vocab(self, iri: str) -> str:
        """An ontology term in object position (a class, a medal individual)."""
        return f"<{iri}>"

    def pred(self, iri: str) -> str:
        return f"<{iri}>"

    def type_object(self, iri: str) -> str:
        """The class of an ``rdf:type`` pair."""
        return self.vocab(iri)

    def blank(self, label: str) -> str:
        return f"_:{label}"

    def blank_object(self, label: str) -> str:
        return self.blank(label)

    def string(self, value: str) -> str:
        return _quote(value)

    def integer(self, lexical: str) -> str:
        return f'"{lexical}"^^<{XSD_INTEGER}>'

    def decimal(self, lexical: str) -> str:
        return f'"{lexical}"^^<{XSD_DECIMAL}>'

    def literal(self, value: str, datatype: str | None = None, lang: str | None = None) -> str:
        """Any literal (the article path): language-tagged, typed, or a plain string."""
        if lang:
            return f"{_quote(value)}@{lang}"
        if datatype is None or datatype == XSD_STRING:
            return self.string(value)
        return f"{_quote(value)}^^<{datatype}>"

    # --- structure ------------------------------------------------------------------------
    def start(self) -> None:
        """Write what comes before the first block."""

    def start_graph(self, graph: str) -> None:
        """Following blocks belong to the named graph ``graph`` (kept by TriG and N-Quads)."""
        self.graph = graph

    def end_graph(self) -> None:
        self.graph = None

    def use_graph(self, graph: str) -> None:
        """Between :meth:`start_graph` and :meth:`end_graph`: following blocks go to ``graph``
        instead (a graph may be used again later; TriG then reopens its block)."""
        self.graph = graph

    def pair(self, pred: str, obj: str) -> Pair:
        return f"{pred} {obj}"

    def integer_pairs(self, pred: str) -> Callable[[int], Pair]:
        """A fast maker of ``pred <integer>`` pairs (a line number per row)."""
        if type(self).pair is StreamWriter.pair and type(self).integer is StreamWriter.integer:
            return lambda n: f'{pred} "{n}"^^<{XSD_INTEGER}>'
        return lambda n: self.pair(pred, self.integer(str(n)))

    def block(self, subject: str, pairs: Sequence[Pair]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Write what comes after the last block, and flush."""
        self.flush()

    def flush(self) -> None:
        if self._buf:
            self._out.write("".join(self._buf).encode("utf-8"))
            self._buf.clear()

    def _emit(self, text: str) -> None:
        self._buf.append(text)
        if len(self._buf) >= _FLUSH_AT:
            self.flush()


class NTriplesWriter(StreamWriter):
    name = "nt"

    def block(self, subject: str, pairs: Sequence[Pair]) -> None:
        self.triples += len(pairs)
        buf = self._buf
        buf.append(f"{subject} " + f" .\n{subject} ".join(pairs) + " .\n")  # type: ignore[arg-type]
        if len(buf) >= _FLUSH_AT:
            self.flush()


class NQuadsWriter(StreamWriter):
    name = "nq"
    keeps_graphs = True

    def block(self, subject: str, pairs: Sequence[Pair]) -> None:
        self.triples += len(pairs)
        end = f" <{self.graph}> .\n" if self.graph else " .\n"
        self._emit(f"{subject} " + f"{end}{subject} ".join(cast("list[str]", pairs)) + end)


class TurtleWriter(StreamWriter):
    name = "ttl"
    _indent = ""

    def vocab(self, iri: str) -> str:
        split = _split(iri)
        return f"{split[0]}:{split[1]}" if split else f"<{iri}>"

    def pred(self, iri: str) -> str:
        return "a" if iri == RDF_TYPE else self.vocab(iri)

    def integer(self, lexical: str) -> str:
        return lexical if _BARE_INTEGER.fullmatch(lexical) else super().integer(lexical)

    def integer_pairs(self, pred: str) -> Callable[[int], Pair]:
        return lambda n: f"{pred} {n}"

    def decimal(self, lexical: str) -> str:
        return lexical if _BARE_DECIMAL.fullmatch(lexical) else super().decimal(lexical)

    def literal(self, value: str, datatype: str | None = None, lang: str | None = None) -> str:
        if datatype == XSD_INTEGER and not lang:
            return self.integer(value)
        if datatype == XSD_DECIMAL and not lang:
            return self.decimal(value)
        if datatype == XSD_BOOLEAN and value in ("true", "false"):
            return value
        if datatype and not lang and datatype != XSD_STRING:
            return f"{_quote(value)}^^{self.vocab(datatype)}"
        return super().literal(value, datatype, lang)

    def start(self) -> None:
        self._emit("".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in PREFIXES) + "\n")

    def block(self, subject: str, pairs: Sequence[Pair]) -> None:
        self.triples += len(pairs)
        buf = self._buf
        body = f" ;\n{self._indent}    ".join(pairs)  # type: ignore[arg-type]
        buf.append(f"{self._indent}{subject} {body} .\n\n")
        if len(buf) >= _FLUSH_AT:
            self.flush()


class TriGWriter(TurtleWriter):
    name = "trig"
    _indent = "    "
    keeps_graphs = True

    def start_graph(self, graph: str) -> None:
        super().start_graph(graph)
        self._emit(f"<{graph}> {{\n")

    def end_graph(self) -> None:
        super().end_graph()
        self._emit("}\n\n")

    def use_graph(self, graph: str) -> None:
        if graph != self.graph:
            self._emit(f"}}\n\n<{graph}> {{\n")
            self.graph = graph


class JsonLdWriter(StreamWriter):
    """JSON-LD 1.1: the prefixes as the context, one node object per block in ``@graph``."""

    name = "jsonld"

    def __init__(self, out: BinaryIO) -> None:
        super().__init__(out)
        self._first = True

    @staticmethod
    def _compact(iri: str) -> str:
        split = _split(iri)
        return f"{split[0]}:{split[1]}" if split else iri

    def subject(self, iri: str) -> str:
        return json.dumps(iri, ensure_ascii=False)

    def iri(self, iri: str) -> str:
        return '{"@id": ' + json.dumps(iri, ensure_ascii=False) + "}"

    def vocab(self, iri: str) -> str:
        return '{"@id": ' + json.dumps(self._compact(iri), ensure_ascii=False) + "}"

    def pred(self, iri: str) -> str:
        return '"@type"' if iri == RDF_TYPE else json.dumps(self._compact(iri))

    def type_object(self, iri: str) -> str:
        return json.dumps(self._compact(iri), ensure_ascii=False)

    def blank(self, label: str) -> str:
        return json.dumps(f"_:{label}")

    def blank_object(self, label: str) -> str:
        return '{"@id": ' + json.dumps(f"_:{label}") + "}"

    def string(self, value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    def integer(self, lexical: str) -> str:
        return f'{{"@value": "{lexical}", "@type": "xsd:integer"}}'

    def decimal(self, lexical: str) -> str:
        return f'{{"@value": "{lexical}", "@type": "xsd:decimal"}}'

    def literal(self, value: str, datatype: str | None = None, lang: str | None = None) -> str:
        text = json.dumps(value, ensure_ascii=False)
        if lang:
            return f'{{"@value": {text}, "@language": {json.dumps(lang)}}}'
        if datatype is None or datatype == XSD_STRING:
            return text
        return f'{{"@value": {text}, "@type": {json.dumps(self._compact(datatype))}}}'

    def start(self) -> None:
        context = ",\n".join(f'    "{prefix}": "{ns}"' for prefix, ns in PREFIXES)
        self._emit(f'{{\n  "@context": {{\n{context}\n  }},\n  "@graph": [')

    def pair(self, pred: str, obj: str) -> Pair:
        return (pred, obj)

    def block(self, subject: str, pairs: Sequence[Pair]) -> None:
        self.triples += len(pairs)
        grouped: dict[str, list[str]] = {}
        for p, o in cast("list[tuple[str, str]]", pairs):
            grouped.setdefault(p, []).append(o)
        members = [f'      "@id": {subject}']
        for p, objects in grouped.items():
            value = objects[0] if len(objects) == 1 else "[" + ", ".join(objects) + "]"
            members.append(f"      {p}: {value}")
        lead = "\n" if self._first else ",\n"
        self._first = False
        self._emit(lead + "    {\n" + ",\n".join(members) + "\n    }")

    def close(self) -> None:
        self._emit("\n  ]\n}\n" if not self._first else "]\n}\n")
        super().close()


class RdfXmlWriter(StreamWriter):
    """Flat RDF/XML. A predicate outside the known namespaces declares its own on the element."""

    name = "xml"

    def __init__(self, out: BinaryIO) -> None:
        super().__init__(out)
        self._extra: dict[str, str] = {}  # generated prefix → namespace

    def subject(self, iri: str) -> str:
        return f"rdf:about={quoteattr(iri)}"

    def iri(self, iri: str) -> str:
        return f" rdf:resource={quoteattr(iri)}/>"

    def vocab(self, iri: str) -> str:
        return self.iri(iri)

    def blank(self, label: str) -> str:
        return f'rdf:nodeID="{label}"'

    def blank_object(self, label: str) -> str:
        return f' rdf:nodeID="{label}"/>'

    def pred(self, iri: str) -> str:
        split = _split(iri)
        if split:
            return f"{split[0]}:{split[1]}"
        cut = max(iri.rfind("#"), iri.rfind("/")) + 1
        ns, local = iri[:cut], iri[cut:]
        if not _LOCAL.fullmatch(local):
            raise UsageError(f"RDF/XML cannot write the predicate <{iri}> (no XML name for it)")
        prefix = next((k for k, v in self._extra.items() if v == ns), f"ns{len(self._extra) + 1}")
        self._extra[prefix] = ns
        return f"{prefix}:{local}"

    def string(self, value: str) -> str:
        return f">{_xml_text(value)}</"

    def integer(self, lexical: str) -> str:
        return f' rdf:datatype="{XSD_INTEGER}">{lexical}</'

    def decimal(self, lexical: str) -> str:
        return f' rdf:datatype="{XSD_DECIMAL}">{lexical}</'

    def literal(self, value: str, datatype: str | None = None, lang: str | None = None) -> str:
        if lang:
            return f" xml:lang={quoteattr(lang)}>{_xml_text(value)}</"
        if datatype is None or datatype == XSD_STRING:
            return self.string(value)
        return f" rdf:datatype={quoteattr(datatype)}>{_xml_text(value)}</"

    def start(self) -> None:
        names = "\n".join(f"   xmlns:{prefix}={quoteattr(ns)}" for prefix, ns in PREFIXES)
        self._emit(f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n{names}>\n')

    def pair(self, pred: str, obj: str) -> Pair:
        """The whole property element: ``<oly:event rdf:resource="…"/>``."""
        prefix = pred.partition(":")[0]
        ns = self._extra.get(prefix)
        tag = f"{pred} xmlns:{prefix}={quoteattr(ns)}" if ns else pred
        return f"    <{tag}{obj}{pred}>\n" if obj.endswith("</") else f"    <{tag}{obj}\n"

    def block(self, subject: str, pairs: Sequence[Pair]) -> None:
        self.triples += len(pairs)
        body = "".join(cast("list[str]", pairs))
        self._emit(f"  <rdf:Description {subject}>\n{body}  </rdf:Description>\n")

    def close(self) -> None:
        self._emit("</rdf:RDF>\n")
        super().close()


def _xml_text(value: str) -> str:
    return escape(value).replace("\r", "&#13;")


WRITERS: Final[dict[str, type[StreamWriter]]] = {
    w.name: w
    for w in (TurtleWriter, NTriplesWriter, NQuadsWriter, TriGWriter, JsonLdWriter, RdfXmlWriter)
}


def writer_for(fmt: str, out: BinaryIO) -> StreamWriter:
    """The streaming writer of ``fmt`` (a key of ``olygraph.write.FORMATS``) on ``out``."""
    if fmt not in WRITERS:
        raise UsageError(f"unknown format {fmt!r}; expected one of {', '.join(WRITERS)}")
    return WRITERS[fmt](out)
