"""A generated web crawl for ``bench/extract.py warc``: the corpus of ``bench/corpus.py``
(BBC-vocabulary articles with planted exact, near, spun and partial copies) as pages of three
sites, written as a WARC with the damage real crawls have.

Every page wraps its article in its site's template (navigation, cookie banner, related
links, footer: hundreds of words shared by all pages of the site). Among the pages, chosen by
``seed``: 2 % are windows-1252 bytes declared as UTF-8 in ``<meta>`` (a common CMS fault),
2 % are windows-1252 with no declaration, 2 % carry stray undecodable bytes in the template,
and 1 % are cut short (a truncated gzip member: those pages are lost and must be reported).
Every tenth page is preceded by its request record and followed by an image response and a
404, which must be skipped with reasons. The clean texts are written beside the WARC as JSONL
(id, text, published) for the reference scan. Nothing here is copied from evaluation data: the
articles come from ``bench/corpus.py``, which reads BBC News in place.
"""

from __future__ import annotations

import html
import io
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from corpus import cached_corpus  # noqa: E402


@dataclass(frozen=True)
class SiteTemplate:
    """What every page of one site shares."""

    host: str
    name: str
    nav: tuple[str, ...]
    related: tuple[str, ...]
    footer: str
    cookie: str


SITES = (
    SiteTemplate(
        "www.northgate-herald.example",
        "Northgate Herald",
        ("Home", "UK", "World", "Business", "Politics", "Technology", "Science", "Health"),
        (
            "Ministers promise review of rail fares after a winter of cancellations",
            "Shares close higher as investors shrug off worries about interest rates",
            "Museum reopens its east wing after two years of restoration work",
            "Why the price of a pint has risen faster than wages in the north",
            "Police appeal for witnesses after a collision on the ring road",
        ),
        "Northgate Herald Limited, registered office Market Street. Copyright, all rights "
        "reserved. Read our editorial guidelines, corrections policy and terms of use.",
        "We and our partners use cookies to personalise content and ads, to provide social "
        "media features and to analyse our traffic. Accept all cookies or manage settings.",
    ),
    SiteTemplate(
        "news.riverside-post.example",
        "The Riverside Post",
        ("Latest", "Local", "Sport", "Entertainment", "Opinion", "Weather"),
        (
            "Flood defences to be raised along the river before next winter",
            "Youth orchestra wins national title for the third year running",
            "Council tax to rise by the maximum allowed, leaders confirm",
            "New cycle lanes divide opinion among shop owners in the old town",
        ),
        "The Riverside Post is part of Riverside Media Group. All content is copyright. "
        "Contact the newsdesk with your stories, pictures and videos at any time.",
        "This website stores cookies on your computer to improve your experience and for "
        "analytics. By using the site you agree to our cookie policy.",
    ),
    SiteTemplate(
        "coastal-chronicle.example",
        "Coastal Chronicle",
        ("News", "Business", "Arts", "Travel", "Food", "Puzzles", "Obituaries"),
        (
            "Harbour festival draws record crowds despite a wet weekend",
            "Lifeboat crews called out a dozen times during the storm",
            "Ferry operator adds winter sailings to the islands",
            "Restaurant guide: twenty places to eat by the sea this summer",
            "Sea wall repairs to begin in the spring, engineers say",
        ),
        "Coastal Chronicle, an independent local newspaper since 1871. Subscribe for full "
        "access to our journalism and the digital edition.",
        "Cookies help us deliver our services. By using our services, you agree to our use "
        "of cookies. Learn more about how we use them in our privacy notice.",
    ),
)


def render_page(
    site: SiteTemplate,
    title: str,
    text: str,
    published: str,
    charset: str | None,
    stray: bool = False,
) -> str:
    """The HTML of one article page of ``site`` (``stray`` marks where bad bytes go)."""
    meta = f'<meta charset="{charset}">' if charset else ""
    nav = "".join(f'<li><a href="/{n.lower()}">{html.escape(n)}</a></li>' for n in site.nav)
    nav += '<li><a href="/x">STRAY</a></li>' if stray else ""
    related = "".join(f"<li><a href='/r'>{html.escape(r)}</a></li>" for r in site.related)
    body = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
    return (
        f"<!DOCTYPE html><html lang='en'><head>{meta}<title>{html.escape(title)} - "
        f"{html.escape(site.name)}</title>"
        f'<meta property="og:site_name" content="{html.escape(site.name)}">'
        f'<meta property="article:published_time" content="{published}"></head><body>'
        f'<div class="cookie-banner"><p>{html.escape(site.cookie)}</p><button>OK</button></div>'
        f"<header><nav><ul>{nav}</ul></nav></header><main><article>{body}</article></main>"
        f"<aside><h3>Most read</h3><ul>{related}</ul></aside>"
        f"<footer><p>{html.escape(site.footer)}</p></footer></body></html>"
    )


