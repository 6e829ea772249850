"""The map of the Netherlands, offline: the gemeente outlines from the shipped TopoJSON, drawn by
Vega-Lite through altair (its JavaScript ships inside Streamlit; no tile server, no CDN). The
TopoJSON lies in the app's `static/` folder, which the app's own server serves
(server.enableStaticServing): the chart names it by a relative URL, so the browser fetches it
once and keeps it, instead of 170 kB travelling inside every map's spec (Streamlit turned that
spec into JSON and back five times per run: ~0.1 s of every visit to a page with a map).

Each gemeente gets a category (its regio of a chosen division, whether the sources tie it to a
knowledge actor beyond its regio's, or its size class); a regio shows as its gemeenten in one
colour. A click on a gemeente reaches Python as a point selection on the field `code`.
The pure functions (`gemeente_by_code`, `categories`, `map_rows`) take plain data; only
`show_map` touches Streamlit.
"""
from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path
from typing import Callable

from graph.model import ACTOR_LABELS, Node, Relationship, normalize_name

STATIC = Path(__file__).resolve().parent.parent / "static"
TOPOJSON = STATIC / "gemeenten-2024.topo.json"
# relative to a page (/gemeente, /regio, ...): Streamlit serves static/ at /app/static/
TOPOJSON_URL = f"app/static/{TOPOJSON.name}"
NAMES = STATIC / "gemeenten-2024-namen.csv"
FEATURES = "gm_features"
SELECTION = "gemeente"
ATTRIBUTION = ("Kaart: gemeentegrenzen 2024 (gegeneraliseerd). Bron: CBS / PDOK (CC BY 4.0); TopoJSON uit "
               "minvws/nl-covid19-data-dashboard (EUPL-1.2). Namen bij CBS-codes: CBS, Woonplaatsen in "
               "Nederland 2024.")
MODES = {"indeling": "Regio-indeling", "kennis": "Kennisrelatie buiten de regio's", "grootte": "Grootteklasse"}
NOT_IN_GRAPH = "niet in de graaf"
WITH_TIE = "met kennisrelatie buiten haar regio's"
WITHOUT_TIE = "alleen regio-lidmaatschap"
NO_SIZE = "grootteklasse onbekend"
MEMBERSHIP = ("LIGT_IN", "ACTIEF_IN", "IN_GROOTTEKLASSE", "NOEMT", "BEHANDELT")


