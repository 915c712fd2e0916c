"""The fast SHACL engine on tiny shapes: each supported constraint component, target and path kind
gives exactly the expected results, the same as pySHACL's; what it does not support is refused
with a clear reason, and pySHACL runs instead."""

from __future__ import annotations

import pytest
from rdflib import Graph

from olygraph.errors import InputError
from olygraph.validate.outcome import ValidationOutcome
from olygraph.validate.run import run, validate
from olygraph.validate.shacl.validation import run_fast, unsupported

EX = "http://example.org/"
HEAD = """@prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""

Found = set[tuple[str, str, str | None]]


def graph(text: str) -> Graph:
    return Graph().parse(data=HEAD + text, format="turtle")


def short(text: str | None) -> str | None:
    return None if text is None else text.removeprefix(EX)


def found(outcome: ValidationOutcome) -> Found:
    """(focus, component, value) of each result, ``ex:`` and ``sh:…ConstraintComponent`` cut."""
    return {
        (
            short(r.focus_node) or "",
            r.constraint_component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent"),
            short(r.value),
        )
        for r in outcome.results
    }


def both(data: str, shapes: str) -> tuple[ValidationOutcome, ValidationOutcome]:
    d, s = graph(data), graph(shapes)
    assert unsupported(s) is None
    fast, py = run_fast(d, s), run(d, s)
    assert fast.results == py.results  # same results, messages (pySHACL's generated ones) too
    return fast, py


CASES: dict[str, tuple[str, str, Found]] = {
    "class, with a subclass in the data": (
        "ex:a a ex:C ; ex:p ex:d1 , ex:d2 , ex:d3 , 'text' . ex:d1 a ex:D . ex:d2 a ex:E . "
        "ex:E rdfs:subClassOf ex:D .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:class ex:D ] .",
        {("a", "Class", "d3"), ("a", "Class", "text")},
    ),
    "targetClass takes the instances of subclasses": (
        "ex:a a ex:C . ex:b a ex:C2 . ex:C2 rdfs:subClassOf ex:C . ex:c a ex:C3 .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
        {("a", "MinCount", None), ("b", "MinCount", None)},
    ),
    "datatype: wrong type, plain string, ill-typed literal": (
        "ex:a a ex:C ; ex:p 1 , 'x' , '1.5'^^xsd:decimal , 'abc'^^xsd:integer , ex:iri .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:datatype xsd:integer ] .",
        {("a", "Datatype", "x"), ("a", "Datatype", "1.5"), ("a", "Datatype", "abc"),
         ("a", "Datatype", "iri")},
    ),
    "datatype xsd:string and xsd:date": (
        "ex:a a ex:C ; ex:p 'x' , 'y'@en ; ex:q '1928-08-05'^^xsd:date , '1928'^^xsd:gYear .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:datatype xsd:string ] , "
        "[ sh:path ex:q ; sh:datatype xsd:date ] .",
        {("a", "Datatype", "y"), ("a", "Datatype", "1928")},
    ),
    "datatype xsd:date: years rdflib cannot read": (
        "ex:a a ex:C ; ex:p '0000-01-01'^^xsd:date , '-0001-01-01'^^xsd:date , "
        "'12345-01-01'^^xsd:date , '1928-08-05'^^xsd:date , '1928-08-05Z'^^xsd:date .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:datatype xsd:date ] .",
        {("a", "Datatype", "0000-01-01"), ("a", "Datatype", "-0001-01-01"),
         ("a", "Datatype", "12345-01-01")},
    ),
    "nodeKind": (
        "ex:a a ex:C ; ex:p ex:b , [ ex:q 1 ] , 'lit' .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:nodeKind sh:BlankNodeOrIRI ] .",
        {("a", "NodeKind", "lit")},
    ),
    "minCount and maxCount": (
        "ex:a a ex:C ; ex:p 1 . ex:b a ex:C ; ex:p 1 , 2 , 3 . ex:c a ex:C ; ex:q 1 .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 2 ; sh:maxCount 2 ] , "
        "[ sh:path ex:q ; sh:maxCount 0 ] , [ sh:path ex:r ; sh:minCount 0 ; sh:maxCount 1 ] .",
        {("a", "MinCount", None), ("b", "MaxCount", None), ("c", "MinCount", None),
         ("c", "MaxCount", None)},
    ),
    "in and hasValue": (
        "ex:a a ex:C ; ex:p 'x' , 'z' , ex:y . ex:b a ex:C ; ex:p 'x' ; ex:q ex:v .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:in ( 'x' ex:y ) ] , "
        "[ sh:path ex:q ; sh:hasValue ex:v ] .",
        {("a", "In", "z"), ("a", "HasValue", None)},
    ),
    "pattern with flags, on strings and IRIs": (
        "ex:a a ex:C ; ex:p 'DEN' , 'den' , 'DENX' , 12 , ex:ABC .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:pattern '^[A-Z]{3}$' ; "
        "sh:flags 'i' ] .",
        {("a", "Pattern", "DENX"), ("a", "Pattern", "12"), ("a", "Pattern", "ABC")},
    ),
    "value ranges": (
        "ex:a a ex:C ; ex:p 0 , 1 , 5 , 10 , 'x' ; ex:q 0.0 , 2.5 .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minInclusive 1 ; "
        "sh:maxExclusive 10 ] , [ sh:path ex:q ; sh:minExclusive 0 ; sh:maxInclusive 2 ] .",
        {("a", "MinInclusive", "0"), ("a", "MaxExclusive", "10"), ("a", "MinInclusive", "x"),
         ("a", "MaxExclusive", "x"), ("a", "MinExclusive", "0.0"), ("a", "MaxInclusive", "2.5")},
    ),
    "minLength and maxLength": (
        "ex:a a ex:C ; ex:p 'ab' , 'abcd' , 'abcdef' , ex:abc .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minLength 3 ; "
        "sh:maxLength 5 ] .",
        {("a", "MinLength", "ab"), ("a", "MaxLength", "abcdef"), ("a", "MaxLength", "abc")},
    ),
    "not, and, or, xone of node and property shapes": (
        "ex:a a ex:C ; ex:p ex:x , ex:y , ex:z , 'lit' . ex:x a ex:A . ex:y a ex:A , ex:B ; "
        "ex:name 'y' . ex:z ex:name 'z' .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:or ( [ sh:class ex:A ] "
        "[ sh:path ex:name ; sh:minCount 1 ] ) ; sh:xone ( [ sh:class ex:A ] [ sh:class ex:B ] ) ; "
        "sh:not [ sh:datatype xsd:string ] ; sh:and ( [ sh:nodeKind sh:IRI ] "
        "[ sh:path ex:name ; sh:maxCount 1 ] ) ] .",
        {("a", "Or", "lit"), ("a", "Xone", "y"), ("a", "Xone", "z"), ("a", "Xone", "lit"),
         ("a", "Not", "lit"), ("a", "And", "lit")},
    ),
    "node-level or (value = focus node)": (
        "ex:a a ex:T ; ex:name 'a' . ex:b a ex:T ; ex:member ex:m . ex:c a ex:T .",
        "ex:S sh:targetClass ex:T ; sh:or ( [ sh:path ex:name ; sh:minCount 1 ] "
        "[ sh:path ex:member ; sh:minCount 1 ] ) .",
        {("c", "Or", None)},  # the value is the focus node
    ),
    "equals, disjoint, lessThan, lessThanOrEquals": (
        "ex:a a ex:C ; ex:p 1 , 2 ; ex:q 1 , 3 ; ex:d 2 ; ex:lo 5 , 9 ; ex:hi 7 ; "
        "ex:start '1928-08-05'^^xsd:date ; ex:end '1928-08-04'^^xsd:date .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:equals ex:q ; "
        "sh:disjoint ex:d ] , [ sh:path ex:lo ; sh:lessThan ex:hi ] , "
        "[ sh:path ex:start ; sh:lessThanOrEquals ex:end ] .",
        {("a", "Equals", "2"), ("a", "Equals", "3"), ("a", "Disjoint", "2"),
         ("a", "LessThan", "9"), ("a", "LessThanOrEquals", "1928-08-05")},
    ),
    "targetNode, targetSubjectsOf, targetObjectsOf": (
        "ex:a ex:p ex:b . ex:c ex:q 'x' .",
        "ex:S1 sh:targetNode ex:nowhere ; sh:property [ sh:path ex:p ; sh:minCount 1 ] . "
        "ex:S2 sh:targetSubjectsOf ex:q ; sh:property [ sh:path ex:p ; sh:minCount 1 ] . "
        "ex:S3 sh:targetObjectsOf ex:p ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
        {("nowhere", "MinCount", None), ("c", "MinCount", None), ("b", "MinCount", None)},
    ),
    "inverse, sequence and alternative paths": (
        "ex:r1 ex:result ex:x . ex:r2 ex:result ex:x . ex:x a ex:C ; ex:mark ex:m . "
        "ex:m ex:unit ex:s . ex:y a ex:C ; ex:win ex:m2 . ex:m2 ex:unit 'bad' .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path [ sh:inversePath ex:result ] ; "
        "sh:maxCount 1 ] , [ sh:path ( ex:mark ex:unit ) ; sh:class ex:Unit ] , "
        "[ sh:path [ sh:alternativePath ( ex:mark ex:win ) ] ; sh:minCount 1 ; "
        "sh:nodeKind sh:IRI ] , [ sh:path ( [ sh:alternativePath ( ex:mark ex:win ) ] ex:unit ) ;"
        " sh:datatype xsd:string ] .",
        {("x", "MaxCount", None), ("x", "Class", "s"), ("x", "Datatype", "s")},
    ),
    "zero-or-more, one-or-more and zero-or-one paths": (
        "ex:a a ex:C ; ex:parent ex:b . ex:b ex:parent ex:c . ex:c ex:name 'c' .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path [ sh:zeroOrMorePath ex:parent ] ; "
        "sh:maxCount 2 ] , [ sh:path [ sh:oneOrMorePath ex:parent ] ; sh:class ex:C ] , "
        "[ sh:path [ sh:zeroOrOnePath ex:parent ] ; sh:minCount 3 ] .",
        {("a", "MaxCount", None), ("a", "Class", "b"), ("a", "Class", "c"),
         ("a", "MinCount", None)},
    ),
    "severity, deactivated shapes and nested property shapes": (
        "ex:a a ex:C ; ex:p ex:b . ex:b ex:q 'x' .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:property [ sh:path ex:q ; "
        "sh:datatype xsd:integer ; sh:severity sh:Warning ] ] , [ sh:path ex:z ; sh:minCount 1 ; "
        "sh:deactivated true ] . ex:Off sh:targetClass ex:C ; sh:deactivated true ; "
        "sh:property [ sh:path ex:z ; sh:minCount 1 ] .",
        {("b", "Datatype", "x")},
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_core_constraint_gives_exactly_the_expected_results(case: str) -> None:
    data, shapes, expected = CASES[case]
    fast, _py = both(data, shapes)
    assert found(fast) == expected


def test_severity_and_messages_are_the_shapes() -> None:
    fast, _py = both(
        "ex:a a ex:C .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ; "
        "sh:severity sh:Info ; sh:message 'needs a p'@en ] , [ sh:path ex:q ; sh:minCount 1 ] .",
    )
    by_message = {r.message: r.severity.value for r in fast.results}
    assert by_message["needs a p"] == "Info"
    assert len(by_message) == 2 and "Violation" in by_message.values()  # pySHACL's own message
    assert fast.conforms is False


SPARQL_SHAPE = """
ex:Decl a owl:Ontology ;
  sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
