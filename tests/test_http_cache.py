"""HTTP caching for anonymous visitors: validators and 304s, public Cache-Control on public
pages and private everywhere else, a server-side page cache that no change can leave stale."""

import json
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import add_message, constants
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.utils.http import http_date

from articles.models import Article, Segment
from diplomacy_kb import http_cache
from tests.conftest import SEED_FILE
from tests.factories import ArticleFactory, PersonFactory, PersonMentionFactory
from tests.test_security import (  # noqa: F401  (fixtures)
    LIMIT_MS,
    admin_at,
    slow_page,
    time_limit,
    time_limit_database,
)
from tests.test_settings import ROOT, environment

LIST = "/articles/"


def is_public(response) -> bool:
    return response["Cache-Control"] == f"public, max-age={http_cache.settings.CACHE_MAX_AGE}"


def is_private(response) -> bool:
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def later(monkeypatch):
    """Move the site's clock ``seconds`` on (the marker and Last-Modified read it)."""
    start = http_cache._now()

    def move(seconds):
        monkeypatch.setattr(http_cache, "_now", lambda: start + seconds)

    return move


@pytest.fixture
def staff(db):
    user = User.objects.create_superuser("chief", "chief@example.org", "pw-for-tests-only")
    staff_client = Client()
    staff_client.force_login(user)
    return staff_client


def publish_in_admin(staff_client, article, action="publish"):
    response = staff_client.post(
        "/admin/articles/article/",
        {"action": action, "_selected_action": [article.pk], "index": 0},
    )
    assert response.status_code == 302
    article.refresh_from_db()


# --- Validators and conditional GET ------------------------------------------------------


def test_a_public_page_is_public_with_an_etag_and_vary(client, db, later):
    ArticleFactory(title="Một bài đã đăng")
    later(5)  # the second of the last change is over: Last-Modified is sent
    response = client.get(LIST)
    assert response.status_code == 200 and "Một bài đã đăng" in text(response)
    assert is_public(response)
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"]
    vary = [v.strip().lower() for v in response["Vary"].split(",")]
    assert "cookie" in vary
    # The security headers are those of any page.
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_max_age_follows_the_setting(client, db, settings):
    settings.CACHE_MAX_AGE = 123
    assert client.get(LIST)["Cache-Control"] == "public, max-age=123"


def test_if_none_match_gets_a_304_rendered_or_cached(client, db):
    ArticleFactory(title="Bài có ETag")
    etag = client.get(LIST)["ETag"]
    caches[http_cache.PAGE_CACHE].clear()  # rendered again, then answered 304
    response = client.get(LIST, headers={"if-none-match": etag})
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag and is_public(response)
    response = client.get(LIST, headers={"if-none-match": etag})  # from the cache
    assert response.status_code == 304


def test_if_modified_since_gets_a_304_until_the_archive_changes(client, db, later):
    article = ArticleFactory(title="Bài cũ")
    later(5)
    last_modified = client.get(LIST)["Last-Modified"]
    assert client.get(LIST, headers={"if-modified-since": last_modified}).status_code == 304
    later(10)
    article.title = "Bài mới sửa"
    article.save()
    later(15)
    response = client.get(LIST, headers={"if-modified-since": last_modified})
    assert response.status_code == 200 and "Bài mới sửa" in text(response)
    assert response["Last-Modified"] != last_modified


def test_no_last_modified_within_the_second_of_a_change(client, db, monkeypatch):
    # Another change in the same second would carry the same date: the ETag alone then.
    # The clock is held within the second of the change, however slow the machine.
    now = 1_900_000_000.25
    monkeypatch.setattr(http_cache, "_now", lambda: now)
    ArticleFactory()
    response = client.get(LIST)
    assert response["ETag"] and not response.has_header("Last-Modified")
    stale_date = http_date(http_cache._now() - 1)
    assert client.get(LIST, headers={"if-modified-since": stale_date}).status_code == 200


def test_the_etag_changes_with_the_address_and_with_every_change(client, db):
    article = ArticleFactory()
    first = client.get(LIST)["ETag"]
    assert client.get(LIST)["ETag"] == first
    assert client.get(LIST, {"sort": "oldest"})["ETag"] != first
    article.title = "Đổi tên"
    article.save()
    assert client.get(LIST)["ETag"] != first
    assert client.get(LIST, headers={"if-none-match": first}).status_code == 200


