"""The overlap heatmap: a coloured HTML table (no matplotlib needed), colours computed here."""
from __future__ import annotations

from html import escape


# The Overlap page's tabs (?deel=<label>): where two divisions do not line up, the overlap within
# one kind of regio, two regio's compared
TABS = {"indelingen": "Waar indelingen niet samenvallen", "soort": "Overlap binnen één soort regio",
        "paar": "Twee regio's vergelijken"}


def colour(value: float) -> str:
    """White (0) to Rijksoverheid-blue (1)."""
    v = max(0.0, min(1.0, value))
    start, end = (255, 255, 255), (1, 104, 155)
    r, g, b = (round(s + (e - s) * v ** 0.7) for s, e in zip(start, end))
    return f"#{r:02x}{g:02x}{b:02x}"


def matrix_rows(rows: list[dict]) -> list[dict]:
    """Only the pairs that share something, most overlap first."""
    return [r for r in rows if r["jaccard"] > 0]


def heatmap_html(names: list[str], rows: list[dict]) -> str:
    """A symmetric matrix of the Jaccard overlap; hover a cell for what is shared."""
    cells = {}
    for r in rows:
        shared = r["gedeelde_actoren"] + r["gedeelde_themas"] + [f"gemeente {g}" for g in r["gedeelde_gemeenten"]]
        tip = f"{r['a_naam']} – {r['b_naam']}: overlap {r['jaccard']:.2f}"
        if shared:
            tip += "\nGedeeld: " + ", ".join(shared[:12]) + (" …" if len(shared) > 12 else "")
        cells[(r["a_naam"], r["b_naam"])] = cells[(r["b_naam"], r["a_naam"])] = (r["jaccard"], tip)
    top = max((v for v, _ in cells.values()), default=0.0) or 1.0
    head = "".join(f'<th class="col"><div>{escape(n)}</div></th>' for n in names)
    body = []
    for a in names:
        tds = []
        for b in names:
            if a == b:
                tds.append('<td class="diag"></td>')
                continue
            v, tip = cells.get((a, b), (0.0, f"{a} – {b}: geen overlap"))
            fg = "#ffffff" if v / top > 0.55 else "#1a1a1a"
            tds.append(f'<td title="{escape(tip)}" style="background:{colour(v / top)};color:{fg}">'
                       f'{"" if v == 0 else f"{v:.2f}"}</td>')
        body.append(f'<tr><th class="row">{escape(a)}</th>{"".join(tds)}</tr>')
    style = ("<style>.ovl{border-collapse:collapse;font-size:13px;font-family:system-ui,sans-serif}"
             ".ovl td{width:52px;height:30px;text-align:center;border:1px solid #e3e6ea}"
             ".ovl td.diag{background:#f3f6f8}.ovl th.row{text-align:right;padding-right:8px;font-weight:500;"
             "white-space:nowrap}.ovl th.col{height:110px;vertical-align:bottom;font-weight:500}"
             ".ovl th.col div{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;margin:auto}"
             ".ovl-legend{font-size:12px;color:#5b6570;margin-top:6px}</style>")
    legend = ('<div class="ovl-legend">Kleur: wit = geen overlap, donkerblauw = de grootste overlap in deze '
              f'tabel ({top:.2f}). Beweeg over een vakje voor wat gedeeld wordt.</div>')
    return (f'{style}<div style="overflow-x:auto"><table class="ovl"><thead><tr><th></th>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>{legend}')


# -- indeling-overlap: where two divisions do not line up ----------------------------------
APART = "ligt apart van haar buren"
CUT = "gedeeld door regio's die elkaar snijden"
ALIGNED = "valt samen"


def indeling_matrix(rows: list[dict]) -> tuple[list[str], list[str], dict[tuple[str, str], int]]:
    """(regio's A, regio's B, (a_naam, b_naam) -> number of shared gemeenten) for the pairs of
    indeling-overlap that cut through each other; only regio's in such a pair."""
    pairs = [r for r in rows if r["soort"] == "paar"]
    cells = {(r["a_naam"], r["b_naam"]): len(r["gedeelde_gemeenten"]) for r in pairs}
    a = sorted({r["a_naam"] for r in pairs}, key=str.lower)
    b = sorted({r["b_naam"] for r in pairs}, key=str.lower)
    return a, b, cells


def indeling_categories(rows: list[dict], gemeenten: dict[str, str]) -> dict[str, str]:
    """gemeente id -> map category: apart from its neighbours, shared by two regio's that cut
    through each other, or lined up. `gemeenten` maps naam -> id (pair rows give names)."""
    out = {gid: ALIGNED for gid in gemeenten.values()}
    for r in rows:
        if r["soort"] == "paar":
            for naam in r["gedeelde_gemeenten"]:
                if naam in gemeenten:
                    out[gemeenten[naam]] = CUT
    for r in rows:
        if r["soort"] == "gemeente":
            out[r["gemeente"]] = APART
    return out
