"""No page reads the whole graph to render (issue 15): each page is opened in AppTest on a
small graph (the seed) while every store read is recorded; a read of all nodes or of all
relationships (or a page asking ui.data for the whole graph) fails the test. Named queries may
keep their own per-version index (they run through queries.run); the Netwerk page belongs to the
Netwerk view's own work, and the Export page reads the whole graph only when the user asks for
the file."""
from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.store import GraphStore

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGES = ("lemniscaat", "regio", "thema", "gemeente", "overlap", "hiaten", "bronnen", "export", "importeren",
         "cypher")
# Pages still known to read the whole graph (none: the Bronnen page reads the store's citation
# counts per publication since the citations/citing primitives).
KNOWN: set[str] = set()


def _in_named_query() -> bool:
    return any(f.frame.f_globals.get("__name__", "").startswith("queries") for f in inspect.stack()[2:])


@pytest.fixture()
def whole_reads(monkeypatch):
    """Record every whole-graph read of any store (outside named queries) and every page call
    of ui.data's whole-graph helpers (which are cached, so the store may not see them)."""
    from ui import data

    seen: list[str] = []
    for cls in {type(s) for s in (data.get_store("memory"),)} | set(GraphStore.__subclasses__()):
        orig_nodes, orig_facts = cls.nodes, cls.facts

        def nodes(self, label=None, ids=None, _orig=orig_nodes):
            if label is None and ids is None and not _in_named_query():
                seen.append("store.nodes()")
            return _orig(self, label, ids)

        def facts(self, types=None, around=None, _orig=orig_facts):
            if types is None and around is None and not _in_named_query():
                seen.append("store.facts()")
            return _orig(self, types, around)

        monkeypatch.setattr(cls, "nodes", nodes)
        monkeypatch.setattr(cls, "facts", facts)
    for name in ("graph", "nodes", "relationships", "nodes_by_id"):
        orig = getattr(data, name)

        def spy(*args, _orig=orig, _name=name, **kwargs):
            seen.append(f"ui.data.{_name}()")
            return _orig(*args, **kwargs)

        monkeypatch.setattr(data, name, spy)
    return seen


def _tabs() -> list[tuple[str, dict]]:
    """The pages' tabs that are computed only when open, each opened by its URL."""
    from ui.gemeente import SECTION_TABS
    from ui.overlap import TABS
    from ui.regio import TABS as REGIO_TABS

    return ([("gemeente", {"profiel": label}) for label in SECTION_TABS.values()]
            + [("overlap", {"deel": label}) for label in TABS.values()]
            + [("regio", {"onderdeel": label}) for label in REGIO_TABS.values()])


@pytest.mark.parametrize("page,params", [
    pytest.param(p, {}, marks=pytest.mark.xfail(strict=True, reason="reads the whole graph")) if p in KNOWN
    else (p, {}) for p in PAGES] + _tabs(), ids=lambda v: "-".join(v.values()) if isinstance(v, dict) else v)
def test_page_fetches_only_what_it_shows(seed, whole_reads, page, params):
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()  # the default page (Netwerk) first, as a browser does
    whole_reads.clear()
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    if params:
        at.run()  # after a switch, AppTest applies URL-bound values one run later
    assert not at.exception, [e.value for e in at.exception]
    assert whole_reads == [], f"{page} read the whole graph: {sorted(set(whole_reads))}"


def test_the_check_can_fail(seed, whole_reads):
    """The spy sees a page-level whole-graph read: the Export page's file, once it is asked for."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page("app_pages/export.py")
    at.run()
    assert not at.exception and whole_reads == []
    at.button(key="export_samenstellen").click().run()
    assert not at.exception
    assert "ui.data.graph()" in whole_reads


def _regio_page(params: dict, warnings: list | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()  # the default page (Netwerk) has the same URL-bound regio picker among its filters
    seen = [w.value for w in at.warning]
    at.switch_page("app_pages/regio.py")
    at.run()
    seen += [w.value for w in at.warning]
    at.run()
    seen += [w.value for w in at.warning]
    assert not at.exception, [e.value for e in at.exception]
    if warnings is not None:
        warnings.extend(seen)
    return at


def test_large_pickers_search_the_name_index(seed, monkeypatch):
    """Above SELECT_MAX options a picker is a search field with bounded suggestions, still bound
    to the URL and accepting an id, naam or alias; a link that matches nothing says so."""
    from ui import widgets

    monkeypatch.setattr(widgets, "SELECT_MAX", 5)
    at = _regio_page({"regio": "regio-friesland"})  # an id in the link
    box = next(s for s in at.selectbox if s.key == "regio")
    assert box.value == "regio-friesland" and box.options == ["Friesland"]
    at.text_input(key="regio_zoek").input("dren").run()
    box = next(s for s in at.selectbox if s.key == "regio")
    assert "Drenthe" in box.options and "Friesland" in box.options and len(box.options) <= widgets.SUGGESTIONS + 1
    box.select("regio-drenthe").run()
    assert not at.exception
    assert any("Drenthe" in c.value for c in at.caption)

    warnings: list[str] = []
    at = _regio_page({"regio": "Nergensland"}, warnings)
    assert any("Nergensland" in w and "bestaat niet" in w for w in warnings), warnings
    box = next(s for s in at.selectbox if s.key == "regio")
    assert box.value == "regio-friesland"  # the page's default, not something the link did not say
