"""The graph model: labels, relationship types, niveau and provenance.

Domain words are Dutch (the users' words); identifiers are English. Everything a store or a
loader needs to know about what is allowed lives here, so that validation, both stores and
the UI agree.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable

from graph.names import normalize_name, search_names, slug_fold  # noqa: F401 - normalize_name is part of the model's API

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
    "NEEMT_DEEL_AAN": (ACTORS_OR_GROUPS, ("Werkplaats", "Programma"), ("rol", "leden")),
    "ONDERSTEUNT": (ACTORS_OR_GROUPS, ACTORS_OR_GROUPS, ("rol", "leden")),
    "ACTIEF_IN": (("Instituut", "Werkplaats", "Programma"), ("Regio",), ()),
    "BEHANDELT": (ACTORS + ("Publicatie",), ("Thema",), ()),
    "UITGEGEVEN_DOOR": (("Publicatie",), ("Instituut", "Programma", "Werkplaats"), ("rol",)),
    "VERWIJST_NAAR": (("Publicatie",), ("Publicatie",), ()),
    "WERKT_SAMEN_MET": (ACTORS_OR_GROUPS, ACTORS_OR_GROUPS, ("rol", "leden")),
    "BETREKT_KENNIS_VAN": (ACTORS_OR_GROUPS, ACTORS_OR_GROUPS + ("Publicatie",), ("leden",)),
    "DRAAGT_BIJ_AAN": (ACTORS_OR_GROUPS, ("Fase",), ("rol", "aard", "leden")),
    "KENNISSTROOM": (ACTORS_OR_GROUPS, ACTORS_OR_GROUPS, ("richting", "kennisbron", "leden")),
    "BENUT": (ACTORS_OR_GROUPS, ("Kennisbron", CHANNEL_LABEL), ("leden",)),
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
# `leden` (a fact with an Actorgroep end, HOORT_BIJ aside): of which members does the text speak?
# `alle` (the default when absent): of the kind as a whole, so the fact applies to each member via
# the group. `enkele`: of some, a number or a regionally bounded part of the group, without naming
# them; the fact stays the group's own and never applies to a member (queries/groups.py).
SCOPE_PROPERTY = "leden"
LEDEN = ("alle", "enkele")
PARTIAL = "enkele"
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
        """Every string a user may search this node by (graph.names.search_names, the one rule
        that the import, both stores and the app share): its own names, afkorting, titel, url
        and, for a gemeente, its woonplaatsen ("Drachten" finds Smallingerland). A woonplaats
        may lie in several gemeenten; `GraphStore.resolve` prefers own names."""
        return search_names(self.properties, self.id)


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
    """Lower-case ASCII slug: accents dropped, other Latin letters spelled out, anything
    else one '-' (graph/names.py).

    >>> slugify("Fryslân / Noord-Holland")
    'fryslan-noord-holland'
    """
    return slug_fold(text)


# -- property values: what a store and every export can hold -------------------------------
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# Properties that hold a list of texts; every other property holds one value.
TEXT_LIST_PROPERTIES = ("aliassen", "tips", "woonplaatsen")
# Properties that hold a whole number (besides the survey figures, which may be decimals).
WHOLE_NUMBER_PROPERTIES = ("inwoners", "inwoners_2022", "jaar", "volgorde", "ondergrens", "bovengrens")
# Characters XML 1.0 (GraphML, GEXF) cannot hold; Neo4j and JSON hold them, exports would not.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FIGURE_KEY = re.compile(FIGURE_PREFIX + "[a-z0-9_]+")


def text_problem(value: str) -> str | None:
    """Why a text cannot be stored and exported everywhere (Dutch), or None."""
    if _BAD_CHARS.search(value):
        return "bevat ongeldige (stuur)tekens"
    return None


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "ja/nee"
    if isinstance(value, (int, float)):
        return "getal"
    if isinstance(value, str):
        return "tekst"
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return "datum (zet de waarde tussen aanhalingstekens als tekst bedoeld is)"
    if isinstance(value, (bytes, bytearray)):
        return "binaire waarde"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, (list, tuple)):
        return "lijst"
    return type(value).__name__


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and INT64_MIN <= value <= INT64_MAX


def _number(value: Any) -> bool:
    return _whole(value) or (isinstance(value, float) and math.isfinite(value))


def value_problem(key: str, value: Any) -> str | None:
    """Why `value` is not allowed for property `key` (Dutch, for a message), or None.

    Allowed: text, whole numbers within signed 64 bits, finite decimals, booleans, and for
    TEXT_LIST_PROPERTIES a list of texts. Whole-number and figure properties must be numbers.

    >>> value_problem("jaar", 2**63)
    "'jaar' moet een geheel getal zijn (64 bits), niet 9223372036854775808"
    >>> value_problem("soort", float("nan"))
    "'soort' moet een eindig getal zijn, niet nan"
    >>> value_problem("aliassen", ["a", 1])
    "'aliassen' moet een lijst van teksten zijn"
    """
    if key in TEXT_LIST_PROPERTIES:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"'{key}' moet een lijst van teksten zijn"
        bad = next((p for p in map(text_problem, value) if p), None)
        return f"'{key}' {bad}" if bad else None
    if key in WHOLE_NUMBER_PROPERTIES:
        return None if _whole(value) else f"'{key}' moet een geheel getal zijn (64 bits), niet {value!r}"
    if key.startswith(FIGURE_PREFIX):
        return None if _number(value) else f"'{key}' moet een getal zijn, niet {value!r}"
    if isinstance(value, str):
        bad = text_problem(value)
        return f"'{key}' {bad}" if bad else None
    if isinstance(value, bool) or _whole(value):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"'{key}' moet een eindig getal zijn, niet {value!r}"
    if isinstance(value, int):
        return f"'{key}' is te groot: hele getallen passen in 64 bits, niet {value!r}"
    return f"'{key}' moet een tekst, getal of ja/nee zijn, geen {_kind_of(value)}"


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


def is_partial(rel: "Relationship") -> bool:
    """True for a group fact that speaks of some members only (`leden: enkele`, see LEDEN)."""
    return rel.properties.get(SCOPE_PROPERTY) == PARTIAL


def is_derived(rel: "Relationship") -> bool:
    """True for a fact that rests on a documented rule only (every source a `regel:` id, no
    document states it): the rule-based HOORT_BIJ memberships of loaders/groups.py."""
    return bool(rel.sources) and all(s.publication.startswith(RULE_PREFIX) for s in rel.sources)
