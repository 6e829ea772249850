"""Candidate relationships between entities named in the same sentence.

The wording decides the type (SIGNALS, in order of precedence; the graph model decides which
labels each type may join, graph.model.RELATIONSHIP_TYPES). The entity before the signal is
the subject, except in the passive ("ondersteund door X": X is the subject). A knowledge flow
(KENNISSTROOM) gets its richting from the niveau of both ends. A pair with no signal gets the
type "noemt" (both named together; accepting it records that the document names both).
The document itself relates to what it names: VERWIJST_NAAR for a publication, BEHANDELT for
a theme it names often or in its opening lines.

Rules that read how the text is built rather than one signal word (each tested on hand-made
texts in tests/test_document_rules.py; their effect on the five documents in the README):
- examples after "zoals/als/waaronder" following a kind of actor each belong to it (HOORT_BIJ),
  as far as the list of names goes;
- actors listed as the subject of one plural verb work together (WERKT_SAMEN_MET);
- a gemeente or actor and a theme on a short line (a table row) without signal: BEHANDELT,
  NEEMT_DEEL_AAN by the labels, a little surer than in running text;
- a sentence opening with a pronoun ("Zij", "Deze organisatie", "Het programma") carries the
  actor that opened one of the CARRY_SENTENCES sentences before it, in the same paragraph and of
  the kind the pronoun names; only a signal word makes a relation then;
- an actor whose own name holds a theme's name treats that theme;
- knowledge flows with the direction the wording gives (`_flow`, `_product_flows`);
- a programme or werkplaats as the setting of a sentence, pointed back to, or "van" a list of
  actors: its participants (`_settings`, `_setting_back`, `_members`); a programme's owner;
- a publication and the only organisation of its sentence that says or makes it (`_makers`);
- an actor announcing a list of themes treats the themes of the bullets (`_bullet_themes`);
- a sentence that recommends rather than describes lowers its relations (RECOMMENDS).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from graph.model import DEFAULT_NIVEAU, RELATIONSHIP_TYPES
from graph.names import fold, words
from loaders.documents.text import Text, dehyphenate

NOEMT = "noemt"
DOCUMENT = "@document"  # the new document's own Publicatie

SIGNALS: tuple[tuple[str, re.Pattern], ...] = tuple((t, re.compile(p)) for t, p in (
    ("UITGEGEVEN_DOOR", r"\bin opdracht van\b|\buitgegeven door\b|\bgepubliceerd door\b|\bopgesteld door\b|"
                        r"\bgeschreven door\b|\bpubliceer\w*|\buitgevoerd door\b"),
    ("NEEMT_DEEL_AAN", r"\bdeel ?(?:neem|nem|name)\w*|\b(?:neemt|nemen|nam|namen) \w*\s?deel\b|\baangesloten\b|"
                       r"\blid van\b|\bdeel uit\b|\bparticipe\w*|\bdoe[tn] mee\b|\bdeden mee\b|\bpartner in\b|"
                       r"\bverenigd\b|\bvertegenwoordigd\b|\bbijeen\b|\bbetrokken (?:bij|in)\b|\bzitting in\b|"
                       r"\bdra(?:gen|agt|gen ook|agt ook) (?:\w+ ){0,4}bij aan\b|\bbijdrage aan\b"),
    ("ONDERSTEUNT", r"\bondersteun(?:t|en|de|den|d)\b|\bgesteund\b|\bsteun(?:t|en|de|den)? (?:\w+ )?(?:bij|met|aan)\b|\bbegeleid\w*|\bfacilite\w*|\bhelp\w*|\bgefinancierd\b|"
                    r"\bfinancier\w*|\bsubsidie\w*|\badvise(?:ert|ren|erde|erden)\b|\bgeadviseerd\b"),
    ("BETREKT_KENNIS_VAN", r"\bkennis\w* (?:halen|haalt|ophalen|betrekken|betrekt|zoeken|zoekt)\b|"
                           r"\bmaken? gebruik van\b|\bgebruik\w* (?:de |het |van )?(?:kennis|rapporten|data|"
                           r"publicaties|handreikingen|informatie|cijfers)\b|\braadple\w*|\bput\w* uit\b|"
                           r"\bbenut\w*|\bvragen? (?:advies|kennis)\b|\bwend\w* zich (?:[\w,'-]+ +){0,8}?tot\b|\bzich (?:[\w,'-]+ +){0,8}?tot (?:de |het )?\w+ wend\w*|\bvragen (?:\w+ )?neer\b|\bneer bij\b|"
                           r"\bklop\w* (?:\w+ ){0,4}aan bij\b|\bklop\w* aan\b"),
    ("KENNISSTROOM", r"\bkennis\w* (?:delen|deelt|overdragen|verspreiden|verspreidt|ontsluiten|ontsluit)\b|"
                     r"\blevert? kennis\b|\bvertaalt?\b|\bvoedt?\b|\bdelen (?:hun |hun )?kennis\b|\bdeelt (?:zijn|haar) kennis\b"),
    ("WERKT_SAMEN_MET", r"\bsamen ?werk\w*|\bwerk\w* samen\b|\bsamen met\b|\bpartners?\b|\bconsortium\w*|"
                        r"\bcoalitie\w*|\bgezamenlijk\w*|\ballianti\w*"),
    ("BEHANDELT", r"\bop het (?:gebied|terrein|vlak) van\b|\bgericht op\b|\bricht\w* zich op\b|\bover\b|"
                  r"\bthema\w*|\bexpertise\b|\brondom\b|\bkennis (?:over|van)\b|\bonderzoek\w* naar\b|\bwerk\w* aan\b|"
                  r"\bgaat over\b|\bevalue(?:ert|ren|erde)\b|\banalyse(?:ert|ren|erde)\b|\bmonitor(?:t|en|de)\b|"
                  r"\bbreng\w* (?:\w+ ){0,3}in kaart\b|\bin kaart (?:\w+ )?(?:brengen|gebracht)\b"),
))
SYMMETRIC = ("WERKT_SAMEN_MET",)
SET_UP_AFTER = re.compile(r"\)?\s*(?:\([^()]{1,12}\)\s*)?(ingericht|opgericht|opgezet|gestart|opgestart)\b")
PASSIVE = re.compile(r"^\s*(?:door|van)\b")
NIVEAU_RANK = {"lokaal": 0, "regionaal": 1, "landelijk": 2, "internationaal": 2}


@dataclass(frozen=True)
class Entity:
    """An entity as the relation finder sees it: a known node or a new candidate."""

    ref: str        # node id, "nieuw:<naam>" or DOCUMENT
    naam: str
    label: str
    niveau: str


@dataclass
class RelationCandidate:
    type: str       # a model type or NOEMT
    van: Entity
    naar: Entity
    lines: tuple[int, int]
    sentence: int
    confidence: float
    reden: str
    properties: dict


def allowed(rtype: str, a: Entity, b: Entity) -> bool:
    starts, ends, _ = RELATIONSHIP_TYPES[rtype]
    return a.label in starts and b.label in ends and a.ref != b.ref


def richting(a: Entity, b: Entity) -> str:
    ra = NIVEAU_RANK.get(a.niveau or DEFAULT_NIVEAU.get(a.label, "landelijk"), 2)
    rb = NIVEAU_RANK.get(b.niveau or DEFAULT_NIVEAU.get(b.label, "landelijk"), 2)
    if ra > rb:
        return "landelijk->lokaal"
    if ra < rb:
        return "lokaal->landelijk"
    return "horizontaal"


# Without a signal word, what two kinds of entity named together most likely mean.
# (type, start labels, end labels, confidence)
# A publication named with a theme in one sentence is mostly about it (its title or what it is
# cited for); an organisation named with a theme less often.
DEFAULTS = (
    ("BEHANDELT", ("Publicatie",), ("Thema",), 0.6),
    ("BEHANDELT", ("Instituut", "Werkplaats", "Programma", "Gemeente"), ("Thema",), 0.5),
    ("NEEMT_DEEL_AAN", ("Instituut", "Gemeente", "Regio", "Actorgroep"), ("Werkplaats", "Programma"), 0.6),
)

SHORT_ROW = 8  # words: a table row or list item ("Leudal  Wmo") pairs its two names
CO_SUBJECT = "samen onderwerp van één handeling"
LIST_MARK = " (opsomming)"
COACTORS = ("Instituut", "Werkplaats", "Programma", "Gemeente")
PLURAL_VERB = re.compile(r"\b(?:hebben|hadden|zijn|waren|werden|worden|kunnen|konden|zullen|willen|gaan|gingen|"
                         r"voeren|voerden|doen|deden|organiseren|organiseerden|ontwikkelen|ontwikkelden|"
                         r"maken|maakten|leveren|leverden|bieden|boden|starten|startten)\b")
# What a list of names is made of: names (capitalised, a lower-case part joined by a hyphen),
# commas, '&', 'en', articles and abbreviations in brackets.
_ITEM = r"(?:\s|,|&|\ben\b|\bhet\b|\bde\b|\([^()]{1,12}\)|[A-Z\u00c0-\u00de][\w'\u2019.-]*(?:-\s*\w+)?|(?<=[A-Za-z] )\d{1,3}\b)"
_LIST_GLUE = re.compile("^" + _ITEM + "*$")
_LIST_TAIL = re.compile(_ITEM + "*$")
_LIST_GLUE_HEAD = re.compile(_ITEM + "*")
LIST_REACH = 400  # characters around a name that the list rules look at


SHORT_ROW_MARK = "(korte regel: tabel of opsomming)"


def _is_list_rule(word: str) -> bool:
    """A rule that reads a list or a table row: many names are its nature, not a doubt."""
    return word == CO_SUBJECT or word.endswith(LIST_MARK) or word == SHORT_ROW_MARK


def _only_list(gap: str) -> bool:
    """Is `gap` (raw text) only names, commas, 'en', articles and abbreviations in brackets?
    (Lower-case name parts, "Trimbos-instituut", come joined to a capital by a hyphen.)"""
    if len(gap) > LIST_REACH:
        return False
    gap = re.sub(r"(?<=[\w])-\s*\n?\s*\w+", "", gap.replace("\n", " "))
    return bool(_LIST_GLUE.match(gap))


def _typed(sentence: str, a: tuple[int, Entity], b: tuple[int, Entity],
           raw: str | None = None) -> tuple[str, Entity, Entity, float, str] | None:
    """The first signal in the sentence that joins a and b (offsets within the sentence;
    `raw`: the sentence as written, same offsets)."""
    (pa, ea, *ra), (pb, eb, *rb) = a, b
    raw = sentence if raw is None else raw
    qa = ra[0] if ra else pa + len(fold(ea.naam))  # where a's name ends
    qb = rb[0] if rb else pb + len(fold(eb.naam))
    # Actors named before a werkplaats or programme that they set up ("A heeft samen met B en C
    # een datawerkplaats ingericht"): each takes part in it
    if pb > pa and eb.label in ("Werkplaats", "Programma") and allowed("NEEMT_DEEL_AAN", ea, eb):
        m = SET_UP_AFTER.match(sentence[qb:])
        if m and not re.search(r"[.;:]", sentence[qa:pb]):
            return "NEEMT_DEEL_AAN", ea, eb, 0.65, m.group(1) + LIST_MARK
    # A kind of actor followed by examples: "kennisinstituten zoals Movisie" (an example of a
    # gemeente or regio is left out: the loader derives those memberships by rule)
    if ea.label == "Actorgroep" and eb.label in ("Instituut", "Werkplaats", "Programma"):
        m = re.match(r"[\w' ]{0,30}?\s*,?\s*(zoals|waaronder|onder andere|onder meer|bijvoorbeeld|als)\b",
                     sentence[qa:pb] if pb > pa else "")
        # the examples go on as a list ("als Movisie, Vilans en het NJi"): each item counts
        if m and allowed("HOORT_BIJ", eb, ea) and _only_list(raw[qa + m.end():pb]):
            return "HOORT_BIJ", eb, ea, 0.65, m.group(1) + LIST_MARK
    # actors listed together as the subject of one plural verb ("Daarom hebben A, B en C een
    # verkenning gedaan", "A en B voeren ... uit"): they did it together
    if ea.label in COACTORS and eb.label in COACTORS and pb > pa and _only_list(raw[pa:pb]):
        # the whole list: back from a over the items before it, on from b over those after it
        # (within LIST_REACH characters: a text without full stops makes no endless sentence)
        head = len(_LIST_TAIL.search(raw[max(0, pa - LIST_REACH):pa]).group()) if pa else 0
        tail = len(_LIST_GLUE_HEAD.match(raw[qb:qb + LIST_REACH]).group())
        before = sentence[max(0, pa - head - 25):pa - head]
        after = sentence[qb + tail:qb + tail + 60]
        example = re.search(r"\b(?:zoals|als|waaronder|bijvoorbeeld|andere|meer)\s*$", before)
        if not example and (PLURAL_VERB.search(before) or re.match(r"[^,;]{0,40}?\s" + PLURAL_VERB.pattern, after)):
            return "WERKT_SAMEN_MET", ea, eb, 0.6, CO_SUBJECT
        # the list, then the words that they work together ("A, B en C hebben afgesproken om
        # samen te werken", "A en B werken samen")
        together = re.match(r"[^.;]{0,90}?\b(samen te werken|werken samen|samenwerken|samen werken|werkten samen)\b",
                            sentence[qb + tail:])
        if not example and together:
            return "WERKT_SAMEN_MET", ea, eb, 0.65, together.group(1) + LIST_MARK
    # A publication with its maker right after it: "X van de VNG", "X (SCP, 2019)"
    gap = sentence[pa:pb]
    for pub, maker in ((ea, eb), (eb, ea)):
        if pub.label == "Publicatie" and allowed("UITGEGEVEN_DOOR", pub, maker) and pub is ea \
                and len(gap) < len(pub.naam) + 30 and re.search(r"\bvan\b|\bdoor\b|\(", gap[len(pub.naam) // 2:]):
            return "UITGEGEVEN_DOOR", pub, maker, 0.65, "van/door"
    flow = _flow(sentence, (pa, ea, qa), (pb, eb, qb))
    if flow is not None:
        return flow
    # A programme with its owner right after it: "het programma X van de VNG", "het initiatief X
    # van ZonMw" (the owner supports it); "X kunnen rekenen op de kennis van(uit) Y"
    if ea.label == "Programma" and allowed("ONDERSTEUNT", eb, ea) and pb > pa \
            and re.match(r"\s*(?:\([^()]{1,12}\)\s*)?(?:van|vanuit)\s+(?:de\s+|het\s+)?$", sentence[qa:pb]):
        return "ONDERSTEUNT", eb, ea, 0.65, "programma van"
    if pb > pa and allowed("ONDERSTEUNT", eb, ea) and \
            re.search(r"\b(?:rekenen op|met (?:de )?(?:steun|hulp|subsidie|ondersteuning) van)\b[^.;]{0,80}"
                      r"\b(?:van|vanuit|door)\s+(?:de\s+|het\s+)?$", sentence[qa:pb]):
        return "ONDERSTEUNT", eb, ea, 0.65, "rekenen op / met steun van"
    for rtype, pattern in SIGNALS:
        for m in pattern.finditer(sentence):
            between = pa < m.start() < pb
            if rtype in SYMMETRIC:
                pairs = [(ea, eb), (eb, ea)]
            elif between and PASSIVE.match(sentence[m.end():]) and not m.group().endswith("en"):
                # "ondersteund door B" (a participle; not "helpen door ... te leggen")
                pairs = [(eb, ea)]
            elif rtype in ("BEHANDELT", "UITGEGEVEN_DOOR", "NEEMT_DEEL_AAN", "HOORT_BIJ"):
                pairs = [(ea, eb), (eb, ea)]  # the labels decide the direction
            else:
                pairs = [(ea, eb)]
            for van, naar in pairs:
                if allowed(rtype, van, naar):
                    if rtype == "BEHANDELT" and naar.label == "Thema" and naar is eb and _themes_listed_after(sentence, m, pb):
                        return rtype, van, naar, 0.65, m.group() + LIST_MARK  # "op het vlak van a, b, c en d"
                    near = between or abs(m.start() - pb) < 60 or abs(m.start() - pa) < 60
                    return rtype, van, naar, 0.7 if between else (0.6 if near else 0.5), m.group()
            break  # only the first occurrence of each signal is tried
    for rtype, starts, ends, conf in DEFAULTS:
        for van, naar in ((ea, eb), (eb, ea)):
            if van.label in starts and naar.label in ends and allowed(rtype, van, naar):
                if len(sentence.split()) <= SHORT_ROW:
                    return rtype, van, naar, round(conf + 0.1, 2), SHORT_ROW_MARK
                return rtype, van, naar, conf, ""
    return None


# Knowledge flows with their direction as the wording gives it (KENNISSTROOM; richting from the
# niveau of both ends, or "wederzijds" for an exchange):
# - an exchange: "A en B wisselen kennis uit", "kennisuitwisseling tussen A en B";
# - a giver and a receiver: "A deelt kennis met B", "A draagt kennis over aan B", "A geeft het
#   door aan B", "A koppelt terug naar B", "van A naar B";
# - products and their users: "B maakt gebruik van publicaties van A", "B raadpleegt rapporten van A".
EXCHANGE = re.compile(r"\bwissel\w* (?:\w+ ){0,4}(?:kennis|ervaring|informatie|data|inzichten)\w* (?:\w+ ){0,4}uit\b|"
                      r"\b(?:kennis|informatie)uitwisseling\b|\buitwisseling van (?:kennis|informatie|ervaring)\w*|"
                      r"\btweerichtingsverkeer\b")
GIVE = re.compile(r"\b(?:deel\w*|delen|gedeeld|draag\w* (?:\w+ ){0,6}over|draagt (?:\w+ ){0,6}over|overdragen|overgedragen|"
                  r"geef\w* (?:\w+ ){0,6}door|geeft (?:\w+ ){0,6}door|doorgeven|doorgegeven|koppel\w* (?:\w+ ){0,4}terug|"
                  r"terugkoppel\w*|teruggekoppeld|lever\w* (?:\w+ ){0,3}(?:kennis|data|informatie|cijfers)|verspreid\w*)\b")
RECEIVER = re.compile(r"\b(?:met|aan|naar|voor|richting)\s+(?:de\s+|het\s+|andere\s+|hun\s+)?$")
FROM_TO = re.compile(r"\bvan\s+(?:de\s+|het\s+)?$")
PRODUCTS = re.compile(r"\b(?:publicaties|producten|rapporten|handreikingen|onderzoeken|cijfers|data|informatie|"
                      r"kennis|factsheets|monitors?)\s+(?:\([^()]{0,60}\)\s+)?(?:e\.d\.\s+)?van\s+(?:onder (?:andere|meer)\s+|"
                      r"o\.a\.\s+|(?:organisaties|instellingen|instituten) (?:als|zoals)\s+)?(?:de\s+|het\s+)?$")
USE = re.compile(r"\b(?:gebruik\w*|raadple\w*|geraadpleegd|benut\w*|volg\w*|put\w* uit|lees\w*|lezen|gelezen)\b")
USERS = ("Actorgroep", "Gemeente", "Regio", "Werkplaats")
FLOW_CONFIDENCE = 0.65


def _flow(sentence: str, a: tuple[int, Entity, int], b: tuple[int, Entity, int]):
    """A KENNISSTROOM between a (earlier in the sentence) and b that the wording states, or None."""
    (pa, ea, qa), (pb, eb, qb) = a, b
    if pb <= pa or not allowed("KENNISSTROOM", ea, eb):
        return None
    gap = sentence[qa:pb]
    m = EXCHANGE.search(sentence)
    if m and (pa < m.start() < pb or re.search(r"\btussen\s+(?:de\s+|het\s+)?$", sentence[max(0, pa - 20):pa])
              or re.match(r"\s*(?:,\s*|\s+en\s+)(?:de\s+|het\s+)?$", gap)):
        return "KENNISSTROOM", ea, eb, FLOW_CONFIDENCE, m.group() + WEDERZIJDS
    # the verb in the gap ("A deelt kennis met B") or just before the giver ("Nu deelt A kennis met B")
    m = GIVE.search(gap) or GIVE.search(sentence[max(0, pa - 30):pa])
    if m and RECEIVER.search(gap) and not PASSIVE.match(gap[m.end():] if GIVE.search(gap) else gap):
        return "KENNISSTROOM", ea, eb, FLOW_CONFIDENCE, m.group()
    if FROM_TO.search(sentence[max(0, pa - 12):pa]) and re.match(r"\s*(?:naar|richting)\s+(?:de\s+|het\s+)?$", gap):
        return "KENNISSTROOM", ea, eb, FLOW_CONFIDENCE, "van ... naar"
    # products of the later one used by the earlier one ("B maakt gebruik van rapporten van A")
    use = USE.search(sentence)
    if use and ea.label in USERS and PRODUCTS.search(gap) and allowed("KENNISSTROOM", eb, ea):
        return "KENNISSTROOM", eb, ea, FLOW_CONFIDENCE - 0.05, f"{use.group()} ... {PRODUCTS.search(gap).group().split()[0]} van"
    # "publicaties van A worden door B gebruikt"
    if use and eb.label in USERS and PRODUCTS.search(sentence[max(0, pa - 80):pa]) and use.start() > qa:
        return "KENNISSTROOM", ea, eb, FLOW_CONFIDENCE - 0.05, f"{PRODUCTS.search(sentence[max(0, pa - 80):pa]).group().split()[0]} van ... {use.group()}"
    return None


WEDERZIJDS = " (wederzijds)"
PRODUCTS_OF = re.compile(PRODUCTS.pattern.replace("(?:de\\s+|het\\s+)?$", "(?:de\\s+|het\\s+)?"))
PASSIVE_USE = re.compile(r"\b(?:worden|werden|wordt|werd)\b[^.;]{0,60}\b(?:geraadpleegd|gebruikt|gelezen|benut|gevolgd)\b")


# A programme or werkplaats as the setting of what the actors of the sentence do: "In het
# Programma X werken A en B samen", "In het kader van X verkennen A, B en C ...", "A en B
# deden dat vanuit het project X", "X is een netwerk waarin A en B samenwerken".
SETTING_BEFORE = re.compile(r"(?:^|\b)(?:in|binnen|vanuit|in het kader van)\s+(?:het\s+|de\s+)?(?:\w+\s+)?$")
SETTING_AFTER = re.compile(r"^[^.;]{0,40}?\bwaarin\b")
SETTING_CONFIDENCE = 0.6
SETTING_MARK = "de zin speelt zich af in"


def _settings(found: dict, s: int, sentence: str, ents, line_of) -> None:
    """NEEMT_DEEL_AAN for the actors of a sentence whose setting is a programme or werkplaats."""
    for k, (pp, prog, qp) in enumerate(ents):
        if prog.label not in ("Programma", "Werkplaats"):
            continue
        before = SETTING_BEFORE.search(sentence[max(0, pp - 40):pp])
        after = SETTING_AFTER.match(sentence[qp:])
        if not before and not after:
            continue
        how = (before.group().strip() if before else "waarin")
        for j, (pa, actor, qa) in enumerate(ents):
            if j == k or actor.label in ("Programma", "Werkplaats") or not allowed("NEEMT_DEEL_AAN", actor, prog):
                continue
            if after and not before and pa < qp:
                continue  # "X ... waarin A en B": the actors after the setting
            key = ("NEEMT_DEEL_AAN", actor.ref, prog.ref)
            old = found.get(key)
            if old is not None and old.confidence >= SETTING_CONFIDENCE:
                continue
            la, lp = line_of[actor.ref], line_of[prog.ref]
            found[key] = RelationCandidate("NEEMT_DEEL_AAN", actor, prog, (min(la[0], lp[0]), max(la[1], lp[1])), s,
                                           SETTING_CONFIDENCE,
                                           f"{SETTING_MARK} '{prog.naam}' ('{how}'); '{actor.naam}' doet erin mee", {})


# A publication and the one organisation of its sentence that says, writes or makes
# something: "In het rapport X signaleerde het Rathenau Instituut ...", "Het PBL bepleitte in
# de publicatie X ...", "voor het maken van de X".
REPORTS = re.compile(r"\b(?:signaleer\w*|signaleerde|bepleit\w*|constate\w*|concludeer\w*|concludeert|stelt|stelde|"
                     r"schrijft|schreef|beschrijft|beschreef|publiceer\w*|presenteer\w*|brengt \w* ?uit|bracht \w* ?uit|"
                     r"uitgebracht|schetst\w*|waarschuw\w*|het maken van|maakt|maakte|maken|ontwikkel\w*|verscheen)\b")
MAKER_LABELS = ("Instituut", "Programma", "Werkplaats")
MAKER_CONFIDENCE = 0.6
CITED_NAME = re.compile(r"\((?:19|20)\d\d[a-z]?\)$|\(z\.d\.\)$")


def _makers(found: dict, s: int, sentence: str, ents, line_of) -> None:
    """UITGEGEVEN_DOOR from each publication of the sentence to its only organisation, when
    the sentence has a verb of saying, writing or making."""
    orgs = [e for e in ents if e[1].label in MAKER_LABELS]
    pubs = [e for e in ents if e[1].label == "Publicatie"]
    verb = REPORTS.search(sentence)
    if len(orgs) != 1 or not pubs or not verb:
        return
    org = orgs[0][1]
    for _, pub, _ in pubs:
        if CITED_NAME.search(pub.naam):
            continue  # "Auteur (2020)": its authors are in its name (candidates.py makes them its makers)
        key = ("UITGEGEVEN_DOOR", pub.ref, org.ref)
        if not allowed("UITGEGEVEN_DOOR", pub, org) or (key in found and found[key].confidence >= MAKER_CONFIDENCE):
            continue
        lp, lo = line_of[pub.ref], line_of[org.ref]
        found[key] = RelationCandidate("UITGEGEVEN_DOOR", pub, org, (min(lp[0], lo[0]), max(lp[1], lo[1])), s,
                                       MAKER_CONFIDENCE,
                                       f"'{org.naam}' is de enige organisatie in de zin over '{pub.naam}' en "
                                       f"'{verb.group()}' zegt dat zij schrijft of maakt", {})


MEMBERS_AFTER = re.compile(r"^\s*(?:\([^()]{1,12}\)\s*)?,?\s*(?:van|tussen)\s+(?:de\s+|het\s+)?")


SETTING_BACK = re.compile(r"\b(?:daarin|hierin|daarbinnen|hierbinnen|(?:in|binnen) (?:dit|dat|het|deze) "
                          r"(?:programma|project|netwerk|initiatief|werkplaats|samenwerkingsverband))\b")


def _setting_back(text: Text, found: dict, s: int, sentence: str, ents, line_of, setting):
    """A sentence that points back to the programme or werkplaats of the sentence before it
    ("Het PBL werkt daarin samen met het CBS"): its actors take part in it. Returns the
    setting for the next sentence."""
    m = SETTING_BACK.search(sentence)
    if m and setting is not None and s - setting[0] == 1 \
            and not re.search(r"\n\s*\n", text.text[text.sentences[setting[0]][1]:text.sentences[s][0]]):
        prog, lp = setting[1], setting[2]
        for _, actor, _ in ents:
            # organisations only: a kind of actor named in such a sentence is mostly its audience
            if actor.label not in ("Instituut", "Gemeente", "Regio") or not allowed("NEEMT_DEEL_AAN", actor, prog):
                continue
            key = ("NEEMT_DEEL_AAN", actor.ref, prog.ref)
            if key in found and found[key].confidence >= SETTING_CONFIDENCE:
                continue
            la = line_of[actor.ref]
            found[key] = RelationCandidate("NEEMT_DEEL_AAN", actor, prog, (min(la[0], lp[0]), max(la[1], lp[1])), s,
                                           SETTING_CONFIDENCE,
                                           f"'{m.group()}' wijst terug naar '{prog.naam}' in de zin ervoor; "
                                           f"'{actor.naam}' doet erin mee", {})
    progs = [e for e in ents if e[1].label in ("Programma", "Werkplaats")]
    return (s, progs[-1][1], line_of[progs[-1][1].ref]) if progs else None


def _members(found: dict, s: int, sentence: str, ents, line_of) -> None:
    """A programme or werkplaats "van" a list of actors ("het Interbestuurlijk Programma van
    Rijk, provincies, gemeenten en waterschappen"): each takes part in it (NEEMT_DEEL_AAN).
    One organisation after "van" is its owner instead (`_typed`, "programma van")."""
    for k, (pp, prog, qp) in enumerate(ents):
        if prog.label not in ("Programma", "Werkplaats"):
            continue
        m = MEMBERS_AFTER.match(sentence[qp:])
        swallowed = " van " in f" {fold(prog.naam)} " and re.match(r"^\s*,\s*", sentence[qp:])
        if m:
            members = _listed_from(sentence, ents, qp + m.end())
        elif swallowed:  # the name took the first member ("Programma van Rijk"), the list goes on
            members = _listed_from(sentence, ents, qp + re.match(r"^\s*,\s*", sentence[qp:]).end())
        else:
            continue
        if len(members) < (1 if swallowed else 2):
            continue
        for j in members:
            actor = ents[j][1]
            if actor.label in ("Programma", "Werkplaats", "Publicatie") or not allowed("NEEMT_DEEL_AAN", actor, prog):
                continue
            key = ("NEEMT_DEEL_AAN", actor.ref, prog.ref)
            if key in found and found[key].confidence >= SETTING_CONFIDENCE:
                continue
            la, lp = line_of[actor.ref], line_of[prog.ref]
            found[key] = RelationCandidate("NEEMT_DEEL_AAN", actor, prog, (min(la[0], lp[0]), max(la[1], lp[1])), s,
                                           SETTING_CONFIDENCE,
                                           f"'{actor.naam}' staat in de opsomming van wie '{prog.naam}' is", {})


def _listed_from(sentence: str, ents, pos: int) -> list[int]:
    """Indexes of the entities listed from `pos` on: the first right there, the next ones
    after a comma, 'en' or 'of' (and an article)."""
    out: list[int] = []
    for k, e in sorted(enumerate(ents), key=lambda x: x[1][0]):
        if e[0] < pos:
            continue
        if not _GLUE.match(sentence[pos:e[0]]) or (out and not re.search(r",|\ben\b|\bof\b", sentence[pos:e[0]])):
            break
        out.append(k)
        pos = e[2]
    return out


def _product_flows(text: Text, found: dict, s: int, sentence: str, ents, line_of, subject) -> None:
    """Products of listed makers used by a user: "B maakt gebruik van publicaties van A, C en
    D" (KENNISSTROOM A -> B, C -> B, D -> B); in the passive without the user ("Publicaties van
    A en C worden geraadpleegd") the user is the actor that opened one of the sentences before,
    in the same paragraph (as a pronoun carries it)."""
    use = USE.search(sentence)
    if not use:
        return
    for m in PRODUCTS_OF.finditer(sentence):
        makers = _listed_from(sentence, ents, m.end())
        if not makers:
            continue
        users = [e for k, e in enumerate(ents) if k not in makers and e[0] < m.start() and e[1].label in USERS]
        carried = None
        if not users and PASSIVE_USE.search(sentence, m.end()) and subject is not None and 0 < s - subject[0] <= CARRY_SENTENCES \
                and subject[1].label in USERS \
                and not re.search(r"\n\s*\n", text.text[text.sentences[subject[0]][1]:text.sentences[s][0]]):
            carried = subject
        targets = [(e[1], line_of[e[1].ref]) for e in users[-1:]] + ([(carried[1], carried[2])] if carried else [])
        for user, user_lines in targets:
            for k in makers:
                maker = ents[k][1]
                if not allowed("KENNISSTROOM", maker, user):
                    continue
                key = ("KENNISSTROOM", maker.ref, user.ref)
                if key in found and found[key].confidence >= FLOW_CONFIDENCE - 0.05:
                    continue
                lm = line_of[maker.ref]
                lines = (min(lm[0], user_lines[0]), max(lm[1], user_lines[1]))
                reden = (f"'{user.naam}' gebruikt {m.group().split()[0]} van '{maker.naam}' ('{use.group()}')"
                         + ("; de gebruiker opent een vorige zin" if carried else ""))
                found[key] = RelationCandidate("KENNISSTROOM", maker, user, lines, s,
                                               round(FLOW_CONFIDENCE - (0.05 if carried else 0), 2), reden,
                                               {"richting": richting(maker, user)})


def _stated_flow(typed) -> bool:
    """A flow read by `_flow` (giver, receiver and direction in the wording), not by a bare
    signal word of SIGNALS: many names in the sentence or two kinds of actor do not weaken it."""
    return typed[0] == "KENNISSTROOM" and not dict(SIGNALS)["KENNISSTROOM"].fullmatch(typed[4])
# A sentence that recommends rather than describes: its relations get a lower confidence and
# say so (the user decides whether a recommendation is a fact for the graph).
RECOMMENDS = re.compile(r"\bzou(?:den)? (?:\w+ ){0,4}(?:moeten|kunnen)\b|\baanbevel\w*|\baanbeveling\w*|"
                        r"\b(?:wij|we) (?:adviseren|bevelen|raden)\b|\b(?:adviseren|bevelen|raden) (?:wij|we)\b|"
                        r"\bverdient (?:het )?aanbeveling\b|\bpleit\w* (?:\w+ ){0,4}voor\b|\bis (?:het )?(?:wenselijk|gewenst)\b|"
                        r"\bmoet(?:en)? (?:\w+ ){0,4}(?:worden|komen)\b|\bhet advies\b")
RECOMMEND_PENALTY = 0.15


# "Het PBL richt zich op vier thema's, te weten:" followed by bullets: the actor treats the
# themes of the bullets.
THEME_INTRO_SIGNAL = re.compile(r"\bthema\w*|\brich\w* zich\b|\bgericht op\b|\bwerk\w* aan\b|\bonderzoek\w* naar\b|"
                                r"\bop het (?:gebied|terrein|vlak) van\b|\bspeerpunt\w*|\bprioriteit\w*")
BULLETS = ("\u2022", "-", "\u2013", "*", "\uf0b7")
BULLET_CONFIDENCE = 0.65
BULLET_MAX = 12


def _bullet_themes(text: Text, by_sentence: dict, found: dict) -> None:
    for s, items in by_sentence.items():
        a, b = text.sentences[s]
        raw = text.text[a:b].strip()
        if not raw.endswith(":") or not THEME_INTRO_SIGNAL.search(fold(raw)):
            continue
        first = min(items, key=lambda x: x[0])
        actor = first[2]
        if actor.label not in COACTORS or text.tokens[first[0]].start - a > SUBJECT_REACH + 10:
            continue
        intro_line = text.tokens[first[0]].line
        for k in range(s + 1, min(len(text.sentences), s + 1 + BULLET_MAX)):
            ka, kb = text.sentences[k]
            if not text.text[ka:kb].lstrip().startswith(BULLETS):
                break
            for tok, last, ent in by_sentence.get(k, []):
                if ent.label != "Thema" or not allowed("BEHANDELT", actor, ent):
                    continue
                key = ("BEHANDELT", actor.ref, ent.ref)
                if key in found and found[key].confidence >= BULLET_CONFIDENCE:
                    continue
                found[key] = RelationCandidate("BEHANDELT", actor, ent, (intro_line, text.tokens[last].line), k,
                                               BULLET_CONFIDENCE,
                                               f"'{actor.naam}' kondigt een opsomming aan ('{raw[-40:]}') "
                                               f"en '{ent.naam}' staat erin", {})


AREA = re.compile(r"^(?:op het (?:gebied|terrein|vlak) van|rondom)$")
CLAUSE_WORDS = frozenset("is zijn was waren wordt worden werd die dat maar omdat want waarin waarbij hij zij".split())


def _themes_listed_after(sentence: str, m: re.Match, theme_at: int) -> bool:
    """Is the theme at `theme_at` in a list right after an area phrase (`m`): "op het vlak van
    gezondheid, zorg, milieu en veiligheid"? Only words of the list, commas and 'en'/'of' between."""
    if not AREA.match(m.group()) or theme_at < m.end():
        return False
    gap = sentence[m.end():theme_at]
    return len(gap) <= 100 and re.fullmatch(r"[\w\s,'\u2019&-]*", gap) is not None \
        and not (set(gap.split()) & CLAUSE_WORDS) and (not gap.strip() or gap.rstrip().endswith((",", " en", " of")))


def find_relations(text: Text, placed: list[tuple[int, int, Entity]], document: Entity | None = None,
                   mention_counts: dict[str, int] | None = None) -> list[RelationCandidate]:
    """`placed`: (first, last token index, entity) of every occurrence; one candidate per
    pair and type."""
    by_sentence: dict[int, list[tuple[int, int, Entity]]] = {}
    for tok, last, ent in placed:
        by_sentence.setdefault(text.sentence_index(text.tokens[tok].start), []).append((tok, last, ent))
    found: dict[tuple, RelationCandidate] = {}
    subject: tuple[int, Entity, tuple[int, int]] | None = None  # the last actor that opened a sentence
    setting: tuple[int, Entity, tuple[int, int]] | None = None  # the last programme or werkplaats named
    for s, items in sorted(by_sentence.items()):
        a0, _ = text.sentences[s]
        raw = text.text[a0:text.sentences[s][1]]
        raw = raw.replace("\n", " ")
        sentence = fold(raw)
        distinct: dict[str, tuple[int, Entity, int]] = {}
        line_of: dict[str, tuple[int, int]] = {}
        for tok, last, ent in sorted(items, key=lambda x: x[0]):
            distinct.setdefault(ent.ref, (text.tokens[tok].start - a0, ent, text.tokens[last].end - a0))
            line_of.setdefault(ent.ref, (text.tokens[tok].line, text.tokens[last].line))
        ents = sorted(distinct.values(), key=lambda x: x[0])
        recommends = RECOMMENDS.search(sentence)
        carried = _carried_subject(text, s, sentence, subject, ents)
        if carried is not None:
            _pair_carried(found, s, sentence, raw, carried, ents, line_of)
        _product_flows(text, found, s, sentence, ents, line_of, subject)
        _settings(found, s, sentence, ents, line_of)
        _makers(found, s, sentence, ents, line_of)
        _members(found, s, sentence, ents, line_of)
        setting = _setting_back(text, found, s, sentence, ents, line_of, setting)
        if ents[0][0] <= SUBJECT_REACH and ents[0][1].label in COACTORS + ("Actorgroep",):
            subject = (s, ents[0][1], line_of[ents[0][1].ref])
        elif carried is None and subject is not None and s - subject[0] > CARRY_SENTENCES:
            subject = None
        crowd = max(0, len(ents) - 3) * 0.05
        for i in range(len(ents)):
            for j in range(i + 1, len(ents)):
                typed = _typed(sentence, ents[i], ents[j], raw if len(raw) == len(sentence) else None)
                if typed is not None and typed[0] == "WERKT_SAMEN_MET" and "samen met" in sentence \
                        and re.fullmatch(r"samen met|werk\w* samen", typed[4].strip()) \
                        and not _next_to(sentence, ents, i, j, "samen met"):
                    typed = None  # "A ... B om samen met C", "A werkt samen met B, die C ...": not A-C
                if typed is not None:
                    rtype, van, naar, conf, word = typed
                    props = _flow_props(rtype, van, naar, word)
                    if rtype == "UITGEGEVEN_DOOR" and "opdracht" in word:
                        props = {"rol": "opdrachtgever"}
                    reden = (f"'{van.naam}' en '{naar.naam}' in één zin met signaalwoord '{word.strip()}'"
                             if word and not word.startswith("(") else
                             f"'{van.naam}' ({van.label}) en '{naar.naam}' ({naar.label}) samen op een korte regel"
                             if word else f"'{van.naam}' ({van.label}) en '{naar.naam}' ({naar.label}) samen in één zin")
                else:
                    van, naar = ents[i][1], ents[j][1]
                    if van.label == "Thema" or naar.label == "Thema" or van.ref == naar.ref:
                        continue
                    rtype, conf, props = NOEMT, 0.3, {}
                    reden = f"'{van.naam}' en '{naar.naam}' samen genoemd in één zin, zonder signaalwoord"
                if ents[i][1].label == "Actorgroep" and ents[j][1].label == "Actorgroep" \
                        and not (typed and (_stated_flow(typed) or typed[0] == "WERKT_SAMEN_MET"
                                            and _next_to(sentence, ents, i, j, typed[4].strip()))):
                    conf -= 0.2  # two kinds of actor named together: rarely a stated tie (a stated flow is, and
                    # "A werkt samen met B" with B right after it)
                if typed is not None and recommends:
                    conf -= RECOMMEND_PENALTY
                    reden += f"; de zin beveelt aan ('{recommends.group()}'), beschrijft het niet"
                # many names in one sentence make any one pair less sure, except where the
                # rule reads a list (a list is many names by nature)
                tied = typed and typed[0] == "WERKT_SAMEN_MET" and _next_to(sentence, ents, i, j, typed[4].strip())
                conf = round(max(0.2, conf - (0 if typed and (_is_list_rule(typed[4]) or _stated_flow(typed) or tied)
                                              else crowd)), 2)
                la, lb = line_of[ents[i][1].ref], line_of[ents[j][1].ref]
                lines = (min(la[0], lb[0]), max(la[1], lb[1]))
                key = (rtype, van.ref, naar.ref) if rtype not in SYMMETRIC else (rtype, *sorted((van.ref, naar.ref)))
                old = found.get(key)
                if old is None:
                    found[key] = RelationCandidate(rtype, van, naar, lines, s, conf, reden, props)
                elif conf > old.confidence:
                    old.confidence, old.lines, old.sentence, old.reden = conf, lines, s, reden
                else:
                    old.confidence = round(min(0.9, old.confidence + 0.05), 2)  # stated more than once
    _named_themes(text, placed, found)
    _bullet_themes(text, by_sentence, found)
    typed_pairs = {frozenset((r.van.ref, r.naar.ref)) for r in found.values() if r.type != NOEMT}
    out = [r for r in found.values() if r.type != NOEMT or frozenset((r.van.ref, r.naar.ref)) not in typed_pairs]
    if document is not None:
        out += _document_relations(text, placed, document, mention_counts or {})
    return sorted(out, key=lambda r: (r.lines, r.type))


_GLUE = re.compile(r"^(?:[\s,]|\ben\b|\bof\b|\bmet\b|\bde\b|\bhet\b|\bandere\b|\bhun\b|\bzijn\b|\bhaar\b)*$")


def _next_to(sentence: str, ents, i: int, j: int, word: str) -> bool:
    """Does `word` stand between entity i and entity j with no other name before it (after i)
    and only a list of names after it (up to j)? "A werkt samen met B en C": A-B, A-C; "A biedt
    B de kans om samen met C ...": B-C, not A-C."""
    m = sentence.find(word, ents[i][2])
    if m < 0 or m > ents[j][0]:
        return False
    if any(ents[i][2] <= e[0] < m for k, e in enumerate(ents) if k != i):
        return False
    gap, pos = "", m + len(word)
    for e in sorted((e for e in ents if pos <= e[0] < ents[j][0]), key=lambda e: e[0]):
        gap += sentence[pos:e[0]]
        pos = e[2]
    gap += sentence[pos:ents[j][0]]
    # or examples of the partners named after it: "samen met ... kennispartners (zoals A, B en C"
    # in brackets the examples may hold other words ("(zoals GGD'en, veiligheidsregio's, A en B"); after
    # a comma only names ("alle betrokken organisaties, waaronder de VNG")
    examples = re.match(r"^[^()]{0,100}(\(|,)\s*(?:zoals|waaronder|bijvoorbeeld|onder andere|o\.a\.)\s+(.*)$", gap)
    return bool(_GLUE.match(gap) or (examples and ")" not in examples.group(2)
                                     and (examples.group(1) == "(" or _GLUE.match(examples.group(2)))))


def _flow_props(rtype: str, van: Entity, naar: Entity, word: str) -> dict:
    if rtype != "KENNISSTROOM":
        return {}
    return {"richting": "wederzijds" if word.endswith(WEDERZIJDS) else richting(van, naar)}


# A sentence that opens with a pronoun ("Zij werken samen met X", "Deze organisatie ...") speaks
# of the actor that opened one of the few sentences before it, in the same paragraph.
PRONOUN = re.compile(r"^\W*(?:zij|ze|hij|we|wij|deze|die|(?:deze|die|het|de) (?:organisatie|instituut|instelling|"
                     r"gemeente|programma|werkplaats|platform|planbureau|netwerk|partij|partijen|"
                     r"kennisinstituut|kennisinstelling)\w*)\b")
KIND_WORDS = (("programma", "Programma"), ("gemeente", "Gemeente"), ("werkplaats", "Werkplaats"),
              ("netwerk", "Programma"), ("platform", "Instituut"), ("instituut", "Instituut"),
              ("instelling", "Instituut"), ("organisatie", "Instituut"), ("planbureau", "Instituut"))
SUBJECT_REACH = 25  # characters: a name this near the start of its sentence is its subject
CARRY_SENTENCES = 3
CARRY_PENALTY = 0.05


def _carried_subject(text: Text, s: int, sentence: str, subject, ents) -> tuple[Entity, tuple[int, int], int] | None:
    """(actor, its lines, pronoun length) when sentence `s` opens with a pronoun for `subject`."""
    if subject is None or s - subject[0] > CARRY_SENTENCES or s == subject[0]:
        return None
    m = PRONOUN.match(sentence)
    if m is None or (ents and ents[0][0] < m.end()):
        return None
    kind = next((label for word, label in KIND_WORDS if word in m.group().split()[-1]), None)
    if kind is not None and subject[1].label != kind:
        return None  # "het programma" speaks of a programme, not of the institute before it
    between = text.text[text.sentences[subject[0]][1]:text.sentences[s][0]]
    if re.search(r"\n\s*\n", between):
        return None  # another paragraph
    return subject[1], subject[2], m.end()


def _pair_carried(found: dict, s: int, sentence: str, raw: str, carried, ents, line_of) -> None:
    """Typed relations between the carried subject (placed on the pronoun) and the sentence's names."""
    ent, lines_subject, end = carried
    for e in ents:
        if e[1].ref == ent.ref:
            continue
        typed = _typed(sentence, (0, ent, end), e, raw if len(raw) == len(sentence) else None)
        if typed is None or not typed[4] or typed[4].startswith("("):
            continue  # only a stated tie: a signal word, not a default for two kinds
        rtype, van, naar, conf, word = typed
        conf = round(conf - CARRY_PENALTY, 2)
        props = _flow_props(rtype, van, naar, word)
        lb = line_of[e[1].ref]
        lines = (min(lines_subject[0], lb[0]), max(lines_subject[1], lb[1]))
        key = (rtype, van.ref, naar.ref) if rtype not in SYMMETRIC else (rtype, *sorted((van.ref, naar.ref)))
        reden = (f"'{van.naam}' en '{naar.naam}' met signaalwoord '{word.strip()}'; "
                 f"'{ent.naam}' opent een vorige zin en de zin verwijst ernaar terug")
        old = found.get(key)
        if old is None:
            found[key] = RelationCandidate(rtype, van, naar, lines, s, conf, reden, props)
        elif conf > old.confidence:
            old.confidence, old.lines, old.sentence, old.reden = conf, lines, s, reden


# The opening of a document (title, summary): its first lines, at least this many.
OPENING_SHARE = 0.05
OPENING_MIN_LINES = 20


NAMED_THEME_CONF = 0.65


def _named_themes(text: Text, placed: list[tuple[int, int, Entity]], found: dict) -> None:
    """An actor whose own name holds a theme's name ("Kennisprogramma Energietransitie",
    "Academische Werkplaats Publieke Gezondheid") treats that theme: BEHANDELT, cited at the
    actor's first occurrence."""
    themes = {e.ref: e for _, _, e in placed if e.label == "Thema"}
    first: dict[str, tuple[int, int, Entity]] = {}
    for tok, last, e in placed:
        if e.label in ("Instituut", "Werkplaats", "Programma"):
            first.setdefault(e.ref, (tok, last, e))
    for tok, last, actor in first.values():
        name = words(actor.naam)
        for theme in themes.values():
            tw = words(theme.naam)
            if not tw or len("".join(tw)) < 4:
                continue
            n = len(tw)
            inside = any(name[i:i + n] == tw for i in range(len(name) - n + 1)) or (
                n == 1 and any(w.endswith(tw[0]) and len(w) > len(tw[0]) + 3 for w in name))
            key = ("BEHANDELT", actor.ref, theme.ref)
            if not inside or not allowed("BEHANDELT", actor, theme):
                continue
            reden = f"de naam '{actor.naam}' noemt het thema '{theme.naam}'"
            old = found.get(key)
            if old is None:
                lines = (text.tokens[tok].line, text.tokens[last].line)
                found[key] = RelationCandidate("BEHANDELT", actor, theme, lines, text.sentence_index(text.tokens[tok].start),
                                               NAMED_THEME_CONF, reden, {})
            elif old.confidence < NAMED_THEME_CONF:
                old.confidence, old.reden = NAMED_THEME_CONF, f"{old.reden}; {reden}"


def _document_relations(text: Text, placed: list[tuple[int, int, Entity]], document: Entity,
                        counts: dict[str, int]) -> list[RelationCandidate]:
    out: list[RelationCandidate] = []
    seen: set[str] = set()
    for tok, last, ent in placed:
        if ent.ref in seen or ent.ref == document.ref:
            continue
        seen.add(ent.ref)
        s = text.sentence_index(text.tokens[tok].start)
        n = counts.get(ent.ref, 1)
        if ent.label == "Publicatie":
            if _same_title(ent.naam, document.naam):
                continue  # the document names itself (its title on the first page)
            out.append(RelationCandidate("VERWIJST_NAAR", document, ent, (text.tokens[tok].line, text.tokens[last].line), s, 0.8,
                                         f"het document noemt de publicatie '{ent.naam}'", {}))
        elif ent.label == "Thema":
            conf = 0.4 + 0.1 * min(n, 4)
            line = text.tokens[tok].line
            opening = line <= max(OPENING_MIN_LINES, OPENING_SHARE * len(text.lines))
            if opening:
                conf += 0.2  # named in the title or the opening summary
            out.append(RelationCandidate("BEHANDELT", document, ent, (line, text.tokens[last].line), s,
                                         round(min(0.85, conf), 2),
                                         f"het document noemt thema '{ent.naam}' {n}×"
                                         + (", al in het begin (titel, samenvatting)" if opening else ""), {}))
    return out


def _same_title(a: str, b: str) -> bool:
    ka, kb = "".join(words(a)), "".join(words(b))
    return bool(ka) and (ka == kb or fuzz.ratio(ka, kb) >= 90)


def evidence(text: Text, lines: tuple[int, int]) -> str:
    """The text of the cited lines, on one line (read from the stored file at run time)."""
    return dehyphenate("\n".join(text.lines[lines[0] - 1:lines[1]]))
