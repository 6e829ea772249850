"""A text as tokens, lines and sentences, for matching names and reading evidence.

Tokens are runs of letters and digits (as graph.names.words splits names), each with its
folded key (case and accents off), its line (1-based) and its place in the text. Names are
compared on their keys joined without separators, so "Verwey-Jonker", "Verwey Jonker" and a
name broken over two lines with a hyphen ("Jeugd-\\ninstituut") read the same.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from graph.names import fold

_TOKEN = re.compile(r"[^\W_]+")
# A sentence ends at . ! ? followed by white space and a capital or digit, or at a blank line.
_SENTENCE_END = re.compile(r"[.!?:;]['\u2019\u201d\")]*\s+(?=[A-Z\u00c0-\u00de0-9\u2018\u201c'\"(•\-])|\n\s*\n|\n\s*[•\-\u2013*]\s")


HEADING_WORDS = 10
# A line that ends with one of these goes on in the next line: no heading ends so.
GLUE_WORDS = frozenset("de het een en of met van voor door aan in op bij te naar om over uit dat die als "
                       "zoals tot onder tussen is zijn was werd wordt hun zijn haar".split())


@dataclass(frozen=True)
class Token:
    text: str       # as written
    key: str        # folded
    line: int       # 1-based
    start: int      # offset in the text
    end: int


class Text:
    def __init__(self, text: str):
        self.text = text
        self.lines = text.split("\n")
        self._line_starts = [0]
        for line in self.lines[:-1]:
            self._line_starts.append(self._line_starts[-1] + len(line) + 1)
        self.tokens: list[Token] = []
        for m in _TOKEN.finditer(text):
            self.tokens.append(Token(m.group(), fold(m.group()), self.line_of(m.start()), m.start(), m.end()))
        # The keys joined: position in `joined` -> token index at that start / end.
        self.joined = "".join(t.key for t in self.tokens)
        self.starts: dict[int, int] = {}
        self.ends: dict[int, int] = {}
        pos = 0
        for i, t in enumerate(self.tokens):
            self.starts[pos] = i
            pos += len(t.key)
            self.ends[pos] = i

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) offsets of each sentence."""
        out, start = [], 0
        for m in _SENTENCE_END.finditer(self.text):
            out.append((start, m.start() + 1))
            start = m.end() if not m.group().lstrip().startswith(("•", "-", "\u2013", "*")) else m.start() + 1
        out.append((start, len(self.text)))
        return [part for a, b in out if self.text[a:b].strip() for part in self._split_heading(a, b)]

    def _split_heading(self, a: int, b: int) -> list[tuple[int, int]]:
        """A heading is no part of the sentence after it: a paragraph that opens with at most
        HEADING_WORDS words on one or two lines without a full stop, then a line that starts
        with a capital ("Praktijkgericht onderzoek door hogescholen\nGemeenten werken ...")."""
        body = self.text[a:b]
        lead = len(body) - len(body.lstrip())
        start = a + lead
        back = start
        while back > 0 and self.text[back - 1] in " \t\n":
            back -= 1
        if back > 0 and self.text[back:start].count("\n") < 2:  # not after a blank line
            return [(a, b)]
            return [(a, b)]
        pos = a + lead
        for _ in range(2):
            nl = self.text.find("\n", pos, b)
            if nl < 0:
                return [(a, b)]
            head = self.text[a + lead:nl]
            nxt = self.text[nl + 1:b].lstrip(" \t")
            if len(head.split()) > HEADING_WORDS or head.rstrip().endswith((",", ";", ":", "-", "(")):
                return [(a, b)]
            last_word = head.split()[-1].lower() if head.split() else ""
            line_start = self.text.rfind("\n", 0, nl) + 1
            indent = len(self.text[line_start:nl]) - len(self.text[line_start:nl].lstrip())
            deeper = len(self.text[nl + 1:b]) - len(self.text[nl + 1:b].lstrip(" \t")) > indent  # a cell goes on
            if nxt[:1].isupper() and self.text[nl + 1:b].strip() and last_word not in GLUE_WORDS and not deeper:
                return [(a, nl), (nl + 1, b)]
            pos = nl + 1
        return [(a, b)]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [a for a, _ in self.sentences]

    def sentence_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)

    def sentence_lines(self, index: int) -> tuple[int, int]:
        a, b = self.sentences[index]
        while a < b and self.text[a].isspace():
            a += 1
        return self.line_of(a), self.line_of(max(a, b - 1))

    def sentence_text(self, index: int) -> str:
        a, b = self.sentences[index]
        return dehyphenate(self.text[a:b])

    def is_sentence_start(self, token_index: int) -> bool:
        """Is this token the first word of its sentence (or of a line after a heading)?"""
        tok = self.tokens[token_index]
        a, _ = self.sentences[self.sentence_index(tok.start)]
        if not _TOKEN.search(self.text, a, tok.start):
            return True
        # First word of a line after a blank line, a heading or a line that ends a sentence.
        line_start = self._line_starts[tok.line - 1]
        if self.text[line_start:tok.start].strip(" \t\u2022-*0123456789.)"):
            return False
        prev = self.lines[tok.line - 2].strip() if tok.line >= 2 else ""
        return not prev or prev.endswith((".", "!", "?", ":")) or len(prev) < 40

    def span_text(self, first: int, last: int) -> str:
        """The text from token `first` to token `last`, a hyphen at a line break joined."""
        return dehyphenate(self.text[self.tokens[first].start:self.tokens[last].end])


def dehyphenate(text: str) -> str:
    """One line: a hyphen at a line break before a lower-case letter joined, spaces collapsed."""
    text = re.sub(r"-\s*\n\s*(?=[a-z\u00e0-\u00ff])", "", text)
    return " ".join(text.split())
