"""The admin staff work in: every page loads, search ignores diacritics, slugs fill in,
drafts stay private until published, and duplicates are caught."""

import json

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.forms import ModelChoiceField
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from articles.admin import ArticleAdmin
from articles.models import Article, Segment
from people.models import Person
from tests.admin_forms import form_data, shown
from tests.factories import AgencyFactory, ArticleFactory, PublicationFactory, SegmentFactory
from tests.scale import build_corpus

pytestmark = pytest.mark.django_db

CONTENT_APPS = ("people", "events", "articles")
MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in CONTENT_APPS),
    key=lambda model: (model._meta.app_label, model._meta.model_name),
)
MODEL_IDS = [f"{m._meta.app_label}.{m._meta.model_name}" for m in MODELS]
# Filters with counts, the date hierarchy and the page itself: a fixed number of queries
# whatever the size of the archive.
CHANGELIST_BUDGET = 20

ARTICLE_2021 = "ba-tru-cot-xay-dung-nen-ngoai-giao-viet-nam-toan-dien-hien-dai"


def url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def article_form(**overrides) -> dict:
    """What the add form posts for a new article with one paragraph."""
    data = {
        "title": "Ngoại giao kinh tế năm 2024",
        "slug": "",
        "kind": "report",
        "publication": str(PublicationFactory().pk),
        "source_url": "",
        "source_credit": "",
        "byline": "",
        "photo_credits": "[]",
        "date": "2024-03-05",
        "date_precision": "day",
        "date_inferred_reason": "",
        "title_inferred_reason": "",
        "save_anyway": "False",
    }
    for prefix in (
        "segments",
        "person_mentions",
        "agency_mentions",
        "country_mentions",
        "body_mentions",
        "conference_mentions",
        "document_mentions",
    ):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    data |= {
        "segments-TOTAL_FORMS": "1",
        "segments-0-position": "1",
        "segments-0-kind": "paragraph",
        "segments-0-text": "Ngoại giao kinh tế là một trụ cột.",
    }
    data.update(overrides)
    return data


# --- every page ---------------------------------------------------------------------------------


def test_every_content_model_is_in_the_admin_and_the_search_index_is_not():
    names = {m._meta.model_name for m in MODELS}
    assert {"article", "segment", "person", "position", "agency", "conference"} <= names
    assert {"publication", "document", "country", "body", "conferenceseries"} <= names
    assert {"participation", "personmention", "documentmention"} <= names
    assert "searchentry" not in names


@pytest.mark.parametrize("model", MODELS, ids=MODEL_IDS)
def test_changelist_add_and_change_pages_load_for_a_superuser(admin_client, seeded, model):
    opts = model._meta
    listing = html(admin_client.get(url(model, "changelist")))
    assert 'id="result_list"' in listing
    assert str(opts.verbose_name).lower() in listing.lower()
    obj = model._default_manager.first()
    assert obj is not None, "the seed import fills every model"
    assert url(model, "change", obj.pk) in listing
    add = html(admin_client.get(url(model, "add")))
    assert f'id="{opts.model_name}_form"' in add
    change = html(admin_client.get(url(model, "change", obj.pk)))
    assert f'id="{opts.model_name}_form"' in change
    assert escape(str(obj))[:30] in change
    history = html(admin_client.get(url(model, "history", obj.pk)))
    assert escape(str(obj))[:30] in history


@pytest.mark.parametrize("size", [0, 300])
@pytest.mark.parametrize("model", MODELS, ids=MODEL_IDS)
def test_changelists_run_a_bounded_number_of_queries(
    admin_client, seeded, django_assert_max_num_queries, model, size
):
    if size:
        build_corpus(size)
    with django_assert_max_num_queries(CHANGELIST_BUDGET):
        page = html(admin_client.get(url(model, "changelist")))
    assert 'id="changelist"' in page


def test_filters_show_counts(admin_client, seeded):
    ArticleFactory(status=Article.Status.DRAFT)
    page = html(admin_client.get(url(Article, "changelist")))
    assert f"{shown('draft')} (1)" in page
    assert f"{shown('published')} (5)" in page


def test_article_list_has_a_date_hierarchy_and_links_to_the_site(admin_client, seeded):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    page = html(admin_client.get(url(Article, "changelist")))
    assert "?date__year=2021" in page
    assert reverse("articles:detail", kwargs={"slug": ARTICLE_2021}) in page
    assert url(Article, "preview", draft.pk) in page


# --- search -------------------------------------------------------------------------------------


def test_search_ignores_diacritics_and_case(admin_client, seeded):
    page = html(admin_client.get(url(Person, "changelist"), {"q": "bui thanh son"}))
    assert "Bùi Thanh Sơn" in page
    assert "Lê Hoài Trung" not in page


