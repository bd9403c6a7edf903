"""Page furniture by family (articles.ingest.cleanup), on texts written for these tests in the
layout of real Vietnamese news pages: share and follow buttons, related-article blocks,
template placeholders, repeated titles, captions and paragraphs, alt text, photo credits,
bylines, time stamps and credit lines; the site around the article (audio player, markup
residue, navigation, banner, the outlet's tag before the lead); and real sentences that
resemble furniture, which must be kept.
No database needed.
"""

import time

import pytest

from articles.ingest import cleanup, furniture
from articles.ingest.parse import (
    Dropped,
    Family,
    ParseError,
    Segment,
    SegmentKind,
    parse_article,
)

P, C, S = SegmentKind.PARAGRAPH, SegmentKind.CAPTION, SegmentKind.SUBHEADING
REPORT_REASON = "no question is answered: read as a report"


def dropped(article) -> list[tuple[int, str, str]]:
    return [(d.line, d.family, d.reason) for d in article.dropped]


def texts(article) -> list[str]:
    return [s.text for s in article.segments]


# --- a page with most families --------------------------------------------------------------

PAGE = """Thứ Năm, 14/09/2023 10:42 (GMT+7)
Việt Nam - Hoa Kỳ: Bước ngoặt lịch sử trong quan hệ song phương
MINH ANH
{keywords}
Lưu bài
Copy link
Chia sẻ bài viết
Facebook Zalo Twitter
Chuyến thăm của Tổng thống Hoa Kỳ đã đưa quan hệ hai nước lên tầm Đối tác chiến lược toàn diện.
viet nam hoa ky buoc ngoat lich su trong quan he song phuong
Hai nhà lãnh đạo tại lễ đón chính thức.
Nguồn ảnh: TTXVN
Có thể bạn quan tâm
Thủ tướng tiếp Bộ trưởng Thương mại Hoa Kỳ
Hợp tác bán dẫn: Cơ hội lớn cho Việt Nam
Theo các chuyên gia, việc nâng cấp quan hệ mở ra nhiều cơ hội trong lĩnh vực công nghệ cao.
VIỆT NAM - HOA KỲ: BƯỚC NGOẶT LỊCH SỬ TRONG QUAN HỆ SONG PHƯƠNG
Hai bên nhất trí thúc đẩy hợp tác về bán dẫn, năng lượng sạch và giáo dục.
Hai nhà lãnh đạo tại lễ đón chính thức.
Lãnh đạo hai nước chứng kiến lễ ký kết các văn kiện hợp tác. (Nguồn: Bộ Ngoại giao)
Tổng thống Hoa Kỳ rời Hà Nội chiều 11/9, kết thúc chuyến thăm cấp Nhà nước.
[caption]
%title%
Đọc bài gốc
Theo dõi Báo Thế giới và Việt Nam trên Google News
Tweet
Email
Bình luận (3)
Tin mới
Khai mạc Tuần lễ Cấp cao APEC 15/09/2023 09:00
Bộ Ngoại giao thông tin về chuyến thăm của Thủ tướng tới Hoa Kỳ (08:45)
Thu Hà - Văn Nam"""


def test_a_page_full_of_furniture():
    article = parse_article(PAGE)
    assert article.title == "Việt Nam - Hoa Kỳ: Bước ngoặt lịch sử trong quan hệ song phương"
    assert [(s.kind, s.text, s.photo_credit) for s in article.segments] == [
        (
            P,
            "Chuyến thăm của Tổng thống Hoa Kỳ đã đưa quan hệ hai nước lên tầm Đối tác chiến lược"
            " toàn diện.",
            "",
        ),
        (C, "Hai nhà lãnh đạo tại lễ đón chính thức.", "TTXVN"),
        (
            P,
            "Theo các chuyên gia, việc nâng cấp quan hệ mở ra nhiều cơ hội trong lĩnh vực công"
            " nghệ cao.",
            "",
        ),
        (P, "Hai bên nhất trí thúc đẩy hợp tác về bán dẫn, năng lượng sạch và giáo dục.", ""),
        (C, "Lãnh đạo hai nước chứng kiến lễ ký kết các văn kiện hợp tác.", "Bộ Ngoại giao"),
        (P, "Tổng thống Hoa Kỳ rời Hà Nội chiều 11/9, kết thúc chuyến thăm cấp Nhà nước.", ""),
    ]
    assert dropped(article) == [
        (1, Family.TIMESTAMP, cleanup.TIMESTAMP),
        (3, Family.BYLINE, cleanup.BYLINE),
        (4, Family.PLACEHOLDER, cleanup.TEMPLATE_PLACEHOLDER),
        (5, Family.SHARE, cleanup.SHARE_BUTTON),
        (6, Family.SHARE, cleanup.SHARE_BUTTON),
        (7, Family.SHARE, cleanup.SHARE_BUTTON),
        (8, Family.SHARE, cleanup.SHARE_BUTTON),
        (10, Family.ALT_TEXT, cleanup.ALT_TEXT),  # the title as an ASCII slug
        (12, Family.PHOTO_CREDIT, cleanup.PHOTO_CREDIT_ABOVE),
        (13, Family.RELATED, cleanup.RELATED_HEADING),
        (14, Family.RELATED, cleanup.RELATED_TITLE),
        (15, Family.RELATED, cleanup.RELATED_TITLE),
        (17, Family.TITLE_REPEAT, cleanup.DUPLICATE_TITLE),  # in capitals, further down
        (19, Family.CAPTION_REPEAT, cleanup.DUPLICATE_CAPTION),  # the caption again, apart
        (22, Family.PLACEHOLDER, cleanup.TEMPLATE_PLACEHOLDER),
        (23, Family.PLACEHOLDER, cleanup.TEMPLATE_PLACEHOLDER),
        (24, Family.SHARE, cleanup.SHARE_BUTTON),
        (25, Family.FOLLOW, cleanup.FOLLOW_LINK),
        (26, Family.SHARE, cleanup.SHARE_BUTTON),
        (27, Family.SHARE, cleanup.SHARE_BUTTON),
        (28, Family.SHARE, cleanup.SHARE_BUTTON),
        (29, Family.RELATED, cleanup.RELATED_HEADING),
        (30, Family.RELATED, cleanup.RELATED_TITLE),
        (31, Family.RELATED, cleanup.RELATED_TITLE),
        (32, Family.BYLINE, cleanup.BYLINE),
    ]
    assert article.timestamp == "Thứ Năm, 14/09/2023 10:42 (GMT+7)"
    assert article.byline == "MINH ANH, Thu Hà - Văn Nam"
    assert article.photo_credits == ("TTXVN", "Bộ Ngoại giao")
    assert {d.family for d in article.dropped} <= set(Family.choices)


