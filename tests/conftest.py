"""Shared fixtures: the source documents, the seed dataset, a tiny fixture dataset."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from loaders.validate import default_sources_dir, load_seed, validate_files

FIXTURES = Path(__file__).parent / "fixtures"
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The folder with the five source documents. Under CI=true a missing folder fails."""
    path = default_sources_dir()
    if not path.is_dir():
        if IN_CI:
            pytest.fail(f"source documents not found at {path} (set LEMNISCAAT_SOURCES)")
        pytest.skip(f"SKIPPED: source documents not found at {path}; set LEMNISCAAT_SOURCES")
    return path


@pytest.fixture(scope="session")
def seed(sources_dir):
    return load_seed(sources_dir)


@pytest.fixture()
def tiny_dir(tmp_path) -> Path:
    """A folder holding tiny.yaml and the tiny source document it cites."""
    shutil.copy(FIXTURES / "tiny.yaml", tmp_path / "tiny.yaml")
    shutil.copy(FIXTURES / "tiny_doc.txt", tmp_path / "tiny_doc.txt")
    return tmp_path


@pytest.fixture()
def tiny(tiny_dir):
    return validate_files([tiny_dir / "tiny.yaml"], sources_dir=tiny_dir)
