"""The UI's pure functions, without Streamlit: the figure eight, the graph
aggregation, filters, the heatmap, the reports and the page logic on the seed."""
from __future__ import annotations

import re

import pytest

from graph.memory_store import MemoryStore
from graph.model import Dataset, Node, Relationship, Source
from ui.cypher import graph_from_rows, saved_queries
from ui.filters import expand, filter_view, scope
from ui.graph_view import render_html
from ui.lemniscaat import PHASE_T, lemniscaat_data, lemniscaat_svg, point
from ui.overlap import colour, heatmap_html
from ui.regio import regio_themas, regios_without_regional_actor
from ui.report import regio_report

SRC = (Source("pub-x", "doc.txt", (1, 2), "noot"),)


# The Cypher console's read-only check runs on Neo4j's plan: tests/test_cypher_console.py.


def test_saved_queries_are_every_cypher_file_with_examples():
    saved = {q.name: q for q in saved_queries()}
    assert "members" in saved and saved["members"].params
    for q in saved.values():
        needed = set(re.findall(r"\$(\w+)", re.sub(r"//[^\n]*", "", q.text)))
        assert needed <= set(q.params), (q.name, needed - set(q.params))


def test_graph_from_result_rows(seed):
    by_id = dict(seed.nodes)
    movisie = {"id": "movisie", "naam": "Movisie"}
    wmo = {"id": "wmo-werkplaatsen", "naam": "Wmo-werkplaatsen"}
    nodes, rels = graph_from_rows([{"r": (wmo, "KENNISSTROOM", movisie)}], by_id, seed.relationships)
    assert {n.id for n in nodes} == {"movisie", "wmo-werkplaatsen"}
    assert [r.type for r in rels] == ["KENNISSTROOM"]


def test_lemniscaat_is_a_figure_eight_with_four_phases(seed):
    nodes, rels = list(seed.nodes.values()), seed.relationships
    fases, flows = lemniscaat_data(nodes, rels)
    assert [f.volgorde for f in fases] == [1, 2, 3, 4] and all(f.tips for f in fases)
    assert {f.richting for f in flows} == {"lokaal->landelijk", "landelijk->lokaal", "horizontaal", "wederzijds"}
    # the curve crosses itself in the centre; phases 1 and 4 left (local), 2 and 3 right
    assert point(PHASE_T[1])[0] < point(0.5 * 3.14159)[0] + 1 < point(PHASE_T[2])[0]
    assert point(PHASE_T[4])[0] < point(PHASE_T[3])[0]
    svg = lemniscaat_svg(fases, flows)
    assert svg.count("<circle") >= 4 and "LOKAAL / REGIONAAL" in svg and "LANDELIJK" in svg
    assert "optillen" in svg and "vertalen" in svg and "Movisie" in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # no remote resources


def test_lemniscaat_places_contributing_actors_on_their_phase():
    fase = Node("fase-2", "Fase", {"naam": "Analyseren", "volgorde": 2, "kant": "landelijk", "tips": ["t"]}, SRC)
    inst = Node("movisie", "Instituut", {"naam": "Movisie", "niveau": "landelijk"}, SRC)
    rel = Relationship("DRAAGT_BIJ_AAN", "movisie", "fase-2", {"rol": "analyse", "aard": "beschreven"}, SRC)
    fases, _ = lemniscaat_data([fase, inst], [rel])
    assert fases[0].actors == [("Movisie", "analyse", "beschreven", False)]
    assert "● Movisie: analyse" in lemniscaat_svg(fases, [])


def test_lemniscaat_labels_fit_between_header_and_legend_at_any_number_of_actors():
    """At national scale a phase has a hundred contributors with long roles: each phase shows at
    most ACTOR_LINES of them (both kinds, the rest counted), every line cut to LINE_CHARS, and
    the eight moves down so that no label runs into the header or the legend, or off the figure
    (its name was drawn above the top before)."""
    from ui.lemniscaat import ACTOR_LINES, HEADER, LINE_CHARS, layout, phase_labels, svg_height

    nodes, rels = [], []
    for v in (1, 2, 3, 4):
        nodes.append(Node(f"fase-{v}", "Fase", {"naam": "Een lange naam van een fase die over drie regels loopt",
                                               "volgorde": v, "kant": "lokaal" if v in (1, 4) else "landelijk",
                                               "tips": ["t"], "interpretatie": "onze lezing"}, SRC))
        for i in range(60):
            nodes.append(Node(f"a{v}-{i}", "Instituut", {"naam": f"Actor {v}-{i}", "niveau": "landelijk"}, SRC))
            rels.append(Relationship("DRAAGT_BIJ_AAN", f"a{v}-{i}", f"fase-{v}",
                                     {"rol": "een rol die veel te lang is om naast een andere fase te passen",
                                      "aard": "beschreven" if i % 3 else "aanbevolen"}, SRC))
    fases, _ = lemniscaat_data(nodes, rels)
    labels = phase_labels(fases)
    shift, height = layout(labels)
    svg = lemniscaat_svg(fases, [])
    assert svg_height(svg) == round(height)
    assert len(labels) == 4
    for lab in labels:
        lines = lab.described + lab.recommended
        assert len(lines) == ACTOR_LINES and lines[-1] == f"… en {60 - ACTOR_LINES + 1} meer"
        assert lab.described and len(lab.recommended) >= 2  # both kinds shown
        assert all(len(line) <= LINE_CHARS for line in lines)
        top, bottom = lab.top + shift - 13, lab.top + shift + lab.height
        assert top >= HEADER and bottom <= height - 27, (lab.fase.volgorde, top, bottom, height)
    assert "Een lange naam van een fase" in svg and "… en 55 meer" in svg


