"""Drive the web app in Debian's chromium with Playwright: every page, forms, XSS, screenshots."""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from tests.web.conftest import HOSTILE_LICENSE

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "licenses" / "corpus"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS: dict[str, ViewportSize] = {
    "laptop": {"width": 1280, "height": 800},
    "phone": {"width": 390, "height": 844},
}

if not CHROMIUM.exists():  # a skipped browser test is not a passing one
    raise RuntimeError(f"{CHROMIUM} is missing: run scripts/install_browser.sh (scripts/test does)")


@dataclass(frozen=True)
class Visit:
    """A browser page at one viewport width, with the script errors it raised."""

    page: Page
    """The Playwright page."""
    width_name: str
    """``laptop`` or ``phone``."""
    errors: list[str] = field(default_factory=list)
    """Uncaught page errors."""


@pytest.fixture(scope="module")
def base_url(app: FastAPI) -> Iterator[str]:
    """Serve the app with uvicorn on a free loopback port in a thread."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Launch headless chromium once for the module."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield launched
        launched.close()


@pytest.fixture(params=list(VIEWPORTS))
def visit(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Visit]:
    """Open a page at the laptop and the phone widths, collecting page errors."""
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    opened = Visit(context.new_page(), request.param)
    opened.page.on("pageerror", lambda error: opened.errors.append(str(error)))
    yield opened
    context.close()


def shoot(visit: Visit, name: str) -> None:
    """Save a full-page screenshot under tests/web/artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}-{visit.width_name}.png"
    visit.page.screenshot(path=str(path), full_page=True)


@pytest.mark.parametrize(
    ("name", "path", "heading"),
    [
        ("spectrum", "/", "How open is that model"),
        ("model", "/models/llama-3-8b", "Meta Llama 3 8B"),
        ("compare", "/compare?ids=llama-3-8b,olmo-7b,gpt-4o", "Compare models"),
        ("docs", "/docs", "JSON API"),
        ("missing", "/models/no-such-model", "Not found"),
    ],
)
def test_page_renders(visit: Visit, base_url: str, name: str, path: str, heading: str) -> None:
    visit.page.goto(base_url + path)
    assert heading in visit.page.locator("h1").first.inner_text()
    shoot(visit, name)
    assert visit.errors == []


def test_spectrum_filter_and_chart(visit: Visit, base_url: str) -> None:
    visit.page.goto(base_url + "/")
    assert visit.page.locator("svg#spectrum circle.point").count() > 50
    visit.page.select_option("select[name=tier]", "open_source")
    visit.page.click("form.filters button")
    visit.page.wait_for_url("**tier=open_source**")
    assert visit.page.locator("circle.point-open_weights").count() == 0


def test_license_form_highlights_terms(visit: Visit, base_url: str) -> None:
    text = (CORPUS / "llama-3-community.txt").read_text(encoding="utf-8")
    visit.page.goto(base_url + "/license")
    visit.page.fill("textarea[name=text]", text)
    visit.page.click("form.license-form button")
    visit.page.wait_for_selector("#license-text")
    marks = visit.page.locator("mark.term.kind-user_threshold")
    assert marks.count() >= 1
    assert "700 million" in marks.first.inner_text()
    assert "criterion 5" in visit.page.locator("#result").inner_text()
    shoot(visit, "license")


SPDX = Path(__file__).resolve().parents[1] / "fixtures" / "licenses" / "spdx"


def test_license_form_marks_a_variants_additions_and_unread_sentences(
    visit: Visit, base_url: str
) -> None:
    added = "The Software may not be used for any military purpose."
    unknown = "Licensee shall file a quarterly report with the Licensor."
    text = (
        (SPDX / "MIT.txt")
        .read_text(encoding="utf-8")
        .replace("THE SOFTWARE IS PROVIDED", f"{added} {unknown}\n\nTHE SOFTWARE IS PROVIDED")
    )
    visit.page.goto(base_url + "/license")
    visit.page.fill("textarea[name=text]", text)
    visit.page.click("form.license-form button")
    visit.page.wait_for_selector("#license-text")
    result = visit.page.locator("#result").inner_text()
    assert "A variant of MIT License" in result
    assert "1 added passage" in result and "1 operative sentence" in result
    shown_added = " ".join(visit.page.locator("#license-text .added").all_inner_texts())
    assert added in shown_added and unknown in shown_added
    assert visit.page.locator("#license-text mark.unread").inner_text() == unknown
    assert added in visit.page.locator("#license-text mark.kind-use_restrictions").inner_text()
    shoot(visit, "license-variant")
    assert visit.errors == []


