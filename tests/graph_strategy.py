"""Hypothesis strategy for the cross-store contract suite: valid graphs that stress the rules.

Every generated graph has
- a chain of regio's nested at least six deep (`regio-0` ← `regio-1` ← ... ← `regio-6`, each
  LIGT_IN the one before; the rest nest at random under earlier ones, sometimes twice), so a
  gemeente in the deepest regio lies seven LIGT_IN steps below the top;
- gemeenten lying in one to three regio's (overlapping divisions);
- a cycle of knowledge ties among three actors, besides random ties, flows, themes,
  publications and phases, all following the model's start/end labels;
- names and aliases with accents and non-Latin letters (Greek, Cyrillic, CJK, 'Ø'), some of
  them shared by several nodes (so a lookup by name can be ambiguous);
- actor groups (`Actorgroep`) with memberships (`HOORT_BIJ`), some stated, some derived from a
  rule (`regel:` source), flows with a group at one or both ends (a group with itself too, in
  all four directions incl. wederzijds), ties and phase roles of groups, and sometimes a group
  without any tie (it must not become a route); group facts with `leden: enkele` (about some
  members: never applied to a member, never a route), `leden: alle` or no `leden` (the whole group).
"""
from __future__ import annotations

from hypothesis import strategies as st

from graph.model import RICHTINGEN, Dataset, Node, Relationship, Source
from loaders.validate import derive_noemt

CHAIN_DEPTH = 6
NAMES = ("Ølstykke", "Αθήνα", "Москва", "東京", "Fryslân", "Súdwest-Fryslân", "Zoë", "'s-Hertogenbosch",
         "Ærø", "İzmir", "Ĳsselstein", "Łódź", "Straße", "Noord", "ØØ", "Ελλάδα 2", "Київ", "서울")
SOORTEN = ("provincie", "jeugdregio", "ggd-regio", "corop")
names = st.one_of(st.sampled_from(NAMES),
                  st.text(alphabet="aeéëïØøΑβΓжЖ中文 -'", min_size=1, max_size=10).filter(lambda s: s.strip()))


def _source(i: int, note: str, reference: bool = False) -> tuple[Source, ...]:
    if reference:
        return (Source("pub-gen", None, None, f"referentie: {note}"),)
    return (Source("pub-gen", "gen.txt", (i, i + 1), note),)


