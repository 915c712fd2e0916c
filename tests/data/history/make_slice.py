"""Make the committed slice of the history dataset (run from anywhere; needs ../shared/data).

Writes ``athlete_events_slice.csv`` (the header and every row of the events below, in file
order, bytes as in the original: CRLF line endings, quoting as written) and
``noc_regions.csv`` (the NOC table, whole, bare CR line endings as in the original).

The events are chosen so that the team-event rule, which looks at the editions of an event
name in the file it reads, classifies each of them within the slice as it should:

- 1928 Summer cycling: the 1,000 m time trial (Willy Falck Hansen's gold, "Dunc" Gray's bronze,
  the ASCII-lost names Erich Fs, Jzef Lange, Francisco Rodrguez), the sprint (individual), the
  tandem sprint (a team event: pairs);
- 1928 Summer athletics, women's 4 x 100 m relay (a team event with medals);
- 1900 Summer sailing, 0.5-1 Ton and 1-2 Ton (repeated keys with differing columns: ID 2317
  Auguste Albert, ID 8683 Jacques Baudrier);
- 1928 Winter skeleton (a Winter Games);
- 1956 Summer: weightlifting heavyweight in Melbourne and team dressage in Stockholm (one Games,
  two host cities); the heavyweights bring decimal weights.
"""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[2].parent / "shared" / "data"

EVENTS = {
    ("1928 Summer", "Cycling Men's 1,000 metres Time Trial"),
    ("1928 Summer", "Cycling Men's Sprint"),
    ("1928 Summer", "Cycling Men's Tandem Sprint, 2,000 metres"),
    ("1928 Summer", "Athletics Women's 4 x 100 metres Relay"),
    ("1900 Summer", "Sailing Mixed 0.5-1 Ton"),
    ("1900 Summer", "Sailing Mixed 1-2 Ton"),
    ("1928 Winter", "Skeleton Men's Skeleton"),
    ("1956 Summer", "Weightlifting Men's Heavyweight"),
    ("1956 Summer", "Equestrianism Mixed Dressage, Team"),
}


def main() -> None:
    raw = gzip.decompress((DATA / "athlete_events.csv.gz").read_bytes())
    lines = raw.split(b"\r\n")
    header, rows = lines[0], [line for line in lines[1:] if line]
    kept = [header]
    for line in rows:
        (fields,) = csv.reader([line.decode("utf-8")])
        if (fields[8], fields[13]) in EVENTS:
            kept.append(line)
    (HERE / "athlete_events_slice.csv").write_bytes(b"\r\n".join(kept) + b"\r\n")
    (HERE / "noc_regions.csv").write_bytes(
        gzip.decompress((DATA / "noc_regions.csv.gz").read_bytes())
    )
    print(f"athlete_events_slice.csv: {len(kept) - 1} rows")


if __name__ == "__main__":
    main()
