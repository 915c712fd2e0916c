"""Person names across sources: keys, and the kind of match between an article's and a CSV's."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from olygraph.identity.names import compare_names, name_key


@pytest.mark.parametrize(
    ("name", "tokens", "nicknames", "forms", "alternatives", "suffix"),
    [
        ('Edgar Laurence "Dunc" Gray', "edgar laurence gray", ("dunc",), ["dunc gray"], [], ""),
        ("Edgar 'Dunc' Gray", "edgar gray", ("dunc",), ["dunc gray"], [], ""),
        (
            'Albert J. "Bertie" Donnelly',
            "albert j donnelly",
            ("bertie",),
            ["bertie donnelly"],
            [],
            "",
        ),
        ("Francisco Rodríguez", "francisco rodriguez", (), [], [], ""),
        (
            "Louis Albert Auguste-Dormeuil (Dormeuil-)",
            "louis albert auguste dormeuil",
            (),
            [],
            ["louis albert auguste dormeuil dormeuil"],
            "",
        ),
        (
            "Diane Pratte (-Acton)",
            "diane pratte",
            (),
            [],
            ["diane acton", "diane pratte acton"],
            "",
        ),
        (
            "Lou Sara Galloway (Clark-, McWilliams)",
            "lou sara galloway",
            (),
            [],
            ["lou sara clark", "lou sara clark galloway", "lou sara mcwilliams"],
            "",
        ),
        ("Ramn F. Campos, Jr.", "ramn f campos", (), [], [], "jr"),
        (
            "Jack Troye Nielsen, Jr. (-Zellweger)",
            "jack troye nielsen",
            (),
            [],
            ["jack troye zellweger", "jack troye nielsen zellweger"],
            "jr",
        ),
        ("(Jos-)", "", (), [], [], ""),
        ("Nol van 't End", "nol van t end", (), [], [], ""),  # 't is not a nickname quote
        ("Peter O'Brien", "peter obrien", (), [], [], ""),
        ("Jean-Pierre  DUPONT", "jean pierre dupont", (), [], [], ""),
    ],
)
def test_name_key(
    name: str,
    tokens: str,
    nicknames: tuple[str, ...],
    forms: list[str],
    alternatives: list[str],
    suffix: str,
) -> None:
    key = name_key(name)
    assert str(key) == tokens
    assert key.nicknames == nicknames
    assert [" ".join(f) for f in key.nickname_forms] == forms
    assert [" ".join(a) for a in key.alternatives] == alternatives
    assert key.suffix == suffix


@pytest.mark.parametrize(
    ("article", "dataset", "kind"),
    [
        # the cases
        ("Willy Hansen", "Willy Falck Hansen", "short-form"),
        ("Gerard Bosch van Drakestein", "Gerard Dagobert Henri Bosch van Drakestein", "short-form"),
        ("Dunc Gray", 'Edgar Laurence "Dunc" Gray', "nickname"),
        ("Francisco Rodríguez", "Francisco Rodrguez", "ascii-loss"),
        ("Józef Lange", "Jzef Lange", "ascii-loss"),
        ("Erich Fäs", "Erich Fs", "ascii-loss"),
        ("Søren Hansen", "Sren Hansen", "ascii-loss"),  # ø is deleted, not folded to o
        ("Angelo Cattaneo", "Angelo Cattaneo", "exact"),
        ("ANGELO  cattaneo", "Angelo Cattaneo", "exact"),
        ("Aerts", "Jean Aerts", "surname"),
        # forms the dataset states
        ("Edgar Laurence Gray", 'Edgar Laurence "Dunc" Gray', "exact"),
        ("Edgar Gray", 'Edgar Laurence "Dunc" Gray', "short-form"),
        ("Bertie Donnelly", 'Albert J. "Bertie" Donnelly', "nickname"),
        ("Diane Acton", "Diane Pratte (-Acton)", "alternative"),
        ("Diane Pratte-Acton", "Diane Pratte (-Acton)", "alternative"),
        ("Józef Stanisław Lange", "Jzef Lange", "short-form"),  # ascii loss and a middle name
        ("John Smith", "John Smith, Jr.", "short-form"),  # a suffix on one side only
        ("John Smith Jr.", "John Smith, Jr.", "exact"),
        # not the same name
        ("Francisco Rodriguez", "Francisco Rodrguez", "none"),  # folded, not deleted: unknowable
        ("Willy Hansen", "Willy Jensen", "none"),
        ("Hansen Willy", "Willy Falck Hansen", "none"),
        ("Octave Dayen", "Galip Cav", "none"),
        ("", "Galip Cav", "none"),
    ],
)
def test_compare_names(article: str, dataset: str, kind: str) -> None:
    assert compare_names(article, dataset).kind == kind


def test_match_names_the_forms_that_met() -> None:
    m = compare_names("Francisco Rodríguez", "Francisco Rodrguez")
    assert (m.article_form, m.dataset_form) == ("francisco rodrguez", "francisco rodrguez")
    assert m.equal and m.compatible
    assert m.describe() == "ascii-loss: 'francisco rodrguez'"
    short = compare_names("Willy Hansen", "Willy Falck Hansen")
    assert not short.equal and short.compatible
    assert short.describe() == "short-form: 'willy hansen' ~ 'willy falck hansen'"
    assert not compare_names("A B", "C D").compatible


names = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzéíóüøñłšABCDÉ", min_size=2, max_size=8),
    min_size=2,
    max_size=4,
).map(" ".join)


@given(names)
def test_a_name_is_exactly_itself(name: str) -> None:
    assert compare_names(name, name).kind == "exact"


@given(names)
def test_deleting_non_ascii_letters_is_recognised(name: str) -> None:
    lossy = "".join(c for c in name if ord(c) < 128)
    # a last word that the loss turns into a generational suffix ("srÉ" -> "sr", read as "Sr.")
    # makes another name: nothing can tell them apart
    suffixes = {"jr", "sr", "ii", "iii", "iv"}
    made_suffix = lossy.split()[-1:] != name.split()[-1:] and any(
        w.lower().strip(".") in suffixes for w in lossy.split()[-1:]
    )
    if len(lossy.split()) == len(name.split()) and not made_suffix:
        assert compare_names(name, lossy).kind in ("exact", "ascii-loss")


@given(names, names)
def test_comparison_is_symmetric_in_kind(a: str, b: str) -> None:
    assert compare_names(a, b).kind == compare_names(b, a).kind
