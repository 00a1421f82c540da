"""Decode the bytes of a web page in the order browsers use, saying which rule decided.

The order is the WHATWG encoding sniffing algorithm, simplified: a byte-order mark, then the
``charset`` of the HTTP ``Content-Type`` header, then a ``<meta charset>`` (or ``http-equiv``)
near the top of the page, then an XML declaration, then detection. Labels are mapped the way
browsers map them, which is not the way Python's codecs do: ``iso-8859-1`` and ``ascii`` mean
windows-1252 (pages labelled latin-1 routinely hold curly quotes in 0x80-0x9F), ``gb2312``
means GBK, ``shift_jis`` means Windows-31J, ``euc-kr`` means windows-949. A ``<meta>`` that
claims UTF-16 in a page whose bytes are ASCII-compatible is read as UTF-8, as the standard says.

Where browsers would show replacement characters for a declared encoding that the bytes do not
follow, we prefer the text: when the declared codec fails on most non-ASCII characters and a
detected one decodes them cleanly, the detected one is used and the source says so; a few
stray bad bytes keep the declared codec and become U+FFFD, named in the repairs. Detection is
``chardet`` (0BSD, pure Python with an optional compiled kernel); valid UTF-8 is taken as
UTF-8 before asking it, because detectors are least reliable on short pages.

Examples
--------
>>> page = '<meta charset="iso-8859-1"><p>“Déjà vu”</p>'.encode("cp1252")
>>> decoded = decode_page(page)
>>> decoded.encoding, decoded.source
('cp1252', 'meta')
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from unspin.errors import MissingDependencyError

META_SCAN_BYTES = 8192
"""How far into the page ``<meta charset>`` is looked for. The standard prescans 1024 bytes
and then re-decodes when the parser meets a later ``<meta>``; pages with long heads of
scripts put it further down, so we look further instead of re-decoding."""

DETECT_BYTES = 65536
"""Bytes given to the detector: enough for any page's language, bounded for huge pages."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# WHATWG encoding labels whose browser meaning differs from Python's codec of the same name.
_BROWSER_LABELS: dict[str, str] = {
    **dict.fromkeys(
        (
            "ascii",
            "us-ascii",
            "iso-8859-1",
            "iso8859-1",
            "iso_8859-1",
            "latin1",
            "latin-1",
            "l1",
            "cp819",
            "ibm819",
            "windows-1252",
            "cp1252",
            "x-cp1252",
        ),
        "cp1252",
    ),
    **dict.fromkeys(("iso-8859-9", "iso8859-9", "latin5", "l5", "windows-1254"), "cp1254"),
    **dict.fromkeys(("tis-620", "iso-8859-11", "windows-874", "dos-874"), "cp874"),
    **dict.fromkeys(
        ("gb2312", "gbk", "chinese", "csgb2312", "x-gbk", "gb_2312", "gb_2312-80", "iso-ir-58"),
        "gbk",
    ),
    **dict.fromkeys(
        ("shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j"),
        "cp932",
    ),
    **dict.fromkeys(("euc-kr", "ks_c_5601-1987", "korean", "windows-949", "cp949"), "cp949"),
    **dict.fromkeys(("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"), "big5hkscs"),
    **dict.fromkeys(("utf-16", "utf-16le", "unicode", "ucs-2"), "utf-16-le"),
    "utf-16be": "utf-16-be",
}

