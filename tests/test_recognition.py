"""Recognising names in texts the archive has never seen (articles.ingest): every naming
convention and failure the importer met on real interviews, each on a text written for it
in the style of a Vietnamese outlet. The names in these texts are made up, except those of
the seed import."""

import datetime
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError

from articles.ingest.choices import PositionChoice
from articles.ingest.save import article_create_from_text
from articles.ingest.suggest import suggest_links
from articles.models import Article, Document, Publication
from events.models import Conference, ConferenceSeries
from people.models import Agency, Body, Country, Person, Position

pytestmark = pytest.mark.django_db

DATE = datetime.date(2025, 6, 2)


def suggest(text: str, **kwargs):
    return suggest_links(text=text, date=DATE, **kwargs)


def person(s, name: str):
    return next(p for p in s.people if p.name == name)


def named(s, kind: str) -> dict[str, bool]:
    """The entities of ``kind`` the suggestions tick, by name: whether each is new."""
    return {f.name: f.is_new for f in s.found[kind] if f.preselected}


def found(s, kind: str, name: str):
    return next(f for f in s.found[kind] if f.name == name)


# --- people in every order ---------------------------------------------------------------------


def test_name_before_title_proposes_the_official_with_the_exact_title(seeded):
    s = suggest(
        "Bảo hộ công dân trong tình hình mới\n"
        "Ông Đinh Quang Hưng, Quyền Cục trưởng Cục Lãnh sự, Bộ Ngoại giao, cho biết năm qua "
        "đã có hơn 2.000 công dân được hỗ trợ về nước."
    )
    hung = person(s, "Đinh Quang Hưng")
    assert hung.is_new and hung.preselected
    [title] = hung.titles
    assert title.title == "Quyền Cục trưởng"  # the wording kept, "Quyền" included
    department = found(s, "agency", "Cục Lãnh sự")
    assert department.is_new and title.agency_key == department.key
    # Its parent is the ministry the text names after the comma.
    ministry = Agency.objects.get(slug="bo-ngoai-giao")
    assert department.new.values["parent_id"] == ministry.pk
    assert named(s, "agency")["Bộ Ngoại giao"] is False


def test_a_military_rank_leads_a_name_and_an_answer_label(seeded):
    s = suggest(
        "Hợp tác quốc phòng Việt Nam - Nhật Bản\n"
        "Nhân chuyến thăm, phóng viên đã phỏng vấn Thượng tướng Trần Quang Vĩnh, Thứ trưởng "
        "Bộ Quốc phòng.\n"
        "PV: Xin Thượng tướng cho biết kết quả chuyến thăm?\n"
        "Thượng tướng Trần Quang Vĩnh: Hai bên đã ký ý định thư về hợp tác gìn giữ hòa bình.",
        kind="interview",
    )
    vinh = person(s, "Trần Quang Vĩnh")  # the rank is not part of the name
    assert vinh.before == "Thượng tướng"
    assert vinh.role == "interviewee"
    assert s.speakers == {"Thượng tướng Trần Quang Vĩnh": vinh.key}
    assert [t.title for t in vinh.titles] == ["Thứ trưởng"]
    assert found(s, "agency", "Bộ Quốc phòng").is_new
    assert named(s, "country") == {"Việt Nam": False, "Nhật Bản": True}


def test_a_name_printed_in_capitals_is_written_the_usual_way(seeded):
    s = suggest(
        "Ngoại giao văn hóa lan tỏa\n"
        "- Ông đánh giá thế nào về ngoại giao văn hóa năm nay?\n"
        "Thứ trưởng NGUYỄN VĂN BÌNH: Ngoại giao văn hóa đã góp phần quảng bá hình ảnh đất nước.",
        kind="interview",
    )
    binh = person(s, "Nguyễn Văn Bình")
    assert binh.words == ["Nguyễn Văn Bình"]
    assert s.speakers["Thứ trưởng NGUYỄN VĂN BÌNH"] == binh.key


