"""Widgets shared by several pages. Their state is bound to the URL (bind="query-params"), so a
link restores the view: ?regio=Friesland, ?thema=jeugd, ?labels=Instituut&labels=Regio, ..."""
from __future__ import annotations

import streamlit as st

from graph.errors import NotFound
from graph.model import LABELS, NIVEAUS
from ui import data, regio as regio_page
from ui.text import md

LABEL_NL = {
    "Gemeente": "Gemeente", "Regio": "Regio", "Werkplaats": "Werkplaats", "Instituut": "Instituut",
    "Programma": "Programma", "Publicatie": "Publicatie", "Thema": "Thema", "Fase": "Fase",
    "Kennisbron": "Kennisbron", "Grootteklasse": "Grootteklasse",
}
DEFAULT_LABELS = [l for l in LABELS if l not in ("Publicatie", "Grootteklasse")]


# Up to this many options a picker is a select box over the label's light name list (cached per
# graph version); above it, a search field with at most SUGGESTIONS suggestions from the store's
# name index (at national scale: thousands of publicaties, instituten, ...).
SELECT_MAX = 1000
SUGGESTIONS = 20


def _name_options(label: str) -> tuple[list[str], dict[str, str]]:
    """Node names as options (the URL then reads ?regio=Friesland), name -> id."""
    rows = data.names(label)
    return [naam for _, naam in rows], {naam: i for i, naam in rows}


def is_large(label: str | None) -> bool:
    """Whether a picker over `label` (None: every label) searches instead of listing."""
    total = data.counts()["nodes"]
    return (sum(total.values()) if label is None else total.get(label, 0)) > SELECT_MAX


def search_picker(key: str, title: str, labels: tuple[str, ...] | None, where=st, required: bool = True,
                  default: str | None = None, show=lambda n: n.naam) -> str | None:
    """A bounded type-ahead bound to the URL (?key=<what `show` gives>): a search field whose text
    asks the store's name index for at most SUGGESTIONS nodes, and a select box of those (plus the
    current choice). A link's value may be an id, naam or alias (the store's resolve); one that
    matches nothing says so. Returns the chosen id (or None)."""
    chosen_key = f"_{key}_id"
    label = labels[0] if labels and len(labels) == 1 else None
    text = st.query_params.get(key)
    current = st.session_state.get(key) or st.session_state.get(chosen_key)
    if text and not (current and data.node(current) and show(data.node(current)) == text):
        try:
            current = _resolve_shown(text, label)
            shown_as = show(data.node(current))
            if shown_as != text:
                # the select box reads the URL when it is first drawn: put what it shows there, run again
                st.session_state[chosen_key] = current
                st.query_params[key] = shown_as
                st.session_state.pop(key, None)
                st.rerun()
        except NotFound as exc:
            link_not_found((label or "knoop").lower(), text, exc)
            del st.query_params[key]
            st.session_state.pop(key, None)
            current = None
    default_id = None
    if required and default:
        try:
            default_id = data.store().resolve(default, label).id
        except NotFound:
            default_id = None
    if current is None:
        current = default_id
    zoek = where.text_input(f"Zoek {title.lower()}", key=f"{key}_zoek", placeholder="typ een deel van de naam…")
    hits = [i for i, _, _ in data.suggest(zoek, labels, SUGGESTIONS)] if zoek.strip() else []
    options = list(dict.fromkeys(([current] if current else []) + hits))
    if zoek.strip() and not hits:
        where.caption("Niets gevonden met die naam.")
    shown = data.nodes_with(options)
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]
    if current is not None and current != default_id and key not in st.session_state:
        # a bound select box drops a URL value equal to its default: a choice that is not the
        # page's default stays in the URL (the link shares it), so the box starts empty and reads it
        if current in shown:
            st.query_params[key] = show(shown[current])
        index = None
    else:
        index = options.index(current) if current in options else (0 if required and options else None)
    chosen = where.selectbox(title, options, index=index, key=key, bind="query-params",
                             format_func=lambda i: show(shown[i]) if i in shown else i,
                             placeholder="Zoek hierboven en kies…")
    if chosen:
        st.session_state[chosen_key] = chosen
    return chosen


def _resolve_shown(text: str, label: str | None) -> str:
    """The id a link's text names: an id, naam or alias (the store's resolve), or what a picker
    shows as "naam (Soort)" (the Bronnen page's Knoop)."""
    try:
        return data.store().resolve(text, label).id
    except NotFound:
        naam, _, rest = text.rpartition(" (")
        if label is None and naam and rest.endswith(")") and rest[:-1] in LABELS:
            return data.store().resolve(naam, rest[:-1]).id
        raise


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
               default: str | None = regio_page.DEFAULT) -> str | None:
    """A regio picker bound to the URL; returns the regio id (or None)."""
    if is_large("Regio"):
        return search_picker(key, label, ("Regio",), where, required, default)
    names, ids = _name_options("Regio")
    url_node(key, "Regio", names)
    _forget_empty(key, required)
    index = names.index(default) if required and default in names else (0 if required else None)
    chosen = where.selectbox(label, names, index=index, key=key, bind="query-params",
                             placeholder="Kies een regio…")
    return ids.get(chosen) if chosen else None


def pick_thema(key: str = "thema", where=st, required: bool = True, label: str = "Thema",
               default: str | None = "jeugd") -> str | None:
    if is_large("Thema"):
        return search_picker(key, label, ("Thema",), where, required, default)
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