def test_article_search_reads_the_folded_title_and_text(admin_client, seeded):
    page = html(admin_client.get(url(Article, "changelist"), {"q": "ba tru cot"}))
    assert "Ba trụ cột" in page
    assert page.count('class="action-select"') == 1  # the other seed articles are left out


def test_a_quoted_phrase_is_searched_as_one(admin_client, seeded):
    found = html(admin_client.get(url(Person, "changelist"), {"q": '"thanh son"'}))
    assert "Bùi Thanh Sơn" in found
    missing = html(admin_client.get(url(Person, "changelist"), {"q": '"son thanh"'}))
    assert "Bùi Thanh Sơn" not in missing


def test_autocomplete_answers_without_diacritics(admin_client, seeded):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "segment",
            "field_name": "speaker",
            "term": "bui thanh",
        },
    )
    assert response.status_code == 200
    results = json.loads(response.content)["results"]
    assert [r["text"] for r in results] == ["Bùi Thanh Sơn"]


@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name", "term", "expected"),
    [
        ("articles", "article", "publication", "tin tuc", "Báo Tin tức"),
        ("people", "position", "agency", "bo ngoai giao", "Bộ Ngoại giao"),
        ("people", "agency", "country", "hoa ky", "Hoa Kỳ"),
        ("events", "conference", "series", "ngoai vu", "Hội nghị Ngoại vụ toàn quốc"),
        ("events", "participation", "position", "bui thanh son", "Bùi Thanh Sơn"),
        ("articles", "segment", "article", "ba tru cot", "Ba trụ cột"),
        ("articles", "documentmention", "document", "chi thi", "Chỉ thị"),
    ],
)
def test_every_kind_of_autocomplete_answers(
    admin_client, seeded, app_label, model_name, field_name, term, expected
):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    texts = [r["text"] for r in json.loads(response.content)["results"]]
    assert any(expected.lower() in text.lower() for text in texts), texts


