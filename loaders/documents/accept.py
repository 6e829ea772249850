"""Accepted proposals as ONE import: a seed-format YAML file in the workspace, sourced to the
stored document and its lines, validated like any import and checked by the provenance rule.

- the document's Publicatie (titel, jaar, uitgever as the user confirmed them; `bestand` is the
  stored text, so the document becomes a source file like the five documents);
- a `vermelding`: the known node declared again with a source at the cited lines (the loader
  merges declarations; NOEMT from the document follows). When the text writes the name in a
  way the provenance check does not find (a woonplaats, another spelling), that spelling
  becomes an alias;
- a `nieuwe-knoop`: a new node with its label, niveau and the cited lines;
- a `relatie`: the relationship with the cited lines; both ends are recorded as named there.
  Type "noemt" only records that both are named.
Rejected proposals and accepted ones are remembered with the document, so adding it again
does not propose them again.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

import yaml

from graph.errors import Problem, ValidationError
from graph.model import Dataset, Node, RELATIONSHIP_TYPES
from graph.names import normalize_name, words
from loaders import workspace
from loaders.documents.candidates import DEFAULT_NIVEAU
from loaders.documents.proposals import NEW, Proposal
from loaders.documents.relations import DOCUMENT, NOEMT
from loaders.documents.store import StoredDocument
from loaders.provenance import check_node, check_relationship, names_in, span_variants
from loaders.user_import import derived_id

NOTE_MENTION = "Het toegevoegde document noemt {naam} hier (voorstel aanvaard door de gebruiker)."
NOTE_NEW = "Nieuw uit het toegevoegde document: {naam} ({label}), aanvaard door de gebruiker."
NOTE_REL = "Het toegevoegde document legt hier een verband {type} tussen {van} en {naar} (aanvaard)."
NOTE_PUB = "Kop van het toegevoegde document; titel, jaar en uitgever bevestigd door de gebruiker."


def publication_id(doc: StoredDocument, titel: str, taken: dict[str, Node]) -> str:
    pid = derived_id("Publicatie", titel)
    old = taken.get(pid)
    if old is not None and old.properties.get("bestand") != doc.file:
        pid = f"{pid}-{doc.file[4:10]}"
    return pid


def _title_lines(doc: StoredDocument, titel: str) -> tuple[tuple[int, int], str | None]:
    """Lines that name the title among the first 15, else the first line with text and
    that line's text as an alias (the heading as the document writes it)."""
    path = doc.path
    for a in range(1, min(15, len(doc.lines)) + 1):
        for b in range(a, min(a + 3, len(doc.lines)) + 1):
            if names_in(span_variants(path, a, b), [titel]):
                return (a, b), None
    first = next((i + 1 for i, l in enumerate(doc.lines) if len(words(l)) >= 1), 1)
    return (first, first), " ".join(doc.lines[first - 1].split())[:300]


