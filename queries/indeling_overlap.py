"""indeling-overlap(soort_a, soort_b): where two regional divisions do not line up.

A regio's gemeenten are the gemeenten lying in it (LIGT_IN, also through a sub-regio). Two
kinds of rows, `soort`:

- `paar`: a regio A of `soort_a` and a regio B of `soort_b` that share at least one gemeente
  while neither holds all gemeenten of the other (so they cut through each other). Columns
  `a`, `a_naam`, `b`, `b_naam`, `gedeelde_gemeenten`, `alleen_in_a`, `alleen_in_b` (names).
  For one soort twice, every unordered pair of distinct regio's.
- `gemeente`: a gemeente that sits apart from its neighbours: it lies in the shared part of
  such a pair, and that part is less than half of A and less than half of B. In both divisions
  most of its regio's gemeenten lie outside the other regio: it is grouped with one set of
  neighbours in the one division and with another in the other (Mook en Middelaar: jeugdregio
  Rijk van Nijmegen, GGD-regio Limburg-Noord). A regio lying mostly inside another is a
  subdivision, not a mismatch, and yields no such rows. Columns `gemeente`, `gemeente_naam`,
  the pair (`a`, `a_naam`, `b`, `b_naam`) and its shared part (`gedeelde_gemeenten`).

`bronnen`: the LIGT_IN facts behind the row (the shared gemeenten in A and in B; the gemeente in
A and in B). Pair rows come first (by a_naam, b_naam), then gemeente rows (by
gemeente_naam, a_naam, b_naam).
"""
from __future__ import annotations

from graph.errors import QueryError
from graph.model import Node
from queries import NamedQuery, Param, register
from queries.gemeente_profiel import regions_by_gemeente

COLUMNS = ("soort", "a", "a_naam", "b", "b_naam", "gedeelde_gemeenten", "alleen_in_a", "alleen_in_b",
           "gemeente", "gemeente_naam", "uitleg", "bronnen")


def _empty() -> dict:
    return {c: ([] if c in ("gedeelde_gemeenten", "alleen_in_a", "alleen_in_b", "bronnen") else "")
            for c in COLUMNS}


def _sources(rels) -> list[dict]:
    seen: dict[str, dict] = {}
    for r in rels:
        for s in r.sources:
            d = s.to_dict()
            seen.setdefault(repr(sorted(d.items())), d)
    return [seen[k] for k in sorted(seen)]


def membership(by_id: dict[str, Node], chains: dict[str, dict[str, list]]) -> dict[str, set[str]]:
    """regio id -> ids of the gemeenten lying in it."""
    out: dict[str, set[str]] = {r: set() for r, n in by_id.items() if n.label == "Regio"}
    for g, regios in chains.items():
        for r in regios:
            out.setdefault(r, set()).add(g)
    return out


def pair_rows(by_id: dict, members: dict[str, set[str]], chains: dict, regios_a: list[str],
              regios_b: list[str]) -> list[dict]:
    naam = lambda ids: sorted((by_id[i].naam for i in ids), key=str.lower)  # noqa: E731
    rows = []
    same = regios_a == regios_b
    for i, a in enumerate(regios_a):
        for b in (regios_b[i + 1:] if same else regios_b):
            ga, gb = members[a], members[b]
            shared = ga & gb
            if a == b or not shared or ga <= gb or gb <= ga:
                continue
            row = _empty()
            row.update(soort="paar", a=a, a_naam=by_id[a].naam, b=b, b_naam=by_id[b].naam,
                       gedeelde_gemeenten=naam(shared), alleen_in_a=naam(ga - gb), alleen_in_b=naam(gb - ga),
                       uitleg=f"{len(shared)} gedeelde gemeente(n); {len(ga - gb)} alleen in {by_id[a].naam}, "
                              f"{len(gb - ga)} alleen in {by_id[b].naam}",
                       bronnen=_sources(x for g in sorted(shared) for r in (a, b) for x in chains[g][r]))
            rows.append(row)
    return sorted(rows, key=lambda r: (r["a_naam"].lower(), r["b_naam"].lower(), r["a"], r["b"]))


