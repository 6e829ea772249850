"""Turn the reference geography (../shared/reference/) into seed data: seed/referentie-cbs-2024.yaml.

    .venv/bin/python scripts/reference_to_seed.py [--reference DIR] [--check]

Reads `gemeenten-2024.csv` (342 gemeenten, their regional divisions and inhabitants on
1 January 2022) and `woonplaatsen-2024.csv` (every woonplaats and its gemeente), and writes
one generated seed file:

- two `Publicatie` nodes, one per reference file (source, licence, what is derived);
- a `Gemeente` per CSV line: `cbs_code`, `naam`, `provincie`, `inwoners_2022` and
  `woonplaatsen`, citing its line in gemeenten-2024.csv and the lines of its woonplaatsen;
- a `Regio` per value of each division (`soort` provincie, landsdeel, corop, ggd-regio,
  jeugdregio, arbeidsmarktregio, veiligheidsregio) with its `cbs_code`, citing the first line
  that names it;
- `LIGT_IN` from every gemeente to its seven regions and `IN_GROOTTEKLASSE` to the Rathenau
  size class of its inhabitants, each citing the gemeente's line.

Nodes the source documents already declare keep their id, so the loader merges the two
declarations (the documents' naam wins, the CBS spelling becomes an alias: Friesland/Fryslân).
The document seed files are read, never written. Output is deterministic: a test regenerates
it in memory and compares it with the committed file (`--check` does the same here).
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from graph.model import normalize_name, slugify  # noqa: E402
from loaders.validate import default_reference_dir  # noqa: E402

GEMEENTEN_FILE = "gemeenten-2024.csv"
WOONPLAATSEN_FILE = "woonplaatsen-2024.csv"
OUTPUT = REPO_ROOT / "seed" / "referentie-cbs-2024.yaml"
PUB_GEMEENTEN = "pub-cbs-gemeenten-2024"
PUB_WOONPLAATSEN = "pub-cbs-woonplaatsen-2024"
LICENCE = "Bron: CBS / PDOK (CC BY 4.0)"


@dataclass(frozen=True)
class Division:
    soort: str          # Regio.soort
    code_column: str
    name_column: str
    prefix: str         # naam = prefix + CBS name, so that equal names of different kinds differ
    what: str           # Dutch, for notes
    origin: str         # Dutch, for notes: how the CSV column was made


DIVISIONS = (
    Division("provincie", "provincie_code", "provincie", "", "provincie", "CBS-indeling"),
    Division("landsdeel", "landsdeel_code", "landsdeel", "", "landsdeel", "CBS-indeling"),
    Division("corop", "corop_code", "corop", "COROP ", "COROP-gebied", "CBS-indeling"),
    Division("ggd-regio", "ggd_code", "ggd_regio", "", "GGD-regio",
             "afgeleid uit de CBS/PDOK-grenzen 2024"),
    Division("jeugdregio", "jeugdregio_code", "jeugdregio", "Jeugdregio ", "jeugdregio",
             "afgeleid uit de CBS/PDOK-grenzen 2024"),
    Division("arbeidsmarktregio", "arbeidsmarktregio_code", "arbeidsmarktregio", "Arbeidsmarktregio ",
             "arbeidsmarktregio", "afgeleid uit de CBS/PDOK-grenzen 2024"),
    Division("veiligheidsregio", "veiligheidsregio_code", "veiligheidsregio", "Veiligheidsregio ",
             "veiligheidsregio", "indeling van juni 2024"),
)
SOORTEN = tuple(d.soort for d in DIVISIONS)


class ReferenceError_(Exception):
    """The reference files and the document seed do not fit together (message in Dutch)."""


def read_csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(1-based line, row) per data line; the header is line 1. Fails on quoted line breaks,
    which would make line numbers differ from `grep -n`."""
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    if len(rows) != len(text.rstrip("\n").split("\n")) - 1:
        raise ReferenceError_(f"{path.name}: een veld loopt over meer regels; regelnummers kloppen dan niet")
    return [(i + 2, row) for i, row in enumerate(rows)]


