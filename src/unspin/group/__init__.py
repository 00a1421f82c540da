"""Grouping: verified pairs into copy families and stories (:mod:`unspin.group.cluster`)."""

from unspin.group.cluster import UnionFind, average_linkage, components

__all__ = ["UnionFind", "average_linkage", "components"]
