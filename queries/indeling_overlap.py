"""indeling-overlap(soort_a, soort_b): where two regional divisions do not line up.

A regio's gemeenten are the gemeenten lying in it (LIGT_IN, also through a sub-regio). Two
kinds of rows, `soort`:

- `paar`: a regio A of `soort_a` and a regio B of `soort_b` that share at least one gemeente
  while neither holds all gemeenten of the other (so they cut through each other). Columns
  `a`, `a_naam`, `b`, `b_naam`, `gedeelde_gemeenten`, `alleen_in_a`, `alleen_in_b` (names).
  For one soort twice, every unordered pair of distinct regio's.
- `gemeente`: a gemeente that sits apart from its neighbours. For a regio X of one of the two
  kinds (`binnen`, `binnen_soort`), count for each regio of the other kind how many of X's
  gemeenten lie in it; the regio's with the highest count are X's `meerderheid`. A gemeente of
  X sits apart when none of its regio's of the other kind (`eigen`) is in that majority. Both
  directions are checked (soort_a within soort_b and soort_b within soort_a); a gemeente
  without a regio of the other kind is not compared.

`bronnen`: the LIGT_IN facts behind the row (the shared gemeenten in A and in B; the gemeente in
X and in its own regio). Pair rows come first (by a_naam, b_naam), then gemeente rows (by
gemeente_naam, binnen_soort, binnen_naam).
"""
from __future__ import annotations

from graph.errors import QueryError
from graph.model import Node
from queries import NamedQuery, Param, register
from queries.gemeente_profiel import regions_by_gemeente

COLUMNS = ("soort", "a", "a_naam", "b", "b_naam", "gedeelde_gemeenten", "alleen_in_a", "alleen_in_b",
           "gemeente", "gemeente_naam", "binnen", "binnen_naam", "binnen_soort", "eigen", "eigen_naam",
           "meerderheid", "uitleg", "bronnen")


def _empty() -> dict:
    return {c: ([] if c in ("gedeelde_gemeenten", "alleen_in_a", "alleen_in_b", "meerderheid", "bronnen") else "")
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


def apart_rows(by_id: dict, members: dict[str, set[str]], chains: dict, soort_x: str, regios_x: list[str],
               regios_y: list[str]) -> list[dict]:
    """Gemeenten whose regio of the other kind is not the majority's within their regio X."""
    ys = set(regios_y)
    rows = []
    for x in regios_x:
        own = {g: sorted(r for r in chains[g] if r in ys) for g in members[x]}
        count: dict[str, int] = {}
        for rs in own.values():
            for r in rs:
                count[r] = count.get(r, 0) + 1
        if not count:
            continue
        top = max(count.values())
        majority = {r for r, c in count.items() if c == top}
        for g, rs in own.items():
            if not rs or majority & set(rs):
                continue
            for y in rs:
                row = _empty()
                names = sorted((by_id[m].naam for m in majority), key=str.lower)
                row.update(soort="gemeente", gemeente=g, gemeente_naam=by_id[g].naam, binnen=x,
                           binnen_naam=by_id[x].naam, binnen_soort=soort_x, eigen=y, eigen_naam=by_id[y].naam,
                           meerderheid=names,
                           uitleg=f"{top} van de {len(members[x])} gemeenten van {by_id[x].naam} liggen in "
                                  f"{' / '.join(names)}; deze gemeente ligt in {by_id[y].naam} "
                                  f"(met {count[y]} van de {len(members[x])})",
                           bronnen=_sources(chains[g][x] + chains[g][y]))
                rows.append(row)
    return rows


def overlap_rows(by_id: dict, chains: dict, soort_a: str, soort_b: str) -> list[dict]:
    """All rows for two kinds of division (pure: nodes by id and gemeente -> regio chains)."""
    members = membership(by_id, chains)
    of = lambda s: sorted(i for i, n in by_id.items() if n.label == "Regio" and n.properties.get("soort") == s)  # noqa: E731
    a, b = of(soort_a), of(soort_b)
    rows = pair_rows(by_id, members, chains, a, b)
    apart = apart_rows(by_id, members, chains, soort_a, a, b)
    if soort_a != soort_b:
        apart += apart_rows(by_id, members, chains, soort_b, b, a)
    apart.sort(key=lambda r: (r["gemeente_naam"].lower(), r["binnen_soort"], r["binnen_naam"].lower(), r["eigen"]))
    return rows + apart


def indeling_overlap(store, p: dict) -> list[dict]:
    """One implementation for both stores, over public GraphStore methods only."""
    def build():
        by_id = {n.id: n for n in store.nodes()}
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
                "gemeente die apart ligt: binnen haar regio van de ene soort ligt de meerderheid van de gemeenten "
                "in een andere regio van de andere soort dan zij (soort 'gemeente'). Met de bronnen van de ligging.",
    params=(Param("soort_a", "eerste soort regio (bijv. jeugdregio)"),
            Param("soort_b", "tweede soort regio (bijv. ggd-regio)")),
    columns=COLUMNS,
    memory=indeling_overlap,
    neo4j=indeling_overlap,
    examples=({"soort_a": "jeugdregio", "soort_b": "ggd-regio"},),
))
