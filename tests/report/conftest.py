"""Fixtures of the report tests: reports written from small scans, and a real browser.

The browser is the distribution's Chromium driven by Playwright (never a downloaded build).
Outside CI a missing Chromium or Playwright skips the browser tests with the install hint;
in CI (``CI`` set, where ``.ci/run`` installs both) it fails them instead, so that the
evidence view can never silently go untested.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import unspin
from unspin.ingest import SourceReader
from unspin.models import Document
from unspin.output.files import write_scan
from unspin.report import write_report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "newsroom.jsonl"
FURNITURE = (
    "Subscribe to our newsletter and follow us on facebook and twitter for unlimited access."
)
HOSTILE = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">'


def chromium_path() -> str | None:
    """The system Chromium (``UNSPIN_CHROMIUM`` overrides the search)."""
    found = os.environ.get("UNSPIN_CHROMIUM") or shutil.which("chromium")
    return found or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (.ci/run installs it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable('Playwright is not installed: pip install -e ".[report]"')
    path = chromium_path()
    if path is None:
        _unavailable("Chromium is not installed: apt-get install -y chromium")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page whose every request is recorded in ``page.requests_seen``.

    Any request to anything but a ``file://`` report is also aborted, so a regression that
    fetches cannot even reach the network.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_offline(True)
    seen: list[str] = []

    def on_route(route: Any) -> None:
        if route.request.url.startswith("file://") and route.request.url.endswith(".html"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", on_route)
    new_page = context.new_page()
    new_page.on("request", lambda request: seen.append(request.url))
    new_page.requests_seen = seen
    errors: list[str] = []
    new_page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield new_page
    context.close()
    assert errors == [], f"script errors on the page: {errors}"


def open_report(page: Any, path: Path, fragment: str = "") -> None:
    """Open ``path`` (with ``#fragment``) and wait until the viewer has drawn its view."""
    page.goto(path.as_uri() + (f"#{fragment}" if fragment else ""))
    page.wait_for_selector("html[data-ready=true]", timeout=15_000)


def _scan_and_report(inputs: list[Path], out_dir: Path) -> Path:
    records = list(SourceReader(inputs))
    docs = [r for r in records if isinstance(r, Document)]
    skipped = [r for r in records if not isinstance(r, Document)]
    write_scan(unspin.scan(docs), records, skipped, out_dir)
    report = out_dir / "report.html"
    write_report(out_dir, inputs, report)
    return report


@pytest.fixture(scope="session")
def example_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the example corpus shipped in ``examples/``."""
    return _scan_and_report([EXAMPLE], tmp_path_factory.mktemp("example"))


@pytest.fixture(scope="session")
def seeds_report(tmp_path_factory: pytest.TempPathFactory, seeds: dict[str, str]) -> Path:
    """The report of a folder scan of ``../shared/seeds`` (ids are the file names)."""
    folder = tmp_path_factory.mktemp("seeds-in")
    for name, text in seeds.items():
        (folder / name).write_text(text, encoding="utf-8")
    return _scan_and_report([folder], tmp_path_factory.mktemp("seeds-out"))


@pytest.fixture(scope="session")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A spun pair whose texts, titles, sites and ids are markup, with emoji before them.

    The emoji count two UTF-16 units each, so highlights drawn at unconverted offsets would
    land beside their words.
    """
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    rows = {row["id"]: row for row in map(json.loads, lines)}
    folder = tmp_path_factory.mktemp("hostile-in")
    lines = []  # the hostile corpus
    for old_id, new_id in (
        ("harbor-fire-wire", '"><img src=x onerror="window.__pwned=3">'),
        ("harbor-fire-spun", "spun</script><script>window.__pwned=4</script>"),
    ):
        row = dict(rows[old_id])
        row["id"] = new_id
        row["title"] = HOSTILE
        row["source"] = "<b onmouseover=alert(1)>site</b>"
        row["text"] = f"🔥🔥 {HOSTILE} 🚒\n\n{row['text']}\n\n{FURNITURE}"
        lines.append(json.dumps(row, ensure_ascii=False))
    corpus = folder / "hostile.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return _scan_and_report([corpus], tmp_path_factory.mktemp("hostile-out"))
