"""Finding an article already in the archive by its text: MinHash fingerprints with LSH."""

import hashlib
import random
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import fingerprints
from articles.ingest.duplicates import (
    BANDS,
    HASHES,
    SAME_TEXT,
    SAME_TITLE,
    SAME_URL,
    SEED,
    article_duplicates,
    fingerprint_articles,
    similar_articles,
    text_fingerprint,
)
from articles.models import Article, FingerprintBand, Segment
from diplomacy_kb.text import fold
from tests.factories import ArticleFactory, PublicationFactory, SegmentFactory

pytestmark = pytest.mark.django_db

# A report on a conference, as an outlet would print it.
REPORT = [
    "Sáng 19/12, tại Hà Nội, Bộ Ngoại giao khai mạc Hội nghị Ngoại giao lần thứ 32 với chủ đề "
    "“Ngoại giao Việt Nam chủ động, tích cực, góp phần xây dựng và bảo vệ Tổ quốc trong tình "
    "hình mới”. Hội nghị diễn ra trong ba ngày, với sự tham dự của gần 300 đại biểu là lãnh đạo "
    "các vụ, cục, đơn vị trong Bộ và người đứng đầu các cơ quan đại diện Việt Nam ở nước ngoài.",
    "Phát biểu khai mạc, Bộ trưởng Ngoại giao nhấn mạnh rằng trong bối cảnh tình hình thế giới "
    "và khu vực diễn biến nhanh, phức tạp, khó lường, công tác đối ngoại đã bám sát đường lối "
    "độc lập, tự chủ, đa phương hóa, đa dạng hóa quan hệ, chủ động và tích cực hội nhập quốc tế "
    "toàn diện, sâu rộng. Nhờ đó, quan hệ với các đối tác, nhất là các nước láng giềng và các "
    "nước lớn, tiếp tục được củng cố và đi vào chiều sâu.",
    "Theo báo cáo tại hội nghị, trong nhiệm kỳ vừa qua ngành ngoại giao đã tổ chức và phục vụ "
    "hàng trăm chuyến thăm cấp cao, ký kết gần 500 thỏa thuận hợp tác với các đối tác, đóng góp "
    "quan trọng vào việc thu hút đầu tư, mở rộng thị trường xuất khẩu và huy động nguồn lực cho "
    "phát triển đất nước. Công tác bảo hộ công dân được triển khai kịp thời, đặc biệt trong các "
    "đợt sơ tán người Việt Nam khỏi vùng xung đột.",
    "Về đối ngoại đa phương, các đại biểu đánh giá Việt Nam đã hoàn thành tốt vai trò thành viên "
    "Hội đồng Nhân quyền Liên hợp quốc, chủ động đề xuất nhiều sáng kiến tại ASEAN và các diễn "
    "đàn khu vực, qua đó nâng cao vị thế và uy tín của đất nước trên trường quốc tế.",
    "Bên cạnh những kết quả đạt được, hội nghị cũng thẳng thắn chỉ ra một số hạn chế như công "
    "tác nghiên cứu, dự báo chiến lược có lúc chưa theo kịp diễn biến, việc phối hợp giữa các "
    "bộ, ngành và địa phương trong triển khai các thỏa thuận đã ký còn chậm, chất lượng đội ngũ "
    "cán bộ chưa đồng đều.",
    "Kết luận hội nghị, Bộ trưởng yêu cầu toàn ngành tiếp tục đổi mới tư duy, nâng cao năng lực "
    "tham mưu chiến lược, đẩy mạnh ngoại giao kinh tế phục vụ phát triển, gắn kết chặt chẽ đối "
    "ngoại Đảng, ngoại giao Nhà nước và đối ngoại nhân dân, đồng thời xây dựng ngành ngoại giao "
    "toàn diện, hiện đại, chuyên nghiệp.",
]

# The same report as another site carries it: page furniture around it, the fifth paragraph
# cut, a line of the third reworded.
REPORT_REPRINTED = [
    "Chia sẻ bài viết",
    "Thứ Năm, 19/12/2024 11:42 (GMT+7)",
    REPORT[0],
    "Toàn cảnh phiên khai mạc hội nghị. Ảnh: TTXVN",
    REPORT[1],
    REPORT[2].replace(
        "đã tổ chức và phục vụ hàng trăm chuyến thăm cấp cao",
        "đã tổ chức, phục vụ hơn 250 chuyến thăm và tiếp xúc cấp cao",
    ),
    REPORT[3],
    REPORT[5],
    "Theo Báo Quốc tế",
    "Tin liên quan: Hội nghị Ngoại vụ toàn quốc lần thứ 21",
]