@pytest.mark.parametrize(
    ("phrase", "title"),
    [
        ("Tổng Cục trưởng Tổng cục Hải quan Lê Minh Quân", "Tổng Cục trưởng"),
        ("Chánh Văn phòng Bộ Ngoại giao Lê Minh Quân", "Chánh Văn phòng"),
        ("Người phát ngôn Bộ Ngoại giao Lê Minh Quân", "Người phát ngôn"),
        ("Tham tán Công sứ Lê Minh Quân", "Tham tán Công sứ"),
        ("Đại sứ đặc mệnh toàn quyền Lê Minh Quân", "Đại sứ đặc mệnh toàn quyền"),
    ],
)
def test_titles_the_first_version_did_not_know(seeded, phrase, title):
    s = suggest(f"Tin đối ngoại\nHôm nay, {phrase} đã làm việc với đoàn.")
    assert [t.title for t in person(s, "Lê Minh Quân").titles] == [title]


def test_degrees_and_honorifics_are_kept_apart_from_the_name(seeded):
    s = suggest(
        "Định vị Việt Nam\n"
        "Theo PGS.TS Hoàng Thị Lan, Viện trưởng Viện Nghiên cứu Đông Nam Á, và bà Lý Thu Hà, "
        "hai nước có nhiều cơ hội."
    )
    lan, ha = person(s, "Hoàng Thị Lan"), person(s, "Lý Thu Hà")
    assert (lan.before, ha.before) == ("PGS.TS", "bà")
    assert [t.title for t in lan.titles] == ["Viện trưởng"]


def test_a_known_official_with_a_new_title_gets_a_new_position(seeded):
    trung = Person.objects.get(slug="le-hoai-trung")
    old = Position.objects.get(person=trung, title_vi="Thứ trưởng")
    s = suggest(
        "Đối ngoại đa phương\nThứ trưởng Thường trực Bộ Ngoại giao Lê Hoài Trung chủ trì phiên họp."
    )
    trung_s = person(s, "Lê Hoài Trung")
    new = [t for t in trung_s.titles if t.in_text]
    assert [(t.title, t.is_new) for t in new] == [("Thứ trưởng Thường trực", True)]
    assert new[0].agency_id == old.agency_id
    # The old position is offered, unticked: this text does not attest it.
    assert any(t.position_id == old.pk and not t.preselected for t in trung_s.titles)


# --- places, longer names, abbreviations -------------------------------------------------------


def test_a_city_named_after_a_person_is_not_that_person(seeded):
    Person.objects.create(name="Hồ Chí Minh", slug="ho-chi-minh")
    s = suggest(
        "Đối ngoại địa phương\n"
        "Sở Ngoại vụ TP. Hồ Chí Minh và thành phố Hồ Chí Minh đón đoàn; Chủ tịch Hồ Chí Minh "
        "từng đến thăm nơi này."
    )
    uncle = person(s, "Hồ Chí Minh")
    assert uncle.count == 1 and uncle.words == ["Hồ Chí Minh"]  # only after his title


def test_a_known_short_name_inside_a_longer_name_is_not_linked(seeded):
    s = suggest(
        "Lịch sử ngoại giao\n"
        "Theo Báo Điện tử Chính phủ, Chính phủ lâm thời Cộng hòa miền Nam Việt Nam từng có "
        "phái đoàn tại Hội nghị Paris."
    )
    agencies = named(s, "agency")
    assert "Chính phủ" not in agencies
    assert agencies["Báo Điện tử Chính phủ"] is True
    assert agencies["Chính phủ lâm thời Cộng hòa miền Nam Việt Nam"] is True
    s = suggest("Tin\nChính phủ đã ban hành nghị quyết mới về hội nhập.")
    assert named(s, "agency") == {"Chính phủ": False}
    # "Đảng" alone stands for the Party, also in a list ("của Đảng, Nhà nước"); followed by
    # more of a name, it starts another party's.
    s = suggest("Tin\nThực hiện đường lối đối ngoại của Đảng, Nhà nước trong tình hình mới.")
    assert named(s, "agency") == {"Đảng Cộng sản Việt Nam": False}
    s = suggest("Tin\nĐoàn đại biểu Đảng Cộng sản Cuba sang thăm.")
    assert "Đảng Cộng sản Việt Nam" not in named(s, "agency")


