"""Output: result files (JSONL, Parquet) and the terminal summary (:mod:`unspin.output.files`)."""

from unspin.output.files import summary_lines, summary_text, write_scan

__all__ = ["summary_lines", "summary_text", "write_scan"]
