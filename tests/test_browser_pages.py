"""Pages for people in a real browser (Debian's chromium, headless, as test_browser.py):
type and run a query in the editor and read the table; follow an answer row to its words
in the report; switch language; validate a broken triple from the form; axe-core reports
no serious or critical violation on any page; no request leaves the host.

Screenshots of every page in both languages go to ``$TIPKG_SCREENSHOTS`` when set, e.g.
``TIPKG_SCREENSHOTS=/tmp/tipkg-shots .venv/bin/python -m pytest -p no:cacheprovider tests/test_browser_pages.py``
(files ``<page>-<lang>.png``), else to a temp folder.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_browser import _shot

webdriver = pytest.importorskip("selenium.webdriver")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("chromedriver")), reason="needs Debian's chromium and chromium-driver"),
]

AXE = Path(__file__).resolve().parent / "resources" / "axe" / "axe.min.js"

PAGES = {
    "home": "/",
    "commitments": "/commitments",
    "statistics": "/statistics",
    "timeline": "/timeline",
    "quotes": "/quotes",
    "actors": "/actors",
    "countries": "/countries",
    "notes": "/notes",
    "sparql": "/sparql?example=05-disagreeing-statistics",
    "sparql-results": "/sparql?format=html&query=SELECT%20%3Fs%20%3Fl%20WHERE%20%7B%20%3Fs%20a%20tip%3ANewsReport%20%3B%20rdfs%3Alabel%20%3Fl%20%7D",
    "report": "/doc/document/kompas-2023-05-11",
    "fact": "/doc/person/kao-kim-hourn",
    "dataset": "/dataset",
    "ontology": "/ontology",
    "shapes": "/shapes",
    "graph": "/graph/kompas-2023-05-11",
    "validate": "/validate",
    "dumps": "/dumps/",
}


@pytest.fixture(scope="module")
def page_browser(tmp_path_factory):
    """Chromium with its performance log on (every request the page makes is recorded)."""
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = shutil.which("chromium")
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1280,1600",
                "--lang=en-US", f"--user-data-dir={tmp_path_factory.mktemp('chromium-pages')}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def requested(page_browser):
    """Every URL the browser asked for during the module (read from the performance log)."""
    urls: list[str] = []

    def collect() -> list[str]:
        for entry in page_browser.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                urls.append(message["params"]["request"]["url"])
        return urls

    return collect


def _axe(driver) -> list[dict]:
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations)).catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));"
    )
    return [v for v in result if v.get("impact") in ("serious", "critical")]


def _wait(condition, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("the page did not get there in time")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_page_is_accessible_and_pictured(page_browser, live_server, tmp_path, lang):
    from selenium.webdriver.common.by import By

    problems = {}
    for name, path in PAGES.items():
        page_browser.get(live_server.url + path + ("&" if "?" in path else "?") + f"lang={lang}")
        assert page_browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang, name
        assert page_browser.find_element(By.TAG_NAME, "h1").text, name
        if name.startswith("sparql"):
            _wait(lambda: page_browser.find_elements(By.CSS_SELECTOR, ".editor .CodeMirror"))
        violations = _axe(page_browser)
        if violations:
            problems[name] = [(v["id"], v["impact"], v["help"], [n.get("target") for n in v["nodes"][:3]]) for v in violations]
        _shot(page_browser, tmp_path, f"{name}-{lang}")
    assert not problems, json.dumps(problems, indent=1)


def test_type_and_run_a_query_in_the_editor_and_read_the_table(page_browser, live_server, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page_browser.get(live_server.url + "/sparql?lang=en")
    editor = _wait(lambda: page_browser.find_elements(By.CSS_SELECTOR, ".editor .CodeMirror"))[0]
    editor.click()
    field = page_browser.switch_to.active_element
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    field.send_keys("SELECT ?report ?date WHERE { ?report a tip:NewsReport ; schema:datePublished ?date } ORDER BY ?date")
    assert "tip:NewsReport" in page_browser.execute_script("return window.tipkgEditor.getValue()")
    field.send_keys(Keys.CONTROL, Keys.ENTER)  # the editor's key runs the query
    table = _wait(lambda: page_browser.find_elements(By.CSS_SELECTOR, "table.sparql-results"))[0]
    headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    assert headers == ["?report", "?date"]
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == int(page_browser.find_element(By.ID, "result-count").get_attribute("data-count")) >= 3
    dates = [r.find_elements(By.TAG_NAME, "td")[1].text.split()[0] for r in rows]
    assert dates == sorted(dates)
    link = rows[0].find_element(By.CSS_SELECTOR, "td a")
    assert link.text and not link.text.startswith("http")  # a label, not the IRI
    assert "tip:NewsReport" in page_browser.execute_script("return window.tipkgEditor.getValue()")  # the query stays in the editor
    _shot(page_browser, tmp_path, "editor-run")
    link.click()
    assert "/doc/document/" in page_browser.current_url


def test_follow_an_answer_row_to_its_words_in_the_report(page_browser, live_server, tmp_path):
    from selenium.webdriver.common.by import By

    page_browser.get(live_server.url + "/statistics?lang=en")
    side = page_browser.find_element(By.CSS_SELECTOR, ".disagree .side")
    quote = side.find_element(By.CSS_SELECTOR, "blockquote").text.split("\n")[0].strip("“” ")
    side.find_element(By.CSS_SELECTOR, "a.evlink").click()
    assert "/doc/document/" in page_browser.current_url and "#span-" in page_browser.current_url
    anchor = page_browser.current_url.rsplit("#", 1)[1]
    mark = page_browser.find_element(By.ID, anchor)
    assert mark.is_displayed()
    assert page_browser.execute_script("return document.querySelector(':target') && document.querySelector(':target').id") == anchor
    assert mark.get_attribute("textContent").strip() == quote.strip()
    assert mark.value_of_css_property("background-color") not in ("rgba(0, 0, 0, 0)", "transparent")
    _shot(page_browser, tmp_path, "evidence-in-report")
    # and from a row to the fact's own page
    page_browser.get(live_server.url + "/commitments?lang=en")
    row = page_browser.find_element(By.CSS_SELECTOR, "tr.fact-row")
    fact = row.get_attribute("data-fact")
    row.find_element(By.CSS_SELECTOR, "td a").click()
    assert page_browser.current_url.endswith(fact.split("/id/", 1)[1])
    assert page_browser.find_element(By.CSS_SELECTOR, "section.evidence blockquote").is_displayed()


def test_switch_language_keeps_the_page(page_browser, live_server):
    from selenium.webdriver.common.by import By

    page_browser.get(live_server.url + "/quotes?lang=en")
    english = page_browser.find_element(By.TAG_NAME, "h1").text
    page_browser.find_element(By.CSS_SELECTOR, 'nav.lang a[lang="id"]').click()
    assert urlsplit(page_browser.current_url).path == "/quotes"
    assert page_browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id"
    assert page_browser.find_element(By.TAG_NAME, "h1").text != english
    page_browser.find_element(By.CSS_SELECTOR, "header.site nav a[href='/timeline']").click()  # the choice is kept
    assert page_browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id"
    page_browser.find_element(By.CSS_SELECTOR, 'nav.lang a[lang="en"]').click()
    assert page_browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"


def test_keyboard_reaches_the_content_with_a_visible_focus(page_browser, live_server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page_browser.get(live_server.url + "/?lang=en")
    page_browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = page_browser.switch_to.active_element
    assert focused.get_attribute("class") == "skip" and focused.is_displayed()
    assert focused.value_of_css_property("outline-style") != "none"
    focused.send_keys(Keys.ENTER)
    assert page_browser.switch_to.active_element.get_attribute("id") == "main"
    # Tab leaves the query editor instead of being trapped in it
    page_browser.get(live_server.url + "/sparql?lang=en")
    _wait(lambda: page_browser.find_elements(By.CSS_SELECTOR, ".editor .CodeMirror"))[0].click()
    page_browser.switch_to.active_element.send_keys(Keys.TAB)
    assert page_browser.switch_to.active_element.get_attribute("id") != "query-editor"


def test_validate_a_broken_triple_from_the_page(page_browser, live_server, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    page_browser.get(live_server.url + "/validate?lang=en")
    page_browser.find_element(By.NAME, "data").send_keys(
        "@prefix tip: <https://w3id.org/asean-tip/ontology#> . @prefix schema: <https://schema.org/> .\n"
        "<https://w3id.org/asean-tip/id/observation/x> a tip:StatisticalObservation ; schema:value \"many\" .\n")
    Select(page_browser.find_element(By.NAME, "format")).select_by_value("turtle")
    page_browser.find_element(By.CSS_SELECTOR, "form.validate button[type=submit]").click()
    report = _wait(lambda: page_browser.find_elements(By.ID, "report"))[0]
    assert report.find_element(By.TAG_NAME, "h2").text == "Does not conform"
    groups = report.find_elements(By.CSS_SELECTOR, "section.shape-group")
    assert groups
    for group in groups:
        assert group.find_elements(By.CSS_SELECTOR, "tr.violation")
    assert "observation/x" in report.text
    _shot(page_browser, tmp_path, "validate-report")


def test_no_request_leaves_the_host(page_browser, live_server, requested):
    for path in PAGES.values():  # the pages again, after everything the other tests did
        page_browser.get(live_server.url + path)
    urls = requested()
    assert len(urls) > len(PAGES)
    host = urlsplit(live_server.url).netloc
    network = [u for u in urls if urlsplit(u).scheme in ("http", "https", "ws", "wss", "ftp")]  # not the browser's own chrome:// pages
    assert len(network) > len(PAGES)
    outside = sorted({u for u in network if urlsplit(u).netloc != host})
    assert not outside, outside
    assert any(u.endswith("/static/vendor/yasqe/yasqe.min.js") for u in urls)
