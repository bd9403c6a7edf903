"""diplomacy_kb.warmup: what the gunicorn master does before forking the workers."""

import pytest
from django.template import engines

from diplomacy_kb.warmup import set_aside, template_names, warm


def cached_templates() -> set[str]:
    loader = engines["django"].engine.template_loaders[0]
    return {
        template.origin.template_name
        for template in loader.get_template_cache.values()
        if hasattr(template, "origin")
    }


@pytest.fixture
def empty_template_cache():
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()
    yield
    loader.reset()


def test_every_page_template_is_compiled_in_advance(empty_template_cache):
    assert "articles/article_list.html" not in cached_templates()
    compiled = warm()
    names = template_names()
    assert {"base.html", "articles/article_list.html", "people/person_list.html"} <= set(names)
    assert compiled >= len(names) - 5
    assert {"base.html", "articles/article_list.html", "people/_officials_table.html"} <= (
        cached_templates()
    )


def test_what_is_loaded_is_set_aside_from_garbage_collection():
    import gc

    before = gc.get_freeze_count()
    try:
        assert set_aside() > before
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
