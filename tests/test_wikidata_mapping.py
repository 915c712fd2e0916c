"""The mapping table (src/olygraph/data/wikidata.tsv): every Wikidata id the profile writes is
in it with a note of how it was checked, and every item of ours that the profile writes is
covered by a row (mapped to a Q-id, or keeping our IRI because the table says so)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from olygraph import api
from olygraph.errors import InputError
from olygraph.vocab import DEFAULT_BASE, RDF, WD, WIKIBASE
from olygraph.wikidata import mapping as m
from olygraph.wikidata import profile_graph

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "articles"
WD_ID = re.compile(r"^http://www\.wikidata\.org/(?:entity|prop(?:/[a-z/]+)?)/([PQ][0-9]+)$")


@pytest.fixture(scope="module")
def profiled() -> Graph:
    inputs = [ARTICLES] if ARTICLES.is_dir() else []
    g = profile_graph(api.export(inputs).dataset)
    g += profile_graph(api.export().dataset)
    return g


def test_the_table_reads_and_every_row_says_how_it_was_checked() -> None:
    table = m.load()
    assert len(table.rows) > 50
    for row in table.rows:
        assert len(row.note) > 20, row
        if row.wikidata:
            assert row.label and row.label != "(our IRI)", row
        else:
            assert row.key.endswith("/*"), f"{row.key}: only patterns keep our IRIs"
            assert "our" in row.note.lower(), row


def test_every_id_the_code_names_is_in_the_table() -> None:
    table = m.load()
    ids = {r.wikidata for r in table.rows}
    assert set(m.PROPERTIES) <= ids
    for key in m.ITEM_KEYS:
        assert str(table.item(key)).startswith(str(WD) + "Q"), key


def test_every_wikidata_id_in_the_profile_is_in_the_table(profiled: Graph) -> None:
    ids = {r.wikidata for r in m.load().rows if r.wikidata}
    used = {
        match[1]
        for triple in profiled
        for node in triple
        if isinstance(node, URIRef) and (match := WD_ID.match(str(node)))
    }
    assert used
    assert used <= ids, f"ids written but not in the table: {sorted(used - ids)}"


def test_every_item_of_ours_is_covered_by_a_row(profiled: Graph) -> None:
    table = m.load()
    uncovered = []
    for item in set(profiled.subjects(RDF.type, WIKIBASE.Item)):
        text = str(item)
        if text.startswith(str(WD)):
            continue
        assert text.startswith(DEFAULT_BASE), item
        row = table.row(text[len(DEFAULT_BASE) :])
        if row is None:
            uncovered.append(text)
        else:
            assert not row.wikidata, f"{item} should have been written as {row.wikidata}"
    assert not uncovered, uncovered


def test_entities_map_by_key_and_pattern() -> None:
    table = m.load()
    games = URIRef(DEFAULT_BASE + "games/1928-summer")
    assert table.entity(games, DEFAULT_BASE) == WD.Q8138
    winter = URIRef(DEFAULT_BASE + "games/1928-winter")
    assert table.entity(winter, DEFAULT_BASE) == winter  # covered by games/*: our IRI
    assert table.entity(URIRef("https://w3id.org/olygraph/ontology#GoldMedal"), DEFAULT_BASE) == (
        WD.Q15243387
    )
    other = URIRef("https://example.org/x")
    assert table.entity(other, DEFAULT_BASE) == other
    base = "https://example.org/olympics/"
    assert table.entity(URIRef(base + "games/1928-summer"), base) == WD.Q8138
    assert table.row("games/1906-summer") is not None
    assert table.row("games/1906-summer").wikidata == ""  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("key\twikidata\tlabel\n", "expected the header"),
        ("key\twikidata\tlabel\tnote\nx\tQ1\tone\n", ":3: expected 4 tab-separated cells"),
        ("key\twikidata\tlabel\tnote\nx\tZ1\tone\tseen\n", "'Z1' is not a Q-id or P-id"),
        ("key\twikidata\tlabel\tnote\nx\tQ1\tone\t\n", "every row needs a note"),
        ("key\twikidata\tlabel\tnote\nx\tQ1\ta\tn\nx\tQ2\tb\tn\n", "keys given twice: x"),
    ],
)
def test_a_broken_table_is_an_input_error_naming_the_line(text: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        m.parse("# comment\n" + text, "wikidata.tsv")
