"""Interviews and reports as the Vietnamese press prints them (articles.ingest.segmentation).

Each text below was written for these tests in the layout of a real outlet: labelled
questions and answers, bare questions with plain answers, "Hỏi:" / "Đáp:", "- " questions,
"* " or "• " questions with "- " answers, "- " questions with "+ " answers, several experts
answering in turn, an interviewer named by a label, a single question that addresses the
interviewee, reports that quote a speaker or ask a rhetorical question. No database needed.
"""

import itertools

import pytest

from articles.ingest import furniture, segmentation
from articles.ingest.parse import (
    Convention,
    SegmentKind,
    parse_article,
)
from articles.ingest.segmentation import (
    A_ASKS,
    A_CONTINUED,
    A_DASH,
    A_LABEL,
    A_PLUS,
    A_REPLY,
    A_UNLABELLED,
    AFTER_THANKS,
    LEAD,
    Q_ADDRESS,
    Q_BEFORE_ANSWER,
    Q_BULLET,
    Q_CONTINUED,
    Q_DASH,
    Q_LABEL,
    Q_MARK,
    Q_MARKED,
    Q_NAMED,
    REPORT,
    REPORT_KIND,
    SUBHEADING,
    THANKS,
)

P, Q, A, C, S = (
    SegmentKind.PARAGRAPH,
    SegmentKind.QUESTION,
    SegmentKind.ANSWER,
    SegmentKind.CAPTION,
    SegmentKind.SUBHEADING,
)


def assert_rows(article, expected) -> None:
    """Each segment is (kind, opening words, speaker label, label, reason)."""
    got = [(s.kind, s.text, s.speaker_label, s.label, s.reason) for s in article.segments]
    assert len(got) == len(expected), [(*g[:1], g[1][:30], *g[2:]) for g in got]
    for row, want in zip(got, expected, strict=True):
        assert row[0] == want[0] and row[2:] == want[2:], (row, want)
        assert row[1].startswith(want[1]), (row[1], want[1])


def assert_lines_point_at_the_text(raw: str, article) -> None:
    lines = raw.split("\n")
    for segment in article.segments:
        assert segment.line >= 1, segment
        printed = lines[segment.line - 1]
        assert segment.text[:30] in " ".join(printed.split()), (segment.line, segment.text[:40])


# --- questions labelled "PV:", answers under the speaker's rank and name -------------------

QDND = """Thượng tướng Nguyễn Chí Vịnh: Hợp tác quốc phòng vì hòa bình, ổn định khu vực
Thứ Hai, 06/06/2016 - 07:30 (GMT+7)
Chia sẻ bài viết
Bên lề Đối thoại Shangri-La lần thứ 15 tại Singapore, Thượng tướng Nguyễn Chí Vịnh, Thứ \
trưởng Bộ Quốc phòng, đã trả lời phỏng vấn phóng viên Báo Quân đội nhân dân.
PV: Thưa Thượng tướng, thông điệp chính của Việt Nam tại Đối thoại năm nay là gì?
Thượng tướng Nguyễn Chí Vịnh: Thông điệp của chúng ta rất rõ ràng: Việt Nam mong muốn hòa \
bình, ổn định và hợp tác trên cơ sở luật pháp quốc tế.
Chúng tôi cũng nhấn mạnh các tranh chấp phải được giải quyết bằng biện pháp hòa bình.
Thượng tướng Nguyễn Chí Vịnh tại Đối thoại Shangri-La. (Ảnh: Ngọc Hải/TTXVN)
Về ASEAN: hợp tác quốc phòng nội khối đã đi vào chiều sâu.
PV: Năm nay Việt Nam lần đầu cử sĩ quan tham gia lực lượng gìn giữ hòa bình.
Ông đánh giá thế nào về ý nghĩa của sự kiện này?
Thượng tướng Nguyễn Chí Vịnh: Đây là bước phát triển mới trong hội nhập quốc tế về quốc phòng.
PV: Xin cảm ơn Thượng tướng!
Theo dõi Báo Quân đội nhân dân trên Google News"""


