"""Citations of articles and answers: readable, and as BibTeX, RIS and CSL-JSON, each read
back with a parser (bibtexparser, rispy, json) and checked against the seed article."""

import json
import re
from pathlib import Path

import bibtexparser
import pytest
import rispy
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, PersonFactory, PersonMentionFactory

pytestmark = pytest.mark.django_db

# The seed interview with a byline, an inferred year and an answer by a director.
SLUG = "vu-hop-tac-quoc-te-day-manh-ngoai-giao-hoi-nhap-quoc-te"


@pytest.fixture
def article(seeded):
    return Article.objects.get(slug=SLUG)


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def download(client, article, fmt, anchor=""):
    url = reverse("articles:citation-download", args=[article.slug, fmt])
    response = client.get(f"{url}?anchor={anchor}" if anchor else url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # it states the day accessed
    return body(response)


def canonical(article, anchor="") -> str:
    return f"http://testserver/articles/{article.slug}/" + (f"#{anchor}" if anchor else "")


def test_the_readable_citation_states_what_the_archive_holds(client, article):
    page = client.get(reverse("articles:citation", args=[article.slug]))
    text = re.search(r'<p class="citation">(.*?)</p>', page.content.decode(), re.S).group(1)
    text = text.replace("&#x27;", "'")
    assert article.byline and text.startswith(f"{article.byline}.")
    assert f"“{article.title}.”" in text
    assert f"{article.publication.name}, {article.date_display} (ngày được suy luận)." in text
    assert article.source_url in text
    assert canonical(article) in text
    assert timezone.localdate().isoformat() in text


def test_the_english_page_cites_the_canonical_address(client, article):
    page = client.get(f"/en/articles/{article.slug}/cite/").content.decode()
    text = re.search(r'<p class="citation">(.*?)</p>', page, re.S).group(1)
    assert canonical(article) in text
    assert "/en/" not in text  # the page's own address (og:url) may be English; the citation not
    assert "(date inferred)" in text


def test_bibtex_reads_back(client, article):
    library = bibtexparser.parse_string(download(client, article, "bib"))
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "online"
    fields = {field.key: field.value for field in entry.fields}
    assert fields["title"] == article.title
    assert fields["author"] == article.byline
    assert fields["journaltitle"] == article.publication.name
    assert fields["date"] == str(article.date.year)  # known to the year only
    assert fields["url"] == article.source_url
    assert fields["urldate"] == timezone.localdate().isoformat()
    assert "Ngày được suy luận, nguồn không ghi: " in fields["note"]  # the Vietnamese page's


def test_ris_reads_back(client, article):
    (entry,) = rispy.loads(download(client, article, "ris"))
    assert entry["type_of_reference"] == "NEWS"
    assert entry["title"] == article.title
    assert entry["secondary_title"] == article.publication.name
    assert entry["authors"] == [article.byline]
    assert entry["date"] == f"{article.date.year}///"
    assert entry["urls"] == [article.source_url, canonical(article)]
    assert entry["access_date"] == timezone.localdate().strftime("%Y/%m/%d")


def test_csl_json_reads_back(client, article):
    (item,) = json.loads(download(client, article, "json"))
    assert {"id", "type", "title", "issued"} <= set(item)
    assert item["type"] == "interview"
    assert item["issued"] == {"date-parts": [[article.date.year]], "circa": True}
    assert item["container-title"] == article.publication.name
    assert item["author"] == [{"literal": article.byline}]
    assert item["archive_location"] == canonical(article)


def test_an_answer_is_cited_at_its_anchor_with_its_speaker_and_title(client, article):
    answer = article.segments.filter(kind="answer").order_by("position").first()
    speaker = answer.speaker
    (item,) = json.loads(download(client, article, "json", answer.anchor))
    assert item["author"] == [{"literal": speaker.name}]
    assert item["interviewer"] == [{"literal": article.byline}]
    assert item["archive_location"] == canonical(article, answer.anchor)
    assert f"Câu trả lời {answer.anchor} của {speaker.name} (" in item["note"]
    (entry,) = rispy.loads(download(client, article, "ris", answer.anchor))
    assert entry["authors"] == [speaker.name]
    page = client.get(f"{reverse('articles:citation', args=[article.slug])}?anchor={answer.anchor}")
    assert canonical(article, answer.anchor) in page.content.decode()


def test_the_article_page_offers_the_citation_and_one_per_answer(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'class="citation"' in page and canonical(article) in page
    for anchor in article.segments.filter(kind="answer").values_list("anchor", flat=True):
        assert f"/articles/{article.slug}/cite/?anchor={anchor}" in page
    for fmt in ("bib", "ris", "json"):
        assert reverse("articles:citation-download", args=[article.slug, fmt]) in page


def test_the_citation_is_not_set_in_a_monospace_font():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    rule = re.search(r"\.citation \{([^}]*)\}", css).group(1)
    assert "monospace" not in rule


def test_a_bad_anchor_gets_a_400_saying_what_to_fix(client, article):
    url = reverse("articles:citation-download", args=[article.slug, "ris"])
    response = client.get(f"{url}?anchor=zz")
    assert response.status_code == 400 and "a2" in response.content.decode()
    page = client.get(f"{reverse('articles:citation', args=[article.slug])}?anchor=zz")
    assert page.status_code == 400 and "zz" in page.content.decode()
    unknown_format = f"/articles/{article.slug}/cite.docx"
    assert client.get(unknown_format).status_code == 404


def test_a_draft_has_no_citation(client, seeded):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    assert client.get(reverse("articles:citation", args=[draft.slug])).status_code == 404
    url = reverse("articles:citation-download", args=[draft.slug, "bib"])
    assert client.get(url).status_code == 404


def test_a_filtered_list_cites_every_article_across_its_pages(client, db):
    person = PersonFactory()
    for _ in range(25):  # more than a page of the list
        PersonMentionFactory(person=person)
    PersonMentionFactory(person=person, article=ArticleFactory(status=Article.Status.DRAFT))
    ArticleFactory()  # not about the person
    url = reverse("articles:list-citations", args=["ris"])
    entries = rispy.loads(body(client.get(f"{url}?person={person.slug}")))
    expected = Article.objects.published().filter(person_mentions__person=person)
    assert sorted(e["title"] for e in entries) == sorted(a.title for a in expected)
    assert len(entries) == 25
    items = json.loads(body(client.get(f"{reverse('articles:list-citations', args=['json'])}")))
    assert len(items) == Article.objects.published().count() == 26
    library = bibtexparser.parse_string(
        body(client.get(reverse("articles:list-citations", args=["bib"])))
    )
    assert len(library.entries) == 26 and not library.failed_blocks
    bad = client.get(f"{url}?person=nobody")
    assert bad.status_code == 400 and "nobody" in bad.content.decode()


@pytest.mark.parametrize("size", [3, 40])
def test_list_citations_run_the_same_queries_whatever_the_size(
    client, db, django_assert_max_num_queries, size
):
    ArticleFactory.create_batch(size)
    with django_assert_max_num_queries(4):
        assert len(json.loads(body(client.get("/articles/cite.json")))) == size