# --- related articles -----------------------------------------------------------------------

BQT_RELATED = """TS. Nguyễn Hùng Sơn: Ngoại giao Việt Nam trong thế giới đa cực
Theo dõi Baoquocte.vn trên
TIN LIÊN QUAN
ts nguyen hung son ngoai giao viet nam trong the gioi da cuc Nhiều nước châu Phi mong muốn \
học hỏi kinh nghiệm Việt Nam
ts nguyen hung son ngoai giao viet nam trong the gioi da cuc “Ngoại giao cây tre” trong thời \
kỳ mới
ts nguyen hung son ngoai giao viet nam trong the gioi da cuc
TS. Nguyễn Hùng Sơn
Thế giới đang chuyển dịch mạnh mẽ sang trật tự đa cực, đặt ra nhiều yêu cầu mới với ngoại giao.
Tin cùng chuyên mục"""


def test_related_block_with_slug_prefixed_titles_and_the_title_slug_as_alt_text():
    article = parse_article(BQT_RELATED)
    assert [(s.kind, s.text) for s in article.segments] == [
        (C, "TS. Nguyễn Hùng Sơn"),  # the image under its alt text
        (
            P,
            "Thế giới đang chuyển dịch mạnh mẽ sang trật tự đa cực, đặt ra nhiều yêu cầu mới với"
            " ngoại giao.",
        ),
    ]
    assert dropped(article) == [
        (2, Family.FOLLOW, cleanup.FOLLOW_LINK),
        (3, Family.RELATED, cleanup.RELATED_HEADING),
        (4, Family.RELATED, cleanup.RELATED_TITLE),
        (5, Family.RELATED, cleanup.RELATED_TITLE),
        (6, Family.ALT_TEXT, cleanup.ALT_TEXT),
        (9, Family.RELATED, cleanup.RELATED_HEADING),  # a heading at the end, nothing after
    ]


def test_the_block_ends_at_the_first_line_of_article_text():
    raw = (
        "Hội nghị Ngoại vụ toàn quốc lần thứ 21 khai mạc tại Hà Nội\n"
        "Tin liên quan\n"
        "Bộ trưởng Ngoại giao tiếp Đại sứ Australia (09:15)\n"
        "Tăng cường đối ngoại địa phương trong giai đoạn mới\n"
        "Sáng nay, Hội nghị Ngoại vụ toàn quốc lần thứ 21 đã khai mạc tại Hà Nội.\n"
        "Đối ngoại địa phương trong kỷ nguyên mới\n"
        "Hội nghị tập trung thảo luận về ngoại giao kinh tế."
    )
    article = parse_article(raw)
    assert [d.line for d in article.dropped] == [2, 3, 4]
    # after the text resumed, a short line is a subheading again, not a related title
    assert [(s.kind, s.line) for s in article.segments] == [
        (P, 5),
        (SegmentKind.SUBHEADING, 6),
        (P, 7),
    ]


def test_a_short_subheading_after_a_related_block_is_kept():
    raw = (
        "Thủ tướng chủ trì Hội nghị với các nhà đầu tư Hàn Quốc\n"
        "Sáng 2/7, tại Seoul, Thủ tướng đã chủ trì Hội nghị xúc tiến đầu tư.\n"
        "Tin liên quan\n"
        "Thủ tướng gặp Chủ tịch Tập đoàn Samsung tại Seoul\n"
        "Ba đột phá chiến lược\n"
        "Thủ tướng nhấn mạnh ba đột phá chiến lược về thể chế, hạ tầng và nhân lực."
    )
    article = parse_article(raw)
    assert [d.line for d in article.dropped] == [3, 4]
    assert (article.segments[1].kind, article.segments[1].text) == (S, "Ba đột phá chiến lược")


def test_a_block_printed_as_a_list_ends_at_a_blank_line():
    raw = (
        "Thủ tướng chủ trì Hội nghị với các nhà đầu tư Hàn Quốc\n\n"
        "Sáng 2/7, tại Seoul, Thủ tướng đã chủ trì Hội nghị xúc tiến đầu tư.\n\n"
        "Tin liên quan\n"
        "Thủ tướng gặp Chủ tịch Tập đoàn Samsung tại Seoul\n"
        "Thủ tướng hội kiến Tổng thống Hàn Quốc Yoon Suk Yeol\n\n"
        "Nhà đầu tư hàng đầu của Việt Nam\n\n"
        "Hàn Quốc hiện có hơn 10.000 dự án đầu tư tại Việt Nam."
    )
    article = parse_article(raw)
    assert [d.line for d in article.dropped] == [5, 6, 7]
    assert [(s.kind, s.line) for s in article.segments] == [(P, 3), (S, 9), (P, 11)]


def test_related_titles_with_a_time_stamp_need_no_heading():
    raw = (
        "Đại hội đồng Liên hợp quốc thông qua nghị quyết do Việt Nam đề xuất\n"
        "Nghị quyết được 193 nước thành viên nhất trí thông qua.\n"
        "Việt Nam ứng cử Hội đồng Nhân quyền nhiệm kỳ 2026-2028 (15:30)\n"
        "12/10/2023 08:00 Phái đoàn Việt Nam tại New York tổ chức tọa đàm\n"
        "Thủ tướng dự Hội nghị Thượng đỉnh Tương lai - 2 giờ trước\n"
        "Đây là lần đầu tiên Việt Nam chủ trì soạn thảo một nghị quyết về chủ đề này."
    )
    article = parse_article(raw)
    assert [(d.line, d.reason) for d in article.dropped] == [
        (3, cleanup.RELATED_STAMPED),
        (4, cleanup.RELATED_STAMPED),
        (5, cleanup.RELATED_STAMPED),
    ]
    assert article.timestamp == ""  # a related article's time is not the article's