ex:S sh:targetClass ex:C ;
  sh:sparql [ sh:prefixes ex:Decl ; sh:message "{$this} has {?n} in {?value}" ;
  sh:select \"\"\"{select}\"\"\" ] .
"""
SPARQL_CASES: dict[str, tuple[str, Found]] = {
    # $this only in a FILTER of a UNION branch: pre-bound there, as the substitution makes it
    "filter-only union branch": (
        "SELECT $this ?value ?n WHERE { { FILTER NOT EXISTS { $this ex:p ?x } BIND (ex:p AS "
        "?value) BIND (0 AS ?n) } UNION { $this ex:q ?value . BIND (1 AS ?n) } }",
        {("a", "SPARQL", "p"), ("a", "SPARQL", "v"), ("b", "SPARQL", "v"), ("b", "SPARQL", "w")},
    ),
    "BIND of $this before the patterns": (
        "SELECT $this ?value ?n WHERE { BIND (STR($this) AS ?value) BIND (STRLEN(?value) AS ?n) "
        "FILTER (STRENDS(?value, 'a')) }",
        {("a", "SPARQL", "a")},
    ),
    "aggregates grouped by $this, a subquery projecting $this": (
        "SELECT $this (COUNT(?v) AS ?n) (MIN(?v) AS ?value) WHERE { { SELECT $this ?v WHERE { "
        "$this ex:q ?v } } } GROUP BY $this HAVING (COUNT(?v) > 1)",
        {("b", "SPARQL", "v")},
    ),
    "OPTIONAL on a maybe-unbound variable": (
        "SELECT DISTINCT $this ?value ?n WHERE { OPTIONAL { $this ex:q ?value } OPTIONAL { "
        "?value ex:label ?l } BIND (COALESCE(?l, 'none') AS ?n) FILTER (!BOUND(?l)) }",
        {("a", "SPARQL", "v"), ("b", "SPARQL", "v"), ("b", "SPARQL", "w")},
    ),
}
SPARQL_DATA = "ex:a a ex:C ; ex:q ex:v . ex:b a ex:C ; ex:p 1 ; ex:q ex:v , ex:w ."


@pytest.mark.parametrize("case", list(SPARQL_CASES))
def test_sparql_constraint_has_pre_binding_answers(case: str) -> None:
    select, expected = SPARQL_CASES[case]
    fast, _py = both(SPARQL_DATA, SPARQL_SHAPE.replace("{select}", select))
    assert found(fast) == expected
    assert all(r.message.startswith(r.focus_node + " has ") for r in fast.results)


def test_sparql_path_variable_on_a_property_shape() -> None:
    fast, _py = both(
        "ex:a a ex:C ; ex:p 1 , 2 . ex:b a ex:C ; ex:p 3 .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:sparql [ sh:select "
        "'SELECT $this ?value WHERE { $this $PATH ?value . $this $PATH ?other . "
        "FILTER (?other > ?value) }' ] ] .",
    )
    assert found(fast) == {("a", "SPARQL", "1")}
    assert {r.path for r in fast.results} == {f"{EX}p"}


def test_a_decimal_is_reported_as_written() -> None:
    fast, _py = both(
        "ex:a a ex:C ; ex:p 57.0 , 1.50 .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:maxInclusive 1 ] .",
    )
    assert found(fast) == {("a", "MaxInclusive", "57.0"), ("a", "MaxInclusive", "1.50")}


UNSUPPORTED = {
    "sh:node": "sh:property [ sh:path ex:p ; sh:node ex:N ] . ex:N sh:property [ sh:path ex:q ; "
    "sh:minCount 1 ] .",
    "sh:qualifiedMinCount": "sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class "
    "ex:D ] ; sh:qualifiedMinCount 1 ] .",
    "sh:closed": "sh:closed true .",
    "sh:uniqueLang": "sh:property [ sh:path ex:p ; sh:uniqueLang true ] .",
    "sh:languageIn": "sh:property [ sh:path ex:p ; sh:languageIn ( 'en' ) ] .",
    "VALUES": "sh:sparql [ sh:select 'SELECT $this WHERE { VALUES ?x { 1 } }' ] .",
    "MINUS": "sh:sparql [ sh:select 'SELECT $this WHERE { $this ?p ?o MINUS { $this ?p 1 } }' ] .",
    "LIMIT": "sh:sparql [ sh:select 'SELECT $this WHERE { $this ?p ?o } LIMIT 1' ] .",
    "GROUP BY $this": "sh:sparql [ sh:select 'SELECT (COUNT(*) AS ?n) WHERE { $this ?p ?o }' ] .",
    "does not select it": "sh:sparql [ sh:select 'SELECT $this WHERE { { SELECT ?o WHERE { "
    "$this ?p ?o } } }' ] .",
    "$currentShape": "sh:sparql [ sh:select 'SELECT $this WHERE { $this ?p $currentShape }' ] .",
}


#: constructs SHACL itself forbids in pre-bound queries: pySHACL refuses them too
REFUSED_BY_PYSHACL = {"VALUES", "MINUS", "does not select it"}


@pytest.mark.parametrize("construct", list(UNSUPPORTED))
def test_unsupported_construct_is_refused_and_pyshacl_runs(construct: str) -> None:
    shapes = graph("ex:S sh:targetClass ex:C ; " + UNSUPPORTED[construct])
    reason = unsupported(shapes)
    assert reason is not None and construct in reason
    data = graph("ex:a a ex:C ; ex:p 'x' .")
    if construct in REFUSED_BY_PYSHACL:
        with pytest.raises(InputError, match="--shapes: cannot use these shapes"):
            validate(data, [shapes], engine="fast")
        return
    outcome = validate(data, [shapes], engine="fast")
    assert outcome.engine == "pyshacl"
    assert outcome.note is not None and construct in outcome.note


def test_custom_constraint_components_are_refused() -> None:
    shapes = graph("ex:CC a sh:ConstraintComponent ; sh:parameter [ sh:path ex:max ] .")
    assert "sh:ConstraintComponent" in (unsupported(shapes) or "")
