"""Loaders for the labelled evaluation sets described in ``shared/eval/README.md``.

The data stays outside the repository (licences): every loader takes the eval directory,
by default the ``shared/eval`` folder next to the repository, or ``$UNSPIN_EVAL_DIR``.
Loaders return plain frozen records and never import unspin.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import random
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

WORD = re.compile(r"\w+")
SPACE = re.compile(r"\s+")

PAN13_PARTS = (
    "01-no-plagiarism",
    "02-no-obfuscation",
    "03-random-obfuscation",
    "04-translation-obfuscation",
    "05-summary-obfuscation",
)


def default_data_dir() -> Path:
    """``$UNSPIN_EVAL_DIR`` if set, else ``shared/eval`` next to the repository."""
    env = os.environ.get("UNSPIN_EVAL_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "shared" / "eval"


def seeds_dir(data_dir: Path) -> Path:
    """The seed articles live in ``seeds/`` beside the eval directory."""
    return data_dir.parent / "seeds"


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Yield the objects of a JSONL file, gzip-compressed when the name ends in ``.gz``."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def sample(items: Sequence[T], limit: int | None, *, seed: int = 0) -> list[T]:
    """A deterministic random subset of at most ``limit`` items, in their original order."""
    if limit is None or limit >= len(items):
        return list(items)
    keep = sorted(random.Random(seed).sample(range(len(items)), limit))
    return [items[i] for i in keep]


def word_count(text: str) -> int:
    """Number of ``\\w+`` words."""
    return len(WORD.findall(text))


# --- seeds ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Seeds:
    """The five seed articles (id = file name) and their expected verdicts."""

    texts: dict[str, str]
    pairs: list[dict[str, str]]
    stories: list[list[str]]
    families: list[list[str]]


def load_seeds(directory: Path) -> Seeds:
    """Read ``*.txt`` and ``expected.json`` from the seeds directory."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.txt"))}
    expected = json.loads((directory / "expected.json").read_text(encoding="utf-8"))
    return Seeds(texts, expected["pairs"], expected["stories"], expected["families"])


# --- pair sets -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpinPair:
    """A Wikipedia paragraph and its spun copy (Foltýnek et al. 2020)."""

    id: str
    original: str
    spun: str


def load_spinbot(data_dir: Path) -> list[SpinPair]:
    """All 87 pairs of ``spinbot-wiki-dev.jsonl``."""
    rows = read_jsonl(data_dir / "spinbot-wiki-dev.jsonl")
    return [SpinPair(r["id"], r["original"], r["spun"]) for r in rows]


def eligible_spin_pairs(pairs: Sequence[SpinPair], *, min_words: int = 25) -> list[SpinPair]:
    """Pairs whose original has at least ``min_words`` words and differs from the spun text."""
    return [p for p in pairs if word_count(p.original) >= min_words and p.original != p.spun]


@dataclass(frozen=True, slots=True)
class SemevalPair:
    """A SemEval-2022 Task 8 pair; ``overall`` runs from 1 (very similar) to 4."""

    id: str
    text1: str
    text2: str
    overall: float


def load_semeval(data_dir: Path) -> list[SemevalPair]:
    """The English-English pairs of ``semeval22-dev-en.jsonl``."""
    rows = read_jsonl(data_dir / "semeval22-dev-en.jsonl")
    return [SemevalPair(r["id"], r["text1"], r["text2"], float(r["overall"])) for r in rows]


@dataclass(frozen=True, slots=True)
class MsrpPair:
    """A Microsoft Research Paraphrase Corpus pair; ``quality`` 1 means paraphrase."""

    id: str
    sentence1: str
    sentence2: str
    quality: int


def load_msrp(data_dir: Path) -> list[MsrpPair]:
    """The training part of MSRP (tab-separated, quotes are literal characters)."""
    with (data_dir / "msrp-train.tsv").open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        return [
            MsrpPair(f"{row[1]}_{row[2]}", row[3], row[4], int(row[0]))
            for row in reader
            if len(row) == 5
        ]


# --- corpora for scan ------------------------------------------------------------------------


def load_bbc(data_dir: Path) -> list[dict[str, Any]]:
    """The 2,225 BBC News records (``id``, ``text``, ``title``, ``category``)."""
    return list(read_jsonl(data_dir / "bbc-news.jsonl.gz"))


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace to one space and strip."""
    return SPACE.sub(" ", text).strip()


def exact_duplicate_pairs(records: Sequence[dict[str, Any]]) -> set[frozenset[str]]:
    """Unordered id pairs whose texts are equal after :func:`normalise_space`."""
    by_text: dict[str, list[str]] = defaultdict(list)
    for record in records:
        by_text[normalise_space(record["text"])].append(record["id"])
    return {frozenset(p) for ids in by_text.values() for p in combinations(ids, 2)}


def load_ecbplus(data_dir: Path) -> list[dict[str, Any]]:
    """The 496 ECB+ documents (``id``, ``topic``, ``story``, ``text``)."""
    return list(read_jsonl(data_dir / "ecbplus-dev.jsonl"))


# --- PAN 2013 text alignment ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PanSpan:
    """One gold reuse case: ``[start, end)`` ranges in the suspicious and source documents."""

    susp: tuple[int, int]
    src: tuple[int, int]
    obfuscation: str


@dataclass(frozen=True, slots=True)
class PanCase:
    """A (suspicious, source) document pair of the PAN 2013 training corpus."""

    part: str
    susp: str
    src: str
    spans: tuple[PanSpan, ...]

    @property
    def id(self) -> str:
        """``susp|src``, unique within the corpus."""
        return f"{self.susp}|{self.src}"


def _pan_case(row: dict[str, Any]) -> PanCase:
    spans = tuple(
        PanSpan(tuple(s["susp"]), tuple(s["src"]), s.get("obfuscation", ""))  # type: ignore[arg-type]
        for s in row["spans"]
    )
    return PanCase(row["part"], row["susp"], row["src"], spans)


def load_pan13_cases(data_dir: Path) -> list[PanCase]:
    """All 5,185 document pairs of ``pan13-train-cases.jsonl.gz``."""
    return [_pan_case(r) for r in read_jsonl(data_dir / "pan13-train-cases.jsonl.gz")]


def load_pan13_docs(data_dir: Path, wanted: set[str] | None = None) -> dict[str, str]:
    """Texts of ``pan13-train-docs.jsonl.gz`` by id (only ``wanted`` ids when given)."""
    rows = read_jsonl(data_dir / "pan13-train-docs.jsonl.gz")
    return {r["id"]: r["text"] for r in rows if wanted is None or r["id"] in wanted}


# --- LLM rewrites ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LlmPair:
    """A pair of ``llm-rewrite-dev.jsonl``.

    ``type`` is ``positive`` (``a`` is the original, ``b`` its language-model rewrite),
    ``same_story`` (independent reports of one story) or ``cross`` (one article's original
    against another's rewrite). ``model`` and ``kind`` are empty for negatives.
    """

    id: str
    type: str
    a: str
    b: str
    set: str
    model: str
    kind: str


def load_llm_rewrites(data_dir: Path) -> list[LlmPair]:
    """All pairs of ``llm-rewrite-dev.jsonl`` (positives as original ``a``, rewrite ``b``)."""
    out = []
    for r in read_jsonl(data_dir / "llm-rewrite-dev.jsonl"):
        a, b = (r["original"], r["rewrite"]) if r["type"] == "positive" else (r["a"], r["b"])
        out.append(
            LlmPair(r["id"], r["type"], a, b, r["set"], r.get("model", ""), r.get("kind", ""))
        )
    return out