_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:+-]+)""", re.IGNORECASE | re.DOTALL
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([a-z0-9_.:+-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-z0-9_.:+-]+)""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DecodedPage:
    """A page's text, the codec used, which rule chose it, and what had to be repaired.

    ``source`` is one of ``bom``, ``http-header``, ``meta``, ``xml-declaration``,
    ``detected`` (no usable declaration), ``detected (declared X does not fit the bytes)`` or
    ``given-as-text`` (the caller passed a ``str``).
    """

    text: str
    encoding: str
    source: str
    repairs: tuple[str, ...] = ()


def browser_codec(label: str | None) -> str | None:
    """The Python codec a browser would use for an encoding ``label``; None if unknown.

    >>> browser_codec("ISO-8859-1"), browser_codec("GB2312"), browser_codec("x-nonsense")
    ('cp1252', 'gbk', None)
    """
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if name in _BROWSER_LABELS:
        return _BROWSER_LABELS[name]
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` header value, as written."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def meta_charset(raw: bytes) -> str | None:
    """The label of the first ``<meta charset>`` or ``http-equiv`` charset in the page head."""
    match = _META_CHARSET.search(raw[:META_SCAN_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def _declared(raw: bytes, http_charset: str | None) -> list[tuple[str, str]]:
    """Declared codecs in browser order as ``(codec, source)``, unknown labels dropped."""
    found: list[tuple[str, str]] = []
    if codec := browser_codec(http_charset):
        found.append((codec, "http-header"))
    if codec := browser_codec(meta_charset(raw)):
        # a <meta> read at all was read by an ASCII-compatible decoder: UTF-16 cannot be right
        found.append(("utf-8" if codec.startswith("utf-16") else codec, "meta"))
    xml = _XML_ENCODING.match(raw[:1024])
    if xml and (codec := browser_codec(xml.group(1).decode("ascii", "replace"))):
        found.append(("utf-8" if codec.startswith("utf-16") else codec, "xml-declaration"))
    return found


def _fits(raw: bytes, codec: str) -> bool:
    """True when ``raw`` decodes under ``codec`` without a single error."""
    try:
        raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _mostly_fits(raw: bytes, codec: str) -> bool:
    """True when most non-ASCII characters decode under ``codec`` (a few stray bad bytes).

    A UTF-8 page with one broken byte is still UTF-8: re-decoding all of it with a detected
    codec would garble every other character. A windows-1252 page sent as UTF-8 fails on
    nearly every accented letter instead.
    """
    text = raw.decode(codec, errors="replace")
    bad = text.count("\ufffd")
    return bad <= sum(1 for c in text if c > "\x7f" and c != "\ufffd")


def detect_codec(raw: bytes) -> str:
    """The most likely codec of undeclared bytes: UTF-8 when valid, else ``chardet``'s guess.

    Raises
    ------
    MissingDependencyError
        When ``chardet`` (the ``web`` extra) is not installed.
    """
    if _fits(raw, "utf-8"):
        return "utf-8"
    try:
        import chardet
    except ImportError as exc:
        raise MissingDependencyError(
            "decoding web pages needs chardet; install it with: pip install 'unspin[web]'"
        ) from exc
    guess = chardet.detect(raw[:DETECT_BYTES], prefer_superset=True)
    # detectors name the legacy Western codecs variously; browsers would use windows-1252
    return browser_codec(guess.get("encoding")) or "cp1252"


def decode_page(raw: bytes | str, http_charset: str | None = None) -> DecodedPage:
    """Decode a page's bytes: BOM, HTTP header charset, meta charset, then detection.

    A ``str`` is returned as it is (``given-as-text``). A declared codec that leaves decoding
    errors is replaced by a detected one that leaves none; otherwise the declared codec is
    used with U+FFFD for the bad bytes, and the repairs say so.
    """
    if isinstance(raw, str):
        return DecodedPage(raw, "", "given-as-text")
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return _finish(raw[len(bom) :], codec, "bom")
    declared = _declared(raw, http_charset)
    if declared:
        codec, source = declared[0]
        if _fits(raw, codec) or _mostly_fits(raw, codec):
            return _finish(raw, codec, source)
        detected = detect_codec(raw)
        if detected != codec and _fits(raw, detected):
            label = "http" if source == "http-header" else source
            reason = f"detected (declared {codec} in {label} does not fit the bytes)"
            return _finish(raw, detected, reason)
        return _finish(raw, codec, source)
    return _finish(raw, detect_codec(raw), "detected")


def _finish(raw: bytes, codec: str, source: str) -> DecodedPage:
    """Decode with ``codec``, replacing bad bytes and naming that repair when there were any."""
    text = raw.decode(codec, errors="replace")
    repairs: tuple[str, ...] = ()
    if "\ufffd" in text and not _fits(raw, codec):
        repairs = (f"undecodable-bytes-replaced ({codec})",)
    return DecodedPage(text, codec, source, repairs)
