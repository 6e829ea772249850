"""The relationship rules of the document extractor (loaders/documents/relations.py), each on a
small hand-made text whose answer is counted by hand. The texts are our own sentences."""
from __future__ import annotations

from graph.model import Node
from loaders.documents.proposals import DEFAULT_CONFIDENCE, propose


def node(node_id, label, naam, **props):
    return Node(node_id, label, {"naam": naam, **props}, ())


NODES = [
    node("movisie", "Instituut", "Movisie", niveau="landelijk"),
    node("vilans", "Instituut", "Vilans", niveau="landelijk"),
    node("trimbos", "Instituut", "Trimbos-instituut", niveau="landelijk"),
    node("groep-kennisinstituten", "Actorgroep", "kennisinstituten", niveau="landelijk"),
    node("gm-leudal", "Gemeente", "Leudal", niveau="lokaal"),
    node("gm-venlo", "Gemeente", "Venlo", niveau="lokaal"),
    node("thema-wmo", "Thema", "Wmo"),
    node("thema-armoede", "Thema", "armoede"),
    node("thema-wonen", "Thema", "wonen"),
    node("pub-eigen", "Publicatie", "Kennis in de buurt", niveau="landelijk"),
]


def relations(text, titel=None, threshold=DEFAULT_CONFIDENCE):
    return {(p.van, p.type, p.naar): p for p in propose(text, "doc-test.txt", NODES, titel=titel)
            if p.soort == "relatie" and p.confidence >= threshold}


def test_a_table_row_pairs_a_gemeente_with_its_theme():
    text = "Gesprekken per gemeente\n\n Leudal Wmo\n\n Venlo armoede\n"
    rels = relations(text)
    assert ("Leudal", "BEHANDELT", "Wmo") in rels and ("Venlo", "BEHANDELT", "armoede") in rels
    assert "korte regel" in rels[("Leudal", "BEHANDELT", "Wmo")].reden
    assert ("Leudal", "BEHANDELT", "armoede") not in relations(text, threshold=0)  # other rows


def test_a_long_sentence_without_signal_stays_below_the_default():
    text = ("In de lange vergadering van vorig jaar in Leudal kwam naast veel andere zaken "
            "uiteindelijk ook de Wmo nog even ter sprake.\n")
    assert ("Leudal", "BEHANDELT", "Wmo") not in relations(text)
    assert ("Leudal", "BEHANDELT", "Wmo") in relations(text, threshold=0.5)


def test_examples_after_zoals_each_belong_to_the_group():
    text = "Er zijn landelijke kennisinstituten zoals Movisie, Vilans en het Trimbos-\ninstituut.\n"
    rels = relations(text)
    assert {k for k in rels if k[1] == "HOORT_BIJ"} == {
        ("Movisie", "HOORT_BIJ", "kennisinstituten"), ("Vilans", "HOORT_BIJ", "kennisinstituten"),
        ("Trimbos-instituut", "HOORT_BIJ", "kennisinstituten")}
    # and examples are no co-actors
    assert not [k for k in rels if k[1] == "WERKT_SAMEN_MET"]


def test_an_example_list_broken_by_a_clause_stops():
    text = "Er zijn kennisinstituten zoals Movisie, maar ook gemeenten die Vilans vragen.\n"
    rels = relations(text, threshold=0)
    assert ("Movisie", "HOORT_BIJ", "kennisinstituten") in rels
    assert ("Vilans", "HOORT_BIJ", "kennisinstituten") not in rels


def test_actors_listed_as_subject_of_one_verb_work_together():
    text = "Daarom hebben Movisie, Vilans en Trimbos-\ninstituut een verkenning gedaan.\n"
    pairs = {frozenset((k[0], k[2])) for k in relations(text) if k[1] == "WERKT_SAMEN_MET"}
    assert pairs == {frozenset(("Movisie", "Vilans")), frozenset(("Movisie", "Trimbos-instituut")),
                     frozenset(("Vilans", "Trimbos-instituut"))}
    # a longer list: the verb is found before the list's first item, for every pair
    many = [node(f"i{k}", "Instituut", naam, niveau="landelijk") for k, naam in
            enumerate(("Nederlands Centrum Jeugdgezondheid", "Pharos", "Divosa"))]
    text = "Daarom hebben Movisie, Vilans, Nederlands Centrum Jeugdgezondheid, Pharos en Divosa iets gedaan.\n"
    pairs = {frozenset((p.van, p.naar)) for p in propose(text, "doc-test.txt", NODES + many)
             if p.soort == "relatie" and p.type == "WERKT_SAMEN_MET" and p.confidence >= DEFAULT_CONFIDENCE}
    assert len(pairs) == 10 and frozenset(("Pharos", "Divosa")) in pairs
    # named in one list, but as the object of someone else's act: no co-operation
    text = "De gemeente vraagt advies aan Movisie en Vilans over de aanpak.\n"
    assert not [k for k in relations(text) if k[1] == "WERKT_SAMEN_MET"]


def test_a_theme_in_the_opening_is_what_the_document_treats():
    filler = "".join(f"Regel {i} zonder onderwerp.\n" for i in range(60))
    text = "Armoede in de wijk\n\nOver armoede en wonen.\n" + filler + "Ook de Wmo komt voor.\n"
    rels = relations(text, titel="Armoede in de wijk")
    assert ("Armoede in de wijk", "BEHANDELT", "armoede") in rels   # twice, in the opening
    assert ("Armoede in de wijk", "BEHANDELT", "wonen") in rels     # once, in the opening
    assert "begin" in rels[("Armoede in de wijk", "BEHANDELT", "wonen")].reden
    assert ("Armoede in de wijk", "BEHANDELT", "Wmo") not in rels   # once, late


def test_the_document_does_not_refer_to_itself():
    text = "Kennis in de buurt\n\nDit verslag heet Kennis in de buurt.\n"
    assert not [k for k in relations(text, titel="Kennis in de buurt", threshold=0) if k[1] == "VERWIJST_NAAR"]
    assert ("Ander verslag", "VERWIJST_NAAR", "Kennis in de buurt") in relations(text, titel="Ander verslag")


def test_a_tie_to_a_new_name_is_no_surer_than_the_name():
    text = "Het Kenniscentrum Buurtkracht werkt samen met Movisie.\n"
    proposals = propose(text, "doc-test.txt", NODES)
    new = next(p for p in proposals if p.soort == "nieuwe-knoop")
    rel = next(p for p in proposals if p.soort == "relatie" and p.type == "WERKT_SAMEN_MET")
    assert new.confidence < 0.7 and rel.confidence == new.confidence
    assert "nieuwe naam" in rel.reden