def test_inline_links_to_related_articles():
    raw = (
        "Tiêu đề bài viết\n"
        "Đoạn mở đầu của bài viết.\n"
        ">> Thủ tướng tiếp Đại sứ Nhật Bản\n"
        "Xem thêm: Việt Nam và Nhật Bản ký kết hiệp định hợp tác\n"
        "Xem thêm: chi tiết tại Cổng thông tin điện tử của Bộ.\n"
        "Đoạn kết của bài viết."
    )
    article = parse_article(raw)
    assert [(d.line, d.reason) for d in article.dropped] == [
        (3, cleanup.RELATED_LINK),
        (4, cleanup.RELATED_LINK),
    ]
    assert "Xem thêm: chi tiết tại Cổng thông tin điện tử của Bộ." in texts(article)


# --- titles, captions, alt text, photo credits ----------------------------------------------


def test_the_title_repeated_anywhere_and_alt_text_with_an_image_number():
    raw = (
        "Ngoại giao kinh tế: Động lực tăng trưởng mới\n"
        "Ngoại giao kinh tế: động lực tăng trưởng mới ảnh 1\n"
        "Năm 2023, ngoại giao kinh tế đã góp phần thu hút nhiều dự án đầu tư lớn.\n"
        "NGOAI GIAO KINH TE: DONG LUC TANG TRUONG MOI\n"
        "Ngoại giao kinh tế: Động lực tăng trưởng mới - Hình 2\n"
        "Các cơ quan đại diện đã tổ chức hàng trăm hoạt động xúc tiến."
    )
    article = parse_article(raw)
    assert [(d.line, d.family) for d in article.dropped] == [
        (2, Family.ALT_TEXT),
        (4, Family.TITLE_REPEAT),  # folded: case and diacritics ignored
        (5, Family.ALT_TEXT),
    ]
    assert [s.kind for s in article.segments] == [P, P]


def test_photo_credits_in_their_forms():
    raw = (
        "Thủ tướng tiếp Tổng Giám đốc Quỹ Tiền tệ Quốc tế\n"
        "Chiều 5/6, tại Trụ sở Chính phủ, Thủ tướng đã tiếp Tổng Giám đốc IMF.\n"
        "Thủ tướng tiếp Tổng Giám đốc IMF. Ảnh: Nhật Bắc/VGP\n"
        "Hai bên trao đổi về triển vọng kinh tế Việt Nam.\n"
        "Quang cảnh buổi tiếp\n"
        "(Ảnh: Dương Giang)\n"
        "IMF đánh giá cao nền tảng kinh tế vĩ mô của Việt Nam.\n"
        "Lực lượng chức năng làm nhiệm vụ tại Trụ sở Chính phủ.\n"
        "(Nguồn: Bộ Công an)\n"
        "Tổng Giám đốc IMF khẳng định sẽ tiếp tục hỗ trợ kỹ thuật cho Việt Nam.\n"
        "Ảnh minh họa\n"
        "Nguồn ảnh: Nhật Bắc/VGP\n"
        "Hai bên nhất trí tăng cường trao đổi chính sách."
    )
    article = parse_article(raw)
    assert [(s.kind, s.text, s.photo_credit) for s in article.segments if s.kind == C] == [
        (C, "Thủ tướng tiếp Tổng Giám đốc IMF.", "Nhật Bắc/VGP"),
        (C, "Quang cảnh buổi tiếp", "Dương Giang"),
        (C, "Lực lượng chức năng làm nhiệm vụ tại Trụ sở Chính phủ.", "Bộ Công an"),
    ]
    assert [(d.line, d.family, d.reason) for d in article.dropped] == [
        (6, Family.PHOTO_CREDIT, cleanup.PHOTO_CREDIT_ABOVE),
        (9, Family.PHOTO_CREDIT, cleanup.PHOTO_CREDIT_ABOVE),
        # where an illustration stood: neither a caption nor a credit
        (11, Family.PLACEHOLDER, furniture.ILLUSTRATION),
        # no caption above: the paragraph stays a paragraph
        (12, Family.PHOTO_CREDIT, cleanup.PHOTO_CREDIT),
    ]
    assert article.segments[-2].kind == P  # the paragraph before "Ảnh minh họa"
    # in order, each once
    assert article.photo_credits == ("Nhật Bắc/VGP", "Dương Giang", "Bộ Công an")


def test_a_source_in_brackets_after_a_long_paragraph_is_kept():
    raw = (
        "Tiêu đề\n"
        "Kim ngạch thương mại hai chiều năm 2023 đạt hơn 110 tỷ USD, tăng 12% so với năm "
        "trước, trong đó xuất khẩu của Việt Nam chiếm phần lớn giá trị.\n"
        "(Nguồn: Tổng cục Hải quan)\n"
        "Hai bên đặt mục tiêu nâng kim ngạch lên 150 tỷ USD."
    )
    article = parse_article(raw)
    assert article.dropped == ()
    assert "(Nguồn: Tổng cục Hải quan)" in texts(article)


# --- bylines ----------------------------------------------------------------------------------

LEAD = "Sáng 20/5, Bộ trưởng Bộ Ngoại giao đã tiếp Đại sứ Singapore tại Hà Nội."
END = "Hai bên nhất trí tăng cường hợp tác."


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Chu An", "Chu An"),
        ("MINH ANH", "MINH ANH"),
        ("Bài và ảnh: Thu Hà", "Thu Hà"),
        ("Nhóm PV", "Nhóm PV"),
        ("Quang Hòa (thực hiện)", "Quang Hòa"),
        ("Thu Hà - Văn Nam", "Thu Hà - Văn Nam"),
    ],
)
def test_a_byline_under_the_title(line, names):
    article = parse_article(f"Tiêu đề bài viết\n{line}\n{LEAD}\n{END}")
    assert article.byline == names
    assert [(d.line, d.family) for d in article.dropped] == [(2, Family.BYLINE)]
    assert texts(article) == [LEAD, END]


def test_a_byline_above_the_title():
    article = parse_article(f"Chu An\nTiêu đề bài viết\n{LEAD}\n{END}")
    assert (article.title, article.byline) == ("Tiêu đề bài viết", "Chu An")


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Minh Anh", "Minh Anh"),
        ("Hồng Nhung - Quốc Việt", "Hồng Nhung - Quốc Việt"),
        ("Nhóm phóng viên", "Nhóm phóng viên"),
    ],
)
def test_a_byline_at_the_end(line, names):
    article = parse_article(f"Tiêu đề bài viết\n{LEAD}\n{END}\n{line}\nTheo TTXVN")
    assert article.byline == names
    assert article.credit_lines == ("Theo TTXVN",)
    assert texts(article) == [LEAD, END]


