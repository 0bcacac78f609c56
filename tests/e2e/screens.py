"""Screenshots for people to look at: saved when E2E_SHOTS names a folder."""

import os
from pathlib import Path


def shot(page, name: str) -> None:
    folder = os.environ.get("E2E_SHOTS")
    if folder:
        size = page.viewport_size
        scheme = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        label = f"{name}-{size['width']}x{size['height']}-{'dark' if scheme else 'light'}"
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{label}.png"), full_page=True)
