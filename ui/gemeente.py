"""Gemeente page logic: picking a gemeente (naam, alias, woonplaats, a click on the map) and
showing its profile (the `gemeente-profiel` query) section by section.

Names from the data are never rendered as Markdown or HTML: tables show them as data, headings
go through `md_text` (every Markdown character escaped)."""
from __future__ import annotations

import re

import streamlit as st

from graph.errors import QueryError
from queries.gemeente_profiel import DIVISIONS, find_gemeente, index
from ui import data, kaart
from ui.hiaten import KIND_TITLES

KEY = "gemeente"
DEFAULT = "Heerenveen"
SOURCES_COLUMN = {"bronnen": "Bronnen"}
# section -> (heading, columns shown, text when empty)
SECTION_VIEW: dict[str, tuple[str, dict[str, str], str]] = {
    "gemeente": ("Gegevens", {"onderwerp": "Gegeven", "waarde": "Waarde", "toelichting": "Toelichting"},
                 "Geen gegevens."),
    "regio": ("Regio's per indeling", {"onderwerp": "Indeling", "waarde": "Regio", "toelichting": "Via"},
              "De bronnen plaatsen deze gemeente in geen enkele regio."),
    "kennisrelatie": ("Kennisrelaties van de gemeente", {"onderwerp": "Actor", "waarde": "Relatie",
                                                         "toelichting": "Soort"},
                      "De bronnen noemen geen kennisrelatie van deze gemeente zelf."),
    "actief": ("Actief in haar regio's", {"onderwerp": "Actor", "waarde": "Soort", "toelichting": "Niveau",
                                          "regio": "Regio"},
               "De bronnen noemen geen werkplaats, instituut of programma dat in haar regio's actief is."),
    "schakelpunt": ("Kennisschakelpunten van haar regio's", {"onderwerp": "Actor", "waarde": "Score",
                                                             "regio": "Regio", "toelichting": "Route"},
                    "Geen kennisschakelpunt: de lokale actoren van haar regio's zijn in de bronnen niet met de "
                    "landelijke cyclus verbonden."),
    "thema": ("Thema's", {"onderwerp": "Thema", "waarde": "Hoe", "toelichting": "Door", "regio": "Regio"},
              "Geen thema's behandeld door de gemeente, haar regio's of de actoren daar."),
    "hiaat": ("Hiaten", {"soort_nl": "Soort", "onderwerp": "Onderwerp", "toelichting": "Uitleg", "regio": "Regio"},
              "Geen hiaten gevonden."),
    "grootteklasse": ("Grootteklasse en cijfers uit de Rathenau-enquête 2021",
                      {"onderwerp": "Cijfer", "waarde": "Waarde", "toelichting": "Toelichting"},
                      "Grootteklasse onbekend: de bronnen geven geen inwonertal of grootteklasse."),
}


