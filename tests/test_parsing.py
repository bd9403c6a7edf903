"""Tests of articles.ingest.parse: the five seed articles, then small synthetic texts.

Expected values were written by hand from reading the seed texts. No database needed.
"""

import re
from collections import Counter
from pathlib import Path

import pytest

from articles.ingest.parse import (
    Dropped,
    Override,
    ParsedArticle,
    ParseError,
    Segment,
    SegmentKind,
    SpeakerWithoutAnswer,
    normalise,
    parse_article,
)

SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
PROJECT_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

SEED_FILES = {
    "000": "000_0cd05a0591aad6d5.txt",
    "001": "001_b75d1dc0e5a8a592.txt",
    "002": "002_718387a4edb66b09.txt",
    "003": "003_478af4e0ced61de0.txt",
    "004": "004_ec9d99e5a5a2e0a2.txt",
}
BANNER_001 = "Việt Nam vươn mình trong kỷ nguyên mới"
# How each seed must be parsed: 001 carries a site banner above its title, 003 has no title.
SEED_OPTIONS: dict[str, dict] = {
    "000": {},
    "001": {"furniture": [BANNER_001]},
    "002": {},
    "003": {"title_in_text": False},
    "004": {},
}

P, Q, A, C, S = (
    SegmentKind.PARAGRAPH,
    SegmentKind.QUESTION,
    SegmentKind.ANSWER,
    SegmentKind.CAPTION,
    SegmentKind.SUBHEADING,
)


def seed_text(key: str) -> str:
    """The raw seed: the project's copy in fixtures/ if present, else the shared folder."""
    name = SEED_FILES[key]
    for folder in (PROJECT_FIXTURES, SHARED_SEEDS):
        if (folder / name).is_file():
            return (folder / name).read_text(encoding="utf-8")
    pytest.fail(f"seed {name} found neither in {PROJECT_FIXTURES} nor in {SHARED_SEEDS}")


def parse_seed(key: str) -> ParsedArticle:
    return parse_article(seed_text(key), **SEED_OPTIONS[key])


def interview(article: ParsedArticle) -> list[tuple[str, list[str]]]:
    """Each question's text with the speaker labels of the answer paragraphs that follow it.

    Captions do not interrupt an answer; a paragraph or subheading ends it.
    """
    groups: list[tuple[str, list[str]]] = []
    open_group = False
    for segment in article.segments:
        if segment.kind == Q:
            groups.append((segment.text, []))
            open_group = True
        elif segment.kind == A:
            assert open_group, f"answer without a question: {segment.text[:60]!r}"
            groups[-1][1].append(segment.speaker_label)
        elif segment.kind in (P, S):
            open_group = False
    return groups


def assert_interview(
    article: ParsedArticle, expected: list[tuple[str, int, str]]
) -> list[tuple[str, list[str]]]:
    """Questions open with the given words, each followed by N answers by the given speaker."""
    groups = interview(article)
    assert len(groups) == len(expected)
    for (question, labels), (opening, count, label) in zip(groups, expected, strict=True):
        assert question.startswith(opening), (question[:60], opening)
        assert labels == [label] * count, (opening, labels)
    return groups


def kinds(article: ParsedArticle) -> Counter:
    return Counter(segment.kind for segment in article.segments)


def captions(article: ParsedArticle) -> list[tuple[str, str]]:
    return [(s.text, s.photo_credit) for s in article.segments if s.kind == C]


# --- the seeds -----------------------------------------------------------------------------

FURNITURE_FRAGMENTS = [
    "Chia sẻ",
    "Tin cùng chuyên mục",
    "Chú thích ảnh",
    "(thực hiện)",
    "http",
    "ảnh 1",
    "\xa0",
    "TTXVN/",
    "Vietnam+",
    "VIETNAM+",
    "Dân trí",
    "Báo Tin tức",
    "Nguồn Xây Dựng",
    BANNER_001,
]
TIMESTAMP = re.compile(r"\d{1,2}:\d{2} \d{1,2}/\d{1,2}/\d{4}")


