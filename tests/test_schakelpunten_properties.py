"""Properties of the schakelpunt algorithm on random graphs (hypothesis), checked against
networkx's own subset betweenness and against the shortcut hiaten uses."""
from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings, strategies as st

from queries.schakelpunten import subset_betweenness


@st.composite
def graphs(draw):
    n = draw(st.integers(min_value=2, max_value=14))
    edges = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=30))
    g = nx.Graph()
    g.add_nodes_from(f"v{i:02d}" for i in range(n))
    g.add_edges_from((f"v{a:02d}", f"v{b:02d}") for a, b in edges if a != b)
    nodes = sorted(g)
    sources = set(draw(st.lists(st.sampled_from(nodes), max_size=4)))
    targets = set(draw(st.lists(st.sampled_from(nodes), max_size=4))) - sources
    return g, sources, targets


@settings(max_examples=200, deadline=None, derandomize=True)
@given(graphs())
def test_scores_match_networkx_and_examples_are_shortest_routes(case):
    g, sources, targets = case
    scores, examples, pairs = subset_betweenness(g, sources, targets)
    reference = nx.betweenness_centrality_subset(g, sorted(sources), sorted(targets), normalized=False)
    # networkx halves undirected counts; ours counts each (source, target) pair once
    expected = {v: 2 * c / pairs for v, c in reference.items() if pairs and c > 1e-12}
    assert set(scores) == set(expected)
    for v in scores:
        assert scores[v] == pytest.approx(expected[v])
    for v, path in examples.items():
        s, t = path[0], path[-1]
        assert s in sources and t in targets and v in path[1:-1]
        assert len(path) - 1 == nx.shortest_path_length(g, s, t)
        assert all(g.has_edge(a, b) for a, b in zip(path, path[1:]))
    assert set(examples) == set(scores)
    # the shortcut of hiaten: a schakelpunt exists iff a source reaches a non-adjacent target
    has = any(t != s and t in nx.node_connected_component(g, s) and not g.has_edge(s, t)
              for s in sources for t in targets)
    assert bool(scores) == has