def test_filters_scope_and_expand(seed):
    nodes, rels = list(seed.nodes.values()), seed.relationships
    keep = scope(rels, regio="regio-friesland")
    assert {"regio-friesland", "gm-heerenveen", "fries-sociaal-planbureau"} <= keep
    fn, fr = filter_view(nodes, rels, regio="regio-friesland")
    assert 0 < len(fn) < len(nodes)
    by_id = dict(seed.nodes)

    def nb(i):
        ids = {i} | {r.end for r in rels if r.start == i} | {r.start for r in rels if r.end == i}
        return [by_id[x] for x in ids], [r for r in rels if i in (r.start, r.end)]

    one, _ = expand("movisie", 1, nb)
    two, _ = expand("movisie", 2, nb)
    near = {x.id for x in nb("movisie")[0]} - {"movisie"}
    assert [[n.id for n in step] for step in one] == [["movisie"], sorted(near)]  # per step, by id
    assert two[:2] == one and len(two) == 3
    assert {n.id for n in two[2]} == {x.id for i in near for x in nb(i)[0]} - near - {"movisie"}


def test_graph_view_is_stable_and_offline(seed):
    nodes, rels = filter_view(list(seed.nodes.values()), seed.relationships, labels=["Regio", "Gemeente"])
    a, b = render_html(nodes, rels), render_html(nodes, rels)
    assert a == b  # same positions on every rerun
    assert '"physics": {"enabled": false}' in a
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", a)


def test_heatmap_colours_cells_itself():
    rows = [{"a": "x", "a_naam": "X", "b": "y", "b_naam": "Y", "jaccard": 0.5, "gedeelde_actoren": ["A"],
             "gedeelde_themas": [], "gedeelde_gemeenten": []}]
    html = heatmap_html(["X", "Y"], rows)
    assert html.count(colour(1.0)) == 2 and "Gedeeld: A" in html
    assert colour(0) == "#ffffff"


def test_regio_and_thema_logic_on_the_seed(seed):
    nodes, rels = list(seed.nodes.values()), seed.relationships
    store = MemoryStore(seed)
    covered, missing = regio_themas(store, "regio-friesland", ["fries-sociaal-planbureau"])
    assert covered and len(covered) + len(missing) == sum(1 for n in nodes if n.label == "Thema")
    # regio's without a regional actor, against a plain recomputation from the relationships
    by_id = dict(seed.nodes)
    treats = {r.start for r in rels if r.type == "BEHANDELT" and r.end == "thema-jeugd"}

    def local_actors(regio):
        inside, frontier = {regio}, {regio}
        while frontier:  # LIGT_IN, any depth
            frontier = {r.start for r in rels if r.type == "LIGT_IN" and r.end in frontier} - inside
            inside |= frontier
        inside |= {r.start for r in rels if r.type == "ACTIEF_IN" and r.end == regio}
        return {i for i in inside if by_id[i].niveau in ("lokaal", "regionaal")}

    expected = [n.id for n in sorted((n for n in nodes if n.label == "Regio"), key=lambda n: n.naam)
                if not local_actors(n.id) & treats]
    zonder = regios_without_regional_actor(store, "thema-jeugd")
    assert [r["regio"] for r in zonder] == expected
    assert 0 < len(zonder) < sum(1 for n in nodes if n.label == "Regio")  # the seed has both kinds


