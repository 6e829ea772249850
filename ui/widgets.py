"""Widgets shared by several pages. Their state is bound to the URL (bind="query-params"), so a
link restores the view: ?regio=Friesland, ?thema=jeugd, ?labels=Instituut&labels=Regio, ..."""
from __future__ import annotations

import streamlit as st

from graph.model import LABELS, NIVEAUS, Node
from ui import data

LABEL_NL = {
    "Gemeente": "Gemeente", "Regio": "Regio", "Werkplaats": "Werkplaats", "Instituut": "Instituut",
    "Programma": "Programma", "Publicatie": "Publicatie", "Thema": "Thema", "Fase": "Fase",
    "Kennisbron": "Kennisbron", "Grootteklasse": "Grootteklasse",
}
DEFAULT_LABELS = [l for l in LABELS if l not in ("Publicatie", "Grootteklasse")]


def by_label(label: str) -> list[Node]:
    return [n for n in data.nodes(data.active_backend()) if n.label == label]


def _name_options(label: str) -> tuple[list[str], dict[str, str]]:
    """Node names as options (the URL then reads ?regio=Friesland), name -> id."""
    ns = sorted(by_label(label), key=lambda n: n.naam.lower())
    return [n.naam for n in ns], {n.naam: n.id for n in ns}


def _forget_empty(key: str, required: bool) -> None:
    """A page that needs a value must not inherit an empty choice from another page's filter
    with the same key (the URL parameter is shared on purpose: ?regio=... on every page)."""
    if required and key in st.session_state and st.session_state[key] is None:
        del st.session_state[key]


def pick_regio(key: str = "regio", where=st, required: bool = True, label: str = "Regio",
               default: str | None = "Friesland") -> str | None:
    """A regio selectbox bound to the URL; returns the regio id (or None)."""
    names, ids = _name_options("Regio")
    _forget_empty(key, required)
    index = names.index(default) if required and default in names else (0 if required else None)
    chosen = where.selectbox(label, names, index=index, key=key, bind="query-params",
                             placeholder="Kies een regio…")
    return ids.get(chosen) if chosen else None


def pick_thema(key: str = "thema", where=st, required: bool = True, label: str = "Thema",
               default: str | None = "jeugd") -> str | None:
    names, ids = _name_options("Thema")
    _forget_empty(key, required)
    index = names.index(default) if required and default in names else (0 if required else None)
    chosen = where.selectbox(label, names, index=index, key=key, bind="query-params",
                             placeholder="Kies een thema…")
    return ids.get(chosen) if chosen else None


def graph_filters(where=st.sidebar) -> dict:
    """The Netwerk filters (also used by Export): label, niveau, thema, regio, search."""
    with where:
        st.subheader("Filters")
        labels = st.multiselect("Soort knoop", list(LABELS), default=DEFAULT_LABELS, key="labels",
                                bind="query-params")
        niveaus = st.multiselect("Niveau", list(NIVEAUS), default=list(NIVEAUS), key="niveaus",
                                 bind="query-params")
        regio = pick_regio("regio", st, required=False, label="Alleen rond regio")
        thema = pick_thema("thema", st, required=False, label="Alleen rond thema")
        zoek = st.text_input("Zoek op naam of afkorting", key="zoek", bind="query-params",
                             placeholder="bijv. Movisie, NJi, Friesland")
    return {"labels": labels, "niveaus": niveaus, "regio": regio, "thema": thema, "search": zoek}


def intro(title: str, question: str) -> None:
    """Every page: a title and one sentence saying which question it answers."""
    st.title(title)
    st.markdown(f"**{question}**")
