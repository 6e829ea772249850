"""Entity resolution and loads of user files on top of the real seed, on both stores."""
from __future__ import annotations

import pytest

from graph.errors import ValidationError
from loaders.templates import write_templates
from loaders.validate import seed_files, validate_import

NODES = "id,label,naam,niveau,bron\n"
RELS = "van,type,naar,bron\n"


@pytest.fixture()
def imp(tmp_path, sources_dir):
    """imp({name: text}, prefer_import=False) -> (dataset, report) of seed + those files."""

    def run(files: dict[str, str], prefer_import: bool = False):
        paths = []
        for name, text in files.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
            paths.append(tmp_path / name)
        return validate_import([*seed_files(), *paths], sources_dir=sources_dir, prefer_import=prefer_import)

    return run


def test_nji_merges_into_the_existing_node(imp, seed):
    dataset, report = imp({"k.csv": NODES + ",Instituut,NJi,landelijk,https://www.nji.nl\n"})
    assert len(dataset.nodes) == len(seed.nodes) + 1  # only the user's source is new
    node = dataset.nodes["nederlands-jeugdinstituut"]
    assert node.naam == "Nederlands Jeugdinstituut"
    assert node.sources[-1].publication == "pub-https-www-nji-nl" and node.sources[-1].file is None
    assert [str(m).split(": ", 1)[1] for m in report.merged] == ["samengevoegd: 'NJi' -> nederlands-jeugdinstituut"]


@pytest.mark.parametrize("written", ["Trimbos Instituut", "trimbosinstituut", "het Trimbos-Instituut"])
def test_spelling_variants_merge_and_are_reported(imp, written):
    _, report = imp({"k.csv": NODES + f",Instituut,{written},,pub-vng-kennis-voor-en-van-gemeenten\n"})
    assert [str(m).split(": ", 1)[1] for m in report.merged] == [f"samengevoegd: '{written}' -> trimbos-instituut"]


def test_names_and_aliases_work_in_van_and_naar(imp, seed):
    dataset, report = imp({"r.csv": RELS + "Nederlands Jeugd Instituut,WERKT_SAMEN_MET,Trimbos Instituut,Verslag 2024\n"})
    new = [r for r in dataset.relationships if r.key in set(report.new_relationships)]
    assert [(r.type, r.start, r.end) for r in new] == []  # the seed states this already: sources merged
    rel = next(r for r in dataset.relationships
               if (r.type, r.start, r.end) == ("WERKT_SAMEN_MET", "nederlands-jeugdinstituut", "trimbos-instituut"))
    assert rel.sources[-1].publication == "pub-verslag-2024"


def test_conflicting_property_keeps_the_seed_value_unless_prefer_import(imp):
    files = {"k.csv": NODES + ",Instituut,NJi,regionaal,Verslag 2024\n"}
    dataset, report = imp(files)
    assert dataset.nodes["nederlands-jeugdinstituut"].niveau == "landelijk"
    assert [str(c).split(": ", 1)[1] for c in report.conflicts] == [
        "conflict: 'niveau' van nederlands-jeugdinstituut is 'landelijk', in het bestand 'regionaal'; "
        "bestaande waarde behouden"]
    dataset, report = imp(files, prefer_import=True)
    assert dataset.nodes["nederlands-jeugdinstituut"].niveau == "regionaal"
    assert report.conflicts[0].kept_import


def test_new_node_gets_a_slug_and_a_referenced_new_node_resolves(imp):
    dataset, report = imp({
        "k.csv": NODES + ",Werkplaats,Kenniswerkplaats Testregio Oost,regionaal,Jaarplan 2024\n"
                         ",Gemeente,Testgemeente Oost,,Jaarplan 2024\n",
        "r.csv": RELS + "Testgemeente Oost,NEEMT_DEEL_AAN,Kenniswerkplaats Testregio Oost,Jaarplan 2024\n"
                        "Kenniswerkplaats Testregio Oost,ONDERSTEUNT,NJi,Jaarplan 2024\n"})
    assert {"kenniswerkplaats-testregio-oost", "gm-testgemeente-oost", "pub-jaarplan-2024"} <= set(report.new_nodes)
    assert len(report.new_relationships) == 2


def test_templates_validate_and_change_nothing_but_sources(tmp_path, sources_dir, seed):
    paths = write_templates(tmp_path / "sjablonen")
    data = [p for p in paths if p.suffix in (".csv", ".yaml")]
    assert sorted(p.name for p in data) == ["knopen.csv", "knopen.yaml", "relaties.csv", "relaties.yaml"]
    dataset, report = validate_import([*seed_files(), *data], sources_dir=sources_dir)
    assert dataset.counts() == seed.counts()
    assert not report.new_nodes and not report.new_relationships and len(report.merged) == 2


