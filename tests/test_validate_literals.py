"""Literals keep their datatype and lexical form through every load path of ``olygraph validate``
(pyoxigraph's store would make ``"5"^^xsd:byte`` an ``xsd:integer``; rdflib would write the
ill-typed ``"none"^^xsd:boolean`` as ``"false"``), and relative IRIs resolve against the file.

The expected violations follow from SHACL and XML Schema: ``sh:datatype xsd:integer`` rejects
an ``xsd:byte`` (another datatype IRI), ``"300"^^xsd:byte`` is out of the byte range (ill-typed),
``"none"`` is no boolean, ``"20"^^xsd:short`` is above ``sh:maxInclusive 10`` (compared by
value), and ``sh:in ( "5"^^xsd:int )`` holds the term ``"5"^^xsd:int`` only.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from olygraph.cli import main
from olygraph.validate.run import choose_engine, load_inputs, validate
from olygraph.validate.shapes import load_shapes
from olygraph.vocab import DEFAULT_BASE, RDF, SH, XSD
from olygraph.write.rdf import load_rdf

EX = "http://example.org/lit#"
PREFIXES = f"""@prefix ex: <{EX}> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
SHAPES = (
    PREFIXES
    + """
ex:S a sh:NodeShape ; sh:targetNode ex:a ;
  sh:property [ sh:path ex:int ; sh:datatype xsd:integer ] ;
  sh:property [ sh:path ex:i32 ; sh:datatype xsd:int ] ;
  sh:property [ sh:path ex:b ; sh:datatype xsd:byte ] ;
  sh:property [ sh:path ex:flag ; sh:datatype xsd:boolean ] ;
  sh:property [ sh:path ex:small ; sh:maxInclusive 10 ] ;
  sh:property [ sh:path ex:v ; sh:in ( "5"^^xsd:int ) ] .
"""
)
DATA = {
    "int": ['"5"^^xsd:byte', "7"],
    "i32": ['"5"^^xsd:int', '"2147483647"^^xsd:int'],
    "b": ['"300"^^xsd:byte', '"5"^^xsd:byte'],
    "flag": ['"none"^^xsd:boolean', "true"],
    "small": ['"5"^^xsd:int', '"20"^^xsd:short'],
    "v": ['"5"^^xsd:int', '"5"^^xsd:byte'],
}
VIOLATIONS = {
    ("int", "5", XSD.byte),
    ("b", "300", XSD.byte),
    ("flag", "none", XSD.boolean),
    ("small", "20", XSD.short),
    ("v", "5", XSD.byte),
}


def write_data(folder: Path, suffix: str) -> Path:
    """The data as Turtle or as N-Triples."""
    turtle = PREFIXES + "".join(
        f"ex:a ex:{p} {', '.join(values)} .\n" for p, values in DATA.items()
    )
    path = folder / f"data{suffix}"
    if suffix == ".ttl":
        path.write_text(turtle, encoding="utf-8")
    else:  # written by hand, so that nothing normalises the literals on the way
        lines = []
        for p, values in DATA.items():
            for v in values:
                if v.startswith('"'):
                    lex, dt = v[1:].split('"^^xsd:')
                    obj = f'"{lex}"^^<{XSD}{dt}>'
                elif v == "true":
                    obj = f'"true"^^<{XSD.boolean}>'
                else:
                    obj = f'"{v}"^^<{XSD.integer}>'
                lines.append(f"<{EX}a> <{EX}{p}> {obj} .")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def violations(report: Graph) -> set[tuple[str, str, URIRef | None]]:
    out = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        path, value = report.value(r, SH.resultPath), report.value(r, SH.value)
        assert isinstance(value, Literal) and isinstance(path, URIRef)
        out.add((str(path)[len(EX) :], str(value), value.datatype))
    return out


@pytest.fixture
def shapes(tmp_path: Path) -> Graph:
    path = tmp_path / "shapes.ttl"
    path.write_text(SHAPES, encoding="utf-8")
    return load_shapes([path]).graph


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
@pytest.mark.parametrize("suffix", [".ttl", ".nt"])
def test_files_keep_their_literals(tmp_path: Path, shapes: Graph, suffix: str, engine: str) -> None:
    data = write_data(tmp_path, suffix)
    used, _ = choose_engine(engine, [shapes], builtin_shapes=False)
    assert used == engine
    loaded = load_inputs([data], DEFAULT_BASE, used)
    outcome = validate(loaded.graph, [shapes], used, builtin_shapes=False)
    assert outcome.engine == engine
    assert violations(outcome.report) == VIOLATIONS


def test_an_rdflib_graph_keeps_its_literals(tmp_path: Path, shapes: Graph) -> None:
    """The fast engine on an in-memory graph (read by olygraph's reader, literals as written)."""
    graph = load_rdf(write_data(tmp_path, ".ttl"))
    outcome = validate(graph, [shapes], "fast", builtin_shapes=False)
    assert violations(outcome.report) == VIOLATIONS


