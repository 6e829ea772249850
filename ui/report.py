"""Printable HTML reports of a regio or a thema: one self-contained file (no remote resources)
with print CSS (A4, repeated table headers, no rows split across pages)."""
from __future__ import annotations

from datetime import date
from html import escape
from typing import Any, Sequence

from ui.tables import cell

CSS = """
@page { size: A4; margin: 16mm 14mm; }
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #1a1a1a; font-size: 11pt;
       max-width: 190mm; margin: 0 auto; }
h1 { color: #01689b; font-size: 20pt; margin-bottom: 2mm; }
h2 { font-size: 13pt; border-bottom: 1px solid #01689b; padding-bottom: 1mm; margin-top: 7mm; break-after: avoid; }
.vraag { font-weight: 600; }
.meta { color: #5b6570; font-size: 9pt; }
.kpi { display: flex; gap: 6mm; margin: 4mm 0; }
.kpi div { border: 1px solid #d0d5db; border-radius: 2mm; padding: 2mm 4mm; }
.kpi b { display: block; font-size: 15pt; color: #01689b; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin-top: 2mm; }
th, td { border: 1px solid #d0d5db; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
th { background: #f3f6f8; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.leeg { color: #5b6570; font-style: italic; }
@media print { .noprint { display: none; } }
"""


def html_table(rows: Sequence[dict[str, Any]], columns: dict[str, str], empty: str = "Niets gevonden.") -> str:
    if not rows:
        return f'<p class="leeg">{escape(empty)}</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in columns.values())
    body = "".join("<tr>" + "".join(f"<td>{escape(str(cell(r.get(k)) if r.get(k) is not None else ''))}</td>"
                                    for k in columns) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def document(title: str, question: str, kpis: dict[str, Any], sections: list[tuple[str, str]],
             backend: str) -> str:
    kpi = "".join(f"<div><b>{escape(str(v))}</b>{escape(k)}</div>" for k, v in kpis.items())
    body = "".join(f"<h2>{escape(h)}</h2>{content}" for h, content in sections)
    return (f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{CSS}</style></head><body>"
            f'<p class="noprint meta">Afdrukken: Ctrl+P (of ⌘P) — kies "Opslaan als PDF" voor een PDF.</p>'
            f"<h1>{escape(title)}</h1><p class=\"vraag\">{escape(question)}</p>"
            f'<p class="meta">Kennislemniscaat · {date.today().isoformat()} · gegevensbron: {escape(backend)} · '
            f"elk feit is herleidbaar tot een publicatie, bestand en regels (zie de app, pagina Bronnen).</p>"
            f'<div class="kpi">{kpi}</div>{body}</body></html>')


def regio_report(naam: str, soort: str, schakel: list[dict], gemeenten: list[dict], hiaten: list[dict],
                 covered: list[dict], missing: list[dict], backend: str) -> str:
    return document(
        f"Regio {naam}",
        "Wie verbindt de gemeenten van deze regio met de landelijke kenniscyclus, en wat ontbreekt?",
        {"soort": soort, "gemeenten": len(gemeenten), "kennisschakelpunten": len(schakel), "hiaten": len(hiaten),
         "thema's gedekt": len(covered)},
        [("Kennisschakelpunten", html_table(schakel, {"naam": "Actor", "label": "Soort", "niveau": "Niveau",
                                                       "score": "Score", "via": "Route", "grond": "Grond"},
                                            "Geen kennisschakelpunt gevonden.")),
         ("Gemeenten", html_table(gemeenten, {"naam": "Gemeente", "provincie": "Provincie"},
                                  "De bronnen noemen geen gemeenten in deze regio.")),
         ("Hiaten", html_table(hiaten, {"soort_nl": "Soort", "subject_naam": "Onderwerp", "uitleg": "Uitleg",
                                        "evidence": "Bewijs", "grond": "Grond"}, "Geen hiaten gevonden.")),
         ("Thema's gedekt", html_table(covered, {"naam": "Thema", "route": "Hoe", "door": "Door"})),
         ("Thema's niet gedekt", html_table(missing, {"naam": "Thema", "domein": "Domein"}))],
        backend)


def thema_report(naam: str, domein: str, dekking: list[dict], zonder: list[dict], hiaten: list[dict],
                 backend: str) -> str:
    return document(
        f"Thema {naam}",
        "Welke instituten dekken dit thema, langs welke weg, en in welke regio's ontbreekt een regionale actor?",
        {"domein": domein, "instituten": len({r["instituut"] for r in dekking}),
         "regio's zonder regionale actor": len(zonder), "hiaten": len(hiaten)},
        [("Wie dekt dit thema", html_table(dekking, {"naam": "Instituut", "niveau": "Niveau", "route": "Route",
                                                     "via": "Via", "evidence": "Bewijs", "sources": "Bronnen"},
                                           "Geen instituut dekt dit thema volgens de bronnen.")),
         ("Regio's zonder regionale actor", html_table(zonder, {"naam": "Regio", "soort": "Soort"})),
         ("Hiaten", html_table(hiaten, {"soort_nl": "Soort", "subject_naam": "Onderwerp", "uitleg": "Uitleg",
                                        "evidence": "Bewijs", "grond": "Grond"}, "Geen hiaten gevonden."))],
        backend)


def gemeente_report(naam: str, parts: dict[str, list[dict]], kpis: dict[str, Any], backend: str) -> str:
    """The gemeente profile (query gemeente-profiel, rows per section) as a printable page; every
    table keeps its Bronnen column."""
    from ui.gemeente import SECTION_VIEW

    sections = [(heading, html_table(parts.get(key, []), {**columns, "bronnen": "Bronnen"}, empty))
                for key, (heading, columns, empty) in SECTION_VIEW.items()]
    return document(f"Gemeente {naam}",
                    "In welke regio's ligt deze gemeente, wie verbindt haar met de landelijke kenniscyclus, "
                    "en wat ontbreekt?", kpis, sections, backend)
