"""ui.tables.table: a long table shows its first MAX_ROWS rows and says so; both downloads hold
every row and are made only when asked for. The "Bron van" picker lists few items, and searches
many."""
from __future__ import annotations

import csv
import io

from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from ui import tables


def _capture(monkeypatch) -> dict:
    got: dict = {}
    original = DeltaGenerator.download_button

    def record(self, label, data, file_name=None, *args, **kwargs):
        got[file_name] = data
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", record)
    return got


def test_a_long_table_shows_its_first_rows_and_the_downloads_hold_all(monkeypatch):
    downloads = _capture(monkeypatch)
    n = tables.MAX_ROWS + 5
    at = AppTest.from_string(f"""
import streamlit as st
from ui import tables
rows = [{{"naam": f"n{{i}}", "waarde": i}} for i in range({n})]
st.session_state["shown"] = len(tables.table(rows, {{"naam": "Naam", "waarde": "Waarde"}}, "lang", "lang"))
""", default_timeout=60).run()
    assert not at.exception
    assert at.session_state["shown"] == len(at.dataframe[0].value) == tables.MAX_ROWS
    assert f"De eerste {tables.MAX_ROWS:,} van {n:,} rijen".replace(",", ".") in at.caption[0].value
    assert set(downloads) == {"lang.csv", "lang.xlsx"}
    assert all(callable(d) for d in downloads.values())  # made only when asked for
    rows = list(csv.reader(io.StringIO(downloads["lang.csv"]().decode("utf-8-sig"))))
    assert rows[0] == ["Naam", "Waarde"] and len(rows) == n + 1 and rows[-1] == [f"n{n - 1}", str(n - 1)]


def test_a_short_table_has_no_note(monkeypatch):
    downloads = _capture(monkeypatch)
    at = AppTest.from_string("""
from ui import tables
tables.table([{"naam": "a"}], {"naam": "Naam"}, "kort", "kort")
""", default_timeout=60).run()
    assert not at.exception and len(at.dataframe[0].value) == 1 and not at.caption
    assert downloads["kort.csv"]().decode("utf-8-sig").splitlines() == ["Naam", "a"]


PICK_APP = """
import streamlit as st
from ui import tables
naam = {{f"id{{i}}": f"Rapport {{i}} over jeugd" if i % 7 else f"Nota {{i}}" for i in range({n})}}
chosen = tables._pick("Bron van", list(naam), naam.get, "kies", default="id3")
st.write(f"gekozen={{chosen}}")
"""


def _chosen(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("gekozen="))[len("gekozen="):]


def test_a_picker_over_few_items_lists_them_all():
    at = AppTest.from_string(PICK_APP.format(n=tables.PICK_MAX)).run()
    assert not at.exception and not at.text_input
    assert len(at.selectbox(key="kies").options) == tables.PICK_MAX and _chosen(at) == "id3"


def test_a_picker_over_many_items_searches_them():
    """Thousands of shown nodes (a gemeente's profile at national scale) are not all sent to the
    browser: a search field over them, at most PICK_SUGGESTIONS options plus the current choice."""
    at = AppTest.from_string(PICK_APP.format(n=3000)).run()
    assert not at.exception
    box = at.selectbox(key="kies")
    assert len(box.options) <= tables.PICK_SUGGESTIONS + 1 and _chosen(at) == "id3"
    at.text_input(key="kies_zoek").input("NOTA 28").run()  # case ignored; Nota 28, 280-289, 2800-2899
    box = at.selectbox(key="kies")
    assert box.options[0] == "Rapport 3 over jeugd"  # the current choice stays
    assert set(box.options[1:]) == {f"Nota {i}" for i in [28, *range(280, 290), *range(2800, 2900)]
                                    if i % 7 == 0}
    box.select("id2807").run()
    assert _chosen(at) == "id2807"
    at.text_input(key="kies_zoek").input("bestaat niet").run()
    assert any("Niets gevonden" in c.value for c in at.caption) and _chosen(at) == "id2807"