def test_regios_without_regional_actor_on_a_hand_made_graph():
    """Counted: a gemeente (also two regio levels down) or a regional actor active in the regio
    that treats the thema. Not counted: a landelijk actor active in the regio."""
    def node(i, label, niveau=None):
        return Node(i, label, {"naam": i.upper(), **({"niveau": niveau} if niveau else {})}, SRC)

    def rel(t, a, b):
        return Relationship(t, a, b, {}, SRC)

    nodes = [node(r, "Regio", "regionaal") for r in ("a", "b", "c", "d", "e", "f")]
    nodes += [node("g1", "Gemeente", "lokaal"), node("g2", "Gemeente", "lokaal"),
              node("i-reg", "Instituut", "regionaal"), node("i-land", "Instituut", "landelijk"),
              node("t", "Thema")]
    rels = [rel("LIGT_IN", "g1", "a"), rel("BEHANDELT", "g1", "t"),
            rel("ACTIEF_IN", "i-reg", "b"), rel("BEHANDELT", "i-reg", "t"),
            rel("ACTIEF_IN", "i-land", "c"), rel("BEHANDELT", "i-land", "t"),
            rel("LIGT_IN", "g2", "d"), rel("LIGT_IN", "d", "e"), rel("BEHANDELT", "g2", "t")]
    store = MemoryStore(Dataset({n.id: n for n in nodes}, rels))
    assert [r["regio"] for r in regios_without_regional_actor(store, "t")] == ["c", "f"]


def test_report_is_printable_html():
    html = regio_report("Friesland", "provincie", [{"naam": "FSP", "label": "Instituut", "niveau": "regionaal",
                                                     "score": 0.5, "via": ["A", "B"]}], [], [], [], [], "Ingebouwd")
    assert "@page" in html and "thead { display: table-header-group; }" in html
    assert "FSP" in html and "A; B" in html and "http" not in html


def test_layout_of_a_large_view_needs_no_missing_package():
    """networkx lays out 500+ nodes with scipy; a big Netwerk view must not fail on it."""
    import networkx as nx

    from graph.model import Node, Relationship
    from ui.graph_view import layout

    g = nx.gnm_random_graph(700, 1400, seed=1)
    nodes = [Node(f"n{i}", "Instituut", {"naam": f"N{i}"}, ()) for i in g.nodes]
    rels = [Relationship("WERKT_SAMEN_MET", f"n{a}", f"n{b}", {}, ()) for a, b in g.edges]
    pos = layout([n.id for n in nodes], rels)
    assert len(pos) == 700 and pos == layout([n.id for n in nodes], rels)


# -- users' text is text: reports, the figure eight, the heatmap and the graph view -------------
EVIL = '<script>alert(1)</script><img src="http://127.0.0.1:9/p.png"> **vet**'


def test_report_shows_imported_names_as_text():
    html = regio_report(EVIL, EVIL, [{"naam": EVIL, "label": "Instituut", "niveau": "regionaal", "score": 0.5,
                                      "via": [EVIL, "B"]}],
                        [{"naam": EVIL, "provincie": EVIL}], [{"soort_nl": "x", "subject_naam": EVIL, "uitleg": EVIL,
                                                               "evidence": [EVIL]}],
                        [{"naam": EVIL, "route": "in de regio", "door": [EVIL]}], [{"naam": EVIL, "domein": EVIL}],
                        EVIL)
    assert "<script" not in html and "<img" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 8


def test_figure_eight_shows_imported_names_as_text():
    fase = Node("fase-2", "Fase", {"naam": EVIL, "volgorde": 2, "kant": "landelijk", "tips": [EVIL]}, SRC)
    inst = Node("x", "Instituut", {"naam": EVIL, "niveau": "landelijk"}, SRC)
    fases, _ = lemniscaat_data([fase, inst], [Relationship("DRAAGT_BIJ_AAN", "x", "fase-2", {"rol": EVIL}, SRC)])
    svg = lemniscaat_svg(fases, [])
    assert "<script" not in svg and "<img" not in svg and "&lt;script&gt;" in svg


def test_heatmap_shows_names_as_text():
    rows = [{"a": "x", "a_naam": EVIL, "b": "y", "b_naam": "Y", "jaccard": 0.5, "gedeelde_actoren": [EVIL],
             "gedeelde_themas": [], "gedeelde_gemeenten": []}]
    html = heatmap_html([EVIL, "Y"], rows)
    assert "<script" not in html and "<img" not in html


def test_graph_view_keeps_names_out_of_the_markup():
    """Names travel as JSON inside the page script (`<` escaped) and vis-network 9 sets labels on
    the canvas and tooltips with innerText: no name becomes markup."""
    node = Node("x", "Instituut", {"naam": "</script>" + EVIL, "niveau": "landelijk"},
                (Source("pub", "doc.txt", (1, 2), EVIL),))
    html = render_html([node], [])
    assert "alert(1)" in html and "</script><script>alert" not in html and "<img" not in html
    assert html.count("<script") == render_html([Node("x", "Instituut", {"naam": "X"}, SRC)], []).count("<script")
