"""The Netwerk page's logic, readable at any scale and fetching only what it draws.

Three pictures (MODES) and a focus:
- "Alle knopen": every node of the chosen labels, offered only when there are at most
  MAX_DRAWN of them (store counts decide, before anything is read);
- "Groepen per soort en regio": the store's `regio_groups` (one circle per label and provincie,
  sized by its number of nodes; lines weighted by the relationships between groups), computed
  once per graph version in the store;
- "Meest verbonden actoren": the store's `degrees` (the TOP_N actors with the most
  relationships) with the ties among them.
A click on a node (a Vega-Lite point selection that reaches Python, ui/netwerk_chart.py) focuses
on it and expands its neighbours into the picture without a reload; each further click expands
the clicked node too, and what was drawn keeps its place. The focus is in the URL (?knoop=id,
?stappen=n). Never more than MAX_DRAWN nodes are drawn.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from graph.errors import NotFound

from graph.model import ACTOR_LABELS, Node, Relationship
from ui import data
from ui.filters import expand, filter_view
from ui.graph_view import force_layout, induced, tooltip
from ui.netwerk_chart import MAX_DRAWN, PLOT_WIDTH_PX, line_rows, point_rows, show_chart
from ui.tables import SOURCE_COLUMNS, relationship_sources, table
from ui.text import md
from ui.widgets import link_not_found

MAX_HOPS = 4
HIDDEN_PROPERTIES = ("naam", "tips", "beschrijving")
DETAIL_DEFAULT = 1000  # above this many nodes the page opens on the groups, not on every node
TOP_N = 150
GROUP_SOORT = "provincie"
GROUP_PREFIX = "groep:"
MODES = {"alle": "Alle knopen", "groepen": "Groepen per soort en regio", "top": "Meest verbonden actoren"}
# Membership, not a knowledge tie: ~2,400 LIGT_IN lines (every gemeente in its seven regions)
# and ~740 HOORT_BIJ (every gemeente in the group 'gemeenten') that the pictures leave out
# unless asked; a focus view still shows a node's own.
MEMBERSHIP_TYPES = ("LIGT_IN", "HOORT_BIJ")
# Never counted as ties between groups or towards "most connected": derived mentions and size
# classes.
NOT_TIES = ("NOEMT", "IN_GROOTTEKLASSE")
# Publications last when a neighbourhood is too large to draw whole.
DRAW_ORDER = {label: i for i, label in enumerate(ACTOR_LABELS)}


@dataclass
class View:
    kind: str  # a key of MODES, or "focus"
    points: list[dict]
    lines: list[tuple[str, str, int, str]]
    nodes: list[Node] = field(default_factory=list)  # the drawn nodes (not for groups)
    rels: list[Relationship] = field(default_factory=list)
    left_out: int = 0  # nodes that were not drawn (MAX_DRAWN)
    named: set[str] = field(default_factory=set)


# -- store reads, once per backend and graph version ----------------------------------------
def _version() -> tuple[str, str]:
    backend = data.active_backend()
    return backend, data.graph_version(backend)


@st.cache_data(max_entries=8, show_spinner=False)
def _counts(backend: str, version: str) -> dict:
    return data.get_store(backend).counts()


@st.cache_resource(max_entries=16, show_spinner=False)
def _groups(backend: str, version: str, soort: str, skip: tuple[str, ...]) -> dict:
    return data.get_store(backend).regio_groups(soort, skip)


@st.cache_resource(max_entries=16, show_spinner=False)
def _nodes(backend: str, version: str, labels: tuple[str, ...] | None, ids: tuple[str, ...] | None) -> list[Node]:
    store = data.get_store(backend)
    if ids is not None:
        return [n for n in store.nodes(ids=ids) if labels is None or n.label in labels]
    return [n for label in labels or () for n in store.nodes(label)]


@st.cache_resource(max_entries=16, show_spinner=False)
def _facts_around(backend: str, version: str, ids: tuple[str, ...]) -> list[Relationship]:
    inside = set(ids)
    return [r for r in data.get_store(backend).facts(around=ids) if r.start in inside and r.end in inside]


@st.cache_resource(max_entries=16, show_spinner=False)
def _top(backend: str, version: str, labels: tuple[str, ...], skip: tuple[str, ...], n: int) -> list[tuple[str, int]]:
    return data.get_store(backend).degrees(labels, skip, n)


def graph_counts() -> dict:
    return _counts(*_version())


def node_count(counts: dict, labels: list[str] | None) -> int:
    return sum(c for label, c in counts["nodes"].items() if not labels or label in labels)


# -- widgets ---------------------------------------------------------------------------------
def membership_toggle(where=st.sidebar) -> bool:
    """Whether the pictures draw the LIGT_IN lines (off by default; kept in the URL)."""
    return where.toggle("Toon lidmaatschap ('ligt in', 'hoort bij')", value=False, key="lidmaatschap",
                        bind="query-params",
                        help="Lidmaatschap is geen kennisrelatie: standaard niet getekend.")


def mode_picker(total: int) -> str:
    """The picture when no node is in focus; 'Alle knopen' only when they fit (MAX_DRAWN)."""
    keys = [k for k in MODES if k != "alle" or total <= MAX_DRAWN]
    if st.session_state.get("beeld") not in keys:
        st.session_state.pop("beeld", None)
    default = "alle" if total <= DETAIL_DEFAULT else "groepen"
    return st.segmented_control("Beeld", keys, format_func=MODES.get, key="beeld",
                                default=None if "beeld" in st.session_state else default,
                                bind="query-params", required=True,
                                help=f"'Alle knopen' kan tot {MAX_DRAWN} knopen; daarboven tonen de groepen en de "
                                     "meest verbonden actoren wat de graaf zegt.") or default


def current_focus() -> Node | None:
    """The focus node from the URL (?knoop=id), read from the store by id (None when unknown)."""
    knoop = st.query_params.get("knoop")
    if not knoop:
        return None
    found = _nodes(*_version(), None, (knoop,))
    if not found:  # a link may name the node by naam or alias, as the CLI does
        try:
            node = data.store().resolve(knoop)
        except NotFound as exc:
            link_not_found("knoop", knoop, exc)
            del st.query_params["knoop"]
            return None
        st.query_params["knoop"] = knoop = node.id
        found = [node]
    if st.session_state.get("_knoop_vorige") != knoop:  # a new focus from a link or the box
        if st.session_state.get("_geklikt") != knoop:
            st.session_state["uitgeklapt"] = [knoop]
            st.session_state.pop("netwerk_posities", None)
            st.session_state.pop("stappen", None)
        st.session_state["_knoop_vorige"] = knoop
    st.session_state.pop("_geklikt", None)
    return found[0]


def filter_focus(filters: dict) -> Node | None:
    """With the groups or the most connected actors, a regio, thema or name filter shows that
    node's neighbourhood (the pictures of the whole graph have no place for a filter)."""
    backend, version = _version()
    wanted = filters.get("regio") or filters.get("thema")
    if not wanted and (filters.get("search") or "").strip():
        hits = data.get_store(backend).lookup(filters["search"].strip())
        if not hits:
            st.warning(f"Geen knoop heet '{md(filters['search'])}'. Typ de volledige naam, afkorting of id.")
            return None
        wanted = hits[0]
    found = _nodes(backend, version, None, (wanted,)) if wanted else []
    return found[0] if found else None