@pytest.mark.parametrize(
    "line",
    [
        "Hội nghị kết thúc tốt đẹp.",
        "Việt Nam sẵn sàng hợp tác",
        "Đó là mong muốn của Việt Nam!",
        "Hà Nội, ngày 20/5/2024.",
    ],
)
def test_a_short_last_line_that_is_a_sentence_is_no_byline(line):
    article = parse_article(f"Tiêu đề bài viết\n{LEAD}\n{line}")
    assert article.byline == ""
    assert texts(article)[-1] == line


def test_a_signature_after_the_closing_thanks():
    raw = (
        "Đại sứ Đặng Minh Khôi: Việt Nam là đối tác tin cậy\n"
        "PV: Ông đánh giá thế nào về năm qua?\n"
        "Đại sứ Đặng Minh Khôi: Năm qua quan hệ hai nước phát triển tốt.\n"
        "PV: Xin cảm ơn Đại sứ!\n"
        "Trần Hằng thực hiện"
    )
    article = parse_article(raw)
    assert article.byline == "Trần Hằng thực hiện"
    assert article.dropped[-1].reason == cleanup.SIGNATURE


# --- time stamps and credit lines -------------------------------------------------------------


@pytest.mark.parametrize(
    "stamp",
    [
        "12:14 11/12/2018",
        "Thứ Ba, 11/12/2018 12:14 (GMT+7)",
        "Thứ Sáu, 08/11/2019, 15:51",
        "THỨ SÁU, NGÀY 22 THÁNG 11 NĂM 2024 04:16",
        "17:42 Ngày 04/06/2018",
        "Thứ hai, 10/06/2019 | 15:56 GMT+7 - Xem: 4,832",
        "Cập nhật: 10:30 12/03/2024",
        "09:15 | 12/03/2024",
    ],
)
def test_time_stamps_above_or_under_the_title(stamp):
    for raw in (f"{stamp}\nTiêu đề\n{LEAD}", f"Tiêu đề\n{stamp}\n{LEAD}"):
        article = parse_article(raw)
        assert article.timestamp == stamp
        assert [d.family for d in article.dropped] == [Family.TIMESTAMP]


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ("Theo TTXVN", "head"),
        ("(TTXVN)", "end"),
        ("Nguồn: Báo Nhân Dân", "end"),
        ("Theo Chinhphu.vn", "head"),
        ("TTXVN/Vietnam+", "head"),
    ],
)
def test_credit_lines(line, where):
    raw = f"Tiêu đề\n{line}\n{LEAD}\n{END}" if where == "head" else f"Tiêu đề\n{LEAD}\n{line}"
    article = parse_article(raw)
    assert article.credit_lines == (line,)
    assert [d.family for d in article.dropped] == [Family.SOURCE_CREDIT]


# --- never drop real text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Theo Bộ trưởng, hợp tác đa phương đã giúp Việt Nam nâng cao vị thế quốc tế.",
        "Chia sẻ với phóng viên, ông Đặng Hoàng Giang cho biết Việt Nam đã đảm nhận nhiều "
        "trọng trách quốc tế.",
        "Xem thêm về các sáng kiến của Việt Nam tại Liên hợp quốc, có thể thấy nhiều dấu ấn.",
        "Bình luận về vai trò của Việt Nam, nhiều đại sứ nước ngoài đánh giá cao.",
        "Theo dõi sát diễn biến tình hình, Bộ Ngoại giao đã kịp thời bảo hộ công dân.",
        "Tin liên quan đến Biển Đông được dư luận quốc tế đặc biệt quan tâm.",
        "Email và đường dây nóng bảo hộ công dân hoạt động 24/7.",
        "Đọc thêm tài liệu, các đại biểu sẽ hiểu rõ hơn bối cảnh.",
        "Nguồn lực cho đối ngoại đa phương cần được tăng cường.",
        "Hội nghị kết thúc lúc 17:30 12/10/2023.",
        "Ảnh hưởng của Việt Nam ngày càng lớn.",
        "In ấn tài liệu hội nghị được thực hiện bằng giấy tái chế.",
        "Theo TTXVN, hai bên đã ký kết 12 văn kiện hợp tác.",
        "Ngày 21/8, Hội nghị Ngoại vụ toàn quốc lần thứ 18 diễn ra tại Hà Nội.",
        "Tin mới nhất cho thấy hai bên đã đạt được đồng thuận.",
        "Có thể bạn quan tâm đến lịch trình chuyến thăm, xin xem thông cáo báo chí.",
        # like the site around the article
        "Hà Nội (ngày 20/9) là nơi diễn ra hội nghị.",
        "1. Tăng cường hợp tác kinh tế với các đối tác chiến lược là ưu tiên hàng đầu.",
        "Việt Nam - Hoa Kỳ nâng cấp quan hệ lên Đối tác chiến lược toàn diện.",
        "ASEAN - Nhật Bản kỷ niệm 50 năm quan hệ hữu nghị và hợp tác.",
        "VIỆT NAM - HOA KỲ: Đối tác chiến lược toàn diện vì hòa bình.",
        "Tải ứng dụng Bảo hộ công dân để được hỗ trợ kịp thời.",
        "Giọng đọc của phát thanh viên được nhiều thính giả yêu mến.",
        "Nghe bài phát biểu của Thủ tướng, nhiều đại biểu xúc động.",
        "Trang chủ của Bộ Ngoại giao cập nhật thông tin về bảo hộ công dân.",
        "Hotline bảo hộ công dân của Bộ Ngoại giao hoạt động 24/7.",
        "Đường dây nóng bảo hộ công dân: +84 981 84 84 84.",
        "Đọc nhiều tài liệu giúp cán bộ đối ngoại nắm chắc tình hình.",
        "Thời sự quốc tế được các đại biểu đặc biệt quan tâm.",
        "Lúc 0:00 ngày 1/1, hiệp định chính thức có hiệu lực.",
        "Kim ngạch xuất khẩu > 10 tỷ USD là mục tiêu của hai bên.",
    ],
)
def test_real_sentences_resembling_furniture_are_kept(sentence):
    for raw in (
        f"Tiêu đề bài viết\n{sentence}\n{END}",
        f"Tiêu đề bài viết\n{LEAD}\n{sentence}\n{END}",
        f"Tiêu đề bài viết\n{LEAD}\n{END}\n{sentence}",
    ):
        article = parse_article(raw)
        assert sentence in texts(article), (raw, article.dropped)
        assert article.dropped == ()


