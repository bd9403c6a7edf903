"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's
``live_server``. Playwright cannot download browsers here, so the system's Chromium is used
(Debian package `chromium`); axe-core comes from `npm ci` (node_modules/axe-core).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from tests.seed_snapshot import seeded_database

# Playwright's sync API keeps an event loop running in the test thread; Django would then
# refuse synchronous database access from the test thread (SynchronousOnlyOperation).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps trying to reach Google's services on a closed network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    assert shutil.which(CHROMIUM), (
        f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) "
        "or point the CHROMIUM variable at a Chromium binary"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page (its own context: no cookies or storage shared between tests)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def seeded_live_server(transactional_db, live_server):
    """The live server, with the five seed articles in its database."""
    seeded_database(Path(settings.SEED_FILE))
    return live_server


@pytest.fixture(scope="session")
def artifacts_dir():
    """Where browser tests save their screenshots: $TEST_ARTIFACTS_DIR, else
    var/test-artifacts/ in the project (ignored by git; CI can keep it as the run's artifacts)."""
    folder = os.environ.get("TEST_ARTIFACTS_DIR", "").strip()
    path = Path(folder) if folder else Path(settings.BASE_DIR) / "var" / "test-artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def preload_axe(page):
    """Load axe-core into every document the page opens from now on (faster than injecting
    it after each navigation, for a test that checks many pages)."""
    assert AXE_JS.is_file(), f"{AXE_JS} is missing: run `make install` (it runs `npm ci`)"
    page.context.add_init_script(path=str(AXE_JS))


def axe_violations(page, tags=WCAG_22_AA):
    """Run axe-core on the loaded page; return its violations (WCAG 2.2 A and AA rules)."""
    assert AXE_JS.is_file(), f"{AXE_JS} is missing: run `make install` (it runs `npm ci`)"
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
            });
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary})),
            }));
        }""",
        list(tags),
    )


def describe_violations(violations):
    """Each violation's id, help and target selectors (and axe's advice, once per rule)."""
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        lines.append("      targets: " + ", ".join(targets))
        advice = {" ".join((node.get("summary") or "").split()) for node in violation["nodes"]}
        lines += [f"      {text[:400]}" for text in sorted(advice) if text]
    return "\n".join(lines)