PENDING_CLICK = "netwerk_klik"


def remember_click(node_id: str) -> None:
    """The chart's selection callback: keep the clicked id for `apply_click` in the next run."""
    st.session_state[PENDING_CLICK] = node_id


def apply_click() -> None:
    """First thing in the page's run: a click waiting from the chart becomes the focus."""
    node_id = st.session_state.pop(PENDING_CLICK, None)
    if node_id:
        focus_on(node_id)


def focus_on(node_id: str) -> None:
    """A click on a node: focus on it and add its neighbours to the picture."""
    if node_id.startswith(GROUP_PREFIX):
        return _group_clicked(node_id[len(GROUP_PREFIX):])
    opened = [i for i in st.session_state.get("uitgeklapt", []) if i != node_id]
    if not st.query_params.get("knoop"):
        opened = []
    st.session_state["uitgeklapt"] = opened + [node_id]
    st.session_state["_geklikt"] = node_id
    st.query_params["knoop"] = node_id
    st.query_params.pop("stappen", None)
    st.session_state.pop("stappen", None)


def _group_clicked(group: str) -> None:
    """A group with a provincie focuses on that provincie; one without shows its label's most
    connected nodes."""
    label, _, home = group.partition("|")
    if home:
        st.session_state["uitgeklapt"] = [home]
        st.session_state.pop("netwerk_posities", None)
        st.session_state["_geklikt"] = home
        st.query_params["knoop"] = home
        st.query_params.pop("stappen", None)
        st.session_state.pop("stappen", None)
    else:
        st.session_state["beeld"] = "top"
        st.session_state["top_soort"] = label