@pytest.mark.parametrize("key", sorted(SEED_FILES))
def test_no_segment_carries_page_furniture(key):
    article = parse_seed(key)
    for text in [article.title, *(s.text for s in article.segments)]:
        for fragment in FURNITURE_FRAGMENTS:
            assert fragment not in text, (key, fragment, text[:80])
        assert not TIMESTAMP.search(text), (key, text[:80])
        # normalise: no stray space before punctuation, no double spaces
        assert not re.search(r" [,;:.!?)]|  ", text), (key, text[:80])
    for segment in article.segments:
        assert segment.text, (key, segment)
        assert not segment.text.startswith("- "), (key, segment.text[:60])


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("000", {P: 2, Q: 3, A: 14, C: 1}),
        ("001", {P: 2, Q: 3, A: 10, C: 1}),
        ("002", {P: 5, Q: 3, A: 18, C: 1}),
        ("003", {P: 14, C: 3, S: 2}),
        ("004", {P: 8, C: 1}),
    ],
)
def test_seed_segment_counts(key, expected):
    assert kinds(parse_seed(key)) == Counter(expected)


def test_seed_000_dash_answers():
    article = parse_seed("000")
    assert article.title == "Vụ Hợp tác Quốc tế: Đẩy mạnh ngoại giao, hội nhập quốc tế"
    assert article.convention == "dash-answers"
    groups = assert_interview(
        article,
        [
            ("Ông cho biết đặc điểm nổi bật trong công tác đối ngoại", 4, ""),
            ("Xin ông chia sẻ công tác đối ngoại trong ngành Xây dựng", 3, ""),
            ("Thời gian tới, công tác đối ngoại ngành Xây dựng", 7, ""),
        ],
    )
    assert groups[2][0].endswith("thưa ông?")
    # the lead comes before the first question, as a paragraph
    assert article.segments[0].kind == P
    assert article.segments[0].text.startswith("Vụ Hợp tác Quốc tế (Bộ Xây dựng) thực hiện")
    # answers lose their "- " marker; unprefixed paragraphs continue the answer
    answers = [s.text for s in article.segments if s.kind == A]
    assert answers[0].startswith("Vụ đã thực hiện tốt vai trò Chủ tịch Phân ban")
    assert answers[1].startswith("Vụ nghiên cứu, đề xuất")
    assert answers[-1].startswith("Đẩy mạnh xây dựng tính chuyên nghiệp")
    assert "theo tinh thần: Chủ động" in answers[9]  # a colon inside a sentence is no label
    # the closing thank-you is a paragraph, and the last segment
    assert article.segments[-1] == Segment(
        P, "Trân trọng cảm ơn ông!", reason="closing thanks", line=43
    )
    assert captions(article) == [
        ("Bộ trưởng Bộ Xây dựng Nguyễn Thanh Nghị tiếp Đại sứ Hoa Kỳ Marc E. Knapper.", "")
    ]
    assert article.byline == "Hạ Ly"
    assert article.source_url == (
        "https://baoxaydung.com.vn/vu-hop-tac-quoc-te-day-manh-ngoai-giao-hoi-nhap-quoc-te"
        "-353421.html"
    )
    assert article.credit_lines == (f"Nguồn Xây Dựng: {article.source_url}",)
    assert article.timestamp == ""
    assert {(d.line, d.reason) for d in article.dropped} == {
        (7, "duplicate caption"),
        (45, "byline"),
        (47, "source line"),
    }


def test_seed_001_labelled_answers():
    article = parse_seed("001")
    assert article.title == "Nâng cao công tác ngoại vụ, phục vụ hội nhập quốc tế địa phương"
    assert article.convention == "labelled-answers"
    label = "Thứ trưởng Lê Hoài Trung"
    assert_interview(
        article,
        [
            ("Thứ trưởng có thể cho biết Hội nghị Ngoại vụ toàn quốc", 1, label),
            ("Sau những chia sẻ của đại diện các Sở Ngoại vụ", 5, label),
            # "Theo Thứ trưởng, ..." is a question, not a credit line
            ("Theo Thứ trưởng, thời gian tới, Bộ Ngoại giao", 4, label),
        ],
    )
    first, second = article.segments[0], article.segments[1]
    assert first.kind == P and first.text.startswith("Ngày 21/8, Hội nghị Ngoại vụ toàn quốc")
    assert second == Segment(
        P, "Sau đây là nội dung cuộc trao đổi:", reason="lead before the first question", line=10
    )
    answers = [s for s in article.segments if s.kind == A]
    # the label and the no-break space after it are gone
    assert answers[0].text.startswith("Hội nghị Ngoại vụ lần thứ 18 có ý nghĩa rất đặc biệt")
    assert answers[2].text.startswith("Về chính trị-đối ngoại")
    # normalise removes the space before the comma; the word break itself is the caller's
    assert "các b ộ, ban ngành ở Trung ương" in answers[1].text
    # the caption printed twice between an answer and the next question
    assert captions(article) == [("Thứ trưởng Bộ Ngoại giao Lê Hoài Trung.", "")]
    assert article.credit_lines == ("Theo TTXVN/VIETNAM+",)
    assert (article.source_url, article.byline, article.timestamp) == ("", "", "")
    assert {(d.line, d.reason) for d in article.dropped} == {
        (1, "curated furniture"),
        (5, "credit line"),
        (6, "share button"),
        (16, "duplicate caption"),
    }


