"""A syndicated republication, shared by the newswire tests and the Spark engine's corpora."""

from __future__ import annotations

import random


def light_edit(text: str, k: int, rng: random.Random) -> str:
    """A site's republication: its own header and footer, a word or two changed."""
    words = text.split(" ")
    for _ in range(2):
        at = rng.randrange(len(words))
        words[at] = words[at].upper() if rng.random() < 0.5 else words[at] + ","
    header = f"Site {k} News | Home | Local | Sport | Weather\n\n"
    footer = f"\n\nCopyright Site {k} Media Group {k % 7}. All rights reserved."
    return header + " ".join(words) + footer