def md_text(text: str) -> str:
    """Text safe inside st.markdown/st.subheader: every Markdown/HTML character escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])", r"\\\1", str(text))


def sections(rows: list[dict]) -> dict[str, list[dict]]:
    """The profile rows per section (every section present, in profile order)."""
    out: dict[str, list[dict]] = {s: [] for s in SECTION_VIEW}
    for r in rows:
        row = dict(r)
        if r["soort"] == "hiaat":
            row["soort_nl"] = KIND_TITLES.get(r["waarde"], r["waarde"])
        out.setdefault(r["soort"], []).append(row)
    return out


def summary(parts: dict[str, list[dict]]) -> dict[str, int | str]:
    """The key figures shown above the profile (and in the report)."""
    size = next((r["waarde"] for r in parts["grootteklasse"] if r["onderwerp"] == "grootteklasse"), "onbekend")
    return {"regio's": len(parts["regio"]), "actief in haar regio's": len({r["id"] for r in parts["actief"]}),
            "kennisschakelpunten": len({r["id"] for r in parts["schakelpunt"]}), "thema's": len(parts["thema"]),
            "hiaten": len(parts["hiaat"]), "grootteklasse": size}


def gemeente_names() -> dict[str, str]:
    """naam -> id of every gemeente in the active store."""
    ns = sorted((n for n in data.nodes(data.active_backend()) if n.label == "Gemeente"), key=lambda n: n.naam.lower())
    return {n.naam: n.id for n in ns}


def resolve(text: str) -> str:
    """Gemeente id for a naam, alias, id or woonplaats (QueryError with a Dutch message)."""
    s = data.store()
    return find_gemeente(s, index(s), text)


def _choose(text: str) -> None:
    """Put a gemeente named by any name in the picker (used before the widget exists, or in a callback)."""
    by_id = data.nodes_by_id(data.active_backend())
    try:
        st.session_state[KEY] = by_id[resolve(text)].naam
        st.session_state.pop("_gemeente_melding", None)
    except QueryError as exc:
        st.session_state["_gemeente_melding"] = str(exc).removeprefix("gemeente: ")


def _search_changed() -> None:
    text = (st.session_state.get("gemeente_zoek") or "").strip()
    if text:
        _choose(text)


def pick_gemeente(where=st) -> str | None:
    """The gemeente picker (bound to ?gemeente=...) with a search that also knows woonplaatsen.
    A URL naming a woonplaats or alias (?gemeente=Drachten) opens its gemeente."""
    names = gemeente_names()
    if not names:
        return None
    wanted = st.query_params.get(KEY)
    if KEY not in st.session_state and wanted and wanted not in names:
        _choose(wanted)
    where.text_input("Zoek gemeente of woonplaats", key="gemeente_zoek", on_change=_search_changed,
                     placeholder="bijv. Drachten, Heerenveen")
    options = list(names)
    kwargs = {}
    if KEY not in st.session_state:
        kwargs["index"] = options.index(DEFAULT) if DEFAULT in options else 0
    chosen = where.selectbox("Gemeente", options, key=KEY, bind="query-params", **kwargs)
    if st.session_state.get("_gemeente_melding"):
        where.warning(st.session_state["_gemeente_melding"])
    return names.get(chosen)


def division_options() -> list[str]:
    """Regio soorten that gemeenten lie in, the CBS divisions first."""
    nodes, rels = data.graph()
    regio_soort = {n.id: n.properties.get("soort") for n in nodes if n.label == "Regio"}
    soorten = {regio_soort[r.end] for r in rels if r.type == "LIGT_IN" and regio_soort.get(r.end)}
    return sorted(soorten, key=lambda s: (DIVISIONS.index(s) if s in DIVISIONS else len(DIVISIONS), s))


def map_controls(where=st) -> tuple[str, str | None]:
    """How to colour the map (bound to ?kleur= and ?indeling=)."""
    labels = list(kaart.MODES.values())
    label = where.radio("Kleur de kaart naar", labels, key="kleur", bind="query-params", horizontal=True)
    mode = next(k for k, v in kaart.MODES.items() if v == label)
    soort = None
    if mode == "indeling":
        options = division_options() or ["provincie"]
        soort = where.selectbox("Indeling", options, key="indeling", bind="query-params")
    return mode, soort


def map_data(mode: str, soort: str | None, highlight: set[str] | None = None,
             selected: str | None = None) -> list[dict]:
    """Map rows for the active store (categories per gemeente, codes joined to the graph)."""
    nodes, rels = data.graph()
    s = data.store()
    regions = index(s)["regions"] if mode == "indeling" else None
    cats = kaart.categories(nodes, rels, mode, soort, regions)
    return kaart.map_rows(kaart.gemeente_by_code(nodes), cats, highlight, selected)


def map_title(mode: str, soort: str | None) -> str:
    return f"Gemeenten naar {soort}" if mode == "indeling" else f"Gemeenten: {kaart.MODES[mode].lower()}"


def on_map_click(code: str) -> None:
    """Selection callback of the Gemeente page's map: the clicked gemeente becomes the choice."""
    by_code = kaart.gemeente_by_code(data.nodes(data.active_backend()))
    node = by_code.get(code)
    if node is None:
        naam = kaart.reference_names().get(code, code)
        st.session_state["_gemeente_melding"] = f"{naam} staat (nog) niet in de graaf."
        return
    st.session_state[KEY] = node.naam
    st.session_state.pop("_gemeente_melding", None)


def region_members(regio: str) -> set[str]:
    """Ids of the gemeenten lying in a regio (also through sub-regio's)."""
    chains = index(data.store())["regions"]
    return {g for g, regios in chains.items() if regio in regios}


def open_profile(code: str) -> None:
    """A click on another page's map: open the Gemeente page on the clicked gemeente."""
    node = kaart.gemeente_by_code(data.nodes(data.active_backend())).get(code)
    if node is None:
        st.info(f"{kaart.reference_names().get(code, code)} staat (nog) niet in de graaf.")
        return
    st.switch_page("app_pages/gemeente.py", query_params={KEY: node.naam})


def regio_map(regio: str, where=st) -> None:
    """The Regio page's map: gemeenten coloured by the regio's own division, its own gemeenten
    in full colour; a click opens the gemeente's profile."""
    reg = data.nodes_by_id(data.active_backend())[regio]
    soort = reg.properties.get("soort") or "regio"
    with where:
        code = kaart.show_map(map_data("indeling", soort, highlight=region_members(regio)), key=f"regio_kaart_{regio}",
                              title=f"{reg.naam} tussen de andere regio's van soort {soort}", legend=False)
        st.caption("Klik op een gemeente om haar profiel te openen.")
    if code:
        open_profile(code)
