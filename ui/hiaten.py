"""Wording of the gap kinds (queries/hiaten.py KINDS) for the pages."""
from __future__ import annotations

KIND_TITLES = {
    "thema-zonder-regionale-actor": "Thema's zonder regionale of lokale actor",
    "lokale-behoefte-zonder-instituut": "Lokale behoeften zonder instituut",
    "regio-zonder-schakelpunt": "Regio's zonder kennisschakelpunt",
    "geisoleerde-gemeente": "Gemeenten zonder kennisrelatie",
    "eenrichtingsstroom": "Kennis stroomt maar één kant op",
    "fase-zonder-actor": "Fasen van de lemniscaat zonder actor",
}
KIND_EXPLAINED = {
    "thema-zonder-regionale-actor": "Landelijke actoren behandelen het thema, maar geen lokale of regionale.",
    "lokale-behoefte-zonder-instituut": "Gemeenten werken aan het thema, maar geen instituut dekt het.",
    "regio-zonder-schakelpunt": "Niemand verbindt de lokale actoren van de regio met de landelijke cyclus.",
    "geisoleerde-gemeente": "De gemeente heeft in de bronnen alleen een regio, geen kennisrelatie.",
    "eenrichtingsstroom": "Kennis wordt alleen opgetild of alleen vertaald, nooit allebei.",
    "fase-zonder-actor": "Geen actor of actorgroep draagt volgens de bronnen bij aan deze fase.",
}
HIAAT_COLUMNS = {"soort_nl": "Soort", "subject_naam": "Onderwerp", "uitleg": "Uitleg", "evidence": "Bewijs",
                 "grond": "Grond", "bronnen": "Bronnen"}


def with_titles(rows: list[dict]) -> list[dict]:
    return [{**r, "soort_nl": KIND_TITLES.get(r["soort"], r["soort"])} for r in rows]


def grouped(rows: list[dict]) -> dict[str, list[dict]]:
    """Rows per kind, in the order of KIND_TITLES."""
    out: dict[str, list[dict]] = {}
    for kind in KIND_TITLES:
        sel = [r for r in rows if r["soort"] == kind]
        if sel:
            out[kind] = sel
    for r in rows:
        if r["soort"] not in KIND_TITLES:
            out.setdefault(r["soort"], []).append(r)
    return out
