"""A synthetic national-scale dataset in the import format (knopen.csv, relaties.csv).

Scale 1 is roughly the real landscape: 342 gemeenten, ~300 regio's, 2,000 institutes,
50,000 publications, ~500,000 relationships. The mix follows the seed graph: the same labels
and relationship types, institutes mostly regionaal with a landelijk core, publications that
are issued by institutes, treat themes and cite each other (a few are cited very often), and
every fact carries a `bron`. Deterministic for a given seed. The seed's Fase, Kennisbron and
Grootteklasse nodes are referred to by id, so the output loads on top of the seed.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

REGIO_KINDS = (("provincie", 12), ("ggd-regio", 25), ("jeugdregio", 42), ("arbeidsmarktregio", 35),
               ("veiligheidsregio", 25), ("samenwerkingsregio", 161))
NIVEAU_MIX = (("landelijk", 0.12), ("regionaal", 0.58), ("lokaal", 0.25), ("internationaal", 0.05))
INSTITUUT_SOORTEN = ("kennisinstituut", "hogeschool", "universiteit", "adviesbureau", "koepel", "fonds",
                     "planbureau", "brancheorganisatie")
WERKPLAATS_SOORTEN = ("werkplaats-sociaal-domein", "academische-werkplaats", "wmo-werkplaats",
                      "kenniswerkplaats", "datawerkplaats")
FASES = ("fase-1", "fase-2", "fase-3", "fase-4")
KENNISBRONNEN = ("kb-ervaringskennis", "kb-professionele-kennis", "kb-wetenschappelijke-kennis")
GROOTTEKLASSEN = ((25_000, "gk-tot-25k"), (50_000, "gk-25k-50k"), (100_000, "gk-50k-100k"), (None, "gk-100k-plus"))
NODE_HEADER = ("id", "label", "naam", "niveau", "bron", "soort", "inwoners", "jaar", "domein")
REL_HEADER = ("van", "type", "naar", "bron", "richting", "rol", "aard")


def _scaled(n: float, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(n * scale))


def generate(scale: float, seed: int, out: Path) -> dict[str, int]:
    """Write knopen.csv and relaties.csv to `out`; returns the counts written."""
    rng = random.Random(seed)
    bron = f"Synthetische dataset (schaal {scale:g}, zaad {seed})"
    nodes: list[tuple] = []
    rels: list[tuple] = []

    def node(i, label, naam, niveau, **p):
        nodes.append((i, label, naam, niveau, bron, p.get("soort", ""), p.get("inwoners", ""),
                      p.get("jaar", ""), p.get("domein", "")))
        return i

    def rel(a, t, b, **p):
        rels.append((a, t, b, bron, p.get("richting", ""), p.get("rol", ""), p.get("aard", "")))

    def niveau() -> str:
        x, acc = rng.random(), 0.0
        for name, share in NIVEAU_MIX:
            acc += share
            if x < acc:
                return name
        return NIVEAU_MIX[-1][0]

    regios: dict[str, list[str]] = {}
    for kind, n in REGIO_KINDS:
        regios[kind] = [node(f"syn-regio-{kind}-{i:03d}", "Regio", f"Synth {kind} {i:03d}", "regionaal", soort=kind)
                        for i in range(_scaled(n, scale))]
    all_regios = [r for rs in regios.values() for r in rs]
    themas = [node(f"syn-thema-{i:03d}", "Thema", f"Synth-thema {i:03d}", "landelijk",
                   domein=rng.choice(("sociaal", "fysiek", "gezondheid", "bestuur", "data")))
              for i in range(_scaled(200, scale, 5))]
    gemeenten = []
    for i in range(_scaled(342, scale, 3)):
        inwoners = int(rng.lognormvariate(10.4, 0.9))
        g = node(f"syn-gm-{i:04d}", "Gemeente", f"Synth-gemeente {i:04d}", "lokaal", inwoners=inwoners)
        gemeenten.append(g)
        for kind in ("provincie", "ggd-regio", "jeugdregio", "arbeidsmarktregio", "veiligheidsregio"):
            rel(g, "LIGT_IN", rng.choice(regios[kind]))
        if rng.random() < 0.6:
            rel(g, "LIGT_IN", rng.choice(regios["samenwerkingsregio"]))
        rel(g, "IN_GROOTTEKLASSE", next(k for limit, k in GROOTTEKLASSEN if limit is None or inwoners < limit))
    instituten, landelijk = [], []
    for i in range(_scaled(2000, scale, 5)):
        nv = niveau()
        inst = node(f"syn-inst-{i:04d}", "Instituut", f"Synth-instituut {i:04d}", nv,
                    soort=rng.choice(INSTITUUT_SOORTEN))
        instituten.append(inst)
        if nv in ("landelijk", "internationaal"):
            landelijk.append(inst)
        else:
            rel(inst, "ACTIEF_IN", rng.choice(all_regios))
    if not landelijk:
        landelijk.append(instituten[0])
    werkplaatsen = [node(f"syn-wp-{i:03d}", "Werkplaats", f"Synth-werkplaats {i:03d}", "regionaal",
                         soort=rng.choice(WERKPLAATS_SOORTEN)) for i in range(_scaled(150, scale, 2))]
    programmas = [node(f"syn-prog-{i:03d}", "Programma", f"Synth-programma {i:03d}",
                       rng.choice(("landelijk", "regionaal")), soort="programma") for i in range(_scaled(500, scale, 2))]
    for wp in werkplaatsen:
        rel(wp, "ACTIEF_IN", rng.choice(all_regios))
        for g in rng.sample(gemeenten, min(len(gemeenten), rng.randint(3, 12))):
            rel(g, "NEEMT_DEEL_AAN", wp)
        for inst in rng.sample(instituten, min(len(instituten), rng.randint(1, 4))):
            rel(inst, "NEEMT_DEEL_AAN", wp)
        rel(rng.choice(landelijk), "ONDERSTEUNT", wp)
        rel(wp, "KENNISSTROOM", rng.choice(landelijk), richting="lokaal->landelijk")
        for t in rng.sample(themas, min(len(themas), rng.randint(1, 3))):
            rel(wp, "BEHANDELT", t)
    actors = gemeenten + instituten + werkplaatsen + programmas
    for prog in programmas:
        for a in rng.sample(actors, min(len(actors), rng.randint(2, 10))):
            rel(a, "NEEMT_DEEL_AAN", prog)
        for t in rng.sample(themas, min(len(themas), rng.randint(1, 2))):
            rel(prog, "BEHANDELT", t)
    for inst in instituten:
        for t in rng.sample(themas, min(len(themas), rng.randint(1, 4))):
            rel(inst, "BEHANDELT", t)
        for other in rng.sample(instituten, min(len(instituten), rng.randint(0, 4))):
            if other != inst:
                rel(inst, "WERKT_SAMEN_MET", other)
        if rng.random() < 0.2:
            rel(inst, "DRAAGT_BIJ_AAN", rng.choice(FASES), rol="synthetisch", aard="beschreven")
        if rng.random() < 0.2:
            rel(inst, "BENUT", rng.choice(KENNISBRONNEN))
    for g in gemeenten:
        for inst in rng.sample(instituten, min(len(instituten), rng.randint(1, 6))):
            rel(g, "BETREKT_KENNIS_VAN", inst)
        for t in rng.sample(themas, min(len(themas), rng.randint(1, 5))):
            rel(g, "BEHANDELT", t)
        if rng.random() < 0.3:
            rel(rng.choice(landelijk), "KENNISSTROOM", g, richting="landelijk->lokaal")
        if rng.random() < 0.1:
            rel(g, "DRAAGT_BIJ_AAN", rng.choice(("fase-1", "fase-4")), rol="synthetisch", aard="beschreven")
    publishers = instituten + programmas
    n_pubs = _scaled(50_000, scale, 10)
    pubs = []
    for i in range(n_pubs):
        p = node(f"syn-pub-{i:05d}", "Publicatie", f"Synth-publicatie {i:05d}", "landelijk",
                 soort=rng.choice(("rapport", "handreiking", "factsheet", "artikel")), jaar=rng.randint(2010, 2025))
        pubs.append(p)
        for pub in rng.sample(publishers, rng.choice((1, 1, 2))):
            rel(p, "UITGEGEVEN_DOOR", pub)
        for t in rng.sample(themas, min(len(themas), rng.randint(1, 4))):
            rel(p, "BEHANDELT", t)
        if i:
            # preferential citations: older and already-cited publications are cited more
            for _ in range(rng.randint(3, 8)):
                j = int(i * rng.random() ** 2)
                if j != i:
                    rel(p, "VERWIJST_NAAR", pubs[j])
    rels = list(dict.fromkeys(rels))  # a relationship once, as the stores would merge it
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "knopen.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(NODE_HEADER)
        w.writerows(nodes)
    with open(out / "relaties.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(REL_HEADER)
        w.writerows(rels)
    return {"knopen": len(nodes), "relaties": len(rels)}
