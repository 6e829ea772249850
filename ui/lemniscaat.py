"""The kennislemniscaat figure: a figure eight drawn as inline SVG (no remote resources).

The left loop is the local/regional cycle, the right loop the national one; the curve is a
lemniscate of Bernoulli. Walking the eight: fase 1 (lower left, lokaal) crosses upwards to
fase 2 (upper right, landelijk) — that crossing is *optillen* (lokaal->landelijk) — then round
the right loop to fase 3 (lower right), back across to fase 4 (upper left) — *vertalen*
(landelijk->lokaal) — and round the left loop to fase 1 again. Actors sit on the phases they
contribute to (DRAAGT_BIJ_AAN); explicit flows (KENNISSTROOM) are drawn from their source
actor in one loop through the crossing to the target actor in the other.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape
from textwrap import wrap

from graph.model import GROUP_LABEL, Node, Relationship
from graph.store import GraphStore
from queries.groups import applies_to_members
from ui.filters import scope

WIDTH, HEIGHT = 960, 630
CX, CY, A, K = 480, 280, 390, 1.45  # centre, half width, vertical stretch
LOCAL, NATIONAL = "#2a9d8f", "#e76f51"
FLOW_COLOURS = {"lokaal->landelijk": "#01689b", "landelijk->lokaal": "#7b2d8e", "horizontaal": "#8d99ae",
                "wederzijds": "#2b9348"}
FLOW_WORDS = {"lokaal->landelijk": "optillen (lokaal → landelijk)",
              "landelijk->lokaal": "vertalen (landelijk → lokaal)",
              "horizontaal": "horizontaal (binnen één cyclus)",
              "wederzijds": "wederzijds (beide kanten op)"}
AARD_WORDS = {"beschreven": "beschreven (de bron zegt dat het gebeurt)",
              "aanbevolen": "aanbevolen (de bron raadt het aan)"}
RECOMMENDED = "#9c6500"
# parameter t of each phase on the curve (see the module docstring)
PHASE_T = {1: 5 * math.pi / 4, 2: 7 * math.pi / 4, 3: math.pi / 4, 4: 3 * math.pi / 4}
SIDE = {"lokaal": "lokaal", "regionaal": "lokaal", "landelijk": "landelijk", "internationaal": "landelijk"}
# Under (or above) a phase: at most this many lines of contributors, the last one "… en N meer"
# when more contribute (at national scale a phase has a hundred), each cut to LINE_CHARS
# characters: the two phases on one side of the eight are 368 units apart.
ACTOR_LINES = 6
LINE_CHARS = 50
FLOW_NAME_CHARS = 40  # a flow's actor beside its loop
HEADER = 52  # the figure's two header lines end here; the phases' labels start below
NAME_STEP, LINE_STEP = 16, 15  # line heights of a phase's name and of its contributors


@dataclass
class Fase:
    id: str
    naam: str
    volgorde: int
    kant: str
    tips: list[str]
    actors: list[tuple[str, str, str, bool]] = field(default_factory=list)  # (naam, rol, aard, is_group)
    node: Node | None = None
    interpretatie: str = ""  # why the phase sits on this loop: our reading, not a sentence of the source
    roles: list[Relationship] = field(default_factory=list)


@dataclass
class Flow:
    van: Node
    naar: Node
    richting: str
    kennisbron: str
    rel: Relationship


def point(t: float) -> tuple[float, float]:
    """A point of the eight, in SVG coordinates."""
    d = 1 + math.sin(t) ** 2
    return CX + A * math.cos(t) / d, CY + K * A * math.sin(t) * math.cos(t) / d


def groups_of(rels: list[Relationship], ids: set[str]) -> set[str]:
    """The Actorgroep nodes the given actors belong to (HOORT_BIJ, stated or derived)."""
    return {r.end for r in rels if r.type == "HOORT_BIJ" and r.start in ids}


def lemniscaat_data(nodes: list[Node], rels: list[Relationship], regio: str | None = None,
                    thema: str | None = None, gemeente: str | None = None) -> tuple[list[Fase], list[Flow]]:
    """The phases with their tips and contributing actors and groups, and the explicit flows,
    within the regio/thema filter (the scope of the Netwerk filters) and the gemeente filter (the
    gemeente and the groups it belongs to). Actors in the scope bring their groups along."""
    by_id = {n.id: n for n in nodes}
    keep = scope(rels, regio, thema)
    brought: set[str] = set()  # groups in scope only through a member: their `enkele` facts stay out
    if keep is not None:
        brought = groups_of(rels, keep) - keep
        keep = keep | brought
    if gemeente:
        mine = groups_of(rels, {gemeente})
        brought |= mine
        own = {gemeente} | mine
        keep = own if keep is None else keep & own

    def relevant(i: str, fact: Relationship) -> bool:
        """In scope, and not a group fact about some members only reaching a member (queries/groups.py)."""
        return (keep is None or i in keep) and (i not in brought or applies_to_members(fact))

    fases = {n.id: Fase(n.id, n.naam, int(n.properties.get("volgorde", 0)), n.properties.get("kant", n.niveau),
                        list(n.properties.get("tips", [])), node=n,
                        interpretatie=n.properties.get("kant_interpretatie", ""))
             for n in nodes if n.label == "Fase"}
    for r in rels:
        if r.type == "DRAAGT_BIJ_AAN" and r.end in fases and relevant(r.start, r):
            start = by_id[r.start]
            fases[r.end].actors.append((start.naam, r.properties.get("rol", ""), r.properties.get("aard", ""),
                                        start.label == GROUP_LABEL))
            fases[r.end].roles.append(r)
    for f in fases.values():
        f.actors.sort()
    flows = [Flow(by_id[r.start], by_id[r.end], r.properties.get("richting", "horizontaal"),
                  r.properties.get("kennisbron", ""), r)
             for r in rels if r.type == "KENNISSTROOM" and (relevant(r.start, r) or relevant(r.end, r))]
    flows.sort(key=lambda f: (f.richting, f.van.naam, f.naar.naam))
    return sorted(fases.values(), key=lambda f: f.volgorde), flows


def _curve(t0: float, t1: float, steps: int = 120) -> str:
    pts = [point(t0 + (t1 - t0) * i / steps) for i in range(steps + 1)]
    return "M " + " L ".join(f"{x:.1f} {y:.1f}" for x, y in pts)


def _arrow_at(t: float, colour: str, size: float = 9) -> str:
    """A small arrowhead on the curve at t, pointing along increasing t."""
    (x0, y0), (x1, y1) = point(t - 0.01), point(t + 0.01)
    ang = math.atan2(y1 - y0, x1 - x0)
    x, y = point(t)
    pts = [(x + size * math.cos(ang), y + size * math.sin(ang)),
           (x + size * math.cos(ang + 2.5), y + size * math.sin(ang + 2.5)),
           (x + size * math.cos(ang - 2.5), y + size * math.sin(ang - 2.5))]
    return f'<polygon points="{" ".join(f"{a:.1f},{b:.1f}" for a, b in pts)}" fill="{colour}"/>'


def _text(x: float, y: float, lines: list[str], anchor: str = "middle", size: int = 13,
          weight: str = "normal", colour: str = "#1a1a1a", line_height: float = 1.25, italic: bool = False) -> str:
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else size * line_height:.1f}">{escape(s)}</tspan>'
                    for i, s in enumerate(lines))
    style = ' font-style="italic"' if italic else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" font-weight="{weight}" '
            f'fill="{colour}"{style}>{spans}</text>')


def flow_counts(flows: list["Flow"]) -> dict[str, int]:
    """Number of flows per direction (every direction listed, also when zero)."""
    counts = {r: 0 for r in FLOW_COLOURS}
    for f in flows:
        counts[f.richting] = counts.get(f.richting, 0) + 1
    return counts


def actor_line(naam: str, rol: str, aard: str, is_group: bool) -> str:
    """One contributor under a phase: ● described, ○ recommended; groups marked as such."""
    mark = "●" if aard == "beschreven" else "○"
    who = f"{naam} (groep)" if is_group else naam
    return f"{mark} {who}" + (f": {rol}" if rol else "")


def _side(n: Node) -> str:
    return SIDE.get(n.niveau, "lokaal")


def _cut(line: str, chars: int = LINE_CHARS) -> str:
    return line if len(line) <= chars else line[:chars - 1].rstrip() + "…"


@dataclass
class PhaseLabel:
    """The text beside one phase: its name, then who contributes (● described, ○ recommended),
    placed above the phase's circle for the upper phases and below it for the lower ones."""

    fase: Fase
    x: float
    y: float  # the phase's circle, in the figure's own coordinates
    name_lines: list[str]
    described: list[str]
    recommended: list[str]

    @property
    def upper(self) -> bool:
        return self.y < CY

    @property
    def height(self) -> float:
        return len(self.name_lines) * NAME_STEP + (len(self.described) + len(self.recommended)) * LINE_STEP

    @property
    def top(self) -> float:
        """The first line's baseline, in the figure's own coordinates."""
        return self.y - 30 - self.height + 12 if self.upper else self.y + 40


