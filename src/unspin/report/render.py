"""Write the report: one HTML file holding its styles, its script and all its data.

The page asks for nothing: there is no ``src``, ``href`` to a file or ``url()`` in it, and
its Content-Security-Policy (``default-src 'none'``) forbids every fetch, frame, font, image
and connection; scripts and styles run only when their SHA-256 is listed, so even a text that
escaped as markup could not run a script. The data lives in ``<script>`` elements of a type
the browser does not execute, each a JSON value compressed with zlib (deflate) and written as
base64, which contains no ``<`` and so cannot end its element early. The page inflates a
block with the browser's own ``DecompressionStream`` when a view first needs it (see
:mod:`unspin.report.model` for what is in which block).

Compression is what keeps a newswire year in budget: raw, the texts of the documents in a
pair of AP89 are several times larger than the 60 MB allowed; deflated they are a third.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import zlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from unspin.errors import UnspinError
from unspin.report.model import Payload, iter_blocks

BLOCK_TYPE = "application/x-unspin-deflate"
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
        return (
            f"wrote {self.path} ({self.bytes / 1e6:.1f} MB: {self.documents} documents, "
            f"{self.pairs} pairs, {self.texts} texts)"
        )


def _asset(name: str) -> str:
    return resources.files("unspin.report").joinpath("assets", name).read_text("utf-8")


def _sha256(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def encode_block(data: Any) -> str:
    """``data`` as compact JSON, deflated, in base64 (ASCII with no ``<`` or ``&``)."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # lone surrogates (possible in ids and texts read from JSON) have no UTF-8 form
    packed = zlib.compress(raw.encode("utf-8", "surrogatepass"), COMPRESSION_LEVEL)
    return base64.b64encode(packed).decode("ascii")


def content_security_policy(script: str, style: str) -> str:
    """A policy that lets only this page's own script and style run, and fetches nothing."""
    return (
        f"default-src 'none'; script-src {_sha256(script)}; style-src {_sha256(style)}; "
        "img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


def render_html(payload: Payload) -> str:
    """The whole page as one string: index block, then the viewer, then the other blocks.

    The viewer runs as soon as the index is parsed, so the first view paints while the
    browser is still reading the evidence and text blocks that follow.
    """
    script, style = _asset("report.js"), _asset("report.css")
    title = html.escape(str(payload.index["title"]))
    parts = [
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        '<meta http-equiv="Content-Security-Policy" content="'
        f'{html.escape(content_security_policy(script, style), quote=False)}">\n',
        '<meta name="referrer" content="no-referrer">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{title}</title>\n<style>{style}</style>\n</head>\n<body>\n",
        _BODY.replace("{title}", title),
    ]
    for name, data in iter_blocks(payload):
        parts.append(f'<script type="{BLOCK_TYPE}" id="u-{name}">{encode_block(data)}</script>\n')
        if name == "index":
            parts.append(f"<script>{script}</script>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def write_html(payload: Payload, out: Path) -> ReportStats:
    """Write the page for ``payload`` to ``out``; OS errors become UnspinError."""
    page = render_html(payload)
    data = page.encode("utf-8")
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
        pairs=len(payload.index["pairs"]["a"]),
        texts=sum(len(chunk) for chunk in payload.text_chunks),
        blocks=1 + len(payload.pair_chunks) + len(payload.text_chunks),
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
