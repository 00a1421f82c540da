"""Turn a scan's output into the compact data the report page reads.

The page gets three kinds of blocks (see :mod:`unspin.report.render`): one *index* with every
document and a one-line summary of every pair (enough to draw the lists, filter and search),
*pair* chunks with the evidence of a few thousand pairs each (reason, scores, passages), and
*text* chunks holding each text once. The page decodes a chunk only when a view needs it, so
opening the report costs the index alone, whatever the corpus size.

Everything is in columns of plain arrays (a list per field, not an object per row): the field
names are written once, and the numbers compress well.

Offsets. Passages are ``[start, end)`` character offsets into the texts, as Python counts
characters (code points). JavaScript strings count UTF-16 units, in which a character outside
the Basic Multilingual Plane (an emoji) takes two, so every offset is converted here
(:class:`Utf16Offsets`) and the page can slice with them directly. Substituted words are
located inside their passage here too, so the page draws highlights from offsets alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Any, get_args

from unspin.config import CONFIG
from unspin.models import RELATIONS, SpanKind
from unspin.report.load import DocMeta, Row, ScanOutput
from unspin.report.wordcode import WordCoder, word_list
from unspin.text import tokenize
from unspin.text.boilerplate import boilerplate_mask

SPAN_KINDS = get_args(SpanKind)
"""Span kinds by code (the report stores the index); shared text that is not reuse included."""
PAIRS_PER_CHUNK = 2000
"""Pairs per evidence chunk: one chunk decodes in a few milliseconds."""
TEXT_CHUNK_CHARS = 400_000
"""Characters of text per text chunk (about 130 kB compressed, a few ms to decode)."""


@dataclass(frozen=True, slots=True)
class Payload:
    """The report data: the index, the pair-evidence chunks, the text chunks and the word
    list their texts are coded with (:mod:`unspin.report.wordcode`)."""

    index: dict[str, Any]
    pair_chunks: list[list[Any]]
    text_chunks: list[list[Any]]
    words: list[str]
    unlocated_substitutions: int
    """Substitutions whose words were not found in their passage (shown in the table only)."""


class Utf16Offsets:
    """Convert code-point offsets of one text into UTF-16 offsets (identity for BMP text)."""

    __slots__ = ("_cumulative",)

    def __init__(self, text: str) -> None:
        if text.isascii() or all(ord(c) <= 0xFFFF for c in text):
            self._cumulative: list[int] | None = None
        else:
            widths = (2 if ord(c) > 0xFFFF else 1 for c in text)
            self._cumulative = [0, *accumulate(widths)]

    def __call__(self, offset: int) -> int:
        """The UTF-16 offset of code-point offset ``offset``."""
        if self._cumulative is None:
            return offset
        return self._cumulative[min(offset, len(self._cumulative) - 1)]


def build_payload(scan: ScanOutput, *, title: str = "unspin report") -> Payload:
    """The data of a report on ``scan`` (texts attached with :func:`attach_texts`)."""
    ids = sorted(scan.documents)
    position = {doc_id: k for k, doc_id in enumerate(ids)}
    metas = [scan.documents[i] for i in ids]
    text_ref, text_chunks, offsets, words = _text_chunks(scan, metas)
    pairs = sorted(scan.pairs, key=lambda p: (p["a"], p["b"]))
    score_names = sorted({name for p in pairs for name in p.get("scores") or {}})
    chunks: list[list[Any]] = []
    unlocated = 0
    for start in range(0, len(pairs), PAIRS_PER_CHUNK):
        chunk = []
        for pair in pairs[start : start + PAIRS_PER_CHUNK]:
            evidence, missed = _pair_evidence(pair, scan.texts, offsets, score_names)
            chunk.append(evidence)
            unlocated += missed
        chunks.append(pair_chunk(chunk, len(score_names)))
    index = {
        "title": title,
        "relations": list(RELATIONS),
        "span_kinds": list(SPAN_KINDS),
        "score_names": score_names,
        "pairs_per_chunk": PAIRS_PER_CHUNK,
        "story_threshold": CONFIG.classify.story_threshold,
        "docs": _doc_columns(metas, position, text_ref),
        "pairs": _pair_columns(pairs, position),
    }
    return Payload(index, chunks, text_chunks, words, unlocated)


def _doc_columns(
    metas: Sequence[DocMeta], position: dict[str, int], text_ref: dict[str, tuple[int, int]]
) -> dict[str, list[Any]]:
    """Documents as columns; story and family are the positions of their id documents."""

    def ref(group: str | None) -> int:
        return position.get(group, -1) if group is not None else -1

    return {
        "id": [m.id for m in metas],
        "title": [m.title or "" for m in metas],
        "site": [m.source or "" for m in metas],
        "date": [m.published or "" for m in metas],
        "url": [m.url or "" for m in metas],
        "story": [ref(m.story) for m in metas],
        "family": [ref(m.family) for m in metas],
        "original": [int(m.is_original) for m in metas],
        "skipped": [m.reason if m.skipped else "" for m in metas],
        "location": [m.location for m in metas],
        "linked": [[ref(s) for s in m.linked_stories] for m in metas],
        "text": [list(text_ref.get(m.id, (-1, -1))) for m in metas],
    }


def _pair_columns(pairs: Sequence[Row], position: dict[str, int]) -> dict[str, list[Any]]:
    """Pair summaries: documents, relation, which side is the original, coverages.

    Steps instead of positions for ``a`` save 0.3 MB of AP89's 4.5 MB index (2026-12-06)."""
    relation_code = {r: k for k, r in enumerate(RELATIONS)}

    def source_side(pair: Row) -> int:
        return 1 if pair.get("source") == pair["a"] else 2 if pair.get("source") == pair["b"] else 0

    return {
        # pairs are sorted by ``a``: each ``a`` is stored as the step from the previous one
        "a_step": [
            position[p["a"]] - (position[q["a"]] if q else 0)
            for q, p in zip([None, *pairs], pairs, strict=False)
        ],
        "b": [position[p["b"]] for p in pairs],
        "relation": [relation_code.get(p["relation"], len(RELATIONS) - 1) for p in pairs],
        "source": [source_side(p) for p in pairs],
        "coverage_a": [p.get("coverage_a") or 0 for p in pairs],
        "coverage_b": [p.get("coverage_b") or 0 for p in pairs],
        "substitutions": [sum(len(s["substitutions"]) for s in p["spans"] or ()) for p in pairs],
    }