def test_known_agencies_are_found_by_their_abbreviations(seeded):
    s = suggest(
        "Văn hóa đối ngoại\n"
        "Bộ VHTT&DL phối hợp với BNG và TTXVN tổ chức tuần văn hóa; đại diện LHQ tham dự."
    )
    assert named(s, "agency") == {
        "Bộ Văn hóa, Thể thao và Du lịch": False,
        "Bộ Ngoại giao": False,
        "Thông tấn xã Việt Nam": False,
    }
    assert named(s, "body") == {"Liên hợp quốc": False}
    ministry = found(s, "agency", "Bộ Văn hóa, Thể thao và Du lịch")
    assert ministry.words == ["Bộ VHTT&DL"]


def test_a_department_is_not_merged_with_one_of_the_same_name_in_another_ministry(seeded):
    s = suggest(
        "Hợp tác y tế\n"
        "Vụ trưởng Vụ Hợp tác quốc tế, Bộ Y tế Phan Thị Mai cho biết hai bên đã ký thỏa thuận."
    )
    department = found(s, "agency", "Vụ Hợp tác quốc tế")
    assert department.is_new  # not the Ministry of Construction's department of that name
    assert department.new.values["parent_id"] == Agency.objects.get(slug="bo-y-te").pk
    [title] = person(s, "Phan Thị Mai").titles
    assert (title.title, title.agency_key) == ("Vụ trưởng", department.key)
    # Where the text names the Ministry of Construction, its department is the known one.
    s = suggest("Tin\nVụ Hợp tác Quốc tế, Bộ Xây dựng chủ trì hội thảo.")
    assert named(s, "agency") == {"Vụ Hợp tác Quốc tế": False, "Bộ Xây dựng": False}


def test_a_new_body_named_with_the_party_it_belongs_to_names_that_party_too(seeded):
    s = suggest(
        "Quan hệ hai Đảng bước vào giai đoạn mới\n"
        "Nhận lời mời của Tổng Bí thư Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam, "
        "đoàn đại biểu Ban Chấp hành Trung ương Đảng Nhân dân Cách mạng Lào, "
        "do Tổng Bí thư dẫn đầu, đã sang thăm. "
        "Phóng viên Báo Quân đội nhân dân đã phỏng vấn trưởng đoàn."
    )
    agencies = named(s, "agency")
    party = Agency.objects.get(slug="dang-cong-san-viet-nam")
    assert agencies["Đảng Cộng sản Việt Nam"] is False  # the known Party, linked too
    committee = found(s, "agency", "Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam")
    assert committee.is_new and committee.new.values["parent_id"] == party.pk
    # A party the archive lacks is proposed, and the new committee belongs to it.
    lao = found(s, "agency", "Đảng Nhân dân Cách mạng Lào")
    assert lao.is_new
    lao_committee = found(s, "agency", "Ban Chấp hành Trung ương Đảng Nhân dân Cách mạng Lào")
    assert lao_committee.new.parent_key == lao.key
    # A newspaper's name is its title, not the body that owns it.
    assert "Quân đội nhân dân" not in agencies


def test_countries_and_bodies_the_archive_lacks_are_proposed(seeded):
    s = suggest(
        "Quan hệ đối tác\n"
        "Việt Nam, Nhật Bản và Ô-xtrây-li-a trao đổi tại Liên minh châu Âu và NATO về biến "
        "đổi khí hậu; Pháp và Đức cũng tham dự. Anh Tuấn Anh, phiên dịch viên, cho biết."
    )
    countries = named(s, "country")
    assert countries == {
        "Việt Nam": False,
        "Nhật Bản": True,
        "Australia": True,
        "Pháp": True,
        "Đức": True,
    }  # not "Anh": a given name here
    japan = found(s, "country", "Nhật Bản")
    assert japan.new.values["code"] == "JP"
    assert set(named(s, "body")) == {"Liên minh châu Âu", "Tổ chức Hiệp ước Bắc Đại Tây Dương"}