class ImportBuilder:
    def __init__(self, doc: StoredDocument, nodes: dict[str, Node], publicatie: dict):
        self.doc = doc
        self.nodes = nodes
        self.decl: dict[str, dict] = {}
        self.rels: list[dict] = []
        self.problems: list[str] = []
        titel = str(publicatie.get("titel") or "").strip()
        if not titel:
            raise ValidationError([Problem(doc.file, 1, "E_MISSING_FIELD", "de publicatie heeft een titel nodig")])
        self.pub_id = publication_id(doc, titel, nodes)
        lines, heading = _title_lines(doc, titel)
        pub = {"id": self.pub_id, "label": "Publicatie", "naam": titel, "titel": titel, "niveau": "landelijk",
               "bestand": doc.file, "sources": [self._src(lines, NOTE_PUB)]}
        # Another publication with the same name (the same report in the seed, say): this one
        # is named with its year or file so that both stay apart.
        taken = {normalize_name(x) for n in nodes.values() if n.label == "Publicatie" and n.id != self.pub_id
                 for x in n.own_names()}
        if normalize_name(titel) in taken:
            pub["naam"] = f"{titel} ({publicatie.get('jaar') or doc.meta.get('origineel') or doc.file})"
            # the cited lines must still name it: the heading over as many lines as makes it distinct
            for extra in range(0, 6):
                b = min(lines[1] + extra, len(doc.lines))
                text = " ".join(" ".join(doc.lines[lines[0] - 1:b]).split())[:300]
                if text and normalize_name(text) not in taken:
                    heading, lines = text, (lines[0], b)
                    pub["sources"] = [self._src(lines, NOTE_PUB)]
                    break
        if heading and normalize_name(heading) not in {normalize_name(titel), *taken}:
            pub["aliassen"] = [heading]
        if publicatie.get("jaar") not in (None, ""):
            try:
                pub["jaar"] = int(publicatie["jaar"])
            except (TypeError, ValueError):
                raise ValidationError([Problem(doc.file, 1, "E_BAD_VALUE",
                                               f"jaar moet een geheel getal zijn, niet {publicatie['jaar']!r}")]) from None
        self.decl[self.pub_id] = pub
        self.new_ids: dict[str, str] = {}

    def _src(self, lines, note: str) -> dict:
        return {"file": self.doc.file, "lines": [int(lines[0]), int(lines[1])], "note": note}

    def _name_here(self, names: list[str], lines) -> bool:
        return names_in(span_variants(self.doc.path, int(lines[0]), int(lines[1])), names)

    def _written(self, lines, node_names: list[str], written: str | None) -> str | None:
        """The spelling to add as alias when the lines do not name the node by its names."""
        if self._name_here(node_names, lines) or not written:
            return None
        return written if self._name_here([written], lines) else None

    def known(self, node_id: str, lines, written: str | None = None) -> None:
        node = self.nodes[node_id]
        d = self.decl.get(node_id)
        if d is None:
            d = self.decl[node_id] = {"id": node.id, "label": node.label, "naam": node.naam, "sources": []}
            if node.niveau:
                d["niveau"] = node.niveau
        names = node.own_names() + d.get("aliassen", [])
        alias = self._written(lines, names, written)
        if alias is None and not self._name_here(names, lines):
            self.problems.append(f"{node.naam}: regels {lines[0]}-{lines[1]} noemen deze naam niet")
            return
        if alias:
            d.setdefault("aliassen", []).append(alias)
        src = self._src(lines, NOTE_MENTION.format(naam=node.naam))
        if src not in d["sources"]:
            d["sources"].append(src)

    def new(self, p: Proposal) -> str:
        ref = NEW + normalize_name(p.naam or "")
        if ref in self.new_ids:
            return self.new_ids[ref]
        node_id = p.id or derived_id(p.label, p.naam)
        while node_id in self.nodes or (node_id in self.decl and self.decl[node_id]["naam"] != p.naam):
            node_id += "-nieuw"
        d = {"id": node_id, "label": p.label, "naam": p.naam, "niveau": p.niveau,
             "sources": [self._src(p.lines, NOTE_NEW.format(naam=p.naam, label=p.label))]}
        for k, v in (p.properties or {}).items():
            if v not in (None, ""):
                d[k] = v
        self.decl[node_id] = d
        self.new_ids[ref] = node_id
        return node_id

    def end(self, ref: str, lines, proposals_new: dict[str, Proposal], naam: str | None) -> str | None:
        if ref == DOCUMENT:
            return self.pub_id
        if ref.startswith(NEW):
            p = proposals_new.get(ref)
            if p is None:
                self.problems.append(f"onbekende nieuwe knoop '{naam}'")
                return None
            return self.new(Proposal("nieuwe-knoop", p.file, tuple(lines), p.confidence, p.reden, p.label,
                                     p.naam, p.niveau, p.id, properties=p.properties))
        if ref not in self.nodes:
            self.problems.append(f"'{ref}' staat niet in de graaf")
            return None
        self.known(ref, lines, naam)
        return ref

    def relation(self, p: Proposal, proposals_new: dict[str, Proposal]) -> None:
        van = self.end(p.van_id, p.lines, proposals_new, p.van)
        naar = self.end(p.naar_id, p.lines, proposals_new, p.naar)
        if van is None or naar is None or p.type == NOEMT:
            return
        rel = {"type": p.type, "from": van, "to": naar, **(p.properties or {}),
               "sources": [self._src(p.lines, NOTE_REL.format(type=p.type, van=p.van, naar=p.naar))]}
        if p.type not in RELATIONSHIP_TYPES:
            self.problems.append(f"onbekend relatietype '{p.type}'")
            return
        self.rels.append(rel)

    def publisher(self, uitgever: str) -> None:
        """UITGEGEVEN_DOOR to the publisher, at the first lines that name it."""
        key = normalize_name(uitgever)
        allowed = RELATIONSHIP_TYPES["UITGEGEVEN_DOOR"][1]
        node = next((n for n in self.nodes.values() if n.label in allowed
                     and key in {normalize_name(x) for x in n.names()}), None)
        names = node.own_names() if node else [uitgever]
        line = next((i + 1 for i in range(len(self.doc.lines)) if self._name_here(names, (i + 1, i + 1))), None)
        if line is None:
            self.problems.append(f"uitgever '{uitgever}' wordt in de tekst niet genoemd; "
                                 "een feit heeft regels nodig die het noemen")
            return
        if node is not None:
            self.known(node.id, (line, line))
            target = node.id
        else:
            target = self.new(Proposal("nieuwe-knoop", self.doc.file, (line, line), 1.0, "uitgever", "Instituut",
                                       uitgever, "landelijk"))
        self.rels.append({"type": "UITGEGEVEN_DOOR", "from": self.pub_id, "to": target,
                          "sources": [self._src((line, line), "De uitgever, zoals de gebruiker die bevestigde.")]})

    def yaml(self) -> str:
        head = (f"# Import uit document {self.doc.file} ({self.doc.meta.get('origineel', '')}): voorstellen\n"
                "# aanvaard door de gebruiker (lemniscaat document). Notities in eigen woorden.\n")
        body = {"nodes": list(self.decl.values()), "relationships": self.rels}
        return head + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=120)


