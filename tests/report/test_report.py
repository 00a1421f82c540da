"""The report without a browser: reading scan results, the payload, the page, the CLI."""

from __future__ import annotations

import base64
import json
import re
import shutil
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.report.conftest import EXAMPLE
from unspin.cli import app
from unspin.errors import UnspinError
from unspin.report import attach_texts, build_payload, load_scan, render_html, write_report
from unspin.report.model import Utf16Offsets, boilerplate_ranges, locate_words
from unspin.report.render import encode_block


@pytest.fixture(scope="module")
def scan_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scan")
    result = CliRunner().invoke(app, ["scan", str(EXAMPLE), "--out", str(out), "--format", "both"])
    assert result.exit_code == 0, result.output
    return out


UNESCAPE = {b"=0": b"\x00", b"=1": b"\r", b"=2": b"<", b"=3": b"="}


def _blocks(page: bytes) -> dict[str, object]:
    """The data blocks of a page, decoded as the viewer decodes them."""
    pattern = rb'<script type="application/x-unspin-deflate" id="u-(\w+)" data-enc="(\w+)">(.*?)</'
    blocks = {}
    for name, enc, data in re.findall(pattern, page, re.DOTALL):
        if enc == b"64":
            packed = base64.b64decode(data)
        else:
            packed = re.sub(rb"=[0-3]", lambda m: UNESCAPE[m.group()], data)
        blocks[name.decode()] = json.loads(zlib.decompress(packed))
    return blocks


def test_jsonl_and_parquet_results_give_the_same_report(scan_dir: Path, tmp_path: Path) -> None:
    only_parquet = tmp_path / "pq"
    only_parquet.mkdir()
    for name in ("pairs.parquet", "documents.parquet"):
        shutil.copy(scan_dir / name, only_parquet / name)
    pages = [
        render_html(build_payload(attach_texts(load_scan(d), [EXAMPLE])))
        for d in (scan_dir, only_parquet)
    ]
    assert pages[0] == pages[1]


def test_each_text_is_stored_once_and_only_for_documents_in_a_pair(scan_dir: Path) -> None:
    scan = attach_texts(load_scan(scan_dir), [EXAMPLE])
    payload = build_payload(scan)
    stored = [text for chunk in payload.text_chunks for text, _ in chunk]
    assert len(stored) == len(set(stored)) == len(scan.paired_ids()) == 8  # not the marathon
    docs = payload.index["docs"]
    marathon = docs["id"].index("marathon")
    assert docs["text"][marathon] == [-1, -1]
    assert docs["site"][marathon] == "Cedarbrook Sentinel"
    assert payload.unlocated_substitutions == 0


def test_the_page_fetches_nothing_and_escapes_everything(scan_dir: Path) -> None:
    payload = build_payload(attach_texts(load_scan(scan_dir), [EXAMPLE]), title="<x>é")
    data = render_html(payload)
    # outside the data blocks the page is ASCII, so its charset changes nothing there
    page = re.sub(rb'(data-enc="b">).*?(?=</)', rb"\1", data, flags=re.DOTALL).decode("ascii")
    assert '<meta charset="windows-1252">' in page[:200]
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None
    assert "default-src 'none'" in csp.group(1) and "connect-src 'none'" in csp.group(1)
    assert "'unsafe-inline'" not in csp.group(1)
    assert not re.search(r"\s(src|href)=\"(?!#)", page)  # only in-page links
    assert "url(" not in page and "@import" not in page
    assert "<title>&lt;x&gt;&#233;</title>" in page
    blocks = _blocks(data)
    assert set(blocks) == {"index", "p0", "w", "t0"}
    assert blocks == _blocks(render_html(payload, encoding="base64"))
    assert blocks["t0"] == payload.text_chunks[0]
    assert blocks["w"] == payload.words


def test_blocks_round_trip_lone_surrogates_and_markup() -> None:
    data = ["\ud800", "</script><!--", "🔥"]
    block = encode_block(data, "base64")
    assert b"<" not in block
    assert json.loads(zlib.decompress(base64.b64decode(block))) == data
    block = encode_block(["<" * 1000, "</<!", bytes(range(256)).decode("latin-1")] * 50)
    assert b"</" not in block and b"<!" not in block and b"\x00" not in block
    assert b"\r" not in block
    packed = re.sub(rb"=[0-3]", lambda m: UNESCAPE[m.group()], block)
    assert json.loads(zlib.decompress(packed))[:3] == [
        "<" * 1000,
        "</<!",
        bytes(range(256)).decode("latin-1"),
    ]


def test_utf16_offsets_count_astral_characters_twice() -> None:
    text = "🔥a🔥b"
    conv = Utf16Offsets(text)
    assert [conv(k) for k in range(5)] == [0, 2, 3, 5, 6]
    assert Utf16Offsets("plain")(3) == 3


def test_locate_words_follows_reading_order() -> None:
    text = "the army items and the army items again; fake  news here"
    found = locate_words(text, 0, len(text), ["army items", "army items", "fake news", "absent"])
    assert found == [(4, 14), (23, 33), (41, 51), None]
    assert locate_words("Military’s units", 0, 16, ["military's"]) == [(0, 10)]


def test_boilerplate_ranges_mark_site_furniture() -> None:
    text = (
        "The council met on Tuesday. Subscribe to our newsletter and follow us on facebook "
        "and twitter for unlimited access."
    )
    ranges = boilerplate_ranges(text)
    assert len(ranges) == 1
    assert text[ranges[0][0] : ranges[0][1]].startswith("Subscribe")


def test_inputs_other_than_the_scanned_ones_are_refused(scan_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"id": "harbor-fire-wire", "text": "short"}) + "\n")
    with pytest.raises(UnspinError, match="lack the texts of 7 documents"):
        write_report(scan_dir, [other], tmp_path / "r.html")
    with pytest.raises(UnspinError, match="ends past the end"):
        write_report(scan_dir, [EXAMPLE], tmp_path / "r.html", max_chars=200)


def test_a_folder_without_results_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(UnspinError, match="holds no scan results"):
        load_scan(tmp_path)


def test_cli_report_and_scan_report(scan_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "a" / "report.html"
    result = runner.invoke(app, ["report", str(scan_dir), str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "9 documents, 16 pairs, 8 texts" in result.output
    missing = runner.invoke(app, ["report", str(scan_dir), "-o", str(out)])
    assert missing.exit_code == 2
    assert "give the scanned paths" in missing.output
    scanned = tmp_path / "scan"
    both = tmp_path / "b.html"
    cmd = ["scan", str(EXAMPLE), "--out", str(scanned), "--report", str(both), "-q"]
    assert runner.invoke(app, cmd).exit_code == 0
    assert both.read_bytes() == out.read_bytes()


def test_report_help_names_the_deep_link() -> None:
    result = CliRunner().invoke(app, ["report", "--help"])
    assert result.exit_code == 0
    assert "#pair=ID_A,ID_B" in result.output
    assert "--portable" in result.output
