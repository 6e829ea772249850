"""The extractor of `lemniscaat document` measured on the five documents (not a test: pytest
never collects this folder).

    .venv/bin/python bench/documents.py [--out bench/results-documents.json]

For each document the graph minus that document's seed file(s), the extractor run on the
document, and its proposals at or above a confidence compared with the document's seed facts
(loaders/documents/evaluate.py). Prints a table per threshold and one JSON object; the figures
in the README come from this file's committed result.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from loaders.documents.evaluate import evaluate_all  # noqa: E402
from loaders.documents.proposals import DEFAULT_BY_SOORT  # noqa: E402
from loaders.validate import default_sources_dir  # noqa: E402

THRESHOLDS = (0.4, 0.45, 0.5, 0.6, 0.7, 0.8)
DEFAULT = "standaard"  # the default per kind (proposals.DEFAULT_BY_SOORT)


def pct(part: dict) -> str:
    r, p = part["recall"], part["precision"]
    return f"{'-' if r is None else f'{r:.0%}':>5} / {'-' if p is None else f'{p:.0%}':>5}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(REPO / "bench" / "results-documents.json"))
    args = ap.parse_args()
    sources = default_sources_dir()
    runs = {str(t): evaluate_all(sources, t) for t in sorted(set(THRESHOLDS))}
    runs[DEFAULT] = evaluate_all(sources, None)
    default = runs[DEFAULT]
    print(f"standaarddrempel per soort {DEFAULT_BY_SOORT}; recall / precisie")
    print(f"{'document':<28}{'regels':>7}{'sec':>7}{'cpu':>7}  {'vermeldingen':>13}  {'nieuwe knopen':>13}  "
          f"{'relaties':>13}")
    for d in default["documenten"]:
        print(f"{d['document']:<28}{d['regels']:>7}{d['seconden']:>7.2f}{d['cpu_seconden']:>7.2f}  "
              f"{pct(d['vermeldingen']):>13}  "
              f"{pct(d['nieuwe_knopen']):>13}  {pct(d['relaties']):>13}")
    print(f"{'drempel':>10}  vermeldingen   nieuwe knopen   relaties")
    for t, run in runs.items():
        tot = run["totaal"]
        print(f"{t:>10}  {pct(tot['vermeldingen'])}  {pct(tot['nieuwe_knopen'])}  {pct(tot['relaties'])}")
    print("relaties per type (standaard): gold / voorgesteld / goed")
    for t, c in default["relaties_per_type"].items():
        print(f"  {t:<20}{c['gold']:>5}{c['voorgesteld']:>6}{c['goed']:>6}")
    print("gemiste relaties naar oorzaak (standaard):")
    for cause, n in default["relaties_gemist_oorzaak"].items():
        print(f"  {n:>4}  {cause}")
    result = {"python": platform.python_version(), "standaarddrempel": DEFAULT_BY_SOORT,
              "per_drempel": runs}
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"geschreven: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