# Another report on the same conference: other facts, the same stock phrases.
OTHER_REPORT = [
    "Chiều 20/12, trong khuôn khổ Hội nghị Ngoại giao lần thứ 32, Bộ Ngoại giao phối hợp với Bộ "
    "Kế hoạch và Đầu tư tổ chức phiên chuyên đề về ngoại giao kinh tế với sự tham dự của đại "
    "diện nhiều địa phương, hiệp hội doanh nghiệp và các Đại sứ, Tổng Lãnh sự Việt Nam tại các "
    "thị trường trọng điểm.",
    "Thứ trưởng Ngoại giao cho biết, thực hiện đường lối đối ngoại độc lập, tự chủ, đa phương "
    "hóa, đa dạng hóa quan hệ, các cơ quan đại diện đã chủ động kết nối doanh nghiệp trong nước "
    "với đối tác nước ngoài, hỗ trợ tháo gỡ vướng mắc về rào cản kỹ thuật và phòng vệ thương "
    "mại. Chỉ riêng năm qua, các cơ quan đại diện đã hỗ trợ tổ chức hơn 200 hội thảo xúc tiến "
    "đầu tư, thương mại và du lịch.",
    "Nhiều ý kiến tại phiên họp cho rằng hội nhập quốc tế đang mở ra cơ hội lớn nhưng cũng đặt "
    "ra yêu cầu cao hơn đối với năng lực cạnh tranh của nền kinh tế. Các hiệp định thương mại "
    "tự do thế hệ mới đòi hỏi doanh nghiệp phải nắm vững quy tắc xuất xứ, tiêu chuẩn lao động "
    "và môi trường để tận dụng ưu đãi thuế quan.",
    "Đại diện tỉnh Quảng Ninh chia sẻ kinh nghiệm phối hợp với các cơ quan đại diện trong việc "
    "quảng bá hình ảnh địa phương, thu hút dự án đầu tư vào các khu kinh tế ven biển và phát "
    "triển thương mại biên giới với các tỉnh của nước láng giềng.",
    "Về đối ngoại đa phương, các Đại sứ kiến nghị tăng cường theo dõi các cam kết về phát triển "
    "bền vững, chuyển đổi xanh và chuyển đổi số trong khuôn khổ ASEAN và APEC, qua đó chủ động "
    "và tích cực hội nhập quốc tế toàn diện, sâu rộng, góp phần nâng cao vị thế và uy tín của "
    "đất nước.",
    "Phát biểu kết luận phiên họp, Thứ trưởng đề nghị các địa phương xây dựng kế hoạch ngoại "
    "giao kinh tế cụ thể, sát với nhu cầu thực tế, đồng thời phát huy sức mạnh tổng hợp của đối "
    "ngoại Đảng, ngoại giao Nhà nước và đối ngoại nhân dân.",
]

VOCABULARY = (
    "hợp tác đối ngoại phát triển quốc tế ngoại giao hội nhập quan hệ kinh tế địa phương thúc "
    "đẩy triển khai đầu tư thương mại khu vực thế giới đa phương song phương đối tác toàn diện "
    "chiến lược hòa bình ổn định bền vững doanh nghiệp văn hóa giáo dục khoa học công nghệ an "
    "ninh chủ quyền biển năng lượng cộng đồng tham mưu phối hợp nhiệm kỳ diễn đàn cơ chế"
).split()


def _save(texts, **kwargs) -> Article:
    """An article whose segments are written in bulk, as the importers write them, then
    fingerprinted as they do."""
    article = ArticleFactory(**kwargs)
    Segment.objects.bulk_create(
        Segment(article=article, position=i, kind="paragraph", text=text, anchor=f"p{i}")
        for i, text in enumerate(texts, start=1)
    )
    fingerprint_articles([article.pk])
    return article


def _generated(n: int, rng: random.Random) -> list[Article]:
    """``n`` articles of generated text on the same subjects, fingerprinted."""
    publication = PublicationFactory()
    articles = Article.objects.bulk_create(
        ArticleFactory.build(publication=publication) for _ in range(n)
    )
    Segment.objects.bulk_create(
        Segment(
            article=article,
            position=p,
            kind="paragraph",
            text=" ".join(rng.choices(VOCABULARY, k=60)),
            anchor=f"p{p}",
        )
        for article in articles
        for p in (1, 2, 3)
    )
    fingerprint_articles(a.pk for a in articles)
    return articles


def _found(texts, **kwargs) -> list[tuple[str, float]]:
    return [(a.title, score) for a, score in similar_articles(texts=texts, **kwargs)]


def test_the_same_text_under_another_title_and_url_is_found_with_the_article():
    existing = _save(
        REPORT,
        title="Khai mạc Hội nghị Ngoại giao lần thứ 32",
        source_url="https://baoquocte.vn/khai-mac-hoi-nghi-ngoai-giao-32.html",
        status=Article.Status.DRAFT,  # staff are told about drafts too
    )
    found = similar_articles(texts=REPORT)
    assert found == [(existing, 1.0)]
    assert found[0][0].title == "Khai mạc Hội nghị Ngoại giao lần thứ 32"