def test_pv_questions_and_answers_under_rank_and_name():
    article = parse_article(QDND)
    label = "Thượng tướng Nguyễn Chí Vịnh"
    assert article.convention == Convention.LABELLED_ANSWERS
    assert_rows(
        article,
        [
            (P, "Bên lề Đối thoại Shangri-La lần thứ 15 t", "", "", LEAD),
            (Q, "Thưa Thượng tướng, thông điệp chính của", "", "PV", Q_LABEL),
            (A, "Thông điệp của chúng ta rất rõ ràng: Việ", label, label, A_LABEL),
            (A, "Chúng tôi cũng nhấn mạnh các tranh chấp ", label, "", A_CONTINUED),
            (C, "Thượng tướng Nguyễn Chí Vịnh tại Đối tho", "", "", C_CREDITED),
            # "Về ASEAN:" opens a phrase, not a name: the answer goes on
            (A, "Về ASEAN: hợp tác quốc phòng nội khối đã", label, "", A_CONTINUED),
            # a "PV:" line that states, then the line that asks: one question in two
            (Q, "Năm nay Việt Nam lần đầu cử sĩ quan tham", "", "PV", Q_LABEL),
            (Q, "Ông đánh giá thế nào về ý nghĩa của sự k", "", "", Q_CONTINUED),
            (A, "Đây là bước phát triển mới trong hội nhậ", label, label, A_LABEL),
            (P, "Xin cảm ơn Thượng tướng!", "", "", THANKS),
        ],
    )
    assert article.segments[4].photo_credit == "Ngọc Hải/TTXVN"
    assert [s.line for s in article.segments] == [4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
    assert_lines_point_at_the_text(QDND, article)


C_CREDITED = "carries a photo credit: a caption"


# --- bare questions, plain answers (the most common layout) --------------------------------

TGVN = """Đại sứ Nguyễn Minh Hằng: Quan hệ Việt Nam - Ấn Độ đang ở giai đoạn tốt nhất
THU TRANG
Nhân dịp kỷ niệm 50 năm thiết lập quan hệ ngoại giao Việt Nam - Ấn Độ, Đại sứ Nguyễn Minh \
Hằng đã dành cho Báo Thế giới và Việt Nam cuộc trao đổi về những dấu ấn nổi bật.
Thưa Đại sứ, bà đánh giá thế nào về quan hệ Việt Nam - Ấn Độ sau nửa thế kỷ?
Năm mươi năm qua, quan hệ hai nước đã phát triển mạnh mẽ trên mọi lĩnh vực. Từ quan hệ hữu \
nghị truyền thống, hai nước đã nâng cấp lên Đối tác chiến lược toàn diện vào năm 2016.
Tin cậy chính trị ngày càng được củng cố qua các chuyến thăm cấp cao.
Theo bà, đâu là những lĩnh vực hợp tác còn nhiều dư địa?
Tôi cho rằng có ba lĩnh vực: năng lượng tái tạo, chuyển đổi số và du lịch.
Vậy chúng ta cần làm gì để tận dụng những cơ hội đó?
Trước hết, doanh nghiệp hai bên cần hiểu nhau hơn. Đại sứ quán sẽ tiếp tục tổ chức các diễn \
đàn xúc tiến đầu tư tại New Delhi và Mumbai.
Việt Nam đã chuẩn bị những gì cho Năm Hữu nghị Việt Nam - Ấn Độ?
Nhiều hoạt động giao lưu văn hóa sẽ diễn ra tại cả hai nước.
Xin Đại sứ chia sẻ kế hoạch của Đại sứ quán trong năm tới…
Trong năm tới, Đại sứ quán sẽ tập trung vào ngoại giao kinh tế.
Chúng tôi cũng sẽ phối hợp với các địa phương tổ chức Tuần Văn hóa Việt Nam tại Ấn Độ.
Xin cảm ơn Đại sứ!
Thu Trang"""


def test_bare_questions_answered_by_plain_paragraphs():
    article = parse_article(TGVN)
    assert article.convention == Convention.UNLABELLED_ANSWERS
    assert_rows(
        article,
        [
            (P, "Nhân dịp kỷ niệm 50 năm thiết lập quan h", "", "", LEAD),
            (Q, "Thưa Đại sứ, bà đánh giá thế nào về qua", "", "", Q_MARK),
            (A, "Năm mươi năm qua, quan hệ hai nước đã ph", "", "", A_UNLABELLED),
            (A, "Tin cậy chính trị ngày càng được củng cố", "", "", A_CONTINUED),
            (Q, "Theo bà, đâu là những lĩnh vực hợp tác c", "", "", Q_MARK),
            (A, "Tôi cho rằng có ba lĩnh vực: năng lượng ", "", "", A_UNLABELLED),
            # the ambassador asks in her own voice, then answers herself
            (A, "Vậy chúng ta cần làm gì để tận dụng nhữn", "", "", A_ASKS),
            (A, "Trước hết, doanh nghiệp hai bên cần hiểu", "", "", A_CONTINUED),
            # asks without addressing her, not in the first person: a new question
            (Q, "Việt Nam đã chuẩn bị những gì cho Năm Hữ", "", "", Q_MARK),
            (A, "Nhiều hoạt động giao lưu văn hóa sẽ diễn", "", "", A_UNLABELLED),
            # no question mark, ends with "…": asks all the same
            (Q, "Xin Đại sứ chia sẻ kế hoạch của Đại sứ q", "", "", Q_ADDRESS),
            (A, "Trong năm tới, Đại sứ quán sẽ tập trung ", "", "", A_UNLABELLED),
            (A, "Chúng tôi cũng sẽ phối hợp với các địa p", "", "", A_CONTINUED),
            (P, "Xin cảm ơn Đại sứ!", "", "", THANKS),
        ],
    )
    # the byline under the title and the signature after the thanks: the same name, once
    assert article.byline == "THU TRANG"
    assert_lines_point_at_the_text(TGVN, article)


# --- "Hỏi:" / "Đáp:" -----------------------------------------------------------------------

VOV = """Thứ trưởng Lê Hoài Trung trả lời phỏng vấn về kết quả Hội nghị Bộ trưởng ASEAN
Nhân dịp kết thúc Hội nghị Bộ trưởng Ngoại giao ASEAN, Thứ trưởng Bộ Ngoại giao Lê Hoài \
Trung đã trả lời phỏng vấn của phóng viên Đài Tiếng nói Việt Nam.
Hỏi: Xin Thứ trưởng cho biết những kết quả chính của Hội nghị lần này.
Đáp: Hội nghị đã thành công tốt đẹp với nhiều kết quả quan trọng. Các Bộ trưởng đã thông qua \
Thông cáo chung gồm hơn 100 đoạn.
Về vấn đề Biển Đông, các Bộ trưởng nhấn mạnh tầm quan trọng của hòa bình, an ninh và tự do \
hàng hải.
Hỏi: Việt Nam đã có những đóng góp gì vào thành công của Hội nghị?
Đáp:
Đoàn Việt Nam đã tích cực tham gia thảo luận và đưa ra nhiều sáng kiến.
Hỏi: Xin trân trọng cảm ơn Thứ trưởng!
Theo VOV"""


def test_hoi_dap_labels():
    article = parse_article(VOV)
    assert article.convention == Convention.REPLY_LABELS
    assert_rows(
        article,
        [
            (P, "Nhân dịp kết thúc Hội nghị Bộ trưởng Ngo", "", "", LEAD),
            # labelled: a question though it ends with a full stop
            (Q, "Xin Thứ trưởng cho biết những kết quả ch", "", "Hỏi", Q_LABEL),
            # "Đáp:" is the interviewee: no speaker label
            (A, "Hội nghị đã thành công tốt đẹp với nhiều", "", "Đáp", A_REPLY),
            (A, "Về vấn đề Biển Đông, các Bộ trưởng nhấn ", "", "", A_CONTINUED),
            (Q, "Việt Nam đã có những đóng góp gì vào thà", "", "Hỏi", Q_LABEL),
            # "Đáp:" alone on its line applies to the next line
            (A, "Đoàn Việt Nam đã tích cực tham gia thảo ", "", "Đáp", A_REPLY),
            (P, "Xin trân trọng cảm ơn Thứ trưởng!", "", "", THANKS),
        ],
    )
    assert article.segments[5].line == 8
    assert article.credit_lines == ("Theo VOV",)


# --- "- " questions, plain answers ----------------------------------------------------------

DAN_SINH = """Bộ trưởng Đào Minh Tú: Ngoại giao kinh tế phải đồng hành cùng doanh nghiệp

Trong không khí đầu Xuân, Bộ trưởng đã dành cho phóng viên cuộc trò chuyện cởi mở.

- Khép lại một năm nhiều biến động, Bộ trưởng có hài lòng với kết quả ngoại giao kinh tế?

Phải khẳng định, năm qua chúng ta đã đạt kết quả rất đáng khích lệ.

Tuy vậy, vẫn còn những hạn chế, nhất là khâu kết nối doanh nghiệp với thị trường mới.

- Năm nay, Bộ sẽ ưu tiên những thị trường nào?

Chúng tôi sẽ ưu tiên Trung Đông, châu Phi và Mỹ Latinh.

- Xin cảm ơn Bộ trưởng!"""


def test_dash_questions_with_plain_answers():
    article = parse_article(DAN_SINH)
    assert article.convention == Convention.UNLABELLED_ANSWERS
    assert [(s.kind, s.text[:30], s.reason, s.line) for s in article.segments] == [
        (P, "Trong không khí đầu Xuân, Bộ t", LEAD, 3),
        (Q, "Khép lại một năm nhiều biến độ", Q_DASH, 5),
        (A, "Phải khẳng định, năm qua chúng", A_UNLABELLED, 7),
        (A, "Tuy vậy, vẫn còn những hạn chế", A_CONTINUED, 9),
        (Q, "Năm nay, Bộ sẽ ưu tiên những t", Q_DASH, 11),
        (A, "Chúng tôi sẽ ưu tiên Trung Đôn", A_UNLABELLED, 13),
        (P, "Xin cảm ơn Bộ trưởng!", THANKS, 15),
    ]


# --- bare questions, answers opening with "- " ---------------------------------------------

BAO_NGANH = """Vụ Hợp tác Quốc tế: Chủ động hội nhập, đa dạng hóa đối tác

Năm 2023, Vụ Hợp tác Quốc tế (Bộ Tài nguyên và Môi trường) đã tham mưu triển khai nhiều \
hoạt động đối ngoại quan trọng. Phóng viên đã có cuộc trao đổi với lãnh đạo Vụ.

Ông cho biết những kết quả nổi bật của công tác đối ngoại năm qua?

- Năm qua, Vụ đã tham mưu cho Lãnh đạo Bộ ký kết 15 văn kiện hợp tác với các đối tác.

Vụ cũng phối hợp tổ chức thành công Diễn đàn Đối tác Mekong về tài nguyên nước.

- Một là hợp tác về biến đổi khí hậu.

Thời gian tới, Vụ sẽ tập trung vào những nhiệm vụ gì, thưa ông?

– Chúng tôi sẽ tập trung triển khai các cam kết tại COP28.

Trân trọng cảm ơn ông!

Phương Linh (thực hiện)"""


def test_bare_questions_with_dash_answers():
    article = parse_article(BAO_NGANH)
    assert article.convention == Convention.DASH_ANSWERS
    assert [(s.kind, s.text[:25], s.reason) for s in article.segments] == [
        (P, "Năm 2023, Vụ Hợp tác Quốc", LEAD),
        (Q, "Ông cho biết những kết qu", Q_MARK),
        (A, "Năm qua, Vụ đã tham mưu c", A_DASH),  # the "- " is gone
        (A, "Vụ cũng phối hợp tổ chức ", A_CONTINUED),
        (A, "- Một là hợp tác về biến ", A_CONTINUED),  # a list item inside, as printed
        (Q, "Thời gian tới, Vụ sẽ tập ", Q_MARK),
        (A, "Chúng tôi sẽ tập trung tr", A_DASH),  # an en dash will do
        (P, "Trân trọng cảm ơn ông!", THANKS),
    ]
    assert article.byline == "Phương Linh"


# --- bare questions, several experts answering under their labels ---------------------------

EXPERTS = """Hợp tác Mekong - Lan Thương: Cơ hội và thách thức
Nhóm PV
Để hiểu rõ hơn về triển vọng hợp tác tiểu vùng, phóng viên đã trao đổi với hai chuyên gia.
Hợp tác Mekong - Lan Thương đang đứng trước những thách thức nào?
TS. Lê Hồng Hiệp: Thách thức lớn nhất là quản lý nguồn nước. Các đập thủy điện ở thượng \
nguồn ảnh hưởng trực tiếp đến đồng bằng sông Cửu Long.
PGS.TS Nguyễn Thị Mai: Tôi đồng ý. Ngoài ra, còn có sự cạnh tranh giữa các cơ chế hợp tác.
Vì sao điều đó lại quan trọng?
Nếu không phối hợp, các dự án sẽ chồng chéo và lãng phí nguồn lực.
Việt Nam nên làm gì để bảo vệ lợi ích của mình?
TS. Hiệp: Chúng ta cần tăng cường chia sẻ dữ liệu và tận dụng các diễn đàn đa phương.
Ông Trần Quốc Khánh, nguyên Trợ lý Bộ trưởng: Đồng thời, cần phát huy vai trò của Ủy hội \
sông Mekong quốc tế.
Trân trọng cảm ơn các chuyên gia!"""


def test_bare_questions_and_several_labelled_speakers():
    article = parse_article(EXPERTS)
    assert article.convention == Convention.LABELLED_ANSWERS
    assert [(s.kind, s.speaker_label, s.reason) for s in article.segments] == [
        (P, "", LEAD),
        (Q, "", Q_MARK),
        (A, "TS. Lê Hồng Hiệp", A_LABEL),
        (A, "PGS.TS Nguyễn Thị Mai", A_LABEL),
        # inside a labelled answer, a question with no labelled answer after it is hers
        (A, "PGS.TS Nguyễn Thị Mai", A_ASKS),
        (A, "PGS.TS Nguyễn Thị Mai", A_CONTINUED),
        (Q, "", Q_MARK),
        (A, "TS. Hiệp", A_LABEL),  # the short form, as printed
        (A, "Ông Trần Quốc Khánh, nguyên Trợ lý Bộ trưởng", A_LABEL),
        (P, "", THANKS),
    ]
    assert article.byline == "Nhóm PV"


# --- short labels, a title alone, a question without a question mark ----------------------

SHORT_LABELS = """Thứ trưởng Đặng Hoàng Giang: Ngoại giao văn hóa là một trụ cột
Nhân dịp tổng kết năm, Thứ trưởng Ngoại giao Đặng Hoàng Giang đã trả lời phỏng vấn báo chí.
Ông đánh giá thế nào về kết quả ngoại giao văn hóa năm qua?
Thứ trưởng Giang: Năm qua, chúng ta đã có thêm hai di sản được UNESCO ghi danh.
Năm 2024 là năm đầu triển khai Chiến lược mới. Xin ông cho biết trọng tâm năm tới.
Thứ trưởng Giang:
Chúng tôi sẽ triển khai Chiến lược ngoại giao văn hóa đến năm 2030.
Các cơ quan đại diện sẽ tích cực quảng bá hình ảnh Việt Nam.
- Việc quảng bá phải đi đôi với bảo tồn di sản.
Đại sứ: Đúng vậy, hai việc ấy phải đi cùng nhau.
Trân trọng cảm ơn Thứ trưởng!
Hoàng Long"""


def test_short_labels_title_alone_and_a_question_without_question_mark():
    article = parse_article(SHORT_LABELS)
    assert [(s.kind, s.speaker_label, s.reason, s.line) for s in article.segments] == [
        (P, "", LEAD, 2),
        (Q, "", Q_MARK, 3),
        (A, "Thứ trưởng Giang", A_LABEL, 4),
        # its last sentence asks ("Xin ông cho biết ..."), and a labelled answer follows
        (Q, "", Q_ADDRESS, 5),
        # the label alone on line 6 applies to line 7, and the next lines go on
        (A, "Thứ trưởng Giang", A_LABEL, 7),
        (A, "Thứ trưởng Giang", A_CONTINUED, 8),
        (Q, "", Q_BEFORE_ANSWER, 9),  # states rather than asks, but a labelled answer follows
        (A, "Đại sứ", A_LABEL, 10),  # a title without a name
        (P, "", THANKS, 11),
    ]
    assert article.byline == "Hoàng Long"  # a signature after the closing thanks


# --- the interviewer named by a label --------------------------------------------------------

ROUND_TABLE = """Đại sứ Anh: Việt Nam là thị trường ưu tiên của chúng tôi
Chiều 12/1, tân Đại sứ Anh tại Việt Nam đã tham gia cuộc bàn tròn trực tuyến cùng bạn đọc.
Nhà báo Trần Lan Hương: Xin chào Đại sứ. Trước tiên, xin ông cho biết những ưu tiên trong \
nhiệm kỳ của ông?
Đại sứ Gareth Ward: Cảm ơn bà. Ưu tiên hàng đầu của tôi là thúc đẩy thương mại và đầu tư.
Chúng tôi cũng muốn mở rộng hợp tác giáo dục, với nhiều học bổng hơn cho sinh viên Việt Nam.
Nhà báo Trần Lan Hương: Hai nước sẽ hợp tác thế nào trong lĩnh vực biến đổi khí hậu?
Đại sứ Gareth Ward: Anh sẵn sàng chia sẻ kinh nghiệm chuyển đổi năng lượng với Việt Nam.
Nhà báo Trần Lan Hương: Xin cảm ơn Đại sứ!"""


def test_an_interviewer_labelled_by_name_asks():
    article = parse_article(ROUND_TABLE)
    asker, speaker = "Nhà báo Trần Lan Hương", "Đại sứ Gareth Ward"
    assert [(s.kind, s.speaker_label, s.label, s.reason) for s in article.segments] == [
        (P, "", "", LEAD),
        (Q, "", asker, Q_NAMED),
        # an answer that opens with thanks is no closing thank-you
        (A, speaker, speaker, A_LABEL),
        (A, speaker, "", A_CONTINUED),
        (Q, "", asker, Q_NAMED),
        (A, speaker, speaker, A_LABEL),
        (P, "", "", THANKS),
    ]
    assert article.segments[1].text.startswith("Xin chào Đại sứ.")


# --- "PV:" alone on its line, plain answers, a photo inside an answer -----------------------

PV_ALONE = """Đại sứ Phạm Quang Vinh: Việt Nam - Hoa Kỳ, 25 năm một chặng đường
PV:
Nhìn lại 25 năm bình thường hóa quan hệ, ông ấn tượng nhất với điều gì?
Điều tôi ấn tượng nhất là từ cựu thù, hai nước đã trở thành đối tác toàn diện.
Đại sứ Phạm Quang Vinh (thứ hai từ trái) tại lễ kỷ niệm. (Ảnh: Hương Giang)
Quan hệ kinh tế cũng phát triển vượt bậc.
Những bài học cho giai đoạn tới
PV: Ông có thể chia sẻ một kỷ niệm đáng nhớ trong nhiệm kỳ?
Tôi nhớ nhất chuyến thăm của Tổng thống Hoa Kỳ năm 2016.
Trân trọng cảm ơn Đại sứ!
Bài viết được thực hiện trước khi Đại sứ kết thúc nhiệm kỳ."""


def test_pv_alone_on_its_line_and_plain_answers_around_a_photo():
    article = parse_article(PV_ALONE)
    assert article.convention == Convention.UNLABELLED_ANSWERS
    assert [(s.kind, s.label, s.reason, s.line) for s in article.segments] == [
        (Q, "PV", Q_LABEL, 3),  # the question is on the line after "PV:"
        (A, "", A_UNLABELLED, 4),
        (C, "", C_CREDITED, 5),  # a photo does not interrupt the answer
        (A, "", A_CONTINUED, 6),
        (S, "", SUBHEADING, 7),
        (Q, "PV", Q_LABEL, 8),
        (A, "", A_UNLABELLED, 9),
        (P, "", THANKS, 10),
        (P, "", AFTER_THANKS, 11),  # the interview is over
    ]


# --- the forms of the labels ----------------------------------------------------------------


@pytest.mark.parametrize(
    "label", ["PV", "P.V", "Phóng viên", "Hỏi", "Câu hỏi", "PV Báo Thế giới và Việt Nam"]
)
def test_question_labels(label):
    raw = (
        "Tiêu đề bài phỏng vấn\n"
        f"{label}: Năm nay ngoại giao kinh tế có điểm gì mới?\n"
        "Năm nay, chúng tôi chú trọng các thị trường mới.\n"
        f"{label}: Doanh nghiệp được hỗ trợ ra sao?\n"
        "Các cơ quan đại diện sẽ kết nối doanh nghiệp với đối tác."
    )
    article = parse_article(raw)
    assert [(s.kind, s.label, s.reason) for s in article.segments] == [
        (Q, label, Q_LABEL),
        (A, "", A_UNLABELLED),
        (Q, label, Q_LABEL),
        (A, "", A_UNLABELLED),
    ]
    assert article.segments[0].text == "Năm nay ngoại giao kinh tế có điểm gì mới?"


@pytest.mark.parametrize(
    "label",
    [
        "Thứ trưởng Lê Hoài Trung",
        "Thượng tướng Nguyễn Chí Vịnh",
        "Ông Nguyễn Văn Hùng",
        "Bà Tôn Nữ Thị Ninh",
        "TS. Lê Hồng Hiệp",
        "PGS.TS Nguyễn Văn Nam",
        "Thứ trưởng Sơn",
        "Đại sứ",
        "Ông Trần Văn Bình, Giám đốc Sở Ngoại vụ",
        "TS. Lê Hồng Hiệp (ISEAS)",
    ],
)
def test_answer_labels(label):
    raw = (
        "Tiêu đề bài phỏng vấn\n"
        "Năm nay ngoại giao kinh tế có điểm gì mới?\n"
        f"{label}: Năm nay, chúng tôi chú trọng các thị trường mới.\n"
        "Doanh nghiệp được hỗ trợ ra sao?\n"
        f"{label}: Các cơ quan đại diện sẽ kết nối doanh nghiệp với đối tác."
    )
    article = parse_article(raw)
    assert [(s.kind, s.speaker_label, s.reason) for s in article.segments] == [
        (Q, "", Q_MARK),
        (A, label, A_LABEL),
        (Q, "", Q_MARK),
        (A, label, A_LABEL),
    ]
    assert article.segments[1].text == "Năm nay, chúng tôi chú trọng các thị trường mới."


@pytest.mark.parametrize(
    "question",
    [
        "Thưa ông, năm nay là năm bản lề của hợp tác hai nước…",
        "Xin bà cho biết kết quả chuyến thăm.",
        "Ông đánh giá thế nào về triển vọng hợp tác năm tới.",
        "Chuyến thăm vừa kết thúc. Xin Thứ trưởng cho biết những kết quả chính",
    ],
)
def test_questions_that_ask_without_a_question_mark(question):
    raw = (
        "Tiêu đề bài phỏng vấn\n"
        "Lời dẫn của bài phỏng vấn, ngắn gọn.\n"
        f"{question}\n"
        "Kết quả rất tích cực, hai bên ký nhiều văn kiện.\n"
        "Ông có thể nói thêm về hợp tác giáo dục?\n"
        "Hai bên sẽ trao đổi thêm nhiều học bổng."
    )
    article = parse_article(raw)
    assert [(s.kind, s.reason) for s in article.segments] == [
        (P, LEAD),
        (Q, Q_ADDRESS),
        (A, A_UNLABELLED),
        (Q, Q_MARK),
        (A, A_UNLABELLED),
    ]


# --- reports stay reports -------------------------------------------------------------------

REPORT_QUOTES = """Việt Nam và Nhật Bản nhất trí nâng tầm hợp tác kinh tế
Chiều 11/3, tại Hà Nội, Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn đã hội đàm với Bộ trưởng \
Ngoại giao Nhật Bản.
Bộ trưởng Bùi Thanh Sơn cho biết: Việt Nam coi Nhật Bản là đối tác hàng đầu.
Vậy đâu là động lực mới cho quan hệ hai nước trong giai đoạn tới?
Chia sẻ với phóng viên, ông Nguyễn Văn An, Vụ trưởng Vụ Đông Bắc Á, cho biết chuyển đổi số \
và năng lượng xanh sẽ là những lĩnh vực trọng tâm.
Ông Nguyễn Văn An: Chúng tôi sẽ sớm triển khai các dự án cụ thể.
Hai bên cũng trao đổi về các vấn đề khu vực và quốc tế cùng quan tâm."""

RHETORICAL = """Giá gạo xuất khẩu tăng mạnh: Cơ hội cho nông dân?
Giá gạo xuất khẩu của Việt Nam đã tăng lên mức cao nhất trong 15 năm qua.
Liệu đà tăng giá này có kéo dài sang năm sau?
Các chuyên gia cho rằng nhu cầu nhập khẩu của các nước châu Á vẫn ở mức cao.
Vậy nông dân được hưởng lợi đến đâu?
Thực tế, phần lớn lợi nhuận vẫn thuộc về các doanh nghiệp xuất khẩu."""


@pytest.mark.parametrize("raw", [REPORT_QUOTES, RHETORICAL])
def test_a_report_that_quotes_or_asks_stays_a_report(raw):
    article = parse_article(raw)
    assert article.convention == Convention.REPORT
    assert {(s.kind, s.reason) for s in article.segments} == {(P, REPORT)}
    assert_lines_point_at_the_text(raw, article)


def test_the_interview_hint_reads_questions_the_detection_would_not():
    article = parse_article(RHETORICAL, kind="interview")
    assert article.convention == Convention.UNLABELLED_ANSWERS
    assert [(s.kind, s.reason) for s in article.segments] == [
        (P, LEAD),
        (Q, Q_MARK),
        (A, A_UNLABELLED),
        (Q, Q_MARK),
        (A, A_UNLABELLED),
    ]


def test_the_interview_hint_reads_a_single_bare_question():
    raw = (
        "Đại sứ Hàn Quốc: Hợp tác văn hóa là cầu nối\n"
        "Bên lề lễ khai mạc, Đại sứ Hàn Quốc đã trả lời phóng viên.\n"
        "Ông có thể cho biết ý nghĩa của Tuần lễ Văn hóa Hàn Quốc năm nay?\n"
        "Tuần lễ là dịp để nhân dân hai nước hiểu nhau hơn.\n"
        "Chúng tôi mang đến nhiều hoạt động nghệ thuật truyền thống."
    )
    assert parse_article(raw).convention == Convention.REPORT  # one question is no evidence
    article = parse_article(raw, kind="interview")
    assert [(s.kind, s.reason) for s in article.segments] == [
        (P, LEAD),
        (Q, Q_MARK),
        (A, A_UNLABELLED),
        (A, A_CONTINUED),
    ]


def test_the_report_hint_reads_no_questions_at_all():
    article = parse_article(QDND, kind="report")
    assert article.convention == Convention.REPORT
    assert {s.kind for s in article.segments} == {P, C}
    assert {s.reason for s in article.segments if s.kind == P} == {REPORT_KIND}
    # printed as it is, labels and all
    assert article.segments[1].text.startswith("PV: Thưa Thượng tướng")


def test_answers_without_question_marks_need_a_question_first():
    # A speaker label before any question is a quote in the lead.
    raw = (
        "Tiêu đề\n"
        "Ông Lê Văn Bình: Chúng tôi đã sẵn sàng.\n"
        "PV: Ông chuẩn bị những gì?\n"
        "Ông Lê Văn Bình: Mọi thứ đã xong."
    )
    article = parse_article(raw)
    assert [(s.kind, s.reason) for s in article.segments] == [
        (P, LEAD),
        (Q, Q_LABEL),
        (A, A_LABEL),
    ]
    assert article.segments[0].text == "Ông Lê Văn Bình: Chúng tôi đã sẵn sàng."


# --- questions marked with a bullet ----------------------------------------------------------

BULLETS = """Thứ trưởng Ngoại giao: Ngoại giao kinh tế phải lấy doanh nghiệp làm trung tâm
TTO - Chiều 8-4, bên lề hội nghị tổng kết công tác ngoại giao kinh tế, thứ trưởng Bộ Ngoại \
giao đã dành cho phóng viên cuộc trao đổi ngắn.
* Ông có thể nói rõ hơn về vai trò của các cơ quan đại diện trong việc hỗ trợ doanh nghiệp?
- Các cơ quan đại diện là "cánh tay nối dài" của doanh nghiệp ở nước ngoài. Năm qua, các cơ \
quan đại diện đã tổ chức hơn 300 hoạt động xúc tiến thương mại.
Chúng tôi cũng thường xuyên cập nhật thông tin thị trường cho các hiệp hội ngành hàng.
* Nhiều doanh nghiệp phản ánh thông tin thị trường vẫn chậm và thiếu.
- Chúng tôi ghi nhận phản ánh đó và đang xây dựng cơ sở dữ liệu dùng chung.
* Xin cảm ơn ông!"""


@pytest.mark.parametrize("bullet", ["*", "•"])
def test_bullet_questions_and_dash_answers(bullet):
    raw = BULLETS.replace("* ", f"{bullet} ")
    article = parse_article(raw)
    assert article.convention == Convention.DASH_ANSWERS
    assert [(s.kind, s.text[:30], s.reason, s.line) for s in article.segments] == [
        (P, "Chiều 8-4, bên lề hội nghị tổn", LEAD, 2),  # the outlet's tag is set aside
        (Q, "Ông có thể nói rõ hơn về vai t", Q_BULLET, 3),
        (A, 'Các cơ quan đại diện là "cánh ', A_DASH, 4),
        (A, "Chúng tôi cũng thường xuyên cậ", A_CONTINUED, 5),
        # states rather than asks, but marked like the questions before a "- " answer
        (Q, "Nhiều doanh nghiệp phản ánh th", Q_MARKED, 6),
        (A, "Chúng tôi ghi nhận phản ánh đó", A_DASH, 7),
        (P, "Xin cảm ơn ông!", THANKS, 8),
    ]
    assert article.credit_lines == ("TTO",)
    assert_lines_point_at_the_text(raw, article)


PLUS_ANSWERS = """Đại sứ Việt Nam tại Brazil: Mở rộng thị trường Mỹ Latinh
Nhân dịp đầu năm, Đại sứ Việt Nam tại Brazil đã trả lời phỏng vấn phóng viên.
- Thưa Đại sứ, kim ngạch thương mại Việt Nam - Brazil năm qua có điểm gì nổi bật?
+ Kim ngạch hai chiều đạt gần 7 tỷ USD, Brazil tiếp tục là đối tác thương mại lớn nhất của \
Việt Nam tại khu vực.
Hai bên đang thúc đẩy khởi động đàm phán hiệp định thương mại tự do với khối MERCOSUR.
- Năm nay, Đại sứ quán sẽ ưu tiên các hoạt động xúc tiến thương mại.
+ Đúng vậy, chúng tôi sẽ tổ chức tuần hàng Việt Nam tại São Paulo vào tháng 10.
+ Xúc tiến du lịch cũng là một ưu tiên.
- Xin cảm ơn Đại sứ!"""


def test_dash_questions_and_plus_answers():
    article = parse_article(PLUS_ANSWERS)
    assert article.convention == Convention.DASH_ANSWERS
    assert [(s.kind, s.text[:30], s.reason) for s in article.segments] == [
        (P, "Nhân dịp đầu năm, Đại sứ Việt ", LEAD),
        (Q, "Thưa Đại sứ, kim ngạch thương ", Q_DASH),
        (A, "Kim ngạch hai chiều đạt gần 7 ", A_PLUS),  # the "+ " is gone
        (A, "Hai bên đang thúc đẩy khởi độn", A_CONTINUED),
        (Q, "Năm nay, Đại sứ quán sẽ ưu tiê", Q_MARKED),
        (A, "Đúng vậy, chúng tôi sẽ tổ chức", A_PLUS),
        (A, "+ Xúc tiến du lịch cũng là một", A_CONTINUED),  # a list inside, as printed
        (P, "Xin cảm ơn Đại sứ!", THANKS),
    ]


def test_a_bullet_list_in_a_report_stays_a_report():
    raw = (
        "Việt Nam và Nhật Bản ký kết nhiều văn kiện hợp tác\n"
        "Chiều 20/9, hai bên đã ký kết các văn kiện sau:\n"
        "* Hiệp định hợp tác khoa học và công nghệ;\n"
        "- Bản ghi nhớ về hợp tác lao động;\n"
        "+ Thỏa thuận về hợp tác văn hóa.\n"
        "Hai bên nhất trí tiếp tục trao đổi đoàn các cấp."
    )
    article = parse_article(raw)
    assert article.convention == Convention.REPORT
    assert [s.text[:2] for s in article.segments][1:4] == ["* ", "- ", "+ "]  # as printed


def test_the_icelandic_eth_is_read_as_the_vietnamese_d():
    raw = (
        "Vụ trưởng Vụ ASEAN trả lời phỏng vấn về Cộng đồng ASEAN\n"
        "Hỏi: Xin ông cho biết những ưu tiên của Việt Nam trong ASEAN năm nay?\n"
        "Ðáp: Việt Nam sẽ tập trung vào kết nối kinh tế và chuyển đổi số.\n"
        "Hỏi: Vai trò của Việt Nam được các nước ðánh giá thế nào?\n"
        "Ðáp: Các nước ðánh giá cao sự chủ ðộng của Việt Nam."
    )
    article = parse_article(raw)
    assert article.convention == Convention.REPLY_LABELS
    assert [(s.kind, s.label) for s in article.segments] == [
        (Q, "Hỏi"),
        (A, "Đáp"),
        (Q, "Hỏi"),
        (A, "Đáp"),
    ]
    assert article.segments[-1].text == "Các nước đánh giá cao sự chủ động của Việt Nam."
    assert "\u00d0" not in str(article) and "\u00f0" not in str(article)


# --- a single question ---------------------------------------------------------------------

SINGLE_LEAD = "Nhân dịp Quốc khánh Hàn Quốc, Đại sứ Hàn Quốc tại Việt Nam đã gặp gỡ báo chí."
SINGLE_ANSWER = [
    "Quan hệ hai nước đã phát triển mạnh mẽ trong hơn ba mươi năm qua.",
    "Hàn Quốc hiện là nhà đầu tư lớn nhất tại Việt Nam với hơn 10.000 dự án.",
    "Chúng tôi mong muốn mở rộng hợp tác sang bán dẫn và năng lượng sạch.",
]


def single(question: str, lead: str = SINGLE_LEAD) -> str:
    return "\n".join(["Đại sứ Hàn Quốc: Quan hệ hai nước đang ở thời kỳ tốt nhất", lead, question])


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Xin ông cho biết đánh giá về quan hệ Hàn Quốc - Việt Nam năm qua?", Q_MARK),
        ("Đề nghị Đại sứ đánh giá những kết quả nổi bật của quan hệ hai nước.", Q_ADDRESS),
        ("Xin Đại sứ Park Ji-hoon chia sẻ về kết quả hợp tác năm qua.", Q_ADDRESS),
        ("Thưa Đại sứ, quan hệ hai nước năm qua có những điểm nhấn nào?", Q_MARK),
        ("Năm nay là năm bản lề. Thưa ông, đâu là ưu tiên của Đại sứ quán?", Q_MARK),
        # The address closes the question, which ends with a full stop.
        (
            "Đầu tư năm nay đạt kỷ lục. Kết quả này nhờ đâu? Và nó cho thấy điều gì về "
            "quan hệ hai nước, thưa Đại sứ.",
            Q_ADDRESS,
        ),
        ("Những điểm nhấn của quan hệ hai nước năm qua là gì, thưa ông.", Q_ADDRESS),
    ],
)
def test_a_single_question_that_addresses_the_interviewee_makes_an_interview(question, reason):
    raw = "\n".join([single(question), *SINGLE_ANSWER])
    article = parse_article(raw)
    assert article.convention == Convention.UNLABELLED_ANSWERS
    assert [(s.kind, s.reason) for s in article.segments] == [
        (P, LEAD),
        (Q, reason),
        (A, A_UNLABELLED),
        (A, A_CONTINUED),
        (A, A_CONTINUED),
    ]


