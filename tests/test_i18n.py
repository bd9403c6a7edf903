"""The Vietnamese interface is complete: no page falls back to English in the vi catalogue."""

import pytest
from django.utils.translation import trans_real

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
    from django.utils.translation import gettext, override

    with override("vi"):
        gettext("A sentence nobody has translated")
    assert untranslated == {"A sentence nobody has translated"}
