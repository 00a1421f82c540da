"""Take ``docs/report-pair.png``: the pair view of the example corpus's spun copy.

Scans ``examples/newsroom.jsonl`` (fictional articles of this project, so the picture may
ship), writes its report and photographs ``#pair=harbor-fire-spun,harbor-fire-wire`` in the
system Chromium at 1280 x 1000 pixels.

Usage: python bench/report_screenshot.py [--out docs/report-pair.png]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from unspin.cli import app

ROOT = Path(__file__).resolve().parents[1]
PAIR = "harbor-fire-spun,harbor-fire-wire"


def main() -> None:
    """Scan the example, write the report, save the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report-pair.png")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.html"
        example = str(ROOT / "examples" / "newsroom.jsonl")
        cmd = ["scan", example, "--out", tmp, "--report", str(report), "-q"]
        result = CliRunner().invoke(app, cmd)
        if result.exit_code != 0:
            raise SystemExit(result.output)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(f"{report.as_uri()}#pair={PAIR}")
            page.wait_for_selector("html[data-ready=true]")
            page.screenshot(path=str(args.out))
            browser.close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