def document_nodes(seed_dir: Path) -> list[dict]:
    """Gemeente, Regio and Grootteklasse nodes the document seed files declare."""
    out = []
    for path in sorted(seed_dir.glob("*.yaml")):
        if path.name.startswith("referentie-"):
            continue
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        for node in (doc or {}).get("nodes") or []:
            if isinstance(node, dict) and node.get("label") in ("Gemeente", "Regio", "Grootteklasse"):
                out.append(node)
    return out


def _names(node: dict) -> set[str]:
    return {normalize_name(n) for n in [node.get("naam", ""), *(node.get("aliassen") or [])] if n}


def _doc_index(nodes: list[dict], label: str, soort: str | None = None) -> dict[str, tuple[str, str]]:
    """normalized name -> (id, naam) of the document nodes of a label (and soort)."""
    index: dict[str, tuple[str, str]] = {}
    for n in nodes:
        if n["label"] == label and (soort is None or n.get("soort") == soort):
            for key in _names(n):
                index.setdefault(key, (n["id"], n["naam"]))
    return index


def size_classes(nodes: list[dict]) -> list[tuple[int, int | None, str, str]]:
    """(ondergrens, bovengrens, id, naam) of the Rathenau size classes in the document seed."""
    classes = [(n.get("ondergrens", 0), n.get("bovengrens"), n["id"], n["naam"])
               for n in nodes if n["label"] == "Grootteklasse"]
    if not classes:
        raise ReferenceError_("geen Grootteklasse-knopen in de seed: IN_GROOTTEKLASSE kan niet worden afgeleid")
    return sorted({c[2]: c for c in classes}.values())


def size_class_of(inwoners: int, classes) -> tuple[str, str]:
    fits = [(i, naam) for low, high, i, naam in classes if low <= inwoners and (high is None or inwoners <= high)]
    if len(fits) != 1:
        raise ReferenceError_(f"{inwoners} inwoners past in {len(fits)} grootteklassen")
    return fits[0]


