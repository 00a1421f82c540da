"""Site templates do not make pages copies of each other; extraction keeps verdicts intact."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import unspin
from tests.web.webpages import HARBOUR_GAZETTE, VALLEY_TIMES, page
from unspin.ingest import SourceReader
from unspin.models import Document

pytestmark = pytest.mark.issue(20)


def _scan_folder(folder: Path) -> dict[frozenset[str], str]:
    docs = [r for r in SourceReader([folder]) if isinstance(r, Document)]
    return {frozenset((p.a, p.b)): p.relation for p in unspin.scan(docs).pairs}


def _raw_text(markup: str) -> str:
    """Every text node of a page, template included: what a reader without extraction sees."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))


def test_one_site_template_around_different_articles_gives_no_pairs(
    newsroom: dict[str, str], tmp_path: Path
) -> None:
    stories = ("marathon", "council-budget", "harbor-fire-wire")
    pages = {}
    for stem in stories:
        title, _, body = newsroom[stem].partition("\n")
        pages[stem] = page(HARBOUR_GAZETTE, title, body, published="2026-03-14T10:00:00Z")
        (tmp_path / f"{stem}.html").write_text(pages[stem], encoding="utf-8")
    assert _scan_folder(tmp_path) == {}
    # the same pages without extraction share the template: a scan links them (so this test
    # would fail if extraction kept navigation, cookie banner, related links or footer)
    raw = [{"id": stem, "text": _raw_text(markup)} for stem, markup in pages.items()]
    assert any(p.comparison.is_copy for p in unspin.scan(raw).pairs)


def test_seed_articles_in_two_site_templates_keep_their_verdicts(
    seeds: dict[str, str], expected: dict[str, Any], tmp_path: Path
) -> None:
    for number, (name, text) in enumerate(sorted(seeds.items())):
        site = (HARBOUR_GAZETTE, VALLEY_TIMES)[number % 2]
        html_name = name.replace(".txt", ".html")
        (tmp_path / html_name).write_text(page(site, "", text), encoding="utf-8")
    want = {
        frozenset(n.replace(".txt", ".html") for n in (p["a"], p["b"])): p["relation"]
        for p in expected["pairs"]
    }
    assert _scan_folder(tmp_path) == want