def test_seed_001_banner_is_taken_for_the_title_unless_curated():
    # No generic rule can tell this banner from a title: the caller lists it as furniture.
    article = parse_article(seed_text("001"))
    assert article.title == BANNER_001


def test_seed_002_labelled_answers_with_label_alone_on_its_line():
    article = parse_seed("002")
    assert article.title == "Đẩy mạnh, nâng cao hiệu quả hội nhập, phục vụ phát triển bền vững"
    assert article.convention == "labelled-answers"
    label = "Thứ trưởng Bùi Thanh Sơn"
    assert_interview(
        article,
        [
            ("Hội nghị Ngoại giao lần thứ 29 vừa kết thúc, Thứ trưởng", 8, label),
            ("Trong khuôn khổ Hội nghị Ngoại giao lần thứ 29", 4, label),
            ("Xin Thứ trưởng cho biết, trọng tâm công tác", 6, label),
        ],
    )
    answers = [s.text for s in article.segments if s.kind == A]
    # "Thứ trưởng Bùi Thanh Sơn:" alone on line 33, the answer on line 34
    assert answers[8].startswith("Tôi cho rằng ở các cơ quan Nhà nước")
    assert not any(text.startswith("Thứ trưởng Bùi Thanh Sơn") for text in answers)
    assert answers[12].endswith("năm nhóm nhiệm vụ bao trùm:")
    assert "các bộ, ngành, địa phương" in answers[2]
    assert "an ninh của Việt Nam; đẩy mạnh" in answers[14]
    paragraphs = [s.text for s in article.segments if s.kind == P]
    assert paragraphs[0].startswith("Tại Hội nghị Ngoại giao thứ 29, trí tuệ tập thể")
    assert paragraphs[3] == "Sau đây là nội dung phỏng vấn:"
    # the closing thank-you: a paragraph without its "- ", and the last segment
    assert article.segments[-1] == Segment(
        P, "Trân trọng cảm ơn Thứ trưởng./.", reason="closing thanks", line=56
    )
    # the caption lost the alt text glued in front of it
    assert captions(article) == [("Toàn cảnh Hội nghị.", "Doãn Tấn/TTXVN")]
    assert article.segments[1].kind == C
    assert article.credit_lines == ("(TTXVN/Vietnam+)",)
    assert (article.source_url, article.byline, article.timestamp) == ("", "", "")
    assert {(d.line, d.reason) for d in article.dropped} == {
        (4, "alt text"),
        (58, "credit line"),
        (60, "more-in-section heading"),
    }


def test_seed_003_report_with_subheadings_and_no_title():
    article = parse_seed("003")
    assert article.title == ""
    assert article.convention == "report"
    # the first line is the lead; "Theo Bộ trưởng ..." is content, not a credit
    assert article.segments[0].kind == P
    assert article.segments[0].text.startswith("Theo Bộ trưởng Ngoại giao Bùi Thanh Sơn, Đại hội")
    assert [(i, s.text) for i, s in enumerate(article.segments) if s.kind == S] == [
        (2, "Thách thức từ dịch bệnh"),
        (12, "Những nhiệm vụ cần tập trung"),
    ]
    assert captions(article) == [
        ("Các đại biểu dự Hội nghị Ngoại vụ toàn quốc sáng 13/12", "Quốc Chính"),
        ("Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn", "Quốc Chính"),
        (
            "Hội nghị Ngoại vụ lần thứ 20 có sự tham gia của các địa phương, các ban, Bộ, ngành"
            " Trung ương, các cơ quan đại diện Việt Nam ở nước ngoài và các đối tác quốc tế",
            "Quốc Chính",
        ),
    ]
    paragraphs = [s.text for s in article.segments if s.kind == P]
    assert any(
        text.startswith("Theo Bộ trưởng Bộ Ngoại giao, dưới sự lãnh đạo") for text in paragraphs
    )
    assert any(text.startswith("Theo ông Sơn, quan hệ") for text in paragraphs)
    assert paragraphs[-1].startswith("Cuối cùng, Bộ trưởng Bùi Thanh Sơn")
    assert article.credit_lines == ("Theo Châu Như Quỳnh/Dân trí",)
    assert article.source_url == (
        "https://dantri.com.vn/xa-hoi/ba-tru-cot-xay-dung-nen-ngoai-giao-viet-nam-toan-dien"
        "-hien-dai-20211213114145823.htm"
    )
    assert (article.byline, article.timestamp) == ("", "")
    assert {(d.line, d.reason) for d in article.dropped} == {
        (20, "credit line"),
        (21, "source url"),
    }