def test_validate_counts_the_lines_of_a_document_in_the_workspace(tmp_path, own_workspace):
    """loaders/validate.py: a span beyond the end of a document kept in the workspace is
    refused with file:line, as for the five documents."""
    import pytest

    from graph.errors import ValidationError
    from loaders.documents.store import documents_dir
    from loaders.validate import validate_files

    folder = documents_dir()
    folder.mkdir(parents=True)
    (folder / "doc-0123456789ab.txt").write_text("Movisie\nen Vilans\nwerken samen.\n", encoding="utf-8")

    def import_citing(lines):
        path = tmp_path / "import.yaml"
        path.write_text(
            "nodes:\n- id: pub-x\n  label: Publicatie\n  naam: Verslag\n  niveau: landelijk\n  bestand: doc-0123456789ab.txt\n"
            "  sources:\n  - file: doc-0123456789ab.txt\n"
            f"    lines: {lines}\n    note: Het verslag zelf.\n", encoding="utf-8")
        return path

    validate_files([import_citing("[1, 3]")], sources_dir=tmp_path / "geen-bronnen")
    with pytest.raises(ValidationError) as exc:
        validate_files([import_citing("[2, 9]")], sources_dir=tmp_path / "geen-bronnen")
    (problem,) = [p for p in exc.value.problems if p.code == "E_LINES_OUTSIDE_FILE"]
    assert problem.file.endswith("import.yaml") and problem.line == 8 and "3 regels" in problem.message


def test_a_new_name_is_found_again_by_its_abbreviation():
    text = ("Het Planbureau voor de Leefomgeving (PBL) schrijft veel.\n"
            "Later werkt het PBL samen met Movisie.\n")
    proposals = propose(text, "doc-test.txt", NODES)
    new = next(p for p in proposals if p.soort == "nieuwe-knoop")
    assert new.naam == "Planbureau voor de Leefomgeving" and new.properties == {"afkorting": "PBL"}
    assert "2×" in new.reden                        # the name, and the abbreviation alone on line 2
    rel = next(p for p in proposals if p.soort == "relatie" and p.type == "WERKT_SAMEN_MET")
    assert {rel.van, rel.naar} == {"Planbureau voor de Leefomgeving", "Movisie"} and rel.lines == (2, 2)
    assert rel.confidence >= DEFAULT_CONFIDENCE


def test_a_pronoun_carries_the_subject_of_a_sentence_before():
    text = ("Vilans is een kennisinstituut in de langdurige zorg. Zij werkt samen met Movisie.\n\n"
            "Leudal heeft een beleidsplan. Ook Venlo. Zij werken samen met Movisie.\n")
    rels = relations(text)
    rel = rels.get(("Vilans", "WERKT_SAMEN_MET", "Movisie")) or rels.get(("Movisie", "WERKT_SAMEN_MET", "Vilans"))
    assert rel is not None and rel.lines == (1, 1) and "terug" in rel.reden
    # the nearest actor that opened a sentence is the one carried ("Ook Venlo.": Venlo, not Leudal)
    assert ("Venlo", "WERKT_SAMEN_MET", "Movisie") in rels
    assert not [k for k in relations(text, threshold=0) if "Leudal" in k and k[1] == "WERKT_SAMEN_MET"]


def test_no_pronoun_carry_across_a_paragraph_or_to_another_kind():
    text = "Vilans schrijft veel.\n\nZij werkt samen met Movisie.\n"
    assert not [k for k in relations(text, threshold=0) if k[1] == "WERKT_SAMEN_MET"]
    text = "Vilans schrijft veel. Het programma werkt samen met Movisie.\n"   # a programme is no institute
    assert not [k for k in relations(text, threshold=0) if k[1] == "WERKT_SAMEN_MET"]
    text = "Vilans schrijft veel. Zij vinden Movisie goed.\n"   # no signal word: nothing carried
    assert not [k for k in relations(text, threshold=0) if "Vilans" in (k[0], k[2]) and "Movisie" in (k[0], k[2])]


def test_references_by_author_and_year_are_publications_with_their_makers():
    text = ("Kennis\n\nDat blijkt uit eerder werk (Movisie, 2024; Jansen & De Vries, 2019).\n"
            "Ook de Movisie (2023) en Pietersen et al. (2021) schrijven dat.\n"
            "In november 2016 en onder de Wmo (2015) gebeurde niets.\n")
    proposals = propose(text, "doc-test.txt", NODES, titel="Kennis")
    new = {p.naam: p for p in proposals if p.soort == "nieuwe-knoop"}
    assert set(new) == {"Movisie (2024)", "Jansen & De Vries (2019)", "Movisie (2023)", "Pietersen et al. (2021)"}
    assert {p.label for p in new.values()} == {"Publicatie"} and new["Movisie (2024)"].lines == (3, 3)
    rels = {(p.van, p.type, p.naar) for p in proposals if p.soort == "relatie" and p.confidence >= DEFAULT_CONFIDENCE}
    assert {r for r in rels if r[1] == "UITGEGEVEN_DOOR"} == {("Movisie (2024)", "UITGEGEVEN_DOOR", "Movisie"),
                                                              ("Movisie (2023)", "UITGEGEVEN_DOOR", "Movisie")}
    assert {r[2] for r in rels if r[1] == "VERWIJST_NAAR"} == set(new)


def test_the_default_threshold_is_per_kind():
    from loaders.documents import service
    from loaders.documents.proposals import DEFAULT_BY_SOORT, Proposal

    def made(soort, confidence):
        return Proposal(soort, "doc-test.txt", (1, 1), confidence, "test")

    props = [made("vermelding", 0.45), made("vermelding", 0.4), made("relatie", 0.55), made("relatie", 0.6),
             made("nieuwe-knoop", 0.5)]
    assert [(p.soort, p.confidence) for p in service.above_default(props)] == [("vermelding", 0.45), ("relatie", 0.6)]
    assert len(service.above_default(props, 0.4)) == 5          # one threshold for all, when given
    assert DEFAULT_BY_SOORT["vermelding"] < DEFAULT_BY_SOORT["relatie"] == DEFAULT_CONFIDENCE


