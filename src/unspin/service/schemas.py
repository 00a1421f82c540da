"""Request and response bodies of the service, as pydantic models (the OpenAPI document).

Requests are validated against these models, so a malformed body is answered 422 naming
the field. Responses are built as plain dicts (:mod:`unspin.service.payloads`) and encoded
directly; the response models here document them, and the schema tests check that every
answer the server gives conforms.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from unspin.models import Relation, SpanKind

TEXT_PATTERN = r"[^\s\x00\x1c-\x1f]"
"""A text must hold one character that is not whitespace, a NUL or a separator control
(U+001C-U+001F, which Python counts as space): anything else has no words to compare."""

MAX_ID = 512


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ArticleFields(_Strict):
    """An article as a client sends it."""

    text: str = Field(
        min_length=1,
        pattern=TEXT_PATTERN,
        description="The article's text (plain text; longer texts are truncated).",
    )
    title: str | None = Field(None, max_length=4096, description="Headline.")
    url: str | None = Field(None, max_length=8192, description="Where it was published.")
    source: str | None = Field(None, max_length=4096, description="Site, outlet or feed.")
    published: str | None = Field(
        None,
        max_length=64,
        description=(
            "Publication date, ISO 8601 (2026-03-14 or 2026-03-14T15:10:00Z): of two copies "
            "the earlier is the original. An unreadable date is kept but not used."
        ),
    )
    metadata: dict[str, Any] | None = Field(
        None, description="Anything else to keep with the article (returned as given)."
    )


class CheckRequest(ArticleFields):
    """``POST /v1/check``: an article to compare with the index, not stored."""

    id: str | None = Field(
        None,
        min_length=1,
        max_length=MAX_ID,
        description="The article's id, if it is indexed: it is then compared with the others.",
    )


class BatchArticle(ArticleFields):
    """One article of a batch."""

    id: str = Field(min_length=1, max_length=MAX_ID, description="The article's id.")


class BatchRequest(_Strict):
    """``POST /v1/articles:batch``: articles added (or replaced) in one transaction."""

    articles: list[BatchArticle] = Field(
        min_length=1, description="Distinct ids; at most the server's batch limit (1000)."
    )
    check: bool = Field(False, description="Also check each article, as PUT ?check=true does.")


class DocumentInfo(BaseModel):
    """An indexed article without its text."""

    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)


class ArticleOut(DocumentInfo):
    """An indexed article with its text."""

    text: str


class SpanOut(BaseModel):
    """One reused passage: character offsets ``[start, end)`` in each text."""

    article_start: int
    article_end: int
    match_start: int
    match_end: int
    kind: SpanKind
    matched_words: int
    article_words: int
    match_words: int
    substitutions: list[tuple[str, str]] = Field(
        description="Word swaps inside the passage: [word in the article, word in the match]."
    )


class Coverage(BaseModel):
    """Share of each side's words inside reused passages."""

    article: float
    match: float


class MatchOut(BaseModel):
    """An indexed article related to the article of the request, with the evidence."""

    id: str = Field(description="The indexed article's id.")
    relation: Relation
    copy_: bool = Field(alias="copy", description="True for the five copy relations.")
    original: Literal["article", "match"] | None = Field(
        description="Which of the two is the original; null when undecided."
    )
    reason: str = Field(description="Why that one is the original (the rule that applied).")
    coverage: Coverage
    spans: list[SpanOut]
    scores: dict[str, float] = Field(description="Every number the verdict was derived from.")
    document: DocumentInfo


class CheckOut(BaseModel):
    """The matches of one article (empty when nothing in the index relates to it)."""

    id: str
    matches: list[MatchOut]


class PutOut(BaseModel):
    """What a PUT did; ``matches`` only with ``?check=true``."""

    id: str
    status: Literal["added", "replaced", "unchanged"]
    matches: list[MatchOut] | None = None


class BatchOut(BaseModel):
    """What a batch did, by id; ``matches`` (by article id) only with ``check``."""

    added: list[str]
    replaced: list[str]
    unchanged: list[str]
    matches: dict[str, list[MatchOut]] | None = None


class FieldError(BaseModel):
    """One invalid input: where (``text``, ``articles.3.id``, ``check``) and why."""

    field: str
    message: str
    type: str


class ErrorDetail(BaseModel):
    """What went wrong; never a traceback (the server log has it, under ``request_id``)."""

    status: int
    code: str
    message: str
    request_id: str
    fields: list[FieldError] = Field(default_factory=list)


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


class Health(BaseModel):
    """``/livez`` and ``/readyz``."""

    status: Literal["alive", "ready", "not_ready"]
    checks: dict[str, bool] = Field(default_factory=dict)
    documents: int | None = None
