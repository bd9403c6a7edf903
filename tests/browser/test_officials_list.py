"""The officials index in a real browser: one table whose columns line up across letters on
a wide screen, and on a phone a block per official whose every cell shows its column's name.
Screenshots of both widths are kept in the test's tmp_path (pytest keeps the last runs)."""

from django.urls import reverse

from tests.browser.conftest import axe_violations, describe_violations, preload_axe

COLUMNS = 4  # official, latest known title, nationality, articles

# For each data cell: where its label ends and where the value right after it begins.
LABEL_AND_VALUE = """() => [...document.querySelectorAll(".officials-table tbody td")]
  .filter((cell) => cell.offsetParent !== null)
  .map((cell) => {
    const label = cell.querySelector(".cell-label");
    const range = document.createRange();
    range.setStartAfter(label);
    range.setEnd(cell, cell.childNodes.length);
    const value = [...range.getClientRects()].find((r) => r.width > 0);
    const box = label.getBoundingClientRect();
    return {
      label: label.innerText.trim(), text: cell.innerText.trim(),
      labelShown: getComputedStyle(label).display !== "none" && box.width > 0,
      labelRight: box.right, labelTop: box.top,
      valueLeft: value ? value.left : null, valueTop: value ? value.top : null,
    };
  })"""


def index(server, page, width, height):
    preload_axe(page)  # the site's CSP refuses a script injected after the page loads
    page.set_viewport_size({"width": width, "height": height})
    page.goto(server.url + "/en" + reverse("people:person-list"))


def test_columns_line_up_across_letters_on_a_wide_screen(seeded_live_server, page, tmp_path):
    index(seeded_live_server, page, 1280, 900)
    page.screenshot(path=tmp_path / "officials-1280.png", full_page=True)
    assert page.locator("main table").count() == 1
    groups = page.locator(".officials-table tbody")
    assert groups.count() == 7  # D Đ K N P S T
    lefts = {column: set() for column in range(COLUMNS)}
    for group in groups.all():
        first_row = group.locator("tr").nth(1)  # after the letter's own header row
        cells = first_row.locator("th, td")
        assert cells.count() == COLUMNS
        for column in range(COLUMNS):
            lefts[column].add(round(cells.nth(column).bounding_box()["x"]))
    assert all(len(xs) == 1 for xs in lefts.values()), lefts
    assert len({x for xs in lefts.values() for x in xs}) == COLUMNS  # four distinct columns
    headers = page.locator(".officials-table thead th")
    assert [round(headers.nth(c).bounding_box()["x"]) for c in range(COLUMNS)] == [
        lefts[c].pop() for c in range(COLUMNS)
    ]
    # The labels are for the phone layout only.
    assert not any(cell["labelShown"] for cell in page.evaluate(LABEL_AND_VALUE))
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def test_each_cell_shows_its_label_beside_its_value_on_a_phone(seeded_live_server, page, tmp_path):
    index(seeded_live_server, page, 390, 844)
    page.screenshot(path=tmp_path / "officials-390.png", full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390

    cells = page.evaluate(LABEL_AND_VALUE)
    assert len(cells) >= 8 * 2  # title and articles for each of the eight officials
    for cell in cells:
        assert cell["labelShown"], cell
        assert cell["text"].startswith(cell["label"]), cell
        # The value starts on the label's line, to its right.
        assert cell["valueLeft"] >= cell["labelRight"] - 1, cell
        assert abs(cell["valueTop"] - cell["labelTop"]) < 4, cell
    son = page.locator(".officials-table tr", has_text="Bùi Thanh Sơn")
    assert son.locator("td").last.inner_text().strip() == "Articles: 2"

    # The real column headers are still there for assistive technology.
    table = page.get_by_role("table", name="Officials by the letter of their given name")
    assert table.get_by_role("columnheader").count() == COLUMNS
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
