"""The officials index (/people/) as one table: a header row per letter inside it, every data
cell labelled for a phone, and a breadcrumb that names a letter in words."""

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest

from tests.test_html_validity import _describe, vnu  # noqa: F401 (vnu is a fixture)

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
LETTERS = ["D", "Đ", "K", "N", "P", "S", "T"]  # the seed officials' given-name letters
COLUMN_LABELS = {
    "vi": ["Chức danh gần nhất được biết", "Quốc tịch", "Bài viết"],
    "en": ["Latest known title", "Nationality", "Articles"],
}
# Vietnamese once /tmp/translations_officials.json is merged into locale/; English until then.
NAMES_UNDER = {"vi": ("Tên vần", "Names under"), "en": ("Names under",)}


class Element:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, tag):
        for child in self.children:
            if isinstance(child, Element):
                if child.tag == tag:
                    yield child
                yield from child.find_all(tag)

    def kids(self, tag):
        return [c for c in self.children if isinstance(c, Element) and c.tag == tag]


class Tree(HTMLParser):
    """Just enough of a DOM for these pages (the templates close every element they open)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#document", {})
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def squash(text):
    return " ".join(text.split())


def get(client, url, language):
    response = client.get(f"/en{url}" if language == "en" else url)
    assert response.status_code == 200, url
    return response.content.decode()


def results_tables(html):
    main = next(Tree(html).root.find_all("main"))
    return list(main.find_all("table"))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_index_is_one_captioned_table_with_a_header_row_per_letter(client, seeded, language):
    tables = results_tables(get(client, "/people/", language))
    assert len(tables) == 1
    table = tables[0]
    assert squash(table.kids("caption")[0].text())
    headers = [squash(th.text()) for th in table.kids("thead")[0].find_all("th")]
    assert headers[1:] == COLUMN_LABELS[language]

    groups = table.kids("tbody")
    assert [squash(tbody.kids("tr")[0].text()) for tbody in groups] == LETTERS
    for tbody, letter in zip(groups, LETTERS, strict=True):
        first, *rows = tbody.kids("tr")
        (heading,) = first.kids("th")
        assert heading.attrs["scope"] == "rowgroup"
        assert heading.attrs["colspan"] == str(len(headers))
        assert heading.attrs["id"] == f"letter-{letter}"
        assert rows, f"no official under {letter}"
        for row in rows:  # every row has as many cells as there are columns
            assert len(row.kids("th")) + len(row.kids("td")) == len(headers)
    names = [squash(th.text()) for th in table.find_all("th") if th.attrs.get("scope") == "row"]
    assert names[0] == "Đào Ngọc Dung" and "Vũ Đức Đam" in names and len(names) == 8


@pytest.mark.parametrize("language", ["vi", "en"])
def test_letter_links_lead_to_a_letter_row_present_on_the_page_they_open(client, seeded, language):
    html = get(client, "/people/", language)
    nav = Tree(html).root
    links = [
        a.attrs["href"]
        for ul in nav.find_all("ul")
        if "letters" in ul.attrs.get("class", "")
        for a in ul.find_all("a")
        if "letter=" in a.attrs["href"] and not a.attrs["href"].endswith("letter=")
    ]
    assert len(links) == len(LETTERS)
    for href in links:
        parts = urlsplit(href)
        assert parts.fragment, f"{href} points at no letter row"
        target = get(client, f"/people/?{parts.query}", language)
        ids = re.findall(r'id="([^"]+)"', target)
        assert unquote(parts.fragment) in ids, href


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_data_cell_carries_its_column_label(client, seeded, language):
    (table,) = results_tables(get(client, "/people/", language))
    rows = [row for tbody in table.kids("tbody") for row in tbody.kids("tr")[1:]]
    assert rows
    for row in rows:
        cells = row.kids("td")
        labels = [
            squash(span.text())
            for cell in cells
            for span in cell.find_all("span")
            if "cell-label" in span.attrs.get("class", "")
        ]
        assert labels == [f"{label}:" for label in COLUMN_LABELS[language]], squash(row.text())
    son = next(row for row in rows if "Bùi Thanh Sơn" in row.text())
    assert squash(son.kids("td")[-1].text()) == f"{COLUMN_LABELS[language][-1]}: 2"


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    ("url", "letter", "current"),
    [
        ("/people/?letter=S", "S", None),
        ("/people/?letter=%C4%91", "Đ", None),
        ("/people/bui-thanh-son/", "S", "Bùi Thanh Sơn"),
    ],
)
def test_breadcrumb_names_the_letter_in_words(client, seeded, language, url, letter, current):
    html = get(client, url, language)
    (crumbs,) = [n for n in Tree(html).root.find_all("nav") if n.attrs.get("class") == "breadcrumb"]
    items = [squash(li.text()) for li in crumbs.find_all("li")]
    officials = "Quan chức" if language == "vi" else "Officials"
    assert items[0] == officials and items[2:] == ([current] if current else [])
    assert items[1] in {f"{words} {letter}" for words in NAMES_UNDER[language]}
    assert letter not in items


def test_index_without_a_letter_has_no_breadcrumb(client, seeded):
    assert 'class="breadcrumb"' not in get(client, "/people/", "en")


def test_officials_index_pages_are_valid_html(client, seeded, vnu):  # noqa: F811
    documents = {
        f"{language} {url}": get(client, url, language)
        for language in ("vi", "en")
        for url in ("/people/", "/people/?letter=S", "/people/?letter=Đ", "/people/bui-thanh-son/")
    }
    failures = vnu(documents)
    report = [
        f"{label}:\n" + "\n".join(_describe(message) for message in messages)
        for label, messages in failures.items()
        if messages
    ]
    assert not report, "\n\n".join(report)


def test_the_agency_and_nationality_choices_are_those_of_public_officials(client):
    """The agencies offered are those where a public position is held, the nationalities
    those of public officials: asked of each agency and country (EXISTS), not found by
    joining every position and official and setting the repeats aside (DISTINCT), work that
    grew with the officials. A position only a draft names is not offered."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article
    from tests.factories import (
        AgencyFactory,
        ArticleFactory,
        CountryFactory,
        PersonFactory,
        PersonMentionFactory,
        PositionFactory,
    )

    held, drafted = AgencyFactory(), AgencyFactory()
    AgencyFactory()  # where no one holds a position
    cuba, laos = CountryFactory(), CountryFactory()
    minister = PersonFactory(nationality=cuba)
    PersonFactory(nationality=cuba)
    PositionFactory(person=minister, agency=held)
    PositionFactory(person=minister, agency=held, title_vi="Bộ trưởng", title_en="Minister")
    newcomer = PersonFactory(nationality=laos)
    position = PositionFactory(person=newcomer, agency=drafted)
    mention = PersonMentionFactory(
        article=ArticleFactory(status=Article.Status.DRAFT), person=newcomer
    )
    mention.positions.add(position)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/people/")
    assert response.status_code == 200
    html = response.content.decode()
    agencies = re.findall(
        r'<option value="([^"]+)"', html.split('name="agency"', 1)[1].split("</select>", 1)[0]
    )
    nationalities = re.findall(
        r'<option value="([^"]+)"', html.split('name="nationality"', 1)[1].split("</select>", 1)[0]
    )
    assert agencies == [held.slug]
    assert nationalities == [cuba.code]
    choices = [
        q["sql"]
        for q in queries
        if q["sql"].startswith(('SELECT "people_agency"', 'SELECT "people_country"'))
    ]
    assert len(choices) == 2 and all(
        "EXISTS" in sql and "DISTINCT" not in sql for sql in choices
    ), choices
