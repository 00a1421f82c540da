"""``unspin serve`` errors and help, settings, the install hint, and matches turned to face
the article of the request (issue 19)."""

from __future__ import annotations

import importlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from unspin.cli import app
from unspin.errors import ConfigError, MissingDependencyError
from unspin.models import Comparison, Document, PairResult, Span
from unspin.service import ServiceConfig, app_from_env, create_app
from unspin.service.config import parse_size, read_token
from unspin.service.payloads import SERVICE_LOCATION, match, public_metadata

pytestmark = pytest.mark.issue(19)


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("2MiB", 2 * 1024 * 1024),
        ("512k", 512_000),
        ("100", 100),
        ("1.5 KiB", 1536),
        ("3mb", 3_000_000),
    ],
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "two megabytes", "2 MiBs", "-1", "1e6"])
def test_parse_size_names_the_units(text: str) -> None:
    with pytest.raises(ConfigError, match=r"Units: .*MiB"):
        parse_size(text)


@pytest.mark.parametrize(
    ("settings", "name"),
    [
        ({"workers": -1}, "workers"),
        ({"write_queue": 0}, "write_queue"),
        ({"max_body": 0}, "max_body"),
    ],
)
def test_config_names_the_bad_setting(settings: dict[str, int], name: str) -> None:
    with pytest.raises(ConfigError, match=f"'{name}' setting"):
        ServiceConfig(Path("x.sqlite"), **settings).validated()  # type: ignore[arg-type]


def test_create_app_names_unknown_settings(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="the settings are: db, token, max_body"):
        create_app(tmp_path / "x.sqlite", max_bodyy=3)


def test_token_file_must_be_private_and_sane(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text("s3cret-token\n")
    path.chmod(0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        read_token(path)
    path.chmod(0o600)
    assert read_token(path) == "s3cret-token"
    path.write_text("two words\n")
    with pytest.raises(ConfigError, match="visible ASCII"):
        read_token(path)


def test_missing_extra_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = importlib.import_module

    def without_service(name: str, package: str | None = None) -> Any:
        if name.split(".")[0] in {"fastapi", "uvicorn"}:
            raise ImportError(f"No module named {name!r}")
        return real_import(name, package)

    monkeypatch.setattr(importlib, "import_module", without_service)
    with pytest.raises(MissingDependencyError, match=r"pip install 'unspin\[service\]'"):
        create_app("x.sqlite")
    result = CliRunner().invoke(app, ["serve", "x.sqlite"])
    assert result.exit_code == 2
    assert "pip install 'unspin[service]'" in result.stderr


def test_serve_help_has_an_example() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "Example: unspin serve " in result.stdout
    for option in ("--host", "--port", "--token-file", "--max-body", "--workers"):
        assert option in result.stdout


def test_serve_refuses_bad_input_with_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    result = runner.invoke(app, ["serve", str(foreign)])
    assert result.exit_code == 2 and "error:" in result.stderr
    bad_size = runner.invoke(app, ["serve", str(tmp_path / "n.sqlite"), "--max-body", "lots"])
    assert bad_size.exit_code == 2 and "Expected a size" in bad_size.stderr
    token = tmp_path / "token"
    token.write_text("abc")
    token.chmod(0o640)
    open_token = runner.invoke(
        app, ["serve", str(tmp_path / "n.sqlite"), "--token-file", str(token)]
    )
    assert open_token.exit_code == 2 and "chmod 600" in open_token.stderr


def _pair(a: str, b: str, source: str | None) -> PairResult:
    span = Span(0, 10, 5, 18, "spun", 3, 4, 5, (("large", "sizable"),))
    comparison = Comparison("spun", "a", "reason", (span,), 0.9, 0.5, {"density": 0.8})
    return PairResult(a, b, comparison, source, "a published earlier")


@pytest.mark.parametrize("article_is_a", [True, False])
def test_match_faces_the_article(article_is_a: bool) -> None:
    pair = _pair("a-doc", "b-doc", "a-doc")
    article_id, other_id = ("a-doc", "b-doc") if article_is_a else ("b-doc", "a-doc")
    other = Document(
        other_id, "", "Title", None, "wire", "2026-01-01", {"location": SERVICE_LOCATION}
    )
    m = match(pair, article_id, other)
    assert m["id"] == other_id
    assert m["original"] == ("article" if article_is_a else "match")
    assert m["document"] == {
        "id": other_id,
        "title": "Title",
        "url": None,
        "source": "wire",
        "published": "2026-01-01",
        "metadata": {},
    }
    (span,) = m["spans"]
    mine, theirs = ((0, 10, 4), (5, 18, 5)) if article_is_a else ((5, 18, 5), (0, 10, 4))
    assert (span["article_start"], span["article_end"], span["article_words"]) == mine
    assert (span["match_start"], span["match_end"], span["match_words"]) == theirs
    assert span["substitutions"] == (
        [["large", "sizable"]] if article_is_a else [["sizable", "large"]]
    )
    assert m["coverage"] == (
        {"article": 0.9, "match": 0.5} if article_is_a else {"article": 0.5, "match": 0.9}
    )


def test_public_metadata_hides_only_the_service_bookkeeping() -> None:
    assert public_metadata({"location": SERVICE_LOCATION, "repairs": ()}) == {}
    kept = {"location": "Berlin", "repairs": ("removed-nul-bytes",), "desk": "city"}
    assert public_metadata(kept) == {**kept, "repairs": ["removed-nul-bytes"]}


def test_app_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UNSPIN_DB", raising=False)
    with pytest.raises(ConfigError, match="set UNSPIN_DB"):
        app_from_env()
    monkeypatch.setenv("UNSPIN_DB", str(tmp_path / "e.sqlite"))
    monkeypatch.setenv("UNSPIN_WORKERS", "two")
    with pytest.raises(ConfigError, match="UNSPIN_WORKERS must be an integer"):
        app_from_env()
    monkeypatch.setenv("UNSPIN_WORKERS", "0")
    monkeypatch.setenv("UNSPIN_MAX_BODY", "64k")
    service = app_from_env().state.service
    assert (service.config.workers, service.config.max_body) == (0, 64_000)
    assert not (tmp_path / "e.sqlite").exists()  # opened only when the server starts
