"""Streamlit AppTest: the Netwerk page renders the seed graph and its filters change the view."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def metric(at: AppTest, label: str) -> int:
    return int(next(m for m in at.metric if m.label == label).value)


@pytest.fixture()
def app(seed) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def test_netwerk_renders_the_seed_graph(app, seed):
    assert app.title[0].value == "Netwerk"
    shown = metric(app, "Knopen in beeld")
    assert 0 < shown <= len(seed.nodes)


def test_label_filter_changes_the_node_count(app, seed):
    before = metric(app, "Knopen in beeld")
    app.multiselect(key="labels").set_value(["Gemeente"]).run()
    after = metric(app, "Knopen in beeld")
    gemeenten = sum(1 for n in seed.nodes.values() if n.label == "Gemeente")
    assert after == gemeenten < before


def test_niveau_filter_and_search(app):
    app.multiselect(key="niveaus").set_value(["landelijk"]).run()
    landelijk = metric(app, "Knopen in beeld")
    app.text_input(key="zoek").set_value("NJi").run()
    focused = metric(app, "Knopen in beeld")
    assert 0 < focused < landelijk
