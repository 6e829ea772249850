"""Gemeente page logic: picking a gemeente (naam, alias, woonplaats, a click on the map) and
showing its profile (the `gemeente-profiel` query) section by section.

Names from the data are never rendered as Markdown or HTML: tables show them as data, headings
go through `md_text` (every Markdown character escaped)."""
from __future__ import annotations

import re

import streamlit as st

from graph.errors import QueryError
from graph.model import RELATIONSHIP_TYPES, Node
from graph.store import GraphStore
from queries.gemeente_profiel import DIVISIONS, find_gemeente
from ui import data, kaart
from ui.hiaten import KIND_TITLES

KEY = "gemeente"
DEFAULT = "Heerenveen"
# the profile's key figures (`summary`) as the page labels them
FIGURE_LABELS = {"regio's": "Regio's", "actief in haar regio's": "Actief in regio's",
                 "kennisschakelpunten": "Schakelpunten", "thema's": "Thema's", "hiaten": "Hiaten"}
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


# section -> its tab's label: short (eight tabs beside the map), and stable, since the open tab
# is kept in the URL as ?profiel=<label>; the heading inside the tab says it in full
SECTION_TABS: dict[str, str] = {"gemeente": "Gegevens", "regio": "Regio's", "kennisrelatie": "Kennisrelaties",
                                "actief": "Actief", "schakelpunt": "Schakelpunten", "thema": "Thema's",
                                "hiaat": "Hiaten", "grootteklasse": "Grootteklasse"}


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


def gemeente_names(at: tuple[str, str] | None = None) -> dict[str, str]:
    """naam -> id of every gemeente in the active store, or in (backend, version) `at` (the
    store's light name list)."""
    return {naam: i for i, naam in (data.names("Gemeente") if at is None else data.names_at(*at, "Gemeente"))}


def warm(backend: str, version: str) -> None:
    """What the Gemeente page opens on, for the warm-up (ui/warmup.py): the profile of DEFAULT
    (at national scale the schakelpunten of its seven regio's take 1.5-3 s) and the map's
    divisions (0.5 s; Overlap opens on them too)."""
    data.derived_at(backend, version, divisions)
    gemeente = gemeente_names((backend, version)).get(DEFAULT)
    if gemeente:
        data.query_at(backend, version, "gemeente-profiel", gemeente=gemeente)


def resolve(text: str) -> str:
    """Gemeente id for a naam, alias, id or woonplaats (QueryError with a Dutch message)."""
    return find_gemeente(data.store(), text)


def _choose(text: str) -> None:
    """Put a gemeente named by any name in the picker (used before the widget exists, or in a callback)."""
    try:
        st.session_state[KEY] = data.node(resolve(text)).naam
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


def divisions(store: GraphStore) -> list[str]:
    """Regio soorten that gemeenten lie in, the CBS divisions first (regio's, their members)."""
    regios = store.nodes("Regio")
    gemeenten = {i for i, _ in store.names("Gemeente")}
    inside = store.members([r.id for r in regios])
    soorten = {r.properties.get("soort") for r in regios if set(inside.get(r.id, ())) & gemeenten} - {None, ""}
    return sorted(soorten, key=lambda s: (DIVISIONS.index(s) if s in DIVISIONS else len(DIVISIONS), s))


def division_options() -> list[str]:
    return data.derived(divisions)


def soorten_of_regios(store: GraphStore) -> list[str]:
    return sorted({n.properties.get("soort", "") for n in store.nodes("Regio")} - {""})


def regio_soorten() -> list[str]:
    """Every soort of regio in the active store."""
    return data.derived(soorten_of_regios)


def gemeenten_by_code(store: GraphStore) -> dict[str, Node]:
    """CBS code -> Gemeente node (the map's join)."""
    return kaart.gemeente_by_code(store.nodes("Gemeente"))


def by_code() -> dict:
    return data.derived(gemeenten_by_code)


def map_categories(store: GraphStore, mode: str, soort: str | None) -> dict[str, str]:
    """gemeente id -> category for a colouring mode, from what that mode needs only: the regio's
    of one soort and their members; the ties around the gemeenten; or the size classes."""
    gemeenten = store.nodes("Gemeente")
    if mode == "indeling":
        regios = [r for r in store.nodes("Regio") if r.properties.get("soort") == soort]
        regions: dict[str, dict] = {}
        for regio, inside in store.members([r.id for r in regios]).items():
            for m in inside:
                regions.setdefault(m, {})[regio] = []
        return kaart.categories(gemeenten + regios, [], mode, soort, regions)
    if mode == "kennis":
        ids = [g.id for g in gemeenten]
        rels = store.facts([t for t in RELATIONSHIP_TYPES if t not in kaart.MEMBERSHIP], around=ids)
        others = store.nodes(ids={r.start for r in rels} | {r.end for r in rels})
        return kaart.categories(others + [g for g in gemeenten if g.id not in {o.id for o in others}], rels, mode)
    if mode == "grootte":
        return kaart.categories(gemeenten + store.nodes("Grootteklasse"), store.facts(["IN_GROOTTEKLASSE"]), mode)
    return kaart.categories(gemeenten, [], mode, soort)


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
    cats = data.derived(map_categories, mode, soort)
    return kaart.map_rows(by_code(), cats, highlight, selected)


def map_title(mode: str, soort: str | None) -> str:
    return f"Gemeenten naar {soort}" if mode == "indeling" else f"Gemeenten: {kaart.MODES[mode].lower()}"


def on_map_click(code: str) -> None:
    """Selection callback of the Gemeente page's map: the clicked gemeente becomes the choice."""
    node = by_code().get(code)
    if node is None:
        naam = kaart.reference_names().get(code, code)
        st.session_state["_gemeente_melding"] = f"{naam} staat (nog) niet in de graaf."
        return
    st.session_state[KEY] = node.naam
    st.session_state.pop("_gemeente_melding", None)


def region_members(regio: str) -> set[str]:
    """Ids of the gemeenten lying in a regio (also through sub-regio's)."""
    gemeenten = {i for i, _ in data.names("Gemeente")}
    return set(data.members([regio]).get(regio, ())) & gemeenten


def open_profile(code: str) -> None:
    """A click on another page's map: open the Gemeente page on the clicked gemeente."""
    node = by_code().get(code)
    if node is None:
        st.info(f"{kaart.reference_names().get(code, code)} staat (nog) niet in de graaf.")
        return
    st.switch_page("app_pages/gemeente.py", query_params={KEY: node.naam})


def regio_map(regio: str, where=st) -> None:
    """The Regio page's map: gemeenten coloured by the regio's own division, its own gemeenten
    in full colour; a click opens the gemeente's profile."""
    reg = data.node(regio)
    soort = reg.properties.get("soort") or "regio"
    with where:
        code = kaart.show_map(map_data("indeling", soort, highlight=region_members(regio)), key=f"regio_kaart_{regio}",
                              title=f"{reg.naam} tussen de andere regio's van soort {soort}", legend=False)
        st.caption("Klik op een gemeente om haar profiel te openen.")
    if code:
        open_profile(code)