# --- generic furniture on small texts ------------------------------------------------------


def test_generic_furniture_and_extracted_metadata():
    text = (
        "Thứ Ba, 11/12/2018 12:14 (GMT+7)\n"
        "Tiêu đề\n"
        "Chia sẻ Facebook\n"
        "Theo Bộ trưởng, thời gian tới sẽ tốt hơn.\n"
        "Nguồn lực bố trí cho công tác này còn hạn chế.\n"
        "Ảnh minh họa đẹp. Ảnh: Minh Anh\n"
        "Tin liên quan\n"
        "Nhóm PV (thực hiện)\n"
        "Nguồn: https://example.vn/bai-viet.html\n"
        "Theo VnExpress"
    )
    article = parse_article(text)
    assert article.title == "Tiêu đề"
    assert article.timestamp == "Thứ Ba, 11/12/2018 12:14 (GMT+7)"
    assert [(s.kind, s.text, s.photo_credit) for s in article.segments] == [
        (P, "Theo Bộ trưởng, thời gian tới sẽ tốt hơn.", ""),
        (P, "Nguồn lực bố trí cho công tác này còn hạn chế.", ""),
        (C, "Ảnh minh họa đẹp.", "Minh Anh"),
    ]
    assert article.byline == "Nhóm PV"
    assert article.source_url == "https://example.vn/bai-viet.html"
    # a credit without a slash is dropped only at the very end of the text
    assert article.credit_lines == ("Nguồn: https://example.vn/bai-viet.html", "Theo VnExpress")
    assert [d.reason for d in article.dropped] == [
        "timestamp",
        "share button",
        "more-in-section heading",
        "byline",
        "source line",
        "credit line",
    ]


def test_no_break_spaces_and_curated_furniture():
    text = "Banner\u00a0của  trang\nTiêu đề\nĐoạn\u00a0một , có\u00a0dấu ."
    article = parse_article(text, furniture=["Banner của trang"])
    assert article.title == "Tiêu đề"
    assert article.segments == (Segment(P, "Đoạn một, có dấu.", reason=REPORT_REASON, line=3),)
    assert article.dropped == (Dropped(1, "Banner của trang", "curated furniture", "curated"),)


def test_furniture_not_found_is_an_error():
    with pytest.raises(ParseError, match="'Quảng cáo' matches no line"):
        parse_article("Tiêu đề\nĐoạn một.", furniture=["Quảng cáo"])


def test_duplicate_caption_and_lone_credit():
    text = "Tiêu đề\nĐoạn một.\nẢnh chụp hội nghị\nẢnh chụp hội nghị\nẢnh: TTXVN\nĐoạn hai."
    article = parse_article(text)
    assert [(s.kind, s.text, s.photo_credit) for s in article.segments] == [
        (P, "Đoạn một.", ""),
        (C, "Ảnh chụp hội nghị", "TTXVN"),
        (P, "Đoạn hai.", ""),
    ]
    assert [(d.line, d.reason) for d in article.dropped] == [
        (4, "duplicate caption"),
        (5, "photo credit of the caption above"),
    ]


def test_text_with_only_furniture():
    article = parse_article("12:14 11/12/2018\nChia sẻ Zalo\nTin cùng chuyên mục")
    assert (article.title, article.segments, article.timestamp) == ("", (), "12:14 11/12/2018")
    assert [d.reason for d in article.dropped] == [
        "timestamp",
        "share button",
        "more-in-section heading",
    ]


# --- the site around the article ----------------------------------------------------------

SITE_PAGE = """Skip to main content
BÁO ĐIỆN TỬ CHÍNH PHỦ
Tải ứng dụng
Nóng 24h
Tin mới nhất
Đọc nhiều
Trang chủ > Thời sự > Đối ngoại
Thứ Sáu, 20/09/2024 15:30 (GMT+7)
Bộ trưởng Ngoại giao tiếp Đại sứ Nhật Bản đến chào từ biệt
Nghe bài viết
0:00 / 0:00
Giọng đọc: Nam miền Bắc
Tốc độ đọc
(Chinhphu.vn) - Chiều 19/9, tại trụ sở Bộ Ngoại giao, Bộ trưởng đã tiếp Đại sứ Nhật Bản \
đến chào từ biệt nhân dịp kết thúc nhiệm kỳ công tác tại Việt Nam.
![]() |
Bộ trưởng tiếp Đại sứ Nhật Bản. |
| |
Bộ trưởng đánh giá cao những đóng góp của Đại sứ cho quan hệ hai nước.
Chiều 19/9, tại trụ sở Bộ Ngoại giao, Bộ trưởng đã tiếp Đại sứ Nhật Bản đến chào từ biệt \
nhân dịp kết thúc nhiệm kỳ công tác tại Việt Nam.
Hợp tác kinh tế là trụ cột
Đại sứ khẳng định Nhật Bản tiếp tục là đối tác kinh tế hàng đầu của Việt Nam.
Hợp tác kinh tế là trụ cột
Hai bên nhất trí thúc đẩy các dự án hạ tầng chiến lược.
Trở lại chủ đề
Hotline: 0912 345 678
| Hotline: 0987.654.321 - Email: toasoan@example.vn"""