def clear_focus() -> None:
    st.query_params.pop("knoop", None)
    st.query_params.pop("stappen", None)
    for key in ("stappen", "uitgeklapt", "netwerk_posities", "_knoop_vorige"):
        st.session_state.pop(key, None)


def focus_steps() -> int:
    """The number of steps from the focus: the box's value; before the box is drawn, the link's
    (?stappen=, 1 when absent or no number). The picture and the box both read it here."""
    if "stappen" not in st.session_state:
        try:
            st.session_state["stappen"] = min(MAX_HOPS, max(1, int(st.query_params.get("stappen", 1))))
        except ValueError:
            st.session_state["stappen"] = 1
    return int(st.session_state["stappen"])


def focus_controls(view: View, focus: Node | None) -> None:
    """A box to focus on a drawn node; with a focus: the number of steps and 'Focus wissen'."""
    by_id = {n.id: n for n in view.nodes}
    options = [n.id for n in sorted(view.nodes, key=lambda n: n.naam.lower())]
    if focus and focus.id not in by_id:
        by_id[focus.id] = focus
        options.insert(0, focus.id)
    st.session_state["focus_keuze"] = focus.id if focus else None

    def chosen():
        value = st.session_state.get("focus_keuze")
        if value:
            st.query_params["knoop"] = value
        else:
            clear_focus()
        st.query_params.pop("stappen", None)
        st.session_state.pop("stappen", None)

    c1, c2, c3 = st.columns([3, 1.2, 1])
    c1.selectbox("Focus op knoop", options, key="focus_keuze", on_change=chosen,
                 format_func=lambda i: f"{by_id[i].naam} ({by_id[i].label})",
                 placeholder="Kies een knoop uit het beeld (typ een naam)…")
    if focus:
        focus_steps()
        c2.number_input("Stappen vanaf de knoop", min_value=1, max_value=MAX_HOPS, step=1, key="stappen",
                        help="Breid het beeld één stap tegelijk uit naar de buren van de buren.",
                        on_change=lambda: st.query_params.update(stappen=str(st.session_state["stappen"])))
        c3.button("Focus wissen", on_click=clear_focus, key="focus_wissen")


# -- the pictures ----------------------------------------------------------------------------
def skip_types(filters: dict) -> tuple[str, ...]:
    return NOT_TIES + (() if filters.get("lidmaatschap") else MEMBERSHIP_TYPES)


def all_nodes_view(filters: dict) -> View:
    """Every node of the chosen labels (only offered when they fit), with the sidebar filters."""
    backend, version = _version()
    labels = tuple(filters["labels"] or sorted(graph_counts()["nodes"]))
    nodes = _nodes(backend, version, labels, None)
    rels = _facts_around(backend, version, tuple(sorted(n.id for n in nodes)))
    nodes, rels = filter_view(nodes, rels, filters["labels"], filters["niveaus"], filters["search"],
                              filters["regio"], filters["thema"])
    if not filters.get("lidmaatschap"):
        rels = [r for r in rels if r.type not in MEMBERSHIP_TYPES]
    return node_view("alle", nodes, rels)


def top_view(filters: dict) -> View:
    """The TOP_N actors (of the chosen labels) with the most ties, and the ties among them."""
    backend, version = _version()
    wanted = st.session_state.get("top_soort")
    labels = tuple(l for l in (filters["labels"] or ACTOR_LABELS)
                   if l in ACTOR_LABELS and (not wanted or l == wanted)) or ACTOR_LABELS
    ranked = _top(backend, version, tuple(sorted(labels)), skip_types(filters), TOP_N)
    ids = tuple(sorted(i for i, _ in ranked))
    nodes = _nodes(backend, version, None, ids)
    skip = set(skip_types(filters))
    rels = [r for r in _facts_around(backend, version, ids) if r.type not in skip]
    return node_view("top", nodes, rels, degree=dict(ranked))


@st.cache_resource(max_entries=8, show_spinner=False)
def _regio_soorten(backend: str, version: str) -> list[str]:
    return sorted({str(n.properties["soort"]) for n in data.get_store(backend).nodes("Regio")
                   if n.properties.get("soort")})


