"""Rule-based group memberships: HOORT_BIJ (actor -> Actorgroep) that follows from an actor's
label, `soort` and `niveau`, not from a sentence in a document.

A document may state a membership (a HOORT_BIJ in a seed file, sourced like any fact). When the
documents speak of "gemeenten" or "planbureaus" in general, a fact about that group applies to
every actor of that kind too, and which actors those are follows from what we already know of
each actor. The rules are data (RULES below, documented in seed/README.md). A derived membership
names its rule as its source: a Source with publication `regel:<id>`, no file and no lines, and
the rule in words as its note, so the UI can show it as derived (`is_derived`).

>>> from graph.model import Node
>>> rule = RULES[0]
>>> rule.matches(Node("gm-x", "Gemeente", {"naam": "X", "niveau": "lokaal"}, ()))
True
"""
from __future__ import annotations

from dataclasses import dataclass

from graph.model import GROUP_LABEL, RULE_PREFIX, Dataset, Node, Relationship, Source, is_derived  # noqa: F401


@dataclass(frozen=True)
class Rule:
    """Every node with this label (and, when given, this soort and niveau) belongs to `group`."""

    id: str
    label: str
    group: str
    note: str
    soort: str | None = None
    niveau: str | None = None

    def matches(self, node: Node) -> bool:
        return (node.label == self.label
                and (self.soort is None or node.properties.get("soort") == self.soort)
                and (self.niveau is None or node.niveau == self.niveau))

    @property
    def source(self) -> Source:
        return Source(f"{RULE_PREFIX}{self.id}", None, None, self.note)


# The rules, written once. A rule whose group is not in the data set adds nothing.
RULES: tuple[Rule, ...] = (
    Rule("gemeente", "Gemeente", "groep-gemeenten",
         "Afgeleid: elke gemeente hoort bij de groep gemeenten."),
    Rule("gemeente-decentraal", "Gemeente", "groep-decentrale-overheden",
         "Afgeleid: elke gemeente is een decentrale overheid."),
    Rule("provincie", "Regio", "groep-provincies",
         "Afgeleid: elke regio van de soort provincie hoort bij de groep provincies.", soort="provincie"),
    Rule("provincie-decentraal", "Regio", "groep-decentrale-overheden",
         "Afgeleid: elke provincie is een decentrale overheid.", soort="provincie"),
    Rule("planbureau-landelijk", "Instituut", "groep-planbureaus",
         "Afgeleid: elk landelijk instituut van de soort planbureau hoort bij de groep planbureaus.",
         soort="planbureau", niveau="landelijk"),
    Rule("planbureau-regionaal", "Instituut", "groep-regionale-kennisplatforms",
         "Afgeleid: elk regionaal instituut van de soort planbureau hoort bij de groep regionale kennisplatforms.",
         soort="planbureau", niveau="regionaal"),
    Rule("kennisinstituut-regionaal", "Instituut", "groep-regionale-kennisplatforms",
         "Afgeleid: elk regionaal instituut van de soort kennisinstituut hoort bij de groep regionale "
         "kennisplatforms.", soort="kennisinstituut", niveau="regionaal"),
    Rule("kennisinstituut-landelijk", "Instituut", "groep-landelijke-kennisinstituten",
         "Afgeleid: elk landelijk instituut van de soort kennisinstituut hoort bij de groep landelijke "
         "kennisinstituten.", soort="kennisinstituut", niveau="landelijk"),
    Rule("universiteit", "Instituut", "groep-universiteiten",
         "Afgeleid: elk instituut van de soort universiteit hoort bij de groep universiteiten.",
         soort="universiteit"),
    Rule("hogeschool", "Instituut", "groep-hogescholen",
         "Afgeleid: elk instituut van de soort hogeschool hoort bij de groep hogescholen.", soort="hogeschool"),
    Rule("ggd", "Instituut", "groep-ggden",
         "Afgeleid: elk instituut van de soort ggd hoort bij de groep GGD'en.", soort="ggd"),
    Rule("omgevingsdienst", "Instituut", "groep-omgevingsdiensten",
         "Afgeleid: elk instituut van de soort omgevingsdienst hoort bij de groep omgevingsdiensten.",
         soort="omgevingsdienst"),
)


def derive_memberships(dataset: Dataset, rules: tuple[Rule, ...] = RULES) -> list[Relationship]:
    """HOORT_BIJ for every actor a rule puts in a group that exists in `dataset`, unless a
    document already states that membership (the stated fact keeps its own sources)."""
    stated = {(r.start, r.end) for r in dataset.relationships if r.type == "HOORT_BIJ"}
    out: dict[tuple[str, str], list[Source]] = {}
    for node in sorted(dataset.nodes.values(), key=lambda n: n.id):
        for rule in rules:
            group = dataset.nodes.get(rule.group)
            if group is None or group.label != GROUP_LABEL or not rule.matches(node):
                continue
            if (node.id, rule.group) in stated:
                continue
            out.setdefault((node.id, rule.group), []).append(rule.source)
    return [Relationship("HOORT_BIJ", a, b, {}, tuple(srcs)) for (a, b), srcs in out.items()]
