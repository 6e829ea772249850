"""The five documents as a set with known answers (bench/documents.py runs this).

For each document: the graph without that document's seed file(s) (seed/NNN-*.yaml cite only
their own document), the extractor run on the document against that graph, and its proposals
at or above a confidence (`threshold`; None: the default of each kind, DEFAULT_BY_SOORT)
compared with the document's seed facts:
- mentions: nodes the reduced graph knows that the seed sources to this document;
- new entities: nodes the seed sources to this document that the reduced graph does not know
  (matched by name, rapidfuzz);
- relationships by type: the seed's relationships sourced to this document (NOEMT is derived,
  rule-based HOORT_BIJ too, and the document's own publisher is what the user confirms: left out).
Each missed relationship gets a cause (`relaties_gemist_oorzaak`): an end the extractor does not
find at all (per label), found below the threshold, both ends in one sentence but no or another
type, ends in adjacent sentences, both in the cited lines but further apart, only one end in the
cited lines, or only elsewhere in the text (context).
"""
from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

from rapidfuzz import fuzz

from graph.model import RULE_PREFIX, Dataset, Node
from graph.names import normalize_name
from loaders.documents.proposals import NEW, default_threshold, propose
from loaders.documents.relations import DOCUMENT, NOEMT, SYMMETRIC
from loaders.documents.text import Text
from loaders.validate import seed_files

SKIP_GOLD_LABELS = ("Grootteklasse",)


def seed_files_by_document() -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {}
    for path in seed_files():
        text = path.read_text(encoding="utf-8")
        if "referentie" in path.name:
            continue
        marker = "file: "
        i = text.find(marker)
        if i < 0:
            continue
        file = text[i + len(marker):text.index("\n", i)].strip()
        out.setdefault(file, []).append(path)
    return out


def _declared_nodes(paths: list[Path]) -> dict[str, Node]:
    """The nodes as the given seed files declare them (names merged as the loader merges
    them: the first naam wins, other spellings become aliases). Relationships are not needed:
    the extractor reads names only. (The seed files do not stand alone as a dataset: a
    relationship may point to a node another document declares.)"""
    from loaders.validate import read_all

    props: dict[str, tuple[str, dict]] = {}
    for entry in read_all(paths).nodes:
        d = {k: v for k, v in entry.data.items() if not k.startswith("_") and k != "sources"}
        node_id, label = d.pop("id", None), d.pop("label", None)
        if not isinstance(node_id, str) or not isinstance(label, str):
            continue
        if node_id not in props:
            props[node_id] = (label, d)
            continue
        first = props[node_id][1]
        aliases = list(first.get("aliassen", []))
        for alias in [d.get("naam"), *d.get("aliassen", [])]:
            if isinstance(alias, str) and alias != first.get("naam") and alias not in aliases:
                aliases.append(alias)
        for k, v in d.items():
            first.setdefault(k, v)
        if aliases:
            first["aliassen"] = aliases
    return {i: Node(i, label, d, ()) for i, (label, d) in props.items()}


def _pr(found: set, gold: set) -> dict:
    hit = len(found & gold)
    return {"gold": len(gold), "voorgesteld": len(found), "goed": hit,
            "recall": round(hit / len(gold), 3) if gold else None,
            "precision": round(hit / len(found), 3) if found else None}


def _same_name(a: str, names: list[str]) -> bool:
    """The same name: equal keys, or nearly equal (rapidfuzz) with the same numbers in both
    ("Movisie (2023)" is not "Movisie (2024)")."""
    ka = normalize_name(a)
    digits = re.findall(r"\d+", a)
    return any(ka == normalize_name(n) or (fuzz.ratio(ka, normalize_name(n)) >= 85 and re.findall(r"\d+", n) == digits)
               for n in names)


