"""The document formats of the streaming writers: JSON-LD (one streamed ``@graph``) and flat
RDF/XML (``rdf:Description`` elements), fed blocks like the line formats of
:mod:`olygraph.tabular.serial`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import BinaryIO, cast
from xml.sax.saxutils import escape, quoteattr

from olygraph.errors import UsageError
from olygraph.tabular.serial import (
    LOCAL_NAME,
    RDF_TYPE,
    XSD_DECIMAL,
    XSD_INTEGER,
    XSD_STRING,
    Pair,
    StreamWriter,
    split_iri,
)
from olygraph.vocab import PREFIXES


class JsonLdWriter(StreamWriter):
    """JSON-LD 1.1: the prefixes as the context, one node object per block in ``@graph``."""

    name = "jsonld"

    def __init__(self, out: BinaryIO) -> None:
        super().__init__(out)
        self._first = True

    @staticmethod
    def _compact(iri: str) -> str:
        split = split_iri(iri)
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
        split = split_iri(iri)
        if split:
            return f"{split[0]}:{split[1]}"
        cut = max(iri.rfind("#"), iri.rfind("/")) + 1
        ns, local = iri[:cut], iri[cut:]
        if not LOCAL_NAME.fullmatch(local):
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