def test_the_countries_an_agreements_name_holds_are_named_too(seeded):
    s = suggest("Tin\nCác thỏa thuận khác như Thỏa thuận Mỹ - Mexico - Canada đã có hiệu lực.")
    assert named(s, "body") == {"Hiệp định Mỹ - Mexico - Canada": True}
    assert found(s, "body", "Hiệp định Mỹ - Mexico - Canada").words == [
        "Thỏa thuận Mỹ - Mexico - Canada"
    ]
    assert set(named(s, "country")) == {"Hoa Kỳ", "Mexico", "Canada"}


def test_a_one_word_country_in_a_list_is_named_but_not_at_the_start_of_a_longer_name(seeded):
    s = suggest(
        "Mở rộng quan hệ đối ngoại\n"
        "Tỉnh mở rộng quan hệ với các nước Lào, Thái Lan và Australia, Nhật Bản; quan hệ Mỹ - "
        "Trung Quốc vẫn phức tạp."
    )
    countries = named(s, "country")
    for name in ("Lào", "Thái Lan", "Australia", "Nhật Bản", "Hoa Kỳ", "Trung Quốc"):
        assert name in countries, name
    # "Lào Cai", the province: no country.
    s = suggest("Đoàn công tác\nĐoàn đã làm việc tại Lào Cai, rồi về Hà Nội.")
    assert "Lào" not in named(s, "country")


def test_an_embassy_is_an_agency_though_its_name_starts_with_a_title(seeded):
    s = suggest(
        "Bảo hộ công dân\n"
        "Theo tin từ Đại sứ quán Việt Nam tại In-đô-nê-xi-a, công dân đã an toàn. Đại sứ "
        "Nguyễn Văn Thắng cho biết đoàn sẽ về nước."
    )
    agencies = named(s, "agency")
    assert agencies.get("Đại sứ quán Việt Nam tại In-đô-nê-xi-a") is True
    assert not any(name.startswith("Đại sứ Nguyễn") for name in agencies)


# --- conferences and documents -----------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["Hội nghị Ngoại giao lần thứ 30", "Hội nghị Ngoại giao thứ 30", "HNNG 30"],
)
def test_a_new_conference_of_a_known_series_is_proposed(seeded, written):
    s = suggest(f"Tin ngành\nCác đại biểu chuẩn bị cho {written} vào cuối năm.")
    conference = found(s, "conference", "Hội nghị Ngoại giao lần thứ 30")
    series = ConferenceSeries.objects.get(slug="hoi-nghi-ngoai-giao")
    assert conference.is_new
    assert (conference.new.values["series_id"], conference.new.values["ordinal"]) == (
        series.pk,
        30,
    )
    assert conference.words == [written]


def test_a_known_member_is_linked_by_its_number_and_party_congresses_by_roman_numerals(seeded):
    s = suggest("Tin\nHNNG 29 và Đại hội Đảng lần thứ XIV đều nhấn mạnh hội nhập.")
    conferences = named(s, "conference")
    assert conferences["Hội nghị Ngoại giao lần thứ 29"] is False
    assert (
        conferences["Đại hội đại biểu toàn quốc lần thứ XIV của Đảng Cộng sản Việt Nam"] is True
    )  # named after the members the archive holds


def test_a_meeting_of_no_known_series_is_named_up_to_its_number(seeded):
    s = suggest(
        "Tin\nĐoàn tham dự Hội nghị Bộ trưởng Kinh tế hợp tác Mê Công - Lan Thương lần thứ sáu "
        "và Đại hội Hiệp hội các cơ quan thống kê châu Á (ASSA) lần thứ 12 tại Bắc Kinh. Hội "
        "nghị Bộ trưởng Ngoại giao ASEAN lần thứ 58 diễn ra sau đó."
    )
    conferences = named(s, "conference")
    assert conferences == {
        "Hội nghị Bộ trưởng Kinh tế hợp tác Mê Công - Lan Thương lần thứ sáu": True,
        # The abbreviation in brackets is left out of the name.
        "Đại hội Hiệp hội các cơ quan thống kê châu Á lần thứ 12": True,
        "Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 58": True,
    }
    assert (
        found(s, "conference", "Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ 58").new.values["kind"]
        == "conference"
    )
    # The forum named inside a meeting's name is named too, but the meeting is not taken
    # for the forum whose name it starts with.
    bodies = named(s, "body")
    assert "Hợp tác Mekong - Lan Thương" in bodies
    assert "Hội nghị Bộ trưởng Ngoại giao ASEAN" not in bodies


