"""Page weight (Playwright) and Lighthouse scores (npm lighthouse 12.8) for `make lighthouse`.

Both run against gunicorn with the production settings (compressed, hashed static files), on
loopback. Map tiles are left out of the page weight: they come from the tile server, not from us.
"""

import json
import os
import statistics
import subprocess
from urllib.parse import urlsplit

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# Targets from the issue.
MAX_SEARCH_PAGE_BYTES = 300 * 1024
MIN_SCORE = 95


def page_weight(url, tile_host):
    """Bytes transferred for url and everything it loads (after the load event), tiles excluded."""
    from playwright.sync_api import sync_playwright

    transferred = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS)
        page = browser.new_page(viewport={"width": 412, "height": 823})
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        urls = {}
        cdp.on("Network.requestWillBeSent", lambda event: urls.__setitem__(event["requestId"], event["request"]["url"]))
        cdp.on(
            "Network.loadingFinished",
            lambda event: transferred.__setitem__(event["requestId"], event["encodedDataLength"]),
        )
        page.goto(url, wait_until="networkidle")
        browser.close()
    counted = {
        request_id: size
        for request_id, size in transferred.items()
        if urlsplit(urls.get(request_id, "")).netloc != urlsplit(tile_host).netloc
    }
    return sum(counted.values()), len(counted)


def lighthouse(url, lighthouse_bin):
    """Lighthouse category scores (0-100), mobile form factor (Lighthouse's default)."""
    completed = subprocess.run(  # noqa: S603 - our own lighthouse install against loopback
        [
            lighthouse_bin,
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        check=True,
        timeout=180,
    )
    report = json.loads(completed.stdout)
    scores = {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    failing = [
        audit["id"]
        for audit in report["audits"].values()
        if audit.get("score") is not None and audit["score"] < 0.9 and audit.get("scoreDisplayMode") == "binary"
    ]
    return scores, failing


def lighthouse_median(url, lighthouse_bin, runs):
    """Median score per category over several runs (Lighthouse's own advice against run-to-run variance)."""
    results = []
    for _ in range(runs + 1):  # one spare run: Chromium now and then dies on a busy machine
        try:
            results.append(lighthouse(url, lighthouse_bin))
        except subprocess.CalledProcessError as error:
            print(f"lighthouse run failed ({error.returncode}): {error.stderr.strip().splitlines()[-1:]}")
        if len(results) == runs:
            break
    if not results:
        return {}, ["every lighthouse run failed"]
    scores = {name: round(statistics.median(scores[name] for scores, _ in results)) for name in CATEGORIES}
    failing = sorted({audit for _, audits in results for audit in audits})
    runs_note = "performance per run: " + ", ".join(str(scores["performance"]) for scores, _ in results)
    return scores, [runs_note, *failing]
