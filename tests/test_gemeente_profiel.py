"""gemeente-profiel on both stores, against tests/fixtures/gemland.yaml with answers worked out by
hand (the picture below). One implementation serves both stores, so any difference between them
is a store difference.

    provincie  P-Noord = Aadorp, Ceedorp, and Beedorp through Kring Noord (samenwerkingsregio)
               P-Zuid  = Deedorp, Eedorp
    jeugdregio J-West  = Aadorp, Beedorp          J-Oost   = Ceedorp, Deedorp, Eedorp
    ggd-regio  GGD-Een = Aadorp .. Deedorp        GGD-Twee = Eedorp
    Aadorp ─NEEMT_DEEL_AAN→ Werkplaats Noord (ACTIEF_IN J-West) ←ONDERSTEUNT─ Instituut X (landelijk)
    themes: Werkplaats Noord jeugd, Instituut X wonen, Aadorp armoede
    Aadorp IN_GROOTTEKLASSE Klein; Eedorp has 30,000 inwoners and no class fact (-> Groot)
"""
from __future__ import annotations

from queries import run as run_query

import json
from dataclasses import replace
from pathlib import Path

import pytest

from graph.errors import QueryError
from graph.model import Dataset
from loaders.validate import validate_files
from queries.gemeente_profiel import COLUMNS

FIXTURES = Path(__file__).parent / "fixtures"
WOONPLAATSEN = {"gm-aadorp": ["Aa", "Zeedijk"], "gm-beedorp": ["Bee", "Zeedijk"]}


def gemland(woonplaatsen: bool = True) -> Dataset:
    ds = validate_files([FIXTURES / "gemland.yaml"], sources_dir=FIXTURES)
    if woonplaatsen:  # the reference data adds this property (not yet in the model's list)
        for gid, names in WOONPLAATSEN.items():
            n = ds.nodes[gid]
            ds.nodes[gid] = replace(n, properties={**n.properties, "woonplaatsen": names})
    return ds


@pytest.fixture()
def store(make_store):
    return make_store(gemland())


def cut(rows, soort, *keys):
    return [tuple(r[k] for k in keys) for r in rows if r["soort"] == soort]


def lines(row) -> list[int]:
    return sorted({b["lines"][0] for b in row["bronnen"]})


def test_profile_of_aadorp(store):
    rows = run_query(store, "gemeente-profiel", {"gemeente": "Aadorp"})
    assert all(tuple(r) == COLUMNS for r in rows)
    assert [r["soort"] for r in rows] == sorted((r["soort"] for r in rows), key=[
        "gemeente", "regio", "kennisrelatie", "actief", "schakelpunt", "thema", "hiaat", "grootteklasse"].index)
    assert cut(rows, "gemeente", "onderwerp", "waarde") == [
        ("naam", "Aadorp"), ("cbs-code", "GM0014"), ("provincie", "P-Noord"), ("inwoners", 12000),
        ("woonplaatsen", "Aa, Zeedijk")]
    # regions in division order: provincie, ggd-regio, jeugdregio
    assert cut(rows, "regio", "onderwerp", "waarde", "toelichting") == [
        ("provincie", "P-Noord", ""), ("ggd-regio", "GGD-Een", ""), ("jeugdregio", "J-West", "")]
    assert cut(rows, "kennisrelatie", "onderwerp", "waarde") == [("Werkplaats Noord", "neemt deel aan")]
    assert cut(rows, "actief", "onderwerp", "regio") == [("Werkplaats Noord", "J-West")]
    # P-Noord and GGD-Een: the only connected local–landelijk pair is Aadorp–Instituut X, via the
    # werkplaats (1.0); J-West also counts the werkplaats itself (regionaal, active there) whose
    # tie to Instituut X is direct: 1 of 2 pairs (0.5).
    assert cut(rows, "schakelpunt", "onderwerp", "waarde", "regio", "toelichting") == [
        ("Werkplaats Noord", 1.0, "P-Noord", "route: Aadorp → Werkplaats Noord → Instituut X"),
        ("Werkplaats Noord", 1.0, "GGD-Een", "route: Aadorp → Werkplaats Noord → Instituut X"),
        ("Werkplaats Noord", 0.5, "J-West", "route: Aadorp → Werkplaats Noord → Instituut X")]
    # wonen is treated only by Instituut X, which is neither in a regio nor a schakelpunt
    assert cut(rows, "thema", "onderwerp", "waarde", "toelichting", "regio") == [
        ("armoede", "gemeente zelf", "door Aadorp", ""),
        ("jeugd", "in de regio", "door Werkplaats Noord", "GGD-Een; J-West; P-Noord")]
    assert cut(rows, "hiaat", "onderwerp") == []
    assert cut(rows, "grootteklasse", "onderwerp", "waarde") == [
        ("grootteklasse", "Klein"), ("beschikbaarheid van kennis (gemiddelde score 1-4)", 2.5)]