def test_every_relation_in_every_form_and_inline_uses_autocomplete(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    checked = 0
    for model in MODELS:
        model_admin = admin.site._registry[model]
        forms = [(model_admin.get_form(request), None)]
        for inline in model_admin.get_inline_instances(request):
            formset = inline.get_formset(request)
            forms.append((formset.form, formset.fk.name))  # the fk is a hidden field
        for form, parent in forms:
            for name, field in form.base_fields.items():
                if isinstance(field, ModelChoiceField) and name != parent:
                    widget = getattr(field.widget, "widget", field.widget)
                    assert isinstance(widget, AutocompleteSelect | AutocompleteSelectMultiple), (
                        f"{model.__name__}: {name}"
                    )
                    checked += 1
    assert checked > 30


# --- slugs --------------------------------------------------------------------------------------


def test_a_blank_slug_is_made_in_ascii_from_the_name(admin_client, seeded):
    data = {
        "name": "Phạm Bình Minh",
        "slug": "",
        "name_order": "vietnamese",
        "nationality": "",
        "other_names": "[]",
        "positions-TOTAL_FORMS": "1",
        "positions-INITIAL_FORMS": "0",
        "positions-0-title_vi": "Phó Thủ tướng",
        "positions-0-title_en": "Deputy Prime Minister",
        "positions-0-agency": str(AgencyFactory(name_vi="Chính phủ Thử").pk),
        "positions-0-slug": "",
    }
    response = admin_client.post(url(Person, "add"), data)
    assert response.status_code == 302, form_errors(response)
    person = Person.objects.get(name="Phạm Bình Minh")
    assert person.slug == "pham-binh-minh"
    assert person.positions.get().slug == "pham-binh-minh-pho-thu-tuong-chinh-phu-thu"


def test_a_blank_slug_that_is_taken_gets_a_number(admin_client, seeded):
    data = {"name": "Bùi Thanh Sơn", "slug": "", "name_order": "vietnamese", "other_names": "[]"}
    data |= {"positions-TOTAL_FORMS": "0", "positions-INITIAL_FORMS": "0"}
    response = admin_client.post(url(Person, "add"), data)
    assert response.status_code == 302, form_errors(response)
    assert Person.objects.filter(name="Bùi Thanh Sơn").count() == 2
    assert Person.objects.filter(slug="bui-thanh-son-2").exists()


def test_a_slug_that_is_not_ascii_is_refused(admin_client, seeded):
    data = {"name": "Phạm Bình Minh", "slug": "phạm", "name_order": "vietnamese"}
    data |= {"other_names": "[]", "positions-TOTAL_FORMS": "0", "positions-INITIAL_FORMS": "0"}
    response = admin_client.post(url(Person, "add"), data)
    assert response.status_code == 200
    assert not Person.objects.filter(name="Phạm Bình Minh").exists()


def test_the_slug_is_prefilled_in_the_browser_from_the_vietnamese_name(admin_client, seeded):
    page = html(admin_client.get(url(Person, "add")))
    assert "prepopulated_fields" in page or "data-prepopulated-fields" in page
    assert "urlify" in page


def form_errors(response) -> str:
    context = response.context
    if context is None:
        return f"status {response.status_code}"
    parts = [str(context["adminform"].form.errors)] if "adminform" in context else []
    for formset in context.get("inline_admin_formsets", []):
        parts.append(str(formset.formset.errors) + str(formset.formset.non_form_errors()))
    return " ".join(parts)


# --- adding an article by hand, drafts and publishing -------------------------------------------


def test_an_article_added_by_hand_is_a_draft_with_anchors_and_folded_text(admin_client, seeded):
    data = article_form()
    data |= {
        "segments-TOTAL_FORMS": "3",
        "segments-1-position": "2",
        "segments-1-kind": "question",
        "segments-1-text": "Xin ông cho biết?",
        "segments-2-position": "3",
        "segments-2-kind": "answer",
        "segments-2-text": "Bùi Thanh Sơn trả lời.",
        "segments-2-speaker": str(Person.objects.get(slug="bui-thanh-son").pk),
    }
    response = admin_client.post(url(Article, "add"), data)
    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get(title="Ngoại giao kinh tế năm 2024")
    assert article.status == Article.Status.DRAFT
    assert article.slug == "ngoai-giao-kinh-te-nam-2024"
    assert list(article.segments.values_list("anchor", flat=True)) == ["p1", "q1", "a1"]
    assert "bui thanh son tra loi" in article.folded_text
    assert article.folded_text.startswith("ngoai giao kinh te nam 2024\n")


def test_segments_can_be_renumbered_in_one_save(admin_client, seeded):
    article = ArticleFactory()
    first = SegmentFactory(article=article, position=1, anchor="p1", text="Một.")
    second = SegmentFactory(article=article, position=2, anchor="p2", text="Hai.")
    page = html(admin_client.get(url(Article, "change", article.pk)))
    data = form_data(page, "article_form")
    # Swap the two paragraphs and insert a new one at the top.
    index = {data[f"segments-{i}-id"]: i for i in (0, 1)}
    data[f"segments-{index[str(first.pk)]}-position"] = "3"
    data[f"segments-{index[str(second.pk)]}-position"] = "2"
    data |= {
        "segments-TOTAL_FORMS": "3",
        "segments-2-position": "1",
        "segments-2-kind": "paragraph",
        "segments-2-text": "Không.",
        "segments-2-article": str(article.pk),
    }
    response = admin_client.post(url(Article, "change", article.pk), data)
    assert response.status_code == 302, form_errors(response)
    texts = list(article.segments.order_by("position").values_list("text", "anchor"))
    assert texts == [("Không.", "p3"), ("Hai.", "p2"), ("Một.", "p1")]


def test_a_draft_is_hidden_from_the_public(client, seeded):
    draft = ArticleFactory(title="Bản nháp chưa công bố", status=Article.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Bản nháp chưa công bố" not in html(client.get(reverse("articles:list")))
    assert "Bản nháp chưa công bố" not in html(client.get(reverse("home")))


def test_staff_preview_shows_a_draft_as_the_public_page_would_with_a_banner(admin_client, seeded):
    draft = ArticleFactory(title="Bản nháp chưa công bố", status=Article.Status.DRAFT)
    SegmentFactory(article=draft, text="Đoạn văn của bản nháp.")
    page = html(admin_client.get(url(Article, "preview", draft.pk)))
    assert "Bản nháp chưa công bố" in page
    assert "Đoạn văn của bản nháp." in page
    assert shown("Draft — not public") in page
    assert 'class="article-body"' in page  # the public page's own template
    assert 'name="robots" content="noindex' in page


def test_the_preview_is_for_staff_only(client, seeded):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    response = client.get(url(Article, "preview", draft.pk))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_view_on_site_of_a_draft_is_the_preview_and_of_a_published_article_its_page(
    admin_client, seeded
):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    page = html(admin_client.get(url(Article, "change", draft.pk)))
    assert url(Article, "preview", draft.pk) in page
    assert shown("Draft — not public") in page
    published = Article.objects.get(slug=ARTICLE_2021)
    page = html(admin_client.get(url(Article, "change", published.pk)))
    assert f'href="{published.get_absolute_url()}"' in page


def test_publish_and_unpublish_actions(admin_client, seeded):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    changelist = url(Article, "changelist")
    response = admin_client.post(
        changelist, {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )
    assert "1" in html(response)
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert admin_client.get(draft.get_absolute_url()).status_code == 200
    admin_client.post(changelist, {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_the_status_is_not_a_field_anyone_with_change_permission_can_set(admin_client, seeded):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    data = form_data(html(admin_client.get(url(Article, "change", draft.pk))), "article_form")
    data["status"] = "published"
    response = admin_client.post(url(Article, "change", draft.pk), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_save_and_publish_and_save_and_unpublish_buttons(admin_client, seeded):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    change = url(Article, "change", draft.pk)
    page = html(admin_client.get(change))
    assert 'name="_publish"' in page and 'name="_unpublish"' not in page
    data = form_data(page, "article_form") | {"_publish": "Save and publish"}
    data["title"] = "Tiêu đề mới đã công bố"
    response = admin_client.post(change, data)
    assert response.status_code == 302
    assert response["Location"] == change
    draft.refresh_from_db()
    assert (draft.status, draft.title) == (Article.Status.PUBLISHED, "Tiêu đề mới đã công bố")
    page = html(admin_client.get(change))
    assert 'name="_unpublish"' in page
    response = admin_client.post(change, form_data(page, "article_form") | {"_unpublish": "x"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_a_new_article_can_be_saved_and_published_at_once(admin_client, seeded):
    response = admin_client.post(url(Article, "add"), article_form(_publish="Save and publish"))
    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get(title="Ngoại giao kinh tế năm 2024")
    assert article.status == Article.Status.PUBLISHED
    assert response["Location"] == url(Article, "change", article.pk)


# --- duplicates ---------------------------------------------------------------------------------


def test_the_same_title_after_folding_is_refused_with_a_link_to_the_existing_article(
    admin_client, seeded
):
    existing = Article.objects.get(slug=ARTICLE_2021)
    before = Article.objects.count()
    data = article_form(title=existing.title.upper().replace("Ộ", "O"), slug="ban-sao")
    response = admin_client.post(url(Article, "add"), data)
    page = html(response)
    assert shown("The archive already has this article:") in page
    assert f'href="{url(Article, "change", existing.pk)}"' in page
    assert existing.title in page
    assert shown("the same title") in page
    assert 'type="checkbox" name="save_anyway"' in page
    assert Article.objects.count() == before


def test_the_same_source_url_is_refused_and_save_anyway_saves_a_second_copy(admin_client, seeded):
    existing = ArticleFactory(source_url="https://baoquocte.vn/bai-1.html")
    data = article_form(source_url="https://baoquocte.vn/bai-1.html")
    page = html(admin_client.post(url(Article, "add"), data))
    assert shown("the same source URL") in page and existing.title in page
    assert not Article.objects.filter(title=data["title"]).exists()
    response = admin_client.post(url(Article, "add"), data | {"save_anyway": "on"})
    assert response.status_code == 302
    assert Article.objects.filter(source_url="https://baoquocte.vn/bai-1.html").count() == 2


def test_editing_an_article_without_touching_title_or_url_does_not_warn(admin_client, seeded):
    article = Article.objects.get(slug=ARTICLE_2021)
    ArticleFactory(title=article.title)  # an acknowledged second copy
    data = form_data(html(admin_client.get(url(Article, "change", article.pk))), "article_form")
    data["byline"] = "Phóng viên"
    response = admin_client.post(url(Article, "change", article.pk), data)
    assert response.status_code == 302, form_errors(response)


# --- all or nothing -----------------------------------------------------------------------------


def test_a_failing_inline_leaves_nothing_saved(admin_client, seeded):
    before = (Article.objects.count(), Segment.objects.count())
    data = article_form()
    data |= {
        "segments-TOTAL_FORMS": "2",
        "segments-1-position": "2",
        "segments-1-kind": "answer",  # an answer with no speaker
        "segments-1-text": "Trả lời.",
    }
    response = admin_client.post(url(Article, "add"), data)
    assert shown("An answer needs its speaker.") in html(response)
    assert (Article.objects.count(), Segment.objects.count()) == before


def test_a_failure_after_the_inlines_are_written_rolls_back_the_whole_save(
    admin_client, seeded, monkeypatch
):
    article = Article.objects.get(slug=ARTICLE_2021)
    title, texts = article.title, list(article.segments.values_list("text", flat=True))
    data = form_data(html(admin_client.get(url(Article, "change", article.pk))), "article_form")
    data["title"] = "Một tiêu đề khác"
    data["segments-0-text"] = "Đoạn đầu đã sửa."
    save_related = ArticleAdmin.save_related

    def save_then_fail(self, request, form, formsets, change):
        save_related(self, request, form, formsets, change)
        assert Segment.objects.filter(text="Đoạn đầu đã sửa.").exists()  # written, then...
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ArticleAdmin, "save_related", save_then_fail)
    with pytest.raises(RuntimeError):
        admin_client.post(url(Article, "change", article.pk), data)
    article.refresh_from_db()
    assert article.title == title
    assert list(article.segments.values_list("text", flat=True)) == texts