def test_an_actor_whose_name_holds_a_theme_treats_it():
    nodes = NODES + [node("prog-armoede", "Programma", "Kennisprogramma Armoede", niveau="landelijk"),
                     node("prog-x", "Programma", "Programma Buurtkracht", niveau="landelijk")]
    text = ("Het Kennisprogramma Armoede begon vorig jaar met een eerste ronde.\n\n"
            "Armoede blijft een groot probleem. Ook het Programma Buurtkracht liep door.\n")
    rels = {(p.van, p.type, p.naar): p for p in propose(text, "doc-test.txt", nodes)
            if p.soort == "relatie" and p.confidence >= DEFAULT_CONFIDENCE}
    rel = rels[("Kennisprogramma Armoede", "BEHANDELT", "armoede")]
    assert rel.lines == (1, 1) and "noemt het thema" in rel.reden
    assert ("Programma Buurtkracht", "BEHANDELT", "armoede") not in rels


def test_accepted_references_pass_the_provenance_check(tmp_path, own_workspace):
    """A reference is named "Auteur (jaar)"; the text writes "(Movisie, 2021)" or "ROB (2020": that
    spelling becomes an alias, so the cited lines name the new publication."""
    from loaders import workspace
    from loaders.documents import service

    text = ("Een verslag over kennis\n\nDat schreef Movisie eerder (Movisie, 2021).\n"
            "Ook de ROB (2020) en Groenleer et al. 2018 zagen dat (zie PBL 2019b).\n")
    path = tmp_path / "verslag.txt"
    path.write_text(text, encoding="utf-8")
    doc, proposals, _ = service.add(path.name, path.read_bytes())
    refs = {p.naam for p in proposals if p.soort == "nieuwe-knoop" and p.label == "Publicatie"}
    assert {"Movisie (2021)", "ROB (2020)", "PBL (2019b)"} <= refs
    result = service.accept(doc, service.above_default(proposals), [], {"titel": "Een verslag over kennis"})
    assert result["import"] is not None
    data = workspace.dataset()
    movisie_2021 = next(n for n in data.nodes.values() if n.naam == "Movisie (2021)")
    assert "Movisie, 2021" in movisie_2021.aliassen and movisie_2021.sources[0].lines == (3, 3)
    assert ("UITGEGEVEN_DOOR", movisie_2021.id, "movisie") in {(r.type, r.start, r.end) for r in data.relationships}


def test_asking_an_institute_is_drawing_knowledge_from_it():
    text = "Steeds vaker leggen Leudal en Venlo hun vragen neer bij Movisie.\n"
    rels = relations(text)
    assert ("Leudal", "BETREKT_KENNIS_VAN", "Movisie") in rels and ("Venlo", "BETREKT_KENNIS_VAN", "Movisie") in rels
    assert ("Movisie", "BETREKT_KENNIS_VAN", "Leudal") not in relations(text, threshold=0)


# -- new entities by how Dutch text names them (loaders/documents/candidates.py) -----------------

def new_nodes(text, threshold=DEFAULT_CONFIDENCE):
    return {(p.label, p.naam): p for p in propose(text, "doc-test.txt", NODES)
            if p.soort == "nieuwe-knoop" and p.confidence >= threshold}


def test_a_title_after_het_rapport_runs_until_a_clause_starts():
    found = new_nodes("In 2021 verscheen het rapport Kennis delen loont over samenwerking in de wijk.\n")
    assert ("Publicatie", "Kennis delen loont") in found
    # a heading with the word "verkenning" and a capital on the next line is no title
    assert not [k for k in new_nodes("De verkenning\n\nIn deze publicatie lees je meer.\n", 0) if k[0] == "Publicatie"]


def test_a_data_product_is_named_by_its_head_word():
    found = new_nodes("Leudal volgt de Monitor Brede Welvaart elk jaar.\n")
    assert ("Publicatie", "Monitor Brede Welvaart") in found


def test_reference_list_entries_are_publications_with_their_makers():
    text = ("Literatuur\n\nJansen, P. & De Vries, K. (2019). Samen leren in de wijk. Utrecht: Eigen uitgave.\n"
            "Movisie. Werken met vrijwilligers in de buurt. Utrecht, maart 2020.\n")
    found = new_nodes(text)
    assert ("Publicatie", "Samen leren in de wijk") in found
    assert ("Publicatie", "Werken met vrijwilligers in de buurt") in found
    assert ("Werken met vrijwilligers in de buurt", "UITGEGEVEN_DOOR", "Movisie") in relations(text)


def test_a_website_written_as_a_name_but_not_a_bare_address():
    found = new_nodes("De cijfers staan op Wijkdata.nl en in een bijlage (https://www.buurtcijfers.nl/x).\n", 0)
    assert ("Publicatie", "Wijkdata.nl") in found
    assert not [k for k in found if "buurtcijfers" in k[1].lower()]


def test_a_programme_after_project_or_initiatief():
    found = new_nodes("Venlo werkt in het project Samen Sterk Thuis aan betere zorg.\n")
    assert ("Programma", "Samen Sterk Thuis") in found


def test_names_listed_as_examples_of_a_kind_are_that_kind():
    text = ("Er zijn instellingen zoals het Landelijk Kennispunt, Zorgbrug en Buurtwijs die gemeenten "
            "bijstaan. Ook programma's als Gezond Opgroeien en Thuis in de Wijk lopen nog.\n")
    found = new_nodes(text)
    assert {k for k in found if k[0] == "Instituut"} == {
        ("Instituut", "Landelijk Kennispunt"), ("Instituut", "Zorgbrug"), ("Instituut", "Buurtwijs")}
    assert {k for k in found if k[0] == "Programma"} == {
        ("Programma", "Gezond Opgroeien"), ("Programma", "Thuis in de Wijk")}
    # a known name in the list is a mention, not new; a lone "in" before a place is no name part
    found = new_nodes("Er zijn onderzoeksbureaus zoals Movisie en het Kennisbureau in Venlo.\n", 0)
    assert ("Instituut", "Kennisbureau") in found and not [k for k in found if k[1] == "Movisie"]


def test_themes_where_the_wording_says_theme():
    found = new_nodes("We werken aan thema's als schuldhulp, eenzaamheid en wonen. Daarover later meer.\n")
    assert {k for k in found if k[0] == "Thema"} == {("Thema", "schuldhulp"), ("Thema", "eenzaamheid")}
    # "op het gebied van" names much that is no theme: proposed, but below the default
    text = "Leudal doet veel op het gebied van ondersteuning in de wijk.\n"
    assert ("Thema", "ondersteuning") in new_nodes(text, 0)
    assert ("Thema", "ondersteuning") not in new_nodes(text)