@dataclass
class WebCorpus:
    """Where the crawl and the clean texts are, and what was done to the pages."""

    warc: Path
    clean: Path
    records: int = 0
    url_to_id: dict[str, str] = field(default_factory=dict)
    damaged: dict[str, str] = field(default_factory=dict)
    readable_ids: frozenset[str] = frozenset()


def build_web_corpus(n_pages: int, seed: int, folder: Path) -> WebCorpus:
    """Write ``folder/crawl.warc.gz`` and ``folder/clean.jsonl`` for ``n_pages`` articles."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    info = cached_corpus(n_pages, seed)
    docs = [json.loads(line) for line in info.corpus.open(encoding="utf-8")]
    rng = random.Random(seed)
    corpus = WebCorpus(folder / "crawl.warc.gz", folder / "clean.jsonl")
    lost: set[str] = set()
    with corpus.warc.open("wb") as out, corpus.clean.open("w", encoding="utf-8") as clean:
        for number, doc in enumerate(docs):
            clean.write(json.dumps(doc) + "\n")
            site = SITES[number % len(SITES)]
            url = f"https://{site.host}/news/{doc['id']}"
            corpus.url_to_id[url] = doc["id"]
            roll = rng.random()
            fits_1252 = _encodes(doc["text"], "cp1252")
            kind = (
                "declared-utf8-is-cp1252"
                if roll < 0.02 and fits_1252
                else "undeclared-cp1252"
                if roll < 0.04 and fits_1252
                else "stray-bytes"
                if roll < 0.06
                else "truncated"
                if roll < 0.07
                else ""
            )
            charset = None if kind == "undeclared-cp1252" else "utf-8"
            title = doc["text"].split(".")[0][:80]
            markup = render_page(
                site, title, doc["text"], doc["published"], charset, stray=kind == "stray-bytes"
            )
            payload = markup.encode("cp1252" if "cp1252" in kind else "utf-8")
            payload = payload.replace(b"STRAY", b"\xff\xfe\x81 broken \xc3")
            records = []
            if number % 10 == 0:
                records.append(
                    _record(
                        WARCWriter,
                        url,
                        "request",
                        b"GET / HTTP/1.1\r\n\r\n",
                        "application/http; msgtype=request",
                        None,
                    )
                )
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            records.append(_record(WARCWriter, url, "response", payload, None, http))
            if number % 10 == 0:
                png = StatusAndHeaders(
                    "200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1"
                )
                records.append(
                    _record(WARCWriter, url + ".png", "response", b"\x89PNG\r\n", None, png)
                )
                gone = StatusAndHeaders(
                    "404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1"
                )
                records.append(
                    _record(WARCWriter, url + "/old", "response", b"<p>gone</p>", None, gone)
                )
            for record in records:
                out.write(record)
            corpus.records += len(records)
            if kind:
                corpus.damaged[doc["id"]] = kind
            if kind == "truncated":
                lost.add(doc["id"])
    _truncate_members(corpus, lost)
    corpus.readable_ids = frozenset(d["id"] for d in docs) - lost
    return corpus


def _encodes(text: str, codec: str) -> bool:
    """True when ``text`` can be written in ``codec`` and has a character outside ASCII."""
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return not text.isascii()


def _record(
    writer_class: type, uri: str, kind: str, payload: bytes, content_type: str | None, http: object
) -> bytes:
    """One WARC record as its own gzip member."""
    buffer = io.BytesIO()
    writer = writer_class(buffer, gzip=True)
    record = writer.create_warc_record(
        uri,
        kind,
        payload=io.BytesIO(payload),
        http_headers=http,
        warc_content_type=content_type,
        warc_headers_dict={"WARC-Date": "2026-12-01T12:00:00Z"},
    )
    writer.write_record(record)
    record.raw_stream.close()
    return buffer.getvalue()


def _truncate_members(corpus: WebCorpus, lost: set[str]) -> None:
    """Rewrite the WARC with the response members of ``lost`` pages cut in half."""
    data = corpus.warc.read_bytes()
    from warcio.archiveiterator import ArchiveIterator

    iterator = ArchiveIterator(io.BytesIO(data))
    pieces, previous, cut = [], 0, []
    for record in iterator:
        uri = record.rec_headers.get_header("WARC-Target-URI") or ""
        iterator.read_to_end()
        start, length = iterator.get_record_offset(), iterator.get_record_length()
        doc_id = corpus.url_to_id.get(uri)
        if record.rec_type == "response" and doc_id in lost:
            cut.append((start, length))
    for start, length in cut:
        pieces.append(data[previous:start])
        pieces.append(data[start : start + length // 2])
        previous = start + length
    pieces.append(data[previous:])
    corpus.warc.write_bytes(b"".join(pieces))
