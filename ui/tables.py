"""Tables with a CSV and an Excel (.xlsx) download, and the 'one level deeper' sources block every page ends with."""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Callable, Iterable, Sequence

import pandas as pd
import streamlit as st

from graph.export import XLSX_MIME, csv_cell, xlsx_bytes
from graph.model import Node, Relationship, Source


def cell(value: Any) -> Any:
    """Lists, dicts and sources become readable text (for tables and CSV)."""
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, dict) and "publication" in v for v in value):
            return "; ".join(source_text(Source.from_dict(v)) for v in value)
        if len(value) == 2 and all(isinstance(v, int) for v in value):
            return f"{value[0]}–{value[1]}"
        return "; ".join(str(cell(v)) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return value


def source_text(s: Source) -> str:
    where = f"{s.file}, r. {s.lines[0]}–{s.lines[1]}" if s.file and s.lines else "referentiebron"
    return f"{s.publication} ({where}): {s.note}"


def frame(rows: Sequence[dict[str, Any]], columns: dict[str, str] | None = None) -> pd.DataFrame:
    """A DataFrame of `rows`; `columns` maps keys to Dutch headers (and picks/orders them)."""
    if columns is None:
        columns = {k: k for k in (rows[0] if rows else {})}
    data = [{header: cell(r.get(key)) for key, header in columns.items()} for r in rows]
    df = pd.DataFrame(data, columns=list(columns.values()))
    for col in df.columns:  # mixed numbers and text (e.g. a missing year) cannot go to Arrow
        kinds = {type(v) for v in df[col] if v is not None and v == v}
        if len(kinds) > 1:
            df[col] = df[col].map(lambda v: "" if v is None or v != v else str(v))
    return df


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The table as CSV for Excel; cells that would run as a formula are neutralised (csv_cell)."""
    buf = io.StringIO()
    df.map(csv_cell).to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue().encode("utf-8-sig")  # BOM: Excel opens the accents correctly


def excel_bytes(df: pd.DataFrame, sheet: str = "tabel") -> bytes:
    """The table as an Excel workbook: numbers stay numbers, text is never run as a formula
    (the same guard as the CSV, graph.export.csv_cell)."""
    title = "".join(c for c in sheet if c not in '[]:*?/\\')[:31] or "tabel"  # Excel's sheet-name rules
    values = df.astype(object).where(df.notna(), None)  # pd.NA / NaN: an empty cell
    return xlsx_bytes({title: [[str(c) for c in df.columns], *values.itertuples(index=False, name=None)]})


def download_buttons(make_frame: Callable[[], pd.DataFrame], filename: str, key: str) -> None:
    """The table as CSV and as .xlsx, side by side. Both files are made only when asked for
    (deferred downloads of `make_frame()`), so a page with many or long tables renders no slower."""
    c1, c2 = st.columns(2)
    c1.download_button("CSV downloaden", lambda: csv_bytes(make_frame()), file_name=f"{filename}.csv",
                       mime="text/csv", key=f"csv_{key}", icon=":material/download:")
    c2.download_button("Excel downloaden", lambda: excel_bytes(make_frame(), filename), file_name=f"{filename}.xlsx",
                       mime=XLSX_MIME, key=f"xlsx_{key}", icon=":material/download:")


# A table shows at most this many rows (a browser grid of half a million rows helps no one and
# takes seconds to send; at 2,000 rows with their sources a gemeente's table at national scale
# was a 790 kB message, 0.3 s of every visit by link); the downloads hold every row.
MAX_ROWS = 500


def table(rows: Sequence[dict[str, Any]], columns: dict[str, str] | None, filename: str, key: str,
          empty: str = "Niets gevonden.", height: int | None = None) -> pd.DataFrame:
    """st.dataframe (the first MAX_ROWS rows) plus a CSV and an Excel download of every row;
    returns the frame shown."""
    df = frame(rows[:MAX_ROWS], columns)
    if df.empty:
        st.info(empty)
        return df
    if len(rows) > MAX_ROWS:
        st.caption(f"De eerste {MAX_ROWS:,} van {len(rows):,} rijen; de downloads bevatten ze allemaal."
                   .replace(",", "."))
    kwargs = {"height": height} if height else {}
    st.dataframe(df, hide_index=True, width="stretch", **kwargs)
    download_buttons(lambda: df if len(rows) <= MAX_ROWS else frame(rows, columns), filename, key)
    return df


SOURCE_COLUMNS = {"publicatie_naam": "Publicatie", "file": "Bestand", "lines": "Regels", "note": "Toelichting",
                  "publicatie": "Publicatie-id"}


def sources_rows(sources: Iterable[Source], names: dict[str, str]) -> list[dict[str, Any]]:
    """Rows in the shape of the `bronnen` query for a relationship's own sources."""
    return [{"publicatie": s.publication, "publicatie_naam": names.get(s.publication, s.publication),
             "file": s.file or "referentiebron", "lines": list(s.lines) if s.lines else None, "note": s.note}
            for s in sources]


# Up to this many items a "Bron van" box lists them all; above it (a gemeente's profile at national
# scale shows thousands of nodes: a 110 kB list with every run), a search field over the shown
# items gives at most PICK_SUGGESTIONS of them.
PICK_MAX = 200
PICK_SUGGESTIONS = 20


def _pick(title: str, items: Sequence[Any], text: Callable[[Any], str], key: str, default: Any = None,
          noun: str = "knopen") -> Any:
    """A select box over `items` (shown by `text`); over PICK_MAX items a search field filters
    them by name (case and accents ignored) to at most PICK_SUGGESTIONS, plus the current choice.
    Returns the chosen item."""
    from graph.names import fold

    if len(items) <= PICK_MAX:
        index = items.index(default) if default in items else 0
        return st.selectbox(title, items, index=index, key=key, format_func=text)
    zoek = st.text_input(f"Zoek in de {len(items):,} getoonde {noun}".replace(",", "."), key=f"{key}_zoek",
                         placeholder="typ een deel van de naam…")
    current = st.session_state.get(key)
    if current not in items:  # nothing chosen yet, or a choice from another gemeente's or regio's page
        current = default if default in items else items[0]
    wanted = fold(zoek.strip())
    hits = [i for i in items if wanted in fold(text(i))][:PICK_SUGGESTIONS] if wanted else items[:PICK_SUGGESTIONS]
    if wanted and not hits:
        st.caption("Niets gevonden met die naam.")
    options = list(dict.fromkeys([current, *hits]))
    if st.session_state.get(key) not in options:
        st.session_state.pop(key, None)
    return st.selectbox(title, options, index=options.index(current), key=key, format_func=text)


def node_sources(node_ids: Sequence[str], by_id: dict[str, Node], key: str,
                 title: str = "Bronnen", default: str | None = None) -> None:
    """Pick any node shown on the page; the `bronnen` query gives its sources."""
    from ui.data import query

    ids = [i for i in dict.fromkeys(node_ids) if i in by_id]
    if not ids:
        return
    st.subheader(title)
    st.caption("Kies een knoop: per bron de publicatie, het bestand, de regels en wat er staat.")
    chosen = _pick("Bron van", ids, lambda i: f"{by_id[i].naam} ({by_id[i].label})", f"bron_van_{key}", default)
    rows = query("bronnen", id=chosen)
    table(rows, SOURCE_COLUMNS, f"bronnen-{chosen}", key=f"bronnen_{key}")


def relationship_sources(rels: Sequence[Relationship], by_id: dict[str, Node], key: str) -> None:
    """Pick a relationship; show its sources (file, lines, note)."""
    if not rels:
        return
    labels = [f"{by_id[r.start].naam} —{r.type.replace('_', ' ').lower()}→ {by_id[r.end].naam}"
              for r in rels]
    i = _pick("Bron van relatie", list(range(len(rels))), lambda i: labels[i], f"rel_bron_{key}", noun="relaties")
    names = {n.id: n.naam for n in by_id.values() if n.label == "Publicatie"}
    table(sources_rows(rels[i].sources, names), SOURCE_COLUMNS, f"bronnen-relatie-{key}",
          key=f"rel_bronnen_{key}")
