"""The Netwerk page's logic in AppTest: a click on a node (the chart's selection callback stores
it in session state, `ui.netwerk.apply_click` turns it into the focus) focuses and expands,
further clicks add their neighbours, and never more than MAX_DRAWN nodes are drawn. The graph
at scale is built in memory (a hub with more neighbours than can be drawn)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from graph.memory_store import MemoryStore
from graph.model import Dataset, Node, Relationship, Source
from tests.test_app import APP, metric, open_page, texts
from ui.netwerk import PENDING_CLICK, TOP_N
from ui.netwerk_chart import MAX_DRAWN
from ui.widgets import DEFAULT_LABELS

SRC = (Source("Handwerk", None, None, "testgraaf"),)


def drawn(at: AppTest) -> int:
    return int(metric(at, "Knopen in beeld"))


def chart_names(at: AppTest) -> set[str]:
    """The names of the nodes in the page's chart (its Arrow datasets, decoded)."""
    import pyarrow as pa

    names = set()
    for ds in at.get("vega_lite_chart")[0].proto.datasets:
        table = pa.ipc.open_stream(ds.data.data).read_all()
        if "naam" in table.column_names:
            names |= set(table.column("naam").to_pylist())
    return names


def click(at: AppTest, node_id: str) -> AppTest:
    """What the chart's selection callback does on a click, then the rerun it triggers."""
    at.session_state[PENDING_CLICK] = node_id
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def neighbours(seed, node_id: str) -> set[str]:
    """node_id and its direct neighbours among the default labels (computed from the dataset)."""
    out = {node_id}
    for r in seed.relationships:
        if node_id in (r.start, r.end):
            other = r.end if r.start == node_id else r.start
            if seed.nodes[other].label in DEFAULT_LABELS:
                out.add(other)
    return out


def test_seed_opens_on_every_node_without_membership_lines(seed):
    at = open_page("netwerk")
    shown = sum(1 for n in seed.nodes.values() if n.label in DEFAULT_LABELS)
    assert drawn(at) == shown <= MAX_DRAWN
    ties = [r for r in seed.relationships if r.type not in ("LIGT_IN", "HOORT_BIJ")
            and seed.nodes[r.start].label in DEFAULT_LABELS and seed.nodes[r.end].label in DEFAULT_LABELS]
    assert int(metric(at, "Relaties in beeld")) == len(ties)
    assert len(at.get("vega_lite_chart")) == 1


def test_a_click_focuses_and_each_further_click_expands(seed):
    at = open_page("netwerk")
    click(at, "movisie")
    assert at.query_params["knoop"] == "movisie"
    assert any(s.value == "Movisie" for s in at.subheader)
    first = neighbours(seed, "movisie")
    assert drawn(at) == len(first)
    assert chart_names(at) == {seed.nodes[i].naam for i in first}
    placed = dict(at.session_state["netwerk_posities"])
    other = sorted(i for i in first - {"movisie"} if neighbours(seed, i) - first)[0]
    click(at, other)
    # what was drawn keeps its place; the new neighbours settle around it
    after = at.session_state["netwerk_posities"]
    assert all(after[i] == placed[i] for i in placed) and len(after) > len(placed)
    assert at.query_params["knoop"] == other
    assert drawn(at) == len(first | neighbours(seed, other)) > len(neighbours(seed, other))
    assert "Bronnen van de knoop" in texts(at)
    at.button(key="focus_wissen").click().run()
    assert "knoop" not in at.query_params
    assert drawn(at) == sum(1 for n in seed.nodes.values() if n.label in DEFAULT_LABELS)


def test_a_link_starts_a_new_exploration(seed):
    at = open_page("netwerk", {"knoop": "movisie"})
    assert drawn(at) == len(neighbours(seed, "movisie"))


def test_a_link_with_steps_draws_that_many_steps(seed):
    # the picture is built before the steps box: it read 1 step while the box showed the link's 2
    first = neighbours(seed, "movisie")
    second = set().union(*(neighbours(seed, i) for i in first))
    at = open_page("netwerk", {"knoop": "movisie", "stappen": "2"})
    assert at.number_input(key="stappen").value == 2
    assert drawn(at) == len(second) > len(first)
    at = open_page("netwerk", {"knoop": "movisie", "stappen": "geen getal"})
    assert at.number_input(key="stappen").value == 1 and drawn(at) == len(first)