def test_an_event_named_after_a_qualifier_and_meetings_spoken_of_in_general(seeded):
    s = suggest(
        "Tin\nĐoàn dự Hội nghị đặc biệt Bộ trưởng Ngoại giao ASEAN - Nhật Bản và Hội nghị Bộ "
        "trưởng Kinh tế ASEAN lần thứ 56. Các Hội nghị Bộ trưởng Ngoại giao diễn ra liên tục, "
        "cùng các Hội nghị Bộ trưởng liên quan."
    )
    assert named(s, "conference") == {
        "Hội nghị đặc biệt Bộ trưởng Ngoại giao ASEAN - Nhật Bản": True,
        "Hội nghị Bộ trưởng Kinh tế ASEAN lần thứ 56": True,
    }
    assert "Bộ Ngoại giao" not in named(s, "agency")  # a meeting of ministers is no ministry


def test_a_number_after_a_comma_does_not_close_an_event_name(seeded):
    s = suggest("Tin\nHội nghị Thượng đỉnh Kinh doanh, lần thứ hai Việt Nam đăng cai, thành công.")
    assert not any("lần thứ" in name for name in named(s, "conference"))


def test_a_title_without_a_name_still_names_the_agency_it_is_held_in(seeded):
    s = suggest("Tin\nBên lề kỳ họp, Phó Thủ tướng, Bộ trưởng Ngoại giao đã trao đổi với báo chí.")
    assert named(s, "agency") == {"Bộ Ngoại giao": False}
    # A meeting of ministers is no ministry.
    s = suggest("Tin\nCác Hội nghị Bộ trưởng Ngoại giao diễn ra vào thời điểm đặc biệt.")
    assert "Bộ Ngoại giao" not in named(s, "agency")


def test_a_provincial_agency_named_without_its_province_is_the_articles_province(seeded):
    s = suggest(
        "Lào Cai coi trọng hợp tác\n"
        "Tỉnh ủy Lào Cai và tỉnh Vân Nam ký biên bản hợp tác. Chủ tịch UBND tỉnh Lào Cai Đặng "
        "Xuân Phong dự lễ ký.\n"
        "Giám đốc Sở Ngoại vụ tỉnh Phạm Thanh Quang cho biết tỉnh Lào Cai chú trọng đối ngoại.\n"
        "UBND tỉnh đã chỉ đạo các sở triển khai."
    )
    agencies = named(s, "agency")
    assert agencies["Sở Ngoại vụ tỉnh Lào Cai"] is True
    assert found(s, "agency", "Sở Ngoại vụ tỉnh Lào Cai").words == ["Sở Ngoại vụ tỉnh"]
    # The abbreviation is written out, and "UBND tỉnh" alone is the same body.
    ubnd = found(s, "agency", "Ủy ban nhân dân tỉnh Lào Cai")
    assert set(ubnd.words) == {"UBND tỉnh Lào Cai", "UBND tỉnh"}
    assert "Sở Ngoại vụ" not in agencies  # not the collective body


def test_without_a_province_that_stands_out_none_is_assumed(seeded):
    s = suggest(
        "Hợp tác vùng\nĐoàn tỉnh Lào Cai và đoàn tỉnh Hà Giang gặp nhau. UBND tỉnh đã chỉ đạo "
        "triển khai."
    )
    assert not any("tỉnh" in name for name in named(s, "agency"))


