"""The text of a document: .txt/.md as is, PDF with pypdf, .docx with python-docx.

The result is plain text with "\\n" line ends and no control characters; its lines are what
proposals cite. Errors a user can cause (unknown kind, unreadable or empty file) are
DocumentError with a Dutch message.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from graph.errors import ConfigError

TEXT_SUFFIXES = (".txt", ".md")
SUFFIXES = TEXT_SUFFIXES + (".pdf", ".docx")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


class DocumentError(ConfigError):
    """A document that cannot be added (exit 2, a Dutch message)."""


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError("de PDF is beveiligd met een wachtwoord; sla hem onbeveiligd op")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError(f"de PDF is niet leesbaar ({type(exc).__name__})") from None


def _docx(data: bytes) -> str:
    import zipfile

    from docx import Document

    try:
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DocumentError(f"het Word-bestand is niet leesbaar ({type(exc).__name__})") from None
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def clean(text: str) -> str:
    """Line ends as "\\n", no control characters, trailing spaces off, one final newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


def extract_text(name: str, data: bytes) -> str:
    """The cleaned text of a file named `name` with content `data`."""
    suffix = Path(name).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        text = _decode(data)
    elif suffix == ".pdf":
        text = _pdf(data)
    elif suffix == ".docx":
        text = _docx(data)
    else:
        raise DocumentError(f"'{Path(name).name}': onbekend soort document; gebruik {', '.join(SUFFIXES)}")
    text = clean(text)
    if not text.strip():
        raise DocumentError(f"'{Path(name).name}' bevat geen tekst (een gescande PDF zonder tekstlaag?)")
    return text
