"""The rules every data file obeys, seed format and user format alike.

Each check returns the problems it finds as `(code, message)` pairs (Dutch messages); the
caller adds its file and line. loaders/validate.py (seed format) and loaders/user_import.py
(users' rows) both call these, so a rule is written once.
"""
from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, Iterable

from graph.model import (
    AARDEN,
    DEFAULT_NIVEAU,
    DERIVED_TYPES,
    FIGURE_KEY,
    FIGURE_LABELS,
    FIGURE_PREFIX,
    GROUP_LABEL,
    KENNISBRONNEN,
    LABELS,
    LEDEN,
    NIVEAUS,
    RELATIONSHIP_TYPES,
    RICHTINGEN,
    SCOPE_PROPERTY,
    allowed_properties,
    normalize_name,
    slugify,
    text_problem,
    value_problem,
)
from loaders.resolve import suggest

Issue = tuple[str, str]


def id_issue(node_id: Any) -> Issue | None:
    """E_BAD_ID unless `node_id` is a slug (seed/README.md id rules)."""
    if not isinstance(node_id, str) or slugify(node_id) != node_id:
        return "E_BAD_ID", f"id '{node_id}' is geen slug (kleine letters, cijfers, '-')"
    return None


def label_issue(label: Any) -> Issue | None:
    if label not in LABELS:
        return "E_UNKNOWN_LABEL", f"onbekend label '{label}'{suggest(str(label), LABELS)}"
    return None


def niveau_issue(niveau: Any) -> Issue | None:
    if niveau is not None and niveau not in NIVEAUS:
        return ("E_BAD_NIVEAU",
                f"ongeldig niveau '{niveau}': kies uit {', '.join(NIVEAUS)}{suggest(str(niveau), NIVEAUS)}")
    return None


def niveau_of(label: str, niveau: Any, what: str) -> tuple[str | None, Issue | None]:
    """The niveau a node gets: its own, else its label's default (DEFAULT_NIVEAU); an actor
    without one is E_BAD_NIVEAU. `what` names the node in the message."""
    niveau = niveau or DEFAULT_NIVEAU.get(label)
    if niveau is None:
        return None, ("E_BAD_NIVEAU", f"niveau ontbreekt voor {what}: kies uit {', '.join(NIVEAUS)}")
    return niveau, None


def text_issue(key: str, value: Any) -> Issue | None:
    """A required field that must be text (naam, label, type, from, to)."""
    if not isinstance(value, str):
        return "E_BAD_VALUE", f"'{key}' moet een tekst zijn"
    bad = text_problem(value)
    return ("E_BAD_VALUE", f"'{key}' {bad}") if bad else None


def bestand_issue(value: Any) -> Issue | None:
    """A Publicatie's `bestand` names a file inside the sources folder: a plain relative
    path, no absolute path, no '..', no drive. Checked on the text alone (nothing is
    looked up on disk for a refused name)."""
    if not isinstance(value, str) or not value.strip():
        return "E_BAD_PATH", "'bestand' moet een bestandsnaam in de bronnenmap zijn"
    posix, windows = PurePosixPath(value), PureWindowsPath(value)
    if (posix.is_absolute() or windows.is_absolute() or windows.drive or value.startswith(("/", "\\", "~"))
            or ".." in posix.parts or ".." in windows.parts or "\x00" in value):
        return "E_BAD_PATH", f"'bestand' '{value}' moet binnen de bronnenmap liggen (geen absoluut pad, geen '..')"
    return None


def name_issue(key: str, value: str | list[str]) -> Issue | None:
    """A naam or alias must name something: at least one letter or digit (graph/names.py),
    or no text could ever find it."""
    for name in value if isinstance(value, list) else [value]:
        if not normalize_name(name):
            return "E_BAD_VALUE", f"'{key}' moet een letter of cijfer bevatten, niet {name!r}"
    return None


def property_key_ok(label: str, key: Any) -> bool:
    return isinstance(key, str) and (key in allowed_properties(label) or (
        label in FIGURE_LABELS and FIGURE_KEY.fullmatch(key) is not None))