def phase_labels(fases: list[Fase]) -> list[PhaseLabel]:
    """The label of every phase that has a place on the eight: at most ACTOR_LINES contributors
    (described ones first, recommended ones keep at least two lines when there are that many),
    the rest counted."""
    out = []
    for f in fases:
        t = PHASE_T.get(f.volgorde)
        if t is None:
            continue
        x, y = point(t)
        name_lines = wrap(f.naam, 34)[:3]
        if f.interpretatie:
            name_lines.append(f"({'lokale' if SIDE.get(f.kant) == 'lokaal' else 'landelijke'} lus: onze lezing)")
        described = [a for a in f.actors if a[2] == "beschreven"]
        recommended = [a for a in f.actors if a[2] != "beschreven"]
        room = ACTOR_LINES if len(f.actors) <= ACTOR_LINES else ACTOR_LINES - 1  # the last: "… en N meer"
        n_desc = min(len(described), room - min(len(recommended), 2))
        n_rec = min(len(recommended), room - n_desc)
        shown_d = [_cut(actor_line(*a)) for a in described[:n_desc]]
        shown_r = [_cut(actor_line(*a)) for a in recommended[:n_rec]]
        more = len(f.actors) - len(shown_d) - len(shown_r)
        if more > 0:
            shown_r.append(f"… en {more} meer")
        if not f.actors:
            shown_d = ["geen actoren in de bronnen"]
        out.append(PhaseLabel(f, x, y, name_lines, shown_d, shown_r))
    return out