# -- relationship rules for flows and support (loaders/documents/relations.py) ------------------

def test_a_flow_has_the_direction_of_the_wording():
    rels = relations("Movisie deelt kennis met Leudal over armoede.\n")
    flow = rels[("Movisie", "KENNISSTROOM", "Leudal")]
    assert flow.properties == {"richting": "landelijk->lokaal"}
    assert ("Leudal", "KENNISSTROOM", "Movisie") not in relations("Movisie deelt kennis met Leudal.\n", threshold=0)
    rels = relations("Leudal draagt de kennis uit de wijk over aan Movisie.\n")
    assert rels[("Leudal", "KENNISSTROOM", "Movisie")].properties == {"richting": "lokaal->landelijk"}


def test_an_exchange_is_wederzijds():
    rels = relations("Leudal en Venlo wisselen kennis uit over armoede.\n")
    assert rels[("Leudal", "KENNISSTROOM", "Venlo")].properties == {"richting": "wederzijds"}


def test_products_flow_from_their_maker_to_their_user():
    rels = relations("Leudal maakt veel gebruik van publicaties van Movisie.\n")
    assert rels[("Movisie", "KENNISSTROOM", "Leudal")].properties == {"richting": "landelijk->lokaal"}


def test_a_programme_is_supported_by_its_owner():
    rels = relations("Zo is er het programma Buurt Sterk van Movisie, dat loopt tot 2026.\n")
    assert ("Movisie", "ONDERSTEUNT", "Buurt Sterk") in rels
    rels = relations("Programma's als Buurt Sterk kunnen rekenen op de kennis van Movisie.\n")
    assert ("Movisie", "ONDERSTEUNT", "Buurt Sterk") in rels


def test_a_recommendation_is_less_sure_than_a_description_and_says_so():
    described = relations("Movisie gaat Leudal ondersteunen bij de aanpak.\n", threshold=0)[("Movisie", "ONDERSTEUNT", "Leudal")]
    advised = relations("Movisie zou Leudal moeten ondersteunen bij de aanpak.\n", threshold=0)[("Movisie", "ONDERSTEUNT", "Leudal")]
    assert advised.confidence == round(described.confidence - 0.15, 2)
    assert "beveelt aan" in advised.reden and "beveelt aan" not in described.reden


def test_a_list_of_abbreviations_gives_a_new_name_its_abbreviation():
    text = ("Het Kenniscentrum Wijkzorg werkt in Venlo. Later deelt het KWZ kennis met Leudal.\n"
            "De KWZ'en elders doen dat niet.\n\nAfkortingen\nKWZ\t\tKenniscentrum Wijkzorg\nNJ\t\tNiets Jaars\n")
    found = new_nodes(text, 0)
    cand = found[("Instituut", "Kenniscentrum Wijkzorg")]
    assert cand.properties.get("afkorting") == "KWZ"
    assert not [k for k in found if "Wijkzorg" in k[1] and k[1] != "Kenniscentrum Wijkzorg"]  # tab: two columns
    rels = relations(text, threshold=0)
    assert ("Kenniscentrum Wijkzorg", "KENNISSTROOM", "Leudal") in rels     # found again by "het KWZ"
    lines = {p.lines[0] for p in propose(text, "doc-test.txt", NODES) if p.soort == "relatie"
             and "Kenniscentrum Wijkzorg" in (p.van, p.naar)}
    assert 2 not in lines                                                  # "KWZ'en" is the kind, not this one


def test_one_ordinary_word_after_en_stays_in_the_name():
    found = new_nodes("Het Kenniscentrum voor Beleid en Regelgeving schreef erover.\n", 0)
    assert ("Instituut", "Kenniscentrum voor Beleid en Regelgeving") in found
    found = new_nodes("Zo werkten NSPOH en GGD Nederland samen.\n", 0)
    assert ("Instituut", "GGD Nederland") in found


def test_a_table_row_with_several_themes_gives_each_its_tie():
    rels = relations("Gesprekken per gemeente\n\n Leudal Wmo, armoede en wonen\n")
    assert {k for k in rels if k[0] == "Leudal"} == {
        ("Leudal", "BEHANDELT", "Wmo"), ("Leudal", "BEHANDELT", "armoede"), ("Leudal", "BEHANDELT", "wonen")}


def test_samen_met_joins_the_name_before_it_and_the_names_after_it():
    rels = relations("Movisie biedt Leudal de kans om samen met Venlo te leren.\n", threshold=0)
    assert ("Leudal", "WERKT_SAMEN_MET", "Venlo") in rels
    assert ("Movisie", "WERKT_SAMEN_MET", "Venlo") not in rels
    rels = relations("Movisie werkt nauw samen met lokale partners (zoals Leudal, de wijkteams en Venlo).\n")
    assert {k for k in rels if k[1] == "WERKT_SAMEN_MET"} == {
        ("Movisie", "WERKT_SAMEN_MET", "Leudal"), ("Movisie", "WERKT_SAMEN_MET", "Venlo")}


def test_a_heading_is_no_part_of_the_sentence_after_it():
    from loaders.documents.text import Text

    t = Text("Eerste zin.\n\nOnderzoek door Movisie en \nVilans\nLeudal werkt samen met\nVenlo. Klaar.\n\n"
             " Rotterdam (2x) Participatie\n   Wmo\n")
    assert [t.sentence_text(i) for i in range(len(t.sentences))] == [
        "Eerste zin.", "Onderzoek door Movisie en Vilans", "Leudal werkt samen met Venlo.", "Klaar.",
        "Rotterdam (2x) Participatie Wmo"]   # a line ending in "met", an indented cell: no heading
    rels = relations("Eerste zin.\n\nOnderzoek door Movisie en \nVilans\nLeudal werkt samen met\nVenlo.\n", threshold=0)
    assert ("Leudal", "WERKT_SAMEN_MET", "Venlo") in rels
    assert not [k for k in rels if "Leudal" in k and ("Movisie" in k or "Vilans" in k)]


