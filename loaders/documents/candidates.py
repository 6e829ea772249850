"""Names the graph does not know yet: candidate new organisations, werkplaatsen, programmes
and themes, recognised by how the text names them.

- A run of words written with a capital (joined by van, voor, de, en, ...) that holds a head
  word of its kind ("Kenniscentrum ...", "... Planbureau", "Werkplaats ...", "...programma")
  or that follows such a word in lower case ("het programma Gezonde Wijk");
- a theme in a list introduced as themes ("thema's als armoede, wonen en ...");
- a reference by author and year ("(Movisie, 2024; SCP, 2024)", "Groenleer et al. 2018",
  "de WRR (2024)"): a publication "Auteur (jaar)", its known organisations among the authors
  its makers, the text's own spelling an alias (so the provenance check finds it).
- a title after a publication word ("het rapport X"), a quoted title, a reference list entry,
  a website written as a name;
- names listed as examples of a kind ("instellingen zoals ...") or with names of one kind;
- themes where the wording marks them as themes ("thema's als", "het thema X");
- an organisation named after a place ("Planbureau Groningen"), "het ministerie van X".
- a kind of actor in the plural ("GGD'en", "kennisorganisaties", "decentrale overheden"): an Actorgroep;
- a werkplaats named by its place ("kenniswerkplaatsen zoals in Rotterdam", "de gemeente Almere
  heeft een datawerkplaats ingericht"), the gemeente a member;
- a described publication ("de rapportage sociaal domein 2017 van het SCP", "X heeft een
  kennisagenda opgesteld"), its maker known;
- a programme called by a quoted name after "genaamd", or by a name after a colon that its kind
  word announces.
A new name introduced with its abbreviation, or given one by a list of abbreviations, is found
again where the abbreviation stands alone.
A candidate that is (nearly) the name of a known node is not new: it becomes a mention with
the reason "lijkt op" (rapidfuzz), so a spelling variant does not make a second node.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from graph.names import fold, words
from loaders.documents.mentions import COMMON_WORDS, CONCEPT_LABELS, NameIndex
from loaders.documents.text import Text, dehyphenate

# Head words (folded) by label; a word counts when it starts or ends with one of them.
HEADS = {
    # (with the kinds of werkplaats the graph model names: datawerkplaats, urban data center)
    "Werkplaats": ("werkplaats", "werkplaatsen", "proeftuin", "livinglab", "datacenter", "datacenters"),
    "Programma": ("programma", "programmas", "agenda", "actieprogramma", "deal", "pact", "impuls",
                  "kennisagenda", "onderzoeksprogramma", "netwerkprogramma", "strategie", "strategieen",
                  "stedennetwerk"),
    "Instituut": ("instituut", "institute", "institut", "kenniscentrum", "centrum", "planbureau", "bureau",
                  "platform", "vereniging", "stichting", "hogeschool", "universiteit", "university",
                  "ministerie", "raad", "academie", "kennisnetwerk", "kennispunt", "kennisplatform",
                  "organisatie", "agentschap", "inspectie", "federatie", "unie", "lectoraat", "rekenkamer",
                  "cooperatie", "alliantie", "fonds", "ggd", "tno", "college", "dienst", "autoriteit",
                  "orgaan", "organization", "organisation", "association", "agency", "foundation", "council"),
    # a publication or data product named as such ("de Balans voor de Leefomgeving", "het rapport X")
    "Publicatie": ("rapport", "rapportage", "monitor", "atlas", "balans", "compendium", "verkenning",
                   "verkenningen", "omgevingsvisie", "notitie", "handreiking", "signalement", "essay",
                   "nota", "jaarverslag", "databank", "database", "startpagina", "publicatie", "kompas",
                   "barometer"),
}
# Words that say what the capitalised name after them is, but do not start or end a name
# themselves ("het project Integraal Werken", "het initiatief Zorg in de Buurt").
CLASSIFIERS = {
    "Programma": ("project", "initiatief", "kenniscommunity", "community", "aanpak", "traject", "strategie"),
    "Publicatie": ("website", "boek", "studie"),
}
# The first word of a title after a publication word ends a title when it comes after the
# title's first word: a clause or a complement starts ("het rapport Kennis, kunde, beleidskeuzes
# over het kennisbeleid"; "het signalement Kennis delen (ROB 2020)").
TITLE_STOP = frozenset("""over uit dat die waarin waarmee waarbij waarop is was werd wordt werden worden zijn
heeft hebben had als om door met bij naar tot sinds verscheen verschenen gepubliceerd geeft gaf laat
liet beschrijft schetst stelt zegt noemt wijst""".split())
TITLE_MAX_WORDS = 10
# Verbs of saying and making after a title: the sentence goes on ("In het rapport X signaleerde ...").
TITLE_STOP_VERB = re.compile(r"^(?:signaleer|signaleerde|bepleit|constate|concludeer|stelde|schreef|schrijft|beschrij|"
                             r"beschreef|publiceer|presenteer|schets|waarschuw|verscheen|verschijnt|toont|toonde|laat|liet|"
                             r"geeft|gaf|zegt|zei|noemt|noemde|wijst|wees|beveelt|beval|ligt|lag|kwam|komt)")
# "het rapport X", "de notitie X", "in zijn essay X": the word before a title, after an article.
TITLE_WORDS = frozenset("rapport rapportage publicatie signalement essay notitie nota handreiking advies "
                        "boek studie verkenning monitor brochure factsheet".split())
TITLE_ARTICLES = frozenset("het de een dit deze die hun zijn haar onze".split())
# Plural kind words whose examples follow ("instellingen zoals het RIVM, het KNMI en ...",
# "programma's als Gezonde School en ..."): each listed name is one of that kind.
KIND_LIST = re.compile(
    r"\b(\w*(?:instellingen|instituten|instituut|organisaties|planbureaus|bureaus|onderzoeksbureaus)|"
    r"\w*programma['\u2019]?s|\w*projecten|\w*initiatieven|\w*werkplaatsen)\b[^.;:()]{0,40}?,?\s+"
    r"(?:zoals|als|waaronder|onder andere|onder meer|bijvoorbeeld)\s+", re.IGNORECASE)
KIND_LIST_LABEL = (("programma", "Programma"), ("project", "Programma"), ("initiatie", "Programma"),
                   ("werkplaats", "Werkplaats"), ("", "Instituut"))
LISTED_CONFIDENCE = 0.6
CONNECTORS = frozenset(("van", "voor", "de", "het", "en", "der", "den", "in", "op", "aan", "ten", "te", "&"))
NIVEAU_WORDS = (
    ("internationaal", ("europees", "europese", "european", "world", "international", "internationaal")),
    ("landelijk", ("nederlands", "nederlandse", "nationaal", "nationale", "landelijk", "landelijke", "rijks",
                   "ministerie", "centraal", "centrale", "koninklijk", "koninklijke")),
    ("regionaal", ("regionaal", "regionale", "regio", "provinciaal", "provinciale")),
    ("lokaal", ("gemeente", "gemeentelijk", "gemeentelijke", "lokaal", "lokale", "wijk")),
)
DEFAULT_NIVEAU = {"Actorgroep": "landelijk", "Instituut": "landelijk", "Werkplaats": "regionaal", "Programma": "landelijk", "Thema": "landelijk",
                  "Publicatie": "landelijk"}
# Wording that marks what follows as themes: "thema's als armoede, wonen en ...", "op het gebied
# van ...", "beleidsvelden zoals ...". The group `thema` says the word theme itself is used.
THEME_INTRO = re.compile(
    r"\b(?:(?P<thema>thema['\u2019]?s|thema)|onderwerpen|terreinen|domeinen|beleidsvelden|beleidsterreinen|"
    r"vraagstukken|opgaven)\s*,?\s+(?:als|zoals|waaronder|te weten\s*:?|:)\s+(?P<lijst>[^.;:()]{3,200})|"
    r"\b(?:(?P<gebied>op het (?:gebied|vlak|terrein) van|het thema)\s+)"
    r"(?P<lijst2>[^.;:()]{3,200})", re.IGNORECASE)
# Only where the text says "thema" does a listed theme reach the default confidence: "op het
# gebied van" and "beleidsvelden zoals" name many things that are no theme in the graph's sense
# ("op het gebied van ondersteuning"), so the user sees them below the default.
THEME_CONFIDENCE = {"thema": 0.6, "gebied": 0.45, "": 0.5}
THEME_MAX = {"thema": 0.75, "gebied": 0.55, "": 0.55}
ADJECTIVE_ENDS = ("ische", "lijke", "ele", "aire")
THEME_ITEM_STOP = frozenset("is zijn was waren wordt worden werd kan kunnen moet moeten heeft hebben gaat gaan "
                            "die dat waar waarin waarbij wat maar ook nog zo om te in op met door bij voor "
                            "naar uit tot onder over binnen".split())
FUZZY_SAME = 92


@dataclass
class Candidate:
    naam: str
    label: str
    niveau: str
    places: list[tuple[int, int]] = field(default_factory=list)  # token spans
    confidence: float = 0.0
    reden: str = ""
    afkorting: str | None = None
    makers: list[str] = field(default_factory=list)  # a citation: known organisations among its authors
    aliassen: list[str] = field(default_factory=list)  # as the text writes it, where that differs from naam
    # known gemeenten that take part (named after them): node id and the tokens that name it
    members: list[tuple[str, int, int]] = field(default_factory=list)


@dataclass
class Resemblance:
    """A candidate that is (nearly) the name of a known node."""

    node_id: str
    naam: str
    written: str
    score: float
    place: tuple[int, int]


def _head_label(key: str) -> str | None:
    for label, heads in HEADS.items():
        if any(key == h or key.startswith(h) or (key.endswith(h) and len(key) > len(h) + 2) for h in heads):
            return label
    return None


def _classifier(key: str) -> str | None:
    """The label a lower-case word gives the name written after it."""
    return _head_label(key) or next((label for label, words_ in CLASSIFIERS.items()
                                     if any(key == w or key.endswith(w) for w in words_)), None)


def _capitalised(text: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit()


def _niveau(label: str, tokens: list[str], index: NameIndex) -> str:
    keys = [fold(t) for t in tokens]
    for niveau, cue in NIVEAU_WORDS:
        if any(k in cue or any(k.startswith(c) for c in cue if len(c) > 6) for k in keys):
            return niveau
    for k in keys:
        for name in index.by_key.get(k, []):
            if name.label == "Gemeente":
                return "lokaal"
            if name.label == "Regio":
                return "regionaal"
    return DEFAULT_NIVEAU[label]


def _joined(text: Text, a: int, b: int) -> bool:
    """Are tokens a and b (a < b) parts of one name: only spaces, a line break, a hyphen,
    '&' or an apostrophe between them?"""
    gap = text.text[text.tokens[a].end:text.tokens[b].start]
    if "\t" in gap:
        return False  # a tab separates columns
    if "\n" in gap and "\t" in text.lines[text.tokens[b].line - 1]:
        return False  # the next line is a row of a table or list of abbreviations
    return gap.strip() in ("", "-", "&", "'", "\u2019")


def _runs(text: Text) -> list[tuple[int, int, str | None]]:
    """(first, last, classifier label) of every run of capitalised words in one sentence."""
    toks = text.tokens
    out = []
    i = 0
    n = len(toks)
    while i < n:
        if not _capitalised(toks[i].text):
            i += 1
            continue
        j = i
        sentence = text.sentence_index(toks[i].start)
        while j + 1 < n and text.sentence_index(toks[j + 1].start) == sentence:
            nxt = toks[j + 1]
            if not _joined(text, j, j + 1):
                break
            if _capitalised(nxt.text) or (_head_label(nxt.key) and text.text[toks[j].end:nxt.start] == "-"):
                j += 1  # a capitalised word, or a head word joined by a hyphen ("Wmo-werkplaatsen")
                continue
            # connectors between capitalised words ("Planbureau voor de Leefomgeving")
            k = j + 1
            while k < n and toks[k].key in CONNECTORS and k - j <= 3 and _joined(text, k - 1, k):
                k += 1
            if (k < n and k > j + 1 and _capitalised(toks[k].text) and _joined(text, k - 1, k)
                    and text.sentence_index(toks[k].start) == sentence):
                j = k
                continue
            break
        classifier = _classifier(toks[i - 1].key) if i > 0 and toks[i - 1].text.islower() else None
        if i > 1 and toks[i - 1].key == "van" and toks[i - 2].key in OF_HEADS and toks[i - 2].text.islower() \
                and _joined(text, i - 2, i - 1) and _joined(text, i - 1, i):
            while j > i and toks[j].text.isdigit():
                j -= 1  # "(ministerie van EZ 2017)": the year is the reference's
            out.append((i - 2, j, "Instituut"))  # "het ministerie van Economische Zaken"
            i = j + 1
            continue
        out.append((i, j, classifier))
        i = j + 1
    return out


SPLIT_WORDS = ("en", "in", "of")
# Lower-case words that start an organisation's name with "van": "het ministerie van EZ".
OF_HEADS = frozenset(("ministerie", "inspectie", "agentschap", "rijksdienst"))


def _is_abbreviation_token(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2


def _split(text: Text, first: int, last: int) -> list[tuple[int, int]]:
    """A run that lists two names ("NSPOH en GGD Nederland") split at 'en', 'in' or 'of' when
    one side is a name of its own (holds a head word) and the right side starts with a
    capital; not after a hyphen ("Kennis- en Leerprogramma")."""
    toks = text.tokens
    for k in range(first + 1, last):
        if toks[k].key not in SPLIT_WORDS or text.text[toks[k - 1].end:toks[k].start].strip() == "-":
            continue
        right = k + 1
        while right <= last and toks[right].key in CONNECTORS:
            right += 1
        if right > last or not _capitalised(toks[right].text):
            continue
        left_head = any(_head_label(t.key) not in (None, "Publicatie") for t in toks[first:k])
        right_head = any(_head_label(t.key) not in (None, "Publicatie") for t in toks[right:last + 1])
        # the side without a head word must be a name of its own: more than one word or an
        # abbreviation ("NSPOH en GGD Nederland"), not one ordinary word ("Kenniscentrum voor
        # Beleid en Regelgeving" is one name)
        bare = [] if left_head and right_head else toks[right:last + 1] if left_head else toks[first:k]
        article = toks[k + 1].key in ("de", "het")  # "... en de Stadsenvelop": a name of its own
        if (left_head or right_head) and (article or not (len(bare) == 1 and not _is_abbreviation_token(bare[0].text))):
            return _split(text, first, k - 1) + _split(text, right, last)
    return [(first, last)]


def find_candidates(index: NameIndex, text: Text, covered: set[int],
                    places: set[int] = frozenset()) -> tuple[list[Candidate], list[Resemblance]]:
    """New-name candidates outside `covered` (token indexes of known mentions), and the
    runs that resemble a known name. `places`: the tokens of gemeente and regio names among
    them; an organisation named after a place ("Hogeschool Utrecht", "Planbureau Groningen")
    is a new name over them."""
    common = COMMON_WORDS | {t.key for t in text.tokens if t.text.islower()}
    found: dict[str, Candidate] = {}
    resemblances: list[Resemblance] = []
    known_keys = list(index.by_key)
    runs = [(a, b, c if a == first else None) for first, last, c in _runs(text) for a, b in _split(text, first, last)]
    for first, last, classifier in runs:
        inside = [i for i in range(first, last + 1) if i in covered]
        if inside and all(i in places for i in inside) and len(inside) < last - first + 1 and \
                text.tokens[inside[0] - 1].key not in ("in", "te", "op", "aan", "bij", "uit", "voor") and \
                _head_label_of(t for i, t in enumerate(text.tokens[first:last + 1], first) if i not in places) \
                in ("Instituut", "Werkplaats", "Programma"):
            pass  # an organisation named after a place: the whole run
        elif inside:
            # a name joined to a known one by a connector ("het programma X van Movisie"): cut there
            cut = next(i for i in range(first, last + 1) if i in covered)
            while cut > first and text.tokens[cut - 1].key in CONNECTORS:
                cut -= 1
            if cut == first or cut == next(i for i in range(first, last + 1) if i in covered):
                continue
            last = cut - 1
        toks = text.tokens[first:last + 1]
        first_run = first  # after a classifier word the name starts here, even with a common word ("het initiatief Zorg en ...")
        # leading words that are ordinary words here ("Volgens de Raad"), numbers ("2.5 Netwerken")
        while toks and (toks[0].key in COMMON_WORDS and not (classifier and first == first_run)
                        or toks[0].key in CONNECTORS or toks[0].text[:1].isdigit()):
            first, toks = first + 1, toks[1:]
        while toks and toks[-1].key in CONNECTORS:
            toks = toks[:-1]
        if not toks:
            continue
        last = first + len(toks) - 1
        capitals = sum(_capitalised(t.text) for t in toks)
        if classifier == "Publicatie" and text.tokens[first_run - 1].key in TITLE_WORDS:
            continue  # "het rapport Kennis delen ...": the title as _named_titles reads it
        # a head word may be written as two words ("Urban Data Centers")
        label = classifier or next((lb for lb in map(_head_label, [a.key + b.key for a, b in zip(toks, toks[1:])]
                                                     + [t.key for t in toks]) if lb), None)
        if label is None:
            continue
        if len(toks) == 1 and (toks[0].key in common or text.is_sentence_start(first)):
            continue
        if len(toks) == 1 and classifier is None and _head_label(toks[0].key) and toks[0].key in HEADS[label]:
            continue  # the bare head word ("Platform", "Programma") names nothing
        naam = text.span_text(first, last)
        if classifier and first == first_run and first > 0 and len(toks) <= 2 and _ordinary_phrase(text, toks):
            # "het programma Sociale Teams", "de kenniscommunity Circulaire Economie": the (one or
            # two) words alone are an ordinary phrase of the text (written in lower case elsewhere);
            # with their kind word they name this one
            naam = f"{_kind_word(text.tokens[first - 1].key)} {naam}"
            first -= 1
        key = "".join(words(naam))
        if len(key) < 4 or re.search(r"[A-Z]['\u2019](?:en|s)\b", naam):
            continue  # "GGD'en": the plural of a kind, not one organisation
        match = process.extractOne(key, known_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_SAME) if known_keys else None
        if match:
            name = index.by_key[match[0]][0]
            resemblances.append(Resemblance(name.node_id, index.nodes[name.node_id].naam, naam, match[1], (first, last)))
            continue
        cand = found.get(key)
        if cand is None:
            cand = found[key] = Candidate(naam, label, _niveau(label, [t.text for t in toks], index))
        cand.places.append((first, last))
        after = text.text[toks[-1].end:toks[-1].end + 12]
        abbr = re.match(r"\s*\(([A-Z][\w&-]{1,9})\)", after)
        if abbr and not cand.afkorting:
            cand.afkorting = abbr.group(1)
    _glossary(text, found)
    _place_abbreviations(text, covered, found)
    out = []
    for cand in found.values():
        n = len(cand.places)
        first, last = cand.places[0]
        capitals = sum(_capitalised(t.text) for t in text.tokens[first:last + 1])
        conf = 0.45 + (0.15 if capitals >= 2 else 0) + 0.1 * min(n - 1, 2) + (0.1 if cand.afkorting else 0)
        cand.confidence = round(min(conf, 0.9), 2)
        why = [f"geschreven als naam met '{cand.label.lower()}'-kernwoord"]
        if cand.afkorting:
            why.append(f"met afkorting ({cand.afkorting})")
        why.append(f"{n}× in de tekst; niet in de graaf")
        cand.reden = ", ".join(why)
        out.append(cand)
    out += _titles(index, text, covered, found, places)
    _place_abbreviations(text, covered, found)  # a programme named with "genaamd" and its abbreviation
    out += _named_titles(index, text, covered, found)
    out += _listed(index, text, covered, found)
    out += _reference_entries(index, text, covered, found)
    out += _websites(index, text, covered, found)
    out += _coordinated(index, text, covered, found)
    out += _citations(index, text, found)
    out += _themes(index, text, covered, found)
    out += _actor_groups(index, text, covered, found)
    out += _place_werkplaatsen(index, text, covered, found, places)
    out += _described_publications(index, text, covered, found)
    out += _colon_names(index, text, covered, found)
    return sorted(out, key=lambda c: c.places[0]), resemblances


# A list of abbreviations: "PBL<tab>Planbureau voor de Leefomgeving" (or "PBL - Planbureau ...",
# "PBL: Planbureau ..."), one per line.
GLOSSARY_LINE = re.compile(r"^[ \t\u2022*-]*([A-Z][\w&/.-]{1,11})(?:\t+ *| +[-\u2013:] +)([A-Z\u00c0-\u00de][^\t\n]{3,120}?)\s*$",
                           re.MULTILINE)


def _glossary(text: Text, found: dict[str, Candidate]) -> None:
    """A new name whose abbreviation a list of abbreviations gives gets that abbreviation
    (and so is found where the text writes the abbreviation alone)."""
    for m in GLOSSARY_LINE.finditer(text.text):
        abbr, full = m.group(1), m.group(2)
        cand = found.get("".join(words(full)))
        if cand is not None and not cand.afkorting and sum(c.isupper() for c in abbr) >= 2:
            cand.afkorting = abbr


def _place_abbreviations(text: Text, covered: set[int], found: dict[str, Candidate]) -> None:
    """A new name introduced with its abbreviation ("Planbureau voor de Leefomgeving (PBL)")
    is found again where the text writes the abbreviation alone, as written (case counts)."""
    by_abbr = {c.afkorting: c for c in found.values() if c.afkorting}
    if not by_abbr:
        return
    taken = {i for c in found.values() for a, b in c.places for i in range(a, b + 1)} | covered
    for i, tok in enumerate(text.tokens):
        cand = by_abbr.get(tok.text)
        plural = re.match(r"['\u2019][a-z]", text.text[tok.end:tok.end + 2])  # "GGD'en": the kind, not this one
        if cand is not None and not plural and i not in taken and not any(b == i - 1 for _, b in cand.places):
            cand.places.append((i, i))  # (not the bracketed abbreviation right after the name)
    for cand in by_abbr.values():
        cand.places.sort()


TITLE = re.compile(r"[\u2018\u201c\"']([A-Z\u00c0-\u00de][^\u2019\u201d\"'\n]{0,100}(?:\n[^\u2019\u201d\"'\n]{0,100})?)[\u2019\u201d\"']")


def _titles(index: NameIndex, text: Text, covered: set[int], found: dict,
            places: set[int] = frozenset()) -> list[Candidate]:
    """A title between quotes, of two words or more, starting with a capital: a publication
    (surer where a publication word announces it). A place may be part of it ('Staat van
    Utrecht')."""
    import bisect

    announced: set[str] = set()
    starts = [t.start for t in text.tokens]
    out: list[Candidate] = []
    named: list[Candidate] = []
    for m in TITLE.finditer(text.text):
        naam = " ".join(m.group(1).replace("-\n", "").split())
        ws = words(naam)
        if not 2 <= len(ws) <= 10 or re.search(r"[.!;:]\s", naam + " "):
            continue
        key = "".join(ws)
        first = bisect.bisect_left(starts, m.start(1))
        last = bisect.bisect_left(starts, m.end(1)) - 1
        if key in index.by_key or first > last or any(i in covered and i not in places for i in range(first, last + 1)):
            continue
        cand = found.get(key)
        kind = _named_kind(text.text[max(0, m.start() - NAMED_REACH):m.start()])
        if cand is None and kind is not None:
            # "een Community of Practice (CoP) opgericht, genaamd 'X'": a programme (or werkplaats) called X
            label, abbr, word = kind
            cand = found[key] = Candidate(naam, label, DEFAULT_NIVEAU[label], [(first, last)], NAMED_CONFIDENCE,
                                          f"'{word}' genaamd '{naam}'; niet in de graaf", afkorting=abbr)
            named.append(cand)
            continue
        if cand is None:
            cand = found[key] = Candidate(naam, "Publicatie", "landelijk", [], 0.0,
                                          "titel tussen aanhalingstekens; niet in de graaf")
            out.append(cand)
        if cand.label != "Publicatie":
            continue
        cand.places.append((first, last))
        # "de publicatie 'X'", "het rapport 'X'", "getiteld 'X'": the text says it is a publication
        before = [t for t in text.tokens[max(0, first - 2):first] if t.end <= m.start()]
        if before and (before[-1].key in TITLE_WORDS or before[-1].key == "getiteld"):
            announced.add(key)
    for cand in out:
        key = "".join(words(cand.naam))
        said = key in announced
        cand.confidence = round(min((0.65 if said else 0.5) + 0.1 * (len(cand.places) - 1), 0.8), 2)
        cand.reden = (f"titel tussen aanhalingstekens{', aangekondigd als publicatie' if said else ''}, "
                      f"{len(cand.places)}× in de tekst; niet in de graaf")
    return out + named


# "... een netwerk (CoP) opgericht, genaamd 'X'": the kind word before "genaamd" says what X is.
NAMED_AS = re.compile(r"\b(?:genaamd|geheten|met de naam|onder de naam)\s*:?\s*$")
NAMED_REACH = 90  # characters before the quote
NAMED_CONFIDENCE = 0.65


def _named_kind(before: str) -> tuple[str, str | None, str] | None:
    """(label, abbreviation, kind word) when `before` ends with "genaamd" after a kind word of a
    programme or werkplaats in the same sentence."""
    if not NAMED_AS.search(before):
        return None
    before = re.split(r"[.!?;]\s", before)[-1]
    for w in reversed(re.findall(r"[^\W\d_]+", before)):
        label = _classifier(fold(w))
        if label in ("Programma", "Werkplaats"):
            abbr = re.findall(r"\(([A-Z][\w&-]{1,9})\)", before)
            return label, abbr[-1] if abbr else None, w
    return None


# A reference in the text: "(Movisie, 2024; SCP, 2024)", "(Groenleer et al. 2018)", "de WRR (2024)".
_YEAR = r"(?:19|20)\d\d[a-z]?|z\.\s?d\."
CITATION = re.compile(r"\(([^()]{4,300}?)\)")
CITED = re.compile(r"^\s*(?:zie\s+(?:ook\s+)?|o\.a\.\s+|bijv(?:oorbeeld|\.)\s+)?"
                   r"([A-Z\u00c0-\u00de][^;:()]{0,160}?)[,\s]\s*(" + _YEAR + r")\s*$")
NARRATIVE = re.compile(r"\b((?:[A-Z\u00c0-\u00de][\w'\u2019-]*[ \t]+){0,3}[A-Z\u00c0-\u00de][\w'\u2019-]*"
                       r"(?:\s+et al\.|\s*&\s*[A-Z\u00c0-\u00de][\w-]+)?)\s+\((" + _YEAR + r")\)")
ARTICLE = re.compile(r"^(?:De|Het|Een|In|Op|Volgens|Zie|Ook|Uit|Dit|Dat|Deze)\s+(?=\S)")
MONTHS = frozenset("januari februari maart april mei juni juli augustus september oktober november december "
                   "voorjaar najaar zomer winter tabel figuur bijlage".split())
MAKER_LABELS = ("Instituut", "Programma", "Werkplaats")


def _citations(index: NameIndex, text: Text, found: dict) -> list[Candidate]:
    """A reference by author and year, between brackets or after the author: a publication
    named "Auteur (jaar)", its authors that the graph knows as organisations its makers."""
    import bisect

    starts = [t.start for t in text.tokens]
    hits: list[tuple[str, str, int, int]] = []  # authors, year, start, end offsets
    for m in CITATION.finditer(text.text):
        offset = m.start(1)
        for part in m.group(1).split(";"):
            c = CITED.match(part.replace("\n", " "))
            if c:
                hits.append((c.group(1), c.group(2), offset + c.start(1), offset + c.end(2)))
            offset += len(part) + 1
    for m in NARRATIVE.finditer(text.text):
        lead = ARTICLE.match(m.group(1))  # "De VNG (2019)", "Volgens Movisie (2024)"
        hits.append((m.group(1)[lead.end() if lead else 0:], m.group(2), m.start(1) + (lead.end() if lead else 0),
                     m.end(2)))
    out: list[Candidate] = []
    for authors, year, a, b in hits:
        authors = dehyphenate(authors).strip(" ,")
        ws = words(authors)
        if not ws or len(ws) > 14 or ws[0] in MONTHS or any(w.isdigit() for w in ws):
            continue
        if any(n.label == "Thema" for n in index.by_key.get("".join(ws), [])):
            continue  # "Wmo 2015": a law, not a reference
        if len(ws) == 1 and (_head_label(ws[0]) and ws[0] in HEADS[_head_label(ws[0])]):
            continue  # "Instituut (2017)": a bare head word names no author
        naam = f"{authors} ({year.replace(' ', '')})"
        key = "".join(words(naam))
        if key in index.by_key or len(key) < 5:
            continue  # a publication the graph knows: found as a mention
        first = bisect.bisect_left(starts, a)
        last = bisect.bisect_left(starts, b) - 1
        if first > last:
            continue
        same = found.get("".join(ws))
        if same is not None and same.label == "Publicatie":
            continue  # "Publieke Bricoleurs (2019)": the year of a title found already, not an author
        titled = _titled_before(text, found, a)
        if titled is not None:  # "het signalement Kennis delen (ROB 2020)": that title's reference
            for author in re.split(r",|&|\sen\s", authors):
                for name in index.by_key.get("".join(words(author)), []):
                    if name.label in MAKER_LABELS and name.node_id not in titled.makers:
                        titled.makers.append(name.node_id)
            continue
        cand = found.get(key)
        if cand is None:
            cand = found[key] = Candidate(naam, "Publicatie", "landelijk")
            for author in re.split(r",|&|\sen\s", authors):
                for name in index.by_key.get("".join(words(author)), []):
                    if name.label in MAKER_LABELS and name.node_id not in cand.makers:
                        cand.makers.append(name.node_id)
            out.append(cand)
        if (first, last) not in cand.places:
            cand.places.append((first, last))
            written = text.span_text(first, last)
            if written != cand.naam and written not in cand.aliassen:
                cand.aliassen.append(written)  # the provenance check finds the node by it
    for cand in out:
        cand.confidence = CITATION_CONFIDENCE
        cand.reden = (f"verwijzing naar auteur en jaar, {len(cand.places)}× in de tekst; niet in de graaf"
                      + (f"; van {', '.join(index.nodes[m].naam for m in cand.makers)}" if cand.makers else ""))
    return out


CITATION_CONFIDENCE = 0.65


def _titled_before(text: Text, found: dict, offset: int) -> Candidate | None:
    """The titled publication (not itself a reference) right before the bracket that holds
    `offset`: "Kennis delen (ROB 2020)", "'Oefenen met de toekomst' (PBL 2019b)"."""
    bracket = text.text.rfind("(", 0, offset)
    if bracket < 0 or text.text[bracket + 1:offset].strip(" ;,") and ";" in text.text[bracket:offset]:
        return None
    for cand in found.values():
        if cand.label != "Publicatie" or CITED_NAME.search(cand.naam):
            continue
        for _, last in cand.places:
            end = text.tokens[last].end
            if end <= bracket and not text.text[end:bracket].strip(" \t\n'\"\u2019\u201d"):
                return cand
    return None


CITED_NAME = re.compile(r"\((?:19|20)\d\d[a-z]?\)$|\(z\.d\.\)$")


def _themes(index: NameIndex, text: Text, covered: set[int], found: dict) -> list[Candidate]:
    """Themes the wording marks as themes (THEME_INTRO): each item of the list, in lower case,
    of one to three words, as far as the list goes. Surer where the text says "thema" and where
    the same words come back elsewhere in the text."""
    out: list[Candidate] = []
    kinds: dict[str, str] = {}
    for m in THEME_INTRO.finditer(text.text):
        group = "lijst" if m.group("lijst") is not None else "lijst2"
        kind = "thema" if m.group("thema") or "thema" in (m.group("gebied") or "").lower() else \
            "gebied" if m.group("gebied") else ""
        offset = m.start(group)
        single = group == "lijst2" and kind == "gebied" or kind == "thema" and group == "lijst2"
        listed = re.split(r"\n\s*\n", m.group(group))[0]  # the list ends with its paragraph
        for part in re.split(r",|\sen\s|\sof\s|[\u2022\u25cf\u25aa]", listed):  # also a list of bullets
            raw_item = part.strip()
            if not raw_item:
                continue
            item = raw_item.strip("\u2018\u2019\u201c\u201d'\"")
            item = dehyphenate(re.sub(r"^(?:(?:bijvoorbeeld|vooral|met name|onder meer|ook)\s+)?(?:(?:de|het|een)\s+)?",
                                      "", item))
            ws = words(item)
            # the item ends where a clause starts ("op het gebied van wonen is veel bekend")
            cut = next((k for k, w in enumerate(ws) if w in THEME_ITEM_STOP), len(ws))
            if cut < len(ws):
                ws = ws[:cut]
                item = " ".join(item.split()[:cut])
            clause = cut < len(words(raw_item))
            if not 1 <= len(ws) <= 3 or not item[:1].islower():
                if clause or single:
                    break
                continue
            key = "".join(ws)
            pos = m.start(group) + m.group(group).find(part)
            if len(ws) == 1 and ws[0].endswith(ADJECTIVE_ENDS):
                continue  # an adjective alone ("economische") names no theme
            if key in index.by_key or len(key) < 4 or pos < 0 or any(w in COMMON_WORDS for w in ws[:1]):
                continue
            first = _token_at(text, pos)
            while first < len(text.tokens) and text.tokens[first].key != ws[0] and text.tokens[first].start < pos + len(part):
                first += 1  # past "bijvoorbeeld de", a quote
            last = first + len(ws) - 1
            if last >= len(text.tokens) or "".join(t.key for t in text.tokens[first:last + 1]) != key \
                    or any(i in covered for i in range(first, last + 1)):
                continue
            cand = found.get(key)
            if cand is not None:
                if (first, last) not in cand.places:
                    cand.places.append((first, last))
                continue
            cand = found[key] = Candidate(item, "Thema", "landelijk", [(first, last)], THEME_CONFIDENCE[kind],
                                          f"als thema genoemd ('{' '.join(m.group(0).split()[:3])} ...'); niet in de graaf")
            kinds[key] = kind
            out.append(cand)
            if single or clause:
                break  # "op het gebied van X" names one theme; a clause ends the list
    # the same words elsewhere in the text make a theme surer
    for cand in out:
        n = text.joined.count(cand.naam.replace(" ", "").lower())
        if n > 1:
            cand.confidence = round(min(cand.confidence + 0.1, THEME_MAX[kinds["".join(words(cand.naam))]]), 2)
            cand.reden += f"; {n}× in de tekst"
    return out


def _token_at(text: Text, offset: int) -> int:
    """Index of the first token starting at or after `offset`."""
    import bisect

    return bisect.bisect_left([t.start for t in text.tokens], offset)


def _free(first: int, last: int, covered: set[int], found: dict) -> bool:
    taken = {i for c in found.values() for a, b in c.places for i in range(a, b + 1)}
    return not any(i in covered or i in taken for i in range(first, last + 1))


def _new(found: dict, index: NameIndex, text: Text, first: int, last: int, label: str, conf: float,
         reden: str, over_concepts: bool = False) -> Candidate | None:
    """A candidate for tokens first..last, unless the graph knows the name, it is a bare common
    word or it is there already (then the place is added). `over_concepts`: a name the graph
    knows only as a theme or kind of actor may still be this (a title "Kennis delen")."""
    naam = text.span_text(first, last).strip(" ,")
    key = "".join(words(naam))
    known = index.by_key.get(key, [])
    if len(key) < 3 or (known and not (over_concepts and all(n.label in CONCEPT_LABELS for n in known))):
        return None
    if first == last and (text.tokens[first].key in COMMON_WORDS or text.tokens[first].key in
                          {t.key for t in text.tokens if t.text.islower()}):
        return None
    cand = found.get(key)
    if cand is not None:
        if (first, last) not in cand.places:
            cand.places.append((first, last))
        return None
    cand = found[key] = Candidate(naam, label, _niveau(label, [t.text for t in text.tokens[first:last + 1]], index),
                                  [(first, last)], conf, reden)
    return cand


def _named_titles(index: NameIndex, text: Text, covered: set[int], found: dict) -> list[Candidate]:
    """A title after a publication word, written as Dutch titles are (a capital, then lower
    case): "het rapport Kennis, kunde, beleidskeuzes over ...", "het signalement Kennis delen
    (ROB 2020)". The title runs until a bracket, a sentence end, a dash or a word that starts a
    clause (TITLE_STOP); at least two words."""
    toks = text.tokens
    out: list[Candidate] = []
    for i in range(1, len(toks) - 2):
        if not toks[i].text.islower() or toks[i].key not in TITLE_WORDS or toks[i - 1].key not in TITLE_ARTICLES:
            continue
        first = i + 1
        gap = text.text[toks[i].end:toks[first].start]
        if not toks[first].text[:1].isupper() or gap.strip() or gap.count("\n") > 1 \
                or text.is_sentence_start(first):
            continue
        last = first
        sentence = text.sentence_index(toks[first].start)
        while last + 1 < len(toks) and last - first + 1 < TITLE_MAX_WORDS:
            nxt = toks[last + 1]
            gap = text.text[toks[last].end:nxt.start].strip()
            if gap not in ("", ",", "-") or nxt.key in TITLE_STOP or nxt.text[:1].isdigit() \
                    or TITLE_STOP_VERB.match(nxt.key) or last + 1 in covered \
                    or text.sentence_index(nxt.start) != sentence:
                break
            last += 1
        if last == first or not _free(first, last, covered, found):
            continue
        cand = _new(found, index, text, first, last, "Publicatie", 0.6,
                    f"titel na '{toks[i].text}'; niet in de graaf", over_concepts=True)
        if cand is not None:
            out.append(cand)
    return out


def _listed(index: NameIndex, text: Text, covered: set[int], found: dict) -> list[Candidate]:
    """Names listed as examples of a kind ("instellingen zoals het RIVM, het KNMI en ...",
    "programma's als Gezonde School en Preventie in de Wijk"): each capitalised item the graph
    does not know is a new one of that kind, as far as the list goes (names, commas, 'en',
    'of', articles)."""
    toks = text.tokens
    out: list[Candidate] = []
    for m in KIND_LIST.finditer(text.text):
        kind = fold(m.group(1))
        label = next(lb for w, lb in KIND_LIST_LABEL if w in kind)
        i = _token_at(text, m.end())
        sentence = text.sentence_index(m.end())
        while i < len(toks) and text.sentence_index(toks[i].start) == sentence:
            while i < len(toks) and toks[i].key in ("het", "de") and toks[i].text.islower():
                i += 1
            if i >= len(toks) or not _capitalised(toks[i].text) or toks[i].text[:1].isdigit():
                break
            first = last = i
            while last + 1 < len(toks) and _joined(text, last, last + 1) and (
                    _capitalised(toks[last + 1].text) or text.text[toks[last].end:toks[last + 1].start] == "-"):
                last += 1
            # connectors inside one name ("Preventie in de Wijk", "Planbureau voor de Leefomgeving")
            k = last + 1
            while k < len(toks) and toks[k].key in CONNECTORS and toks[k].key not in ("en", "&") \
                    and _joined(text, k - 1, k):
                k += 1
            # a lone "in"/"op"/"aan" before a capital is a place ("het PON in Brabant"), not a name part
            lone = k == last + 2 and toks[last + 1].key in ("in", "op", "aan", "te")
            if k > last + 1 and not lone and k < len(toks) and _capitalised(toks[k].text) and _joined(text, k - 1, k) \
                    and not text.text[toks[k].start - 1] == "\n":
                last = k
                while last + 1 < len(toks) and _joined(text, last, last + 1) and _capitalised(toks[last + 1].text):
                    last += 1
            if _free(first, last, covered, found) and not any(_head_label(t.key) and t.key in HEADS.get(
                    _head_label(t.key), ()) and first == last for t in toks[first:last + 1]):
                cand = _new(found, index, text, first, last, _head_label_of(toks[first:last + 1]) or label,
                            LISTED_CONFIDENCE, f"genoemd als voorbeeld van '{m.group(1)}'; niet in de graaf")
                if cand is not None:
                    out.append(cand)
            # the list goes on after a comma, 'en' or 'of'
            gap_end = last + 1
            if gap_end >= len(toks):
                break
            gap = text.text[toks[last].end:toks[gap_end].start]
            if gap.strip() == "," or (not gap.strip() and toks[gap_end].key in ("en", "of")):
                i = gap_end + (0 if gap.strip() == "," else 1)
                if i < len(toks) and toks[i].key in ("en", "of") and toks[i].text.islower():
                    i += 1
                continue
            break
    return out


def _head_label_of(toks) -> str | None:
    return next((lb for lb in (_head_label(t.key) for t in toks) if lb), None)


# A reference list entry: "Auteur, A. & Auteur, B. (2019). Titel van het werk. Plaats: Uitgever."
# or "Auteur. Titel. Plaats, maand jaar." -- the title a publication of the author(s).
REFERENCE_ENTRY = re.compile(
    r"^[ \t\u2022*-]*(?P<auteurs>[A-Z\u00c0-\u00de][^()\n]{1,120}?)\s*\((?P<jaar>(?:19|20)\d\d)[a-z]?\)\.?\s+"
    r"(?P<titel>[A-Z\u00c0-\u00de\u2018\u201c][^.?!\n]{3,200})[.?!]", re.MULTILINE)
REFERENCE_PLACE = re.compile(
    r"(?:^|\.\s+)(?P<auteurs>[A-Z\u00c0-\u00de][\w-]+(?: [A-Z\u00c0-\u00de][\w-]+){0,3})\.\s+"
    r"(?P<titel>[A-Z\u00c0-\u00de][^.?!\n]{3,200}?)\.\s+[A-Z\u00c0-\u00de][\w ]{2,30},\s*"
    r"(?:(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\s+)?"
    r"(?P<jaar>(?:19|20)\d\d)\b", re.MULTILINE)


# "Zie ook Andersson, Elffers en Felix: Titel van het werk, 2020."
_AUTHOR = r"(?:[a-z]{1,3} ){0,2}[A-Z\u00c0-\u00de][\w'-]+(?: [A-Z\u00c0-\u00de][\w'-]+)?"
REFERENCE_COLON = re.compile(
    r"(?:^|\b[Zz]ie (?:ook |bijvoorbeeld )?)(?P<auteurs>" + _AUTHOR + r"(?:(?:, | en | & )" + _AUTHOR + r"){0,5}):\s+"
    r"(?P<titel>[A-Z\u00c0-\u00de][^.?!:]{3,200}?),\s*(?P<jaar>(?:19|20)\d\d)\b", re.MULTILINE)


def _reference_entries(index: NameIndex, text: Text, covered: set[int], found: dict) -> list[Candidate]:
    """A title in a reference list entry (REFERENCE_ENTRY, REFERENCE_PLACE); its authors the
    graph knows as organisations are its makers."""
    out: list[Candidate] = []
    flat = text.text
    for pattern in (REFERENCE_ENTRY, REFERENCE_PLACE, REFERENCE_COLON):
        for m in pattern.finditer(flat):
            a, b = m.start("titel"), m.end("titel")
            first, last = _token_at(text, a), _token_at(text, b) - 1
            if first > last or len(words(m.group("titel"))) < 2 or not _free(first, last, covered, found):
                continue
            cand = _new(found, index, text, first, last, "Publicatie", 0.65,
                        f"titel in een literatuurverwijzing ({m.group('jaar')}); niet in de graaf")
            if cand is None:
                continue
            for author in re.split(r",|&|\sen\s", m.group("auteurs")):
                for name in index.by_key.get("".join(words(author)), []):
                    if name.label in MAKER_LABELS and name.node_id not in cand.makers:
                        cand.makers.append(name.node_id)
            out.append(cand)
    return out


WEBSITE = re.compile(r"(?<![\w/.@])([A-Z\u00c0-\u00de][\w-]{2,40}\.(?:nl|eu|org|com))\b")


def _websites(index: NameIndex, text: Text, covered: set[int], found: dict) -> list[Candidate]:
    """A website written as a name with a capital ("Regiobeeld.nl"): a publication. A bare
    address in a footnote (https://...) is not."""
    out: list[Candidate] = []
    for m in WEBSITE.finditer(text.text):
        first, last = _token_at(text, m.start(1)), _token_at(text, m.end(1)) - 1
        if first > last or not _free(first, last, covered, found):
            continue
        cand = _new(found, index, text, first, last, "Publicatie", 0.6, "website, geschreven als naam; niet in de graaf")
        if cand is not None:
            cand.naam = m.group(1)
            out.append(cand)
    return out


COORDINATION = re.compile(r"^\s*(?:,\s*(?:en\s+|of\s+)?|en\s+|of\s+)(?:(?:de|het)\s+)?$")
COORDINATED_LABELS = ("Programma", "Instituut", "Werkplaats", "Publicatie")
PARTNERS_BEFORE = re.compile(r"\b(?:samen met|in samenwerking met|partners?(?: als| zoals)?)\s+(?:de\s+|het\s+)?$")


def _coordinated(index: NameIndex, text: Text, covered: set[int], found: dict) -> list[Candidate]:
    """A name listed with names of one kind ("Natuurpact, Interbestuurlijk Programma Vitaal
    Platteland en de Regio Envelop") is most likely of that kind too: surer when two or more
    listed names are of it, never when a listed name is of another kind."""
    by_abbr = {c.afkorting: c for c in found.values() if c.afkorting}
    runs = [(a, b) for first, last, _ in _runs(text) for a, b in _split(text, first, last)]
    # in a list, "het Kadaster en de RVO" is two names: a one-word name, 'en', a one-word name
    split_runs = []
    for a, b in runs:
        keys = [t.key for t in text.tokens[a:b + 1]]
        if 3 <= len(keys) <= 4 and keys[1] in ("en", "of") and (len(keys) == 3 or keys[2] in ("de", "het")) \
                and not any(_head_label(k) for k in keys):
            split_runs += [(a, a), (b, b)]
        else:
            split_runs.append((a, b))
    runs = split_runs
    groups: list[list[tuple[int, int]]] = []
    for a, b in runs:
        if groups and text.sentence_index(text.tokens[a].start) == text.sentence_index(text.tokens[groups[-1][-1][1]].start) \
                and COORDINATION.match(text.text[text.tokens[groups[-1][-1][1]].end:text.tokens[a].start]):
            groups[-1].append((a, b))
        else:
            groups.append([(a, b)])
    out: list[Candidate] = []
    for group in groups:
        if len(group) < 2:
            continue
        labels: list[str | None] = []
        for a, b in group:
            key = "".join(words(text.span_text(a, b)))
            cand = found.get(key) or by_abbr.get(text.span_text(a, b))
            known = [n.label for n in index.by_key.get(key, []) if n.label not in CONCEPT_LABELS]
            labels.append(cand.label if cand else known[0] if known else _head_label_of(text.tokens[a:b + 1]))
        kinds = {lb for lb in labels if lb}
        if len(kinds) != 1 or next(iter(kinds)) not in COORDINATED_LABELS:
            continue
        label = next(iter(kinds))
        n_kind = sum(1 for lb in labels if lb)
        lead = text.text[max(0, text.tokens[group[0][0]].start - 40):text.tokens[group[0][0]].start]
        if label == "Instituut" and PARTNERS_BEFORE.search(lead):
            n_kind += 1  # partners of someone: organisations ("werkt samen met het CBS, het Kadaster en de RVO")
        names = [text.span_text(a, b) for (a, b), lb in zip(group, labels) if lb]
        for (a, b), lb in zip(group, labels):
            if lb or not _free(a, b, covered, found) or text.is_sentence_start(a) or text.tokens[a].text[:1].isdigit():
                continue
            cand = _new(found, index, text, a, b, label, 0.6 if n_kind >= 2 else 0.5,
                        f"in één opsomming met {', '.join(names)} ({label}); niet in de graaf")
            if cand is not None:
                out.append(cand)
    return out


# A kind of actor named in general (Actorgroep): the plural of an abbreviation of a kind of
# organisation ("GGD'en", "GGD's"), or a plural organisation word that is a compound
# ("kennisorganisaties") or follows an adjective ("decentrale overheden", "lokale en regionale
# overheden", "uitvoerende professionals").
GROUP_PLURALS = ("organisaties", "instellingen", "instituten", "platforms", "overheden", "diensten", "bureaus",
                 "hogescholen", "universiteiten", "professionals", "kenniscentra", "planbureaus", "fondsen")
# Words ending like an adjective that only count or point ("andere organisaties", "deze instellingen").
GROUP_NOT_ADJECTIVE = frozenset("""andere alle deze die sommige vele diverse verschillende enkele meeste welke bepaalde
grote kleine eigen beide overige genoemde betreffende relevante desbetreffende dezelfde zelfde vele tal
zulke huidige waarmee daarmee hiermee waarbij waarvoor daartoe
""".split())
GROUP_ABBREVIATION = re.compile(r"(?<![\w'\u2019])([A-Z]{2,6})['\u2019](?:en|s)\b")
GROUP_CONFIDENCE = (0.5, 0.6)  # named once, named more often


def _broken_at(text: Text, i: int) -> bool:
    """Does token i go on a word broken with a hyphen at the end of the line before?"""
    return text.text[:text.tokens[i].start].rstrip(" \t").endswith("-\n")


def _group_noun(key: str) -> str | None:
    return next((h for h in GROUP_PLURALS if key.endswith(h)), None)


def _actor_groups(index: NameIndex, text: Text, covered: set[int], found: dict) -> list[Candidate]:
    """Kinds of actor the graph does not know yet (see GROUP_PLURALS), each a new Actorgroep."""
    toks = text.tokens
    spans: list[tuple[int, int]] = []
    plurals: dict[str, str] = {}  # "GGD's" and "GGD'en" are one kind: the first spelling names it
    first_spelling: dict[str, str] = {}
    for m in GROUP_ABBREVIATION.finditer(text.text):
        first = _token_at(text, m.start(1))
        singular = fold(m.group(1))
        if _head_label(singular) == "Instituut" or singular in index.by_key:
            spans.append((first, _token_at(text, m.end()) - 1))
            plurals[m.group()] = first_spelling.setdefault(singular, "".join(words(m.group())))
    for i, tok in enumerate(toks):
        head = _group_noun(tok.key) if tok.text.islower() or text.is_sentence_start(i) else None
        if head is None:
            continue
        first = i
        # adjectives before it: "decentrale", "lokale en regionale"
        while first > 0 and toks[first - 1].text.islower() and toks[first - 1].key.endswith("e") \
                and toks[first - 1].key not in GROUP_NOT_ADJECTIVE \
                and not _broken_at(text, first - 1) and toks[first - 1].key not in CONNECTORS \
                and len(toks[first - 1].key) > 4 and _joined(text, first - 1, first):
            first -= 1
            if first > 1 and toks[first - 1].key in ("en", "of") and toks[first - 2].key.endswith("e") \
                    and toks[first - 2].text.islower() and toks[first - 2].key not in GROUP_NOT_ADJECTIVE \
                    and len(toks[first - 2].key) > 4:
                first -= 2
        if first == i > 1 and _broken_at(text, i - 1) and toks[i - 1].text.islower() and toks[i - 2].text.islower() \
                and (toks[i - 2].key + toks[i - 1].key).endswith("e") and _joined(text, i - 1, i) \
                and toks[i - 2].key + toks[i - 1].key not in GROUP_NOT_ADJECTIVE:
            first = i - 2  # an adjective broken over a line ("regi-\nonale kennisplatforms")
        if first == i and len(tok.key) < len(head) + 4:
            continue  # a bare plural ("organisaties") names no kind of its own
        spans.append((first, i))
    out: list[Candidate] = []
    for first, last in spans:
        if any(j in covered for j in range(first, last + 1)):
            continue
        naam = dehyphenate(text.span_text(first, last)).strip()
        if text.is_sentence_start(first):
            naam = naam[:1].lower() + naam[1:] if not naam[:2].isupper() else naam
        key = plurals.get(naam) or "".join(words(naam))
        if key in index.by_key:
            continue
        cand = found.get(key)
        if cand is not None:
            if cand.label == "Actorgroep" and (first, last) not in cand.places:
                cand.places.append((first, last))
            continue
        if not _free(first, last, covered, found):
            continue
        cand = found[key] = Candidate(naam, "Actorgroep", _niveau("Actorgroep", [t.text for t in toks[first:last + 1]], index),
                                      [(first, last)])
        out.append(cand)
    for cand in out:
        n = len(cand.places)
        cand.confidence = GROUP_CONFIDENCE[1 if n > 1 else 0]
        cand.reden = f"een soort actor in het meervoud; {n}× in de tekst; niet in de graaf"
    return out


# A werkplaats the text names by its place rather than by a name of its own: "kenniswerkplaatsen
# zoals in Rotterdam", "de werkplaats in Venlo", "de gemeente Almere heeft ... een datawerkplaats
# ingericht". The new Werkplaats is called after its kind and the place ("Kenniswerkplaatsen
# Rotterdam"); the gemeente takes part in it.
WERKPLAATS_WORD = re.compile(r"\w*werkplaats(?:en)?$")
SET_UP = re.compile(r"^(?:ingericht|opgericht|opgezet|gestart|opgestart|begonnen)$")
PLACE_WERKPLAATS_CONFIDENCE = 0.6


def _place_span(text: Text, i: int, places: set[int]) -> tuple[int, int] | None:
    if i >= len(text.tokens) or i not in places:
        return None
    j = i
    while j + 1 in places and _joined(text, j, j + 1):
        j += 1
    return i, j


def _gemeente_ids(index: NameIndex, text: Text, a: int, b: int) -> list[str]:
    key = "".join(t.key for t in text.tokens[a:b + 1])
    return sorted({n.node_id for n in index.by_key.get(key, []) if n.label == "Gemeente"})


def _place_werkplaatsen(index: NameIndex, text: Text, covered: set[int], found: dict,
                        places: set[int]) -> list[Candidate]:
    toks = text.tokens
    out: list[Candidate] = []
    for i, tok in enumerate(toks):
        if not WERKPLAATS_WORD.match(tok.key) or not (tok.text.islower() or text.is_sentence_start(i)):
            continue
        sentence = text.sentence_index(tok.start)
        k = i + 1
        if k < len(toks) and toks[k].key in ("zoals", "bijvoorbeeld"):
            k += 1
        place = None
        if k + 1 < len(toks) and toks[k].key in ("in", "van") and _joined(text, k - 1, k):
            place = _place_span(text, k + 1, places)
            span = (i, place[1]) if place else None
        if place is None and i > 0 and toks[i - 1].key == "een" and i + 1 < len(toks) \
                and SET_UP.match(toks[i + 1].key):
            # set up by the gemeente that opens the sentence ("De gemeente Almere heeft ... een
            # datawerkplaats ingericht")
            a0 = text.sentences[sentence][0]
            for j in range(_token_at(text, a0), i):
                if toks[j].start - a0 > 25:
                    break
                place = _place_span(text, j, places)
                if place:
                    break
            span = (i, i)
        if place is None:
            continue
        members = [(m, *place) for m in _gemeente_ids(index, text, *place)]
        if not members or any(j in covered and j not in places for j in range(span[0], span[1] + 1)):
            continue
        naam = tok.text[:1].upper() + tok.text[1:] + " " + text.span_text(*place)
        key = "".join(words(naam))
        if key in index.by_key:
            continue
        cand = found.get(key)
        if cand is not None:
            if span not in cand.places:
                cand.places.append(span)
            continue
        # as the text writes it (the provenance check reads the cited lines for a name of the node)
        # ("Kenniswerkplaatsen zoals in Rotterdam"; from the gemeente to the kind word when the
        # gemeente set it up: a bare kind word would be a name of every werkplaats of its kind)
        written = " ".join(text.span_text(*span).split()) if span != (i, i) else \
            " ".join(text.span_text(place[0], i).split())
        cand = found[key] = Candidate(naam, "Werkplaats", "lokaal", [span], PLACE_WERKPLAATS_CONFIDENCE,
                                      f"een {tok.text.lower()} genoemd naar de plaats {text.span_text(*place)}; "
                                      "niet in de graaf", members=members, aliassen=[written])
        out.append(cand)
    return out


# A publication the text describes rather than names: a publication word, a few lower-case words
# and a year ("de rapportage sociaal domein 2017 van het SCP", "het SCP stelt in zijn werkprogramma
# 2019"), or made by an organisation that has drawn it up ("X heeft een kennisagenda opgesteld").
# The new Publicatie is called by those words ("Rapportage sociaal domein 2017", "Kennisagenda X");
# the organisation after "van"/"door", the owner of "zijn/haar" (the sentence's subject) or the one
# that drew it up is its maker.
DESCRIBED_WORDS = tuple(sorted(TITLE_WORDS | {"werkprogramma", "jaarverslag", "kennisagenda", "jaarplan",
                                              "onderzoeksagenda", "jaarrapport"}))
DESCRIBED = re.compile(r"\b(de|het|een|zijn|haar|hun)\s+(" + "|".join(DESCRIBED_WORDS) +
                       r")((?:\s+[a-z][a-z-]*){0,4}?)\s+((?:19|20)\d\d)\b(?!\s*[-\u2013/])")
DRAWN_UP = re.compile(r"\s+(?:heeft|hebben|had|hadden)\s+(?:\w+\s+){0,3}?(?:een|haar|zijn|hun)\s+(" +
                      "|".join(DESCRIBED_WORDS) + r")\s+(?:\w+\s+){0,2}?(opgesteld|gepubliceerd|uitgebracht|geschreven)\b")
DESCRIBED_CONFIDENCE = (0.5, 0.6)  # without, with a known maker
MAKER_REACH = 6  # words of a maker's name


def _known_maker(index: NameIndex, text: Text, first: int, forward: bool = True) -> tuple[str, int, int] | None:
    """A known organisation (MAKER_LABELS) whose name starts (forward) or ends at token `first`:
    its node id and token span, the longest name first."""
    toks = text.tokens
    for n in range(MAKER_REACH, 0, -1):
        a, b = (first, first + n - 1) if forward else (first - n + 1, first)
        if a < 0 or b >= len(toks):
            continue
        for name in index.by_key.get("".join(t.key for t in toks[a:b + 1]), []):
            if name.label in MAKER_LABELS:
                return name.node_id, a, b
    return None


def _described_publications(index: NameIndex, text: Text, covered: set[int], found: dict) -> list[Candidate]:
    toks = text.tokens
    out: list[Candidate] = []
    flat = text.text.replace("\n", " ")
    for m in DESCRIBED.finditer(flat):
        first, last = _token_at(text, m.start(2)), _token_at(text, m.start(4))
        if not _free(first, last, covered, found) or text.sentence_index(toks[first].start) != \
                text.sentence_index(toks[last].start):
            continue
        maker = None
        after = re.match(r"\s+(?:van|door)\s+(?:de\s+|het\s+)?", flat[m.end():])
        if after:
            maker = _known_maker(index, text, _token_at(text, m.end() + after.end()))
        elif m.group(1) in ("zijn", "haar", "hun"):
            a0 = text.sentences[text.sentence_index(toks[first].start)][0]
            k = _token_at(text, a0)
            while k < first and toks[k].key in ("het", "de", "ook", "daarnaast", "zo"):
                k += 1
            maker = next((mk for n in range(MAKER_REACH, 0, -1)
                          if (mk := _known_maker(index, text, k + n - 1, forward=False)) and mk[1] == k), None)
        naam = " ".join([m.group(2).capitalize(), *m.group(3).split(), m.group(4)])
        cand = _described(found, index, naam, (first, last), maker,
                          f"beschreven publicatie ('{m.group(2)} ... {m.group(4)}')")
        if cand is not None:
            out.append(cand)
    for m in DRAWN_UP.finditer(flat):
        k = _token_at(text, m.start()) - 1
        maker = _known_maker(index, text, k, forward=False)
        if maker is None:
            continue
        pub = _token_at(text, m.start(1))
        if not _free(pub, pub, covered, found):
            continue
        naam = m.group(1).capitalize() + " " + text.span_text(maker[1], maker[2])
        cand = _described(found, index, naam, (pub, pub), maker, f"een {m.group(1)} {m.group(2)} door een organisatie")
        if cand is not None:
            # as the text writes it, from the maker to the publication word (for the provenance check)
            cand.aliassen.append(" ".join(text.span_text(maker[1], pub).split()))
            out.append(cand)
    return out


def _described(found: dict, index: NameIndex, naam: str, place: tuple[int, int], maker, why: str) -> Candidate | None:
    key = "".join(words(naam))
    if key in index.by_key or key in found:
        return None
    cand = found[key] = Candidate(naam, "Publicatie", "landelijk", [place], DESCRIBED_CONFIDENCE[maker is not None],
                                  f"{why}{'; gemaakt door een bekende organisatie' if maker else ''}; niet in de graaf")
    if maker is not None:
        cand.makers.append(maker[0])
    return cand


def _ordinary_phrase(text: Text, toks) -> bool:
    """Does the text also write these words in lower case (an ordinary phrase, not a name)?"""
    if any(t.text[:1].isdigit() or _is_abbreviation_token(t.text) for t in toks):
        return False
    pattern = r"(?<![\w-])" + r"[\s-]+".join(re.escape(t.text.lower()) for t in toks) + r"(?![\w-])"
    return re.search(pattern, text.text) is not None


def _kind_word(key: str) -> str:
    """The shortest head or classifier word a kind word ends with ("ondersteuningsprogramma":
    "programma"; "kenniscommunity": "community")."""
    options = [w for ws in (*HEADS.values(), *CLASSIFIERS.values()) for w in ws if key.endswith(w)]
    return min(options, key=len) if options else key


# "... biedt een programma aan dat ... ondersteunt: Sector-led Improvement." A kind word, and at
# the end of the sentence after a colon the name of that one, in capitals.
COLON_NAME = re.compile(r":\s+([A-Z\u00c0-\u00de][\w'\u2019]*(?:[ -]+[\w'\u2019]+){0,5})\s*\.(?=\s)")
COLON_REACH = 160  # characters between the kind word and the colon
COLON_CONFIDENCE = 0.6


def _colon_names(index: NameIndex, text: Text, covered: set[int], found: dict) -> list[Candidate]:
    out: list[Candidate] = []
    for m in COLON_NAME.finditer(text.text):
        name_words = m.group(1).split()
        if not all(_capitalised(w) or "-" in w for w in name_words[:1]) or \
                sum(_capitalised(w) for w in re.split(r"[ -]+", m.group(1))) < 2:
            continue  # at least two capitals: a name, not the start of a clause
        s = text.sentence_index(m.start())
        a0 = max(text.sentences[s][0], m.start() - COLON_REACH)
        kinds = [w for w in re.findall(r"[^\W\d_]+", text.text[a0:m.start()]) if w.islower() and _classifier(fold(w))
                 in ("Programma", "Werkplaats")]
        if not kinds:
            continue
        label = _classifier(fold(kinds[-1]))
        first, last = _token_at(text, m.start(1)), _token_at(text, m.end(1)) - 1
        if first > last or not _free(first, last, covered, found):
            continue
        cand = _new(found, index, text, first, last, label, COLON_CONFIDENCE,
                    f"naam na een dubbele punt, aangekondigd als '{kinds[-1]}'; niet in de graaf")
        if cand is not None:
            out.append(cand)
    return out
