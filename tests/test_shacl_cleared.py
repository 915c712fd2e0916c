"""The checks a part clears without their queries (olygraph.validate.shacl.cleared) are checks
whose queries find nothing, and clearing them changes no result.

Parts are made as the streamed validation makes them in pass 1
(olygraph.validate.stream.early_part): the seed, the seed with the edits of
tests/test_shacl_engine.py (each breaks a shape), every shared article, the shared articles
together, and the seed's triples mutated at random where the cleared checks look: lexical forms
and datatypes that the store reads otherwise than they are written (``01``, ``1.50``, a 30th of
February, a plain string beside the same xsd:string), values of the wrong kind or class, values
dropped or added, a subclass stated. On each, every cleared check's query must return no row,
and the part's results must be those of running every query.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from conftest import article_paths
from olygraph.api.article_render import for_check, ntriples
from olygraph.api.article_scan import read_facts
from olygraph.mapping.stream import GroupQuads, map_group
from olygraph.resources import seed_text
from olygraph.validate.shacl.cleared import Cleared
from olygraph.validate.shacl.compile import FocusCheck, ValueCheck
from olygraph.validate.shacl.engine import Compiled, Engine, _used
from olygraph.validate.shacl.index import Index, add_blocks, each
from olygraph.validate.shacl.literals import parts
from olygraph.validate.shacl.model import UnsupportedShape
from olygraph.validate.stream import (
    _shapes,
    _source_blocks,
    early_part,
    group_index,
    part_store,
    run_part,
)
from olygraph.vocab import DEFAULT_BASE, OLY, RDF, RDFS, XSD
from test_shacl_engine import EDITS

Triple = tuple[str, str, str]


def _group(path: Path | None) -> GroupQuads:
    data = b"" if path is None else path.read_bytes()
    facts = read_facts(None if path is None else str(path), data)
    return map_group([(facts.source_key, facts)], DEFAULT_BASE)


def _part(groups: list[GroupQuads]) -> tuple[bytes, Index]:
    return early_part(DEFAULT_BASE, [(for_check(gq)[0], gq) for gq in groups])


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, Index]]:
    """The real parts, by name."""
    tmp = tmp_path_factory.mktemp("cleared")
    text = seed_text()
    parts_: dict[str, tuple[bytes, Index]] = {"seed": _part([_group(None)])}
    for n, (old, new) in enumerate(EDITS):
        path = tmp / f"edit-{n}.txt"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        parts_[path.stem] = _part([_group(path)])
    articles = [_group(p) for p in article_paths()]
    for path, gq in zip(article_paths(), articles, strict=True):
        parts_[path.stem] = _part([gq])
    if articles:
        parts_["all articles"] = _part(articles)
    return parts_


def _store_of(index: Index) -> ox.Store:
    """The index's triples in a store of their own (read by value, as the part's store)."""
    store = ox.Store()
    store.extend(
        ox.Quad(ox.NamedNode(s), ox.NamedNode(p), _term(o))
        for s, row in index.items()
        for p, values in row.items()
        for o in each(values)
    )
    return store


def _term(o: str) -> ox.NamedNode | ox.Literal:
    lit = parts(o)
    if lit is None:
        return ox.NamedNode(o)
    lexical, datatype, language = lit
    if language:
        return ox.Literal(lexical, language=language)
    return ox.Literal(lexical, datatype=ox.NamedNode(datatype))


def _cleared_find_nothing(
    data: bytes, index: Index, cache: list[Compiled | None] | None = None
) -> int:
    """Assert that each check the index clears finds nothing; the number cleared."""
    _, model = _shapes()
    store = part_store(data)
    engine = Engine(store, model)
    checks = engine.checks([None] if cache is None else cache)
    engine._ready(checks)
    functions = engine._functions()
    cleared = Cleared(model, index)
    n = 0
    for check in checks:
        if cleared(check):
            n += 1
            rows = _rows(store.store, functions, check.query)
            assert not rows, f"{check.shape.label} was cleared, but its query finds {rows[:3]}"
    return n


def _rows(store: ox.Store, functions: dict[ox.NamedNode, Any], query: str) -> list[Any]:
    return list(store.query(query, custom_functions=_used(functions, query)))  # type: ignore[arg-type]


def _same_results(data: bytes, index: Index) -> None:
    """The part's results (or the engine's refusal) with and without clearing."""
    assert _outcome(data, index) == _outcome(data, None)


def _outcome(data: bytes, index: Index | None) -> object:
    try:
        return run_part(data, index).results
    except UnsupportedShape as err:  # integer-derived literals in SPARQL constraints
        return str(err)


def test_the_index_holds_the_triples_of_the_part(real: dict[str, tuple[bytes, Index]]) -> None:
    for name, (data, index) in real.items():
        store = part_store(data).store
        assert set(store) == set(_store_of(index)), name


def test_each_cleared_check_finds_nothing_on_real_parts(
    real: dict[str, tuple[bytes, Index]],
) -> None:
    for data, index in real.values():
        _cleared_find_nothing(data, index)


def test_clearing_changes_no_result_on_real_parts(real: dict[str, tuple[bytes, Index]]) -> None:
    found = 0
    for data, index in real.values():
        _same_results(data, index)
        found += len(run_part(data, index).results)
    assert found  # the edits break shapes: the parts have results to keep


def test_olygraphs_own_output_clears_most_value_and_count_checks(
    real: dict[str, tuple[bytes, Index]],
) -> None:
    data, index = real.get("all articles", real["seed"])
    _, model = _shapes()
    engine = Engine(part_store(data), model)
    core = [c for c in engine.checks([None]) if isinstance(c, ValueCheck | FocusCheck)]
    cleared = Cleared(model, index)
    assert sum(map(cleared, core)) >= 0.9 * len(core)


# --- random mutations of the seed's triples ------------------------------------------------------

_LEXICALS = ("01", "+7", "-3", "0", "1.50", ".5", "1e3", "abc", "", "2021-02-30", "0000-01-01",
             "2021-01-01Z", "true", "1", "99999999999999999999", " 5", "١٢")  # fmt: skip
_DATATYPES = ("", str(XSD.string), str(XSD.integer), str(XSD.decimal), str(XSD.date),
              str(XSD.boolean), str(XSD.int), str(XSD.gYear), str(XSD.double))  # fmt: skip


def _seed_triples() -> list[Triple]:
    gq = _group(None)
    index: Index = {}
    add_blocks(index, _source_blocks(DEFAULT_BASE))
    group_index(index, gq)
    return sorted((s, p, o) for s, row in index.items() for p, vs in row.items() for o in each(vs))


def _literal(lexical: str, datatype: str, language: str = "") -> str:
    return f"\x00{lexical}\x00{datatype}\x00{language}"


def _mutate(rng: random.Random, triples: list[Triple]) -> list[Triple]:
    out = list(triples)
    literals = [k for k, t in enumerate(out) if t[2].startswith("\x00")]
    for _ in range(rng.randint(1, 2)):
        roll = rng.random()
        i = rng.choice(literals) if roll < 0.6 else rng.randrange(len(out))
        s, p, o = out[i]
        lit = parts(o)
        if roll < 0.35 and lit is not None:  # another lexical form, same datatype
            out[i] = (s, p, _literal(rng.choice(_LEXICALS), o[1:].rsplit("\x00", 2)[1]))
        elif roll < 0.6 and lit is not None:  # another datatype (or a language)
            dt = rng.choice((*_DATATYPES, "lang"))
            out[i] = (s, p, _literal(lit[0], "", "en") if dt == "lang" else _literal(lit[0], dt))
        elif roll < 0.7:  # a second value: the same written otherwise, or another one
            if lit is not None and lit[1] == str(XSD.string) and not lit[2]:
                other = _literal(lit[0], "" if o.endswith("\x00\x00") else str(XSD.string))
            elif lit is not None and lit[1] == str(XSD.integer):
                other = _literal("0" + lit[0], str(XSD.integer))
            elif rng.random() < 0.5:  # the value named by a second subject too
                out.append((rng.choice([t[0] for t in out if t[1] == p]), p, o))
                continue
            else:
                other = rng.choice([t[2] for t in out if t[1] == p])
            out.append((s, p, other))
        elif roll < 0.75:  # dropped
            del out[i]
        elif roll < 0.8:  # a predicate taken away from some nodes
            cut = rng.choice(sorted({t[1] for t in out}))
            out = [t for t in out if not (t[1] == cut and rng.random() < 0.3)]
            literals = [k for k, t in enumerate(out) if t[2].startswith("\x00")]
        elif roll < 0.9:  # another class, or a second one
            typed = [k for k, t in enumerate(out) if t[1] == str(RDF.type)]
            j = rng.choice(typed)
            new = (out[j][0], str(RDF.type), out[rng.choice(typed)][2])
            if rng.random() < 0.5:
                out[j] = new
            else:
                out.append(new)
        elif roll < 0.95:  # an IRI for a literal, a literal for an IRI
            out[i] = (s, p, _literal(o, "") if lit is None else f"{DEFAULT_BASE}x/{lit[0]}")
        elif roll < 0.97:  # a subclass stated
            out.append((str(OLY.Result), str(RDFS.subClassOf), str(OLY.Event)))
        else:  # any value on any node
            out.append((rng.choice(out)[0], rng.choice(out)[1], rng.choice(out)[2]))
    return out


def _part_of(triples: list[Triple]) -> tuple[bytes, Index]:
    by_subject: dict[str, set[tuple[str, str]]] = {}
    for s, p, o in triples:
        by_subject.setdefault(s, set()).add((p, o))
    blocks = [(s, False, tuple(sorted(ps))) for s, ps in sorted(by_subject.items())]
    index: Index = {}
    add_blocks(index, blocks)
    return ntriples(blocks)[0], index


def _mutations(n: int) -> Iterator[tuple[int, list[Triple]]]:
    triples = _seed_triples()
    for k in range(n):
        yield k, _mutate(random.Random(k), triples)


@pytest.mark.parametrize("batch", range(4))
def test_cleared_checks_find_nothing_and_change_nothing_on_mutated_seeds(batch: int) -> None:
    cleared, cache = 0, [None]
    for k, triples in _mutations(400):
        if k % 4 != batch:
            continue
        data, index = _part_of(triples)
        try:
            cleared += _cleared_find_nothing(data, index, cache)
            if k % 10 == batch:
                _same_results(data, index)
        except AssertionError as err:
            raise AssertionError(f"mutation {k}: {err}") from None
    assert cleared  # the mutated seeds still clear checks: the test tests something


# --- each constraint on each kind of value, one value at a time -------------------------------

EX = "http://example.org/cleared/"
_GRID_SHAPES = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <{EX}> .
ex:S a sh:NodeShape ; sh:targetNode ex:s ;
    sh:property [ sh:path ex:p ; sh:datatype xsd:string ] ,
        [ sh:path ex:p ; sh:datatype xsd:integer ] , [ sh:path ex:p ; sh:datatype xsd:decimal ] ,
        [ sh:path ex:p ; sh:datatype xsd:date ] ,
        [ sh:path ex:p ; sh:datatype xsd:boolean ] , [ sh:path ex:p ; sh:datatype rdf:langString ] ,
        [ sh:path ex:p ; sh:datatype rdfs:Literal ] , [ sh:path ex:p ; sh:datatype xsd:int ] ,
        [ sh:path ex:p ; sh:datatype xsd:gYear ] , [ sh:path ex:p ; sh:datatype xsd:double ] ,
        [ sh:path ex:p ; sh:in ( "a" "table" 1 ex:i "1.5"^^xsd:decimal ) ] ,
        [ sh:path ex:p ; sh:pattern "^[0-9]+$" ] ,
        [ sh:path ex:p ; sh:pattern "b" ; sh:flags "i" ] ,
        [ sh:path ex:p ; sh:minInclusive 1 ] , [ sh:path ex:p ; sh:maxExclusive 10 ] ,
        [ sh:path ex:p ; sh:maxInclusive 2.5 ] , [ sh:path ex:p ; sh:minExclusive 0.5 ] ,
        [ sh:path ex:p ; sh:minInclusive "2000-01-01"^^xsd:date ] ,
        [ sh:path ex:p ; sh:nodeKind sh:IRI ] , [ sh:path ex:p ; sh:nodeKind sh:Literal ] ,
        [ sh:path ex:p ; sh:class ex:C ] , [ sh:path ex:p ; sh:maxCount 1 ] ,
        [ sh:path ex:p ; sh:minCount 2 ] , [ sh:path ex:p ; sh:hasValue "a" ] ,
        [ sh:path ex:p ; sh:or ( [ sh:datatype xsd:integer ] [ sh:class ex:C ] ) ] ,
        [ sh:path ex:p ; sh:and ( [ sh:datatype xsd:integer ] [ sh:minInclusive 2 ] ) ] .
"""
_GRID_LEXICALS = (*_LEXICALS, "a", "A", "table", "2.5", "2.50", "10", "2020-01-01", "1999-12-31",
                  "false", "1.5", "B")  # fmt: skip
