"""Users' rows on top of the seed: merge, resolve references, attach sources.

Rules that differ from seed files, on purpose:
- a user's `bron` is a URL, a document title or a Publicatie id. It becomes a Source with
  `file` and `lines` null (USER_SOURCE_FILE): user data has no line span in our source
  documents. The seed-only rule that `file: null` is reserved for administrative geography
  (loaders/validate.py) does not apply here;
- a node whose naam or alias matches an existing node of the same label is merged into it
  and reported; conflicting properties are reported and the existing value wins unless
  `prefer_import`;
- in `van`/`naar` a user may write an id, a naam or an alias (loaders/resolve.py).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import Problem
from graph.model import (
    DERIVED_TYPES,
    LABELS,
    RELATIONSHIP_TYPES,
    Dataset,
    Node,
    Relationship,
    Source,
    slugify,
)
from loaders import rules
from loaders.resolve import NameIndex, strict_key, suggest
from loaders.user_files import Row

USER_SOURCE_FILE = None  # user facts cite no line span in our source documents
USER_SOURCE_SOORT = "gebruikersbron"
# A user's own source is a local or regional document (a platform's report, a web page).
USER_SOURCE_NIVEAU = "regionaal"
ID_PREFIX = {"Gemeente": "gm-", "Regio": "regio-", "Thema": "thema-", "Publicatie": "pub-",
             "Kennisbron": "kb-", "Grootteklasse": "gk-", "Fase": "fase-"}
MAX_SLUG = 60
ROW_ONLY_KEYS = ("id", "label", "bron", "toelichting")


@dataclass(frozen=True)
class Merge:
    file: str
    line: int
    name: str
    target: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: samengevoegd: '{self.name}' -> {self.target}"


@dataclass(frozen=True)
class Conflict:
    file: str
    line: int
    node: str
    key: str
    existing: Any
    imported: Any
    kept_import: bool

    def __str__(self) -> str:
        kept = "waarde uit het bestand gebruikt (--prefer-import)" if self.kept_import else "bestaande waarde behouden"
        return (f"{self.file}:{self.line}: conflict: '{self.key}' van {self.node} is {self.existing!r}, "
                f"in het bestand {self.imported!r}; {kept}")


@dataclass
class ImportReport:
    merged: list[Merge] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    new_nodes: list[str] = field(default_factory=list)
    new_publications: list[str] = field(default_factory=list)
    new_relationships: list[tuple] = field(default_factory=list)
    node_files: dict[str, str] = field(default_factory=dict)  # new node id -> file that made it
    rel_files: dict[tuple, str] = field(default_factory=dict)  # new relationship key -> file

    def lines(self) -> list[str]:
        out = [str(m) for m in self.merged] + [str(c) for c in self.conflicts]
        if self.new_nodes or self.new_relationships or self.merged:
            out.append(f"import: {len(self.new_nodes)} nieuwe knopen (waarvan {len(self.new_publications)} "
                       f"gebruikersbronnen), {len(self.merged)} samengevoegd, "
                       f"{len(self.new_relationships)} nieuwe relaties")
        return out


def short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def derived_id(label: str, naam: str) -> str:
    """The id a user's node gets when it has none (seed/README.md id rules)."""
    slug = slugify(naam)
    if not slug or len(slug) > MAX_SLUG:
        slug = "-".join(filter(None, (slug[:MAX_SLUG - 10].rstrip("-"), short_hash(naam))))
    prefix = ID_PREFIX.get(label, "")
    return slug if slug.startswith(prefix) else prefix + slug