def layout(labels: list[PhaseLabel]) -> tuple[float, float]:
    """(shift, height): how far the eight moves down so that the upper labels start below the
    header, and the figure's height so that the lower labels end above the legend."""
    shift = max([0.0] + [HEADER + 14 - lab.top for lab in labels if lab.upper])
    bottom = max([CY + 0.75 * A] + [lab.top + lab.height for lab in labels if not lab.upper])
    return shift, max(float(HEIGHT), shift + bottom + 34)


def svg_height(svg: str) -> int:
    """The height of a figure made by lemniscaat_svg (its viewBox), for the frame around it."""
    return math.ceil(float(svg.split('viewBox="0 0 ', 1)[1].split('"', 1)[0].split()[1]))


def lemniscaat_svg(fases: list[Fase], flows: list[Flow]) -> str:
    """The figure eight with phases, actors and flows, as a standalone <svg> element: a header,
    the eight with its labels (moved down as far as the upper labels need), a legend."""
    labels = phase_labels(fases)
    shift, height = layout(labels)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" width="100%" '
           f'role="img" aria-label="Kennislemniscaat: lokale en landelijke kenniscyclus" '
           f'style="max-width:{WIDTH}px;font-family:system-ui,-apple-system,Segoe UI,sans-serif">',
           '<defs>']
    for richting, colour in FLOW_COLOURS.items():
        mid = richting.replace("->", "-")
        out.append(f'<marker id="pijl-{mid}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
                   f'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
                   f'fill="{colour}"/></marker>')
    out.append('</defs>')
    out.append(f'<g transform="translate(0 {shift:.1f})">')
    # the two loops: left = lokaal/regionaal (t in [pi/2, 3pi/2]), right = landelijk
    out.append(f'<path d="{_curve(math.pi / 2, 3 * math.pi / 2)}" fill="{LOCAL}" fill-opacity="0.07" '
               f'stroke="{LOCAL}" stroke-width="7" stroke-linecap="round"/>')
    out.append(f'<path d="{_curve(-math.pi / 2, math.pi / 2)}" fill="{NATIONAL}" fill-opacity="0.07" '
               f'stroke="{NATIONAL}" stroke-width="7" stroke-linecap="round"/>')
    for t, colour in ((math.pi, LOCAL), (0.0, NATIONAL), (math.pi * 0.62, LOCAL), (math.pi * 1.38, LOCAL),
                      (math.pi * 1.62, NATIONAL), (math.pi * 0.38, NATIONAL)):
        out.append(_arrow_at(t, colour))
    out.append(_text(CX - 0.58 * A, CY - 78, ["LOKAAL / REGIONAAL"], size=15, weight="700", colour=LOCAL))
    out.append(_text(CX + 0.58 * A, CY - 78, ["LANDELIJK"], size=15, weight="700", colour=NATIONAL))
    # the crossing: optillen and vertalen
    # the header and the legend (outside the eight's shift): the two crossings and the flows
    outside = []
    ly = height - 14
    for x0, richting, words in ((CX - 330, "lokaal->landelijk", "optillen: lokaal → landelijk (van 1 naar 2)"),
                                (CX + 40, "landelijk->lokaal", "vertalen: landelijk → lokaal (van 3 naar 4)")):
        colour = FLOW_COLOURS[richting]
        mid = richting.replace("->", "-")
        outside.append(f'<line x1="{x0}" y1="{ly - 4:.1f}" x2="{x0 + 34}" y2="{ly - 4:.1f}" '
                      f'stroke="{colour}" stroke-width="2.5" stroke-dasharray="6 3" marker-end="url(#pijl-{mid})"/>')
        outside.append(_text(x0 + 42, ly, [words], anchor="start", size=13, weight="600", colour=colour))
    counted = flow_counts(flows)
    outside.append(_text(CX, 22, ["Stromen uit de bronnen: " + " · ".join(
        f"{FLOW_WORDS[r].split(' (')[0]} {n}" for r, n in counted.items())], size=13, weight="600"))
    outside.append(_text(CX, 40, ["● beschreven: de bron zegt dat het gebeurt   "
                                  "○ aanbevolen: de bron raadt het aan"], size=12, colour=RECOMMENDED, italic=True))
    # phases
    for lab in labels:
        f, x, y = lab.fase, lab.x, lab.y
        colour = LOCAL if SIDE.get(f.kant, "lokaal") == "lokaal" else NATIONAL
        tips = "\n".join(f"• {tip}" for tip in f.tips)
        lus = f"\nLus ({f.kant}): {f.interpretatie}" if f.interpretatie else ""
        out.append(f'<g><title>{escape(f.naam)}{escape(lus)}\n{escape(tips)}</title>'
                   f'<circle cx="{x:.1f}" cy="{y:.1f}" r="19" fill="#ffffff" stroke="{colour}" stroke-width="4"/>'
                   + _text(x, y + 6, [str(f.volgorde)], size=17, weight="700", colour=colour) + '</g>')
        y0 = lab.top
        out.append(_text(x, y0, lab.name_lines, size=13, weight="600"))
        y1 = y0 + len(lab.name_lines) * NAME_STEP
        if lab.described:
            out.append(_text(x, y1, lab.described, size=12, colour="#5b6570" if not f.actors else "#1a1a1a"))
        if lab.recommended:
            out.append(_text(x, y1 + len(lab.described) * LINE_STEP, lab.recommended, size=12, colour=RECOMMENDED,
                             italic=True))
    # explicit flows: from the source actor in its loop through the crossing to the target
    places: dict[str, tuple[float, float]] = {}
    counts = {"lokaal": 0, "landelijk": 0}
    drawn = 0
    for fl in flows:
        ends = []
        for n in (fl.van, fl.naar):
            if n.id not in places:
                side = _side(n)
                i = counts[side]
                counts[side] += 1
                if i >= 6:
                    places[n.id] = (-1, -1)
                else:
                    px = CX - 0.5 * A if side == "lokaal" else CX + 0.5 * A
                    places[n.id] = (px, CY - 40 + i * 26)
                    anchor = "end" if side == "lokaal" else "start"
                    dx = -10 if side == "lokaal" else 10
                    out.append(f'<circle cx="{px:.1f}" cy="{CY - 40 + i * 26:.1f}" r="5" fill="#ffffff" '
                               f'stroke="#1a1a1a" stroke-width="1.5"/>')
                    # (cut: a long name beside the right loop ran off the figure)
                    out.append(_text(px + dx, CY - 40 + i * 26 + 4, [_cut(n.naam, FLOW_NAME_CHARS)], anchor=anchor,
                                     size=12))
            ends.append(places[n.id])
        if (-1, -1) in ends:
            continue
        (x1, y1), (x2, y2) = ends
        colour = FLOW_COLOURS.get(fl.richting, "#8d99ae")
        mid = fl.richting.replace("->", "-")
        if abs(x1 - x2) < 1:  # same side: a bow inside the loop
            d = f"M {x1:.1f} {y1:.1f} C {x1 + 60:.1f} {y1:.1f}, {x2 + 60:.1f} {y2:.1f}, {x2:.1f} {y2:.1f}"
        else:
            d = (f"M {x1:.1f} {y1:.1f} C {CX - (CX - x1) * 0.35:.1f} {CY:.1f}, "
                 f"{CX + (x2 - CX) * 0.35:.1f} {CY:.1f}, {x2:.1f} {y2:.1f}")
        label = f"{fl.van.naam} → {fl.naar.naam}: {FLOW_WORDS.get(fl.richting, fl.richting)}"
        out.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2.5" '
                   f'stroke-dasharray="6 3" marker-end="url(#pijl-{mid})"><title>{escape(label)}</title></path>')
        drawn += 1
    if not flows:
        out.append(_text(CX, CY + 45, ["geen expliciete kennisstromen", "bij dit filter"], size=12,
                         colour="#5b6570"))
    out.append('</g>')
    out += outside
    out.append('</svg>')
    return "".join(out)