def test_a_single_question_without_a_strong_address_needs_interview_words_in_the_lead():
    question = "Ông đánh giá thế nào về quan hệ hai nước năm qua?"
    raw = "\n".join([single(question), *SINGLE_ANSWER])
    assert parse_article(raw).convention == Convention.REPORT
    lead = "Nhân dịp Quốc khánh, Đại sứ Hàn Quốc đã dành cho phóng viên cuộc trao đổi ngắn."
    raw = "\n".join([single(question, lead), *SINGLE_ANSWER])
    assert parse_article(raw).convention == Convention.UNLABELLED_ANSWERS


@pytest.mark.parametrize(
    "question",
    [
        "Vậy đâu là giải pháp?",
        "Liệu Bộ trưởng Bộ Công Thương có thay đổi chính sách?",
        'Nhiều doanh nghiệp đặt câu hỏi: "Thưa Bộ trưởng, bao giờ thủ tục được rút gọn?"',
        "Tại phiên chất vấn, đại biểu hỏi: Xin Bộ trưởng cho biết giải pháp?",
    ],
)
def test_a_report_that_asks_once_stays_a_report(question):
    raw = "\n".join(
        [
            "Thủ tục xuất khẩu: Doanh nghiệp vẫn chờ cải cách",
            "Thủ tục xuất khẩu nông sản vẫn còn nhiều vướng mắc, theo các hiệp hội ngành hàng.",
            question,
            "Theo các chuyên gia, cần số hóa toàn bộ quy trình cấp phép.",
            "Bộ Công Thương cho biết đang hoàn thiện dự thảo sửa đổi nghị định.",
            "Dự kiến, nghị định mới sẽ được ban hành trong quý IV.",
        ]
    )
    article = parse_article(raw)
    assert article.convention == Convention.REPORT
    assert {s.kind for s in article.segments} == {P}


# --- reasons --------------------------------------------------------------------------------

ALL_TEXTS = [
    *(QDND, TGVN, VOV, DAN_SINH, EXPERTS, SHORT_LABELS, ROUND_TABLE, PV_ALONE),
    *(BULLETS, PLUS_ANSWERS),
]


def test_reasons_are_a_fixed_set_of_plain_sentences():
    from articles.ingest import cleanup

    msgids = {
        value
        for module in (segmentation, cleanup, furniture)
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str) and not name.startswith("_")
    }
    for raw in [*ALL_TEXTS, REPORT_QUOTES]:
        for kind in (None, "report", "interview"):
            for segment in parse_article(raw, kind=kind).segments:
                assert segment.reason in msgids, segment
    assert not any("%" in m or "{" in m for m in msgids)


@pytest.mark.parametrize("raw", ALL_TEXTS)
def test_every_question_is_followed_by_its_answer(raw):
    article = parse_article(raw)
    kinds = [s.kind for s in article.segments if s.kind != C]
    for before, after in itertools.pairwise(kinds):
        if before == Q:
            assert after in (Q, A), kinds
    assert_lines_point_at_the_text(raw, article)
