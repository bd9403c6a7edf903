"""The words that tell a name from its surroundings: titles, ranks, honorifics, the first
words of agency names, family names, places, and the words that end a name.

Titles are built from a list of heads ("Thứ trưởng", "Cục trưởng", "Đại sứ") and the words
the press puts around them: "Quyền" (acting), "Nguyên" or "Cựu" (former), "Thường trực"
(standing, permanent), "đặc mệnh toàn quyền" (plenipotentiary). A title keeps its wording:
"Quyền Cục trưởng" and "Thứ trưởng Thường trực" are positions of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from diplomacy_kb.text import fold

from .words import Trie, spelling

# Heads of titles, as printed, with their English.
TITLE_HEADS: dict[str, str] = {
    "Thủ tướng": "Prime Minister",
    "Phó Thủ tướng": "Deputy Prime Minister",
    "Chủ tịch nước": "President",
    "Phó Chủ tịch nước": "Vice President",
    "Chủ tịch": "Chairman",
    "Phó Chủ tịch": "Vice Chairman",
    "Tổng Bí thư": "General Secretary",
    "Thường trực Ban Bí thư": "Permanent Member of the Secretariat",
    "Bí thư": "Secretary",
    "Phó Bí thư": "Deputy Secretary",
    "Bí thư Thứ nhất": "First Secretary",
    "Bí thư Thứ hai": "Second Secretary",
    "Bí thư Thứ ba": "Third Secretary",
    "Ủy viên Trung ương Đảng": "Member of the Party Central Committee",
    "Ủy viên": "Member",
    "Bộ trưởng": "Minister",
    "Thứ trưởng": "Deputy Minister",
    "Ngoại trưởng": "Foreign Minister",
    "Tổng Cục trưởng": "Director General",
    "Phó Tổng Cục trưởng": "Deputy Director General",
    "Cục trưởng": "Director General",
    "Phó Cục trưởng": "Deputy Director General",
    "Vụ trưởng": "Director",
    "Phó Vụ trưởng": "Deputy Director",
    "Viện trưởng": "Director",
    "Phó Viện trưởng": "Deputy Director",
    "Trưởng ban": "Head",
    "Phó Trưởng ban": "Deputy Head",
    "Trưởng phòng": "Head of Division",
    "Phó Trưởng phòng": "Deputy Head of Division",
    "Giám đốc": "Director",
    "Phó Giám đốc": "Deputy Director",
    "Tổng Giám đốc": "Director General",
    "Phó Tổng Giám đốc": "Deputy Director General",
    "Chánh Văn phòng": "Chief of Office",
    "Phó Chánh Văn phòng": "Deputy Chief of Office",
    "Chủ nhiệm": "Chairman",
    "Phó Chủ nhiệm": "Vice Chairman",
    "Tổng Thư ký": "Secretary-General",
    "Phó Tổng Thư ký": "Deputy Secretary-General",
    "Tổng thống": "President",
    "Phó Tổng thống": "Vice President",
    "Quốc vương": "King",
    "Nữ hoàng": "Queen",
    "Thị trưởng": "Mayor",
    "Đại sứ": "Ambassador",
    "Tổng Lãnh sự": "Consul General",
    "Lãnh sự": "Consul",
    "Công sứ": "Minister",
    "Tham tán Công sứ": "Minister Counsellor",
    "Tham tán": "Counsellor",
    "Tùy viên Quốc phòng": "Defence Attaché",
    "Tùy viên": "Attaché",
    "Trưởng Cơ quan đại diện": "Head of Mission",
    "Trưởng Phái đoàn": "Head of Delegation",
    "Trưởng đoàn": "Head of Delegation",
    "Trưởng Đại diện": "Chief Representative",
    "Đặc phái viên": "Special Envoy",
    "Người phát ngôn": "Spokesperson",
    "Tư lệnh": "Commander",
    "Phó Tư lệnh": "Deputy Commander",
    "Chính ủy": "Political Commissar",
    "Tổng Tham mưu trưởng": "Chief of the General Staff",
    "Hiệu trưởng": "Rector",
    "Phó Hiệu trưởng": "Vice Rector",
    "Chánh án": "Chief Justice",
    "Chánh Thanh tra": "Chief Inspector",
    "Phó Chánh Thanh tra": "Deputy Chief Inspector",
    "Tổng Kiểm toán": "Auditor General",
    "Thống đốc": "Governor",
    "Phó Thống đốc": "Deputy Governor",
    "Trưởng Ban": "Head",
    "Phó Trưởng Ban": "Deputy Head",
}
# Words before a head: kept in the title ("Quyền Cục trưởng"), with their English.
TITLE_PREFIXES: dict[str, str] = {"Quyền": "Acting"}
# Words before a head that say the title is no longer held: not part of the position.
FORMER = ("Nguyên", "Cựu")
# Words after a head that belong to the title.
TITLE_SUFFIXES: dict[str, str] = {
    "Thường trực": "Permanent",
    "đặc mệnh toàn quyền": "Plenipotentiary",
}

# Ranks and honorifics before a name: recognised, kept apart from the name.
RANKS = (
    "Đại tướng",
    "Thượng tướng",
    "Trung tướng",
    "Thiếu tướng",
    "Đại tá",
    "Thượng tá",
    "Trung tá",
    "Thiếu tá",
    "Đô đốc",
    "Phó Đô đốc",
    "Chuẩn Đô đốc",
)
ACADEMIC = (
    "GS.TSKH",
    "GS.TS",
    "PGS.TS",
    "PGS-TS",
    "GS-TS",
    "TSKH",
    "GS",
    "PGS",
    "TS",
    "ThS",
    "Giáo sư",
    "Phó Giáo sư",
    "Tiến sĩ",
    "Thạc sĩ",
    "NGND",
    "NGƯT",
    "Nhà giáo Nhân dân",
    "Bác sĩ",
    "Luật sư",
    "Nhà báo",
    "Nhà nghiên cứu",
    "Chuyên gia",
    "Kiến trúc sư",
    "Kỹ sư",
)
HONORIFICS = ("Ông", "Bà", "Ngài", "Đồng chí", "Đ/c")

# Vietnamese family names (folded): a Vietnamese name starts with one of these. "Văn" is left
# out: it is a middle name, and the first word of "Bộ Văn hóa".
FAMILY_NAMES = frozenset(
    spelling(name)
    for name in (
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn "
        "Vương Trịnh Đinh Lâm Phùng Mai Tô Trương Hà Tạ Cao Lương Chu Kiều Quách Hứa Thái "
        "Tăng La Lưu Triệu Châu Đàm Nghiêm Giang Lại Lã Mạc Khuất Thân Tôn Phí Ông Doãn Từ "
        "Tống Nông Hầu Lục Viên Kim Thạch Lò Sùng Vi Trình Âu Ninh Diệp Bạch Đồng Quan "
        "Khổng Mẫn Ôn Phó Tòng Tiêu Giáp Cù Khúc Bế Mông Lữ Đậu Lạc Lỗ Chế Ứng Thiều Nhữ "
        "Quản Bàn Kha Thiệu"
    ).split()
)

# First words of agency names, as printed, with the kind of agency each usually starts
# (people.models.Agency.Kind). A capitalised run starting with one is an agency, not a
# person; after a title, it names where the title is held.
AGENCY_HEAD_FORMS: dict[str, str] = {
    "Bộ": "ministry",
    "Tổng cục": "other",
    "Cục": "other",
    "Vụ": "ministry_department",
    "Sở": "provincial_department",
    "Ban": "other",
    "Ủy ban": "other",
    "UBND": "other",
    "HĐND": "other",
    "Văn phòng": "other",
    "Viện": "other",
    "Học viện": "other",
    "Trung tâm": "other",
    "Hội đồng": "other",
    "Hội": "other",
    "Hiệp hội": "other",
    "Liên hiệp": "other",
    "Đại sứ quán": "embassy",
    "Tổng Lãnh sự quán": "embassy",
    "Lãnh sự quán": "embassy",
    "Phái đoàn": "embassy",
    "Cơ quan đại diện": "embassy",
    "Tòa án": "other",
    "Viện Kiểm sát": "other",
    "Kiểm toán": "other",
    "Ngân hàng": "other",
    "Tập đoàn": "other",
    "Tổng công ty": "other",
    "Báo": "news_outlet",
    "Tạp chí": "news_outlet",
    "Đài Truyền hình": "news_outlet",
    "Đài Tiếng nói": "news_outlet",
    "Đài Phát thanh": "news_outlet",
    "Thông tấn xã": "news_agency",
    "Trường Đại học": "other",
    "Đại học": "other",
    "Quân khu": "other",
    "Quân chủng": "other",
    "Bộ Tư lệnh": "other",
    "Mặt trận": "other",
    "Quân đội": "other",
    "QĐND": "other",
    "Quân ủy": "party_body",
    "Thanh tra": "other",
    "Thành ủy": "party_body",
    "Tỉnh ủy": "party_body",
    "Đảng ủy": "party_body",
    "Phòng": "other",
    "Chính phủ": "government",
    "Quốc hội": "legislature",
    "Đảng": "party_body",
}
# The same, by folded head (the key every module uses for a head).
AGENCY_HEADS: dict[str, str] = {fold(head): kind for head, kind in AGENCY_HEAD_FORMS.items()}
AGENCY_HEAD_TRIE = Trie()
for _head in AGENCY_HEAD_FORMS:
    AGENCY_HEAD_TRIE.add(fold(_head), (spelling(_head), fold(_head)))

# Words before a name that make it a place or an institution, not a person: "TP. Hồ Chí
# Minh", "thành phố Hồ Chí Minh", "Học viện Chính trị quốc gia Hồ Chí Minh", "Lăng Bác".
PLACE_WORDS = frozenset(
    spelling(w)
    for w in (
        "TP,Tp,TPHCM,Thành phố,thành phố,tỉnh,huyện,quận,xã,phường,đường,phố,sông,Lăng,"
        "Bảo tàng,Tư tưởng,tư tưởng,Trường,Đại học,Học viện,Quảng trường,cầu,sân bay,cảng,"
        "Khu,Dinh,Hội trường,Làng,Di tích,tượng,thủ đô,Thủ đô,Nhà hát,Cung"
    ).split(",")
)


def place_before(words, p: int) -> bool:
    """Whether the word or two before word ``p`` name a kind of place ("tỉnh", "thành
    phố", "Bảo tàng"), so that a name at ``p`` is a place's, not a person's."""
    return (p > 0 and words.spelt(p - 1, p, PLACE_WORDS)) or (
        p > 1 and words.spelt(p - 2, p, PLACE_WORDS)
    )


# Words after which a name is a place's ("tại Hà Nội", "thăm Thái Bình"), not a person's.
PLACE_PREPOSITIONS = frozenset(
    spelling(w) for w in ("tại", "ở", "đến", "tới", "từ", "thăm", "khắp", "về", "Tại", "Ở")
)

# Words before the name of a city that is also a person's: "TP. Hồ Chí Minh".
CITY_WORDS = frozenset(spelling(w) for w in ("TP", "Tp", "TPHCM", "phố"))

# Lower-case words that end the name of an agency ("Cục Lãnh sự cho biết"): verbs,
# prepositions and other function words no agency name holds.
NAME_STOPS = frozenset(
    spelling(w)
    for w in (
        "đã sẽ đang là có được bị tại trong với để nhằm khi theo từ đến trên dưới sau trước "
        "này đó ấy nêu nói tiếp làm cũng vừa mới thì mà nhưng nên vì do bởi các những mọi "
        "nhiều một hai ba năm tháng ngày sáng chiều tối hôm nay qua gặp thăm ký trao nhận "
        "gửi giữa hay hoặc như cả đều rất đi lên ra vào đón mời gồm cùng thuộc lần cần trình "
        "tiễn chào cho từng luôn vẫn còn chưa không sắp"
    ).split()
)
# Two-word verbs that end the name of an agency ("Cục Lãnh sự cho biết").
NAME_STOP_PHRASES = frozenset(
    spelling(w)
    for w in (
        "cho biết,phát biểu,khẳng định,nhấn mạnh,chia sẻ,trả lời,tham dự,dẫn đầu,chủ trì,"
        "tổ chức,đề nghị,hội đàm,điện đàm,đánh giá,cho rằng,kết luận,nhân dịp,thông tin,"
        "báo cáo,chúc mừng,ủng hộ,phối hợp,triển khai,thực hiện,ban hành,công bố,khai mạc,"
        "bế mạc,diễn ra,hoàn thành,bao gồm,đứng dậy,tiếp đón,làm việc,trao đổi,phỏng vấn"
    ).split(",")
)
# Two-syllable words agency names are made of (folded). Their second syllable is often
# printed in lower case ("Bộ Quốc phòng", "Cục Hợp tác quốc tế"), which is how a name
# tells them from the words that follow it ("Bộ Quốc phòng cho biết").
NAME_WORDS = frozenset(
    fold(w)
    for w in (
        "quốc phòng,ngoại giao,lãnh sự,đối ngoại,hợp tác,xây dựng,tài chính,công an,y tế,"
        "tư pháp,nội vụ,giáo dục,đào tạo,nông nghiệp,nông thôn,công thương,thông tin,"
        "truyền thông,văn hóa,thể thao,du lịch,kế hoạch,đầu tư,lao động,thương binh,xã hội,"
        "khoa học,công nghệ,tài nguyên,môi trường,giao thông,vận tải,ngân hàng,kiểm toán,"
        "thanh tra,báo chí,tuyên truyền,tuyên giáo,dân vận,tổ chức,kinh tế,chính trị,an ninh,"
        "quốc tế,nước ngoài,nhà nước,nhân dân,trung ương,thương mại,hòa bình,gìn giữ,"
        "phát triển,nghiên cứu,chiến lược,biên giới,lãnh thổ,xuất nhập,nhập cảnh,xuất khẩu,"
        "quản lý,lễ tân,bảo hộ,công dân,biển đảo,hải quan,pháp chế,sở hữu,trí tuệ,điện tử,"
        "nhân quyền,chấp hành,thường vụ,thường trực,kiểm tra,hành chính,tổng hợp,văn phòng,"
        "đại diện,đặc biệt,liên ngành,chỉ đạo,hội nhập,hữu nghị,đoàn kết,thanh niên,phụ nữ,"
        "công đoàn,mặt trận,tổ quốc,truyền hình,phát thanh,tiếng nói,thông tấn,học viện,"
        "đại học,bảo tàng,lưu trữ,thống kê,dự trữ,bảo hiểm,năng lượng,công nghiệp,dầu khí,"
        "điện lực,viễn thông,bưu chính,hàng không,hàng hải,đường sắt,cảnh sát,quân đội,"
        "biên phòng,kiểm ngư,thủy sản,lâm nghiệp,thủy lợi,dân tộc,tôn giáo,tín ngưỡng,"
        "gia đình,trẻ em,di sản,mỹ thuật,nhiếp ảnh,triển lãm,điện ảnh,nghệ thuật,biểu diễn,"
        "xuất bản,phát hành,chính phủ,quốc hội,đông nam,cách mạng,cộng hòa,cộng sản,"
        "toàn diện,khu vực,đối tác,cấp cao,tự do,bộ trưởng,thứ trưởng,lãnh đạo,cán bộ,"
        "toàn quốc,sơ kết,tổng kết,kỷ niệm,thành lập,hữu nghị,hợp tác"
    ).split(",")
)
# Lower-case words an agency name may hold between capitalised ones.
CONNECTORS = frozenset({"va", "cua", "ve", "o", "tai"})

# One capitalised word the press uses, alone, for an agency it does not name in full: "Đảng"
# ("đường lối của Đảng", "Đảng và Nhà nước") is the Communist Party. Not an other name of
# the agency's row, where search would find it in "đang" and "đăng".
SHORT_NAMES = {"Đảng": "Đảng Cộng sản Việt Nam"}

# Words that report speech: a person named before one in the same paragraph is quoted.
SAYING = (
    r"\b(?:cho biet|khang dinh|nhan manh|cho rang|phat bieu|neu ro|de nghi|luu y|"
    r"chia se|noi|thong tin|danh gia|ket luan|tra loi|bay to|nhan dinh|thong bao)\b"
)
# Words in a lead that introduce an interviewee.
INTERVIEW_CUES = r"\b(?:phong van|trao doi|tra loi|chia se voi|tro chuyen)\b"


@dataclass(frozen=True)
class Title:
    """A title as the text gives it: its wording (capitalised as the house prints it),
    the head it is built on, its English, and whether it is a former one."""

    wording: str
    head: str
    english: str
    former: bool = False


def _title_variants() -> list[tuple[str, Title]]:
    """Every wording of every title the vocabulary knows, as printed, with its Title."""
    variants: list[tuple[str, Title]] = []
    for head, english in TITLE_HEADS.items():
        for suffix, suffix_en in ("", ""), *TITLE_SUFFIXES.items():
            wording = f"{head} {suffix}".strip()
            wording_en = f"{suffix_en} {english}".strip()
            variants.append((wording, Title(wording, head, wording_en)))
            for prefix, prefix_en in TITLE_PREFIXES.items():
                held = Title(f"{prefix} {wording}", head, f"{prefix_en} {wording_en}")
                variants.append((held.wording, held))
            for former in FORMER:
                variants.append((f"{former} {wording}", Title(wording, head, wording_en, True)))
                for prefix, prefix_en in TITLE_PREFIXES.items():
                    was = Title(f"{prefix} {wording}", head, f"{prefix_en} {wording_en}", True)
                    variants.append((f"{former} {prefix} {wording}", was))
    return variants


_VARIANTS = _title_variants()
TITLES: dict[str, Title] = {}  # by the spelling of the wording
for _written, _title in _VARIANTS:
    TITLES.setdefault(spelling(_written), _title)
TITLE_TRIE = Trie()
for _written, _title in _VARIANTS:
    TITLE_TRIE.add(fold(_written), (spelling(_written), _title))

BEFORE_NAME_TRIE = Trie()
for _word in (*RANKS, *ACADEMIC, *HONORIFICS):
    BEFORE_NAME_TRIE.add(fold(_word), (spelling(_word), _word))


def title_english(wording: str) -> str:
    """The English of a title's wording, "" when the vocabulary does not hold it."""
    title = TITLES.get(spelling(wording))
    return title.english if title else ""


def canonical_title(wording: str) -> str:
    """A title as the house prints it ("thứ trưởng thường trực" -> "Thứ trưởng Thường
    trực"); a wording the vocabulary lacks is kept with its first letter capitalised."""
    title = TITLES.get(spelling(wording))
    if title is not None:
        return title.wording
    wording = " ".join(wording.split())
    return wording[:1].upper() + wording[1:]