def test_two_kinds_of_actor_tied_by_samen_met_keep_their_confidence():
    nodes = NODES + [node("groep-gemeenten", "Actorgroep", "gemeenten", niveau="lokaal")]
    rels = {(p.van, p.type, p.naar): p for p in propose("Veel gemeenten werken samen met kennisinstituten.\n",
                                                        "doc-test.txt", nodes) if p.soort == "relatie"}
    assert rels[("gemeenten", "WERKT_SAMEN_MET", "kennisinstituten")].confidence >= DEFAULT_CONFIDENCE


def test_a_name_listed_with_names_of_one_kind_is_of_that_kind():
    text = "Voorbeelden zijn het Actieprogramma Buurt, het Programma Wijkkracht en de Stadsenvelop.\n"
    found = new_nodes(text)
    assert ("Programma", "Stadsenvelop") in found and "opsomming" in found[("Programma", "Stadsenvelop")].reden
    # listed with only one name of the kind: proposed below the default
    text = "Voorbeelden zijn het Programma Wijkkracht en de Stadsenvelop.\n"
    assert ("Programma", "Stadsenvelop") in new_nodes(text, 0) and ("Programma", "Stadsenvelop") not in new_nodes(text)
    # a list that mixes kinds says nothing; a year is no name
    assert ("Programma", "Stadsenvelop") not in new_nodes(
        "Het Programma Wijkkracht, de Stichting Buurt en de Stadsenvelop.\n", 0)
    assert not [k for k in new_nodes("Zie (Movisie, Vilans, 2022).\n", 0) if k[1] == "2022"]


def test_a_title_may_be_written_like_a_theme():
    nodes_text = "Het rapport verscheen als het signalement Armoede aanpakken (2020) bij Movisie.\n"
    found = new_nodes(nodes_text)
    assert ("Publicatie", "Armoede aanpakken") in found


def test_products_of_listed_makers_flow_to_their_user():
    rels = relations("Leudal gebruikt vaak rapporten van Movisie, Vilans en het Trimbos-instituut.\n")
    assert {k for k in rels if k[1] == "KENNISSTROOM"} == {
        ("Movisie", "KENNISSTROOM", "Leudal"), ("Vilans", "KENNISSTROOM", "Leudal"),
        ("Trimbos-instituut", "KENNISSTROOM", "Leudal")}
    # in the passive the user is the actor that opened the sentence before (same paragraph)
    text = "Leudal zoekt kennis op veel plekken. Publicaties van Movisie en Vilans worden vaak geraadpleegd.\n"
    rels = relations(text)
    assert ("Movisie", "KENNISSTROOM", "Leudal") in rels and ("Vilans", "KENNISSTROOM", "Leudal") in rels
    assert rels[("Movisie", "KENNISSTROOM", "Leudal")].lines == (1, 1)
    text = "Leudal zoekt kennis op veel plekken.\n\nPublicaties van Movisie worden vaak geraadpleegd.\n"
    assert ("Movisie", "KENNISSTROOM", "Leudal") not in relations(text, threshold=0)  # another paragraph


def test_the_actors_of_a_sentence_set_in_a_programme_take_part_in_it():
    nodes = NODES + [node("prog-buurt", "Programma", "Buurtkracht", niveau="landelijk")]
    def rels(text):
        return {(p.van, p.type, p.naar) for p in propose(text, "doc-test.txt", nodes)
                if p.soort == "relatie" and p.confidence >= DEFAULT_CONFIDENCE}
    assert {("Movisie", "NEEMT_DEEL_AAN", "Buurtkracht"), ("Vilans", "NEEMT_DEEL_AAN", "Buurtkracht")} <= rels(
        "In het programma Buurtkracht verkennen Movisie en Vilans wat werkt.\n")
    assert ("Movisie", "NEEMT_DEEL_AAN", "Buurtkracht") in rels(
        "Movisie deed in 2020 een verkenning vanuit het programma Buurtkracht.\n")
    assert ("Leudal", "NEEMT_DEEL_AAN", "Buurtkracht") in rels(
        "Movisie beschrijft Buurtkracht, een netwerk waarin Leudal en Venlo leren.\n")
    assert ("Movisie", "NEEMT_DEEL_AAN", "Buurtkracht") not in rels(
        "Movisie beschrijft Buurtkracht, een netwerk waarin Leudal en Venlo leren.\n")   # before 'waarin'
    text = "Movisie schreef over Buurtkracht en Vilans las het.\n"   # no setting: no such reason
    assert not [p for p in propose(text, "doc-test.txt", nodes) if "speelt zich af" in p.reden]


def test_a_publication_and_the_one_organisation_that_writes_it():
    rels = relations("In het rapport Kennis delen loont signaleerde Movisie dat gemeenten zoeken.\n")
    assert ("Kennis delen loont", "UITGEGEVEN_DOOR", "Movisie") in rels
    # two organisations: which one wrote it is not said
    rels = relations("In het rapport Kennis delen loont signaleerden Movisie en Vilans een tekort.\n", threshold=0)
    assert not [k for k in rels if k[1] == "UITGEGEVEN_DOOR"]
    # without a verb of saying or making, no maker
    rels = relations("Op de lijst staat Movisie naast het rapport Kennis delen loont.\n", threshold=0)
    assert ("Kennis delen loont", "UITGEGEVEN_DOOR", "Movisie") not in rels


def test_an_actor_announcing_a_list_of_themes_treats_the_themes_of_its_bullets():
    text = ("Movisie richt zich in haar werkplan op drie thema's, te weten:\n"
            "\u2022 armoede en schulden\n\u2022 wonen\n\nLeudal doet iets anders met de Wmo.\n")
    rels = relations(text)
    assert ("Movisie", "BEHANDELT", "armoede") in rels and ("Movisie", "BEHANDELT", "wonen") in rels
    assert rels[("Movisie", "BEHANDELT", "wonen")].lines == (1, 3)
    assert ("Movisie", "BEHANDELT", "Wmo") not in relations(text, threshold=0)   # after the list


def test_a_programme_of_a_list_of_actors_has_them_as_members():
    nodes = NODES + [node("prog-buurt", "Programma", "Buurtkracht", niveau="landelijk")]
    def rels(text):
        return {(p.van, p.type, p.naar) for p in propose(text, "doc-test.txt", nodes)
                if p.soort == "relatie" and p.confidence >= DEFAULT_CONFIDENCE}
    found = rels("Denk aan Buurtkracht van Leudal, Venlo en Movisie, dat al jaren loopt.\n")
    assert {("Leudal", "NEEMT_DEEL_AAN", "Buurtkracht"), ("Venlo", "NEEMT_DEEL_AAN", "Buurtkracht"),
            ("Movisie", "NEEMT_DEEL_AAN", "Buurtkracht")} <= found
    # one organisation after "van" is the owner, not a member
    found = rels("Zo is er het programma Buurtkracht van Movisie, dat al jaren loopt.\n")
    assert ("Movisie", "ONDERSTEUNT", "Buurtkracht") in found
    assert ("Movisie", "NEEMT_DEEL_AAN", "Buurtkracht") not in found


