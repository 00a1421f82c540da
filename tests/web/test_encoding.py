"""Pages decode as a browser would: BOM, HTTP header, meta charset, then detection."""

from __future__ import annotations

import codecs

import pytest

from unspin.ingest.encoding import browser_codec, decode_page

pytestmark = pytest.mark.issue(20)

FRENCH = (
    "Le président a déclaré jeudi que l’économie française était « très forte » malgré la "
    "crise. Les élèves ont été très déçus par la décision du ministère. Où est passé l’été ? "
    "Ça coûte 30 € à peu près, même à Noël, a-t-il ajouté — sans plus de détails."
)
GERMAN = (
    "Der Bürgermeister äußerte sich am Donnerstag über die Größe des Problems. Die Schüler "
    "waren sehr enttäuscht über die Entscheidung des Ministeriums für Straßenbau."
)
JAPANESE = (
    "東京都は月曜日、新しい条例を発表した。市民の安全を守るため、警察は夜間の巡回を強化する方針だ。"
    "担当者は「早急に対応したい」と述べた。"
)
CHINESE = (
    "北京市政府星期一宣布了新的交通规定。为了保护市民的安全，警方将加强夜间巡逻。"
    "有关负责人表示，将尽快落实。"
)


def _html(text: str, meta: str | None) -> str:
    head = f'<meta charset="{meta}">' if meta else ""
    return f"<html><head>{head}<title>Nachrichten</title></head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(
    ("text", "codec", "label"),
    [
        (GERMAN, "latin-1", "iso-8859-1"),
        (FRENCH, "cp1252", "windows-1252"),
        (JAPANESE, "shift_jis", "shift_jis"),
        (CHINESE, "gb2312", "gb2312"),
    ],
)
@pytest.mark.parametrize("with_meta", [True, False])
def test_legacy_encodings_decode_with_and_without_meta_charset(
    text: str, codec: str, label: str, with_meta: bool
) -> None:
    markup = _html(text, label if with_meta else None)
    decoded = decode_page(markup.encode(codec))
    assert decoded.text == markup
    assert decoded.source == ("meta" if with_meta else "detected")
    assert decoded.repairs == ()


def test_latin1_label_means_windows_1252_as_in_browsers() -> None:
    # curly quotes and the euro sign are 0x80-0x9F bytes: latin-1 would make them controls
    markup = _html(FRENCH, "ISO-8859-1")
    decoded = decode_page(markup.encode("cp1252"))
    assert decoded.encoding == "cp1252"
    assert "€" in decoded.text and "’" in decoded.text


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_byte_order_mark_wins_over_every_declaration(bom: bytes, codec: str) -> None:
    markup = _html(GERMAN, "windows-1252")
    decoded = decode_page(bom + markup.encode(codec), http_charset="iso-8859-1")
    assert (decoded.text, decoded.source) == (markup, "bom")


def test_utf16_without_bom_declared_in_the_http_header() -> None:
    markup = _html(JAPANESE, None)
    decoded = decode_page(markup.encode("utf-16-le"), http_charset="utf-16")
    assert (decoded.text, decoded.source) == (markup, "http-header")


def test_http_header_wins_over_meta() -> None:
    markup = _html(GERMAN, "utf-8")
    decoded = decode_page(markup.encode("cp1252"), http_charset="windows-1252")
    assert (decoded.text, decoded.encoding, decoded.source) == (markup, "cp1252", "http-header")


def test_meta_claiming_utf16_in_ascii_compatible_bytes_is_read_as_utf8() -> None:
    markup = _html(FRENCH, "utf-16")
    decoded = decode_page(markup.encode("utf-8"))
    assert (decoded.text, decoded.encoding) == (markup, "utf-8")


def test_declared_encoding_that_does_not_fit_falls_back_to_detection() -> None:
    markup = _html(FRENCH, "utf-8")  # a CMS that says UTF-8 and sends windows-1252
    decoded = decode_page(markup.encode("cp1252"))
    assert decoded.text == markup
    assert decoded.source.startswith("detected (declared utf-8 in meta")


def test_a_few_bad_bytes_keep_the_declared_codec_and_are_named_in_the_repairs() -> None:
    # one broken sequence in a UTF-8 page: re-decoding all of it would garble the rest
    markup = _html(FRENCH, "utf-8")
    raw = markup.encode("utf-8").replace(b"</p>", b"\x81\x8d\x90</p>")
    decoded = decode_page(raw)
    assert (decoded.encoding, decoded.source) == ("utf-8", "meta")
    assert decoded.text == markup.replace("</p>", "\ufffd\ufffd\ufffd</p>")
    assert decoded.repairs == ("undecodable-bytes-replaced (utf-8)",)


def test_unknown_labels_are_ignored_and_text_is_passed_through() -> None:
    assert browser_codec("x-klingon") is None
    markup = _html(GERMAN, "x-klingon")
    assert decode_page(markup.encode("utf-8")).source == "detected"
    assert decode_page(markup).source == "given-as-text"
