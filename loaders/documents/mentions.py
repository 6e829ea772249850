"""Entities the graph already knows, found in a text.

A node is found by its naam, aliassen, afkorting and, for a gemeente, its woonplaatsen
(graph.names.search_names, the names every lookup uses). Matching ignores case (except for
abbreviations such as NJi or CoP), accents, spacing, hyphens and a hyphen at a line break,
and allows an inflected ending ("Utrechtse", "Movisie's"). A one-word name that is also a
common word ("Best", "Zorg" as written in the text) is never matched bare: it must be written
with a capital where a sentence does not start. Where a longer name covers a shorter one
("Hogeschool Utrecht" over "Utrecht"), only the longer one counts.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterable

from graph.model import Node
from graph.names import fold, words
from loaders.documents.text import Text

# Labels that name a kind of thing rather than one organisation or place: written in lower
# case, so a lower-case match counts (with a lower confidence, higher when named often).
CONCEPT_LABELS = ("Thema", "Actorgroep", "Kennisbron", "Kanaal", "Fase")
SKIP_LABELS = ("Grootteklasse",)
# Inflected endings allowed after a name of at least MIN_INFLECT letters (in its last word).
SUFFIXES = ("s", "se", "e", "en", "er", "ers", "sche")
MIN_INFLECT = 4
# Dutch words that are names somewhere in the graph (gemeenten, woonplaatsen) but mostly
# ordinary words; together with every word the text itself writes in lower case.
COMMON_WORDS = frozenset("""
aan af al alle als altijd andere best beter bij binnen boven buiten daar dan dat de den der des deze
die dit doen door een eens elk en enige er geen goed haar heel hem het hier hoe hof horn hun ieder
in is ja je kan kort laat lang leiden meer men met mij moet na naar nee niet nieuw nog nu of om
onder ons ook op over per putten rond samen sluis soms steeds te tegen toch toe tot uit van veel
voor vorm vroeger waar wat weer wel werk wie wij wijk zijn zo zonder zorg zelf
volgens wanneer beide tijdens sinds omdat hoewel daarnaast bovendien zowel namelijk echter dus vanuit
via daarbij hierbij ofwel zij ze hij wanneer welke welk waarbij waarin dergelijke
""".split())
KIND_RANK = {"naam": 0, "alias": 1, "afkorting": 2, "woonplaats": 3}


@dataclass(frozen=True)
class Name:
    key: str          # the folded words joined
    surface: str      # as the graph writes it
    node_id: str
    label: str
    kind: str         # naam | alias | afkorting | woonplaats
    n_words: int
    exact_case: bool  # an abbreviation: NJi, CoP, G4
    capital: bool     # the graph writes it with a capital


def _is_abbreviation(name: str) -> bool:
    letters = re.sub(r"[^\w]", "", name)
    upper = sum(c.isupper() for c in letters)
    return " " not in name.strip() and len(letters) <= 8 and (upper >= 2 or (upper and any(c.isdigit() for c in letters)))


def names_of(node: Node) -> list[Name]:
    out: list[Name] = []
    props = node.properties
    entries = [(node.naam, "naam")] + [(a, "alias") for a in node.aliassen]
    if isinstance(props.get("afkorting"), str):
        entries.append((props["afkorting"], "afkorting"))
    if node.label == "Gemeente":
        places = props.get("woonplaatsen") or []
        entries += [(p, "woonplaats") for p in ([places] if isinstance(places, str) else places)]
    for surface, kind in entries:
        ws = words(surface)
        if not ws:
            continue
        key = "".join(ws)
        if len(key) < 2:
            continue
        stripped = surface.strip()
        out.append(Name(key, stripped, node.id, node.label, kind, len(ws), _is_abbreviation(stripped),
                        stripped[:1].isupper()))
    return out


class NameIndex:
    """Every name of every node, by key (one key may name several nodes)."""

    def __init__(self, nodes: Iterable[Node]):
        self.nodes: dict[str, Node] = {}
        self.by_key: dict[str, list[Name]] = {}
        for node in nodes:
            if node.label in SKIP_LABELS:
                continue
            self.nodes[node.id] = node
            for name in names_of(node):
                self.by_key.setdefault(name.key, []).append(name)
        # A woonplaats in several gemeenten names none of them for sure, and one whose name is
        # a word of another node's name ("Nederland" in "Nederland Digitaal") may be that word:
        # both left out.
        name_words = {w for names in self.by_key.values() for n in names
                      if n.kind != "woonplaats" and n.n_words > 1 for w in words(n.surface)}
        for key, names in list(self.by_key.items()):
            names = [n for n in names if not (n.kind == "woonplaats" and n.key in name_words)]
            self.by_key[key] = names
            places = [n for n in names if n.kind == "woonplaats"]
            if len({n.node_id for n in places}) > 1:
                self.by_key[key] = [n for n in names if n.kind != "woonplaats"]
            if not self.by_key[key]:
                del self.by_key[key]


@dataclass
class Occurrence:
    first: int       # token indexes, inclusive
    last: int
    name: Name
    inflected: bool
    surface: str     # as the text writes it


@dataclass
class Mention:
    node_id: str
    label: str
    naam: str
    occurrences: list[Occurrence] = field(default_factory=list)
    confidence: float = 0.0
    reden: str = ""
    ambiguous_with: list[str] = field(default_factory=list)


def _lower_words(text: Text) -> set[str]:
    return {t.key for t in text.tokens if t.text.islower()}


def _case_ok(name: Name, text: Text, first: int, last: int) -> bool:
    if name.exact_case:
        written = "".join(t.text for t in text.tokens[first:last + 1])
        want = re.sub(r"[^\w]", "", name.surface)
        # as the graph writes it, or all in capitals ("NJI" for "NJi")
        return written[:len(want)] == want or (written.isupper() and written[:len(want)] == want.upper())
    if name.label in CONCEPT_LABELS:
        return True  # a theme or kind of actor is written in lower case in running text
    if name.capital or name.kind == "woonplaats":
        return text.tokens[first].text[:1].isupper() or text.tokens[first].text[:1].isdigit()
    return True


def find_occurrences(index: NameIndex, text: Text) -> list[Occurrence]:
    """Every place a name matches (before overlaps are resolved)."""
    positions = sorted(text.starts)
    common = COMMON_WORDS | _lower_words(text)
    out: list[Occurrence] = []
    joined = text.joined
    for key, names in index.by_key.items():
        pos = joined.find(key)
        while pos != -1:
            first = text.starts.get(pos)
            if first is not None:
                end = pos + len(key)
                last = text.ends.get(end)
                inflected = False
                if last is None:
                    k = bisect.bisect_right(positions, end - 1) - 1
                    tok_end = positions[k] + len(text.tokens[text.starts[positions[k]]].key)
                    if joined[end:tok_end] in SUFFIXES:
                        last, inflected = text.starts[positions[k]], True
                if last is not None:
                    for name in names:
                        if inflected and (name.exact_case or len(words(name.surface)[-1]) < MIN_INFLECT):
                            continue
                        if not _case_ok(name, text, first, last):
                            continue
                        if name.n_words == 1 and key in common and name.label not in CONCEPT_LABELS:
                            # a common word: only as a name written with a capital mid-sentence
                            if not text.tokens[first].text[:1].isupper() or text.is_sentence_start(first):
                                continue
                        out.append(Occurrence(first, last, name, inflected, text.span_text(first, last)))
            pos = joined.find(key, pos + 1)
    return out


def _resolve_overlaps(occs: list[Occurrence]) -> list[Occurrence]:
    """Longest match first; a match inside (or crossing) a longer one is dropped."""
    taken: set[int] = set()
    kept: list[Occurrence] = []
    spans: dict[tuple[int, int], list[Occurrence]] = {}
    for o in occs:
        spans.setdefault((o.first, o.last), []).append(o)
    order = sorted(spans, key=lambda s: (-(s[1] - s[0]), -sum(len(o.name.key) for o in spans[s]), s[0]))
    for span in order:
        if any(i in taken for i in range(span[0], span[1] + 1)):
            continue
        taken.update(range(span[0], span[1] + 1))
        kept.extend(spans[span])
    return sorted(kept, key=lambda o: (o.first, o.name.node_id))


def _confidence(m: Mention) -> tuple[float, str]:
    best = min(m.occurrences, key=lambda o: (KIND_RANK[o.name.kind], o.inflected))
    n = len({o.first for o in m.occurrences})
    name = best.name
    how = {"naam": "naam", "alias": "alias", "afkorting": "afkorting", "woonplaats": "woonplaats"}[name.kind]
    if name.label in CONCEPT_LABELS:
        conf = (0.65 if name.n_words > 1 else 0.45) + 0.1 * min(n - 1, 3)
    elif name.kind == "woonplaats":
        conf = 0.7
    elif name.exact_case:
        conf = 0.85
    elif name.n_words > 1:
        conf = 0.95
    else:
        conf = 0.9
    if best.inflected:
        conf -= 0.1
    if m.ambiguous_with:
        conf = min(conf, 0.5)
    reden = f"{how} '{name.surface}'" + (f" (verbogen: '{best.surface}')" if best.inflected else "")
    if name.kind == "woonplaats":
        reden = f"woonplaats '{name.surface}' ligt in gemeente {m.naam}"
    reden += f", {n}× in de tekst"
    if m.ambiguous_with:
        reden += f"; dezelfde naam hoort ook bij {', '.join(m.ambiguous_with)}"
    return round(min(conf, 0.99), 2), reden


def find_mentions(index: NameIndex, text: Text) -> list[Mention]:
    """One Mention per node found, its occurrences in text order, with confidence and reden."""
    occs = _resolve_overlaps(find_occurrences(index, text))
    # Per place, the best kind of name only (own naam before alias, afkorting, woonplaats).
    by_span: dict[tuple[int, int], list[Occurrence]] = {}
    for o in occs:
        by_span.setdefault((o.first, o.last), []).append(o)
    mentions: dict[str, Mention] = {}
    for span, group in by_span.items():
        best_rank = min(KIND_RANK[o.name.kind] for o in group)
        best = [o for o in group if KIND_RANK[o.name.kind] == best_rank]
        ids = sorted({o.name.node_id for o in best})
        for o in best:
            node = index.nodes[o.name.node_id]
            m = mentions.setdefault(node.id, Mention(node.id, node.label, node.naam))
            m.occurrences.append(o)
            for other in ids:
                if other != node.id and index.nodes[other].naam not in m.ambiguous_with:
                    m.ambiguous_with.append(index.nodes[other].naam)
    for m in mentions.values():
        m.confidence, m.reden = _confidence(m)
    return sorted(mentions.values(), key=lambda m: m.occurrences[0].first)