def test_a_page_with_the_site_around_the_article():
    article = parse_article(SITE_PAGE)
    assert article.title == "Bộ trưởng Ngoại giao tiếp Đại sứ Nhật Bản đến chào từ biệt"
    assert [(s.kind, s.text[:40], s.line) for s in article.segments] == [
        (P, "Chiều 19/9, tại trụ sở Bộ Ngoại giao, Bộ", 14),  # the outlet's tag is gone
        (C, "Bộ trưởng tiếp Đại sứ Nhật Bản.", 16),  # without the table's pipe
        (P, "Bộ trưởng đánh giá cao những đóng góp củ", 18),
        (S, "Hợp tác kinh tế là trụ cột", 20),
        (P, "Đại sứ khẳng định Nhật Bản tiếp tục là đ", 21),
        (P, "Hai bên nhất trí thúc đẩy các dự án hạ t", 23),
    ]
    assert article.segments[1].reason == cleanup.CAPTION_CELL
    navigation, player = Family.NAVIGATION, Family.PLAYER
    assert dropped(article) == [
        (1, navigation, furniture.SITE_LINK),
        (2, navigation, furniture.BANNER),
        (3, navigation, furniture.SITE_LINK),
        (4, navigation, furniture.SITE_MENU),
        # at the head of the page, tabs of the site's menu, not a list of articles
        (5, navigation, furniture.SITE_MENU),
        (6, navigation, furniture.SITE_MENU),
        (7, navigation, furniture.BREADCRUMB),
        (8, Family.TIMESTAMP, cleanup.TIMESTAMP),
        (10, player, furniture.PLAYER),
        (11, player, furniture.PLAYER),
        (12, player, furniture.PLAYER),
        (13, player, furniture.PLAYER),
        (14, Family.SOURCE_CREDIT, furniture.OUTLET_TAG),
        (15, Family.PLACEHOLDER, furniture.IMAGE_PLACEHOLDER),
        (17, Family.PLACEHOLDER, furniture.MARKUP),
        (19, Family.REPEAT, cleanup.DUPLICATE_PARAGRAPH),  # the lead again, further down
        (22, Family.REPEAT, cleanup.DUPLICATE_HEADING),
        (24, navigation, furniture.SITE_LINK),
        (25, navigation, furniture.HOTLINE),
        (26, navigation, furniture.HOTLINE),
    ]
    assert [d.text for d in article.dropped if d.line in (14, 17)] == ["(Chinhphu.vn)", "| |"]
    assert article.credit_lines == ("(Chinhphu.vn)",)
    assert article.timestamp == "Thứ Sáu, 20/09/2024 15:30 (GMT+7)"
    assert {d.family for d in article.dropped} <= set(Family.choices)
    msgids = {
        value
        for module in (cleanup, furniture)
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str) and not name.startswith("_")
    }
    assert {d.reason for d in article.dropped} <= msgids


@pytest.mark.parametrize(
    "line",
    [
        "0:00 / 0:00",
        "0:00",
        "00:00",
        "00:00 / 03:25",
        "Nghe bài viết",
        "Nghe đọc bài",
        "Giọng đọc: Nữ miền Nam",
        "Tốc độ đọc",
        "Tốc độ đọc: 1.25x",
        "Nghe bài viết | 0:00 / 0:00 | Tốc độ 1x",
    ],
)
def test_the_audio_player(line):
    article = parse_article(f"Tiêu đề bài viết\n{line}\n{LEAD}\n{END}")
    assert dropped(article) == [(2, Family.PLAYER, furniture.PLAYER)]
    assert article.timestamp == ""  # "0:00" is the player's, not the article's time
    assert texts(article) == [LEAD, END]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("![]() |", furniture.IMAGE_PLACEHOLDER),
        ("![]()", furniture.IMAGE_PLACEHOLDER),
        ("![ảnh](https://example.vn/anh-1.jpg)", furniture.IMAGE_PLACEHOLDER),
        ("| |", furniture.MARKUP),
        ("|||", furniture.MARKUP),
        ("| --- | --- |", furniture.MARKUP),
        ("<br/>", furniture.MARKUP),
        ("* * *", furniture.MARKUP),
    ],
)
def test_image_and_markup_placeholders(line, reason):
    article = parse_article(f"Tiêu đề bài viết\n{LEAD}\n{line}\n{END}")
    assert dropped(article) == [(3, Family.PLACEHOLDER, reason)]
    assert texts(article) == [LEAD, END]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Trang chủ > Thời sự > Đối ngoại", furniture.BREADCRUMB),
        ("Trang chủ » Chính trị", furniture.BREADCRUMB),
        ("Thời sự / Chính trị", furniture.BREADCRUMB),
        ("Trở lại chủ đề", furniture.SITE_LINK),
        ("Skip to main content", furniture.SITE_LINK),
        ("Skip Ribbon Commands", furniture.SITE_LINK),
        ("Tải ứng dụng:", furniture.SITE_LINK),
        ("Tải ứng dụng BÁO ĐIỆN TỬ CHÍNH PHỦ", furniture.SITE_LINK),
        ("Đăng nhập | Đăng ký", furniture.SITE_LINK),
        ("Nóng 24h", furniture.SITE_MENU),
        ("Nóng 24h | Tin mới nhất | Đọc nhiều", furniture.SITE_MENU),
        ("Hotline: 0912 345 678", furniture.HOTLINE),
        ("| Hotline: 0243.825.6789 | Email: bandoc@example.vn", furniture.HOTLINE),
    ],
)
def test_the_sites_navigation_anywhere(line, reason):
    for raw, number in (
        (f"Tiêu đề bài viết\n{line}\n{LEAD}\n{END}", 2),
        (f"Tiêu đề bài viết\n{LEAD}\n{line}\n{END}", 3),
    ):
        article = parse_article(raw)
        assert dropped(article) == [(number, Family.NAVIGATION, reason)], raw
        assert texts(article) == [LEAD, END]


def test_menu_tabs_at_the_head_of_the_page_and_a_list_heading_under_the_text():
    head = parse_article(f"Đọc nhiều\nTin mới nhất\nTiêu đề bài viết\n{LEAD}\n{END}")
    assert head.title == "Tiêu đề bài viết"
    assert dropped(head) == [
        (1, Family.NAVIGATION, furniture.SITE_MENU),
        (2, Family.NAVIGATION, furniture.SITE_MENU),
    ]
    tail = parse_article(
        f"Tiêu đề bài viết\n{LEAD}\n{END}\nĐọc nhiều\nThủ tướng tiếp Đại sứ Hàn Quốc tại Hà Nội"
    )
    assert dropped(tail) == [
        (4, Family.RELATED, cleanup.RELATED_HEADING),
        (5, Family.RELATED, cleanup.RELATED_TITLE),
    ]


