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


# How a name written beside a node is sized when labels are placed (chart's font size 11): an
# average character's width, the line's height, the name's offset above its node, and the plot's
# width (the page's main column at a usual window is ~800-950 px; the chart does not know it)
LABEL_CHAR_PX, LABEL_LINE_PX, LABEL_DY_PX = 6.2, 14.0, 11.0
PLOT_WIDTH_PX, PAD_X_PX, PAD_Y_PX = 800.0, 30.0, 20.0


def point_rows(points: list[dict], positions: dict[str, tuple[float, float]], focus: str | None = None,
               always_named: set[str] | None = None, unnamed: set[str] | None = None,
               height: int = 640, width: float = PLOT_WIDTH_PX) -> list[dict]:
    """One row per drawn node. `points`: dicts with id, naam, soort (a label), grootte (size
    weight), uitleg (hover text). A name is written beside its node where it does not overlap a
    name already written (`readable_names`), in this order: the focus, the `always_named`, then
    the largest nodes up to MAX_LABELS names; never the `unnamed` ones (nodes in the rows of
    nodes without lines). The others show their name on hover. Sorted by id: the order of the
    marks."""
    unnamed = set(unnamed or ()) - {focus}
    always = set(always_named or ()) - unnamed
    by_size = sorted((p for p in points if p["id"] not in unnamed),
                     key=lambda p: (-p["grootte"], p["naam"].lower(), p["id"]))
    first = [p for p in by_size if p["id"] == focus] + [p for p in by_size if p["id"] in always and p["id"] != focus]
    rest = [p for p in by_size if p["id"] not in always and p["id"] != focus]
    named = readable_names(first, rest, positions, height, width)
    rows = []
    for p in sorted(points, key=lambda p: p["id"]):
        x, y = positions.get(p["id"], (0.0, 0.0))
        rows.append({"id": p["id"], "naam": p["naam"], "soort": p["soort"], "grootte": p["grootte"],
                     "uitleg": p.get("uitleg", ""), "x": x, "y": y,
                     "tekst": p["naam"] if p["id"] in named else "", "focus": p["id"] == focus})
    return rows


def readable_names(first: list[dict], rest: list[dict], positions: dict[str, tuple[float, float]],
                   height: int = 640, width: float = PLOT_WIDTH_PX) -> set[str]:
    """The ids whose names are written: greedily, `first` then `rest`, each name where its box
    (estimated from its length, on a plot `width` wide and `height` high) overlaps no name
    written before (so the first, the focus, always); from `rest` at most MAX_LABELS minus the
    number of `first` (a view that names its own, as the groups, gets no others). At national
    scale the groups' names ran into each other in the middle of the picture, unreadable.

    >>> pos = {"a": (0.0, 0.0), "b": (0.0, 0.0), "c": (1.0, 1.0)}
    >>> sorted(readable_names([{"id": "a", "naam": "Aa"}], [{"id": "b", "naam": "Bb"}, {"id": "c", "naam": "Cc"}], pos))
    ['a', 'c']
    """
    if not positions:
        return set()
    xs, ys = [x for x, _ in positions.values()], [y for _, y in positions.values()]
    x0, y1 = min(xs), max(ys)
    sx = (width - 2 * PAD_X_PX) / ((max(xs) - x0) or 1.0)
    sy = (height - 2 * PAD_Y_PX) / ((y1 - min(ys)) or 1.0)
    boxes: list[tuple[float, float, float, float]] = []
    named: set[str] = set()

    def place(p: dict) -> None:
        x, y = positions.get(p["id"], (x0, y1))
        cx, cy = PAD_X_PX + (x - x0) * sx, PAD_Y_PX + (y1 - y) * sy - LABEL_DY_PX
        half = len(p["naam"]) * LABEL_CHAR_PX / 2
        box = (cx - half, cy - LABEL_LINE_PX / 2, cx + half, cy + LABEL_LINE_PX / 2)
        if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
            boxes.append(box)
            named.add(p["id"])

    for p in first:
        place(p)
    budget = MAX_LABELS - len(first)  # `first` takes its places even where its names did not fit
    for p in rest:
        if budget <= 0:
            break
        before = len(named)
        place(p)
        budget -= len(named) - before
    return named


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