def test_a_list_of_actors_that_agree_to_work_together():
    text = ("Zo hebben ook vertegenwoordigers van Movisie, Vilans en Venlo een verklaring getekend "
            "om samen te werken in een netwerk.\n")
    rels = relations(text)
    assert {k for k in rels if k[1] == "WERKT_SAMEN_MET"} == {
        ("Movisie", "WERKT_SAMEN_MET", "Vilans"), ("Movisie", "WERKT_SAMEN_MET", "Venlo"),
        ("Vilans", "WERKT_SAMEN_MET", "Venlo")}
    # examples of a kind are no partners of each other
    text = "Er zijn kennisinstituten als Movisie en Vilans die elk apart samen te werken zeggen.\n"
    assert not [k for k in relations(text) if k[1] == "WERKT_SAMEN_MET"]


def test_daarin_points_back_to_the_programme_of_the_sentence_before():
    nodes = NODES + [node("prog-buurt", "Programma", "Buurtkracht", niveau="landelijk")]
    def rels(text):
        return {(p.van, p.type, p.naar) for p in propose(text, "doc-test.txt", nodes)
                if p.soort == "relatie" and p.confidence >= DEFAULT_CONFIDENCE}
    assert ("Vilans", "NEEMT_DEEL_AAN", "Buurtkracht") in rels(
        "Dit gebeurt in het kader van Buurtkracht. Vilans werkt daarin met veel partijen.\n")
    assert ("Vilans", "NEEMT_DEEL_AAN", "Buurtkracht") not in rels(
        "Dit gebeurt in het kader van Buurtkracht.\n\nVilans werkt daarin met veel partijen.\n")  # another paragraph


def test_an_organisation_named_after_a_place_is_new_and_no_mention_of_the_place_there():
    text = "Leudal werkt samen met de Hogeschool Venlo en de GGD'en in de regio.\n"
    props = propose(text, "doc-test.txt", NODES)
    assert ("Instituut", "Hogeschool Venlo") in {(p.label, p.naam) for p in props if p.soort == "nieuwe-knoop"}
    assert "gm-venlo" not in {p.id for p in props if p.soort == "vermelding"}
    # a plural is a kind (an Actorgroep), not one organisation
    assert {p.label for p in props if p.soort == "nieuwe-knoop" and "GGD" in p.naam} == {"Actorgroep"}


def test_a_theme_named_twice_after_the_opening_is_treated():
    filler = "".join(f"Regel {i} zonder onderwerp.\n" for i in range(60))
    text = "Een verslag\n\nInleiding.\n" + filler + "Ook de Wmo komt voor.\nEn de Wmo nog eens.\nWonen ook.\n"
    rels = relations(text, titel="Een verslag")
    assert ("Een verslag", "BEHANDELT", "Wmo") in rels and "2×" in rels[("Een verslag", "BEHANDELT", "Wmo")].reden
    assert ("Een verslag", "BEHANDELT", "wonen") not in rels   # once, late


def test_quoted_titles_announced_as_publication_and_colon_references():
    text = "Movisie schreef in de publicatie \u2018Samen sterk in Venlo\u2019 over de buurt.\n"
    found = new_nodes(text)
    assert ("Publicatie", "Samen sterk in Venlo") in found                 # a place inside a title
    assert "aangekondigd" in found[("Publicatie", "Samen sterk in Venlo")].reden
    assert ("Publicatie", "Samen sterk") not in new_nodes("Het motto was \u2018Samen sterk\u2019 die dag.\n")
    found = new_nodes("2  Zie ook Jansen, De Vries en Bakker: Leren van de buurt in kleine gemeenten, 2020.\n")
    assert ("Publicatie", "Leren van de buurt in kleine gemeenten") in found


def test_an_organisation_named_after_a_regio_is_active_there():
    nodes = NODES + [node("regio-twente", "Regio", "Twente", niveau="regionaal", soort="samenwerkingsregio")]
    rels = {(p.van, p.type, p.naar): p for p in propose("Daar werkt ook het Kennispunt Twente aan mee.\n",
                                                        "doc-test.txt", nodes) if p.soort == "relatie"}
    assert ("Kennispunt Twente", "ACTIEF_IN", "Twente") in rels
    assert rels[("Kennispunt Twente", "ACTIEF_IN", "Twente")].confidence >= DEFAULT_CONFIDENCE


def test_a_reference_right_after_a_title_is_that_title_by_its_author():
    text = "Dat staat in het signalement Kennis delen loont (Movisie 2020) over de buurt.\n"
    found = new_nodes(text, 0)
    assert ("Publicatie", "Kennis delen loont") in found
    assert not [k for k in found if k[1].startswith("Movisie")]           # no second publication
    assert ("Kennis delen loont", "UITGEGEVEN_DOOR", "Movisie") in relations(text)
    # a reference elsewhere stays a publication of its own
    found = new_nodes("Dat staat in het signalement Kennis delen loont. Zo is het (Movisie, 2020).\n", 0)
    assert ("Publicatie", "Movisie (2020)") in found


def test_evaluating_or_mapping_a_theme_is_treating_it():
    rels = relations("Movisie evalueert al jaren het beleid voor armoede in kleine gemeenten.\n")
    assert ("Movisie", "BEHANDELT", "armoede") in rels and "evalueert" in rels[("Movisie", "BEHANDELT", "armoede")].reden


def test_a_strategy_or_a_network_of_cities_is_a_programme():
    found = new_nodes("Leudal volgt de Regionale Energie Strategie en het G40-stedennetwerk op de voet.\n", 0)
    assert ("Programma", "Regionale Energie Strategie") in found and ("Programma", "G40-stedennetwerk") in found