def _text_chunks(
    scan: ScanOutput, metas: Sequence[DocMeta]
) -> tuple[dict[str, tuple[int, int]], list[list[Any]], dict[str, Utf16Offsets], list[str]]:
    """Texts in chunks, each ``[coded text, boilerplate ranges]``; where each id's text is;
    the word list of the code (:mod:`unspin.report.wordcode`).

    Documents are ordered by story, then copy family, so the two texts of a pair usually
    share a chunk and copies sit within deflate's 32 kB window of their originals, which
    then cost little more than their differences. Identical texts are stored once.
    """
    order = sorted(
        (m for m in metas if m.id in scan.texts),
        key=lambda m: (m.story or m.id, m.family or m.id, m.id),
    )
    unique = {scan.texts[m.id] for m in order}
    coder = WordCoder(word_list(unique))
    seen: dict[str, str] = {}
    refs: dict[str, tuple[int, int]] = {}
    offsets: dict[str, Utf16Offsets] = {}
    chunks: list[list[Any]] = []
    size = TEXT_CHUNK_CHARS
    for meta in order:
        text = scan.texts[meta.id]
        if text in seen:
            refs[meta.id], offsets[meta.id] = refs[seen[text]], offsets[seen[text]]
            continue
        seen[text] = meta.id
        if size + len(text) > TEXT_CHUNK_CHARS and size > 0:
            chunks.append([])
            size = 0
        conv = offsets[meta.id] = Utf16Offsets(text)
        boiler = [[conv(lo), conv(hi)] for lo, hi in boilerplate_ranges(text)]
        refs[meta.id] = (len(chunks) - 1, len(chunks[-1]))
        chunks[-1].append([coder.encode(text), boiler])
        size += len(text)
    return refs, chunks, offsets, coder.words


