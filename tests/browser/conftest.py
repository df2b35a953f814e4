"""A real browser for the exports a browser reads: Debian's headless Chromium, driven by
Playwright (which never downloads a browser of its own here), reading pages from a
loopback HTTP server that serves the official TimelineJS package from node_modules.

Without Chromium, Playwright or the npm package the tests skip and say what to install;
with `CI` set they fail instead, so a CI machine that lost its browser cannot pass.
`.ci/browser` installs all three.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
TIMELINEJS = HERE / "node_modules" / "@knight-lab" / "timelinejs"
CHROMIUM = os.environ.get("CLAIMLINE_CHROMIUM", "/usr/bin/chromium")
# Headless as root needs --no-sandbox; the rest keep the browser from calling out.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason: str) -> None:
    message = f"{reason}; run .ci/browser to install the browser tests' needs"
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests: {message}", pytrace=False)
    pytest.skip(message)


@dataclass
class Site:
    """The loopback server's folder and every path it was asked for."""

    root: Path
    base: str
    requested: list[str] = field(default_factory=list)

    def put(self, name: str, text: str) -> str:
        """Serve `text` at /name; returns its address."""
        (self.root / name).write_text(text, encoding="utf-8")
        return f"{self.base}/{name}"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    if not (TIMELINEJS / "dist" / "js" / "timeline.js").exists():
        _unavailable(f"TimelineJS is not installed in {TIMELINEJS.parent.parent}")
    root = tmp_path_factory.mktemp("site")
    (root / "timelinejs").symlink_to(TIMELINEJS / "dist", target_is_directory=True)
    for page in ("timeline.html", "jsonld.html"):
        shutil.copy(HERE / page, root / page)
    requested: list[str] = []

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            requested.append(self.path)

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(root, f"http://127.0.0.1:{server.server_address[1]}", requested)
    finally:
        server.shutdown()
        server.server_close()


# Per module, not per session: Playwright's sync API keeps an event loop marked as running
# while it is started, and the app's async tests that run next in the same process fail
# ("Runner.run() cannot be called from a running event loop") until it stops.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        _unavailable(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[test]')")
    playwright = sync_playwright().start()
    try:
        # Playwright gives every launch a fresh, temporary profile.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser: Any, site: Site) -> Iterator[Any]:
    """A new page that may reach the loopback server only; `page.outside` lists any other
    address it tried, `page.problems` its script errors and console errors."""
    site.requested.clear()  # from here on, what this test's pages asked for
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    page.outside = []
    page.problems = []

    def route(route: Any) -> None:
        if route.request.url.startswith(site.base + "/"):
            route.continue_()
        else:
            page.outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
    page.on(
        "console",
        lambda message: (
            page.problems.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    try:
        yield page
    finally:
        context.close()