def test_seed_004_report_with_timestamp_and_placeholder():
    article = parse_seed("004")
    assert article.title == (
        "Đội ngũ cán bộ đối ngoại cần có sự chuyên nghiệp trong hoạt động hội nhập quốc tế"
    )
    assert article.convention == "report"
    assert article.timestamp == "12:14 11/12/2018"
    assert captions(article) == [("Phó Thủ tướng Vũ Đức Đam phát biểu.", "Dương Giang/TTXVN")]
    assert article.segments[1].kind == C
    assert article.segments[0].text.startswith("Sáng 11/12, tại Trụ sở Chính phủ")
    assert article.segments[-1].text.startswith("Phó Thủ tướng lưu ý ngoài những vấn đề")
    assert any(s.text.startswith("Theo Phó Thủ tướng, chủ động hội nhập") for s in article.segments)
    assert article.credit_lines == ("TTXVN/Báo Tin tức",)
    assert (article.source_url, article.byline) == ("", "")
    assert article.dropped == (
        Dropped(1, "12:14 11/12/2018", "timestamp", "timestamp"),
        Dropped(7, "Chú thích ảnh", "caption placeholder", "placeholder"),
        Dropped(24, "TTXVN/Báo Tin tức", "credit line", "source-credit"),
    )
    assert article.photo_credits == ("Dương Giang/TTXVN",)


@pytest.mark.parametrize("key", sorted(SEED_FILES))
def test_seed_segments_point_at_their_lines(key):
    lines = seed_text(key).split("\n")
    for segment in parse_seed(key).segments:
        printed = " ".join(lines[segment.line - 1].split())
        assert segment.text[:40] in printed, (key, segment.line, segment.text[:40])
        assert segment.reason, segment


def test_seed_reasons_and_families():
    a000, a001, a002, a003, a004 = (parse_seed(key) for key in sorted(SEED_FILES))
    assert [(s.kind, s.reason) for s in a000.segments[:5]] == [
        (P, "lead before the first question"),
        (C, "printed twice: a photo caption"),
        (Q, "ends with a question mark and an answer follows"),
        (A, "starts with a dash after a question: its answer"),
        (A, "continues the answer above"),
    ]
    assert [(d.line, d.family) for d in a000.dropped] == [
        (7, "caption-repeat"),
        (45, "byline"),
        (47, "source-credit"),
    ]
    assert [(s.kind, s.reason, s.label) for s in a001.segments[2:4]] == [
        (Q, "starts with a dash and asks: a question", ""),
        (A, "labelled with the speaker's name", "Thứ trưởng Lê Hoài Trung"),
    ]
    assert [(d.line, d.family) for d in a001.dropped] == [
        (1, "curated"),
        (5, "source-credit"),
        (6, "share"),
        (16, "caption-repeat"),
    ]
    # the label alone on line 33 applies to line 34
    answer = next(s for s in a002.segments if s.text.startswith("Tôi cho rằng ở các cơ quan"))
    assert (answer.line, answer.label, answer.reason) == (
        34,
        "Thứ trưởng Bùi Thanh Sơn",
        "labelled with the speaker's name",
    )
    assert [(d.line, d.family) for d in a002.dropped] == [
        (4, "alt-text"),
        (58, "source-credit"),
        (60, "related"),
    ]
    assert a002.segments[1].reason == "carries a photo credit: a caption"
    assert {s.reason for s in a003.segments if s.kind == P} == {
        "no question is answered: read as a report"
    }
    assert [(d.line, d.family) for d in a003.dropped] == [(20, "source-credit"), (21, "url")]
    assert a003.photo_credits == ("Quốc Chính",)
    assert a004.photo_credits == ("Dương Giang/TTXVN",)


