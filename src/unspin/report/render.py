"""Write the report: one HTML file holding its styles, its script and all its data.

The page asks for nothing: there is no ``src``, ``href`` to a file or ``url()`` in it, and
its Content-Security-Policy (``default-src 'none'``) forbids every fetch, frame, font, image
and connection; scripts and styles run only when their SHA-256 is listed, so even a text that
escaped as markup could not run a script. The data lives in ``<script>`` elements of a type
the browser does not execute, each a JSON value compressed with zlib (deflate) and written
either as its bytes, with the few that HTML would alter or act on escaped, or as base64
(:func:`encode_block`); neither contains ``</`` or ``<!``, so no block can end its element
early.
The page inflates a block with the browser's own ``DecompressionStream`` when a view first
needs it (see :mod:`unspin.report.model` for what is in which block).

Compression is what keeps a newswire year in budget: raw, the texts of the documents in a
pair of AP89 can be twice the 60 MB allowed; deflated they take 38 %, and written as bytes
rather than base64 they stay at that (base64 would add a third).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import zlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from unspin.errors import ConfigError, UnspinError
from unspin.report.model import Payload, iter_blocks

BLOCK_TYPE = "application/x-unspin-deflate"
_TAG_OPEN = re.compile(rb"<(?=[/!])")
"""The ``<`` that HTML's script-data state acts on: ``</`` may close the element, ``<!``
may start an escaped section (WHATWG HTML, 13.2.5.15-17); any other ``<`` is data."""
ENCODINGS = ("bytes", "base64")
COMPRESSION_LEVEL = 6
"""zlib's default: level 9 saves about 1 % more at twice the time."""


@dataclass(frozen=True, slots=True)
class ReportStats:
    """What was written: file size and contents, for the CLI and the benchmark."""

    path: Path
    bytes: int
    documents: int
    pairs: int
    texts: int
    blocks: int
    unlocated_substitutions: int

    def summary(self) -> str:
        """One line for the terminal."""
        missed = self.unlocated_substitutions
        note = f"; {missed} substitutions not found in their passage" if missed else ""
        return (
            f"wrote {self.path} ({self.bytes / 1e6:.1f} MB: {self.documents} documents, "
            f"{self.pairs} pairs, {self.texts} texts{note})"
        )


def _asset(name: str) -> str:
    """An asset with every non-ASCII character escaped, so the page is ASCII outside its
    data blocks and reads the same in any charset (``\\uXXXX`` is valid wherever the
    script has such characters: in strings, templates and comments)."""
    source = resources.files("unspin.report").joinpath("assets", name).read_text("utf-8")
    return "".join(c if c.isascii() else f"\\u{ord(c):04x}" for c in source)