@lru_cache(maxsize=1)
def topology() -> dict:
    """The shipped TopoJSON (objects gm_features, vr_features, nl_features)."""
    return json.loads(TOPOJSON.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def reference_names() -> dict[str, str]:
    """CBS code -> gemeente naam (2024), shipped beside the map."""
    with NAMES.open(encoding="utf-8", newline="") as f:
        return {r["cbs_code"]: r["naam"] for r in csv.DictReader(f)}


def map_codes() -> list[str]:
    return sorted(g["properties"]["code"] for g in topology()["objects"][FEATURES]["geometries"])


def gemeente_by_code(nodes: list[Node], names: dict[str, str] | None = None) -> dict[str, Node]:
    """CBS code -> Gemeente node: by its `cbs_code`, else by its naam (or alias) when that names
    exactly one gemeente of the map (so a graph without codes still shows on the map)."""
    names = reference_names() if names is None else names
    by_name: dict[str, list[str]] = {}
    for code, naam in names.items():
        by_name.setdefault(normalize_name(naam), []).append(code)
    out: dict[str, Node] = {}
    gemeenten = sorted((n for n in nodes if n.label == "Gemeente"), key=lambda n: n.id)
    for n in gemeenten:
        code = n.properties.get("cbs_code")
        if code in names:
            out[code] = n
    for n in gemeenten:
        if n.properties.get("cbs_code") in names:
            continue
        unique = [by_name.get(normalize_name(name), []) for name in n.names()]
        codes = {c[0] for c in unique if len(c) == 1}
        if len(codes) == 1 and next(iter(codes)) not in out:
            out[next(iter(codes))] = n
    return out


def categories(nodes: list[Node], rels: list[Relationship], mode: str, soort: str | None = None,
               regions: dict[str, dict] | None = None) -> dict[str, str]:
    """gemeente id -> category for a colouring mode (see MODES). `regions` (gemeente -> regio ids,
    through sub-regio's) comes from queries.gemeente_profiel; without it, direct LIGT_IN only."""
    by_id = {n.id: n for n in nodes}
    gemeenten = [n for n in nodes if n.label == "Gemeente"]
    if mode == "indeling":
        if regions is None:
            regions = {}
            for r in rels:
                if r.type == "LIGT_IN":
                    regions.setdefault(r.start, {})[r.end] = [r]
        out = {}
        for g in gemeenten:
            names = sorted(by_id[r].naam for r in regions.get(g.id, {})
                           if r in by_id and by_id[r].properties.get("soort") == soort)
            out[g.id] = " / ".join(names) if names else f"geen {soort or 'regio'}"
        return out
    if mode == "kennis":
        tied = set()
        for r in rels:
            if r.type in MEMBERSHIP or r.start == r.end:
                continue
            a, b = by_id.get(r.start), by_id.get(r.end)
            if a and b and a.label in ACTOR_LABELS and b.label in ACTOR_LABELS:
                tied.update(x.id for x in (a, b) if x.label == "Gemeente")
        return {g.id: WITH_TIE if g.id in tied else WITHOUT_TIE for g in gemeenten}
    if mode == "grootte":
        out = {g.id: NO_SIZE for g in gemeenten}
        for r in rels:
            if r.type == "IN_GROOTTEKLASSE" and r.start in out and r.end in by_id:
                out[r.start] = by_id[r.end].naam
        return out
    raise ValueError(f"unknown map mode '{mode}'")


def map_rows(by_code: dict[str, Node], category: dict[str, str], highlight: set[str] | None = None,
             selected: str | None = None, names: dict[str, str] | None = None) -> list[dict]:
    """One row per gemeente of the map: code, naam, id ('' when not in the graph), categorie,
    nadruk (in the highlighted regio, or everything when none) and gekozen (the selected one)."""
    names = reference_names() if names is None else names
    rows = []
    for code in sorted(names):
        n = by_code.get(code)
        rows.append({"code": code, "naam": n.naam if n else names[code], "id": n.id if n else "",
                     "categorie": category.get(n.id, NOT_IN_GRAPH) if n else NOT_IN_GRAPH,
                     "nadruk": highlight is None or bool(n and n.id in highlight),
                     "gekozen": bool(n and n.id == selected)})
    return rows


def chart(rows: list[dict], title: str, legend: bool = True, height: int = 560) -> dict:
    """The Vega-Lite spec: gemeenten coloured by `categorie`, a point selection on `code`.

    altair writes the spec around an empty stand-in for the outlines, which then becomes the
    TopoJSON's URL. The spec is kept per rows and options (`_spec`): altair's own work for 342
    rows was ~0.07 s of every run."""
    key = tuple(tuple(r.items()) for r in rows)
    return dict(_spec(key, title, legend, height))  # a top level of its own (Streamlit changes it)


def legend_columns(labels: list[str]) -> int:
    """Two columns of short labels (provincies) under the map, one of long ones: the map often
    stands in a column of a third of the page, where two long labels side by side were cut off.

    >>> legend_columns(["Friesland", "Noord-Holland"]), legend_columns(["ligt apart van haar buren", "valt samen"])
    (2, 1)
    """
    return 2 if max(map(len, labels), default=0) <= LEGEND_SHORT_LABEL else 1


LEGEND_SHORT_LABEL = 20  # characters: two such labels fit side by side under the map in a column


@lru_cache(maxsize=64)
def _spec(rows_key: tuple, title: str, legend: bool, height: int) -> dict:
    """The spec of `chart` without the outlines, for rows given as a tuple of their items."""
    import altair as alt
    import pandas as pd

    rows = [dict(r) for r in rows_key]
    cats = sorted({r["categorie"] for r in rows} - {NOT_IN_GRAPH})
    domain = cats + ([NOT_IN_GRAPH] if any(r["categorie"] == NOT_IN_GRAPH for r in rows) else [])
    scale = alt.Scale(domain=domain, range=_colours(len(cats)) + ["#d9dde1"] * (len(domain) - len(cats)))
    click = alt.selection_point(name=SELECTION, fields=["code"], on="click", toggle=False, clear=False)
    shapes = alt.InlineData(values={}, format=alt.DataFormat(type="topojson", feature=FEATURES))
    spec = (
        alt.Chart(shapes, title=title)
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.4)
        .transform_calculate(code="datum.properties.code")
        .transform_lookup(lookup="code", from_=alt.LookupData(pd.DataFrame(rows), "code",
                                                              ["naam", "id", "categorie", "nadruk", "gekozen"]))
        .encode(
            color=alt.Color("categorie:N", scale=scale, title="",
                            legend=alt.Legend(orient="bottom", columns=legend_columns(domain), labelLimit=320)
                            if legend else None),
            opacity=alt.condition("datum.nadruk", alt.value(1.0), alt.value(0.25)),
            stroke=alt.condition("datum.gekozen", alt.value("#111111"), alt.value("#ffffff")),
            strokeWidth=alt.condition("datum.gekozen", alt.value(2.5), alt.value(0.4)),
            tooltip=[alt.Tooltip("naam:N", title="Gemeente"), alt.Tooltip("categorie:N", title="")],
        )
        .add_params(click)
        .project(type="mercator")
        # SVG: one element per gemeente (sharp when printed, and a test can find a gemeente's shape)
        .properties(height=height, usermeta={"embedOptions": {"renderer": "svg"}})
    ).to_dict()
    # altair moved the stand-in to a named dataset: the outlines' URL takes its place
    stand_in = spec["data"].pop("name", None)
    spec.get("datasets", {}).pop(stand_in, None)
    spec["data"]["url"] = TOPOJSON_URL
    return spec