def test_seed_interview_read_as_a_report_on_request():
    article = parse_article(seed_text("000"), kind="report")
    assert article.convention == "report"
    assert kinds(article) == Counter({P: 19, C: 1})
    # printed as it is: the answers keep their "- "
    assert article.segments[3].text.startswith("- Vụ đã thực hiện tốt vai trò")
    assert {s.reason for s in article.segments if s.kind == P} == {
        "the article is a report: no questions and answers"
    }


# --- normalise -----------------------------------------------------------------------------


def test_normalise_spaces_and_punctuation():
    assert normalise("\u00a0Phó Thủ tướng\u00a0 phát biểu .\u2009") == "Phó Thủ tướng phát biểu."
    assert normalise("các bộ, ngành , địa phương ; Việt Nam : ( TTXVN )") == (
        "các bộ, ngành, địa phương; Việt Nam: (TTXVN)"
    )
    assert normalise("Hết ?  Thật !") == "Hết? Thật!"
    assert normalise("ho\u0300a") == "hòa"  # NFC
    assert normalise(" \u00a0\t ") == ""


# --- synthetic texts -----------------------------------------------------------------------

DASH_INTERVIEW = """Tiêu đề bài phỏng vấn

Lời dẫn của bài.

Ông đánh giá thế nào về năm qua?
- Năm qua rất tốt.
Đoạn tiếp theo của câu trả lời.
Xin ông cho biết kế hoạch?

- Kế hoạch đã rõ.
XIN CẢM ƠN ÔNG!
Đoạn sau lời cảm ơn."""


def test_dash_answers_convention():
    article = parse_article(DASH_INTERVIEW)
    assert article.convention == "dash-answers"
    assert article.title == "Tiêu đề bài phỏng vấn"
    assert [(s.kind, s.text, s.speaker_label) for s in article.segments] == [
        (P, "Lời dẫn của bài.", ""),
        (Q, "Ông đánh giá thế nào về năm qua?", ""),
        (A, "Năm qua rất tốt.", ""),
        (A, "Đoạn tiếp theo của câu trả lời.", ""),
        (Q, "Xin ông cho biết kế hoạch?", ""),
        (A, "Kế hoạch đã rõ.", ""),
        (P, "XIN CẢM ƠN ÔNG!", ""),  # thank-you found whatever the case
        (P, "Đoạn sau lời cảm ơn.", ""),  # the interview is over
    ]


LABELLED_INTERVIEW = """Tiêu đề

Sau đây là nội dung phỏng vấn:
- Cảm ơn ông đã nhận lời. Ông cho biết về hội nghị?
Đại sứ Marc E. Knapper: Hội nghị rất thành công.
Đoạn thứ hai.
Kết quả chính
Đoạn sau tiêu đề phụ.
- Câu hỏi thứ hai?

Bà Nguyễn Thị Hà:\u00a0

Câu trả lời nằm ở dòng sau.
- Trân trọng cảm ơn bà./."""


def test_labelled_answers_convention_with_label_alone_and_subheading():
    article = parse_article(LABELLED_INTERVIEW)
    assert article.convention == "labelled-answers"
    assert [(s.kind, s.text, s.speaker_label) for s in article.segments] == [
        (P, "Sau đây là nội dung phỏng vấn:", ""),
        # opens with thanks but asks: a question, not the closing
        (Q, "Cảm ơn ông đã nhận lời. Ông cho biết về hội nghị?", ""),
        (A, "Hội nghị rất thành công.", "Đại sứ Marc E. Knapper"),
        (A, "Đoạn thứ hai.", "Đại sứ Marc E. Knapper"),
        (S, "Kết quả chính", ""),  # a subheading ends the answer
        (P, "Đoạn sau tiêu đề phụ.", ""),
        (Q, "Câu hỏi thứ hai?", ""),
        (A, "Câu trả lời nằm ở dòng sau.", "Bà Nguyễn Thị Hà"),
        (P, "Trân trọng cảm ơn bà./.", ""),
    ]


