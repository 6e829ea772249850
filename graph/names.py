"""Comparing names: the one rule by which a text finds a node, everywhere.

Imports (loaders/resolve.py), query parameters and the app's lookups (`GraphStore.resolve`,
the Neo4j `_zoek` keys) all compare `normalize_name(text)` with `normalize_name(name)` of a
node's names, so the same text finds the same node on every path.

Folding never drops a letter: accents are removed from Latin letters ('é' -> 'e'), Latin
letters without a decomposition are spelled out ('Ø' -> 'o', 'ß' -> 'ss', 'Æ' -> 'ae',
'Ł' -> 'l'), and letters of other scripts (Greek, Cyrillic, CJK, ...) stay as they are,
lower-cased, with their own marks.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Latin letters that NFKD does not decompose into a base letter plus marks.
_LATIN_SPELLED = str.maketrans({
    "Ø": "o", "ø": "o", "ß": "ss", "ẞ": "ss", "Æ": "ae", "æ": "ae", "Œ": "oe", "œ": "oe",
    "Ł": "l", "ł": "l", "Đ": "d", "đ": "d", "Ð": "d", "ð": "d", "Þ": "th", "þ": "th",
    "Ħ": "h", "ħ": "h", "ı": "i", "Ŀ": "l", "ŀ": "l", "Ŧ": "t", "ŧ": "t", "Ŋ": "n", "ŋ": "n",
    "ĸ": "k", "ſ": "s", "Ƀ": "b", "ƀ": "b", "Ɨ": "i", "ɨ": "i",
})
# Leading words left out when comparing names: articles, and "gemeente" (users write
# "Gemeente Utrecht" for the Gemeente "Utrecht"). Other label words are kept on purpose:
# "Regio Utrecht" is not the provincie Utrecht.
PREFIX_WORDS = ("de", "het", "een", "the", "gemeente")


@lru_cache(maxsize=8192)
def _is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


def fold(text: str) -> str:
    """Lower case, accents off Latin letters, nothing dropped.

    >>> fold("Fryslân Øresund Straße Æsop Łódź")
    'fryslan oresund strasse aesop lodz'
    >>> fold("Αθήνα Москва 東京")
    'αθήνα москва 東京'
    """
    if text.isascii():
        return text.lower()  # nothing to decompose or spell out; casefold is lower for ASCII
    decomposed = unicodedata.normalize("NFKD", text.translate(_LATIN_SPELLED))
    out: list[str] = []
    latin_base = False
    for char in decomposed:
        if unicodedata.combining(char):
            if not latin_base:
                out.append(char)  # a mark on a non-Latin letter is part of that letter
            continue
        latin_base = _is_latin(char)
        out.append(char)
    # Recompose what stayed (Hangul syllables, kana with marks), then lower-case.
    return unicodedata.normalize("NFC", "".join(out)).translate(_LATIN_SPELLED).casefold()


def words(text: str) -> list[str]:
    """The folded words of a text: letters and digits of any script; all else separates."""
    folded = fold(text)
    cleaned = "".join(c if c.isalnum() or unicodedata.combining(c) else " " for c in folded)
    return cleaned.split()


def normalize_name(text: str) -> str:
    """Key for comparing names: case, accents, punctuation, spacing, a leading article or
    "gemeente" ignored. Two names are the same name when their keys are equal.

    >>> normalize_name("  Verwey-Jonker  Instituut ")
    'verweyjonkerinstituut'
    >>> normalize_name("het Trimbos-Instituut") == normalize_name("Trimbosinstituut")
    True
    >>> normalize_name("Gemeente Súdwest-Fryslân") == normalize_name("Sudwest Fryslan")
    True
    >>> normalize_name("Ø") != normalize_name("")
    True
    """
    parts = words(text)
    while len(parts) > 1 and parts[0] in PREFIX_WORDS:
        parts = parts[1:]
    return "".join(parts)


# Properties besides naam and aliassen by which a text may find a node.
NAME_PROPERTIES = ("afkorting", "titel", "url")


def search_names(properties: dict, fallback: str) -> list[str]:
    """Every text that names a node: naam (or `fallback`, its id), aliassen, afkorting,
    titel, url and, for a gemeente, its woonplaatsen.

    >>> search_names({"naam": "Nederlands Jeugdinstituut", "aliassen": ["NJi"], "afkorting": "NJi"}, "x")
    ['Nederlands Jeugdinstituut', 'NJi', 'NJi']
    """
    names = [properties.get("naam", fallback), *properties.get("aliassen", [])]
    names += [properties[k] for k in NAME_PROPERTIES if isinstance(properties.get(k), str)]
    places = properties.get("woonplaatsen") or []  # a gemeente is found by its woonplaatsen too
    names += [places] if isinstance(places, str) else list(places)
    return [n for n in names if isinstance(n, str) and n.strip()]


def search_keys(properties: dict, fallback: str) -> list[str]:
    """The sorted, distinct name keys a node is found by (what a store indexes).

    >>> search_keys({"naam": "Trimbos-instituut", "aliassen": ["het Trimbos Instituut"]}, "x")
    ['trimbosinstituut']
    """
    return sorted({k for k in map(normalize_name, search_names(properties, fallback)) if k})


def slug_fold(text: str) -> str:
    """Lower-case ASCII slug: accents dropped, other Latin letters spelled out, anything
    else one '-'.

    >>> slug_fold("Fryslân / Noord-Holland")
    'fryslan-noord-holland'
    >>> slug_fold("Øresund")
    'oresund'
    """
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