_GRID_TYPES = (*_DATATYPES, str(XSD.dateTime), str(XSD.time), str(RDF.langString))


def _grid() -> Iterator[tuple[str, ...]]:
    """The values of ex:p of one subject: one literal, two ways of writing a value, IRIs."""
    for lexical in _GRID_LEXICALS:
        for dt in _GRID_TYPES:
            yield (_literal(lexical, "", "en") if dt == str(RDF.langString) else
                   _literal(lexical, dt),)  # fmt: skip
    yield from ((f"{EX}i",), (f"{EX}s",), (f"{EX}j",))
    yield _literal("a", ""), _literal("a", str(XSD.string))
    yield _literal("1", str(XSD.integer)), _literal("01", str(XSD.integer))
    yield _literal("1.5", str(XSD.decimal)), _literal("1.50", str(XSD.decimal))
    yield _literal("a", "", "en"), _literal("a", "", "EN")
    yield _literal("a", ""), _literal("b", "")


def test_each_constraint_cleared_on_one_value_finds_nothing() -> None:
    from rdflib import Graph

    from olygraph.validate.shacl.model import read_shapes
    from olygraph.validate.shacl.store import DataStore

    model = read_shapes(Graph().parse(data=_GRID_SHAPES, format="turtle"))
    cleared_any = 0
    for values in _grid():
        triples = [(f"{EX}s", str(RDF.type), f"{EX}C"), (f"{EX}j", str(RDF.type), f"{EX}C")]
        triples += [(f"{EX}s", f"{EX}p", v) for v in values]
        data, index = _part_of(triples)
        store = DataStore()
        store.add_ntriples(data)
        store.finish()
        engine = Engine(store, model)
        checks = engine.checks()
        functions = engine._functions()
        cleared = Cleared(model, index)
        for check in checks:
            if cleared(check):
                cleared_any += 1
                rows = _rows(store.store, functions, check.query)
                assert not rows, f"{values}: {check.shape.label} cleared, its query finds {rows}"
    assert cleared_any > 500


