"""The ingestion's evaluation on real press texts (fixtures/eval/, `make eval`): its figures
may not fall below the floors set just under the last measured ones (README, "Importing
articles"), so that a change cannot make the importer silently worse."""

from pathlib import Path

import pytest
from django.conf import settings

from articles.ingest.evaluation import evaluate

pytestmark = pytest.mark.django_db

EVAL = Path(settings.BASE_DIR) / "fixtures" / "eval"

# Measured on the corpus as committed; each floor a little under the figure reached.
FLOORS = {
    "qa_pairs": 0.95,
    "speakers": 0.95,
    "furniture_removed": 0.85,
    "link_recall": 0.94,
    "link_precision": 0.94,
    "new_officials": 0.95,
}


def test_the_corpus_is_large_and_varied_enough():
    texts = sorted(EVAL.glob("*.txt"))
    assert len(texts) >= 20
    assert all(path.with_suffix(".toml").exists() for path in texts)


def test_figures_stay_above_their_floors(seeded):
    scores, total = evaluate(EVAL)
    assert len(scores) >= 20
    figures = total.figures()
    below = {
        name: round(figures[name], 3) for name, floor in FLOORS.items() if figures[name] < floor
    }
    assert not below, f"below the floor: {below} (floors {FLOORS})"
    assert total.removed_wrongly == 0  # no line of real text is removed as furniture
    assert total.false_qa <= 1
