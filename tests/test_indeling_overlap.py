"""indeling-overlap on both stores, against tests/fixtures/gemland.yaml (picture in
tests/test_gemeente_profiel.py), answers worked out by hand; and regio-overlap counting the
gemeenten shared by regions of different kinds.

A gemeente sits apart when the shared part of its pair is less than half of both regions.
jeugdregio x ggd-regio:
    J-West {A,B}   within GGD-Een {A,B,C,D}: nested, no pair
    J-Oost {C,D,E} vs GGD-Een: share C, D; E only in J-Oost, A, B only in GGD-Een -> pair
    J-Oost vs GGD-Twee {E}: GGD-Twee within J-Oost: nested
    the shared C, D are 2 of J-Oost's 3: not apart (Eedorp's GGD-Twee is a subdivision)
provincie x jeugdregio (P-Noord = A, C and B through Kring Noord):
    P-Noord {A,B,C} vs J-Oost {C,D,E}: share C -> pair; the rest nested or disjoint
    Ceedorp: 1 of 3 in both -> apart
provincie x ggd-regio: P-Zuid {D,E} vs GGD-Een {A,B,C,D} share D: half of P-Zuid -> not apart
"""
from __future__ import annotations

from queries import run as run_query

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
    return [(r["gemeente_naam"], r["a_naam"], r["b_naam"], r["gedeelde_gemeenten"])
            for r in rows if r["soort"] == "gemeente"]


def test_jeugdregio_against_ggd_regio(store):
    rows = run_query(store, "indeling-overlap", {"soort_a": "jeugdregio", "soort_b": "ggd-regio"})
    assert all(tuple(r) == COLUMNS for r in rows)
    assert pairs(rows) == [("J-Oost", "GGD-Een", ["Ceedorp", "Deedorp"], ["Eedorp"], ["Aadorp", "Beedorp"])]
    assert apart(rows) == []
    # sources: the LIGT_IN facts of the shared gemeenten (lines 8, 9)
    assert sorted({b["lines"][0] for b in rows[0]["bronnen"]}) == [8, 9]


def test_the_order_of_the_kinds_only_swaps_the_pair(store):
    rows = run_query(store, "indeling-overlap", {"soort_a": "ggd-regio", "soort_b": "jeugdregio"})
    assert pairs(rows) == [("GGD-Een", "J-Oost", ["Ceedorp", "Deedorp"], ["Aadorp", "Beedorp"], ["Eedorp"])]
    assert apart(rows) == []


def test_provincie_against_jeugdregio_through_a_sub_regio(store):
    rows = run_query(store, "indeling-overlap", {"soort_a": "provincie", "soort_b": "jeugdregio"})
    assert pairs(rows) == [("P-Noord", "J-Oost", ["Ceedorp"], ["Aadorp", "Beedorp"], ["Deedorp", "Eedorp"])]
    assert apart(rows) == [("Ceedorp", "P-Noord", "J-Oost", ["Ceedorp"])]
    gemeente = rows[-1]
    assert gemeente["uitleg"] == "ligt in P-Noord (3 gemeenten) en J-Oost (3 gemeenten), die maar 1 gemeente(n) delen"
    assert sorted({b["lines"][0] for b in gemeente["bronnen"]}) == [8]  # Ceedorp's LIGT_IN facts


def test_divisions_that_line_up_give_nothing(store):
    # a division never cuts through itself; provincie x ggd-regio: P-Noord lies within GGD-Een
    # and GGD-Twee within P-Zuid (nested), only P-Zuid and GGD-Een cut through each other (Deedorp)
    assert run_query(store, "indeling-overlap", {"soort_a": "jeugdregio", "soort_b": "jeugdregio"}) == []
    rows = run_query(store, "indeling-overlap", {"soort_a": "provincie", "soort_b": "ggd-regio"})
    assert pairs(rows) == [("P-Zuid", "GGD-Een", ["Deedorp"], ["Eedorp"], ["Aadorp", "Beedorp", "Ceedorp"])]
    assert apart(rows) == []  # Deedorp is half of P-Zuid: not a minority


def test_unknown_kind_is_a_clear_error(store):
    with pytest.raises(QueryError, match="onbekende soort regio 'gemeentje'; bekend: ggd-regio, jeugdregio"):
        run_query(store, "indeling-overlap", {"soort_a": "gemeentje", "soort_b": "jeugdregio"})


def test_regio_overlap_counts_gemeenten_shared_across_kinds(store):
    row = run_query(store, "regio-overlap", {"a": "J-Oost", "b": "GGD-Een"})[0]
    assert row["gedeelde_gemeenten"] == ["Ceedorp", "Deedorp"]
    row = run_query(store, "regio-overlap", {"a": "P-Noord", "b": "J-West"})[0]
    assert row["gedeelde_gemeenten"] == ["Aadorp", "Beedorp"]  # Beedorp through Kring Noord