def _import(store, paths, sources_dir):
    """What `lemniscaat load` and the Importeren page do: validate everything, then one load."""
    dataset, _ = validate_import([*seed_files(), *paths], sources_dir=sources_dir)
    store.load(dataset, reset=False)


def test_one_bad_row_is_refused_before_the_store(make_store, seed, tmp_path, sources_dir):
    """A bad row is a validation error: nothing of the file (not its good row) is loaded."""
    store = make_store(seed)
    bad = tmp_path / "k.csv"
    bad.write_text(NODES + ",Werkplaats,Werkplaats Goed,regionaal,Verslag\n"
                           ",Werkplaats,Werkplaats Fout,provinciaal,Verslag\n", encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        _import(store, [bad], sources_dir)
    assert [f"{p.line}: {p.code}" for p in exc.value.problems] == ["3: E_BAD_NIVEAU"]
    assert store.node("werkplaats-goed") is None


@pytest.mark.parametrize("reset", [False, True])
def test_a_load_that_fails_in_the_store_leaves_it_exactly_as_before(make_store, seed, tmp_path, sources_dir,
                                                                   reset):
    """The store itself fails halfway (a relationship whose end exists nowhere, after the new
    nodes, and with reset after deleting everything): the whole load is undone."""
    from graph.model import Dataset, Relationship, Source

    store = make_store(seed)
    before, version = store.dataset(), store.version()
    good = tmp_path / "k.csv"
    good.write_text(NODES + ",Werkplaats,Werkplaats Goed,regionaal,Verslag\n", encoding="utf-8")
    dataset, _ = validate_import([*seed_files(), good], sources_dir=sources_dir)
    assert "werkplaats-goed" in dataset.nodes and "werkplaats-goed" not in before.nodes
    dangling = Relationship("ONDERSTEUNT", "werkplaats-goed", "nergens", {}, (Source("pub-verslag", None, None, "x"),))
    broken = Dataset(dict(dataset.nodes), [*dataset.relationships, dangling])
    with pytest.raises(ValueError, match="nergens|missing end"):
        store.load(broken, reset=reset)
    assert store.dataset() == before
    assert store.version() == version


def test_loading_the_same_files_twice_changes_nothing(make_store, seed, tmp_path, sources_dir):
    store = make_store(seed)
    good = tmp_path / "k.csv"
    good.write_text(NODES + ",Werkplaats,Werkplaats Goed,regionaal,Verslag\n,Instituut,NJi,,Verslag\n",
                    encoding="utf-8")
    _import(store, [good], sources_dir)
    once = store.dataset()
    assert "werkplaats-goed" in once.nodes
    _import(store, [good], sources_dir)
    assert store.dataset() == once


def test_cli_template_validate_and_load(tmp_path, capsys, sources_dir):
    from lemniscaat_cli import main

    assert main(["template", "--out", str(tmp_path)]) == 0
    files = [str(tmp_path / n) for n in ("knopen.csv", "relaties.csv")]
    capsys.readouterr()
    assert main(["validate", *files]) == 0
    assert "samengevoegd: 'NJi' -> nederlands-jeugdinstituut" in capsys.readouterr().err
    assert main(["load", "--prefer-import", *files]) == 0
    (tmp_path / "knopen.csv").write_text(NODES + ",Instituutt,X,landelijk,Verslag\n", encoding="utf-8")
    assert main(["validate", files[0]]) == 1
    err = capsys.readouterr().err
    assert "knopen.csv:2: E_UNKNOWN_LABEL onbekend label 'Instituutt' (bedoelde u 'Instituut'?)" in err


def test_rows_naming_the_same_bron_share_one_sources_object(imp):
    """A file's rows mostly name one bron: their relationships share one sources tuple (and one
    Source) instead of a copy each, which at national scale was a million objects more in the
    embedded store and in every start that reads it from its snapshot."""
    rows = "".join(f"Testwerkplaats {i},ACTIEF_IN,Friesland,Verslag 2024\n" for i in range(3))
    nodes = "".join(f",Werkplaats,Testwerkplaats {i},regionaal,Verslag 2024\n" for i in range(3))
    dataset, report = imp({"k.csv": NODES + nodes, "r.csv": RELS + rows})
    new = [r for r in dataset.relationships if r.key in set(report.new_relationships)]
    assert len(new) == 3 and len({id(r.sources) for r in new}) == 1
    assert new[0].sources[0].publication == "pub-verslag-2024"
    werkplaatsen = [n for n in dataset.nodes.values() if n.naam.startswith("Testwerkplaats ")]
    assert len(werkplaatsen) == 3 and len({id(n.sources) for n in werkplaatsen}) == 1
