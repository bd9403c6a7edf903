"""The Vietnamese interface is complete: no page falls back to English in the vi catalogue."""

import pytest
import reversion
from django.apps import apps
from django.contrib import admin as django_admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext, override, trans_real

from articles.models import Article
from tests.pages import public_pages

pytestmark = pytest.mark.django_db


# Looked up by Django itself and absent from its own Vietnamese catalogue; the fallback
# ("…" after truncated text) is right in Vietnamese too.
DJANGO_FALLBACKS = {"String to return when truncating text\x04%(truncated_text)s…"}


@pytest.fixture
def untranslated(monkeypatch):
    """The messages looked up in Vietnamese that the catalogues do not hold."""
    missing: set[str] = set()
    gettext = trans_real.DjangoTranslation.gettext
    ngettext = trans_real.DjangoTranslation.ngettext
    translations: set[str] = set()

    def is_translation(catalog, message) -> bool:
        # A lazy name translated twice (the language names of settings.LANGUAGES) looks
        # its Vietnamese up again; that is not an untranslated message.
        if not translations:
            translations.update(v for _, v in catalog.items() if isinstance(v, str))
        return message in translations

    def checked_gettext(self, message):
        if (
            self.language() == "vi"
            and message not in self._catalog
            and message not in DJANGO_FALLBACKS
            and not is_translation(self._catalog, message)
        ):
            missing.add(message)
        return gettext(self, message)

    def checked_ngettext(self, singular, plural, n):
        if self.language() == "vi":
            try:
                self._catalog.plural(singular, n)
            except KeyError:
                missing.add(singular)
        return ngettext(self, singular, plural, n)

    monkeypatch.setattr(trans_real.DjangoTranslation, "gettext", checked_gettext)
    monkeypatch.setattr(trans_real.DjangoTranslation, "ngettext", checked_ngettext)
    return missing


def test_every_interface_string_of_the_public_pages_has_a_vietnamese_translation(
    client, seeded, untranslated
):
    for label, url in public_pages():
        if label.startswith("en "):
            continue
        client.get(url)
    assert not untranslated, (
        "add these to locale/vi/LC_MESSAGES/django.po (manage.py makemessages -l vi), "
        f"translate them and compile: {sorted(untranslated)}"
    )


def test_the_check_notices_a_missing_translation(client, seeded, untranslated):
    # Not a literal in the call, so makemessages does not collect it into the catalogue.
    message = "A sentence nobody has translated"
    with override("vi"):
        gettext(message)
    assert untranslated == {message}


def test_every_field_label_has_a_vietnamese_translation(untranslated):
    """The admin's history stores the labels of the changed fields untranslated ("Changed
    Title and Status.") and translates them when it shows them: each label, capitalised as
    a form shows it, needs its own entry (diplomacy_kb/admin_strings.py lists them)."""
    for app in ("people", "events", "articles"):
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                if not getattr(field, "editable", False) or field.auto_created:
                    continue
                with override(None):
                    label = capfirst(str(field.verbose_name))
                with override("vi"):
                    gettext(label)
    assert not untranslated, "untranslated:\n" + "\n".join(sorted(untranslated))


def test_every_interface_string_of_the_admin_has_a_vietnamese_translation(
    client, seeded, untranslated, django_user_model
):
    superuser = django_user_model.objects.create_superuser("admin", "a@b.vn", "pw")
    client.force_login(superuser)
    request = RequestFactory().get("/")
    request.user = superuser
    article = Article.objects.get(seed_file="002_718387a4edb66b09.txt")
    article.title = article.title + "."
    with reversion.create_revision():
        article.save()
        reversion.set_comment('[{"changed": {"fields": ["Title"]}}]')
    urls = [reverse("admin:index")]
    for model, model_admin in django_admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(request):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        obj = model.objects.order_by("pk").first()
        if obj is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
            urls.append(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
    urls += [
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_article_preview", args=[article.pk]),
        reverse("admin:articles_article_add_from_text"),
        reverse("admin:articles_article_recoverlist"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    assert not untranslated, "untranslated:\n" + "\n".join(sorted(untranslated))