def test_ministries_english_names_and_partners_listed_after_samen_met():
    found = new_nodes("Het advies ging naar het ministerie van Sociale Zaken (ministerie van SZ 2017).\n", 0)
    assert ("Instituut", "ministerie van Sociale Zaken") in found and ("Instituut", "ministerie van SZ") in found
    assert ("Instituut", "World Health Organization") in new_nodes(
        "Er is samenwerking met bijvoorbeeld de World Health Organization (WHO) nodig.\n")
    text = "Movisie werkt daarin samen met het Kenniscentrum Buurt, het Kadaster en Wijkdata.\n"
    found = new_nodes(text)
    assert ("Instituut", "Kadaster") in found and ("Instituut", "Wijkdata") in found


def test_samen_met_a_list_keeps_its_confidence_among_many_names():
    text = ("Movisie werkt daarin samen met Vilans, Leudal, Venlo en het Trimbos-instituut aan een "
            "gezamenlijke aanpak voor armoede en wonen.\n")
    rels = relations(text)
    assert {("Movisie", "WERKT_SAMEN_MET", n) for n in ("Vilans", "Leudal", "Venlo", "Trimbos-instituut")} <= set(rels)
    # examples after a comma: names only
    rels = relations("Movisie werkt samen met veel partijen, waaronder Vilans en Venlo.\n")
    assert ("Movisie", "WERKT_SAMEN_MET", "Vilans") in rels and ("Movisie", "WERKT_SAMEN_MET", "Venlo") in rels
    rels = relations("Movisie werkt samen met veel partijen, waaronder Vilans die nu de Wmo in Leudal volgt.\n",
                     threshold=0)
    assert ("Movisie", "WERKT_SAMEN_MET", "Leudal") not in rels


def test_themes_listed_after_an_area_phrase():
    rels = relations("Venlo en Leudal vroegen Movisie om hulp; zij doet onderzoek op het vlak van "
                     "werk, armoede, zorg en wonen in de regio.\n")
    assert ("Movisie", "BEHANDELT", "armoede") in rels and ("Movisie", "BEHANDELT", "wonen") in rels
    assert "opsomming" in rels[("Movisie", "BEHANDELT", "wonen")].reden
    # a clause between: not the list
    rels = relations("Movisie werkt op het vlak van zorg, die nu bij Leudal ligt, en wonen.\n", threshold=0)
    assert ("Movisie", "BEHANDELT", "wonen") in rels
    assert "opsomming" not in rels[("Movisie", "BEHANDELT", "wonen")].reden


def test_a_titles_year_is_no_second_publication():
    found = new_nodes("Zie het essay Samen Leren Loont (2019), over ambtelijk vakmanschap.\n", 0)
    assert ("Publicatie", "Samen Leren Loont") in found
    assert not [k for k in found if "(2019)" in k[1]]


def new_by_name(text, threshold=0.0):
    return {p.naam: p for p in propose(text, "doc-test.txt", NODES) if p.soort == "nieuwe-knoop"
            and p.confidence >= threshold}


def test_a_kind_of_actor_in_the_plural_is_a_new_actorgroep():
    text = ("Het RIVM en GGD\u2019en wisselen kennis uit. Ook GGD's doen dat met decentrale overheden.\n"
            "De decentrale overheden en andere organisaties vragen kennisorganisaties om hulp.\n")
    nodes = new_by_name(text)
    groups = {n for n, p in nodes.items() if p.label == "Actorgroep"}
    # the two spellings of one plural are one kind; a bare plural ("organisaties") and one
    # after a counting word ("andere organisaties") name none
    assert groups == {"GGD\u2019en", "decentrale overheden", "kennisorganisaties"}
    assert nodes["GGD\u2019en"].confidence >= DEFAULT_CONFIDENCE  # named twice
    assert nodes["decentrale overheden"].confidence >= DEFAULT_CONFIDENCE
    assert nodes["kennisorganisaties"].confidence < DEFAULT_CONFIDENCE  # named once
    # a kind the graph knows is a mention, no new node; an adjective broken over a line is one word
    text = "Er zijn kennisinstituten en regi-\nonale kennisplatforms.\n"
    assert set(new_by_name(text)) == {"regionale kennisplatforms"}


def test_a_werkplaats_named_by_its_place_and_those_who_set_it_up():
    places = NODES + [node("gm-almere", "Gemeente", "Almere", niveau="lokaal"),
                      node("gm-rotterdam", "Gemeente", "Rotterdam", niveau="lokaal")]
    text = ("Kenniswerkplaatsen zoals in Rotterdam helpen het beleid.\n\n"
            "De gemeente Almere heeft samen met Movisie en Vilans een datawerkplaats ingericht.\n")
    props = propose(text, "doc-test.txt", places)
    new = {p.naam: p for p in props if p.soort == "nieuwe-knoop"}
    assert new["Kenniswerkplaatsen Rotterdam"].label == "Werkplaats"
    assert new["Datawerkplaats Almere"].label == "Werkplaats"
    rels = {(p.van, p.type, p.naar) for p in props if p.soort == "relatie" and p.confidence >= DEFAULT_CONFIDENCE}
    # the gemeente it is named after takes part; so do those named as setting it up with it
    assert {r for r in rels if r[1] == "NEEMT_DEEL_AAN"} == {
        ("Rotterdam", "NEEMT_DEEL_AAN", "Kenniswerkplaatsen Rotterdam"),
        ("Almere", "NEEMT_DEEL_AAN", "Datawerkplaats Almere"), ("Movisie", "NEEMT_DEEL_AAN", "Datawerkplaats Almere"),
        ("Vilans", "NEEMT_DEEL_AAN", "Datawerkplaats Almere")}
    assert len([p for p in props if p.key == "relatie|gm-almere|NEEMT_DEEL_AAN|nieuw:datawerkplaatsalmere"]) == 1
    # a werkplaats in a place the graph does not know as a gemeente is no new name by this rule
    assert not [p for p in propose("De werkplaats in Nergenshuizen helpt.\n", "doc-test.txt", places)
                if p.soort == "nieuwe-knoop"]


def test_turning_to_an_institute_for_knowledge_is_drawing_on_it():
    rels = relations("Inleiding.\n\nDe gemeente Venlo wendt zich steeds vaker met vragen tot Movisie.\n"
                     "De vragen waarmee Leudal zich met betrekking tot de leef-\nomgeving tot Vilans wendt, gaan over zorg.\n")
    assert ("Venlo", "BETREKT_KENNIS_VAN", "Movisie") in rels
    assert ("Leudal", "BETREKT_KENNIS_VAN", "Vilans") in rels