def indeling_picker() -> str:
    """The kind of regio the groups follow (provincie unless chosen; kept in the URL)."""
    soorten = _regio_soorten(*_version()) or [GROUP_SOORT]
    if st.session_state.get("indeling") not in soorten:
        st.session_state.pop("indeling", None)
    default = GROUP_SOORT if GROUP_SOORT in soorten else soorten[0]
    return st.selectbox("Groepeer per regio-indeling", soorten, key="indeling", bind="query-params",
                        index=None if "indeling" in st.session_state else soorten.index(default),
                        help="Een knoop hoort bij de regio van deze soort waarin hij ligt of actief is "
                             "(ook via een tussenregio).") or default


def _group_data(backend: str, version: str, soort: str, filters: dict) -> tuple[dict, list, dict[str, str]]:
    """The store's group summary, its groups of the chosen labels and the names of their regio's."""
    summary = _groups(backend, version, soort, skip_types(filters))
    labels = set(filters.get("labels") or [])
    groups = [g for g in summary["groups"] if not labels or g[0] in labels]
    homes = tuple(sorted({g[1] for g in groups if g[1]}))
    return summary, groups, {n.id: n.naam for n in _nodes(backend, version, None, homes)}


def group_view(filters: dict, soort: str = GROUP_SOORT) -> View:
    """One circle per (label, regio of `soort`), sized by its count; lines weighted by the ties."""
    summary, groups, names = _group_data(*_version(), soort, filters)

    def gid(label: str, home: str | None) -> str:
        return f"{GROUP_PREFIX}{label}|{home or ''}"

    points = [{"id": gid(l, h), "naam": f"{l} · {names.get(h, h) if h else 'geen ' + soort} ({c})", "soort": l,
               "grootte": c, "uitleg": f"{c} knopen. Klik: " + (f"focus op deze {soort}" if h else
                                                                   "de meest verbonden knopen van deze soort")}
              for l, h, c in groups]
    drawn = {p["id"] for p in points}
    weights: dict[tuple[str, str], int] = {}
    for la, ha, lb, hb, c in summary["links"]:
        a, b = gid(la, ha), gid(lb, hb)
        if a in drawn and b in drawn and a != b:
            key = (a, b) if a < b else (b, a)
            weights[key] = weights.get(key, 0) + c
    lines = [(a, b, c, f"{c} relaties") for (a, b), c in sorted(weights.items())]
    # a group of one (a regio on its own) shows its name on hover only
    return View("groepen", points, lines, named={p["id"] for p in points if p["grootte"] > 1})


def warm(backend: str, version: str) -> None:
    """What the page reads when it opens without filters at national scale (ui/warmup.py): the
    counts, and when they open on the groups, the groups per GROUP_SOORT and their regio's."""
    total = node_count(_counts(backend, version), None)
    if total > DETAIL_DEFAULT and GROUP_SOORT in _regio_soorten(backend, version):
        _group_data(backend, version, GROUP_SOORT, {})


def focus_view(focus: Node, filters: dict) -> View:
    """The focus and its neighbours (`stappen` hops), plus the neighbours of every node clicked
    before in this exploration; at most MAX_DRAWN nodes, the nearest first: the focus, its
    neighbours, the nodes clicked before with theirs, then the further steps from the focus
    (within a step actors before publications)."""
    backend, version = _version()
    labels, niveaus = set(filters["labels"] or []), set(filters["niveaus"] or [])

    def allowed(n: Node) -> bool:
        return (not labels or n.label in labels) and (not niveaus or n.niveau in niveaus)

    hops = focus_steps()
    opened = [i for i in st.session_state.get("uitgeklapt", [focus.id]) if i != focus.id]
    parts = [expand(focus.id, hops, lambda i: data.neighbourhood(backend, i), allowed, limit=MAX_DRAWN)]
    parts += [expand(i, 1, lambda i: data.neighbourhood(backend, i), allowed, limit=MAX_DRAWN)
              for i in reversed(opened)]
    # (distance, part, node): a clicked node and its neighbours count as one step from the focus
    ranked = [(step, 0, n) for step, nodes in enumerate(parts[0][0]) for n in nodes]
    ranked += [(1, k, n) for k, (levels, _) in enumerate(parts[1:], 1) for nodes in levels for n in nodes]
    ranked.sort(key=lambda t: (t[0], t[1], DRAW_ORDER.get(t[2].label, 99), t[2].naam.lower(), t[2].id))
    kept: dict[str, Node] = {}
    seen: set[str] = set()
    for _, _, n in ranked:
        seen.add(n.id)
        if len(kept) < MAX_DRAWN:
            kept.setdefault(n.id, n)
    rels = {r.key: r for _, rs in parts for r in rs if r.start in kept and r.end in kept}
    view = node_view("focus", list(kept.values()), [rels[k] for k in sorted(rels)], focus=focus.id)
    view.left_out = len(seen - set(kept))
    view.named = {focus.id} | set(opened) | {n.id for n in kept.values() if _adjacent(n.id, focus.id, view.rels)}
    return view