# -- the compact form: one JSON object per entry line (JSON is valid YAML flow style, and
# loaders/yaml_lines.py reads files of this shape without the slow YAML parser) -----------------
def _entry_line(entry: dict) -> str:
    return "  - " + json.dumps(entry, ensure_ascii=False)


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def build(reference_dir: Path, seed_dir: Path) -> str:
    """The text of seed/referentie-cbs-2024.yaml for these reference files and document seed."""
    gemeenten = read_csv(reference_dir / GEMEENTEN_FILE)
    woonplaatsen = read_csv(reference_dir / WOONPLAATSEN_FILE)
    docs = document_nodes(seed_dir)
    classes = size_classes(docs)
    doc_ids = {n["id"] for n in docs}

    # Regions: one per (soort, code); the first line that names it is its source.
    regions: dict[tuple[str, str], dict] = {}
    region_of: dict[tuple[str, str], tuple[str, str]] = {}  # (soort, code) -> (id, naam shown)
    for div in DIVISIONS:
        known = _doc_index(docs, "Regio", div.soort)
        used: dict[str, str] = {}
        for line, row in gemeenten:
            code, cbs_name = row[div.code_column], row[div.name_column]
            if (div.soort, code) in regions:
                if regions[(div.soort, code)]["cbs_naam"] != cbs_name:
                    raise ReferenceError_(f"{GEMEENTEN_FILE}:{line}: code {code} heeft twee namen")
                continue
            naam = div.prefix + cbs_name
            hit = known.get(normalize_name(cbs_name)) or known.get(normalize_name(naam))
            node_id, shown = hit if hit else (f"regio-{slugify(naam)}", naam)
            if not hit and node_id in doc_ids:
                raise ReferenceError_(f"regio-id {node_id} ({div.soort} {code}) bestaat al in de documentseed")
            if node_id in used:
                raise ReferenceError_(f"regio-id {node_id} voor {used[node_id]} en {code}")
            used[node_id] = code
            region_of[(div.soort, code)] = (node_id, shown)
            derived = "" if div.origin == "CBS-indeling" else f"; {div.origin}"
            regions[(div.soort, code)] = {
                "cbs_naam": cbs_name, "line": line,
                "node": {"id": node_id, "label": "Regio", "naam": naam, "soort": div.soort, "cbs_code": code,
                         "sources": [{"file": GEMEENTEN_FILE, "lines": [line, line],
                                      "note": f"{div.what.capitalize()} {cbs_name}, code {code}{derived}."}]}}
        unmatched = [n["id"] for n in docs if n["label"] == "Regio" and n.get("soort") == div.soort
                     and n["id"] not in {v[0] for k, v in region_of.items() if k[0] == div.soort}]
        if unmatched:
            raise ReferenceError_(f"documentregio's met soort {div.soort} die niet in {GEMEENTEN_FILE} "
                                  f"voorkomen: {', '.join(unmatched)}")

    # Gemeenten: document ids kept.
    known_gm = _doc_index(docs, "Gemeente")
    by_code: dict[str, list[tuple[int, str]]] = {}
    for line, row in woonplaatsen:
        by_code.setdefault(row["cbs_code"], []).append((line, row["woonplaats"]))
    gm_nodes, ligt_in, klasse = [], [], []
    seen_doc: set[str] = set()
    for line, row in gemeenten:
        naam, code = row["naam"], row["cbs_code"]
        hit = known_gm.get(normalize_name(naam))
        node_id = hit[0] if hit else f"gm-{slugify(naam)}"
        if not hit and node_id in doc_ids:
            raise ReferenceError_(f"gemeente-id {node_id} ({code}) bestaat al in de documentseed")
        seen_doc.add(node_id)
        inwoners = int(row["inwoners_2022"])
        provincie = region_of[("provincie", row["provincie_code"])][1]
        places = by_code.get(code, [])
        if not places:
            raise ReferenceError_(f"{WOONPLAATSEN_FILE}: geen woonplaats in {naam} ({code})")
        sources = [{"file": GEMEENTEN_FILE, "lines": [line, line],
                    "note": f"Gemeente {naam}, CBS-code {code}, provincie {row['provincie']}; "
                            f"{_fmt(inwoners)} inwoners op 1 januari 2022."}]
        sources += [{"file": WOONPLAATSEN_FILE, "lines": [wl, wl], "note": f"Woonplaats {wp} ligt in {naam}."}
                    for wl, wp in places]
        gm_nodes.append({"id": node_id, "label": "Gemeente", "naam": naam, "cbs_code": code,
                         "provincie": provincie, "inwoners_2022": inwoners,
                         "woonplaatsen": [wp for _, wp in places], "sources": sources})
        for div in DIVISIONS:
            rcode = row[div.code_column]
            rid, rnaam = region_of[(div.soort, rcode)]
            derived = "" if div.origin == "CBS-indeling" else f" ({div.origin})"
            ligt_in.append({"type": "LIGT_IN", "from": node_id, "to": rid, "sources": [
                {"file": GEMEENTEN_FILE, "lines": [line, line],
                 "note": f"{naam} ligt in {div.what} {row[div.name_column]} ({rcode}){derived}."}]})
        kid, knaam = size_class_of(inwoners, classes)
        klasse.append({"type": "IN_GROOTTEKLASSE", "from": node_id, "to": kid, "sources": [
            {"file": GEMEENTEN_FILE, "lines": [line, line],
             "note": f"{_fmt(inwoners)} inwoners op 1 januari 2022: klasse '{knaam}' van het Rathenau Instituut."}]})
    missing = sorted(n["id"] for n in docs if n["label"] == "Gemeente" and n["id"] not in seen_doc)
    if missing:
        raise ReferenceError_(f"documentgemeenten die niet in {GEMEENTEN_FILE} staan (naam anders gespeld?): "
                              f"{', '.join(missing)}")

    pubs = [
        {"id": PUB_GEMEENTEN, "label": "Publicatie", "naam": "CBS/PDOK: gemeenten en regio-indelingen 2024",
         "titel": "Gemeenten in Nederland 2024: regio-indelingen en inwoners (referentiebestand)",
         "jaar": 2024, "soort": "referentie", "bestand": GEMEENTEN_FILE, "auteurs": "CBS / PDOK",
         "niveau": "landelijk",
         "beschrijving": f"{LICENCE}. Referentiebestand met alle 342 gemeenten van 2024: CBS-code, "
                         "provincie, landsdeel en COROP-gebied (CBS), GGD-regio, jeugdregio en "
                         "arbeidsmarktregio (afgeleid door de gemeenten in de CBS/PDOK-grenzen van 2024 "
                         "te plaatsen), veiligheidsregio (indeling juni 2024, dashboard van VWS, EUPL-1.2) "
                         "en het aantal inwoners op 1 januari 2022 (CBS). Herkomst per kolom: "
                         "README.md in de referentiemap.",
         "sources": [{"file": GEMEENTEN_FILE, "lines": [1, 1],
                      "note": "Kopregel: CBS-code, naam, de zeven indelingen en inwoners 2022."}]},
        {"id": PUB_WOONPLAATSEN, "label": "Publicatie", "naam": "CBS: woonplaatsen in Nederland 2024",
         "titel": "Woonplaatsen in Nederland 2024 (referentiebestand)",
         "jaar": 2024, "soort": "referentie", "bestand": WOONPLAATSEN_FILE, "auteurs": "CBS",
         "niveau": "landelijk",
         "beschrijving": f"{LICENCE}. Elke woonplaats met haar code en de gemeente waarin ze ligt "
                         "(CBS-tabel 85877NED). Een woonplaats is geen gemeente: zoeken op een woonplaats "
                         "vindt haar gemeente.",
         "sources": [{"file": WOONPLAATSEN_FILE, "lines": [1, 1],
                      "note": "Kopregel: woonplaatscode, woonplaats en de gemeente met haar CBS-code."}]},
    ]
    region_nodes = [r["node"] for r in regions.values()]
    for r in region_nodes:
        r.pop("cbs_naam", None)

    out = ["# GENERATED by scripts/reference_to_seed.py from ../shared/reference/ -- do not edit by hand.",
           f"# {LICENCE}; origin of every column: README.md in the reference folder.",
           "# Every fact cites its line in the reference file (1-based, header = line 1).",
           "# Nodes the documents declare keep their id, so the loader merges them.",
           "nodes:"]
    out += [_entry_line(node) for node in pubs + region_nodes + gm_nodes]
    out.append("relationships:")
    out += [_entry_line(rel) for rel in ligt_in + klasse]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", type=Path, default=None,
                    help="folder with the reference CSVs (default: $LEMNISCAAT_REFERENCE or ../shared/reference)")
    ap.add_argument("--check", action="store_true", help="only compare with the committed file (exit 1 when different)")
    args = ap.parse_args(argv)
    ref = args.reference or default_reference_dir()
    try:
        text = build(ref, REPO_ROOT / "seed")
    except (OSError, KeyError, ValueError, ReferenceError_) as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    if args.check:
        same = OUTPUT.is_file() and OUTPUT.read_text(encoding="utf-8") == text
        print(f"{OUTPUT.relative_to(REPO_ROOT)} {'klopt' if same else 'wijkt af van de referentiebestanden'}")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"{OUTPUT.relative_to(REPO_ROOT)} geschreven ({text.count(chr(10))} regels)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