def test_every_row_names_its_sources(store):
    rows = run_query(store, "gemeente-profiel", {"gemeente": "gm-aadorp"})
    assert all(r["bronnen"] for r in rows)
    by = {(r["soort"], r["onderwerp"], r["regio"]): r for r in rows}
    assert lines(by[("regio", "provincie", "P-Noord")]) == [6]  # the LIGT_IN fact
    assert lines(by[("actief", "Werkplaats Noord", "J-West")]) == [11]
    assert lines(by[("schakelpunt", "Werkplaats Noord", "J-West")]) == [12, 13]  # the ties on the route
    assert lines(by[("thema", "jeugd", "GGD-Een; J-West; P-Noord")]) == [14]
    assert lines(by[("grootteklasse", "grootteklasse", "")]) == [17]  # IN_GROOTTEKLASSE
    assert lines(by[("grootteklasse", "beschikbaarheid van kennis (gemiddelde score 1-4)", "")]) == [15]
    assert by[("gemeente", "naam", "")]["bronnen"][0]["publication"] == "pub-gemland"


def test_profile_through_a_sub_regio_and_with_gaps(store):
    rows = run_query(store, "gemeente-profiel", {"gemeente": "Beedorp"})
    regio = {r["waarde"]: r for r in rows if r["soort"] == "regio"}
    assert list(regio) == ["P-Noord", "GGD-Een", "J-West", "Kring Noord"]
    assert regio["P-Noord"]["toelichting"] == "via Kring Noord" and lines(regio["P-Noord"]) == [5, 7]

    rows = run_query(store, "gemeente-profiel", {"gemeente": "Eedorp"})
    # none of Eedorp's regions has a route to the landelijk cycle; Eedorp has no knowledge tie
    assert cut(rows, "hiaat", "waarde", "onderwerp", "regio") == [
        ("regio-zonder-schakelpunt", "GGD-Twee", "GGD-Twee"),
        ("regio-zonder-schakelpunt", "J-Oost", "J-Oost"),
        ("regio-zonder-schakelpunt", "P-Zuid", "P-Zuid"),
        ("geisoleerde-gemeente", "Eedorp", "P-Zuid; GGD-Twee; J-Oost")]
    gap = [r for r in rows if r["soort"] == "hiaat"][-1]
    assert lines(gap) == [10]  # the LIGT_IN facts placing Eedorp in those regions
    assert cut(rows, "schakelpunt", "onderwerp") == [] and cut(rows, "actief", "onderwerp") == []
    # no IN_GROOTTEKLASSE: the class whose bounds hold 30,000, said to be derived
    size = [r for r in rows if r["soort"] == "grootteklasse"]
    assert [(r["onderwerp"], r["waarde"]) for r in size] == [
        ("grootteklasse", "Groot"), ("beschikbaarheid van kennis (gemiddelde score 1-4)", 2.9)]
    assert "afgeleid uit 30000 inwoners" in size[0]["toelichting"] and "2021" in size[0]["toelichting"]


def test_a_woonplaats_names_its_gemeente(store):
    assert run_query(store, "gemeente-profiel", {"gemeente": "aa"})[0]["waarde"] == "Aadorp"
    with pytest.raises(QueryError, match=r"niet eenduidig \(de woonplaats ligt in meer gemeenten\): gm-aadorp \(Aadorp\), gm-beedorp \(Beedorp\)"):
        run_query(store, "gemeente-profiel", {"gemeente": "Zeedijk"})
    with pytest.raises(QueryError, match="geen Gemeente .*'Nergenshuizen'"):
        run_query(store, "gemeente-profiel", {"gemeente": "Nergenshuizen"})


