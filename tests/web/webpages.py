"""Generated web pages and WARC files for the web-input tests (nothing downloaded).

A *site template* is what every page of one site shares: navigation, a cookie banner, a list
of related articles and a footer, each long enough that two pages of the site would share
whole passages if the template were not removed.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass(frozen=True)
class Site:
    """A site template: name, navigation links, related headlines and footer text."""

    name: str
    nav: tuple[str, ...]
    related: tuple[str, ...]
    footer: str
    cookie: str


HARBOUR_GAZETTE = Site(
    name="Harbour Gazette",
    nav=("Home", "Local news", "Business", "Sport", "Weather", "Opinion", "Obituaries"),
    related=(
        "Council approves new budget after a long night of debate over libraries",
        "Ferry timetable changes announced for the winter season on the east coast",
        "Local bakery wins regional award for its sourdough loaf and rye bread",
        "School governors warn of staff shortages as the new term approaches fast",
        "Residents object to plans for a car park beside the old market square",
    ),
    footer=(
        "The Harbour Gazette is published by Coastline Media Limited, registered in England "
        "and Wales. All rights reserved. Contact the newsroom at any time with tips, "
        "corrections and complaints; our editorial code of practice is available online."
    ),
    cookie=(
        "We use cookies to improve your experience, to measure the audience of our pages and "
        "to show you personalised advertising. By continuing to browse you accept our use of "
        "cookies as described in our privacy policy. Manage your preferences at any time."
    ),
)

VALLEY_TIMES = Site(
    name="Valley Times",
    nav=("Front page", "News", "Politics", "Money", "Culture", "Travel"),
    related=(
        "Mountain rescue team called out twice in one weekend after heavy snowfall",
        "Farmers' market returns to the town square with more stalls than ever before",
        "Railway bridge repairs to close the line for three weeks in the spring",
        "Hospital trust appoints a new chief executive after a long search process",
    ),
    footer=(
        "Valley Times, part of Northern Titles Group. Copyright and all rights reserved. "
        "Our journalists follow the editors' code; report an error to the readers' editor."
    ),
    cookie=(
        "This site uses cookies and similar technologies for analytics and advertising. "
        "Click accept to agree or visit settings to choose which cookies we may set."
    ),
)


def page(
    site: Site,
    title: str,
    body: str,
    *,
    published: str | None = None,
    charset: str | None = "utf-8",
    lang: str | None = "en",
    canonical: str | None = None,
) -> str:
    """An article page of ``site``: the template around ``title`` and the lines of ``body``.

    Each non-empty line of ``body`` is a paragraph; an empty ``title`` leaves out the ``<h1>``
    (the page's ``<title>`` is then the site name alone).
    """
    head = [f'<meta charset="{charset}">'] if charset else []
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    head.append(f'<meta property="og:site_name" content="{html.escape(site.name)}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    nav = "".join(f'<li><a href="/{n.lower()}">{html.escape(n)}</a></li>' for n in site.nav)
    related = "".join(
        f'<li><a href="/r{i}">{html.escape(r)}</a></li>' for i, r in enumerate(site.related)
    )
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.splitlines() if p.strip())
    heading = f"<h1>{html.escape(title)}</h1>" if title else ""
    lang_attr = f' lang="{lang}"' if lang else ""
    return (
        f"<!DOCTYPE html><html{lang_attr}><head>{''.join(head)}"
        f"<title>{html.escape(title + ' | ' if title else '')}{html.escape(site.name)}</title>"
        "</head><body>"
        f'<div id="cookie-banner" class="cookie-consent"><p>{html.escape(site.cookie)}</p>'
        f"<button>Accept</button></div>"
        f'<header><nav class="menu"><ul>{nav}</ul></nav></header>'
        f"<main><article>{heading}{paragraphs}</article></main>"
        f'<aside class="related"><h2>Related articles</h2><ul>{related}</ul></aside>'
        f"<footer><p>{html.escape(site.footer)}</p></footer></body></html>"
    )


@dataclass
class WarcEntry:
    """One record to write: a response (with HTTP headers), resource, request or metadata."""

    kind: str
    uri: str
    payload: bytes
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"
    date: str = "2026-03-20T10:00:00Z"


def warc_bytes(entries: list[WarcEntry], *, gzip: bool = True) -> bytes:
    """A WARC file (one gzip member per record when ``gzip``) holding ``entries``."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for entry in entries:
        warc_headers = {"WARC-Date": entry.date}
        if entry.kind == "response":
            http = StatusAndHeaders(
                entry.status, [("Content-Type", entry.content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                entry.uri,
                "response",
                payload=io.BytesIO(entry.payload),
                http_headers=http,
                warc_headers_dict=warc_headers,
            )
        else:
            record = writer.create_warc_record(
                entry.uri,
                entry.kind,
                payload=io.BytesIO(entry.payload),
                warc_content_type=entry.content_type,
                warc_headers_dict=warc_headers,
            )
        writer.write_record(record)
        record.raw_stream.close()  # warcio buffers the payload in a temporary file
    return buffer.getvalue()


def record_offsets(data: bytes) -> list[int]:
    """Byte offset of every record of a WARC (for damaging one on purpose)."""
    from warcio.archiveiterator import ArchiveIterator

    iterator = ArchiveIterator(io.BytesIO(data))
    offsets = []
    for _ in iterator:
        iterator.read_to_end()
        offsets.append(iterator.get_record_offset())
    return offsets