def node_property_issues(label: str, props: dict[str, Any]) -> list[tuple[str, Issue]]:
    """(key, issue) for every property a node of `label` may not have or not hold."""
    out: list[tuple[str, Issue]] = []
    allowed = allowed_properties(label)
    for key, value in props.items():
        if not property_key_ok(label, key):
            hint = suggest(str(key), allowed)
            if isinstance(key, str) and key.startswith(FIGURE_PREFIX) and label in FIGURE_LABELS:
                hint = f" (een cijfer heet '{FIGURE_PREFIX}' plus kleine letters, cijfers of '_')"
            out.append((key, ("E_UNKNOWN_PROPERTY", f"eigenschap '{key}' hoort niet bij {label}{hint}")))
            continue
        issue = _value_issue(key, value)
        if issue is None and key == "niveau":
            issue = niveau_issue(value)
        if issue is None and key == "bestand":
            issue = bestand_issue(value)
        if issue is None and key in ("naam", "aliassen"):
            issue = name_issue(key, value)
        if issue:
            out.append((key, issue))
    return out


def _value_issue(key: str, value: Any) -> Issue | None:
    problem = value_problem(key, value)
    return ("E_BAD_VALUE", problem) if problem else None


def rel_type_issue(rtype: Any) -> Issue | None:
    if rtype not in RELATIONSHIP_TYPES:
        return "E_UNKNOWN_TYPE", f"onbekend relatietype '{rtype}'{suggest(str(rtype), RELATIONSHIP_TYPES)}"
    if rtype in DERIVED_TYPES:
        return "E_DERIVED_TYPE", f"'{rtype}' wordt afgeleid uit de bronnen; niet zelf opgeven"
    return None


def rel_ends_issue(rtype: str, start_label: str, end_label: str) -> Issue | None:
    starts, ends, _ = RELATIONSHIP_TYPES[rtype]
    if start_label not in starts or end_label not in ends:
        return ("E_TYPE_NOT_ALLOWED", f"{rtype} mag niet van {start_label} naar {end_label} "
                                      f"(toegestaan: {'/'.join(starts)} -> {'/'.join(ends)})")
    return None


def rel_property_issues(rtype: str, props: dict[str, Any]) -> list[tuple[str, Issue]]:
    """(key, issue) for every property a relationship of `rtype` may not have or not hold,
    the KENNISSTROOM values (richting required, kennisbron from the list) and the required
    aard of DRAAGT_BIJ_AAN."""
    _, _, allowed = RELATIONSHIP_TYPES[rtype]
    out: list[tuple[str, Issue]] = []
    for key, value in props.items():
        if key not in allowed:
            out.append((key, ("E_UNKNOWN_PROPERTY",
                              f"eigenschap '{key}' hoort niet bij {rtype}{suggest(str(key), allowed)}")))
            continue
        issue = _value_issue(key, value)
        if issue:
            out.append((key, issue))
    if rtype == "DRAAGT_BIJ_AAN" and props.get("aard") not in AARDEN:
        out.append(("aard", ("E_BAD_VALUE", f"aard moet een van {', '.join(AARDEN)} zijn "
                                            "(beschreven: de tekst zegt dat het gebeurt; aanbevolen: de tekst "
                                            f"raadt het aan), niet {props.get('aard')!r}")))
    if rtype == "KENNISSTROOM":
        if props.get("richting") not in RICHTINGEN:
            out.append(("richting", ("E_BAD_VALUE", f"richting moet een van {', '.join(RICHTINGEN)} zijn, "
                                                    f"niet {props.get('richting')!r}")))
        if "kennisbron" in props and props["kennisbron"] not in KENNISBRONNEN:
            out.append(("kennisbron", ("E_BAD_VALUE", f"kennisbron moet een van {', '.join(KENNISBRONNEN)} zijn"
                                                      f"{suggest(str(props['kennisbron']), KENNISBRONNEN)}")))
    return out


def rel_scope_issue(rtype: str, start_label: str, end_label: str, props: dict[str, Any]) -> Issue | None:
    """`leden` (graph/model.py LEDEN): `alle` or `enkele`, and only on a fact with an
    Actorgroep at one end (HOORT_BIJ, the membership itself, has no such property)."""
    if SCOPE_PROPERTY not in props:
        return None
    value = props[SCOPE_PROPERTY]
    if value not in LEDEN:
        return ("E_BAD_VALUE", f"leden moet {' of '.join(LEDEN)} zijn (alle: de tekst spreekt over de hele groep; "
                               f"enkele: over sommige of een deel van de leden), niet {value!r}")
    if GROUP_LABEL not in (start_label, end_label):
        return ("E_BAD_VALUE", f"'leden' geldt alleen voor een feit met een {GROUP_LABEL} aan een kant; "
                               f"{rtype} van {start_label} naar {end_label} heeft er geen")
    return None


def missing(data: dict[str, Any], keys: Iterable[str]) -> list[str]:
    """The keys whose value is absent or empty."""
    return [k for k in keys if data.get(k) in (None, "")]
