"""``olygraph export --profile wikidata --format quickstatements``: every line parses as a
QuickStatements v1 command (Help:QuickStatements on wikidata.org, "V1 commands"), and the seed
with Q-ids for its event and athletes gives one P1344 line per named athlete, with its ranking
and its reference to English Wikipedia."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from olygraph.cli import main
from olygraph.vocab import DEFAULT_BASE

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
EVENT = DEFAULT_BASE + "event/1928-summer/cycling/mens-track-time-trial"
ATHLETES = {
    "den/willy-hansen": "Q90000101", "ned/gerard-bosch-van-drakestein": "Q90000102",
    "aus/dunc-gray": "Q90000103", "unknown/octave-dayen": "Q90000106",
    "arg/francisco-rodriguez": "Q90000107", "ita/angelo-cattaneo": "Q90000108",
    "unknown/aerts": "Q90000104",
}  # fmt: skip
URL = (
    "https://en.wikipedia.org/wiki/Cycling_at_the_1928_Summer_Olympics_%E2%80%93_Men%27s_track_"
    "time_trial"
)

# --- a QuickStatements v1 parser (the syntax of Help:QuickStatements) ------------------------
_ITEM = r"Q[1-9][0-9]*"
_VALUE = re.compile(
    rf"""(?P<item>{_ITEM})
    |(?P<string>"[^"\t]*")
    |(?P<mono>[a-z]+(?:-[a-z]+)*:"[^"\t]*")
    |(?P<time>[+-][0-9]{{1,16}}-[0-9]{{2}}-[0-9]{{2}}T00:00:00Z/(?:[0-9]|1[0-4]))
    |(?P<quantity>[+-]?[0-9]+(?:\.[0-9]+)?(?:~[0-9]+(?:\.[0-9]+)?)?(?:U[1-9][0-9]*)?)
    |(?P<some>somevalue|novalue)""",
    re.VERBOSE,
)


@dataclass
class Command:
    entity: str
    prop: str
    value: str
    qualifiers: list[tuple[str, str]]
    sources: list[tuple[str, str]]


def parse_v1(text: str) -> list[Command | str]:
    """Each line: ``CREATE``, or entity TAB property TAB value, then pairs of qualifier
    (``Pn``) and source (``Sn``) property and value, sources last; AssertionError otherwise."""
    out: list[Command | str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"line {number}: {line!r}"
        if line == "CREATE":
            out.append(line)
            continue
        cells = line.split("\t")
        assert len(cells) >= 3 and len(cells) % 2 == 1, where
        entity, prop, value = cells[:3]
        assert re.fullmatch(rf"{_ITEM}|LAST", entity), where
        if prop in ("Len",) or (prop.startswith("S") and prop.endswith("wiki")):
            assert re.fullmatch(r'"[^"\t]+"', value) and len(cells) == 3, where
            out.append(line)
            continue
        assert re.fullmatch(r"P[1-9][0-9]*", prop), where
        assert _VALUE.fullmatch(value), where
        quals: list[tuple[str, str]] = []
        sources: list[tuple[str, str]] = []
        for key, val in zip(cells[3::2], cells[4::2], strict=True):
            assert _VALUE.fullmatch(val), f"{where}: value {val!r}"
            if key.startswith("S"):
                assert re.fullmatch(r"S[1-9][0-9]*", key), where
                sources.append((key, val))
            else:
                assert re.fullmatch(r"P[1-9][0-9]*", key) and not sources, where
                quals.append((key, val))
        out.append(Command(entity, prop, value, quals, sources))
    return out


def _export(tmp_path: Path, rows: dict[str, str], *extra: str) -> tuple[str, str]:
    qids = tmp_path / "qids.tsv"
    lines = ["olygraph\twikidata\thow"] + [f"{iri}\t{q}\tby hand" for iri, q in rows.items()]
    qids.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", "--profile", "wikidata", "--format",
                                       "quickstatements", "--qids", str(qids), *extra])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr


def test_one_participant_in_line_per_named_athlete(tmp_path: Path) -> None:
    rows = {EVENT: "Q90000001", **{DEFAULT_BASE + "athlete/" + a: q for a, q in ATHLETES.items()}}
    text, errors = _export(tmp_path, rows)
    commands = [c for c in parse_v1(text) if isinstance(c, Command)]
    results = [c for c in commands if c.prop == "P1344" and dict(c.qualifiers).get("P1352")]
    assert sorted((c.entity, Decimal(dict(c.qualifiers)["P1352"])) for c in results) == sorted(
        (q, Decimal(r))
        for q, r in zip(ATHLETES.values(), ["1", "2", "3", "4", "8", "9", "9"], strict=True)
    )
    for c in results:
        assert c.value == "Q90000001"
        assert ("S143", "Q328") in c.sources and ("S4656", f'"{URL}"') in c.sources
    hansen = next(c for c in results if c.entity == "Q90000101")
    assert ("P2781", "74.2U11574") in hansen.qualifiers, "race time in seconds"
    assert ("P166", "Q15243387") in hansen.qualifiers
    event_side = [c for c in commands if c.entity == "Q90000001" and c.prop == "P710"]
    assert sum(1 for c in event_side if c.value == "somevalue") >= 9, "unknown participants"
    dates = [c for c in commands if c.prop == "P585"]
    assert [c.value for c in dates] == ["+1928-08-05T00:00:00Z/11"]
    # what cannot be written is counted, by reason, not dropped silently
    assert "qualifier P2443 left out: round of ours without a Q-id" in errors
    assert re.search(r"olygraph: quickstatements: \d+ P984 statement not written: subject is "
                     "noc of ours without a Q-id", errors)  # fmt: skip


def test_nothing_reconciled_writes_nothing_and_says_why(tmp_path: Path) -> None:
    text, errors = _export(tmp_path, {})
    assert text == ""
    assert "P1344 statement not written: subject is athlete of ours without a Q-id" in errors


def test_create_blocks_for_new_items_that_need_no_other_new_item(tmp_path: Path) -> None:
    rows = {EVENT: "Q90000001", DEFAULT_BASE + "noc/DEN": "Q90000035"}
    text, _ = _export(tmp_path, rows, "--create")
    parsed = parse_v1(text)
    assert "CREATE" in parsed
    # Willy Hansen: his statements name the event and his NOC, both reconciled
    start = text.index('LAST\tLen\t"Willy Hansen"')
    block = text[start:].split("CREATE")[0]
    assert "LAST\tP31\tQ5" in block and "LAST\tP1532\tQ90000035" in block
    assert "LAST\tP1344\tQ90000001\tP1352\t1\t" in block
    # Bosch van Drakestein's NOC (NED) is not reconciled: no block for him
    assert "Gerard Bosch van Drakestein" not in text
    # only athletes and events are created: not rounds, not NOCs (Wikidata has those)
    labels = [line for line in text.splitlines() if line.startswith("LAST\tLen\t")]
    assert labels and all("Final" not in x and "Argentina" not in x for x in labels)


def test_quickstatements_needs_the_wikidata_profile() -> None:
    result = CliRunner().invoke(main, ["export", "--format", "quickstatements"])
    assert result.exit_code == 2
    assert "--profile wikidata" in result.stderr