def test_cli_answers_and_fails_cleanly(seed, capsys):
    from lemniscaat_cli import main

    assert main(["query", "gemeente-profiel", "--param", "gemeente=Heerenveen", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0] == {**rows[0], "soort": "gemeente", "onderwerp": "naam", "waarde": "Heerenveen"}
    assert main(["query", "gemeente-profiel", "--param", "gemeente=Nergenshuizen"]) == 2
    assert "Nergenshuizen" in capsys.readouterr().err


def test_docstring_examples_run():
    import doctest

    import queries.gemeente_profiel as module

    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_a_neighbours_profile_reuses_the_regios_rows_until_the_graph_changes(make_store, monkeypatch):
    """Aadorp and Beedorp share P-Noord, J-West and GGD-Een: Beedorp's profile computes only the
    regio's Aadorp's did not (Kring Noord), gives what a fresh computation gives, and a load
    (a new graph version) computes everything again. The regio's own queries (the Regio page's)
    and the profiles keep one set of rows. On both stores."""
    import queries
    from graph.memory_store import MemoryStore
    from queries import REGISTRY

    store = make_store(gemland())
    fresh = {g: run_query(MemoryStore(gemland()), "gemeente-profiel", {"gemeente": g}) for g in ("Aadorp", "Beedorp")}
    asked: list[str] = []
    for name in ("schakelpunten", "hiaten"):
        query = REGISTRY[name]
        monkeypatch.setitem(REGISTRY, name, replace(query, run=lambda s, p, _run=query.run, _n=name: asked.append(
            f"{_n}:{p['regio']}") or _run(s, p)))
    assert run_query(store, "gemeente-profiel", {"gemeente": "Aadorp"}) == fresh["Aadorp"]
    first = sorted(asked)
    assert first == sorted(f"{n}:{r}" for n in ("schakelpunten", "hiaten")
                           for r in ("regio-p-noord", "regio-j-west", "regio-ggd-een"))
    asked.clear()
    assert run_query(store, "gemeente-profiel", {"gemeente": "Beedorp"}) == fresh["Beedorp"]
    assert sorted(asked) == ["hiaten:regio-kring-noord", "schakelpunten:regio-kring-noord"]
    asked.clear()
    store.load(gemland())  # a new graph version
    assert run_query(store, "gemeente-profiel", {"gemeente": "Aadorp"}) == fresh["Aadorp"]
    assert sorted(asked) == first
    asked.clear()
    # the Regio page's rows of a regio a profile computed are the profile's: not computed again
    assert run_query(store, "schakelpunten", {"regio": "P-Noord"}) is \
        queries.run_resolved(store, "schakelpunten", {"regio": "regio-p-noord"})
    assert run_query(store, "hiaten", {"regio": "regio-j-west"}) == run_query(MemoryStore(gemland()), "hiaten",
                                                                            {"regio": "regio-j-west"})
    assert asked == ["hiaten:regio-j-west"]  # only the fresh store's: a new store computes its own
    asked.clear()
    for name in ("schakelpunten", "hiaten"):  # first asked for by the Regio page
        run_query(store, name, {"regio": "Kring Noord"})
    assert sorted(asked) == ["hiaten:regio-kring-noord", "schakelpunten:regio-kring-noord"]
    asked.clear()
    run_query(store, "gemeente-profiel", {"gemeente": "Beedorp"})
    assert asked == []
    assert len(queries._remembered) <= queries.REMEMBER_MAX


def test_refresh_forgets_what_was_derived_from_a_graph_changed_by_other_tools(make_store, monkeypatch):
    """'Gegevens vernieuwen' (ui.data.refresh) is for a graph changed by other tools than ours,
    which keep its version: the rows the queries remembered and the stores' per-version caches
    (the route graph) are computed again from the changed graph. On Neo4j the change is a Cypher
    write beside the app; the embedded store is given the changed graph under its old version."""
    from graph.memory_store import MemoryStore
    from ui import data

    store = make_store(gemland())
    before = run_query(store, "schakelpunten", {"regio": "P-Noord"})
    assert before
    top = before[0]["actor"]
    ds = gemland()
    changed = Dataset(ds.nodes, [r for r in ds.relationships if top not in (r.start, r.end)])
    expected = run_query(MemoryStore(changed), "schakelpunten", {"regio": "P-Noord"})
    assert expected != before
    if make_store.kind == "neo4j":
        store._driver.execute_query("MATCH (:Knoop {id: $id})-[r]-() DELETE r", id=top, database_=store.database)
    else:
        version = store.version()
        store.load(changed, reset=True)
        monkeypatch.setattr(store, "version", lambda: version)
    assert run_query(store, "schakelpunten", {"regio": "P-Noord"}) == before  # remembered for the version
    data.refresh()
    assert run_query(store, "schakelpunten", {"regio": "P-Noord"}) == expected


def test_two_callers_at_the_same_moment_compute_a_remembered_query_once(monkeypatch):
    """The app's warm-up and a page (or a profile) asking for the same regio's rows at the same
    moment: the second waits for the first's rows instead of computing them again."""
    import threading
    import time

    import queries
    from graph.memory_store import MemoryStore
    from queries import REGISTRY

    store = MemoryStore(gemland())
    query = REGISTRY["schakelpunten"]
    computed: list[str] = []

    def slow(s, p):
        computed.append(p["regio"])
        time.sleep(0.3)  # long enough for the other caller to arrive meanwhile
        return query.run(s, p)

    monkeypatch.setitem(REGISTRY, "schakelpunten", replace(query, run=slow))
    got: list = []
    callers = [threading.Thread(target=lambda: got.append(
        queries.run_resolved(store, "schakelpunten", {"regio": "regio-p-noord"}))) for _ in range(3)]
    for t in callers:
        t.start()
    for t in callers:
        t.join(10)
    assert computed == ["regio-p-noord"]
    assert len(got) == 3 and got[0] is got[1] is got[2]
    assert got[0] == run_query(MemoryStore(gemland()), "schakelpunten", {"regio": "P-Noord"})
    assert not queries._computing