def test_nt_without_derived_types_still_loads_straight(tmp_path: Path) -> None:
    """An N-Triples file without integer-derived literals: an ill-typed boolean stays so."""
    data = tmp_path / "flag.nt"
    data.write_text(f'<{EX}a> <{EX}flag> "none"^^<{XSD.boolean}> .\n', encoding="utf-8")
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        PREFIXES + "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:flag ; "
        "sh:datatype xsd:boolean ] .\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["validate", str(data), "--shapes", str(shapes), "--no-builtin-shapes", "-f", "ttl"]
    )
    assert result.exit_code == 1, result.stderr
    report = Graph().parse(data=result.stdout, format="turtle")
    assert {str(v) for v in report.objects(None, SH.value)} == {"false"}  # rdflib's reading
    assert f'"none"^^<{XSD.boolean}>' in result.stdout  # as written


def test_relative_iris_resolve_against_the_file_once(tmp_path: Path) -> None:
    """``<>`` and ``<#a>`` in data and shapes name the file's own IRI; a blank node is loaded
    once (one result, not two)."""
    (tmp_path / "data.ttl").write_text(
        "<#a> <#p> [ <#q> 1 ] .\n<> <#about> <#a> .\n", encoding="utf-8"
    )
    data_iri = (tmp_path / "data.ttl").absolute().as_uri()
    (tmp_path / "shapes.ttl").write_text(
        PREFIXES + f"<#S> sh:targetNode <{data_iri}#a> ; sh:property [ sh:path <{data_iri}#p> ; "
        "sh:nodeKind sh:IRI ] .\n",
        encoding="utf-8",
    )
    for engine in ("fast", "pyshacl"):
        result = CliRunner().invoke(
            main,
            ["validate", str(tmp_path / "data.ttl"), "--shapes", str(tmp_path / "shapes.ttl"),
             "--no-builtin-shapes", "-f", "json", "--engine", engine],
        )  # fmt: skip
        assert result.exit_code == 1, result.stderr
        assert '"focusNode": "' + data_iri + '#a"' in result.stdout
        assert result.stdout.count('"severity": "Violation"') == 1
        assert (tmp_path / "shapes.ttl").absolute().as_uri() + "#S" in result.stdout


def test_owl_imports_of_local_files_are_followed(tmp_path: Path) -> None:
    (tmp_path / "more.ttl").write_text(
        PREFIXES + "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    (tmp_path / "main.ttl").write_text(
        PREFIXES + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<> owl:imports <more.ttl>, <http://example.org/elsewhere> .\n",
        encoding="utf-8",
    )
    (tmp_path / "data.ttl").write_text(PREFIXES + "ex:a ex:q 1 .\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["validate", str(tmp_path / "data.ttl"), "--shapes", str(tmp_path / "main.ttl"),
         "--no-builtin-shapes"],
    )  # fmt: skip
    assert result.exit_code == 1, result.stderr
    assert "1 violation" in result.stdout
    assert "owl:imports <http://example.org/elsewhere> not followed" in result.stderr
    (tmp_path / "main.ttl").write_text(
        "<> <http://www.w3.org/2002/07/owl#imports> <gone.ttl> .\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        main,
        ["validate", str(tmp_path / "data.ttl"), "--shapes", str(tmp_path / "main.ttl"),
         "--no-builtin-shapes"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "gone.ttl>: no such file" in result.stderr


def test_no_builtin_shapes_needs_shapes() -> None:
    result = CliRunner().invoke(main, ["validate", "--no-builtin-shapes"])
    assert result.exit_code == 2
    assert "--no-builtin-shapes needs at least one --shapes file" in result.stderr


def test_decimals_written_canonically_are_the_forms_pyoxigraph_writes() -> None:
    """The store keeps a decimal's value (``9.80`` is ``9.8``); the fast engine maps the
    canonical form back to the written one, and asks the store only for those it does not
    recognise as canonical. Every form it recognises must be pyoxigraph's own."""
    import itertools
    import random

    import pyoxigraph as ox

    from olygraph.validate.shacl.terms import _CANONICAL_DECIMAL

    rng = random.Random(7)
    digits = ["0", "1", "9", "10", "05", "123456789012345678", "00", ""]
    forms = {f"{sign}{i}{dot}{f}" for sign, i, dot, f in itertools.product(
        ["", "-", "+"], digits, ["", "."], digits)}  # fmt: skip
    forms |= {f"{rng.randint(0, 10**rng.randint(1, 20))}.{rng.randint(0, 10**rng.randint(0, 20))}"
              for _ in range(300)}  # fmt: skip
    store = ox.Store()
    recognised = 0
    for form in sorted(forms):
        if not _CANONICAL_DECIMAL.fullmatch(form):
            continue
        recognised += 1
        query = f'SELECT (STR(STRDT("{form}", {XSD.decimal.n3()})) AS ?c) WHERE {{}}'
        solutions = store.query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        assert [s["c"].value for s in solutions] == [form], form
    assert recognised > 100