def test_embassies_named_together_are_each_proposed_with_their_country(seeded):
    s = suggest(
        "Hộ chiếu mẫu mới\nĐại diện các Đại sứ quán Đức, Séc và Tây Ban Nha đã trao đổi. Cục "
        "Lãnh sự làm việc với Đại sứ quán Đức, Séc và Tây Ban Nha tại Việt Nam về thị thực."
    )
    agencies = named(s, "agency")
    embassies = {name for name in agencies if name.startswith("Đại sứ quán")}
    # Named with and without where they are, each is one embassy, named in full.
    assert embassies == {
        "Đại sứ quán Đức tại Việt Nam",
        "Đại sứ quán Séc tại Việt Nam",
        "Đại sứ quán Tây Ban Nha tại Việt Nam",
    }
    assert {"Đức", "Séc", "Tây Ban Nha"} <= set(named(s, "country"))


def test_a_home_agencys_name_before_another_country_names_that_countrys_body(seeded):
    s = suggest("Tin\nNhận lời mời của Chính phủ Trung Quốc, Bộ Ngoại giao Việt Nam cử đoàn.")
    agencies = named(s, "agency")
    assert agencies["Chính phủ Trung Quốc"] is True
    assert agencies["Bộ Ngoại giao"] is False  # Viet Nam's own: the known ministry
    assert "Bộ Ngoại giao Việt Nam" not in agencies
    assert named(s, "country")["Trung Quốc"] is True


def test_an_agency_name_printed_in_lower_case_after_a_short_head(seeded):
    s = suggest(
        "Tin\nĐoàn công tác Ban đối ngoại TƯ làm việc với tỉnh. Tỉnh phối hợp với Cục đầu tư "
        "nước ngoài để cung cấp thông tin."
    )
    agencies = named(s, "agency")
    # Proposed the usual way: the first word capitalised, the abbreviation written out.
    assert agencies["Ban Đối ngoại Trung ương"] is True
    assert found(s, "agency", "Ban Đối ngoại Trung ương").words == ["Ban đối ngoại TƯ"]
    assert agencies["Cục Đầu tư nước ngoài"] is True
    # Not a verb that opens a sentence.
    s = suggest("Tin\nBan hành chính sách mới về thu hút đầu tư nước ngoài.")
    assert named(s, "agency") == {}


def test_military_bodies_and_a_unit_named_by_its_parent(seeded):
    s = suggest(
        "Tin\nDưới sự lãnh đạo trực tiếp của Quân ủy Trung ương, Bộ Quốc phòng, vị thế của "
        "QĐND Việt Nam được nâng cao. Đoàn của Thanh tra Bộ Ngoại giao làm việc tại tỉnh."
    )
    agencies = named(s, "agency")
    assert agencies["Quân ủy Trung ương"] is True
    assert agencies["Quân đội nhân dân Việt Nam"] is True  # the abbreviation written out
    inspectorate = found(s, "agency", "Thanh tra Bộ Ngoại giao")
    ministry = Agency.objects.get(name_vi="Bộ Ngoại giao")
    assert inspectorate.is_new and inspectorate.new.values["parent_id"] == ministry.pk
    # A list, not a parent: the Commission does not belong to the ministry.
    assert found(s, "agency", "Quân ủy Trung ương").new.values["parent_id"] is None


def test_a_known_name_is_found_with_or_without_lan_thu_before_its_number(seeded):
    s = suggest("Tin\nThực hiện Nghị quyết Đại hội Đảng lần thứ XII, ngành đối ngoại đã nỗ lực.")
    assert named(s, "document") == {"Nghị quyết Đại hội Đảng XII": False}
    # The congress the resolution's title names is named too.
    assert named(s, "conference") == {
        "Đại hội đại biểu toàn quốc lần thứ XII của Đảng Cộng sản Việt Nam": False
    }


def test_documents_by_their_number_and_a_cut_off_reference(seeded):
    s = suggest(
        "Hội nhập quốc tế\n"
        "Thực hiện Nghị quyết 22- của Bộ Chính trị và Chỉ thị số 15-CT/TW, các bộ đã ban hành "
        "Kết luận 12-KL/TW."
    )
    documents = named(s, "document")
    assert documents["Nghị quyết 22 của Bộ Chính trị về hội nhập quốc tế"] is False
    assert documents["Chỉ thị 15-CT/TW"] is True
    assert documents["Kết luận 12-KL/TW"] is True
    assert found(s, "document", "Chỉ thị 15-CT/TW").new.values == {
        "kind": Document.Kind.DIRECTIVE,
        "number": "15-CT/TW",
        "name_vi": "Chỉ thị 15-CT/TW",
    }