def evaluate_document(file: str, full: Dataset, sources_dir: Path, threshold: float | None = None) -> dict:
    own = seed_files_by_document()[file]
    reduced = Dataset(_declared_nodes([p for p in seed_files() if p not in own]))
    pub = next(n.id for n in full.nodes.values() if n.label == "Publicatie" and n.properties.get("bestand") == file)
    cites = lambda srcs: any(s.file == file for s in srcs)  # noqa: E731
    doc_nodes = {n.id: n for n in full.nodes.values()
                 if cites(n.sources) and n.id != pub and n.label not in SKIP_GOLD_LABELS}
    gold_mentions = {i for i in doc_nodes if i in reduced.nodes}
    gold_new = {i: n for i, n in doc_nodes.items() if i not in reduced.nodes}
    gold_rels = set()
    for r in full.relationships:
        if r.type == "NOEMT" or not cites(r.sources):
            continue
        if all(s.publication.startswith(RULE_PREFIX) for s in r.sources):
            continue
        if r.type == "UITGEGEVEN_DOOR" and r.start == pub:
            continue  # the publisher: confirmed by the user, not proposed
        gold_rels.add((r.type, r.start, r.end))
    text = (sources_dir / file).read_text(encoding="utf-8")
    t0, c0 = time.perf_counter(), time.process_time()
    placed: dict[str, set[int]] = {}
    proposals = propose(text, file, reduced.nodes.values(), titel=full.nodes[pub].naam, sentences=placed)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    above = [p for p in proposals if p.confidence >= default_threshold(p.soort, threshold)]

    found_mentions = {p.id for p in above if p.soort == "vermelding"}
    new_props = [p for p in above if p.soort == "nieuwe-knoop"]
    new_map: dict[str, str] = {}  # proposal ref -> gold id
    for p in new_props:
        for gid, node in gold_new.items():
            if node.label == p.label and _same_name(p.naam, node.own_names()):
                new_map[NEW + normalize_name(p.naam)] = gid
                break
    found_new = {new_map.get(NEW + normalize_name(p.naam), "?" + p.naam) for p in new_props}

    def ref(r: str) -> str:
        return pub if r == DOCUMENT else new_map.get(r, r)

    found_rels = set()
    for p in above:
        if p.soort != "relatie" or p.type == NOEMT:
            continue
        key = (p.type, ref(p.van_id), ref(p.naar_id))
        if p.type in SYMMETRIC and (p.type, key[2], key[1]) in gold_rels:
            key = (p.type, key[2], key[1])
        found_rels.add(key)
    by_type = {}
    for t in sorted({k[0] for k in gold_rels | found_rels}):
        by_type[t] = _pr({k for k in found_rels if k[0] == t}, {k for k in gold_rels if k[0] == t})
    missed_labels = Counter(doc_nodes[i].label for i in gold_mentions - found_mentions)
    causes = _causes(Text(text), file, full, pub, gold_rels - found_rels, proposals, placed, ref)
    return {
        "document": file, "regels": text.count("\n"), "seconden": round(seconds, 3), "cpu_seconden": round(cpu, 3),
        "voorstellen": len(proposals), "boven_standaard": len(above),
        "vermeldingen": _pr(found_mentions, gold_mentions),
        "nieuwe_knopen": _pr(found_new, set(gold_new)),
        "relaties": _pr(found_rels, gold_rels),
        "relaties_per_type": by_type,
        "relaties_gemist_oorzaak": dict(causes.most_common()),
        "gemist_vermeldingen_per_label": dict(missed_labels.most_common()),
        "gemist_nieuw_per_label": dict(Counter(gold_new[i].label for i in set(gold_new) - found_new).most_common()),
        "fout_vermeldingen_per_label": dict(Counter(
            p.label for p in above if p.soort == "vermelding" and p.id not in gold_mentions).most_common()),
    }


def _causes(text: Text, file: str, full: Dataset, pub: str, missed: set, proposals, placed: dict[str, set[int]],
            ref) -> Counter:
    """Why each missed gold relationship was missed (see the module docstring)."""
    sentences: dict[str, set[int]] = {}
    for r, ss in placed.items():
        sentences.setdefault(ref(r), set()).update(ss)
    proposed = {(p.type, ref(p.van_id), ref(p.naar_id)) for p in proposals if p.soort == "relatie"}
    out: Counter = Counter()
    for key in missed:
        rtype, start, end = key
        spans = [s.lines for r in full.relationships if (r.type, r.start, r.end) == key
                 for s in r.sources if s.file == file and s.lines]
        if key in proposed or (rtype in SYMMETRIC and (rtype, end, start) in proposed):
            out["onder de drempel"] += 1
            continue
        ends = [e for e in (start, end) if e != pub]
        unknown = sorted({full.nodes[e].label for e in ends if e not in sentences})
        if unknown:
            out["eind niet gevonden: " + "/".join(unknown)] += 1
            continue
        if len(ends) < 2:
            out["document en gevonden eind, niet voorgesteld"] += 1
            continue
        sa, sb = sentences[start], sentences[end]

        def cited(ss: set[int]) -> bool:
            return any(a <= text.sentence_lines(x)[1] and text.sentence_lines(x)[0] <= b for x in ss for a, b in spans)
        if sa & sb:
            out["zelfde zin, geen of ander type"] += 1
        elif any(abs(x - y) <= 1 for x in sa for y in sb):
            out["aangrenzende zinnen"] += 1
        elif cited(sa) and cited(sb):
            out["zelfde passage (bronregels)"] += 1
        elif cited(sa) or cited(sb):
            out["één eind in de bronregels"] += 1
        else:
            out["context"] += 1
    return out


def evaluate_all(sources_dir: Path, threshold: float | None = None) -> dict:
    from loaders.validate import load_seed

    full = load_seed(sources_dir)
    docs = [evaluate_document(f, full, sources_dir, threshold) for f in sorted(seed_files_by_document())]

    def total(part: str) -> dict:
        g = sum(d[part]["gold"] for d in docs)
        v = sum(d[part]["voorgesteld"] for d in docs)
        h = sum(d[part]["goed"] for d in docs)
        return {"gold": g, "voorgesteld": v, "goed": h, "recall": round(h / g, 3) if g else None,
                "precision": round(h / v, 3) if v else None}

    causes: Counter = Counter()
    per_type: dict[str, Counter] = {}
    for d in docs:
        causes.update(d["relaties_gemist_oorzaak"])
        for t, v in d["relaties_per_type"].items():
            per_type.setdefault(t, Counter()).update({k: v[k] for k in ("gold", "voorgesteld", "goed")})
    return {"drempel": threshold, "documenten": docs,
            "totaal": {p: total(p) for p in ("vermeldingen", "nieuwe_knopen", "relaties")},
            "relaties_per_type": {t: dict(c) for t, c in sorted(per_type.items())},
            "relaties_gemist_oorzaak": dict(causes.most_common())}
