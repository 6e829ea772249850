"""The graph model: labels, relationship types, niveau and provenance.

Domain words are Dutch (the users' words); identifiers are English. Everything a store or a
loader needs to know about what is allowed lives here, so that validation, both stores and
the UI agree.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable

NIVEAUS = ("lokaal", "regionaal", "landelijk", "internationaal")

ACTOR_LABELS = ("Gemeente", "Regio", "Werkplaats", "Instituut", "Programma")
CONCEPT_LABELS = ("Publicatie", "Thema", "Fase", "Kennisbron", "Grootteklasse")
# A kind of actor the documents speak of in general ("gemeenten", "planbureaus", "GGD'en").
# Not an actor itself: it is kept out of ACTOR_LABELS so that the actor projection and the
# queries built on it keep their meaning; the queries reach groups through GROUP_LABEL.
GROUP_LABEL = "Actorgroep"
# A channel through which advisors look for or receive knowledge (a search engine): used, not
# an actor and not a kind of knowledge.
CHANNEL_LABEL = "Kanaal"
LABELS = ACTOR_LABELS + CONCEPT_LABELS + (GROUP_LABEL, CHANNEL_LABEL)

# Properties every node may carry, besides these per-label ones.
COMMON_PROPERTIES = ("naam", "niveau", "aliassen", "beschrijving")
LABEL_PROPERTIES: dict[str, tuple[str, ...]] = {
    # inwoners: as a document states it; inwoners_2022: CBS, 1 January 2022 (reference data);
    # woonplaatsen: the CBS woonplaatsen in the gemeente (a list of texts, found by names()).
    "Gemeente": ("provincie", "cbs_code", "inwoners", "grootteklasse", "inwoners_2022", "woonplaatsen"),
    "Regio": ("soort", "afkorting", "cbs_code"),
    "Werkplaats": ("soort", "afkorting"),
    "Instituut": ("soort", "afkorting"),
    "Programma": ("soort", "afkorting", "periode"),
    "Publicatie": ("titel", "jaar", "soort", "bestand", "url", "auteurs"),
    "Thema": ("domein",),
    "Fase": ("volgorde", "kant", "tips", "kant_interpretatie"),
    "Kennisbron": (),
    "Grootteklasse": ("ondergrens", "bovengrens"),
    "Actorgroep": ("soort",),
    "Kanaal": ("soort",),
}
# Survey figures (Grootteklasse, Publicatie): any numeric property with this prefix.
FIGURE_PREFIX = "cijfer_"
FIGURE_LABELS = ("Grootteklasse", "Publicatie")

# niveau used when a node does not state one (non-actors describe no cycle of their own).
DEFAULT_NIVEAU = {
    "Gemeente": "lokaal",
    "Regio": "regionaal",
    "Thema": "landelijk",
    "Kennisbron": "landelijk",
    "Grootteklasse": "lokaal",
    "Kanaal": "internationaal",
}

ANY = LABELS
ACTORS = ACTOR_LABELS
ACTORS_OR_GROUPS = ACTOR_LABELS + (GROUP_LABEL,)
# type -> (allowed start labels, allowed end labels, allowed properties)
RELATIONSHIP_TYPES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "LIGT_IN": (("Gemeente", "Regio"), ("Regio",), ()),
    "NEEMT_DEEL_AAN": (ACTORS_OR_GROUPS, ("Werkplaats", "Programma"), ("rol",)),
    "ONDERSTEUNT": (ACTORS_OR_GROUPS, ACTORS_OR_GROUPS, ("rol",)),
    "ACTIEF_IN": (("Instituut", "Werkplaats", "Programma"), ("Regio",), ()),
    "BEHANDELT": (ACTORS + ("Publicatie",), ("Thema",), ()),
    "UITGEGEVEN_DOOR": (("Publicatie",), ("Instituut", "Programma", "Werkplaats"), ("rol",)),
    "VERWIJST_NAAR": (("Publicatie",), ("Publicatie",), ()),
    "WERKT_SAMEN_MET": (ACTORS_OR_GROUPS, ACTORS_OR_GROUPS, ("rol",)),
    "BETREKT_KENNIS_VAN": (ACTORS_OR_GROUPS, ACTORS_OR_GROUPS + ("Publicatie",), ()),
    "DRAAGT_BIJ_AAN": (ACTORS_OR_GROUPS, ("Fase",), ("rol", "aard")),
    "KENNISSTROOM": (ACTORS_OR_GROUPS, ACTORS_OR_GROUPS, ("richting", "kennisbron")),
    "BENUT": (ACTORS_OR_GROUPS, ("Kennisbron", CHANNEL_LABEL), ()),
    "IN_GROOTTEKLASSE": (("Gemeente",), ("Grootteklasse",), ()),
    "HOORT_BIJ": (ACTORS, (GROUP_LABEL,), ()),
    "NOEMT": (("Publicatie",), ANY, ()),
}
# Types the loader derives; data files may not state them. (HOORT_BIJ may be stated; the
# loader adds rule-based memberships, loaders/groups.py.)
DERIVED_TYPES = ("NOEMT",)
RICHTINGEN = ("lokaal->landelijk", "landelijk->lokaal", "horizontaal", "wederzijds")
# DRAAGT_BIJ_AAN: does the text say this happens, or does it recommend it? Required.
AARDEN = ("beschreven", "aanbevolen")
# A membership derived by a rule names the rule as its publication, with this prefix.
RULE_PREFIX = "regel:"
KENNISBRONNEN = ("ervaringskennis", "professionele-kennis", "wetenschappelijke-kennis")


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: a publication, optionally a file and a line span."""

    publication: str
    file: str | None
    lines: tuple[int, int] | None
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "publication": self.publication,
            "file": self.file,
            "lines": list(self.lines) if self.lines else None,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Source":
        lines = d.get("lines")
        return cls(d["publication"], d.get("file"), tuple(lines) if lines else None, d.get("note", ""))


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    properties: dict[str, Any]
    sources: tuple[Source, ...]

    @property
    def naam(self) -> str:
        return self.properties.get("naam", self.id)

    @property
    def niveau(self) -> str:
        return self.properties.get("niveau", "")

    @property
    def aliassen(self) -> list[str]:
        return list(self.properties.get("aliassen", []))

    def own_names(self) -> list[str]:
        """naam plus aliases: the names of the node itself (as documents write it)."""
        return [self.naam, *self.aliassen]

    def names(self) -> list[str]:
        """Every string a user may search this node by: its own names and, for a gemeente,
        its woonplaatsen ("Drachten" finds Smallingerland). A woonplaats may lie in several
        gemeenten and carry another gemeente's name; `GraphStore.resolve` prefers own names."""
        places = self.properties.get("woonplaatsen") or []
        if isinstance(places, str):
            places = [places]
        own = self.own_names()
        return own + [p for p in places if p not in own]