def build_import(doc: StoredDocument, accepted: list[Proposal], nodes: dict[str, Node],
                 publicatie: dict) -> ImportBuilder:
    b = ImportBuilder(doc, nodes, publicatie)
    new_props = {NEW + normalize_name(p.naam or ""): p for p in accepted if p.soort == "nieuwe-knoop"}
    for p in accepted:
        if p.soort == "vermelding":
            if p.id not in nodes:
                b.problems.append(f"'{p.naam}' staat niet (meer) in de graaf")
                continue
            b.known(p.id, p.lines, p.geschreven)
        elif p.soort == "nieuwe-knoop":
            b.new(p)
    for p in accepted:
        if p.soort == "relatie":
            labels = (p.label or "->").split("->")
            for ref, naam, label in ((p.van_id, p.van, labels[0]), (p.naar_id, p.naar, labels[-1])):
                if ref and ref.startswith(NEW) and ref not in new_props:
                    # an accepted relationship to a new name brings that name in as a node
                    new_props[ref] = Proposal("nieuwe-knoop", p.file, p.lines, p.confidence, "", label, naam,
                                              DEFAULT_NIVEAU.get(label, "landelijk"))
            b.relation(p, new_props)
    if publicatie.get("uitgever"):
        b.publisher(str(publicatie["uitgever"]))
    return b


def provenance_problems(dataset: Dataset, file: str, sources_dir: Path) -> list[str]:
    """The provenance check on every fact that cites `file`."""
    out: list[str] = []
    for node in dataset.nodes.values():
        if any(s.file == file for s in node.sources):
            mine = Node(node.id, node.label, node.properties, tuple(s for s in node.sources if s.file == file))
            out += check_node(mine, sources_dir)
    for rel in dataset.relationships:
        if rel.type != "NOEMT" and any(s.file == file for s in rel.sources):
            out += check_relationship(rel, dataset.nodes, sources_dir)
    return out


def accept(doc: StoredDocument, accepted: list[Proposal], rejected: list[Proposal], publicatie: dict,
           ws: workspace.Workspace | None = None, sources_dir: Path | None = None,
           before_keep: Callable[[Dataset], None] | None = None) -> dict:
    """Keep the accepted proposals as one import in the workspace (after validation and the
    provenance check) and remember the decisions. Returns a summary (Dutch keys).

    `before_keep`, when given, receives the validated dataset (seed, kept imports and this one)
    before anything is kept: loading it into Neo4j there means a load Neo4j refuses keeps
    nothing, neither the import nor the decisions, so the same command can be run again."""
    from loaders.validate import default_sources_dir

    ws = ws or workspace.Workspace()
    base = workspace.dataset(ws)
    builder = build_import(doc, accepted, base.nodes, publicatie)
    if builder.problems:
        raise ValidationError([Problem(doc.file, 1, "E_VOORSTEL", msg) for msg in builder.problems])
    content = builder.yaml().encode("utf-8")
    name = f"document-{doc.file[4:-4]}.yaml"
    imp = None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(content)
        dataset, report = workspace.build(ws, extra=[path])
        problems = provenance_problems(dataset, doc.file, sources_dir or default_sources_dir())
        if problems:
            raise ValidationError([Problem(name, 1, "E_PROVENANCE", p) for p in problems])
        if before_keep is not None:
            before_keep(dataset)
        if ws.find(workspace.content_hash([(name, content)])) is None:
            known = sum(1 for i in builder.decl if i in base.nodes)
            counts = {"nieuwe_knopen": len(builder.decl) - known, "samengevoegd": known,
                      "nieuwe_relaties": len(builder.rels)}
            imp = ws.add([(name, content)], False, counts)
    doc.meta.update({k: publicatie.get(k) for k in ("titel", "jaar", "uitgever")})
    doc.remember([p.key for p in accepted], [p.key for p in rejected])
    return {"import": imp.id if imp else None, "publicatie": builder.pub_id,
            "knopen": len(builder.decl), "relaties": len(builder.rels), "afgewezen": len(rejected)}