def boilerplate_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the sentences :func:`~unspin.text.boilerplate.boilerplate_mask`
    calls site furniture: the same rule that keeps them out of the evidence."""
    tokens = tokenize(text)
    mask = boilerplate_mask(tokens, text)
    ranges: list[tuple[int, int]] = []
    k = 0
    while k < len(mask):
        if mask[k]:
            first = k
            while k + 1 < len(mask) and mask[k + 1]:
                k += 1
            end = tokens.ends[k]
            while end < len(text) and not text[end].isspace() and not text[end].isalnum():
                end += 1  # the sentence's closing punctuation belongs to it
            ranges.append((tokens.starts[first], end))
        k += 1
    return ranges


def pair_chunk(evidence: Sequence[list[Any]], n_scores: int) -> list[Any]:
    """One evidence chunk, ``[score columns, [reason, spans] rows]``.

    Scores are stored as columns (each score of every pair of the chunk side by side) and
    whole numbers without a fraction: like values sit together and deflate better. On the
    AP89 scan the scores were half of the pair evidence, 3.5 of 7.4 MB, and the columns
    saved 0.95 MB (2026-12-06)."""
    columns = [[_whole(row[1][k]) for row in evidence] for k in range(n_scores)]
    return [columns, [[row[0], row[2]] for row in evidence]]


def _whole(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _pair_evidence(
    pair: Row, texts: dict[str, str], offsets: dict[str, Utf16Offsets], score_names: list[str]
) -> tuple[list[Any], int]:
    """``[reason, scores, spans]`` of one pair, offsets in UTF-16; and unlocated swaps."""
    scores = pair.get("scores") or {}
    text_a, text_b = texts.get(pair["a"], ""), texts.get(pair["b"], "")
    conv_a = offsets.get(pair["a"]) or Utf16Offsets(text_a)
    conv_b = offsets.get(pair["b"]) or Utf16Offsets(text_b)
    spans: list[Any] = []
    unlocated = 0
    for span in pair.get("spans") or ():
        a0, a1, b0, b1 = span["a_start"], span["a_end"], span["b_start"], span["b_end"]
        found_a = locate_words(text_a, a0, a1, [w for w, _ in span["substitutions"]])
        found_b = locate_words(text_b, b0, b1, [w for _, w in span["substitutions"]])
        subs: list[str | int] = []
        end_a, end_b = conv_a(a0), conv_b(b0)  # each start is stored after the previous end
        for (word_a, word_b), at_a, at_b in zip(
            span["substitutions"], found_a, found_b, strict=True
        ):
            unlocated += at_a is None or at_b is None
            side_a, end_a = _located(word_a, at_a, text_a, conv_a, end_a)
            side_b, end_b = _located(word_b, at_b, text_b, conv_b, end_b)
            subs += [*side_a, *side_b]
        spans.append(
            [
                conv_a(a0),
                conv_a(a1),
                conv_b(b0),
                conv_b(b1),
                SPAN_KINDS.index(span["kind"]) if span["kind"] in SPAN_KINDS else 0,
                span.get("matched_words", 0),
                span.get("a_words", 0),
                span.get("b_words", 0),
                subs,
            ]
        )
    values = [scores.get(name) for name in score_names]
    return [pair.get("source_reason") or "", values, spans], unlocated


def _located(
    word: str, at: tuple[int, int] | None, text: str, conv: Utf16Offsets, after: int
) -> tuple[tuple[str | int, int, int], int]:
    """One side of a substitution, ``(word, start - after, length)`` in UTF-16, and its end.

    ``after`` is where the previous substitution on this side ended (the passage start for
    the first): words are found in reading order (:func:`locate_words`), so the step is
    never negative and small numbers repeat, which deflate rewards (0.56 MB less than
    starts within the passage on AP89, 2026-12-06). The word is written as ``0`` when the
    page can read it back from the text (the ASCII text at the offsets, lower-cased, is the
    word): on AP89 the words were a fifth of the evidence. Unlocated words keep their text,
    with step ``-1``, and do not move ``after``."""
    if at is None:
        return (word, -1, 0), after
    start, end = conv(at[0]), conv(at[1])
    found = text[at[0] : at[1]]
    code = 0 if found.isascii() and found.lower() == word else word
    return (code, start - after, end - start), end


def locate_words(
    text: str, start: int, end: int, words: Sequence[str]
) -> list[tuple[int, int] | None]:
    """Where each of ``words`` is in ``text[start:end]``, searched in reading order.

    Substitutions are listed in reading order as matching forms (lower-cased, apostrophes
    unified, possessive dropped), so each is searched case-insensitively from the end of
    the previous one, as whole words with any run of spaces between their parts.
    """
    found: list[tuple[int, int] | None] = []
    cursor = start
    for word in words:
        match = _word_pattern(word).search(text, cursor, end) if word.split() else None
        if match is None:
            found.append(None)
            continue
        found.append((match.start(), match.end()))
        cursor = match.end()
    return found


@lru_cache(maxsize=65536)
def _word_pattern(word: str) -> re.Pattern[str]:
    """Whole-word, case-insensitive pattern of a matching form (``'`` also matches ``’``)."""
    parts = (re.escape(p).replace("'", "['’]") for p in word.split())
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)


def iter_blocks(payload: Payload) -> Iterator[tuple[str, Any]]:
    """``(block id, data)`` in page order: index, pair chunks, word list, text chunks."""
    yield "index", payload.index
    for k, pair_chunk in enumerate(payload.pair_chunks):
        yield f"p{k}", pair_chunk
    yield "w", payload.words
    for k, text_chunk in enumerate(payload.text_chunks):
        yield f"t{k}", text_chunk
