"""The public surface is exactly what we mean to export (as httpx tests its __all__)."""

from __future__ import annotations

import unspin

EXPECTED = {
    "COPY_RELATIONS",
    "RELATIONS",
    "Comparison",
    "ConfigError",
    "Document",
    "IncompatibleIndexError",
    "IngestError",
    "MissingDependencyError",
    "PairResult",
    "Relation",
    "ScanResult",
    "Skipped",
    "Span",
    "SpillError",
    "StoreError",
    "UnspinError",
    "__version__",
    "compare",
    "extract_html",
    "scan",
}


def test_all_is_the_public_surface() -> None:
    assert set(unspin.__all__) == EXPECTED
    for name in EXPECTED:
        assert hasattr(unspin, name)


def test_relations_are_ordered_and_copy_set_is_consistent() -> None:
    assert unspin.RELATIONS[0] == "duplicate" and unspin.RELATIONS[-1] == "unrelated"
    assert set(unspin.COPY_RELATIONS) < set(unspin.RELATIONS)
    assert "same_story" not in unspin.COPY_RELATIONS