@st.composite
def graphs(draw) -> Dataset:
    nodes: dict[str, Node] = {}
    rels: dict[tuple, Relationship] = {}
    line = iter(range(1, 100_000))

    def node(i: str, label: str, niveau: str, **props) -> str:
        props = {"naam": draw(names), "niveau": niveau, **props}
        if draw(st.booleans()):
            props["aliassen"] = [draw(names)]
        nodes[i] = Node(i, label, props, _source(next(line), f"over {i}", reference=draw(st.integers(0, 9)) == 0))
        return i

    def rel(t: str, a: str, b: str, **props) -> None:
        r = Relationship(t, a, b, props, _source(next(line), f"{a} {t} {b}"))
        rels.setdefault(r.key, r)

    node("pub-gen", "Publicatie", "landelijk", bestand="gen.txt")
    n_regio = draw(st.integers(CHAIN_DEPTH + 1, CHAIN_DEPTH + 4))
    regios = [node(f"regio-{i}", "Regio", "regionaal", soort=draw(st.sampled_from(SOORTEN)))
              for i in range(n_regio)]
    for i in range(1, n_regio):
        if i <= CHAIN_DEPTH:
            rel("LIGT_IN", regios[i], regios[i - 1])
        elif draw(st.booleans()):
            rel("LIGT_IN", regios[i], regios[draw(st.integers(0, i - 1))])
        if i > 1 and draw(st.integers(0, 3)) == 0:  # a second parent: a lattice, not a tree
            rel("LIGT_IN", regios[i], regios[draw(st.integers(0, i - 2))])
    gemeenten = [node(f"gm-{i}", "Gemeente", "lokaal") for i in range(draw(st.integers(3, 8)))]
    for g in gemeenten:
        for r in draw(st.lists(st.sampled_from(regios), min_size=1, max_size=3, unique=True)):
            rel("LIGT_IN", g, r)
    werk = [node(f"wp-{i}", "Werkplaats", draw(st.sampled_from(("lokaal", "regionaal"))))
            for i in range(draw(st.integers(1, 3)))]
    inst = [node(f"inst-{i}", "Instituut", draw(st.sampled_from(("landelijk", "internationaal", "regionaal"))))
            for i in range(draw(st.integers(2, 4)))]
    prog = [node(f"prog-{i}", "Programma", "landelijk") for i in range(draw(st.integers(1, 2)))]
    actors = regios + gemeenten + werk + inst + prog
    hosts = werk + prog

    a, b, c = draw(st.lists(st.sampled_from(actors), min_size=3, max_size=3, unique=True))
    for x, y in ((a, b), (b, c), (c, a)):  # a cycle among actors
        rel("WERKT_SAMEN_MET", x, y)
    for _ in range(draw(st.integers(3, 14))):
        x, y = draw(st.lists(st.sampled_from(actors), min_size=2, max_size=2, unique=True))
        kind = draw(st.sampled_from(("ONDERSTEUNT", "WERKT_SAMEN_MET", "BETREKT_KENNIS_VAN", "KENNISSTROOM",
                                     "NEEMT_DEEL_AAN")))
        if kind == "KENNISSTROOM":
            rel(kind, x, y, richting=draw(st.sampled_from(RICHTINGEN)))
        elif kind == "NEEMT_DEEL_AAN":
            target = draw(st.sampled_from(hosts))
            if target != x:
                rel(kind, x, target)
        else:
            rel(kind, x, y)
    for _ in range(draw(st.integers(0, 4))):
        rel("ACTIEF_IN", draw(st.sampled_from(werk + inst + prog)), draw(st.sampled_from(regios)))

    themas = [node(f"thema-{i}", "Thema", "landelijk") for i in range(draw(st.integers(1, 4)))]
    pubs = [node(f"pub-{i}", "Publicatie", "landelijk") for i in range(draw(st.integers(0, 2)))]
    for p in pubs:
        rel("UITGEGEVEN_DOOR", p, draw(st.sampled_from(inst + prog + werk)))
    for _ in range(draw(st.integers(1, 8))):
        rel("BEHANDELT", draw(st.sampled_from(actors + pubs)), draw(st.sampled_from(themas)))
    fases = [node(f"fase-{i}", "Fase", "lokaal", volgorde=i + 1) for i in range(draw(st.integers(1, 3)))]
    for _ in range(draw(st.integers(0, 3))):
        rel("DRAAGT_BIJ_AAN", draw(st.sampled_from(actors)), draw(st.sampled_from(fases)))

    groups = [node(f"groep-{i}", "Actorgroep", draw(st.sampled_from(("lokaal", "regionaal", "landelijk"))),
                   soort=f"soort-{i}") for i in range(draw(st.integers(0, 3)))]
    for grp in groups:
        for m in draw(st.lists(st.sampled_from(actors), max_size=5, unique=True)):
            if draw(st.booleans()):
                rel("HOORT_BIJ", m, grp)
            else:  # derived by a rule: no file, no lines
                r = Relationship("HOORT_BIJ", m, grp, {}, (Source("regel:gen", None, None, "afgeleid"),))
                rels.setdefault(r.key, r)
    # leden of a group fact: absent or alle (the whole group), enkele (some members only)
    scopes = st.sampled_from(({}, {"leden": "alle"}, {"leden": "enkele"}, {"leden": "enkele"}))
    if groups:
        either = actors + groups
        for _ in range(draw(st.integers(1, 6))):
            x = draw(st.sampled_from(groups))
            y = draw(st.sampled_from(either))
            if draw(st.booleans()):
                x, y = y, x
            kind = draw(st.sampled_from(("KENNISSTROOM", "KENNISSTROOM", "WERKT_SAMEN_MET", "ONDERSTEUNT")))
            if kind == "KENNISSTROOM":
                rel(kind, x, y, richting=draw(st.sampled_from(RICHTINGEN)), **draw(scopes))
            elif x != y:
                rel(kind, x, y, **draw(scopes))
        for _ in range(draw(st.integers(0, 2))):
            rel("DRAAGT_BIJ_AAN", draw(st.sampled_from(groups)), draw(st.sampled_from(fases)),
                rol="gen", aard=draw(st.sampled_from(("beschreven", "aanbevolen"))), **draw(scopes))

    ds = Dataset(nodes, list(rels.values()))
    ds.relationships.extend(derive_noemt(ds))
    return ds
