"""Document toevoegen: a new report becomes proposed facts, each with its lines; the user
decides in a table; accepted facts become one import in the workspace, loaded into the active
store (the embedded store is rebuilt; Neo4j gets it in one transaction)."""
from pathlib import Path

import streamlit as st

from graph.errors import ValidationError
from loaders import workspace
from loaders.documents import service
from loaders.documents.proposals import DEFAULT_BY_SOORT, DEFAULT_CONFIDENCE
from loaders.workspace import Workspace
from ui.data import active_backend, refresh, store
from ui.document import BESLUITEN, apply, decisions, open_document, rows, stored_documents

st.title("Document toevoegen")
st.caption("Voeg een rapport toe (tekst, Markdown, PDF of Word). Het programma stelt feiten voor, elk met de "
           "regels waar ze staan; u beslist. Aanvaarde voorstellen worden één import met bronvermelding.")

if active_backend() != "memory":
    st.info("Het document en uw besluiten worden bewaard in de werkruimte; aanvaarde feiten worden ook in "
            "Neo4j geladen (één transactie, bovenop wat de database bevat).")
ws = Workspace()
upload = st.file_uploader("Document", type=["txt", "md", "pdf", "docx"], key="document_upload")
kept = stored_documents(ws)
choice = None
if upload is None and kept:
    choice = st.selectbox("Of kies een bewaard document", [""] + [k["bestand"] for k in kept], key="document_keuze",
                          format_func=lambda f: "—" if not f else next(
                              f"{k['origineel']} · {k['titel'] or f}" for k in kept if k["bestand"] == f))
if upload is None and not choice:
    st.info("Kies een document om voorstellen te zien.")
    st.stop()

if upload is not None:
    name, data = upload.name, upload.getvalue()
else:
    doc0 = open_document(choice, ws)
    name, data = doc0.file, doc0.text.encode("utf-8")
given = st.session_state.get("document_publicatie", {})
doc, pub = service.prepare(name, data, ws, publicatie=given)


@st.cache_data(max_entries=16, show_spinner="Voorstellen worden berekend…")
def _proposals(root: str, file: str, graph: tuple[tuple[str, str], ...], titel: str | None,
               decided: tuple[str, ...]):
    """Once per document (its file name derives from its text), graph version (the imports the
    workspace holds, by id and content hash), title and decisions: a rerun (a widget, an edit
    in the table) does not propose again."""
    ws_ = Workspace(Path(root))
    return service.proposals_for(open_document(file, ws_), titel, workspace.dataset(ws_).nodes.values())


proposals = _proposals(str(ws.root), doc.file, tuple((i.id, i.hash) for i in ws.imports()), pub["titel"],
                       tuple(sorted(doc.decided())))
st.success(f"Bewaard als `{doc.file}` ({len(doc.lines)} regels) in de werkruimte.")

st.subheader("Publicatie")
c1, c2, c3 = st.columns([3, 1, 2])
titel = c1.text_input("Titel", value=pub["titel"] or "", key="document_titel")
jaar = c2.text_input("Jaar", value=str(pub["jaar"] or ""), key="document_jaar")
uitgever = c3.text_input("Uitgever (genoemd in de tekst)", value=pub.get("uitgever") or "", key="document_uitgever")
publicatie = {"titel": titel.strip(), "jaar": jaar.strip() or None, "uitgever": uitgever.strip() or None}

st.subheader(f"Voorstellen ({len(proposals)})")
if not proposals:
    st.info("Geen (nieuwe) voorstellen: alles is al beslist.")
    st.stop()
c1, c2 = st.columns([2, 3])
per_soort = c1.toggle("Standaarddrempel per soort", value=True, key="document_per_soort",
                      help=f"vooraf aanvaard: vermeldingen vanaf {DEFAULT_BY_SOORT['vermelding']}, nieuwe knopen en "
                           f"relaties vanaf {DEFAULT_BY_SOORT['relatie']}")
threshold = c2.slider("Vooraf aanvaarden vanaf zekerheid", 0.0, 1.0, DEFAULT_CONFIDENCE, 0.05, key="document_drempel",
                      disabled=per_soort)
edited = st.data_editor(
    rows(proposals, threshold, per_soort), key=f"document_tabel_{doc.file}_{per_soort}_{threshold}", hide_index=True,
    width="stretch",
    column_config={
        "besluit": st.column_config.SelectboxColumn("besluit", options=list(BESLUITEN), required=True),
        "omdraaien": st.column_config.CheckboxColumn("omdraaien", help="richting van de relatie omkeren"),
        "zekerheid": st.column_config.NumberColumn("zekerheid", format="%.2f"),
    },
    disabled=["soort", "zekerheid", "reden", "zin", "sleutel"])
if st.button("Besluiten opslaan", type="primary", key="document_opslaan"):
    accepted, rejected = decisions(list(edited), proposals)
    try:
        result = apply(store(), doc, accepted, rejected, publicatie, ws)
    except ValidationError as exc:
        st.error(f"Niet opgeslagen: {len(exc.problems)} probleem/problemen; er is niets gewijzigd.")
        st.dataframe([{"bestand": p.file, "regel": p.line, "code": p.code, "melding": p.message}
                      for p in exc.problems], width="stretch", hide_index=True)
    else:
        refresh()
        st.success(f"{len(accepted)} aanvaard, {len(rejected)} afgewezen. "
                   + (f"Bewaard als import {result['import']} (publicatie {result['publicatie']})."
                      if result["import"] else "Er was niets nieuws te importeren."))