def test_a_described_publication_with_its_year_and_maker():
    text = ("Inleiding.\n\nOnderzoekers bespraken de rapportage sociaal domein 2017 van het Trimbos-instituut.\n"
            "Movisie stelt in zijn werkprogramma 2019 dat de wijk telt.\n"
            "Vilans heeft een kennisagenda opgesteld.\n"
            "Er is ook het rapport 2020 over zorg. Over de periode 2019-2020 weten we weinig.\n")
    props = propose(text, "doc-test.txt", NODES)
    new = {p.naam: p for p in props if p.soort == "nieuwe-knoop"}
    assert {n for n, p in new.items() if p.label == "Publicatie"} == {
        "Rapportage sociaal domein 2017", "Werkprogramma 2019", "Kennisagenda Vilans", "Rapport 2020"}
    assert new["Rapport 2020"].confidence < DEFAULT_CONFIDENCE  # no maker: below the default
    made = {(p.van, p.naar) for p in props if p.soort == "relatie" and p.type == "UITGEGEVEN_DOOR"
            and p.confidence >= DEFAULT_CONFIDENCE}
    assert made == {("Rapportage sociaal domein 2017", "Trimbos-instituut"), ("Werkprogramma 2019", "Movisie"),
                    ("Kennisagenda Vilans", "Vilans")}


def test_an_ordinary_phrase_after_its_kind_word_keeps_the_kind_word_in_its_name():
    text = ("Inleiding.\n\nEr is nu de kenniscommunity Circulaire Economie van Movisie.\n"
            "Want circulaire economie is belangrijk. Ook is er het programma Gezonde Wijk.\n")
    names = {p.naam for p in propose(text, "doc-test.txt", NODES) if p.soort == "nieuwe-knoop" and p.label == "Programma"}
    # "circulaire economie" is written in lower case too: alone it names no programme;
    # "gezonde wijk" is not: the name stands alone
    assert names == {"community Circulaire Economie", "Gezonde Wijk"}


def test_a_programme_called_by_name_with_its_abbreviation_and_members():
    text = ("Inleiding.\n\nDaarom heeft Movisie een Community of Practice (CoP) opgericht, genaamd \u2018Samen leren\n"
            "in de buurt\u2019. In de CoP zijn Vilans en het Trimbos-instituut verenigd.\n"
            "Elders staat het boek genaamd \u2018Een ander verhaal\u2019 in de kast.\n")
    props = propose(text, "doc-test.txt", NODES)
    new = {p.naam: p for p in props if p.soort == "nieuwe-knoop"}
    assert new["Samen leren in de buurt"].label == "Programma"
    assert new["Samen leren in de buurt"].properties.get("afkorting") == "CoP"
    assert new["Een ander verhaal"].label == "Publicatie"  # a book is no programme
    members = {p.van for p in props if p.soort == "relatie" and p.type == "NEEMT_DEEL_AAN"
               and p.naar == "Samen leren in de buurt" and p.confidence >= DEFAULT_CONFIDENCE}
    assert members == {"Movisie", "Vilans", "Trimbos-instituut"}


def test_themes_listed_in_bullets_after_te_weten():
    text = ("Inleiding.\n\nMovisie richt zich op drie thema\u2019s, te weten:\n\u2022\tklimaat en water\n"
            "\u2022\tluchtkwaliteit\n\nEen nieuwe alinea.\n")
    props = propose(text, "doc-test.txt", NODES)
    themes = {p.naam for p in props if p.soort == "nieuwe-knoop" and p.label == "Thema" and p.confidence >= DEFAULT_CONFIDENCE}
    assert themes == {"klimaat", "water", "luchtkwaliteit"}
    treated = {p.naar for p in props if p.soort == "relatie" and p.type == "BEHANDELT" and p.van == "Movisie"
               and p.confidence >= DEFAULT_CONFIDENCE}
    assert treated == themes


def test_a_head_word_written_as_two_words():
    text = "Inleiding.\n\nMovisie werkt met gemeenten via de Urban Data Centers in de regio.\n"
    new = {p.naam: p.label for p in propose(text, "doc-test.txt", NODES) if p.soort == "nieuwe-knoop"}
    assert new == {"Urban Data Centers": "Werkplaats"}


def test_a_publication_named_with_a_theme_treats_it():
    text = "Inleiding.\n\nIn Kennis in de buurt staat veel over de plaatselijke armoede en zo.\n"
    rels = relations(text + "Leudal had dat jaar een ander beeld van armoede en nog veel meer zaken.\n")
    assert ("Kennis in de buurt", "BEHANDELT", "armoede") in rels
    assert ("Leudal", "BEHANDELT", "armoede") not in rels  # a gemeente named with a theme: below the default


def test_a_theme_an_organisation_works_on_is_surer_a_theme():
    said = "Inleiding.\n\nMovisie doet onderzoek op het gebied van luchtkwaliteit.\n"
    listed = "Inleiding.\n\nVeel is bekend op het gebied van luchtkwaliteit.\n"
    theme = lambda text: next(p for p in propose(text, "doc-test.txt", NODES)  # noqa: E731
                              if p.soort == "nieuwe-knoop" and p.naam == "luchtkwaliteit")
    assert theme(said).confidence >= DEFAULT_CONFIDENCE > theme(listed).confidence
    assert ("Movisie", "BEHANDELT", "luchtkwaliteit") in relations(said)


def test_a_name_after_a_colon_announced_by_its_kind_word():
    text = ("Inleiding.\n\nMovisie biedt gemeenten een programma aan voor betere uitvoering: Samen Sterk-Wijk.\n"
            "Vilans noemt drie zaken: Leudal, Venlo en de rest.\n")
    new = {p.naam: p.label for p in propose(text, "doc-test.txt", NODES) if p.soort == "nieuwe-knoop"}
    assert new == {"Samen Sterk-Wijk": "Programma"}


def test_a_list_of_examples_goes_on_over_a_name_with_a_number():
    extra = NODES + [node("p31", "Instituut", "Platform 31", niveau="landelijk")]
    text = "Er zijn kennisinstituten als Movisie, Platform 31, Vilans en het Trimbos-instituut.\n"
    members = {p.van for p in propose(text, "doc-test.txt", extra) if p.soort == "relatie" and p.type == "HOORT_BIJ"
               and p.confidence >= DEFAULT_CONFIDENCE}
    assert members == {"Movisie", "Platform 31", "Vilans", "Trimbos-instituut"}