@dataclass(frozen=True)
class Relationship:
    type: str
    start: str
    end: str
    properties: dict[str, Any]
    sources: tuple[Source, ...]

    @cached_property
    def key(self) -> tuple[str, str, str, str]:
        """Identity of a relationship: type, ends and its properties (canonical JSON)."""
        props = json.dumps(self.properties, sort_keys=True) if self.properties else "{}"
        return (self.type, self.start, self.end, props)


@dataclass
class Dataset:
    """A validated set of nodes and relationships, ready to be written to a store."""

    nodes: dict[str, Node] = field(default_factory=dict)
    relationships: list[Relationship] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        nodes: dict[str, int] = {}
        for n in self.nodes.values():
            nodes[n.label] = nodes.get(n.label, 0) + 1
        rels: dict[str, int] = {}
        for r in self.relationships:
            rels[r.type] = rels.get(r.type, 0) + 1
        return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}


def allowed_properties(label: str) -> set[str]:
    return set(COMMON_PROPERTIES) | set(LABEL_PROPERTIES.get(label, ()))


def slugify(text: str) -> str:
    """Lower-case ASCII slug: accents dropped, anything else one '-'.

    >>> slugify("Fryslân / Noord-Holland")
    'fryslan-noord-holland'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def normalize_name(text: str) -> str:
    """Key for comparing names: case, accents, punctuation and spacing ignored.

    >>> normalize_name("  Verwey-Jonker  Instituut ")
    'verwey jonker instituut'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded.lower()).split())


def sources_to_json(sources: Iterable[Source]) -> str:
    return json.dumps([s.to_dict() for s in sources], ensure_ascii=False, sort_keys=True)


def sources_from_json(text: str) -> tuple[Source, ...]:
    return tuple(Source.from_dict(d) for d in json.loads(text))


def merge_datasets(base: Dataset, incoming: Dataset) -> Dataset:
    """`incoming` merged into `base`: nodes on id (properties updated, sources unioned),
    relationships on their key (sources unioned). Both stores load through this, so a
    non-reset load means the same on both. Raises ValueError on a label change."""
    nodes = dict(base.nodes)
    for node in incoming.nodes.values():
        old = nodes.get(node.id)
        if old is None:
            nodes[node.id] = node
            continue
        if old.label != node.label:
            raise ValueError(f"node '{node.id}' is {old.label}, not {node.label}")
        nodes[node.id] = Node(node.id, node.label, {**old.properties, **node.properties},
                              tuple(dict.fromkeys(old.sources + node.sources)))
    rels = {r.key: r for r in base.relationships}
    for rel in incoming.relationships:
        old = rels.get(rel.key)
        rels[rel.key] = rel if old is None else Relationship(
            rel.type, rel.start, rel.end, rel.properties, tuple(dict.fromkeys(old.sources + rel.sources)))
    for rel in rels.values():
        if rel.start not in nodes or rel.end not in nodes:
            raise ValueError(f"relationship {rel.type} has a missing end: {rel.start} -> {rel.end}")
    return Dataset(nodes, list(rels.values()))