def test_the_banner_a_section_and_a_numbered_menu_above_the_title():
    raw = (
        "TẠP CHÍ CỘNG SẢN\n"
        "1. Đời sống\n"
        "2. Sự kiện hàng ngày\n"
        "3. Quốc tế\n"
        "Thời sự\n"
        "Tiêu đề bài viết\n"
        "1. Chính trị\n"
        "2. Kinh tế\n"
        f"{LEAD}\n{END}"
    )
    article = parse_article(raw)
    assert article.title == "Tiêu đề bài viết"
    assert dropped(article) == [
        (1, Family.NAVIGATION, furniture.BANNER),
        (2, Family.NAVIGATION, furniture.SITE_MENU),
        (3, Family.NAVIGATION, furniture.SITE_MENU),
        (4, Family.NAVIGATION, furniture.SITE_MENU),
        (5, Family.NAVIGATION, furniture.SECTION_NAME),
        (7, Family.NAVIGATION, furniture.SITE_MENU),  # between the title and the text
        (8, Family.NAVIGATION, furniture.SITE_MENU),
    ]
    assert texts(article) == [LEAD, END]


@pytest.mark.parametrize(
    "title",
    [
        "BÁO CHÍ VIỆT NAM TRONG KỶ NGUYÊN SỐ",  # the press, not an outlet's banner
        "BÁO CÁO CHÍNH TRỊ TẠI ĐẠI HỘI",  # a report
        "ĐÀI LOAN VÀ CHÍNH SÁCH MỘT TRUNG QUỐC",
        "Đối ngoại",  # a section's name, but nothing else comes before the text
    ],
)
def test_a_title_in_capitals_is_no_banner(title):
    article = parse_article(f"{title}\n{LEAD}\n{END}")
    assert (article.title, article.dropped) == (title, ())


def test_headings_in_capitals_and_numbered_lists_inside_the_article_are_kept():
    raw = (
        "Tiêu đề bài viết\n"
        f"{LEAD}\n"
        "PHẦN 1: HỢP TÁC KINH TẾ\n"
        "Hai bên xác định ba trọng tâm hợp tác:\n"
        "1. Thương mại\n"
        "2. Đầu tư\n"
        "3. Du lịch\n"
        "1. Tăng cường hợp tác kinh tế với các đối tác chiến lược là ưu tiên hàng đầu.\n"
        "2. Mở rộng hợp tác văn hóa, giáo dục.\n"
        f"{END}"
    )
    article = parse_article(raw)
    assert article.dropped == ()
    assert texts(article)[1:3] == [
        "PHẦN 1: HỢP TÁC KINH TẾ",
        "Hai bên xác định ba trọng tâm hợp tác:",
    ]
    # numbered sentences right under the title are text, not a menu
    raw = "Tiêu đề bài viết\n1. Tăng cường hợp tác kinh tế.\n2. Mở rộng hợp tác văn hóa.\n" + END
    assert parse_article(raw).dropped == ()


@pytest.mark.parametrize(
    ("lead", "tag", "reason", "family"),
    [
        ("TTO - Chiều 8-4, {rest}", "TTO", furniture.OUTLET_TAG, Family.SOURCE_CREDIT),
        ("(Tổ Quốc) - Chiều 8-4, {rest}", "(Tổ Quốc)", furniture.OUTLET_TAG, Family.SOURCE_CREDIT),
        (
            "(Baohatinh.vn) - Chiều 8-4, {rest}",
            "(Baohatinh.vn)",
            furniture.OUTLET_TAG,
            Family.SOURCE_CREDIT,
        ),
        ("LCĐT - Chiều 8-4, {rest}", "LCĐT", furniture.OUTLET_TAG, Family.SOURCE_CREDIT),
        (
            "(Chinhphu.vn) - Chiều 8-4, {rest}",
            "(Chinhphu.vn)",
            furniture.OUTLET_TAG,
            Family.SOURCE_CREDIT,
        ),
        ("VOV.VN - Chiều 8-4, {rest}", "VOV.VN", furniture.OUTLET_TAG, Family.SOURCE_CREDIT),
        ("(Dân trí) - Chiều 8-4, {rest}", "(Dân trí)", furniture.OUTLET_TAG, Family.SOURCE_CREDIT),
        ("TPO - Chiều 8-4, {rest}", "TPO", furniture.OUTLET_TAG, Family.SOURCE_CREDIT),
        ("(PLO)- Chiều 8-4, {rest}", "(PLO)", furniture.OUTLET_TAG, Family.SOURCE_CREDIT),
        ("(Ngày Nay) -Chiều 8-4, {rest}", "(Ngày Nay)", furniture.OUTLET_TAG, Family.SOURCE_CREDIT),
        ("TTXVN – Chiều 8-4, {rest}", "TTXVN", furniture.OUTLET_TAG, Family.SOURCE_CREDIT),
        (
            "Hà Nội (TTXVN 8/4) - Chiều 8-4, {rest}",
            "Hà Nội (TTXVN 8/4)",
            furniture.DATELINE,
            Family.SOURCE_CREDIT,
        ),
        ("WASHINGTON - Chiều 8-4, {rest}", "WASHINGTON", furniture.DATELINE, Family.TIMESTAMP),
    ],
)
def test_the_outlets_tag_before_the_lead(lead, tag, reason, family):
    rest = "Bộ trưởng Bộ Ngoại giao đã tiếp Đại sứ Australia tại trụ sở Bộ Ngoại giao."
    article = parse_article(f"Tiêu đề bài viết\n{lead.format(rest=rest)}\n{END}")
    assert texts(article) == [f"Chiều 8-4, {rest}", END]
    assert [(d.line, d.text, d.family, d.reason) for d in article.dropped] == [
        (2, tag, family, reason)
    ]
    assert article.credit_lines == (() if family == Family.TIMESTAMP else (tag,))
    assert article.segments[0].line == 2


def test_the_tag_may_open_a_short_sapo_or_stand_alone_on_its_line():
    sapo = "TTO - Việt Nam và Australia nâng cấp quan hệ."
    article = parse_article(f"Tiêu đề bài viết\n{sapo}\n{LEAD}\n{END}")
    assert texts(article) == ["Việt Nam và Australia nâng cấp quan hệ.", LEAD, END]
    for alone in ("TTO -", "(Chinhphu.vn) -", "Hà Nội (TTXVN 20/9)", "WASHINGTON –"):
        article = parse_article(f"Tiêu đề bài viết\n{alone}\n{LEAD}\n{END}")
        assert texts(article) == [LEAD, END], alone
        assert [d.line for d in article.dropped] == [2]
    # a name and a credit in brackets: a caption, not a dateline
    article = parse_article(f"Tiêu đề bài viết\n{LEAD}\nÔng Lê Văn An (TTXVN)\n{END}")
    assert article.dropped == ()
    # later in the text, a tag is left alone: only the lead opens with one
    later = "TTO - Chiều 8-4, Bộ trưởng đã tiếp Đại sứ Australia tại Hà Nội."
    long_lead = LEAD + " Hai bên trao đổi về hợp tác kinh tế, giáo dục và quốc phòng."
    article = parse_article(f"Tiêu đề bài viết\n{long_lead}\n{later}")
    assert texts(article) == [long_lead, later]