def test_interviewer_label_asks_the_question():
    article = parse_article("Tiêu đề\nPV: Ông nghĩ sao?\nÔng Lê Văn A: Tôi đồng ý.")
    assert article.convention == "labelled-answers"
    assert [(s.kind, s.text, s.speaker_label) for s in article.segments] == [
        (Q, "Ông nghĩ sao?", ""),
        (A, "Tôi đồng ý.", "Ông Lê Văn A"),
    ]


def test_label_without_answer_text_is_an_error():
    with pytest.raises(ParseError, match=r"line 3: speaker label 'Ông Lê Văn A'"):
        parse_article("Tiêu đề\n- Câu hỏi?\nÔng Lê Văn A:\n- Câu hỏi khác?")


def test_sentences_with_colons_are_not_labels():
    text = (
        "Tiêu đề\n"
        "Sau đây là nội dung phỏng vấn:\n"
        "Hội nghị khai mạc với chủ đề: “Đổi mới”.\n"
        "Đại hội Đảng lần thứ XII: một dấu mốc.\n"
        "- Một ý trong danh sách.\n"
        "- Một ý khác."
    )
    article = parse_article(text)
    # no label and no question: a report, and its bullet lines stay as printed
    assert article.convention == "report"
    assert [s.kind for s in article.segments] == [P] * 5
    assert article.segments[-1].text == "- Một ý khác."


def test_report_quoting_a_speaker_is_not_an_interview():
    article = parse_article("Tiêu đề\nLời dẫn.\nÔng Lê Văn A: Chúng tôi đồng ý.\nĐoạn cuối.")
    assert article.convention == "report"
    assert [s.kind for s in article.segments] == [P, P, P]


def test_a_subheading_between_answers_and_the_text_under_it():
    raw = (
        "Tiêu đề\n"
        "PV: Ông đánh giá thế nào về năm qua?\n"
        "Ông Lê Văn Bình: Năm qua rất tốt.\n"
        "Kết quả chính\n"
        "Đoạn dưới tiêu đề phụ.\n"
        "PV: Còn năm tới?\n"
        "Ông Lê Văn Bình: Sẽ tốt hơn."
    )
    article = parse_article(raw)
    assert [(s.kind, s.reason) for s in article.segments][2:5] == [
        (S, "short line without final punctuation: a subheading"),
        (P, "text between the questions and answers"),
        (Q, "labelled as a question"),
    ]


def test_a_speaker_label_without_answer_is_an_error_with_its_line():
    raw = "Tiêu đề\nPV: Ông nghĩ sao?\nThứ trưởng Lê Hoài Trung:\nPV: Còn điều gì nữa?"
    with pytest.raises(SpeakerWithoutAnswer) as raised:
        parse_article(raw)
    assert (raised.value.line, raised.value.label) == (3, "Thứ trưởng Lê Hoài Trung")


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="kind must be one of"):
        parse_article(DASH_INTERVIEW, kind="interviews")


def test_override_changes_kind_and_label():
    overrides = [
        Override("Đoạn thứ hai", kind=SegmentKind.PARAGRAPH, speaker_label=""),
        Override("Hội nghị rất", speaker_label="Đại sứ Knapper"),
    ]
    article = parse_article(LABELLED_INTERVIEW, overrides=overrides)
    corrected = "corrected by the curated overrides"
    assert article.segments[2] == Segment(
        A, "Hội nghị rất thành công.", "Đại sứ Knapper", "", corrected, 5, "Đại sứ Marc E. Knapper"
    )
    assert article.segments[3] == Segment(P, "Đoạn thứ hai.", "", "", corrected, 6)


def test_override_not_found_is_an_error():
    with pytest.raises(ParseError, match="override 'Không có' matches no segment"):
        parse_article(DASH_INTERVIEW, overrides=[Override("Không có", kind=SegmentKind.QUESTION)])


def test_override_with_unknown_kind_is_an_error():
    with pytest.raises(ParseError, match="unknown kind 'quote'"):
        parse_article(DASH_INTERVIEW, overrides=[Override("Lời dẫn", kind="quote")])


@pytest.mark.parametrize("raw", ["", "\n\n", " \u00a0 \n"])
def test_empty_text_gives_no_segments(raw):
    # Documented choice: not an error here; the caller rejects empty articles itself.
    article = parse_article(raw)
    assert article == ParsedArticle(
        title="",
        segments=(),
        dropped=(),
        convention="report",
        source_url="",
        credit_lines=(),
        byline="",
        timestamp="",
    )