# --- saving what was proposed ------------------------------------------------------------------

REPORT = """Tăng cường hợp tác văn hóa với Nhật Bản
Ông Đinh Quang Hưng, Quyền Cục trưởng Cục Hợp tác quốc tế, Bộ VHTT&DL cho biết Hội nghị \
Ngoại giao lần thứ 30 sẽ bàn về Chỉ thị số 15-CT/TW và hợp tác với Nhật Bản trong khuôn khổ \
Liên minh châu Âu."""


def test_every_proposal_is_created_with_the_draft_in_one_transaction(seeded):
    s = suggest(REPORT)
    article = article_create_from_text(
        publication=Publication.objects.first(),
        date=DATE,
        date_precision="day",
        kind="report",
        text=REPORT,
        accepted=s.accept_all(),
    )
    assert article.status == Article.Status.DRAFT
    department = Agency.objects.get(name_vi="Cục Hợp tác quốc tế")
    assert department.parent.slug == "bo-van-hoa-the-thao-va-du-lich"
    hung = Person.objects.get(name="Đinh Quang Hưng")
    assert [(p.title_vi, p.title_en, p.agency) for p in hung.positions.all()] == [
        ("Quyền Cục trưởng", "Acting Director General", department)
    ]
    conference = Conference.objects.get(name_vi="Hội nghị Ngoại giao lần thứ 30")
    assert (conference.series.slug, conference.ordinal) == ("hoi-nghi-ngoai-giao", 30)
    assert Document.objects.get(number="15-CT/TW").kind == Document.Kind.DIRECTIVE
    assert Country.objects.get(code="JP").name_vi == "Nhật Bản"
    assert Body.objects.filter(name_vi="Liên minh châu Âu").exists()
    assert set(article.agency_mentions.values_list("agency__name_vi", flat=True)) >= {
        "Cục Hợp tác quốc tế",
        "Bộ Văn hóa, Thể thao và Du lịch",
    }
    assert article.conference_mentions.get().conference == conference


def test_a_committee_of_a_multilateral_body_is_proposed_as_its_organ(seeded):
    text = (
        "Kiểm toán châu Á\nCơ quan Kiểm toán Nhật Bản giữ chức Chủ tịch Ủy ban Phát triển "
        "Năng lực của ASOSAI nhiệm kỳ mới."
    )
    s = suggest(text)
    organ = found(s, "body", "Ủy ban Phát triển Năng lực của ASOSAI")
    assert organ.is_new and organ.new.values["kind"] == "organ"
    assert "Ủy ban Phát triển Năng lực của ASOSAI" not in named(s, "agency")
    # Saved with the body it belongs to, itself proposed from the reference list.
    article_create_from_text(
        publication=Publication.objects.first(),
        date=DATE,
        date_precision="day",
        kind="report",
        text=text,
        accepted=s.accept_all(),
    )
    saved = Body.objects.get(name_vi="Ủy ban Phát triển Năng lực của ASOSAI")
    assert saved.kind == Body.Kind.ORGAN
    assert saved.parent.abbreviation == "ASOSAI"


def test_a_failed_save_leaves_no_proposal_behind(seeded):
    s = suggest(REPORT)
    accepted = s.accept_all()
    # The official's title loses its agency: refused after the proposals are written.
    [hung] = accepted.people
    accepted = replace(
        accepted, people=(replace(hung, positions=(PositionChoice(title="Cục trưởng"),)),)
    )
    before = (Agency.objects.count(), Country.objects.count(), Conference.objects.count())
    with pytest.raises(ValidationError) as refused:
        article_create_from_text(
            publication=Publication.objects.first(),
            date=DATE,
            date_precision="day",
            kind="report",
            text=REPORT,
            accepted=accepted,
        )
    assert refused.value.code == "no_agency"
    after = (Agency.objects.count(), Country.objects.count(), Conference.objects.count())
    assert after == before