class UserImport:
    """Applies user rows to a base dataset (the seed plus any seed-format files)."""

    def __init__(self, base: Dataset, broken_ids: set[str], prefer_import: bool | set[str] = False,
                 store_ids: frozenset[str] = frozenset()):
        self.prefer_import = prefer_import  # True, or the files whose values win a conflict
        self.store_ids = store_ids  # nodes that come from the store (earlier imports), not the files
        self.label = {i: n.label for i, n in base.nodes.items()}
        self.props = {i: dict(n.properties) for i, n in base.nodes.items()}
        self.sources = {i: list(n.sources) for i, n in base.nodes.items()}
        self.rels: dict[tuple, Relationship] = {r.key: r for r in base.relationships}
        self.base_rel_keys = set(self.rels)
        self.index = NameIndex()
        self.index.add_all(base.nodes.values())
        self.suppressed = {strict_key(i) for i in broken_ids}
        self.user_ids: dict[str, Row] = {}
        self.pending: list[tuple[str, Row]] = []
        self.problems: list[Problem] = []
        self.report = ImportReport()
        self.origins: dict[str, tuple[str, int]] = {}  # node id -> the first row that declared it
        self._shared: dict[tuple[Source, ...], tuple[Source, ...]] = {}

    def shared(self, sources: tuple[Source, ...]) -> tuple[Source, ...]:
        """One object per distinct sources tuple (and so per Source): a file's rows mostly name
        the same bron, and at national scale half a million equal copies made the embedded
        store, and every start that reads it from its snapshot, a million objects heavier."""
        return self._shared.setdefault(sources, sources)

    def required(self, row: Row, keys: tuple[str, ...]) -> bool:
        """Report each missing required value and a missing bron; False if any is missing."""
        ok = True
        for key in keys:
            if not row.data.get(key):
                self.problem(row, "E_MISSING_VALUE", f"verplichte waarde '{key}' ontbreekt")
                ok = False
        if not row.data.get("bron"):
            self.problem(row, "E_MISSING_SOURCE", "geen bron: elk feit heeft een bron (URL, documenttitel of Publicatie-id)")
            ok = False
        return ok

    def prefers(self, row: Row) -> bool:
        return self.prefer_import is True or (isinstance(self.prefer_import, (set, frozenset))
                                             and row.file in self.prefer_import)

    def problem(self, row: Row, code: str, message: str) -> None:
        self.problems.append(Problem(row.where, row.line, code, message))

    def issue(self, row: Row, issue: tuple[str, str] | None) -> bool:
        """Report a rule's issue (loaders/rules.py); True when there was one."""
        if issue:
            self.problem(row, *issue)
        return issue is not None

    def run(self, rows: list[Row]) -> Dataset:
        for row in rows:
            if row.kind == "node":
                self.node_row(row)
        for node_id, row in self.pending:
            source = self.source_for(row)
            if source is not None and source not in self.sources[node_id]:
                self.sources[node_id].append(source)
        for row in rows:
            if row.kind == "rel":
                self.rel_row(row)
        self.report.new_relationships = [k for k in self.rels if k not in self.base_rel_keys]
        self.report.node_files = {i: self.origins[i][0] for i in self.report.new_nodes if i in self.origins}
        return Dataset({i: self.node(i) for i in self.label}, list(self.rels.values()))

    def node(self, node_id: str) -> Node:
        props = dict(self.props[node_id])
        naam = str(props.get("naam", ""))
        aliases = list(dict.fromkeys(a for a in props.get("aliassen", []) if a.casefold() != naam.casefold()))
        if aliases:
            props["aliassen"] = aliases
        else:
            props.pop("aliassen", None)
        return Node(node_id, self.label[node_id], props, self.shared(tuple(self.sources[node_id])))

    # -- nodes ------------------------------------------------------------------------------
    def check_node(self, row: Row) -> bool:
        d, ok = row.data, not row.broken
        label, node_id = d.get("label"), d.get("id")
        ok = self.required(row, ("label", "naam")) and ok
        if any([self.issue(row, rules.text_issue(k, d[k]))
                for k in ("label", "naam", "id", "bron", "toelichting") if d.get(k) is not None]):
            return False
        if self.issue(row, rules.label_issue(label)):
            ok = False
        if node_id is not None:
            issue = rules.id_issue(node_id)
            if issue:
                self.problem(row, issue[0], issue[1] + "; laat het leeg om het uit de naam af te leiden")
                ok = False
            elif node_id in self.user_ids:
                first = self.user_ids[node_id]
                self.problem(row, "E_DUPLICATE_ID", f"id '{node_id}' staat ook in {first.file}:{first.line}")
                ok = False
            else:
                self.user_ids[node_id] = row
        if label in LABELS:
            props = {k: v for k, v in d.items() if k not in ROW_ONLY_KEYS}
            for _, issue in rules.node_property_issues(label, props):
                self.issue(row, issue)
                ok = False
        elif self.issue(row, rules.niveau_issue(d.get("niveau"))):
            ok = False
        return ok

    def node_row(self, row: Row) -> None:
        d = row.data
        if not self.check_node(row):
            self.suppressed.update(strict_key(str(d[k])) for k in ("id", "naam") if d.get(k))
            return
        label, naam, node_id = d["label"], d["naam"], d.get("id")
        props = {k: v for k, v in d.items() if k not in ROW_ONLY_KEYS}
        target = self.index.ids.get(node_id) if node_id else None
        if target is not None and self.label[target] != label:
            where = "is in de store al een" if target in self.store_ids else "is al een"
            other = "hier een" if target in self.store_ids else "geen"
            self.problem(row, "E_LABEL_CONFLICT", f"id '{node_id}' {where} {self.label[target]}, {other} {label}")
            return
        if target is None:
            names = [naam, *props.get("aliassen", []), props.get("afkorting")]
            found = self.index.lookup_same_label(names, label)
            if len(found) > 1:
                self.problem(row, "E_AMBIGUOUS_NODE",
                             f"'{naam}' past bij meer dan één {label}: {self.index.describe(found, self.props)}; "
                             "geef het id op")
                return
            target = found[0] if found else None
        if target is None:
            target = self.create(row, label, node_id, props)
            if target is None:
                return
        else:
            self.merge_into(target, row, props)
        if node_id and node_id != target:
            self.index.alias_id(node_id, target)
        self.pending.append((target, row))
        self.origins.setdefault(target, (row.file, row.line))

    def create(self, row: Row, label: str, node_id: str | None, props: dict) -> str | None:
        niveau, issue = rules.niveau_of(label, props.get("niveau"), f"nieuw {label} '{props['naam']}'")
        if niveau is None:
            self.issue(row, issue)
            self.suppressed.add(strict_key(props["naam"]))
            return None
        props["niveau"] = niveau
        if not node_id:
            node_id = base = derived_id(label, props["naam"])
            n = 2
            while node_id in self.label:  # a different entity that happens to share the slug
                node_id = f"{base}-{n}"
                n += 1
        self.label[node_id], self.props[node_id], self.sources[node_id] = label, props, []
        self.index.add(node_id, label, props)
        self.report.new_nodes.append(node_id)
        return node_id

    def merge_into(self, target: str, row: Row, props: dict) -> None:
        self.report.merged.append(Merge(row.file, row.line, props["naam"], target))
        cur = self.props[target]
        prefer = self.prefers(row)
        for key, value in props.items():
            if key == "aliassen":
                cur["aliassen"] = list(dict.fromkeys([*cur.get("aliassen", []), *value]))
                continue
            if key == "naam":
                if target in self.index.lookup_same_label([value], self.label[target]):
                    continue  # one of its names: that is how it merged
                old = cur["naam"]
                self.report.conflicts.append(
                    Conflict(row.file, row.line, target, key, old, value, prefer))
                keep_alias = old if prefer else value
                cur["naam"] = value if prefer else old
                cur["aliassen"] = list(dict.fromkeys([*cur.get("aliassen", []), keep_alias]))
                continue
            if key in cur and cur[key] != value:
                self.report.conflicts.append(
                    Conflict(row.file, row.line, target, key, cur[key], value, prefer))
                if not prefer:
                    continue
            cur[key] = value
        self.index.add(target, self.label[target], cur)

    # -- sources ----------------------------------------------------------------------------
    def source_for(self, row: Row) -> Source | None:
        pub = self.publication_for(row, str(row.data["bron"]))
        if pub is None:
            return None
        note = row.data.get("toelichting") or f"aangeleverd in {Path(row.file).name}"
        return Source(pub, USER_SOURCE_FILE, None, str(note))

    def publication_for(self, row: Row, bron: str) -> str | None:
        """The Publicatie a bron names (id, naam, titel or url), else a new gebruikersbron."""
        target = self.index.ids.get(bron)
        if target is not None:
            if self.label[target] == "Publicatie":
                return target
            self.problem(row, "E_BAD_SOURCE", f"bron '{bron}' is een {self.label[target]}, geen Publicatie")
            return None
        found = [i for i in self.index.lookup(bron, ["Publicatie"]) if self.label[i] == "Publicatie"]
        if len(found) > 1:
            self.problem(row, "E_AMBIGUOUS_REF", f"bron '{bron}' past bij meer dan één publicatie: "
                                                 f"{self.index.describe(found, self.props)}; gebruik het id")
            return None
        if found:
            return found[0]
        if bron.startswith("pub-") and slugify(bron) == bron:
            pubs = [i for i, l in self.label.items() if l == "Publicatie"]
            self.problem(row, "E_DANGLING_REF", f"bron verwijst naar onbekende publicatie '{bron}'{suggest(bron, pubs)}")
            return None
        pub = derived_id("Publicatie", bron)
        if pub in self.label:  # same slug, different text: keep them apart
            pub = f"{pub}-{short_hash(bron)}"
        kind = "url" if bron.lower().startswith(("http://", "https://", "www.")) else "titel"
        props = {"naam": bron, "niveau": USER_SOURCE_NIVEAU, "soort": USER_SOURCE_SOORT, kind: bron}
        self.label[pub], self.props[pub] = "Publicatie", props
        self.sources[pub] = [Source(pub, USER_SOURCE_FILE, None, "bron opgegeven in een gebruikersbestand")]
        self.index.add(pub, "Publicatie", props)
        self.report.new_nodes.append(pub)
        self.report.new_publications.append(pub)
        self.origins.setdefault(pub, (row.file, row.line))
        return pub

    # -- relationships ----------------------------------------------------------------------
    def rel_row(self, row: Row) -> None:
        d, ok = row.data, not row.broken
        ok = self.required(row, ("van", "type", "naar")) and ok
        if any([self.issue(row, rules.text_issue(k, d[k]))
                for k in ("van", "type", "naar", "bron", "toelichting") if d.get(k) is not None]):
            return
        rtype = str(d.get("type") or "").strip().upper().replace(" ", "_").replace("-", "_")
        spec = RELATIONSHIP_TYPES.get(rtype) if rtype not in DERIVED_TYPES else None
        if d.get("type"):
            issue = rules.rel_type_issue(rtype)
            if issue and issue[0] == "E_UNKNOWN_TYPE":
                issue = (issue[0], f"onbekend relatietype '{d['type']}'{suggest(rtype, RELATIONSHIP_TYPES)}")
            ok = not self.issue(row, issue) and ok
        starts, ends, _ = spec if spec else (None, None, ())
        start = self.resolve_end(row, "van", d.get("van"), starts)
        end = self.resolve_end(row, "naar", d.get("naar"), ends)
        props = {k: v for k, v in d.items() if k not in ("van", "type", "naar", "bron", "toelichting")}
        if spec:
            for _, issue in rules.rel_property_issues(rtype, props):
                ok = not self.issue(row, issue) and ok
        if not ok or start is None or end is None:
            return
        if self.issue(row, rules.rel_ends_issue(rtype, self.label[start], self.label[end])):
            return
        if self.issue(row, rules.rel_scope_issue(rtype, self.label[start], self.label[end], props)):
            return
        source = self.source_for(row)
        if source is None:
            return
        rel = Relationship(rtype, start, end, props, self.shared((source,)))
        old = self.rels.get(rel.key)
        if old is None:
            self.report.rel_files.setdefault(rel.key, row.file)
        self.rels[rel.key] = rel if old is None else Relationship(
            rtype, start, end, old.properties, self.shared(tuple(dict.fromkeys(old.sources + rel.sources))))

    def resolve_end(self, row: Row, column: str, text: Any, labels) -> str | None:
        if not text:
            return None
        text = str(text)
        found = self.index.lookup(text, labels)
        if len(found) == 1:
            return found[0]
        if found:
            self.problem(row, "E_AMBIGUOUS_REF", f"'{column}' '{text}' is niet eenduidig: "
                                                 f"{self.index.describe(found, self.props)}; gebruik het id")
        elif strict_key(text) not in self.suppressed:
            names = [*self.label, *(str(p.get("naam")) for p in self.props.values())]
            self.problem(row, "E_DANGLING_REF", f"'{column}' verwijst naar onbekende knoop '{text}' "
                                                f"(geen id, naam of alias in de seed of uw bestanden){suggest(text, names)}")
        return None
