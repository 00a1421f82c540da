"""One web page in, its article text and metadata out, each field saying where it came from.

Why main-text extraction at all: navigation, related-article lists, cookie banners and footers
are shared by every page of a site, so the raw text of two pages of one site shares whole
passages and would be reported as partial copies of each other. trafilatura (Apache-2.0)
keeps the article body; on the ScrapingHub article-extraction benchmark it is among the best
(``bench/extract.py`` measures it on the dev part).

Metadata is read from the page's own declarations first, in a fixed order, and only then from
trafilatura's heuristics, so that every field can name its origin (``sources``): a date from
``article:published_time`` is a publisher's statement, a date htmldate guessed from the URL or
the text is not, and a user deciding which of two copies is the original needs to know which
one they have. A WARC date (when the page was *crawled*) is never used as ``published``.

Examples
--------
>>> page = extract_page(b"<html lang='en'><head><title>T</title></head><body>...")  # doctest: +SKIP
>>> page.sources["language"]  # doctest: +SKIP
'html lang'
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from unspin.errors import MissingDependencyError
from unspin.ingest.encoding import decode_page
from unspin.models import parse_date

INSTALL_HINT = "install the web extra: pip install 'unspin[web]'"

_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "blogposting",
        "liveblogposting",
        "opinionnewsarticle",
    }
)
# <meta> keys (property, name or itemprop, lower-cased) that state the publication time.
_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
)
# htmldate without its text search: with it, a year in the article ("since 2022") or a
# copyright line becomes a publication date (2022-01-01), and a wrong date is worse than none,
# as the earlier of two copies is taken as the original and old reports are kept apart.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_TITLE_KEYS = ("og:title", "twitter:title")
_SITE_KEYS = ("og:site_name", "application-name")
_LANGUAGE_KEYS = ("content-language", "og:locale", "dc.language", "language")


@dataclass(frozen=True, slots=True)
class Page:
    """The extracted article of one page.

    ``sources`` maps each field that has a value (``title``, ``url``, ``published``, ``site``,
    ``language``, ``encoding``) to where it came from, e.g. ``{"published": "meta
    article:published_time", "encoding": "http-header"}``.
    """

    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    site: str | None = None
    language: str | None = None
    encoding: str = ""
    sources: dict[str, str] = field(default_factory=dict)
    repairs: tuple[str, ...] = ()


class NoArticleText(ValueError):
    """The page holds no article text that the extractor would keep (a reason, not a bug)."""


def require_trafilatura() -> Any:
    """The trafilatura module, or MissingDependencyError with the install hint."""
    try:
        import lxml_html_clean  # noqa: F401  # trafilatura's jusText fallback needs it (lxml 6)
        import trafilatura
    except ImportError as exc:
        raise MissingDependencyError(f"reading HTML needs trafilatura; {INSTALL_HINT}") from exc
    return trafilatura


def extract_page(
    raw: bytes | str,
    *,
    url: str | None = None,
    http_charset: str | None = None,
    http_language: str | None = None,
) -> Page:
    """Decode ``raw``, keep its article text and read its metadata.

    Raises
    ------
    NoArticleText
        When the extractor finds no article text (an index page, an empty shell of scripts).
    MissingDependencyError
        When the ``web`` extra is not installed.
    """
    trafilatura = require_trafilatura()
    decoded = decode_page(raw, http_charset)
    tree = trafilatura.load_html(decoded.text)
    if tree is None:
        raise NoArticleText("no-article-text: not parseable as HTML")
    declared = _Declarations(tree)
    result = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=_DATE_PARAMS,
    )
    text = (result.text or "").strip() if result is not None else ""
    if not text:
        raise NoArticleText("no-article-text: the extractor kept nothing of this page")
    found: dict[str, tuple[str | None, str]] = {
        "title": _pick(declared.title(), _guess(result, "title", "trafilatura (<title> or <h1>)")),
        "published": _pick(
            declared.published(),
            _guess(result, "date", "htmldate (URL or markup)"),
        ),
        "site": _pick(declared.site(), _guess(result, "sitename", "trafilatura"), _host(url)),
        "language": _pick(declared.language(), _given(http_language, "http-header")),
        "url": declared.url(),
    }
    sources = {name: where for name, (value, where) in found.items() if value}
    if decoded.source:
        sources["encoding"] = decoded.source
    return Page(
        text=text,
        title=found["title"][0],
        url=found["url"][0],
        published=_normalise_date(found["published"][0]),
        site=found["site"][0],
        language=found["language"][0],
        encoding=decoded.encoding,
        sources=sources,
        repairs=decoded.repairs,
    )


_NONE: tuple[str | None, str] = (None, "")


def _guess(result: Any, attribute: str, where: str) -> tuple[str | None, str]:
    """A field trafilatura found, with ``where`` as its source."""
    value = getattr(result, attribute, None)
    return (value.strip(), where) if isinstance(value, str) and value.strip() else _NONE


def _given(value: str | None, where: str) -> tuple[str | None, str]:
    """A value handed over by the caller (an HTTP header), or nothing."""
    return (value.strip(), where) if value and value.strip() else _NONE


def _host(url: str | None) -> tuple[str | None, str]:
    """The host name of ``url`` as the site of last resort."""
    host = urlsplit(url).hostname if url else None
    if host and host.startswith("www."):
        host = host[4:]
    return (host, "url host") if host else _NONE


def _normalise_date(value: str | None) -> str | None:
    """An ISO 8601 form of a stated date when it can be read, else the value as stated."""
    if not value:
        return None
    if parse_date(value) is not None:
        return value
    try:
        return parsedate_to_datetime(value).isoformat()  # RFC 2822 dates, common in feeds
    except (TypeError, ValueError, IndexError):
        return value


class _Declarations:
    """What the page says about itself in ``<meta>``, JSON-LD and the ``<html>`` element."""

    def __init__(self, tree: Any) -> None:
        self.meta: dict[str, str] = {}
        for element in tree.iterfind(".//meta"):
            key = element.get("property") or element.get("name") or element.get("itemprop")
            key = key or element.get("http-equiv")
            content = element.get("content")
            if key and content and content.strip():
                self.meta.setdefault(key.strip().lower(), content.strip())
        self.linked = list(_json_ld_articles(tree))
        lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
        self.html_lang = (lang or "").strip()
        self.time_datetime = _time_element(tree)
        canonical = tree.find(".//link[@rel='canonical']")
        href = canonical.get("href", "").strip() if canonical is not None else ""
        self.canonical: tuple[str | None, str] = (href, "link rel=canonical") if href else _NONE

    def _first_meta(self, keys: tuple[str, ...]) -> tuple[str | None, str]:
        """The first of ``keys`` present among the page's ``<meta>`` elements."""
        for key in keys:
            if key in self.meta:
                return self.meta[key], f"meta {key}"
        return _NONE

    def _first_linked(self, *path: str) -> tuple[str | None, str]:
        """The value at ``path`` in the first JSON-LD article that has one."""
        for item in self.linked:
            value: Any = item
            for step in path:
                value = value.get(step) if isinstance(value, dict) else None
            if isinstance(value, list):
                value = value[0] if value else None
            if isinstance(value, str) and value.strip():
                return value.strip(), f"json-ld {'.'.join(path)}"
        return _NONE

    def title(self) -> tuple[str | None, str]:
        """Headline as declared: JSON-LD ``headline``, then ``og:title``, ``twitter:title``."""
        return _pick(self._first_linked("headline"), self._first_meta(_TITLE_KEYS))

    def published(self) -> tuple[str | None, str]:
        """Publication time as declared: JSON-LD, ``<meta>``, then ``<time datetime>``."""
        return _pick(
            self._first_linked("datePublished"), self._first_meta(_DATE_KEYS), self.time_datetime
        )

    def site(self) -> tuple[str | None, str]:
        """Site name as declared: ``og:site_name``, JSON-LD publisher, ``application-name``."""
        return _pick(
            self._first_meta(_SITE_KEYS[:1]),
            self._first_linked("publisher", "name"),
            self._first_meta(_SITE_KEYS[1:]),
        )

    def url(self) -> tuple[str | None, str]:
        """Address as declared: ``<link rel=canonical>``, then ``og:url``."""
        return _pick(self.canonical, self._first_meta(("og:url",)))

    def language(self) -> tuple[str | None, str]:
        """Language as declared: ``<html lang>``, then ``<meta>``, then JSON-LD."""
        if self.html_lang:
            return self.html_lang, "html lang"
        return _pick(self._first_meta(_LANGUAGE_KEYS), self._first_linked("inLanguage"))


def _pick(*candidates: tuple[str | None, str]) -> tuple[str | None, str]:
    """The first candidate that has a value, or the empty pair."""
    return next((c for c in candidates if c[0]), _NONE)


def _time_element(tree: Any) -> tuple[str | None, str]:
    """``datetime`` of a ``<time>`` marked as the publication time (``pubdate``, itemprop)."""
    for element in tree.iterfind(".//time[@datetime]"):
        marked = element.get("pubdate") is not None or element.get("itemprop") == "datePublished"
        if marked and element.get("datetime", "").strip():
            return element.get("datetime").strip(), "time datetime"
    return _NONE


def _json_ld_articles(tree: Any) -> Iterator[dict[str, Any]]:
    """Article-like objects of the page's JSON-LD blocks (``@graph`` lists included)."""
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
                    yield item
                if "@graph" in item:
                    stack.append(item["@graph"])