def test_the_same_text_cut_into_other_segments_is_the_same_text():
    _save(REPORT, title="Khai mạc Hội nghị Ngoại giao lần thứ 32")
    resegmented = [" ".join(REPORT[:3]), *" ".join(REPORT[3:]).split(". ")]
    assert _found(resegmented) == [("Khai mạc Hội nghị Ngoại giao lần thứ 32", 1.0)]


def test_most_of_the_text_with_furniture_a_paragraph_cut_and_a_line_reworded_is_found():
    _save(REPORT, title="Khai mạc Hội nghị Ngoại giao lần thứ 32")
    [(title, score)] = _found(REPORT_REPRINTED)
    assert title == "Khai mạc Hội nghị Ngoại giao lần thứ 32"
    assert 0.6 <= score < 1


def test_another_report_on_the_same_conference_sharing_stock_phrases_is_not_flagged():
    _save(REPORT, title="Khai mạc Hội nghị Ngoại giao lần thứ 32")
    assert _found(OTHER_REPORT) == []
    # Not a near miss: the shared phrases make a small part of either text.
    ours, theirs = text_fingerprint(texts=REPORT), text_fingerprint(texts=OTHER_REPORT)
    assert ours.similarity(theirs.signature) < 0.15


def test_a_very_short_or_empty_text_finds_nothing_without_a_query(django_assert_num_queries):
    _save(REPORT)
    short = ["Bộ Ngoại giao khai mạc Hội nghị Ngoại giao lần thứ 32 tại Hà Nội."]
    with django_assert_num_queries(0):
        assert similar_articles(texts=short) == []
        assert similar_articles(texts=[]) == []
        assert similar_articles(texts=["", "  "]) == []
    assert not text_fingerprint(texts=short)


def test_an_article_with_a_very_short_text_gets_no_fingerprint():
    article = _save(["Ảnh: TTXVN", "Bộ trưởng tiếp Đại sứ Nhật Bản."])
    assert not FingerprintBand.objects.filter(article=article).exists()


def test_excluded_articles_are_left_out_and_the_limit_is_kept():
    first = _save(REPORT, title="Bản đầu")
    second = _save(REPORT, title="Bản thứ hai")
    _save(REPORT_REPRINTED, title="Bản đăng lại")
    assert [title for title, _ in _found(REPORT)] == ["Bản đầu", "Bản thứ hai", "Bản đăng lại"]
    found = _found(REPORT, exclude_ids=[first.pk])
    assert [title for title, _ in found] == ["Bản thứ hai", "Bản đăng lại"]
    assert _found(REPORT, exclude_ids={first.pk, second.pk}, limit=1)[0][0] == "Bản đăng lại"
    assert _found(REPORT, limit=0) == []


def test_the_threshold_decides_what_is_similar_enough():
    _save(REPORT, title="Bản đầy đủ")
    [(_, score)] = _found(REPORT_REPRINTED, threshold=0.0)
    assert _found(REPORT_REPRINTED, threshold=score) == [("Bản đầy đủ", score)]
    assert _found(REPORT_REPRINTED, threshold=score + 0.01) == []


