"""The report in a real browser: deep links, highlights, escaping, no requests, axe, keys."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path
from typing import Any

import pytest

from tests.report.conftest import FURNITURE, HOSTILE, open_report
from unspin.report import DocMeta, ScanOutput, build_payload, render_html

try:
    from playwright.sync_api import expect
except ImportError:  # in CI a missing dev extra is a failure (see conftest)
    if os.environ.get("CI"):
        raise
    pytest.skip('Playwright is not installed: pip install -e ".[report]"', allow_module_level=True)

SEED_PAIR = "000_e24d07159d355cb4.txt,001_10b895695e8c76b4.txt"
SPUN_PAIR = "harbor-fire-spun,harbor-fire-wire"
AXE_BLOCKING = {"serious", "critical"}


def _only_the_report(page: Any, report: Path) -> None:
    assert page.requests_seen == [report.as_uri()] or all(
        url.split("#")[0] == report.as_uri() for url in page.requests_seen
    ), page.requests_seen


def _substitutions_sit_on_their_words(page: Any) -> int:
    """Every highlighted swap covers the word it names on its side; returns their number."""
    found = page.eval_on_selector_all(
        ".sides [data-substitution]",
        "els => els.map(e => [e.dataset.substitution, e.textContent,"
        " e.classList.contains('sub-a')])",
    )
    for label, shown, in_a in found:
        word_a, word_b = label.split(" → ")
        expected = re.sub(r"\s+", " ", (word_a if in_a else word_b).lower().replace("’", "'"))
        normal = re.sub(r"\s+", " ", shown.lower().replace("’", "'"))
        assert normal == expected or normal.startswith(expected), (label, shown)
    return len(found)


def test_seed_deep_link_opens_the_spun_pair(page: Any, seeds_report: Path) -> None:
    open_report(page, seeds_report, f"pair={SEED_PAIR}")
    title = page.locator("main h2").inner_text()
    assert "000_e24d07159d355cb4.txt" in title and "001_10b895695e8c76b4.txt" in title
    assert page.locator(".sides [data-substitution]").count() >= 20
    assert _substitutions_sit_on_their_words(page) >= 20
    verdict = page.locator(".verdict").inner_text()
    assert "spun" in verdict
    assert re.search(r"Original: 000_e24d07159d355cb4\.txt \(.*rewords", verdict), verdict
    assert page.locator(".side h3").all_inner_texts() == [
        "Original: 000_e24d07159d355cb4.txt",
        "Copy: 001_10b895695e8c76b4.txt",
    ]
    _only_the_report(page, seeds_report)


def test_seed_story_holds_all_five_and_the_family(page: Any, seeds_report: Path) -> None:
    open_report(page, seeds_report, "story=000_e24d07159d355cb4.txt")
    main = page.locator("main")
    assert "Documents (5)" in main.inner_text()
    # 000/001 are one copy family; the other 9 pairs are same-story, shown as not copied
    assert page.locator("main li a[href^='#family=']").count() == 1
    assert main.inner_text().count("Related, not copied: no passage") == 9
    page.click("main li a[href^='#family=']")
    page.wait_for_selector("text=Who copied whom")
    rows = page.locator("main table").first.locator("tbody tr")
    assert rows.count() == 1
    assert rows.first.inner_text().split("\t")[:3] == [
        "001_10b895695e8c76b4.txt",
        "copies",
        "000_e24d07159d355cb4.txt",
    ]
    assert "rewords" in rows.first.inner_text()
    assert "Original: 000_e24d07159d355cb4.txt" in main.inner_text()


def test_the_original_is_shown_on_the_left(page: Any, example_report: Path) -> None:
    # pairs.jsonl has a=harbor-fire-spun, b=harbor-fire-wire; the wire is the original
    open_report(page, example_report, f"pair={SPUN_PAIR}")
    assert page.locator(".side h3").all_inner_texts() == [
        "Original: harbor-fire-wire",
        "Copy: harbor-fire-spun",
    ]
    first = page.locator(".sides [data-substitution]").first
    assert first.get_attribute("data-substitution") == "tore → ripped"  # original → copy
    assert first.inner_text() == "tore"
    assert _substitutions_sit_on_their_words(page) >= 100


def test_example_family_puts_the_original_first(page: Any, example_report: Path) -> None:
    open_report(page, example_report, "family=harbor-fire-wire")
    text = page.locator("main").inner_text()
    assert "Original: harbor-fire-wire" in text
    members = page.locator("main table").nth(1).locator("tbody tr td:first-child")
    assert members.first.inner_text() == "harbor-fire-wire"
    assert "published earlier" in text


def test_hostile_text_renders_as_text(page: Any, hostile_report: Path) -> None:
    open_report(page, hostile_report, "view=pairs")
    page.locator("main a", has_text="compare").first.click()
    page.wait_for_selector(".sides")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("main img, main script, main b").count() == 0
    shown = page.locator(".sides").inner_text()
    assert HOSTILE in shown
    assert "🔥🔥" in shown
    assert _substitutions_sit_on_their_words(page) >= 20  # emoji did not shift the offsets
    # greyed on both sides (a passage may end inside it, which splits it in two elements)
    assert "".join(page.locator(".sides .boiler").all_inner_texts()) == FURNITURE * 2
    assert "#pair=" in page.url and "%3Cscript%3E" in page.url  # ids are URL-encoded
    open_report(page, hostile_report, "view=docs")
    assert "<b onmouseover=alert(1)>site</b>" in page.locator("main").inner_text()
    assert page.evaluate("window.__pwned") is None
    _only_the_report(page, hostile_report)


def test_using_the_report_makes_no_request(page: Any, example_report: Path) -> None:
    open_report(page, example_report)
    page.click("nav >> text=Pairs")
    page.wait_for_selector("main h2:text-is('Pairs')")
    page.select_option("#f-relation", "same_story")
    expect(page.locator("main .rel-copy")).to_have_count(0)
    expect(page.locator("main tbody tr")).to_have_count(9)
    page.select_option("#f-relation", "")
    page.fill("#f-site", "Coastline Wire")  # the 5 pairs of harbor-fire-wire
    expect(page.locator("main tbody tr")).to_have_count(5)
    page.fill("#f-site", "")
    page.click("nav >> text=Documents")
    page.wait_for_selector("main h2:text-is('Documents')")
    page.locator("main a", has_text="harbor-fire-spun").first.click()
    page.wait_for_selector("text=Pairs (")
    page.locator("main a", has_text="compare").first.click()
    page.wait_for_selector(".sides")
    page.click(".layout-toggle")
    assert page.locator(".rows-block").is_visible()
    _only_the_report(page, example_report)


def test_passages_jump_to_their_partner_by_keyboard(page: Any, example_report: Path) -> None:
    open_report(page, example_report, "pair=council-budget,council-budget-rewrite")
    assert page.locator(".sides .pnum").count() == 2 * 11
    page.locator("#a-p1").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "b-p1"
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.id") == "b-p2"
    page.keyboard.press("p")
    assert page.evaluate("document.activeElement.id") == "b-p1"
    page.locator("mark:has(#a-p3)").click(position={"x": 60, "y": 8})  # the passage's text
    assert page.evaluate("document.activeElement.id") == "b-p3"


def test_print_shows_a_pair_as_aligned_rows(page: Any, example_report: Path) -> None:
    open_report(page, example_report, f"pair={SPUN_PAIR}")
    page.emulate_media(media="print")
    assert page.locator(".rows-block").is_visible()
    assert not page.locator(".sides").is_visible()
    assert not page.locator("header").is_visible()
    assert page.locator(".rows tbody tr").count() >= 1


def test_deep_link_takes_either_order(page: Any, example_report: Path) -> None:
    open_report(page, example_report, "pair=harbor-fire-wire,harbor-fire-spun")
    assert page.locator(".side h3").first.inner_text() == "Original: harbor-fire-wire"


def test_unknown_pair_says_so(page: Any, example_report: Path) -> None:
    open_report(page, example_report, "pair=nope,nothing")
    assert "no pair nope,nothing" in page.locator("main").inner_text()


@pytest.mark.parametrize(
    "fragment",
    [
        "",
        "view=pairs",
        "view=docs",
        f"pair={SPUN_PAIR}",
        "story=harbor-fire-local",
        "family=harbor-fire-wire",
        "doc=harbor-fire-spun",
    ],
)
def test_axe_finds_no_serious_violation(page: Any, example_report: Path, fragment: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_report(page, example_report, fragment)
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in AXE_BLOCKING]
    assert blocking == [], results.generate_report()


@pytest.mark.parametrize("encoding", ["bytes", "base64"])
def test_every_byte_survives_the_page(page: Any, tmp_path: Path, encoding: str) -> None:
    rng = random.Random(21)
    alphabet = [chr(c) for c in (*range(0x20, 0x7F), *range(0xA0, 0x250), 0x2019, 0x1F525)]
    noise = "".join(rng.choice(alphabet) for _ in range(20_000))  # incompressible: all bytes
    # 56,000 words seen three times: word codes past the surrogates (report/wordcode.py)
    words = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6)) for _ in range(56_000)
    ]
    text = "\x00\x01\r\n<=</script>\u0080\u009f\ud800\ue000\x01" + noise + " ".join(words * 3)
    scan = ScanOutput(pairs=[], documents={"x": DocMeta("x")}, texts={"x": text})
    payload = build_payload(scan)
    assert len(payload.words) > 55_100
    html = render_html(payload, encoding=encoding)
    if encoding == "bytes":
        assert all(bytes([b]) in html for b in range(256) if b not in (0x00, 0x0D))  # escaped
    report = tmp_path / "bytes.html"
    report.write_bytes(html)
    open_report(page, report)
    assert page.evaluate("unspin.block('t0')") == [[text, payload.text_chunks[0][0][1]]]
