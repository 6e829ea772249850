"""Importeren: eigen bestanden (CSV/Excel/YAML) controleren, de wijziging bekijken en toepassen.
On the embedded store every import is kept in the workspace (loaders/workspace.py) and can be
removed here again."""
import streamlit as st

from graph.errors import ValidationError
from loaders.workspace import Workspace
from ui.data import active_backend, refresh, store
from ui.importeren import UPLOAD_TYPES, apply, kept_imports, preview, problem_rows, remove, template_files, validate_uploads

st.title("Importeren")
st.caption("Voeg eigen werkplaatsen, partners, thema's en publicaties toe bovenop de basisgraaf. "
           "Elk feit heeft een bron. Bij één fout wordt niets geladen.")

with st.expander("Sjablonen downloaden"):
    st.write("Vul `sjabloon.xlsx` (bladen knopen en relaties), of `knopen.csv` en `relaties.csv` "
             "(of de YAML-varianten); zie `LEESMIJ.md`.")
    for name, data in template_files().items():
        st.download_button(name, data, file_name=name, key=f"sjabloon-{name}")

workspace = Workspace() if active_backend() == "memory" else None


def _remove() -> None:
    """Button callback: runs before the page is drawn again, so the list shows the result."""
    import_id = st.session_state["verwijder_keuze"]
    try:
        remove(store(), workspace, import_id)
    except ValidationError as exc:
        st.session_state["_verwijderd"] = ("error", f"Import {import_id} is niet verwijderd: latere imports "
                                                    "bouwen erop voort.", problem_rows(exc.problems))
    else:
        refresh()
        st.session_state["_verwijderd"] = ("success", f"Import {import_id} is verwijderd; de graaf is opnieuw "
                                                      "opgebouwd zonder deze import.", [])


if workspace is not None:
    with st.expander("Bewaarde imports", expanded=True):
        st.caption(f"Imports in de ingebouwde opslag blijven bewaard in de werkruimte `{workspace.root}` "
                   "en worden bij elke start opnieuw toegepast.")
        if "_verwijderd" in st.session_state:
            kind, message, problems = st.session_state.pop("_verwijderd")
            getattr(st, kind)(message)
            if problems:
                st.dataframe(problems, width="stretch", hide_index=True)
        rows = kept_imports(workspace)
        if not rows:
            st.info("Nog geen eigen imports bewaard.")
        else:
            st.dataframe(rows, width="stretch", hide_index=True)
            c1, c2 = st.columns([3, 1])
            c1.selectbox("Import verwijderen", [r["import"] for r in rows], key="verwijder_keuze",
                                  format_func=lambda i: next(f"{r['import']} · {r['datum']} · {r['bestanden']}"
                                                             for r in rows if r["import"] == i))
            c2.button("Verwijderen", key="verwijder", on_click=_remove)

uploads = st.file_uploader("Bestanden (CSV, Excel of YAML)", type=UPLOAD_TYPES,
                           accept_multiple_files=True, key="bestanden")
prefer = st.checkbox("Bij een conflict de waarde uit mijn bestand gebruiken", key="prefer_import")
if not uploads:
    st.info("Kies een of meer bestanden om ze te controleren.")
    st.stop()

result = validate_uploads([(f.name, f.getvalue()) for f in uploads], prefer_import=prefer,
                          existing=None if workspace is not None else store(), workspace=workspace)
if result.duplicate is not None:
    st.info(f"Deze bestanden zijn al geïmporteerd (import {result.duplicate.id}, {result.duplicate.created}); "
            "er verandert niets.")
    st.stop()
if result.problems:
    st.error(f"{len(result.problems)} fout(en) gevonden; er wordt niets geladen.")
    st.dataframe(problem_rows(result.problems), width="stretch", hide_index=True)
    st.stop()

s = store()
changes = preview(s.dataset(), result.dataset)
st.success("De bestanden zijn geldig.")
c1, c2, c3 = st.columns(3)
c1.metric("Nieuwe knopen", len(changes["nieuwe_knopen"]))
c2.metric("Samengevoegde knopen", len(result.report.merged))
c3.metric("Nieuwe relaties", len(changes["nieuwe_relaties"]))
if result.report.merged:
    st.subheader("Samengevoegd met bestaande knopen")
    st.dataframe([{"bestand": m.file, "regel": m.line, "naam in bestand": m.name, "knoop": m.target}
                  for m in result.report.merged], width="stretch", hide_index=True)
if result.report.conflicts:
    st.subheader("Conflicten")
    st.dataframe([{"bestand": c.file, "regel": c.line, "knoop": c.node, "eigenschap": c.key,
                   "bestaand": str(c.existing), "in bestand": str(c.imported),
                   "gebruikt": "bestand" if c.kept_import else "bestaand"} for c in result.report.conflicts],
                 width="stretch", hide_index=True)
for key, title in (("nieuwe_knopen", "Nieuwe knopen"), ("gewijzigde_knopen", "Gewijzigde knopen"),
                   ("nieuwe_relaties", "Nieuwe relaties")):
    if changes[key]:
        st.subheader(title)
        st.dataframe(changes[key], width="stretch", hide_index=True)

if st.button(f"Toepassen op de actieve store ({active_backend()})", type="primary", key="toepassen"):
    counts = apply(s, result.dataset, workspace, result, prefer)
    refresh()  # the other pages read cached data; forget it so they show the import
    st.success(f"Geladen: {sum(counts['nodes'].values())} knopen, "
               f"{sum(counts['relationships'].values())} relaties in de store."
               + (" De import is bewaard in de werkruimte." if workspace is not None else ""))