# --- The server's page cache -------------------------------------------------------------


def test_a_second_visit_is_served_from_the_cache_without_a_query(
    client, db, django_assert_num_queries
):
    ArticleFactory(title="Bài trong bộ nhớ đệm")
    first = client.get(LIST)
    with django_assert_num_queries(0):
        second = client.get(LIST)
    assert second.content == first.content and "Bài trong bộ nhớ đệm" in text(second)
    assert is_public(second) and second["ETag"] == first["ETag"]
    # Still with the headers of the moment, the security headers included.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Content-Language"] == "vi"
    with django_assert_num_queries(0):
        head = client.head(LIST)
    assert head.status_code == 200 and head["ETag"] == first["ETag"]


def test_viewing_pages_changes_nothing(client, seeded):
    # A page view that wrote to the archive would throw the whole cache away each time.
    before = http_cache.archive_marker()
    for url in (LIST, "/", "/people/", "/events/", "/search/?q=asean", "/en/articles/"):
        assert client.get(url).status_code == 200
    assert http_cache.archive_marker() == before


def test_english_and_vietnamese_pages_never_share_an_entry(
    client, seeded, django_assert_num_queries
):
    vietnamese, english = client.get(LIST), client.get("/en/articles/")
    assert vietnamese["ETag"] != english["ETag"]
    with django_assert_num_queries(0):
        again_vi, again_en = client.get(LIST), client.get("/en/articles/")
    assert '<html lang="vi"' in text(again_vi) and again_vi["Content-Language"] == "vi"
    assert '<html lang="en"' in text(again_en) and again_en["Content-Language"] == "en"
    assert again_vi.content == vietnamese.content and again_en.content == english.content


def test_the_address_alone_decides_the_language_so_vary_does_not_name_it(client, seeded):
    # i18n_patterns without a prefix for Vietnamese: LocaleMiddleware reads neither the
    # browser's Accept-Language nor the language cookie, and the address is every cache's key.
    client.cookies["django_language"] = "en"
    response = client.get(LIST, headers={"accept-language": "en"})
    assert '<html lang="vi"' in text(response)
    assert client.get("/en/articles/", headers={"accept-language": "vi"})["Content-Language"] == (
        "en"
    )
    for url in (LIST, "/en/articles/"):
        vary = [v.strip().lower() for v in client.get(url)["Vary"].split(",")]
        assert "accept-language" not in vary and "cookie" in vary


# --- Nothing stale -----------------------------------------------------------------------


def test_a_publish_in_the_admin_shows_at_once(client, staff):
    draft = ArticleFactory(title="Bản nháp sắp đăng", status=Article.Status.DRAFT)
    assert "Bản nháp sắp đăng" not in text(client.get(LIST))
    assert client.get(draft.get_absolute_url()).status_code == 404
    publish_in_admin(staff, draft)
    assert draft.is_published
    assert "Bản nháp sắp đăng" in text(client.get(LIST))
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert "Bản nháp sắp đăng" in text(client.get("/en/articles/"))


def test_a_publish_by_model_save_shows_at_once(client, db):
    draft = ArticleFactory(title="Đăng bằng save()", status=Article.Status.DRAFT)
    assert "Đăng bằng save()" not in text(client.get(LIST))
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "Đăng bằng save()" in text(client.get(LIST))


def test_an_unpublish_hides_the_article_at_once(client, staff):
    article = ArticleFactory(title="Bài sắp gỡ")
    url = article.get_absolute_url()
    assert "Bài sắp gỡ" in text(client.get(LIST)) and client.get(url).status_code == 200
    publish_in_admin(staff, article, action="unpublish")
    assert not article.is_published
    assert "Bài sắp gỡ" not in text(client.get(LIST))
    assert client.get(url).status_code == 404


def test_an_edited_title_shows_at_once(client, db):
    article = ArticleFactory(title="Tiêu đề cũ")
    url = article.get_absolute_url()
    assert "Tiêu đề cũ" in text(client.get(url)) and "Tiêu đề cũ" in text(client.get(LIST))
    article.title = "Tiêu đề mới"
    article.save()
    assert "Tiêu đề mới" in text(client.get(url)) and "Tiêu đề mới" in text(client.get(LIST))


