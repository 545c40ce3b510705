"""The investigators' app driven through a real browser (system Chromium through Playwright).

One server over a copy of notes/2025 and one browser serve the whole module; the tests run
in order, as an investigator would: give a name, open the round, confirm and reject codes,
add a theme by its label, override a cell and see Tabell 1 change, pick a quote by selecting
words, download report.docx and find both in it. Every flow is done with the keyboard where
the flow allows (Tab to the control, Enter), and the pages are photographed into
docs/screenshots/ for the README.
"""

from __future__ import annotations

import io
import shutil
import threading
from pathlib import Path

import docx
import numpy as np
import pytest
from PIL import Image

from dialogtool.app import create_app, serve
from dialogtool.app.server import address
from dialogtool.coding.store import Project
from dialogtool.files import write_bytes
from dialogtool.pipeline import open_round

from conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
#: The tests run in order on one worker (xdist's loadfile): one server, one browser, one investigator's session.
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="the browser tests need Chromium at /usr/bin/chromium "
                                                               "(apt-get install -y chromium chromium-driver)")
sync_api = pytest.importorskip("playwright.sync_api", reason="the browser tests need playwright (pip install playwright)")

SCREENSHOTS = ROOT / "docs" / "screenshots"
NAME = "Anna Andersson"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
#: The most Tab presses a control may take to reach; more means it cannot be reached in practice.
MOST_TABS = 400
#: How far (of 255, in any colour) a pixel may differ from the one it is matched with and still look the same:
#: the antialiasing of text and borders varies between runs; a changed word or figure differs by far more.
ANTIALIASING = 64


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """The app over a copy of notes/2025, served on a free loopback port in a thread."""
    root = tmp_path_factory.mktemp("app")
    notes = root / "notes" / "2025"
    shutil.copytree(ROOT / "notes" / "2025", notes, ignore=shutil.ignore_patterns(".dialogtool.sqlite*"))
    server = serve(create_app(open_round(notes, ROOT / "interview_guides" / "2025.yaml", ROOT / "themes.yaml"),
                              root / "outputs"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": address(server), "notes": notes, "out": root / "outputs"}
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def page(browser, desk):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def tab_to(page, locator) -> None:
    """Press Tab until `locator` has the focus: the control is reachable from the keyboard."""
    target = locator.element_handle()
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("element => element === document.activeElement", target):
            return
    raise AssertionError(f"{locator} cannot be reached with Tab")


def submit(page, key: str = "Enter") -> None:
    """Press `key` on the focused control and wait for the page the form's answer leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def shoot(page, name: str) -> None:
    """Photograph the page into docs/screenshots/`name` for the README, unless the picture there
    already looks the same: a run over an unchanged app leaves the working tree clean."""
    path = SCREENSHOTS / name
    taken = page.screenshot(full_page=False)
    if not (path.exists() and looks_alike(path.read_bytes(), taken)):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        write_bytes(path, taken)


def looks_alike(old: bytes, new: bytes) -> bool:
    """Whether two screenshots look the same to a person: the same size, and every pixel of each
    matched within ANTIALIASING by the other at its place or a neighbouring one (text drawn a
    sub-pixel aside), so a changed figure or word tells them apart, the renderer's noise does not."""
    first, second = (np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.int16) for data in (old, new))
    return first.shape == second.shape and not unmatched(first, second).any() and not unmatched(second, first).any()


def unmatched(image, other):
    """The pixels of `image` that no pixel of `other` at the same place or one pixel aside matches."""
    height, width, _ = image.shape
    padded = np.pad(other, ((1, 1), (1, 1), (0, 0)), mode="edge")
    nearest = np.min([np.abs(image - padded[dy:dy + height, dx:dx + width]).max(axis=2)
                      for dy in range(3) for dx in range(3)], axis=0)
    return nearest > ANTIALIASING


def tabell1(page) -> list[list[str]]:
    return [row.locator("td").all_inner_texts() for row in page.locator("#tabell1-tabell tbody tr").all()]


def test_the_app_asks_the_name_once_then_opens_the_round(page, desk):
    page.goto(desk["url"])
    assert page.locator("h1").inner_text() == "Vem är du?"
    page.keyboard.type(NAME)  # the name field has the focus
    submit(page)
    assert page.locator("h1").inner_text() == "Omgångens läge"
    assert page.locator(".utredare strong").inner_text() == NAME
    assert page.locator("table.anteckningar tbody tr").count() == 21
    assert page.locator("#typologitabell tbody tr").count() == 21
    assert tabell1(page) == [["5 län", "–"], ["10 län", "6 län"]]
    assert page.locator(".diagram").first.locator("dd .antal").all_inner_texts() == ["9", "6", "3", "3"]
    shoot(page, "oversikt.png")


def test_confirm_and_reject_suggested_codes_with_the_keyboard(page, desk):
    page.goto(desk["url"] + "anteckning/L07")
    paragraph = page.locator("article.stycke", has=page.locator("li.tema.forslag")).first
    segment_id = paragraph.get_attribute("id")
    labels = paragraph.locator("li.tema.forslag .etikett").all_inner_texts()
    tab_to(page, paragraph.get_by_role("button", name=f"Bekräfta {labels[0]}"))
    submit(page)
    paragraph = page.locator(f"article[id='{segment_id}']")
    confirmed = paragraph.locator("li.tema", has_text=labels[0])
    assert confirmed.locator(".status").inner_text() == f"bekräftad av {NAME}"
    tab_to(page, paragraph.get_by_role("button", name=f"Avvisa {labels[-1]}"))
    submit(page)
    rejected = page.locator(f"article[id='{segment_id}'] li.tema.avvisad")
    assert rejected.locator(".etikett").inner_text() == labels[-1]
    assert page.locator(".meddelande").inner_text() == f"Avvisade ”{labels[-1]}”."
    decisions = Project.for_notes(desk["notes"]).decisions()
    assert [(d.kind, d.segment_id, d.coder) for d in decisions] == [
        ("code_accepted", segment_id, NAME), ("code_rejected", segment_id, NAME)]


def test_add_a_theme_by_its_label(page, desk):
    page.goto(desk["url"] + "anteckning/L07")
    paragraph = page.locator("article.stycke").nth(2)
    segment_id = paragraph.get_attribute("id")
    field = paragraph.get_by_label("Lägg till tema")
    tab_to(page, field)
    page.keyboard.type("Brukarinflytande")
    submit(page)
    added = page.locator(f"article[id='{segment_id}'] li.tema", has_text="Brukarinflytande")
    assert added.locator(".status").inner_text() == f"tillagd av {NAME}"
    shoot(page, "anteckning.png")


def test_override_a_cell_and_see_tabell_1_and_the_dependent_dimension_change(page, desk):
    page.goto(desk["url"] + "lan/L03")
    cell = page.locator("section#plan_status")
    tab_to(page, cell.locator("summary"))
    page.keyboard.press("Enter")
    tab_to(page, cell.get_by_label("Kategori"))
    page.keyboard.type("Förb")  # a focused list jumps to the option its typed letters begin
    tab_to(page, cell.get_by_label("Skäl"))
    page.keyboard.type("Bedöm")
    assert cell.get_by_label("Skäl").input_value() == "Bedömning efter diskussion i utredargruppen"
    tab_to(page, cell.get_by_label("Kommentar"))
    page.keyboard.type("Planen är en processbeskrivning, inte antagen.")
    submit(page)
    assert page.locator("section#plan_status .kategori").inner_text() == "Förberedande fas"
    assert page.locator("section#plan_koppling .kategori").inner_text() == "–"
    shoot(page, "lan.png")
    page.goto(desk["url"] + "#typologi")
    assert tabell1(page) == [["5 län", "–"], ["9 län", "7 län"]]
    assert page.locator("#typologitabell td.andrad").count() == 1
    shoot(page, "typologi.png")
    page.evaluate("document.getElementById('tabell1').scrollIntoView()")
    shoot(page, "tabell1.png")


def test_pick_a_quote_by_selecting_words_with_the_mouse(page, desk):
    page.goto(desk["url"] + "citat?tema=finansiering")
    candidate = page.locator("article.kandidat", has=page.locator("p.grind", has_text="Klarar")).first
    words = candidate.locator(".ord")
    for first, last in ((0, 6), (12, 17)):
        start, end = words.nth(first).bounding_box(), words.nth(last).bounding_box()
        page.mouse.move(start["x"] + 1, start["y"] + start["height"] / 2)
        page.mouse.down()
        page.mouse.move(end["x"] + end["width"] - 1, end["y"] + end["height"] / 2)
        page.mouse.up()
    texts = words.all_inner_texts()
    expected = f"{' '.join(texts[0:7])} /.../ {' '.join(texts[12:18])} (Utdrag ur minnesanteckningar)"
    assert candidate.locator(".forhandsvisning").inner_text() == expected
    shoot(page, "citat.png")
    tab_to(page, candidate.get_by_role("button", name="Välj som citat"))
    submit(page)
    assert page.locator("#valda blockquote.citat").inner_text() == expected
    (choice,) = Project.for_notes(desk["notes"]).decisions(kind="quote_chosen")
    assert (choice.theme, choice.coder) == ("finansiering", NAME)


def test_a_quote_can_be_shortened_from_the_keyboard_too(page, desk):
    page.goto(desk["url"] + "citat?tema=finansiering")
    paragraph = page.locator("article.kandidat .valbar").first
    tab_to(page, paragraph)
    for key in ("Space", "Shift+ArrowRight", "Shift+ArrowRight"):
        page.keyboard.press(key)
    words = paragraph.locator(".ord").all_inner_texts()
    preview = page.locator("article.kandidat .forhandsvisning").first.inner_text()
    assert preview == f"{' '.join(words[:3])} (Utdrag ur minnesanteckningar)"


def test_the_second_of_two_tabs_gets_a_conflict_not_a_silent_overwrite(page, desk, browser):
    other = page.context.new_page()
    for tab in (page, other):
        tab.goto(desk["url"] + "anteckning/L08")
    first = page.locator("article.stycke", has=page.locator("li.tema.forslag")).first
    label = first.locator("li.tema.forslag .etikett").first.inner_text()
    segment_id = first.get_attribute("id")
    with page.expect_navigation():
        first.get_by_role("button", name=f"Bekräfta {label}").click()
    with other.expect_navigation():
        other.locator(f"article[id='{segment_id}']").get_by_role("button", name=f"Avvisa {label}").click()
    assert other.locator(".meddelande").inner_text().startswith(f"Ditt beslut sparades inte: {NAME} har ändrat samma")
    kinds = [d.kind for d in Project.for_notes(desk["notes"]).decisions() if d.segment_id == segment_id]
    assert kinds == ["code_accepted"]
    status = other.evaluate("async () => (await fetch('/kod', {method: 'POST'})).status")
    assert status == 403
    other.close()


def test_download_the_report_and_find_the_override_and_the_quote_in_it(page, desk):
    page.goto(desk["url"] + "ladda-ner")
    shoot(page, "ladda-ner.png")
    tab_to(page, page.get_by_role("button", name="Rapportutkast (Word)"))
    with page.expect_download(timeout=60_000) as download:
        page.keyboard.press("Enter")
    path = desk["out"] / "nedladdad.docx"
    download.value.save_as(path)
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    (choice,) = Project.for_notes(desk["notes"]).decisions(kind="quote_chosen")
    assert " /.../ ".join(choice.detail["pieces"]) + " (Utdrag ur minnesanteckningar)" in text
    (table,) = [t for t in document.tables
                if any(cell.text == "Inledande förberedelser eller annan modell" for row in t.rows for cell in row.cells)]
    assert [[cell.text for cell in row.cells[1:]] for row in table.rows[2:]] == [["5 län", "–"], ["9 län", "7 län"]]