def _adjacent(a: str, b: str, rels: list[Relationship]) -> bool:
    return any({r.start, r.end} == {a, b} for r in rels)


def node_view(kind: str, nodes: list[Node], rels: list[Relationship], focus: str | None = None,
              degree: dict[str, int] | None = None) -> View:
    rels, local = induced(nodes, rels)
    size = degree or local
    points = [{"id": n.id, "naam": n.naam, "soort": n.label, "grootte": 1 + size.get(n.id, 0),
               "uitleg": tooltip(n, size.get(n.id, 0)).split("\n", 1)[-1].replace(
                   "Dubbelklik: focus op deze knoop", "Klik: focus op deze knoop en zijn buren")}
              for n in nodes]
    pairs: dict[tuple[str, str], list[str]] = {}
    for r in rels:
        key = (r.start, r.end) if r.start < r.end else (r.end, r.start)
        pairs.setdefault(key, []).append(r.type.replace("_", " ").lower())
    lines = [(a, b, len(t), ", ".join(sorted(set(t)))) for (a, b), t in sorted(pairs.items())]
    return View(kind, points, lines, nodes=sorted(nodes, key=lambda n: n.id), rels=rels)


def draw(view: View, focus: str | None, height: int = 640, width_share: float = 1.0) -> None:
    """Lay out (what was drawn before in this exploration keeps its place) and draw the chart,
    which takes `width_share` of the page's width (the names written are chosen for it)."""
    ids = [p["id"] for p in view.points]
    edges = [(a, b) for a, b, _, _ in view.lines]
    fixed = st.session_state.get("netwerk_posities", {}) if view.kind == "focus" else None
    positions = force_layout(ids, edges, fixed=fixed)
    if view.kind == "focus":
        st.session_state["netwerk_posities"] = positions
    linked = {x for a, b, _, _ in view.lines for x in (a, b) if a != b}
    points = point_rows(view.points, positions, focus=focus, always_named=view.named,
                        unnamed={i for i in ids if i not in linked}, height=height,
                        width=PLOT_WIDTH_PX * width_share)
    key = f"netwerk-{view.kind}-{st.session_state.get('beeld')}"
    show_chart(points, line_rows(view.lines, positions), key=key, on_click=remember_click, height=height)


def focus_panel(focus: Node, view: View) -> None:
    """Properties, relationships and sources of the focus node."""
    by_id = {n.id: n for n in view.nodes}
    by_id[focus.id] = focus
    knoop = focus.id
    st.subheader(md(focus.naam))
    st.caption(f"{focus.label} · niveau {md(focus.niveau or 'onbekend')}")
    if focus.properties.get("beschrijving"):
        st.markdown(md(focus.properties["beschrijving"]))
    props = [{"eigenschap": k, "waarde": v} for k, v in sorted(focus.properties.items())
             if k not in HIDDEN_PROPERTIES]
    if props:
        table(props, {"eigenschap": "Eigenschap", "waarde": "Waarde"}, f"eigenschappen-{knoop}", "props")
    own = [r for r in view.rels if knoop in (r.start, r.end)]
    st.markdown(f"**Relaties ({len(own)})**")
    rows = [{"relatie": r.type.replace("_", " ").lower(),
             "richting": "→" if r.start == knoop else "←",
             "met": by_id[r.end if r.start == knoop else r.start].naam,
             "soort": by_id[r.end if r.start == knoop else r.start].label} for r in own]
    table(rows, {"richting": "", "relatie": "Relatie", "met": "Met", "soort": "Soort"},
          f"relaties-{knoop}", "rels", height=260)
    st.markdown("**Bronnen van de knoop**")
    table(data.query("bronnen", id=knoop), SOURCE_COLUMNS, f"bronnen-{knoop}", "knoop_bronnen")
    if own:
        st.markdown("**Bronnen van een relatie**")
        relationship_sources(own, by_id, "focus")