def test_a_delete_shows_at_once(client, db):
    article = ArticleFactory(title="Bài sắp xoá")
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200 and "Bài sắp xoá" in text(client.get(LIST))
    article.delete()
    assert client.get(url).status_code == 404
    assert "Bài sắp xoá" not in text(client.get(LIST))


def test_import_seed_shows_at_once(client, db):
    person = 'href="/people/bui-thanh-son/"'
    assert person not in text(client.get("/people/"))
    before = text(client.get(LIST))
    assert not Article.objects.exists()
    call_command("import_seed", str(SEED_FILE), stdout=None)
    assert person in text(client.get("/people/"))
    titles = Article.objects.values_list("title", flat=True)
    listing = text(client.get(LIST))
    assert titles and all(title in listing and title not in before for title in titles)


def test_writes_that_send_no_signal_show_at_once(client, db):
    # Bulk inserts, queryset updates and raw SQL (the importers, a shell, a restore) are
    # caught where they reach the database.
    article = ArticleFactory(title="Bài không tín hiệu")
    url = article.get_absolute_url()
    assert "Đoạn thêm hàng loạt" not in text(client.get(url))
    Segment.objects.bulk_create(
        [Segment(article=article, position=1, kind="paragraph", text="Đoạn thêm hàng loạt")]
    )
    assert "Đoạn thêm hàng loạt" in text(client.get(url))
    Article.objects.filter(pk=article.pk).update(title="Sửa bằng update")
    assert "Sửa bằng update" in text(client.get(LIST))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(Article._meta.db_table)} SET title = %s",
            ["Sửa bằng SQL"],
        )
    assert "Sửa bằng SQL" in text(client.get(LIST))


def test_a_person_renamed_shows_on_the_article_pages(client, db):
    mention = PersonMentionFactory(person=PersonFactory(name="Nguyễn Văn Cũ"))
    url = mention.article.get_absolute_url()
    assert "Nguyễn Văn Cũ" in text(client.get(url))
    person = mention.person
    person.name = "Nguyễn Văn Mới"
    person.save()
    assert "Nguyễn Văn Mới" in text(client.get(url))


def test_a_commit_renews_the_marker_again(db, django_capture_on_commit_callbacks):
    # A page another process renders from the rows as they were before the commit, and
    # keeps under the token of the first write, must be out of reach once the rows commit.
    before = http_cache.archive_marker()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            ArticleFactory()
            ArticleFactory()
            during = http_cache.archive_marker()
    assert during != before
    assert callbacks.count(http_cache._new_token_after_commit) == 1  # once per transaction
    assert http_cache.archive_marker() not in (before, during)


def test_a_lost_marker_makes_every_kept_page_unreachable(client, db):
    ArticleFactory(title="Trước khi mất dấu")
    first = client.get(LIST)["ETag"]
    caches[http_cache.MARKER_CACHE].clear()
    assert client.get(LIST)["ETag"] != first


# --- Private answers ---------------------------------------------------------------------


def test_the_admin_is_private_wherever_it_is(client, staff, admin_at):  # noqa: F811
    assert is_private(client.get("/admin/login/"))
    assert is_private(client.get("/en/admin/login/"))
    assert is_private(staff.get("/admin/articles/article/"))
    admin_at("/ban-bien-tap/")
    assert is_private(client.get("/ban-bien-tap/login/"))
    response = staff.get("/ban-bien-tap/articles/article/")
    assert response.status_code == 200 and is_private(response)


def test_the_preview_is_private(staff):
    draft = ArticleFactory(title="Bản nháp xem trước", status=Article.Status.DRAFT)
    response = staff.get(f"/admin/articles/article/{draft.pk}/preview/")
    assert response.status_code == 200 and "Bản nháp xem trước" in text(response)
    assert is_private(response) and not response.has_header("ETag")


def test_staff_get_private_pages_never_the_kept_ones(client, staff, django_assert_num_queries):
    ArticleFactory(title="Bài công khai")
    client.get(LIST)
    with django_assert_num_queries(0):
        client.get(LIST)  # kept
    response = staff.get(LIST)
    assert response.status_code == 200 and "Bài công khai" in text(response)
    assert is_private(response) and not response.has_header("ETag")
    # Rendered for them, not taken from the cache: their page runs its queries.
    with pytest.raises(pytest.fail.Exception):
        with django_assert_num_queries(0):
            staff.get(LIST)