def test_the_title_as_a_slug_with_its_punctuation():
    title = "Việt Nam - Hoa Kỳ: Đột phá trong hợp tác bán dẫn"
    slug = "viet nam hoa ky: dot pha trong hop tac ban dan"
    raw = (
        f"{title}\n"
        f"{LEAD}\n"
        f"{slug}\n"  # the colon kept, the dash gone
        "Hai bộ trưởng tại lễ ký kết.\n"
        f"{END}\n"
        f"{slug} ảnh 2\n"
        "viet nam hoa ky dot pha trong hop tac ban dan ảnh 3Bộ trưởng phát biểu.\n"
        "Bộ trưởng nhấn mạnh vai trò của ngoại giao kinh tế.\n"
        "viet nam hoa ky - dot pha trong hop tac ban dan\n"  # the title, folded
    )
    article = parse_article(raw)
    assert [(d.line, d.family, d.reason) for d in article.dropped] == [
        (3, Family.ALT_TEXT, cleanup.ALT_TEXT),
        (6, Family.ALT_TEXT, cleanup.ALT_TEXT),
        (7, Family.ALT_TEXT, cleanup.ALT_TEXT),
        (9, Family.ALT_TEXT, cleanup.ALT_TEXT),
    ]
    assert [(s.kind, s.text) for s in article.segments if s.kind == C] == [
        (C, "Hai bộ trưởng tại lễ ký kết."),  # under the alt text
        (C, "Bộ trưởng phát biểu."),
    ]


def test_paragraphs_and_headings_printed_twice():
    para = "Hai bên nhất trí nâng kim ngạch thương mại song phương lên 20 tỷ USD vào năm 2030."
    long_para = " ".join([LEAD] * 3)
    raw = (
        f"Tiêu đề bài viết\n{LEAD}\n{para}\nNhững trụ cột hợp tác mới\n{END}\n"
        f"Những trụ cột hợp tác mới\n{para.upper()}\n{long_para}\n{long_para}\n"
        "Hai bên sẽ sớm ký kết các văn kiện hợp tác mới."
    )
    article = parse_article(raw)
    assert dropped(article) == [
        (6, Family.REPEAT, cleanup.DUPLICATE_HEADING),
        (7, Family.REPEAT, cleanup.DUPLICATE_PARAGRAPH),  # in capitals: the same paragraph
        (9, Family.REPEAT, cleanup.DUPLICATE_PARAGRAPH),  # long: a paragraph, not a caption
    ]
    assert C not in {s.kind for s in article.segments}
    # a short line or a label printed again is the article's own
    raw = (
        "Tiêu đề bài phỏng vấn\n"
        "Ông đánh giá thế nào về năm qua?\n"
        "Thứ trưởng Lê Văn An:\n"
        "Năm qua hợp tác phát triển tốt.\n"
        "Hợp tác đầu tư ra sao?\n"
        "Thứ trưởng Lê Văn An:\n"
        "Đầu tư tăng mạnh.\n"
        "Rất tốt.\n"
        "Hợp tác giáo dục thì sao?\n"
        "Rất tốt.\n"
    )
    assert parse_article(raw).dropped == ()


def test_keep_puts_the_sites_furniture_back_and_leaves_the_tag():
    raw = f"Tiêu đề bài viết\nNóng 24h\nTTO - Chiều 8-4, {LEAD}\n{END}"
    article = parse_article(raw, keep=[2, 3])
    assert article.dropped == ()
    assert texts(article) == ["Nóng 24h", f"TTO - Chiều 8-4, {LEAD}", END]


# --- the editor puts lines back -----------------------------------------------------------------


def test_keep_puts_dropped_lines_back_as_ordinary_text():
    raw = PAGE
    before = parse_article(raw)
    keep = {5, 15, 17, 32}  # a share button, a related title, the title again, the byline
    article = parse_article(raw, keep=keep)
    assert not keep & {d.line for d in article.dropped}
    assert [d.line for d in article.dropped] == [
        d.line for d in before.dropped if d.line not in keep
    ]
    # read like any other line: short lines without a full stop are subheadings
    kept = {s.line: (s.kind, s.text) for s in article.segments if s.line in keep}
    assert kept == {
        5: (S, "Lưu bài"),
        15: (S, "Hợp tác bán dẫn: Cơ hội lớn cho Việt Nam"),
        17: (P, "VIỆT NAM - HOA KỲ: BƯỚC NGOẶT LỊCH SỬ TRONG QUAN HỆ SONG PHƯƠNG"),
        32: (P, "Thu Hà - Văn Nam"),
    }
    assert article.byline == "MINH ANH"  # the kept line is text, not a byline
    # the title stays the title
    assert article.title == before.title


def test_keep_never_makes_a_line_the_title():
    raw = "12:14 11/12/2018\nTiêu đề bài viết\n" + LEAD
    article = parse_article(raw, keep=[1])
    assert article.title == "Tiêu đề bài viết"
    assert [(s.line, s.text) for s in article.segments] == [(1, "12:14 11/12/2018"), (3, LEAD)]
    assert article.timestamp == ""


def test_keep_a_curated_line():
    raw = "Banner của trang\nTiêu đề bài viết\n" + LEAD
    article = parse_article(raw, furniture=["Banner của trang"], keep=[1])
    assert article.dropped == ()
    assert texts(article) == ["Banner của trang", LEAD]


# --- cost ----------------------------------------------------------------------------------------


def test_the_cost_is_linear_in_the_length_of_the_text():
    block = PAGE.split("\n")[1:]  # everything but the time stamp, many times over
    small = "\n".join(["Tiêu đề"] + block * 50)
    large = "\n".join(["Tiêu đề"] + block * 400)

    def seconds(raw: str) -> float:
        start = time.perf_counter()
        parse_article(raw)
        return time.perf_counter() - start

    seconds(small)  # warm the caches
    # 8 times the text: a quadratic scan would take some 64 times as long.
    assert seconds(large) < 25 * max(seconds(small), 0.01)
