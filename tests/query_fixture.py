"""A dozen-node fixture graph for the named queries; expected answers are worked out by hand
in tests/test_queries.py.

    Regio Noord (provincie) ── A-dorp, B-dorp lie in it; Werkplaats Noord is active in it
    Jeugdregio Midden        ── A-dorp lies in it too (overlapping divisions)
    Regio Zuid (provincie)   ── C-dorp lies in it, tied to nobody

    A-dorp ─NEEMT_DEEL_AAN→ Werkplaats Noord ←NEEMT_DEEL_AAN─ B-dorp
    Instituut X ─ONDERSTEUNT→ Werkplaats Noord ─KENNISSTROOM(lokaal->landelijk)→ Instituut X
    Instituut Y ─WERKT_SAMEN_MET→ Instituut X;  Instituut Y ─NEEMT_DEEL_AAN→ Programma P
    themes: X and the werkplaats treat jeugd; P treats schulden; publication Woonrapport (by Y)
    treats wonen; B-dorp treats armoede. X contributes to fase 2; nobody to fase 1.
"""
from __future__ import annotations

from graph.model import Dataset, Node, Relationship, Source
from loaders.validate import derive_noemt


def src(line: int, note: str = "fixture") -> tuple[Source, ...]:
    return (Source("pub-mini", "mini.txt", (line, line), note),)


def node(i, label, naam, niveau, line, **props):
    return Node(i, label, {"naam": naam, "niveau": niveau, **props}, src(line, f"over {naam}"))


def rel(t, a, b, line, **props):
    return Relationship(t, a, b, props, src(line, f"{a} {t} {b}"))


def mini() -> Dataset:
    nodes = [
        node("pub-mini", "Publicatie", "Mini", "landelijk", 1, bestand="mini.txt"),
        node("regio-noord", "Regio", "Regio Noord", "regionaal", 2, soort="provincie"),
        node("regio-zuid", "Regio", "Regio Zuid", "regionaal", 3, soort="provincie"),
        node("regio-midden", "Regio", "Jeugdregio Midden", "regionaal", 4, soort="jeugdregio"),
        node("gm-a", "Gemeente", "A-dorp", "lokaal", 5),
        node("gm-b", "Gemeente", "B-dorp", "lokaal", 6),
        node("gm-c", "Gemeente", "C-dorp", "lokaal", 7),
        node("werkplaats-noord", "Werkplaats", "Werkplaats Noord", "regionaal", 8, aliassen=["WPN"]),
        node("instituut-x", "Instituut", "Instituut X", "landelijk", 9),
        node("instituut-y", "Instituut", "Instituut Y", "landelijk", 10),
        node("programma-p", "Programma", "Programma P", "landelijk", 11),
        node("pub-woon", "Publicatie", "Woonrapport", "landelijk", 12),
        node("thema-jeugd", "Thema", "jeugd", "landelijk", 13),
        node("thema-wonen", "Thema", "wonen", "landelijk", 14),
        node("thema-schulden", "Thema", "schulden", "landelijk", 15),
        node("thema-armoede", "Thema", "armoede", "landelijk", 16),
        node("fase-1", "Fase", "Explicitering", "lokaal", 17, volgorde=1),
        node("fase-2", "Fase", "Analyseren", "landelijk", 18, volgorde=2),
    ]
    rels = [
        rel("LIGT_IN", "gm-a", "regio-noord", 20), rel("LIGT_IN", "gm-b", "regio-noord", 21),
        rel("LIGT_IN", "gm-a", "regio-midden", 22), rel("LIGT_IN", "gm-c", "regio-zuid", 23),
        rel("ACTIEF_IN", "werkplaats-noord", "regio-noord", 24),
        rel("NEEMT_DEEL_AAN", "gm-a", "werkplaats-noord", 25),
        rel("NEEMT_DEEL_AAN", "gm-b", "werkplaats-noord", 26),
        rel("ONDERSTEUNT", "instituut-x", "werkplaats-noord", 27),
        rel("KENNISSTROOM", "werkplaats-noord", "instituut-x", 28, richting="lokaal->landelijk"),
        rel("WERKT_SAMEN_MET", "instituut-y", "instituut-x", 29),
        rel("NEEMT_DEEL_AAN", "instituut-y", "programma-p", 30),
        rel("BEHANDELT", "programma-p", "thema-schulden", 31),
        rel("BEHANDELT", "instituut-x", "thema-jeugd", 32),
        rel("BEHANDELT", "werkplaats-noord", "thema-jeugd", 33),
        rel("BEHANDELT", "pub-woon", "thema-wonen", 34),
        rel("UITGEGEVEN_DOOR", "pub-woon", "instituut-y", 35),
        rel("BEHANDELT", "gm-b", "thema-armoede", 36),
        rel("DRAAGT_BIJ_AAN", "instituut-x", "fase-2", 37, rol="analyseert"),
    ]
    ds = Dataset({n.id: n for n in nodes}, rels)
    ds.relationships.extend(derive_noemt(ds))
    return ds


def derived(rule: str) -> tuple[Source, ...]:
    return (Source(f"regel:{rule}", None, None, f"Afgeleid: regel {rule}."),)


def mini_groups() -> Dataset:
    """mini() plus actor groups; expected answers worked out in tests/test_queries_groups.py.

        gemeenten (lokaal)             ── A-dorp, B-dorp, C-dorp belong to it (derived, rule gemeente)
        landelijke instituten          ── Instituut Y belongs to it (stated, line 45)
        hogescholen                    ── Programma P belongs to it (stated); no tie at all
        landelijke instituten ─KENNISSTROOM(landelijk->lokaal)→ gemeenten       (line 46)
        gemeenten ─KENNISSTROOM(horizontaal)→ gemeenten                         (line 47)
        gemeenten ─DRAAGT_BIJ_AAN(aanbevolen)→ fase 1                            (line 48)
    """
    ds = mini()
    for n in (node("groep-gemeenten", "Actorgroep", "gemeenten", "lokaal", 40, soort="gemeenten"),
              node("groep-instituten", "Actorgroep", "landelijke instituten", "landelijk", 41, soort="instituten"),
              node("groep-leeg", "Actorgroep", "hogescholen", "landelijk", 42, soort="hogescholen")):
        ds.nodes[n.id] = n
    noemt = [r for r in ds.relationships if r.type == "NOEMT"]
    rels = [r for r in ds.relationships if r.type != "NOEMT"]
    rels += [Relationship("HOORT_BIJ", g, "groep-gemeenten", {}, derived("gemeente")) for g in ("gm-a", "gm-b", "gm-c")]
    rels += [rel("HOORT_BIJ", "instituut-y", "groep-instituten", 45),
             rel("HOORT_BIJ", "programma-p", "groep-leeg", 44),
             rel("KENNISSTROOM", "groep-instituten", "groep-gemeenten", 46, richting="landelijk->lokaal"),
             rel("KENNISSTROOM", "groep-gemeenten", "groep-gemeenten", 47, richting="horizontaal"),
             rel("DRAAGT_BIJ_AAN", "groep-gemeenten", "fase-1", 48, rol="deelt", aard="aanbevolen")]
    ds = Dataset(ds.nodes, rels)
    ds.relationships.extend(derive_noemt(ds))
    assert len(noemt) <= len([r for r in ds.relationships if r.type == "NOEMT"])
    return ds