# Tableau 20 (Vega's categorical scheme), written out so 'not in the graph' can be grey.
TABLEAU20 = ("#4c78a8", "#9ecae9", "#f58518", "#ffbf79", "#54a24b", "#88d27a", "#b79a20", "#f2cf5b", "#439894",
             "#83bcb6", "#e45756", "#ff9d98", "#79706e", "#bab0ac", "#d67195", "#fcbfd2", "#b279a2", "#d6a5c9",
             "#9e765f", "#d8b5a5")


def _colours(n: int) -> list[str]:
    return [TABLEAU20[i % len(TABLEAU20)] for i in range(n)]


def clicked_code(event) -> str | None:
    """The CBS code of the clicked gemeente in a Streamlit chart event, or None."""
    try:
        points = event["selection"][SELECTION]
    except (KeyError, TypeError):
        return None
    if isinstance(points, list) and points and isinstance(points[0], dict):
        return points[0].get("code")
    return None


def show_map(rows: list[dict], key: str, title: str, legend: bool = True,
             on_click: Callable[[str], None] | None = None) -> str | None:
    """Draw the map with its attribution; returns the CBS code clicked in this run (or None).
    `on_click(code)` runs as the selection callback, before the page script reruns."""
    import streamlit as st

    def callback():
        code = clicked_code(st.session_state.get(key))
        if code and on_click:
            on_click(code)

    event = st.vega_lite_chart(chart(rows, title, legend), key=key, on_select=callback if on_click else "rerun",
                               selection_mode=SELECTION, width="stretch")
    st.caption(ATTRIBUTION)
    return clicked_code(event)
