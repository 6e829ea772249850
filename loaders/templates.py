"""`lemniscaat template --out DIR`: empty, documented import templates with one example row.

The example rows state a fact the seed already holds (the NJi contributes to the Programma
Sociaal Domein, per the VNG document), written the way a user would: by name and abbreviation.
Loaded as they are, they merge into the existing nodes and relationship and add nothing new.
"""
from __future__ import annotations

from pathlib import Path

from graph.model import LABEL_PROPERTIES, LABELS, NIVEAUS, RELATIONSHIP_TYPES
from loaders.user_files import LIST_SEPARATOR

EXAMPLE_BRON = "pub-vng-kennis-voor-en-van-gemeenten"
NODE_HEADER = ["id", "label", "naam", "niveau", "bron", "aliassen", "toelichting", "soort", "afkorting"]
NODE_EXAMPLE = ["", "Instituut", "NJi", "landelijk", EXAMPLE_BRON, "Nederlands Jeugdinstituut",
                "Het NJi is een landelijk kennisinstituut voor jeugd.", "kennisinstituut", "NJi"]
REL_HEADER = ["van", "type", "naar", "bron", "toelichting", "rol"]
REL_EXAMPLE = ["NJi", "NEEMT_DEEL_AAN", "Programma Sociaal Domein", EXAMPLE_BRON,
               "Het NJi levert als kennisinstelling een bijdrage aan het programma.", "kennisinstelling"]


def _csv_line(cells: list[str]) -> str:
    return ",".join(f'"{c}"' if ("," in c or '"' in c) else c for c in cells) + "\n"


def _yaml_item(header: list[str], example: list[str]) -> str:
    lines = []
    for key, value in zip(header, example):
        if not value:
            continue
        value = f'"{value}"' if (":" in value or value.startswith(("-", "#"))) else value
        lines.append(f"{'- ' if not lines else '  '}{key}: {value}")
    return "\n".join(lines) + "\n"


def readme() -> str:
    props = "\n".join(f"- {label}: {', '.join(LABEL_PROPERTIES[label]) or '(geen)'}" for label in LABELS)
    rels = "\n".join(f"- {t}: {'/'.join(s)} -> {'/'.join(e)}" + (f" (eigenschappen: {', '.join(p)})" if p else "")
                     for t, (s, e, p) in RELATIONSHIP_TYPES.items() if t != "NOEMT")
    return f"""# Eigen gegevens importeren

Vul `knopen.csv` en `relaties.csv` (of `knopen.yaml` en `relaties.yaml`) en controleer ze met
`lemniscaat validate knopen.csv relaties.csv`; laad ze met `lemniscaat load knopen.csv relaties.csv`
of via de pagina Importeren in de app. Elke fout wordt gemeld als `bestand:regel: CODE melding`;
bij één fout wordt niets geladen.

## Knopen (`knopen.csv`)
Verplicht: `label`, `naam`, `bron`. Verder: `id` (leeg laten mag: het wordt uit de naam
afgeleid), `niveau` ({' | '.join(NIVEAUS)}; verplicht voor een nieuwe knoop zonder standaardniveau),
`aliassen` (gescheiden door `{LIST_SEPARATOR}`), `toelichting` (korte toelichting bij de bron, in eigen
woorden), `beschrijving`, en de eigenschappen per label:
{props}

Een knoop waarvan de naam, een alias of de afkorting al in de graaf staat (hoofdletters,
accenten en leestekens tellen niet mee) wordt samengevoegd met die knoop en niet dubbel
aangemaakt. Verschilt een eigenschap, dan wordt dat gemeld en blijft de bestaande waarde staan,
tenzij u `--prefer-import` gebruikt (of het vinkje in de app).

## Relaties (`relaties.csv`)
Verplicht: `van`, `type`, `naar`, `bron`. In `van` en `naar` mag een id, een naam of een alias
staan. Toegestane typen (van -> naar):
{rels}

Een relatie met een actorgroep (zoals 'gemeenten') aan een kant mag de kolom `leden` hebben:
`alle` (standaard als de kolom leeg is: de bron spreekt over de hele groep, dus het geldt voor elk
lid) of `enkele` (de bron spreekt over sommige of een deel van de leden, zonder ze te noemen; het
feit blijft bij de groep en geldt niet voor elk lid).

## Bron
Geen feit zonder bron. `bron` is een URL, de titel van een document, of het id van een
publicatie in de graaf (bijv. `{EXAMPLE_BRON}`). Voor een URL of titel wordt een publicatie
van de soort 'gebruikersbron' aangemaakt (of hergebruikt).

## CSV
UTF-8 (Excel: "CSV UTF-8"), scheidingsteken komma of puntkomma, eerste regel de kolomnamen.
Zet een waarde met een komma tussen dubbele aanhalingstekens.

## Excel
`sjabloon.xlsx` heeft een blad `knopen` en een blad `relaties` met dezelfde kolommen als de
CSV-bestanden. Fouten worden gemeld als `bestand:blad:rij: CODE melding`.

## YAML
Een lijst van mappings, één per knoop of relatie, met dezelfde kolomnamen als sleutels.
"""


def write_templates(out: Path) -> list[Path]:
    """Write the templates into `out` (created if needed); returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "knopen.csv": _csv_line(NODE_HEADER) + _csv_line(NODE_EXAMPLE),
        "relaties.csv": _csv_line(REL_HEADER) + _csv_line(REL_EXAMPLE),
        "knopen.yaml": "# Knopen: één mapping per knoop. Verplicht: label, naam, bron. Zie LEESMIJ.md.\n"
                       + _yaml_item(NODE_HEADER, NODE_EXAMPLE),
        "relaties.yaml": "# Relaties: één mapping per relatie. Verplicht: van, type, naar, bron. Zie LEESMIJ.md.\n"
                         + _yaml_item(REL_HEADER, REL_EXAMPLE),
        "LEESMIJ.md": readme(),
    }
    written = []
    for name, text in files.items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