def test_errors_are_private(client, db):
    assert client.get("/no-such-page/").status_code == 404
    assert is_private(client.get("/no-such-page/"))
    assert is_private(client.post(LIST))  # 405
    response = client.get(LIST, {"q": "a\x00b"})
    assert response.status_code == 400 and is_private(response)


@time_limit_database
def test_the_503_of_the_time_limit_is_private(time_limit, slow_page):  # noqa: F811
    time_limit(LIMIT_MS)
    response = Client().get(slow_page.url)
    assert response.status_code == 503 and is_private(response)


def test_a_query_the_page_rejects_is_never_kept(client, seeded, django_assert_max_num_queries):
    url = "/en/articles/?year=2016&year=2021"
    response = client.get(url)
    assert "Some filters in the address were ignored" in text(response)
    assert is_private(response) and not response.has_header("ETag")
    with pytest.raises(pytest.fail.Exception):
        with django_assert_max_num_queries(0):
            client.get(url)  # rendered again, not served from the cache


def test_a_visitor_with_a_session_or_messages_cookie_is_not_served_from_the_cache(client, db):
    ArticleFactory()
    client.get(LIST)
    for cookie in ("sessionid", "messages"):
        visitor = Client()
        visitor.cookies[cookie] = "anything"
        response = visitor.get(LIST)
        assert response.status_code == 200 and is_private(response), cookie
        assert not response.has_header("ETag"), cookie  # rendered for them


@pytest.mark.parametrize(
    "view_does",
    [
        lambda request, response: response.set_cookie("seen", "1"),
        lambda request, response: get_token(request),
        lambda request, response: add_message(request, constants.INFO, "Đã lưu."),
    ],
    ids=["sets a cookie", "uses a CSRF token", "adds a message"],
)
def test_answers_with_cookies_csrf_tokens_or_messages_are_private_and_not_kept(db, view_does):
    from django.conf import settings

    from diplomacy_kb.http_cache import HttpCacheMiddleware

    rendered = []

    def view(request):
        response = HttpResponse("<p>page</p>")
        view_does(request, response)
        rendered.append(request.path)
        return response

    # The view behind the middleware that sit inside HttpCacheMiddleware, as in MIDDLEWARE.
    from django.utils.module_loading import import_string

    inner = settings.MIDDLEWARE[
        settings.MIDDLEWARE.index(http_cache.__name__ + ".HttpCacheMiddleware") + 1 :
    ]
    handler = view
    for path in reversed(inner):
        handler = import_string(path)(handler)
    middleware = HttpCacheMiddleware(handler)
    for _ in range(2):
        response = middleware(RequestFactory().get(LIST))
        assert is_private(response)
    assert len(rendered) == 2  # never served from the cache


# --- Settings ----------------------------------------------------------------------------


def cache_settings(**env) -> dict:
    script = (
        "import json\nfrom django.conf import settings\n"
        "print(json.dumps({'max_age': settings.CACHE_MAX_AGE, 'pages': settings.PAGE_CACHE_SECONDS,"
        " 'caches': settings.CACHES}, default=str))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment(**env),
        capture_output=True,
        text=True,
        check=False,
    )
    return {
        "returncode": result.returncode,
        "stderr": result.stderr,
        **(json.loads(result.stdout) if result.returncode == 0 else {}),
    }


def test_cache_settings_come_from_the_environment(tmp_path):
    default = cache_settings()
    assert default["max_age"] == 60 and default["pages"] == 86_400
    assert default["caches"]["pages"]["BACKEND"].endswith("FileBasedCache")
    chosen = cache_settings(
        DJANGO_CACHE_MAX_AGE="300", DJANGO_PAGE_CACHE_SECONDS="0", DJANGO_CACHE_DIR=str(tmp_path)
    )
    assert chosen["max_age"] == 300 and chosen["pages"] == 0
    assert chosen["caches"]["pages"]["LOCATION"].startswith(str(tmp_path))
    assert cache_settings(DJANGO_CACHE_MAX_AGE="soon")["returncode"] != 0


def test_redis_url_chooses_redis_or_says_what_is_missing():
    result = cache_settings(REDIS_URL="redis://127.0.0.1:6379/0")
    try:
        import redis  # noqa: F401
    except ImportError:
        assert result["returncode"] != 0 and "pip install redis" in result["stderr"]
    else:
        assert result["caches"]["pages"]["BACKEND"].endswith("RedisCache")
