"""Data model: the frozen records that flow between unspin's stages.

Everything the library returns is one of these dataclasses, so results can be compared, hashed,
serialised (:meth:`to_dict`) and passed to another process without surprises.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, NamedTuple

Relation = Literal[
    "duplicate", "near_duplicate", "spun", "paraphrase", "partial", "same_story", "unrelated"
]
"""The verdict on a pair of documents, from strongest reuse to none."""

RELATIONS: tuple[Relation, ...] = (
    "duplicate",
    "near_duplicate",
    "spun",
    "paraphrase",
    "partial",
    "same_story",
    "unrelated",
)
COPY_RELATIONS: frozenset[str] = frozenset(
    {"duplicate", "near_duplicate", "spun", "paraphrase", "partial"}
)
"""Relations that mean one document reuses the other's text."""

Side = Literal["a", "b"]
SpanKind = Literal[
    "verbatim", "light_edit", "spun", "paraphrase", "summary", "boilerplate", "quotation"
]
"""How a reused passage was changed; ``summary`` when one side condenses the other. Spans of
kind ``boilerplate`` (stock text, a form re-filled with other facts) and ``quotation`` (words
quoted in either text) are shared but not reuse: they count for nothing in the verdict."""


@dataclass(frozen=True, slots=True)
class Document:
    """One news item as given to :func:`unspin.scan`.

    ``published`` is kept as given (ISO date or date-time string) and parsed on demand with
    :attr:`published_at`, so that a malformed date never loses the document.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @property
    def published_at(self) -> datetime | None:
        """The ``published`` value as a naive UTC datetime, or None when absent or unparsable."""
        return parse_date(self.published)


def parse_date(value: str | None) -> datetime | None:
    """Parse an ISO 8601 date or date-time; return None for anything else."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


class DocInfo(NamedTuple):
    """What the stages after reading keep of a document: its id and publication time.

    Plain data, so that the local scan, the persistent index and Spark pass the same thing
    between candidate filtering, pair finalisation and grouping.
    """

    id: str
    published: str | None = None

    @property
    def published_at(self) -> datetime | None:
        """``published`` parsed (:func:`parse_date`), None when absent or unreadable."""
        return parse_date(self.published)


@dataclass(frozen=True, slots=True)
class Span:
    """One reused passage: character ranges ``[start, end)`` in each text and what changed.

    ``substitutions`` lists the word swaps found inside the passage as ``(word_in_a, word_in_b)``
    pairs, in reading order; ``matched_words`` counts words that are identical on both sides.
    """

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    kind: SpanKind
    matched_words: int
    a_words: int
    b_words: int
    substitutions: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return {
            "a_start": self.a_start,
            "a_end": self.a_end,
            "b_start": self.b_start,
            "b_end": self.b_end,
            "kind": self.kind,
            "matched_words": self.matched_words,
            "a_words": self.a_words,
            "b_words": self.b_words,
            "substitutions": [list(pair) for pair in self.substitutions],
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    """The verdict on two texts ``a`` and ``b`` with the evidence behind it.

    ``coverage_a`` / ``coverage_b`` are the shares of each side's words inside reused passages;
    ``scores`` holds every number the verdict was derived from, by name.
    """

    relation: Relation
    source: Side | None
    source_reason: str
    spans: tuple[Span, ...]
    coverage_a: float
    coverage_b: float
    scores: Mapping[str, float]

    @property
    def is_copy(self) -> bool:
        """True when one text reuses the other (any relation but same_story and unrelated)."""
        return self.relation in COPY_RELATIONS

    @property
    def substitutions(self) -> tuple[tuple[str, str], ...]:
        """All word swaps of all spans, in reading order of ``a``."""
        return tuple(pair for span in self.spans for pair in span.substitutions)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return {
            "relation": self.relation,
            "source": self.source,
            "source_reason": self.source_reason,
            "coverage_a": round(self.coverage_a, 4),
            "coverage_b": round(self.coverage_b, 4),
            "scores": {k: round(v, 4) for k, v in sorted(self.scores.items())},
            "spans": [span.to_dict() for span in self.spans],
        }


@dataclass(frozen=True, slots=True)
class PairResult:
    """One related pair found by :func:`unspin.scan`; ``source`` is the id of the original."""

    a: str
    b: str
    comparison: Comparison
    source: str | None
    source_reason: str

    @property
    def relation(self) -> Relation:
        """Shortcut for ``comparison.relation``."""
        return self.comparison.relation

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form, as written to ``pairs.jsonl``."""
        body = self.comparison.to_dict()
        body["source"] = self.source
        body["source_reason"] = self.source_reason
        return {"a": self.a, "b": self.b, **body}


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input record that was not analysed, with the reason and where it came from."""

    id: str
    reason: str
    location: str = ""


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What :func:`unspin.scan` found in a corpus.

    ``stories`` and ``families`` map every analysed id to a group id (the smallest member id of
    the group, so results are stable across runs); ``originals`` holds the one original of every
    copy family (a document that copies nothing and is copied by nothing is its own family's
    original); ``skipped`` lists records that were not analysed.
    """

    pairs: tuple[PairResult, ...]
    stories: Mapping[str, str]
    families: Mapping[str, str]
    originals: frozenset[str] = frozenset()
    skipped: tuple[Skipped, ...] = ()

    @property
    def copies(self) -> tuple[PairResult, ...]:
        """Pairs whose relation is a copy relation."""
        return tuple(p for p in self.pairs if p.comparison.is_copy)

    @property
    def cross_story_copies(self) -> tuple[PairResult, ...]:
        """Copy pairs whose documents are in different stories.

        A text that takes passages from reports of two events belongs to one story; its
        copy link to the other story is reported here instead of merging the two stories.
        """
        stories = self.stories
        return tuple(p for p in self.copies if stories.get(p.a) != stories.get(p.b))

    def linked_stories(self) -> dict[str, list[str]]:
        """For each document with a cross-story copy pair, the other stories it is linked to."""
        linked: dict[str, set[str]] = {}
        for p in self.cross_story_copies:
            for doc, other in ((p.a, p.b), (p.b, p.a)):
                linked.setdefault(doc, set()).add(self.stories.get(other, other))
        return {doc: sorted(groups) for doc, groups in linked.items()}