def test_an_edited_article_is_found_by_its_new_text(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        segments = [
            SegmentFactory(article__title="Bài sẽ sửa", text=REPORT[0], position=1, anchor="p1")
        ]
        article = segments[0].article
        segments += [
            SegmentFactory(article=article, text=text, position=i, anchor=f"p{i}")
            for i, text in enumerate(REPORT[1:], start=2)
        ]
    assert _found(REPORT) == [("Bài sẽ sửa", 1.0)]

    with django_capture_on_commit_callbacks(execute=True):
        for segment, text in zip(segments, OTHER_REPORT, strict=True):
            segment.text = text
            segment.save()
    assert _found(REPORT) == []
    assert _found(OTHER_REPORT) == [("Bài sẽ sửa", 1.0)]

    with django_capture_on_commit_callbacks(execute=True):
        for segment in segments[1:]:
            segment.delete()
    assert _found(OTHER_REPORT) == []
    assert _found(OTHER_REPORT[:1]) == [("Bài sẽ sửa", 1.0)]

    with django_capture_on_commit_callbacks(execute=True):
        segments[0].text = "Ảnh: TTXVN"
        segments[0].save()
    assert not FingerprintBand.objects.filter(article=article).exists()  # too short now


def test_saving_many_segments_fingerprints_the_article_once(
    django_capture_on_commit_callbacks, monkeypatch
):
    article = _save(REPORT)
    calls = []
    monkeypatch.setattr(fingerprints, "fingerprint_articles", lambda ids: calls.append(set(ids)))
    with django_capture_on_commit_callbacks(execute=True):
        for segment in article.segments.all():
            segment.text += " Hết."
            segment.save()
        article.save()
    assert calls == [{article.pk}]


def test_a_deleted_article_is_no_longer_found(django_capture_on_commit_callbacks):
    article = _save(REPORT, title="Bài sẽ xóa")
    kept = _save(REPORT, title="Bài giữ lại")
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert not FingerprintBand.objects.filter(article_id=article.pk).exists()
    assert _found(REPORT) == [("Bài giữ lại", 1.0)]
    assert FingerprintBand.objects.filter(article=kept).count() == BANDS


def test_similar_articles_costs_the_same_queries_with_10_and_300_articles():
    rng = random.Random(7)
    _save(REPORT, title="Khai mạc Hội nghị Ngoại giao lần thứ 32")
    counts = []
    for size in (10, 300):
        _generated(size - Article.objects.count(), rng)
        assert Article.objects.count() == size
        with CaptureQueriesContext(connection) as queries:
            found = _found(REPORT_REPRINTED)
        assert [title for title, _ in found] == ["Khai mạc Hội nghị Ngoại giao lần thứ 32"]
        counts.append(len(queries))
    assert counts == [2, 2]  # the signatures of the candidates found by band; the articles


def test_the_fingerprint_is_stable_and_its_hash_family_seeded():
    first, second = text_fingerprint(texts=REPORT), text_fingerprint(texts=list(REPORT))
    assert first.bands == second.bands and len(first.bands) == BANDS
    assert len(first.signature) == HASHES
    # Hash function i of a shingle is the i-th little-endian 32-bit word of
    # SHAKE-128(SEED + shingle): recomputed here without the module's code.
    words = re.findall(r"\w+", fold("\n".join(REPORT)))
    shingles = {" ".join(words[i : i + 5]) for i in range(len(words) - 4)}
    for i in (0, 77, HASHES - 1):
        expected = min(
            int.from_bytes(
                hashlib.shake_128(SEED + s.encode()).digest(4 * HASHES)[4 * i : 4 * i + 4],
                "little",
            )
            for s in shingles
        )
        assert first.signature[i] == expected
    # The same values on every machine and in every release: stored fingerprints stay valid.
    assert SEED == b"diplomacy-kb/text-fingerprint/1\0"
    assert first.signature[:2] == (11715650, 21720700)
    assert first.bands[0] == 9068511507590993330
    assert all(-(2**63) <= band < 2**63 for band in first.bands)


def test_rebuild_fingerprints_recomputes_everything_and_a_rerun_changes_nothing(capsys):
    article = ArticleFactory(title="Nhập hàng loạt")
    Segment.objects.bulk_create(  # no signal, no fingerprint yet
        Segment(article=article, position=i, kind="paragraph", text=text, anchor=f"p{i}")
        for i, text in enumerate(REPORT, start=1)
    )
    _save(["Quá ngắn để so sánh."])
    damaged = _save(OTHER_REPORT)
    FingerprintBand.objects.filter(article=damaged, band=3).update(band_hash=0)
    assert _found(REPORT) == []

    call_command("rebuild_fingerprints", batch_size=2)
    assert capsys.readouterr().out.strip() == (
        "Text fingerprints rebuilt: 3 articles read, 2 updated, 1 too short to compare."
    )
    assert _found(REPORT) == [("Nhập hàng loạt", 1.0)]
    bands = set(FingerprintBand.objects.values_list("pk", "article_id", "band", "band_hash"))

    call_command("rebuild_fingerprints")
    assert "3 articles read, 0 updated" in capsys.readouterr().out
    assert set(FingerprintBand.objects.values_list("pk", "article_id", "band", "band_hash")) == (
        bands
    )


def test_the_duplicate_check_names_url_and_title_matches_first_then_text_matches():
    by_url = _save(REPORT[:2], title="Cùng địa chỉ", source_url="https://baoquocte.vn/a.html")
    by_text = _save(REPORT, title="Khai mạc Hội nghị Ngoại giao lần thứ 32")
    found = article_duplicates(
        source_url=" https://baoquocte.vn/a.html ", title="Tiêu đề khác", texts=REPORT_REPRINTED
    )
    assert [(d.article, d.reason) for d in found] == [(by_url, SAME_URL), (by_text, SAME_TEXT)]
    assert found[1].percent == round(100 * found[1].similarity) >= 60
    # An article found by its URL or title is not named again for its text.
    again = article_duplicates(title="KHAI MẠC HỘI NGHỊ NGOẠI GIAO LẦN THỨ 32", texts=REPORT)
    assert [(d.article, d.reason) for d in again] == [(by_text, SAME_TITLE)]
