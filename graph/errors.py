"""One root exception for the project; validation errors carry their file and line."""
from __future__ import annotations

from dataclasses import dataclass


class LemniscaatError(Exception):
    """Root of every error this project raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file, reported as `file:line: CODE message`."""

    file: str
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.code} {self.message}"


class ValidationError(LemniscaatError):
    """A data set failed validation; `problems` lists every problem found, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.code, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class NotFound(LemniscaatError):
    """A node, query or parameter that does not exist."""


class QueryError(LemniscaatError):
    """A named query was called wrongly (unknown name, missing or unknown parameter)."""


class StoreUnavailable(LemniscaatError):
    """The store cannot be reached (e.g. Neo4j is not running)."""


class StoreRefused(LemniscaatError):
    """The store is reachable but refused the work (out of memory, a timeout, a query the
    server rejects); the message says in Dutch what to do. Nothing was changed."""


class LoadUncertain(StoreUnavailable):
    """The connection died while a load committed and it could not be checked afterwards
    whether the load was written; the message says how to find out."""


class ConfigError(LemniscaatError):
    """A setting is wrong (e.g. NEO4J_URI with an unsupported scheme, a port that is no number)."""


class OutputError(LemniscaatError):
    """A file or folder the user named cannot be written."""