def test_hostile_license_does_not_execute(visit: Visit, base_url: str) -> None:
    visit.page.goto(base_url + "/license")
    visit.page.fill("textarea[name=text]", HOSTILE_LICENSE)
    visit.page.click("form.license-form button")
    visit.page.wait_for_selector("#license-text")
    visit.page.wait_for_timeout(300)
    assert visit.page.evaluate("typeof window.__xss") == "undefined"
    shown = visit.page.locator("#license-text").inner_text()
    assert "<script>window.__xss=1</script>" in shown
    assert 'onerror="window.__xss=1"' in shown
    shoot(visit, "license-hostile")


def test_advisor_renders_chart(visit: Visit, base_url: str) -> None:
    visit.page.goto(base_url + "/advise")
    visit.page.select_option("select[name=privacy]", "required")
    visit.page.click("form.advise-form button")
    visit.page.wait_for_selector("#cost-chart")
    width = visit.page.evaluate("document.getElementById('cost-chart').naturalWidth")
    assert width > 0
    assert visit.page.locator("table.shortlist tbody tr").count() >= 1
    shoot(visit, "advise")


def test_mof_chips_do_not_overlap(visit: Visit, base_url: str) -> None:
    visit.page.goto(base_url + "/models/llama-3-8b")
    boxes = [
        item.bounding_box() for item in visit.page.locator("ul.inline li").all()
    ]  # fmt: skip
    assert len(boxes) >= 2
    for first, second in zip(boxes, boxes[1:], strict=False):
        assert first is not None and second is not None
        same_line = abs(first["y"] - second["y"]) < 2
        assert not same_line or first["x"] + first["width"] <= second["x"] + 0.5


def test_docs_show_code_and_the_address_in_use(visit: Visit, base_url: str) -> None:
    visit.page.goto(base_url + "/docs")
    text = visit.page.locator("main").inner_text()
    assert "``" not in text and "localhost:8000" not in text
    assert f"curl {base_url}/api/models/llama-3-8b" in text
    assert visit.page.locator("table.endpoints code").count() >= 5


def test_a_missing_model_page_links_to_close_models(visit: Visit, base_url: str) -> None:
    visit.page.goto(base_url + "/models/llama3")
    text = visit.page.locator("main").inner_text()
    assert "openness models" not in text and "--online" not in text
    assert visit.page.locator("a[href='/models/llama-3-8b']").count() == 1
    shoot(visit, "missing-suggestions")


def test_obligations_form_shows_blockers_and_duties(visit: Visit, base_url: str) -> None:
    visit.page.goto(base_url + "/obligations")
    visit.page.fill("input[name=model]", "llama-3.2-11b-vision")
    visit.page.select_option("select[name=use]", "saas")
    visit.page.fill("input[name=mau]", "5M")
    visit.page.fill("input[name=region]", "FR")
    visit.page.click("form.advise-form button")
    visit.page.wait_for_selector("#obligations")
    answer = visit.page.locator("#obligations").inner_text()
    assert "not allowed" in answer and "European Union, where you are" in answer
    assert "“Built with Llama”" in answer
    shoot(visit, "obligations")
    assert visit.errors == []


def test_diff_view_compares_two_pasted_texts(visit: Visit, base_url: str) -> None:
    mit = (CORPUS / "mit-deepseek-code.txt").read_text(encoding="utf-8")
    visit.page.goto(base_url + "/diff")
    visit.page.fill("textarea[name=text_a]", mit)
    visit.page.fill(
        "textarea[name=text_b]", mit + "\nThe Software may not be used for military purposes.\n"
    )
    visit.page.click("form.license-form button")
    visit.page.wait_for_selector("#diff")
    shown = visit.page.locator("#diff").inner_text()
    assert "pass → fail" in shown and "military purposes" in shown
    visit.page.goto(base_url + "/diff?a=llama3&b=llama3.1")
    assert visit.page.locator(".diff-removed").count() == 1
    shoot(visit, "diff")
    assert visit.errors == []


def test_landscape_page_shows_its_charts(
    visit: Visit, base_url: str, app: FastAPI, tmp_path: Path
) -> None:
    from openness.audit.embedded import audit_embedded
    from openness.kb.loader import load_catalog

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from synthetic_hub import records

    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(records(3_000, seed=5)) + "\n")
    audit = tmp_path / "audit.json"
    audit.write_text(json.dumps(audit_embedded([dump], load_catalog()).to_dict()))
    app.state.landscape = audit
    try:
        visit.page.goto(base_url + "/landscape")
        assert visit.page.locator("#landscape svg.chart").count() == 4
        assert visit.page.locator("#landscape svg rect").count() > 20
        shoot(visit, "landscape")
    finally:
        app.state.landscape = None
    assert visit.errors == []