# --- the proofs of RankOrderShape, TiedMarksShape, SingleValueShape on generated rounds ---


def _encoded_graph(graph: Any) -> list[Triple]:
    """An rdflib graph's triples as the mapping writes terms (blank nodes as IRIs)."""
    from rdflib import BNode, Literal

    from olygraph.mapping.terms import encode

    def term(node: Any) -> str:
        if isinstance(node, Literal):
            return encode(node)
        return f"urn:x-bnode:{node}" if isinstance(node, BNode) else str(node)

    return [(term(s), term(p), term(o)) for s, p, o in graph]


@pytest.mark.parametrize("odd", [False, True])
def test_the_proofs_of_paired_rows_hold_on_generated_rounds(odd: bool) -> None:
    from olygraph.validate.shacl.compile import SparqlCheck
    from test_shacl_plans import rounds

    _, model = _shapes()
    proved = fired = 0
    for seed in range(40):
        triples = _encoded_graph(rounds(seed, odd))
        if seed % 2:  # directions that are no plain booleans (their effective boolean value)
            odd_lower = ("yes", "", "0", "2", "1")
            lower = str(OLY.lowerIsBetter)
            triples = [
                (s, p, _literal(odd_lower[(seed + k) % 5], str(XSD.integer) if
                                odd_lower[(seed + k) % 5].isdigit() else "") if p == lower else o)
                for k, (s, p, o) in enumerate(triples)
            ]  # fmt: skip
        data, index = _part_of(triples)
        store = part_store(data)
        engine = Engine(store, model)
        checks = engine.checks([None])
        functions = engine._functions()
        cleared = Cleared(model, index)
        for check in checks:
            if not isinstance(check, SparqlCheck) or not check.shape.label.endswith(
                ("RankOrderShape>", "TiedMarksShape>", "SingleValueShape>")
            ):
                continue
            rows = _rows(store.store, functions, check.query)
            fired += bool(rows)
            if cleared(check):
                proved += 1
                assert not rows, f"seed {seed}: {check.shape.label} proved, but finds {rows[:2]}"
    assert proved and fired  # both outcomes occur: the test tests something


def test_a_node_named_from_two_places_is_not_cleared_by_an_inverse_path() -> None:
    """Inverse paths (a row's round, a mark's row): a node named by a second subject."""
    triples = _seed_triples()
    inverse = [str(OLY.result), str(OLY.mark), str(OLY.winningMark), str(OLY.round)]
    tried = 0
    for p in inverse:
        named = [t for t in triples if t[1] == p]
        if len(named) < 2:
            continue
        for s, _, o in named[:3]:
            # a second subject of the same classes names it too
            twin = [(f"{s}-twin", q, v) for t, q, v in triples if t == s and q == str(RDF.type)]
            data, index = _part_of([*triples, *twin, (f"{s}-twin", p, o)])
            _cleared_find_nothing(data, index)
            _same_results(data, index)
            tried += 1
    assert tried >= 6
