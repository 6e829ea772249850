"""The Netwerk chart: drawn nodes and lines as a Vega-Lite chart (altair; its JavaScript ships
inside Streamlit: no CDN, no network at run time). A click on a node reaches Python as a point
selection on the field `id` (`clicked_id`), so the page can focus and expand without a reload.

Pure functions build the rows (`point_rows`, `line_rows`) from plain data; `chart` builds the
altair chart; only `show_chart` touches Streamlit.
"""
from __future__ import annotations

from typing import Callable

from graph.model import LABELS
from ui.graph_view import LABEL_COLOURS

SELECTION = "knoop"
MAX_DRAWN = 1500  # never more drawn nodes than this (issue 15)
MAX_LABELS = 40  # names written beside the largest nodes; the others show theirs on hover


def point_rows(points: list[dict], positions: dict[str, tuple[float, float]], focus: str | None = None,
               always_named: set[str] | None = None, unnamed: set[str] | None = None) -> list[dict]:
    """One row per drawn node. `points`: dicts with id, naam, soort (a label), grootte (size
    weight), uitleg (hover text). The MAX_LABELS largest (and `always_named`, and the focus)
    get their name written beside them, except `unnamed` ones (nodes in the rows of nodes
    without lines, where names would overlap). Sorted by id: the order of the marks."""
    unnamed = set(unnamed or ()) - {focus}
    named = set(always_named or ()) - unnamed
    if focus:
        named.add(focus)
    by_size = sorted((p for p in points if p["id"] not in unnamed),
                     key=lambda p: (-p["grootte"], p["naam"].lower(), p["id"]))
    named |= {p["id"] for p in by_size[:max(0, MAX_LABELS - len(named))]}
    rows = []
    for p in sorted(points, key=lambda p: p["id"]):
        x, y = positions.get(p["id"], (0.0, 0.0))
        rows.append({"id": p["id"], "naam": p["naam"], "soort": p["soort"], "grootte": p["grootte"],
                     "uitleg": p.get("uitleg", ""), "x": x, "y": y,
                     "tekst": p["naam"] if p["id"] in named else "", "focus": p["id"] == focus})
    return rows


def line_rows(lines: list[tuple[str, str, int, str]], positions: dict[str, tuple[float, float]]) -> list[dict]:
    """One row per drawn line (a, b, weight, hover text) between two positioned nodes."""
    rows = []
    for a, b, weight, text in lines:
        if a in positions and b in positions and a != b:
            (x, y), (x2, y2) = positions[a], positions[b]
            rows.append({"x": x, "y": y, "x2": x2, "y2": y2, "gewicht": weight, "relatie": text})
    return rows


def chart(points: list[dict], lines: list[dict], height: int = 640, size_range: tuple[int, int] = (30, 900)):
    """Lines under nodes under names; colour = soort (legend), size = `grootte`; a click selects `id`."""
    import altair as alt
    import pandas as pd

    soorten = [l for l in LABELS if any(p["soort"] == l for p in points)]
    colour = alt.Color("soort:N", title="Soort knoop", scale=alt.Scale(domain=soorten,
                       range=[LABEL_COLOURS[l] for l in soorten]),
                       legend=alt.Legend(orient="bottom", columns=6, symbolType="circle"))
    x = alt.X("x:Q", axis=None, scale=alt.Scale(zero=False, nice=False, padding=30))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(zero=False, nice=False, padding=20))
    frame = pd.DataFrame(points, columns=["id", "naam", "soort", "grootte", "uitleg", "x", "y", "tekst", "focus"])
    click = alt.selection_point(name=SELECTION, fields=["id"], on="click", toggle=False, clear=False)
    nodes = alt.Chart(frame).mark_circle(opacity=0.9, cursor="pointer").encode(
        x=x, y=y, color=colour,
        size=alt.Size("grootte:Q", scale=alt.Scale(range=list(size_range)), legend=None),
        stroke=alt.condition("datum.focus", alt.value("#111111"), alt.value("#ffffff")),
        strokeWidth=alt.condition("datum.focus", alt.value(3), alt.value(0.6)),
        tooltip=[alt.Tooltip("naam:N", title="Naam"), alt.Tooltip("soort:N", title="Soort"),
                 alt.Tooltip("uitleg:N", title="")],
        description=alt.Description("naam:N"),
    ).add_params(click)
    names = alt.Chart(frame).mark_text(dy=-11, fontSize=11, color="#222222").encode(x=x, y=y, text="tekst:N")
    layers = [nodes, names]
    if lines:
        edge_frame = pd.DataFrame(lines)
        width = alt.Size("gewicht:Q", scale=alt.Scale(range=[0.6, 6]), legend=None) \
            if edge_frame["gewicht"].nunique() > 1 else alt.value(0.8)
        edges = alt.Chart(edge_frame).mark_rule(color="#aab3bf", opacity=0.55).encode(
            x=x, y=y, x2="x2:Q", y2="y2:Q", strokeWidth=width,
            tooltip=[alt.Tooltip("relatie:N", title="Relatie")])
        layers.insert(0, edges)
    # SVG: one element per node (a test can find a node by its name; sharp when printed)
    return alt.layer(*layers).properties(height=height, usermeta={"embedOptions": {"renderer": "svg"}}) \
        .configure_view(stroke=None)


def clicked_id(event) -> str | None:
    """The id of the clicked node in a Streamlit chart event (or None)."""
    try:
        points = event["selection"][SELECTION]
    except (KeyError, TypeError):
        return None
    if isinstance(points, list) and points and isinstance(points[0], dict):
        return points[0].get("id")
    return None


def show_chart(points: list[dict], lines: list[dict], key: str, on_click: Callable[[str], None],
               height: int = 640) -> None:
    """Draw the chart; `on_click(id)` runs as the selection callback, before the page reruns."""
    import streamlit as st

    def callback():
        node_id = clicked_id(st.session_state.get(key))
        if node_id:
            on_click(node_id)

    st.altair_chart(chart(points, lines, height), key=key, on_select=callback, selection_mode=SELECTION,
                    width="stretch")
