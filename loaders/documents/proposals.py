"""Everything the program proposes for a document, as one list of `Proposal`s.

soort `vermelding` (a node the graph knows is named), `nieuwe-knoop` (a name the graph does
not know) or `relatie` (two entities of one sentence; type "noemt" when no wording signals
one). Each has its file and lines, a confidence and the reason. Proposals the user decided on
before (accepted or rejected, remembered per document in the workspace) are not proposed again.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Iterable

from graph.model import LABEL_PROPERTIES, Node
from graph.names import normalize_name, words
from loaders.documents.candidates import find_candidates
from loaders.documents.mentions import CONCEPT_LABELS, NameIndex, find_mentions
from loaders.documents.relations import DOCUMENT, NOEMT, Entity, evidence, find_relations
from loaders.documents.text import Text
from loaders.user_import import derived_id

DEFAULT_CONFIDENCE = 0.6
# The default per kind (bench/documents.py): a mention only adds a source to a node the graph
# knows, and at 0.45 mentions meet their target (recall >= 90 % at precision >= 80 %) where 0.6
# misses it; new nodes and relationships keep 0.6 (relationships reach 60 % precision there).
DEFAULT_BY_SOORT = {"vermelding": 0.45, "nieuwe-knoop": DEFAULT_CONFIDENCE, "relatie": DEFAULT_CONFIDENCE}


def default_threshold(soort: str, threshold: float | None = None) -> float:
    """`threshold` when given, else the default of this kind of proposal."""
    return DEFAULT_BY_SOORT.get(soort, DEFAULT_CONFIDENCE) if threshold is None else threshold
SOORTEN = ("vermelding", "nieuwe-knoop", "relatie")
NAMED_REGIO_CONFIDENCE = 0.6
STATED_THEME_BY = ("Instituut", "Werkplaats", "Programma")
NEW = "nieuw:"


@dataclass
class Proposal:
    soort: str
    file: str
    lines: tuple[int, int]
    confidence: float
    reden: str
    label: str | None = None
    naam: str | None = None
    niveau: str | None = None
    id: str | None = None            # vermelding: the node; nieuwe-knoop: the id it would get
    van: str | None = None           # relatie: names as shown
    type: str | None = None
    naar: str | None = None
    van_id: str | None = None        # relatie: node id, "nieuw:<key>" or "@document"
    naar_id: str | None = None
    properties: dict = field(default_factory=dict)
    geschreven: str | None = None    # vermelding: how the text writes the name
    zin: str = ""                    # the evidence, read from the stored text

    @property
    def key(self) -> str:
        """Stable across runs: what the reject memory stores."""
        if self.soort == "vermelding":
            return f"vermelding|{self.id}"
        if self.soort == "nieuwe-knoop":
            return f"nieuwe-knoop|{self.label}|{normalize_name(self.naam or '')}"
        return f"relatie|{self.van_id}|{self.type}|{self.naar_id}"

    def as_json(self) -> dict:
        out = {"soort": self.soort}
        if self.soort == "relatie":
            out |= {"van": self.van, "type": self.type, "naar": self.naar, "label": self.label,
                    "van_id": self.van_id, "naar_id": self.naar_id}
        else:
            out |= {"naam": self.naam, "label": self.label, "niveau": self.niveau, "id": self.id,
                    "geschreven": self.geschreven}
        out |= {"file": self.file, "lines": list(self.lines), "confidence": self.confidence,
                "reden": self.reden, "eigenschappen": self.properties, "zin": self.zin, "sleutel": self.key}
        return out

    @classmethod
    def from_json(cls, d: dict) -> "Proposal":
        known = {k: d[k] for k in asdict(cls("x", "", (1, 1), 0, "")) if k in d}
        if "eigenschappen" in d:
            known["properties"] = dict(d["eigenschappen"] or {})
        known["lines"] = tuple(d.get("lines") or (1, 1))
        return cls(**known)


def new_ref(naam: str) -> str:
    return NEW + normalize_name(naam)


def _entity(node: Node) -> Entity:
    return Entity(node.id, node.naam, node.label, node.niveau)


def propose(text_value: str, file: str, nodes: Iterable[Node], titel: str | None = None,
            decided: set[str] = frozenset(), sentences: dict[str, set[int]] | None = None) -> list[Proposal]:
    """The proposals for a stored text `file` against the graph's `nodes`. `sentences`, when
    given, receives the sentences (indexes) where each entity (node id or new ref) is named."""
    nodes = [n for n in nodes if n.properties.get("bestand") != file]  # the document itself
    text = Text(text_value)
    index = NameIndex(nodes)
    mentions = find_mentions(index, text)
    # tokens of known names; a theme or kind of actor inside a longer capitalised name
    # ("Planbureau" in a new institute's name) does not block that name
    covered = {i for m in mentions if m.label not in CONCEPT_LABELS
               for o in m.occurrences for i in range(o.first, o.last + 1)}
    places = {i for m in mentions if m.label in ("Gemeente", "Regio")
              for o in m.occurrences for i in range(o.first, o.last + 1)}
    candidates, resemblances = find_candidates(index, text, covered, places)
    # a place inside a new organisation's name ("Hogeschool Utrecht") is no mention of the place there
    inside = {i for c in candidates for a, b in c.places for i in range(a, b + 1)}
    # an organisation named after a regio is active there ("Planbureau Groningen")
    named_regio = {}
    for c in candidates:
        if c.label not in ("Instituut", "Werkplaats", "Programma"):
            continue
        for m in mentions:
            if m.label == "Regio" and any(c.places[0][0] <= o.first <= c.places[0][1] for o in m.occurrences):
                named_regio.setdefault(new_ref(c.naam), (c, m.node_id))
    for m in mentions:
        # (a regio stays named: the organisation is active there, ACTIEF_IN below)
        m.occurrences = [o for o in m.occurrences if not (o.first in inside and m.label == "Gemeente")]
    mentions = [m for m in mentions if m.occurrences]
    by_id = {m.node_id: m for m in mentions}
    out: list[Proposal] = []
    placed: list[tuple[int, int, Entity]] = []
    counts: dict[str, int] = {}
    for m in mentions:
        node = index.nodes[m.node_id]
        o = m.occurrences[0]
        lines = (text.tokens[o.first].line, text.tokens[o.last].line)
        out.append(Proposal("vermelding", file, lines, m.confidence, m.reden, node.label, node.naam, node.niveau,
                            node.id, geschreven=o.surface, zin=_sentence(text, o.first)))
        counts[node.id] = len(m.occurrences)
        # a regio inside a new organisation's name ("Kennispunt Twente") is no entity of its own
        # in that sentence (ACTIEF_IN ties them)
        placed += [(occ.first, occ.last, _entity(node)) for occ in m.occurrences
                   if not (m.label == "Regio" and occ.first in inside)]
    for r in resemblances:
        node = index.nodes[r.node_id]
        placed.append((r.place[0], r.place[1], _entity(node)))
        if r.node_id in by_id or any(p.id == r.node_id for p in out):
            continue
        lines = (text.tokens[r.place[0]].line, text.tokens[r.place[1]].line)
        out.append(Proposal("vermelding", file, lines, 0.6, f"'{r.written}' lijkt op '{node.naam}' "
                            f"({r.score:.0f}% gelijk)", node.label, node.naam, node.niveau, node.id,
                            geschreven=r.written, zin=_sentence(text, r.place[0])))
        counts[node.id] = counts.get(node.id, 0) + 1
    taken_ids = {n.id for n in nodes}
    for c in candidates:
        first, last = c.places[0]
        node_id = derived_id(c.label, c.naam)
        if node_id in taken_ids:
            node_id = f"{node_id}-nieuw"
        # (only where the model allows an afkorting: a Publicatie or Thema has none)
        props = {"afkorting": c.afkorting} if c.afkorting and "afkorting" in LABEL_PROPERTIES.get(c.label, ()) else {}
        aliases = list(c.aliassen) + ([c.afkorting] if c.afkorting and not props and c.label != "Thema" else [])
        if aliases:
            props["aliassen"] = aliases  # (a publication's abbreviation, "KEV", is one of its names)
        out.append(Proposal("nieuwe-knoop", file, (text.tokens[first].line, text.tokens[last].line), c.confidence,
                            c.reden, c.label, c.naam, c.niveau, node_id, properties=props,
                            geschreven=text.span_text(first, last), zin=_sentence(text, first)))
        ent = Entity(new_ref(c.naam), c.naam, c.label, c.niveau)
        placed += [(f, l, ent) for f, l in c.places]
        counts[ent.ref] = len(c.places)
    if sentences is not None:
        for first, _, ent in placed:
            sentences.setdefault(ent.ref, set()).add(text.sentence_index(text.tokens[first].start))
    document = Entity(DOCUMENT, titel or "dit document", "Publicatie", "landelijk")
    new_conf = {new_ref(c.naam): c.confidence for c in candidates}
    for c in candidates:  # a reference names its makers: "(Movisie, 2024)"
        for maker in c.makers:
            node = index.nodes[maker]
            first, last = c.places[0]
            lines = (text.tokens[first].line, text.tokens[last].line)
            out.append(Proposal("relatie", file, lines, c.confidence,
                                f"de verwijzing '{c.naam}' noemt {node.naam} als auteur", label=f"Publicatie->{node.label}",
                                van=c.naam, type="UITGEGEVEN_DOOR", naar=node.naam, van_id=new_ref(c.naam),
                                naar_id=node.id, zin=evidence(text, lines)))
    for c in candidates:  # a werkplaats named after a gemeente: the gemeente takes part in it
        for member, a, b in c.members:
            node = index.nodes[member]
            first, last = c.places[0]
            lines = (min(text.tokens[first].line, text.tokens[a].line), max(text.tokens[last].line, text.tokens[b].line))
            out.append(Proposal("relatie", file, lines, c.confidence,
                                f"'{c.naam}' is genoemd naar gemeente {node.naam}", label=f"{node.label}->{c.label}",
                                van=node.naam, type="NEEMT_DEEL_AAN", naar=c.naam, van_id=node.id,
                                naar_id=new_ref(c.naam), zin=evidence(text, lines)))
    for c, regio_id in named_regio.values():
        node = index.nodes[regio_id]
        first, last = c.places[0]
        lines = (text.tokens[first].line, text.tokens[last].line)
        out.append(Proposal("relatie", file, lines, min(c.confidence, NAMED_REGIO_CONFIDENCE),
                            f"de naam '{c.naam}' noemt de regio {node.naam}"
                            + (" (een gemeente heet ook zo)" if any(n.label == "Gemeente" for n in index.nodes.values()
                                                                   if n.naam == node.naam) else ""),
                            label=f"{c.label}->Regio",
                            van=c.naam, type="ACTIEF_IN", naar=node.naam, van_id=new_ref(c.naam), naar_id=node.id,
                            zin=evidence(text, lines)))
    relations = find_relations(text, placed, document, counts)
    # a new theme that an organisation is said to work on, with a signal word ("het RIVM doet
    # onderzoek op het vlak van ... milieu"), is surer a theme than one only listed
    by_ref = {new_ref(c.naam): c for c in candidates}
    for r in relations:
        theme = by_ref.get(r.naar.ref)
        if r.type == "BEHANDELT" and theme is not None and theme.label == "Thema" and r.van.label in STATED_THEME_BY \
                and "signaalwoord" in r.reden and r.confidence >= DEFAULT_CONFIDENCE > theme.confidence:
            theme.confidence = new_conf[r.naar.ref] = DEFAULT_CONFIDENCE
            theme.reden += f"; {r.van.naam} werkt eraan (signaalwoord)"
    for p in out:
        if p.soort == "nieuwe-knoop" and new_ref(p.naam) in by_ref:
            p.confidence, p.reden = by_ref[new_ref(p.naam)].confidence, by_ref[new_ref(p.naam)].reden
    for r in relations:
        # a tie to a new name is no surer than the name itself (accepting it needs the node)
        ends = [new_conf[e] for e in (r.van.ref, r.naar.ref) if e in new_conf]
        if ends and r.confidence > min(ends):
            r.confidence = min(ends)
            r.reden += f"; niet zekerder dan de nieuwe naam ({min(ends):.2f})"
        out.append(Proposal("relatie", file, r.lines, r.confidence, r.reden, label=f"{r.van.label}->{r.naar.label}",
                            van=r.van.naam, type=r.type, naar=r.naar.naam, van_id=r.van.ref, naar_id=r.naar.ref,
                            properties=r.properties, zin=evidence(text, r.lines)))
    order = {s: i for i, s in enumerate(SOORTEN)}
    best: dict[str, Proposal] = {}  # one proposal per key (two rules may find one tie): the surest
    for p in out:
        if p.key not in best or p.confidence > best[p.key].confidence:
            best[p.key] = p
    out = [p for p in best.values() if p.key not in decided]
    return sorted(out, key=lambda p: (order[p.soort], p.lines, -p.confidence))


def _sentence(text: Text, token: int) -> str:
    return text.sentence_text(text.sentence_index(text.tokens[token].start))[:400]


def guess_publication(text_value: str) -> dict:
    """A first guess at titel and jaar: the first line with words, a year in the first lines."""
    lines = text_value.split("\n")
    titel = next((" ".join(l.split()) for l in lines if len(words(l)) >= 2), "Nieuw document")
    years = [int(y) for l in lines[:80] for y in re.findall(r"\b(19[5-9]\d|20[0-4]\d)\b", l)]
    return {"titel": titel[:200], "jaar": years[0] if years else None}


__all__ = ["DEFAULT_BY_SOORT", "DEFAULT_CONFIDENCE", "Proposal", "default_threshold", "guess_publication", "propose"]
