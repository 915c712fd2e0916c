"""The NOC table (``noc_regions.csv``: ``NOC,region,notes``; bare CR line endings) → one
``oly:NOC`` block per code, with its region, notes and line (docs/history-model.md)."""

from __future__ import annotations

import re

from olygraph.tabular.csvfile import NOC_REGIONS, CsvFile, Header
from olygraph.tabular.report import FileReport, RepeatedKey, SkippedRow
from olygraph.tabular.serial import Pair
from olygraph.tabular.tokens import Tokens

_NOC = re.compile(r"[A-Z]{3}")


class NocTableWriter:
    """Writes one NOC table; ``codes`` are the NOCs it lists (for "no region" notes)."""

    def __init__(self, t: Tokens, f: CsvFile, header: Header) -> None:
        self.t, self.f, self.header = t, f, header
        self.source = t.minter.dataset_source(f.path.name)
        self.codes: dict[str, tuple[int, list[str], set[Pair]]] = {}

    def write(self) -> FileReport:
        t, w, f, p = self.t, self.t.w, self.f, self.t.p
        width = len(self.header.columns)
        order = self.header.order
        skipped: list[SkippedRow] = []
        repeated: list[RepeatedKey] = []
        w.start_graph(self.source)
        name = t.string(f.path.name)
        source = [t.type_pair("DatasetSource"), w.pair(p.label, name), w.pair(p.fileName, name)]
        w.block(w.subject(self.source), source)
        rows = 0
        for raw in f.rows():
            rows += 1
            line = f.line
            if len(raw) != width:
                skipped.append(SkippedRow(f.file, line, None, str(len(raw)), f"{width} fields"))
                continue
            code, region, notes = (raw[i] for i in order)
            # the table writes a missing region as NA (ROT, TUV, UNK), as the athlete table does
            region, notes = ("" if v == "NA" else v for v in (region, notes))
            if not _NOC.fullmatch(code):
                expected = "a three-letter NOC code in capitals, such as DEN"
                skipped.append(SkippedRow(f.file, line, "NOC", code, expected))
                continue
            iri = t.minter.noc(code)
            pairs = [t.type_pair("NOC"), w.pair(p.code, t.string(code))]
            if region:
                pairs.append(w.pair(p.region, t.string(region)))
            if notes:
                pairs.append(w.pair(p.notes, t.string(notes)))
            fields = [code, region, notes]
            known = self.codes.get(code)
            if known is None:
                pairs.append(w.pair(p.sourceLine, w.integer(str(line))))
                self.codes[code] = (line, fields, set(pairs))
                w.block(w.subject(iri), pairs)
                continue
            first, first_fields, written = known
            differing = tuple(
                c
                for c, a, b in zip(NOC_REGIONS.columns, first_fields, fields, strict=True)
                if a != b
            )
            repeated.append(RepeatedKey(f.file, (code,), first, line, differing))
            new = [pair for pair in pairs if pair not in written]
            if new:
                written.update(new)
                w.block(w.subject(iri), new)
        w.end_graph()
        return FileReport(f.file, NOC_REGIONS.name, rows, tuple(skipped), tuple(repeated))
