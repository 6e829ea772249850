"""The Netwerk chart's written names (ui/netwerk_chart.py point_rows): readable at any scale.

Names are written where they overlap no name written before, the focus first; the others show
on hover. Checked on hand-made positions, where the expected names follow from the boxes.
"""
from __future__ import annotations

import random

from ui.netwerk_chart import (LABEL_CHAR_PX, LABEL_LINE_PX, MAX_LABELS, PAD_X_PX, PAD_Y_PX, PLOT_WIDTH_PX,
                              point_rows)


def _point(i: str, naam: str, grootte: int = 1) -> dict:
    return {"id": i, "naam": naam, "soort": "Gemeente", "grootte": grootte}


def _written(rows: list[dict]) -> set[str]:
    return {r["id"] for r in rows if r["tekst"]}


def test_names_on_top_of_each_other_are_written_once_the_largest_first():
    points = [_point("a", "Amsterdam", 5), _point("b", "Bergen", 9), _point("c", "Cuijk", 1)]
    positions = {"a": (0.0, 0.0), "b": (0.0, 0.0), "c": (10.0, 10.0)}  # a and b at one place
    assert _written(point_rows(points, positions)) == {"b", "c"}
    # the focus goes first, whatever its size
    assert _written(point_rows(points, positions, focus="a")) == {"a", "c"}


def test_names_never_overlap_in_a_crowded_picture_and_the_focus_is_always_written():
    rng = random.Random(3)
    points = [_point(f"n{i}", f"Gemeente · Synth provincie {i:03d} ({i})", rng.randint(1, 60)) for i in range(300)]
    positions = {p["id"]: (rng.gauss(0, 1), rng.gauss(0, 1)) for p in points}
    rows = point_rows(points, positions, focus="n7", height=640)
    written = [r for r in rows if r["tekst"]]
    assert "n7" in _written(rows) and 1 < len(written) <= MAX_LABELS
    xs, ys = [x for x, _ in positions.values()], [y for _, y in positions.values()]
    sx = (PLOT_WIDTH_PX - 2 * PAD_X_PX) / (max(xs) - min(xs))
    sy = (640 - 2 * PAD_Y_PX) / (max(ys) - min(ys))

    def box(r):
        cx, cy = (r["x"] - min(xs)) * sx, (max(ys) - r["y"]) * sy
        half = len(r["tekst"]) * LABEL_CHAR_PX / 2
        return cx - half, cy - LABEL_LINE_PX / 2, cx + half, cy + LABEL_LINE_PX / 2

    for i, a in enumerate(written):
        for b in written[i + 1:]:
            (a0, a1, a2, a3), (b0, b1, b2, b3) = box(a), box(b)
            assert not (a0 < b2 and b0 < a2 and a1 < b3 and b1 < a3), (a["tekst"], b["tekst"])


def test_a_view_that_names_its_own_gets_no_other_names_and_unnamed_stay_unnamed():
    # the groups view names its groups of more than one; a group of one only on hover
    points = [_point(f"g{i}", f"Groep {i}", 2) for i in range(MAX_LABELS)] + [_point("los", "Los", 1)]
    positions = {p["id"]: (float(i % 8) * 10, float(i // 8) * 10) for i, p in enumerate(points)}
    named = {p["id"] for p in points[:MAX_LABELS]}
    assert _written(point_rows(points, positions, always_named=named)) == named
    # nodes in the rows of nodes without lines are never named, not even as the largest
    assert "los" not in _written(point_rows(points, positions, unnamed={"los"}))
    assert "los" in _written(point_rows(points[-3:], positions))  # with few points, every name fits


def test_a_narrower_chart_writes_fewer_names():
    # beside the focus panel the chart has about two thirds of the page: names that fit side by
    # side on the whole width would run into each other there
    points = [_point(f"n{i}", f"Instituut {i:02d}", 10 - i) for i in range(8)]
    positions = {p["id"]: (float(i), 0.0) for i, p in enumerate(points)}
    wide = _written(point_rows(points, positions, width=PLOT_WIDTH_PX))
    narrow = _written(point_rows(points, positions, width=PLOT_WIDTH_PX * 0.5))
    assert len(wide) == 8 > len(narrow) >= 1 and narrow < wide

