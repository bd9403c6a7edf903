"""Finding an article that is probably already in the archive."""

import pytest

from articles.models import Article
from articles.services import article_folded_text
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _article(title, **kwargs):
    return ArticleFactory(title=title, folded_text=article_folded_text(title, ["Đoạn."]), **kwargs)


def test_title_equal_after_folding_is_a_duplicate():
    existing = _article("Ngoại giao Việt Nam hội nhập sâu rộng")
    found = Article.objects.duplicates_of(title="NGOAI GIAO viet nam hoi nhap sau rong")
    assert list(found) == [existing]


def test_tone_mark_on_another_vowel_is_the_same_title():
    existing = _article("Hòa bình và hợp tác")
    assert list(Article.objects.duplicates_of(title="Hoà bình và hợp tác")) == [existing]


def test_title_that_only_starts_the_same_is_not_a_duplicate():
    _article("Ngoại giao kinh tế")
    assert not Article.objects.duplicates_of(title="Ngoại giao").exists()
    assert not Article.objects.duplicates_of(title="Ngoại giao kinh tế mới").exists()


def test_title_matches_a_row_written_without_folded_text():
    existing = ArticleFactory(title="Bài không có văn bản gấp")
    assert existing.folded_text == ""
    assert list(Article.objects.duplicates_of(title="Bài không có văn bản gấp")) == [existing]


def test_same_source_url_is_a_duplicate_whatever_the_title():
    existing = _article("Một tiêu đề", source_url="https://baoquocte.vn/bai-1.html")
    found = Article.objects.duplicates_of(
        title="Tiêu đề khác", source_url=" https://baoquocte.vn/bai-1.html "
    )
    assert list(found) == [existing]


def test_the_article_itself_is_excluded_and_blank_input_finds_nothing():
    existing = _article("Bài số một", source_url="https://example.org/1")
    assert not Article.objects.duplicates_of(
        title="Bài số một", source_url="https://example.org/1", exclude_pk=existing.pk
    ).exists()
    assert not Article.objects.duplicates_of(title="  ", source_url="").exists()
    assert not Article.objects.duplicates_of().exists()


def test_the_folded_title_follows_the_title():
    article = _article("Ngoại giao kinh tế")
    assert article.folded_title == "ngoai giao kinh te"
    article.title = "HỘI NHẬP quốc tế"
    article.save(update_fields=["title"])
    article.refresh_from_db()
    assert article.folded_title == "hoi nhap quoc te"


def test_the_lookup_reads_indexed_columns_not_the_article_text():
    # At 100,000 articles a prefix match over every article's text would scan them all.
    sql = str(Article.objects.duplicates_of(title="Bài", source_url="https://a.vn/1").query)
    where = sql.split(" WHERE ", 1)[1]
    assert "folded_text" not in where
    assert '"folded_title" = ' in where and '"source_url" = ' in where
    indexed = {
        field.name
        for field in Article._meta.fields
        if field.db_index or field.unique or field.primary_key
    }
    assert {"folded_title", "source_url"} <= indexed