def apart_rows(by_id: dict, members: dict[str, set[str]], chains: dict, pairs: list[dict]) -> list[dict]:
    """The gemeenten in the shared part of a pair when that part is less than half of both."""
    rows = []
    for p in pairs:
        a, b = members[p["a"]], members[p["b"]]
        shared = a & b
        if not (2 * len(shared) < len(a) and 2 * len(shared) < len(b)):
            continue
        for g in shared:
            row = _empty()
            row.update(soort="gemeente", gemeente=g, gemeente_naam=by_id[g].naam, a=p["a"], a_naam=p["a_naam"],
                       b=p["b"], b_naam=p["b_naam"], gedeelde_gemeenten=p["gedeelde_gemeenten"],
                       uitleg=f"ligt in {p['a_naam']} ({len(a)} gemeenten) en {p['b_naam']} ({len(b)} gemeenten), "
                              f"die maar {len(shared)} gemeente(n) delen",
                       bronnen=_sources(x for r in (p["a"], p["b"]) for x in chains[g][r]))
            rows.append(row)
    return sorted(rows, key=lambda r: (r["gemeente_naam"].lower(), r["a_naam"].lower(), r["b_naam"].lower(),
                                       r["gemeente"]))


def overlap_rows(by_id: dict, chains: dict, soort_a: str, soort_b: str) -> list[dict]:
    """All rows for two kinds of division (pure: nodes by id and gemeente -> regio chains)."""
    members = membership(by_id, chains)
    def of(soort: str) -> list[str]:
        return sorted(i for i, n in by_id.items() if n.label == "Regio" and n.properties.get("soort") == soort)

    a, b = of(soort_a), of(soort_b)
    rows = pair_rows(by_id, members, chains, a, b)
    apart = apart_rows(by_id, members, chains, rows)
    return rows + apart


def indeling_overlap(store, p: dict) -> list[dict]:
    """One implementation for both stores, over public GraphStore methods only."""
    def build():
        # LIGT_IN runs from a gemeente or regio to a regio (graph/model.py): those two labels are
        # all it needs (every node at national scale is 54k over Bolt)
        by_id = {n.id: n for label in ("Gemeente", "Regio") for n in store.nodes(label)}
        return by_id, regions_by_gemeente(by_id, store.relationships("LIGT_IN"))

    by_id, chains = store.cached("indeling_overlap_index", build)
    known = sorted({n.properties.get("soort") for n in by_id.values() if n.label == "Regio"} - {None, ""})
    for key in ("soort_a", "soort_b"):
        if p[key] not in known:
            raise QueryError(f"{key}: onbekende soort regio '{p[key]}'; bekend: {', '.join(known)}")
    return overlap_rows(by_id, chains, p["soort_a"], p["soort_b"])


QUERY = register(NamedQuery(
    name="indeling-overlap",
    title="Waar indelingen niet samenvallen",
    description="Voor twee soorten regio-indeling (bijv. jeugdregio en ggd-regio): elk paar regio's dat gemeenten "
                "deelt terwijl geen van beide de ander omvat (soort 'paar', met de gedeelde gemeenten), en elke "
                "gemeente die apart ligt: ze ligt in het gedeelde deel van zo'n paar en dat deel is minder dan de "
                "helft van beide regio's (soort 'gemeente'). Met de bronnen van de ligging.",
    params=(Param("soort_a", "eerste soort regio (bijv. jeugdregio)"),
            Param("soort_b", "tweede soort regio (bijv. ggd-regio)")),
    columns=COLUMNS,
    run=indeling_overlap,
    examples=({"soort_a": "jeugdregio", "soort_b": "ggd-regio"},),
))