def lemniscaat_page(svg: str) -> str:
    """The figure as a small standalone HTML page (for st.iframe: SVG tooltips keep working)."""
    return ('<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><style>html,body{margin:0;padding:0;'
            'background:#fff}svg{display:block;margin:0 auto;width:100%;height:auto}</style>'
            f'</head><body data-figuur="lemniscaat">{svg}</body></html>')


def lemniscaat_view(store: GraphStore, regio: str | None = None, thema: str | None = None,
                    gemeente: str | None = None) -> tuple[list[Fase], list[Flow]]:
    """`lemniscaat_data` on what it needs only: the phases, the DRAAGT_BIJ_AAN, KENNISSTROOM and
    HOORT_BIJ relationships, and for a regio or thema filter the relationships around its core
    (so `scope` keeps the same ids as on the whole graph), with the nodes at their ends."""
    rels = {r.key: r for r in store.facts(["DRAAGT_BIJ_AAN", "KENNISSTROOM", "HOORT_BIJ"])}
    if regio:
        core = {regio} | set(store.members([regio]).get(regio, ()))
        core |= {r.start for r in store.facts(["ACTIEF_IN"], around=[regio]) if r.end == regio}
        rels.update((r.key, r) for r in store.facts(around=core))
    if thema:
        treats = [r for r in store.facts(["BEHANDELT"], around=[thema]) if r.end == thema]
        rels.update((r.key, r) for r in treats)
        rels.update((r.key, r) for r in store.facts(around={r.start for r in treats}))
    wanted = [r for r in rels.values() if r.type in ("DRAAGT_BIJ_AAN", "KENNISSTROOM")]
    nodes = {n.id: n for n in store.nodes("Fase")}
    nodes.update((n.id, n) for n in store.nodes(ids={r.start for r in wanted} | {r.end for r in wanted}))
    return lemniscaat_data(list(nodes.values()), sorted(rels.values(), key=lambda r: r.key), regio, thema, gemeente)