# -- at scale: a graph too large to draw ---------------------------------------------------------
def big_graph() -> Dataset:
    """A hub institute with 2,000 publications, 40 institutes in 4 provincies tied to each other."""
    nodes = [Node(f"prov-{p}", "Regio", {"naam": f"Provincie {p}", "soort": "provincie", "niveau": "regionaal"}, SRC) for p in range(4)]
    nodes += [Node(f"inst-{i:02d}", "Instituut", {"naam": f"Instituut {i:02d}", "niveau": "landelijk"}, SRC) for i in range(40)]
    nodes += [Node("hub", "Instituut", {"naam": "Het Knooppunt", "niveau": "landelijk"}, SRC)]
    nodes += [Node(f"gm-{i:03d}", "Gemeente", {"naam": f"Gemeente {i:03d}", "niveau": "lokaal"}, SRC) for i in range(2000)]
    rels = [Relationship("ACTIEF_IN", f"inst-{i:02d}", f"prov-{i % 4}", {}, SRC) for i in range(40)]
    rels += [Relationship("WERKT_SAMEN_MET", f"inst-{i:02d}", f"inst-{(i + 1) % 40:02d}", {}, SRC) for i in range(40)]
    rels += [Relationship("WERKT_SAMEN_MET", f"gm-{i:03d}", "hub", {}, SRC) for i in range(2000)]
    rels += [Relationship("LIGT_IN", f"gm-{i:03d}", f"prov-{i % 4}", {}, SRC) for i in range(2000)]
    return Dataset({n.id: n for n in nodes}, rels)


@pytest.fixture()
def big(monkeypatch):
    import ui.data

    store = MemoryStore(big_graph())
    ui.data.get_store.clear()
    monkeypatch.setattr(ui.data, "open_store", lambda backend="memory": store)
    yield store
    ui.data.get_store.clear()


def test_at_scale_the_page_opens_on_groups_and_draws_at_most_the_cap(big):
    at = open_page("netwerk")
    assert at.session_state["beeld"] == "groepen"  # 2,045 nodes: not every node
    # groups: Gemeente and Instituut per provincie, the 4 provincies, the hub without one
    assert drawn(at) == 4 + 4 + 4 + 1
    assert "Gemeente · Provincie 0 (500)" in chart_names(at)
    click(at, "hub")
    assert drawn(at) == MAX_DRAWN
    assert any("niet getekend" in w.value for w in at.warning)
    at.button(key="focus_wissen").click().run()
    at.session_state["beeld"] = "top"
    at.run()
    assert drawn(at) == TOP_N
    assert "Het Knooppunt" in chart_names(at)


def test_when_steps_reach_more_than_can_be_drawn_the_nearest_are_kept(big):
    # three steps from Instituut 00: its provincie and its two neighbours in the ring, then the
    # 500 gemeenten and 9 institutes of its provincie and the next two in the ring with their
    # provincies, then 1,000 gemeenten more, the hub, ...: over MAX_DRAWN. Gemeenten draw first
    # within a step, but a step further never pushes out a nearer node.
    at = open_page("netwerk", {"knoop": "inst-00", "stappen": "3"})
    assert drawn(at) == MAX_DRAWN
    names = chart_names(at)
    near = {"Instituut 00", "Provincie 0", "Instituut 01", "Instituut 39"}
    second = {f"Gemeente {i:03d}" for i in range(0, 2000, 4)} | {f"Instituut {i:02d}" for i in range(4, 40, 4)} \
        | {"Provincie 1", "Provincie 3", "Instituut 02", "Instituut 38"}
    assert near <= names and second <= names
    assert len(names - near - second) == MAX_DRAWN - len(near) - len(second)  # the rest from step three


def test_a_click_on_a_group_focuses_its_regio(big):
    at = open_page("netwerk")
    click(at, "groep:Gemeente|prov-2")
    assert at.query_params["knoop"] == "prov-2"
    assert any(s.value == "Provincie 2" for s in at.subheader)
    # the provincie, its 500 gemeenten (LIGT_IN) and its 10 active institutes
    assert drawn(at) == 1 + 500 + 10
