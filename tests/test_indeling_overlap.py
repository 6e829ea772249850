"""indeling-overlap on both stores, against tests/fixtures/gemland.yaml (picture in
tests/test_gemeente_profiel.py), answers worked out by hand; and regio-overlap counting the
gemeenten shared by regions of different kinds.

jeugdregio x ggd-regio:
    J-West {A,B}   within GGD-Een {A,B,C,D}: nested, no pair
    J-Oost {C,D,E} vs GGD-Een: share C, D; E only in J-Oost, A, B only in GGD-Een -> pair
    J-Oost vs GGD-Twee {E}: GGD-Twee within J-Oost: nested
    within J-Oost, 2 of 3 gemeenten lie in GGD-Een: Eedorp (GGD-Twee) sits apart
    within GGD-Een, J-West and J-Oost tie (2 each): nobody sits apart
provincie x jeugdregio (P-Noord = A, C and B through Kring Noord):
    P-Noord {A,B,C} vs J-Oost {C,D,E}: share C -> pair; the rest nested or disjoint
    Ceedorp sits apart twice: in P-Noord (J-West has 2 of 3) and in J-Oost (P-Zuid has 2 of 3)
"""
from __future__ import annotations

import pytest

from graph.errors import QueryError
from queries.indeling_overlap import COLUMNS
from tests.test_gemeente_profiel import gemland


@pytest.fixture()
def store(make_store):
    return make_store(gemland(woonplaatsen=False))


def pairs(rows):
    return [(r["a_naam"], r["b_naam"], r["gedeelde_gemeenten"], r["alleen_in_a"], r["alleen_in_b"])
            for r in rows if r["soort"] == "paar"]


def apart(rows):
    return [(r["gemeente_naam"], r["binnen_soort"], r["binnen_naam"], r["eigen_naam"], r["meerderheid"])
            for r in rows if r["soort"] == "gemeente"]


def test_jeugdregio_against_ggd_regio(store):
    rows = store.run_query("indeling-overlap", {"soort_a": "jeugdregio", "soort_b": "ggd-regio"})
    assert all(tuple(r) == COLUMNS for r in rows)
    assert pairs(rows) == [("J-Oost", "GGD-Een", ["Ceedorp", "Deedorp"], ["Eedorp"], ["Aadorp", "Beedorp"])]
    assert apart(rows) == [("Eedorp", "jeugdregio", "J-Oost", "GGD-Twee", ["GGD-Een"])]
    gemeente = rows[-1]
    assert gemeente["uitleg"] == ("2 van de 3 gemeenten van J-Oost liggen in GGD-Een; deze gemeente ligt in "
                                  "GGD-Twee (met 1 van de 3)")
    # sources: the LIGT_IN facts of the shared gemeenten (lines 8, 9) and of Eedorp (line 10)
    assert sorted({b["lines"][0] for b in rows[0]["bronnen"]}) == [8, 9]
    assert sorted({b["lines"][0] for b in gemeente["bronnen"]}) == [10]


def test_the_order_of_the_kinds_only_swaps_the_pair(store):
    rows = store.run_query("indeling-overlap", {"soort_a": "ggd-regio", "soort_b": "jeugdregio"})
    assert pairs(rows) == [("GGD-Een", "J-Oost", ["Ceedorp", "Deedorp"], ["Aadorp", "Beedorp"], ["Eedorp"])]
    assert apart(rows) == [("Eedorp", "jeugdregio", "J-Oost", "GGD-Twee", ["GGD-Een"])]


def test_provincie_against_jeugdregio_through_a_sub_regio(store):
    rows = store.run_query("indeling-overlap", {"soort_a": "provincie", "soort_b": "jeugdregio"})
    assert pairs(rows) == [("P-Noord", "J-Oost", ["Ceedorp"], ["Aadorp", "Beedorp"], ["Deedorp", "Eedorp"])]
    assert apart(rows) == [("Ceedorp", "jeugdregio", "J-Oost", "P-Noord", ["P-Zuid"]),
                           ("Ceedorp", "provincie", "P-Noord", "J-Oost", ["J-West"])]


def test_divisions_that_line_up_give_nothing(store):
    # a division never cuts through itself; provincie x ggd-regio: P-Noord lies within GGD-Een
    # and GGD-Twee within P-Zuid (nested), only P-Zuid and GGD-Een cut through each other (Deedorp)
    assert store.run_query("indeling-overlap", {"soort_a": "jeugdregio", "soort_b": "jeugdregio"}) == []
    rows = store.run_query("indeling-overlap", {"soort_a": "provincie", "soort_b": "ggd-regio"})
    assert pairs(rows) == [("P-Zuid", "GGD-Een", ["Deedorp"], ["Eedorp"], ["Aadorp", "Beedorp", "Ceedorp"])]


def test_unknown_kind_is_a_clear_error(store):
    with pytest.raises(QueryError, match="onbekende soort regio 'gemeentje'; bekend: ggd-regio, jeugdregio"):
        store.run_query("indeling-overlap", {"soort_a": "gemeentje", "soort_b": "jeugdregio"})


def test_regio_overlap_counts_gemeenten_shared_across_kinds(store):
    row = store.run_query("regio-overlap", {"a": "J-Oost", "b": "GGD-Een"})[0]
    assert row["gedeelde_gemeenten"] == ["Ceedorp", "Deedorp"]
    row = store.run_query("regio-overlap", {"a": "P-Noord", "b": "J-West"})[0]
    assert row["gedeelde_gemeenten"] == ["Aadorp", "Beedorp"]  # Beedorp through Kring Noord
