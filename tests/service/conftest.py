"""Fixtures of the service tests: one token-protected server on loopback for the module."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

if not os.environ.get("CI"):  # in CI the extra is installed (dev needs it): never skip there
    pytest.importorskip("fastapi", reason="the service extra is not installed")
    pytest.importorskip("schemathesis", reason="the dev extra is not installed")

from .helpers import Server

TOKEN = "test-token-0123456789"
MAX_BODY = 256 * 1024


@pytest.fixture(scope="package")
def token_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("token") / "token"
    path.write_text(TOKEN + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory, token_file: Path) -> Iterator[Server]:
    """``unspin serve`` with a token, a 256 KiB body limit and one check process."""
    db = tmp_path_factory.mktemp("served") / "news.sqlite"
    srv = Server(db, "--token-file", str(token_file), "--max-body", "256KiB", "--workers", "1")
    yield srv
    assert srv.stop() == 0, srv.log


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}
