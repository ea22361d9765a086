"""A real browser (Debian's chromium, headless) on the live server: the report page's marked
spans are visible and lead to their facts; the index links work; screenshots look right.

Screenshots go to ``$TIPKG_SCREENSHOTS`` when set (to look at them), else a temp folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from ld_pick import local_path, report_with_spans, spans_of

webdriver = pytest.importorskip("selenium.webdriver")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("chromedriver")), reason="needs Debian's chromium and chromium-driver"),
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = shutil.which("chromium")
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1280,1600",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _shot(driver, tmp_path: Path, name: str) -> Path:
    folder = Path(os.environ.get("TIPKG_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    assert driver.save_screenshot(str(path))
    assert path.stat().st_size > 10_000  # a rendered page, not a blank one
    return path


def test_report_page_shows_marked_spans_that_lead_to_facts(browser, ld_server, ld_store, tmp_path):
    from selenium.webdriver.common.by import By

    report = report_with_spans(ld_store)
    spans = spans_of(ld_store, report)
    browser.get(ld_server.url + local_path(report))  # the thing's IRI: the browser follows the 303
    assert "/doc/" in browser.current_url
    text = ld_store.select(f"SELECT ?t WHERE {{ <{report}> <https://schema.org/text> ?t }}")[0]["t"]
    marks = browser.find_elements(By.CSS_SELECTOR, ".report-text mark.ev")
    assert len(marks) >= 1
    leaves = [m for m in marks if m.find_elements(By.XPATH, "./a")]
    assert leaves
    for mark in leaves:
        assert mark.is_displayed()
        start, end = int(mark.get_attribute("data-start")), int(mark.get_attribute("data-end"))
        assert mark.text == str(text)[start:end].strip() or mark.get_attribute("textContent") == str(text)[start:end]
        color = mark.value_of_css_property("background-color")
        assert color not in ("rgba(0, 0, 0, 0)", "transparent")  # actually highlighted
    _shot(browser, tmp_path, "report")
    target = leaves[0]
    start, end = int(target.get_attribute("data-start")), int(target.get_attribute("data-end"))
    href = target.find_element(By.XPATH, "./a").get_attribute("href")
    facts = {local_path(f) for f, _, s, e in spans if (s, e) == (start, end)}
    assert href.replace(ld_server.url, "") in facts
    target.find_element(By.XPATH, "./a").click()
    assert browser.current_url.replace(ld_server.url, "").replace("/doc/", "/id/", 1) in facts
    assert browser.find_element(By.CSS_SELECTOR, "section.evidence blockquote").is_displayed()
    _shot(browser, tmp_path, "fact")


def test_index_links_are_followable(browser, ld_server, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(ld_server.url + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text
    _shot(browser, tmp_path, "index")
    link = browser.find_element(By.CSS_SELECTOR, "ul.reports a")
    name = link.text
    link.click()
    assert "/doc/document/" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "h1").text == name or name in browser.page_source
    browser.get(ld_server.url + "/")
    browser.find_element(By.LINK_TEXT, "Dumps").click()
    assert browser.current_url.endswith("/dumps/")
    assert browser.find_elements(By.CSS_SELECTOR, "table.dumps a[download]")
