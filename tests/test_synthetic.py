"""The synthetic generator: deterministic, and its output passes validation (scale 0.01)."""
from __future__ import annotations

from loaders.synthetic import generate
from loaders.validate import seed_files, validate_files
from lemniscaat_cli import main


def test_generated_data_validates_and_loads_on_the_seed(tmp_path, seed):
    counts = generate(0.01, 7, tmp_path)
    assert counts["knopen"] > 300 and counts["relaties"] > 3000
    dataset = validate_files([*seed_files(), tmp_path / "knopen.csv", tmp_path / "relaties.csv"])
    assert len(dataset.nodes) == len(seed.nodes) + counts["knopen"] + 1  # + the bron as a Publicatie
    labels = {n.label for n in dataset.nodes.values() if n.id.startswith("syn-")}
    assert labels == {"Gemeente", "Regio", "Instituut", "Werkplaats", "Programma", "Publicatie", "Thema"}


def test_same_seed_same_files(tmp_path):
    generate(0.01, 3, tmp_path / "a")
    generate(0.01, 3, tmp_path / "b")
    generate(0.01, 4, tmp_path / "c")
    a = (tmp_path / "a" / "relaties.csv").read_bytes()
    assert a == (tmp_path / "b" / "relaties.csv").read_bytes() != (tmp_path / "c" / "relaties.csv").read_bytes()


def test_cli_generate_then_validate(tmp_path, capsys, seed):
    assert main(["generate", "--scale", "0.01", "--seed", "5", "--out", str(tmp_path)]) == 0
    assert main(["validate", str(tmp_path / "knopen.csv"), str(tmp_path / "relaties.csv")]) == 0
    assert "ok:" in capsys.readouterr().out
