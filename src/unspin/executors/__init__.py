"""Executors: run the stages over a corpus.

:mod:`unspin.executors.local` is the in-process scan (:func:`unspin.scan`) with worker
processes (:mod:`~unspin.executors.parallel`), texts spilled to disk between stages
(:mod:`~unspin.executors.spill`) and the cycle collector paused where nothing makes cycles
(:mod:`~unspin.executors.gcpause`). The persistent index and the Spark engine call the same
stage functions.
"""
