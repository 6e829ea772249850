"""Kennislemniscaat — Streamlit entry point: navigation over thin pages in app_pages/.

The sidebar holds the store switch (Ingebouwd / Neo4j) for every page; a store that goes away
mid-page gives a Dutch message and the offer to use the embedded store, never a crash; any other
error of the project shows its Dutch message (the traceback of an unforeseen one stays in the
console: client.showErrorDetails in .streamlit/config.toml). After each page run, a graph version
the process has not seen yet starts the background warm-up of its national overviews
(ui/warmup.py); no warm-up step starts while a page runs.
"""
from pathlib import Path

import streamlit as st

from graph.errors import LemniscaatError
from ui import data, warmup
from ui.text import md

HERE = Path(__file__).parent
# Netwerk is served at its own link (/netwerk) and, as a hidden default page running the same
# script, at the root (/): the default page of st.navigation lives at "/" only.
PAGES = [
    st.Page("app_pages/netwerk.py", title="Netwerk", icon=":material/hub:", default=True, url_path="start",
            visibility="hidden"),
    st.Page("app_pages/netwerk.py", title="Netwerk", icon=":material/hub:", url_path="netwerk"),
    st.Page("app_pages/lemniscaat.py", title="Lemniscaat", icon=":material/all_inclusive:", url_path="lemniscaat"),
    st.Page("app_pages/regio.py", title="Regio", icon=":material/location_on:", url_path="regio"),
    st.Page("app_pages/gemeente.py", title="Gemeente", icon=":material/location_city:", url_path="gemeente"),
    st.Page("app_pages/thema.py", title="Thema", icon=":material/label:", url_path="thema"),
    st.Page("app_pages/overlap.py", title="Overlap", icon=":material/join_inner:", url_path="overlap"),
    st.Page("app_pages/hiaten.py", title="Hiaten", icon=":material/report_problem:", url_path="hiaten"),
    st.Page("app_pages/bronnen.py", title="Bronnen", icon=":material/menu_book:", url_path="bronnen"),
    st.Page("app_pages/cypher.py", title="Cypher", icon=":material/terminal:", url_path="cypher"),
    st.Page("app_pages/export.py", title="Export", icon=":material/download:", url_path="export"),
]
if (HERE / "app_pages" / "importeren.py").exists():
    PAGES.append(st.Page("app_pages/importeren.py", title="Importeren", icon=":material/upload_file:", url_path="importeren"))
if (HERE / "app_pages" / "document.py").exists():
    PAGES.append(st.Page("app_pages/document.py", title="Document toevoegen", icon=":material/note_add:",
                         url_path="document"))


def main() -> None:
    st.set_page_config(page_title="Kennislemniscaat", page_icon=str(HERE / "ui" / "icon.png"), layout="wide")
    page = st.navigation(PAGES)
    data.new_run()
    try:
        data.store_switch()
        try:
            page.run()
        finally:  # the national overviews of a new version, in the background (they wait for this run)
            warmup.start(data.active_backend())
    except data.store_errors() as exc:
        data.store_failed(exc)
    except LemniscaatError as exc:  # the project's own errors are Dutch messages meant for the user
        st.error(md(exc))


# The whole run, the sidebar's store switch included, counts as a page run: no warm-up step
# starts meanwhile (with one in progress, this run's every wait for the interpreter lock is long).
with warmup.page_running():
    main()
