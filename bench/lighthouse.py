"""Lighthouse (mobile preset) on the pages a student sees most, against a running app.

    make run                      # in one terminal (or any MythCheck you can reach)
    make lighthouse               # or: .venv/bin/python bench/lighthouse.py --url URL

Logs in as demo-student (finishing its myth check first if needed, so lessons
open), then audits the first lesson, a question of its quiz and My myths with a
cold cache, and prints the performance, accessibility and best-practices scores
and the bytes transferred. Lighthouse 12.2 (it runs on Node 20) is installed
from npm into ~/.cache/mythcheck on first use; Chromium is Debian's.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_VERSION = "12.2"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "mythcheck"
LIGHTHOUSE = CACHE / f"lighthouse-{LIGHTHOUSE_VERSION}" / "node_modules" / ".bin" / "lighthouse"
RESULTS = ROOT / "bench" / "results" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)
# Flask-Login's strong session protection ties the session to the User-Agent,
# so our login and Lighthouse's page loads must send the same one.
USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36"
)
CATEGORIES = ("performance", "accessibility", "best-practices")
CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')


def ensure_lighthouse() -> Path:
    if not LIGHTHOUSE.exists():
        print(f"Installing Lighthouse {LIGHTHOUSE_VERSION} into {LIGHTHOUSE.parents[2]} ...")
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(LIGHTHOUSE.parents[2]),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                f"lighthouse@~{LIGHTHOUSE_VERSION}.0",
            ],
            check=True,
        )
    return LIGHTHOUSE


def csrf_token(html: str) -> str:
    return CSRF.search(html)[1]


def post_form(client: httpx.Client, page_url: str, action: str, data: dict) -> httpx.Response:
    """POST `data` to `action` with the CSRF token of `page_url`, following redirects."""
    token = csrf_token(client.get(page_url).text)
    return client.post(action, data={"csrf_token": token, **data}, follow_redirects=True)


def log_in(client: httpx.Client, username: str, password: str) -> None:
    response = post_form(client, "/login", "/login", {"username": username, "password": password})
    if "/login" in str(response.url):
        sys.exit(f"Could not log in as {username}: run `flask seed-demo` on that app first.")


def answer_until_done(client: httpx.Client, response: httpx.Response) -> httpx.Response:
    """Answer each open question with its first choice, then finish the attempt."""
    while "/questions/" in str(response.url):
        html = response.text
        data = {
            "question_id": re.search(r'name="question_id"[^>]*value="([^"]+)"', html)[1],
            "choice": re.search(r'name="choice"[^>]*value="(\d+)"', html)[1],
            "certainty": "1",
        }
        action = re.search(r'action="([^"]+/answer)"', html)[1]
        client.post(action, data={"csrf_token": csrf_token(html), **data})
        response = client.get(str(response.url).rsplit("/questions/", 1)[0], follow_redirects=True)
    if str(response.url).endswith("/finish"):
        response = post_form(client, str(response.url), str(response.url), {})
    return response


def start_quiz(client: httpx.Client, page_url: str) -> httpx.Response:
    html = client.get(page_url).text
    action = re.search(r'action="([^"]+/start)"', html)[1]
    return post_form(client, page_url, action, {})


def pages_to_audit(client: httpx.Client) -> dict[str, str]:
    """The lesson, a question of its quiz and My myths, as absolute URLs."""
    home = client.get("/").text
    lesson = re.search(r'href="(/lessons/[^"]+)"', home)[1]
    if "/myth-check" in str(client.get(lesson, follow_redirects=True).url):
        answer_until_done(client, start_quiz(client, "/myth-check"))
    question = start_quiz(client, lesson)
    if "/questions/" not in str(question.url):
        answer_until_done(client, question)
        question = start_quiz(client, lesson)
    base = str(client.base_url).rstrip("/")
    return {
        "lesson": base + lesson,
        "quiz question": str(question.url),
        "my myths": base + "/my-myths",
    }


def run_lighthouse(lighthouse: Path, name: str, url: str, cookie: str) -> dict:
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = RESULTS / f"{name.replace(' ', '-')}.json"
    subprocess.run(
        [
            str(lighthouse),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--emulated-user-agent={USER_AGENT}",
            f"--extra-headers={json.dumps({'Cookie': cookie})}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
    )
    return json.loads(report.read_text())


def summary(name: str, url: str, result: dict) -> str:
    scores = [round(result["categories"][c]["score"] * 100) for c in CATEGORIES]
    audits = result["audits"]
    total = audits["total-byte-weight"]["numericValue"]
    requests = len(audits["network-requests"]["details"]["items"])
    failed = [
        a["id"]
        for a in audits.values()
        if a.get("score") is not None
        and a["score"] < 0.9
        and a["scoreDisplayMode"] in ("binary", "numeric", "metricSavings")
    ]
    columns = " ".join(f"{score:>5}" for score in scores)
    line = f"{name:<14} {columns} {total / 1024:>8.1f} KB {requests:>5}  {urlsplit(url).path}"
    return line + (f"   below 90: {', '.join(failed)}" if failed else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5000", help="the running app")
    parser.add_argument("--user", default="demo-student")
    parser.add_argument("--password", default="mythcheck-demo")
    args = parser.parse_args()
    lighthouse = ensure_lighthouse()
    headers = {"User-Agent": USER_AGENT}
    with httpx.Client(base_url=args.url, headers=headers, timeout=30) as client:
        try:
            client.get("/healthz")
        except httpx.TransportError:
            sys.exit(f"No MythCheck answers on {args.url}: start it (make run) or pass --url.")
        log_in(client, args.user, args.password)
        pages = pages_to_audit(client)
        cookie = f"session={client.cookies['session']}"
    print(f"\nLighthouse {LIGHTHOUSE_VERSION} mobile on {args.url} as {args.user}")
    print(f"{'page':<14} {'perf':>5} {'a11y':>5} {'bp':>5} {'transferred':>11} {'reqs':>5}  path")
    for name, url in pages.items():
        print(summary(name, url, run_lighthouse(lighthouse, name, url, cookie)), flush=True)
    print(f"Full reports: {RESULTS.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