def _sha256(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def _deflate(data: Any) -> bytes:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    try:
        encoded = raw.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (ids and texts from JSON may hold one)
        encoded = json.dumps(data, separators=(",", ":"), allow_nan=False).encode("ascii")
    return zlib.compress(encoded, COMPRESSION_LEVEL)


def encode_block(data: Any, encoding: str = "bytes") -> bytes:
    """``data`` as compact JSON, deflated, then written for the inside of a ``<script>``.

    ``base64`` gives ASCII, a third larger than the deflated bytes. ``bytes`` writes the
    deflated bytes themselves, read back by the browser in the page's windows-1252 charset
    (one character per byte, every byte value distinct); only what the HTML parser would
    change or act on is escaped: NUL (replaced by the parser), CR (normalised to LF), a
    ``<`` before ``/`` or ``!`` (which could close the element or start an escaped section)
    and the escape ``=`` itself, as ``=0`` ``=1`` ``=2`` ``=3``: about 1.2 % more than the
    deflated size (1.6 % when every ``<`` was escaped; 2026-12-06).
    """
    packed = _deflate(data)
    if encoding == "base64":
        return base64.b64encode(packed)
    escaped = packed.replace(b"=", b"=3").replace(b"\x00", b"=0").replace(b"\r", b"=1")
    return _TAG_OPEN.sub(b"=2", escaped)


def content_security_policy(script: str, style: str) -> str:
    """A policy that lets only this page's own script and style run, and fetches nothing."""
    return (
        f"default-src 'none'; script-src {_sha256(script)}; style-src {_sha256(style)}; "
        "img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


def render_html(payload: Payload, *, encoding: str = "bytes") -> bytes:
    """The whole page: index block, then the viewer, then the other blocks.

    The viewer runs as soon as the index is parsed, so the first view paints while the
    browser is still reading the evidence and text blocks that follow. ``encoding`` is how
    the blocks are written (:func:`encode_block`); ``base64`` pages survive being served
    with a ``charset=utf-8`` header, which ``bytes`` pages do not (they say so when opened).
    """
    if encoding not in ENCODINGS:
        raise ConfigError(f"Unknown block encoding {encoding!r}. Available: bytes, base64")
    script, style = _asset("report.js"), _asset("report.css")
    title = html.escape(str(payload.index["title"])).encode("ascii", "xmlcharrefreplace")
    charset = "windows-1252" if encoding == "bytes" else "utf-8"
    head = (
        f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="{charset}">\n'
        '<meta http-equiv="Content-Security-Policy" content="'
        f'{html.escape(content_security_policy(script, style), quote=False)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>{title}</title>\n"
        f"<style>{style}</style>\n</head>\n<body>\n{_BODY}"
    )
    tag = "b" if encoding == "bytes" else "64"
    parts = [_ascii(head).replace(b"{title}", title)]
    for name, data in iter_blocks(payload):
        opening = f'<script type="{BLOCK_TYPE}" id="u-{name}" data-enc="{tag}">'
        parts += [opening.encode(), encode_block(data, encoding), b"</script>\n"]
        if name == "index":
            parts.append(f"<script>{script}</script>\n".encode())
    parts.append(b"</body>\n</html>\n")
    return b"".join(parts)


def _ascii(markup: str) -> bytes:
    return markup.encode("ascii", "xmlcharrefreplace")


def write_html(payload: Payload, out: Path, *, encoding: str = "bytes") -> ReportStats:
    """Write the page for ``payload`` to ``out``; OS errors become UnspinError."""
    data = render_html(payload, encoding=encoding)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        raise UnspinError(f"cannot write the report to {out}: {exc.strerror or exc}") from exc
    docs = payload.index["docs"]
    return ReportStats(
        path=out,
        bytes=len(data),
        documents=len(docs["id"]),
        pairs=len(payload.index["pairs"]["b"]),
        texts=sum(len(chunk) for chunk in payload.text_chunks),
        blocks=2 + len(payload.pair_chunks) + len(payload.text_chunks),
        unlocated_substitutions=payload.unlocated_substitutions,
    )


_BODY = """<header>
<h1>{title}</h1>
<p id="summary">Loading the report…</p>
<nav aria-label="Views"><ul>
<li><a href="#view=stories" data-view="stories">Stories</a></li>
<li><a href="#view=pairs" data-view="pairs">Pairs</a></li>
<li><a href="#view=docs" data-view="docs">Documents</a></li>
</ul></nav>
<form id="filters" role="search" aria-label="Search and filters">
<label for="f-q">Search id, title or site<input id="f-q" type="search" autocomplete="off"></label>
<label for="f-relation">Relation<select id="f-relation">
<option value="">any</option><option value="copies">any copy</option>
<option value="duplicate">duplicate</option><option value="near_duplicate">near duplicate</option>
<option value="spun">spun</option><option value="paraphrase">paraphrase</option>
<option value="partial">partial</option><option value="same_story">same story (not copied)</option>
<option value="unrelated">unrelated</option></select></label>
<label for="f-site">Site<input id="f-site" list="sites" autocomplete="off"></label>
<datalist id="sites"></datalist>
<label for="f-from">Published from<input id="f-from" type="date"></label>
<label for="f-to">to<input id="f-to" type="date"></label>
</form>
</header>
<main id="main" aria-busy="true"><p>Loading…</p>
<noscript><p>This report needs JavaScript to show its data.</p></noscript></main>
<footer class="muted">Made by unspin. Everything is inside this file: it opens offline and
requests nothing. Keys: Tab moves between links and passage numbers, Enter on a passage
number goes to its partner, n / p step through the passages of a pair.</footer>
"""
