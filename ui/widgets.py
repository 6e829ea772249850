"""Widgets shared by several pages. Their state is bound to the URL (bind="query-params"), so a
link restores the view: ?regio=Friesland, ?thema=jeugd, ?labels=Instituut&labels=Regio, ..."""
from __future__ import annotations

import streamlit as st

from graph.errors import NotFound
from graph.model import LABELS, NIVEAUS, Node
from ui import data
from ui.text import md

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


def link_not_found(what: str, text: str, exc: NotFound) -> None:
    """The one message for a link whose value matches no node (or more than one)."""
    why = "bestaat niet in deze gegevens" if str(exc).startswith("geen ") else md(str(exc))
    st.warning(f"De link noemt {what} '{md(text)}', maar die {why}. Kies hieronder.")


def url_node(key: str, label: str | None = None, names: list[str] | None = None,
             field=lambda n: n.naam) -> None:
    """A link's ?key=... may name a node by id, naam or alias, as the CLI does (the store's
    resolve). Before the picker bound to that key is drawn, such a value becomes what the picker
    shows (`field` of the node: its naam, or its id for ?knoop=). A value that matches nothing,
    or more than one node, is dropped from the URL with a Dutch warning, so the page never
    silently shows something else."""
    text = st.query_params.get(key)
    if not text or (names is not None and text in names):
        return
    what = (label or "knoop").lower() if label != "Regio" else "regio"
    try:
        node = data.store().resolve(text, label)
    except NotFound as exc:
        link_not_found(what, text, exc)
        del st.query_params[key]
        st.session_state.pop(key, None)
        return
    value = field(node)
    if names is None or value in names:
        # the picker reads the URL when it is first drawn: put the option there and run again
        st.query_params[key] = value
        st.session_state.pop(key, None)
        st.rerun()


def _forget_empty(key: str, required: bool) -> None:
    """A page that needs a value must not inherit an empty choice from another page's filter
    with the same key (the URL parameter is shared on purpose: ?regio=... on every page)."""
    if required and key in st.session_state and st.session_state[key] is None:
        del st.session_state[key]


def pick_regio(key: str = "regio", where=st, required: bool = True, label: str = "Regio",
               default: str | None = "Friesland") -> str | None:
    """A regio selectbox bound to the URL; returns the regio id (or None)."""
    names, ids = _name_options("Regio")
    url_node(key, "Regio", names)
    _forget_empty(key, required)
    index = names.index(default) if required and default in names else (0 if required else None)
    chosen = where.selectbox(label, names, index=index, key=key, bind="query-params",
                             placeholder="Kies een regio…")
    return ids.get(chosen) if chosen else None


def pick_thema(key: str = "thema", where=st, required: bool = True, label: str = "Thema",
               default: str | None = "jeugd") -> str | None:
    names, ids = _name_options("Thema")
    url_node(key, "Thema", names)
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
