"""Questions and answers: read the body of an article as an interview, or as a report.

The Vietnamese press prints interviews in several ways, often mixed in one article:

- questions: labelled ("PV:", "P.V:", "Phóng viên:", "Hỏi:", "PV Báo X:", the label alone
  on its line applying to the next), marked by a leading "- ", or bare lines that ask (end
  with "?", or open with "Thưa ông ...", "Xin Thứ trưởng cho biết ...", "Ông đánh giá thế
  nào ..." even without a question mark), or marked by a bullet ("* ", "• ", "+ ") and ask;
  a line marked like the questions before a line marked otherwise is a question too;
- answers: after the speaker's label ("Thứ trưởng Lê Hoài Trung:", "TS. Lê Hồng Hiệp:",
  "Đại sứ:"), after "Đáp:", after a leading "- " or "+ ", or plain paragraphs after the
  question (the most common layout), running on until the next question;
- a lead before the first question, and a closing thank-you ("Xin cảm ơn ông!") that ends
  the interview; both are paragraphs.

A report may quote someone ("Ông X: ...") or ask a rhetorical question: the body is read as
an interview only on evidence (a question label, "Đáp:", a "- " question answered under a
speaker's label, two question-answer alternations, a single one when the question addresses
the interviewee by "Xin", "Thưa" or "Đề nghị" and a title) or when the caller says so
(``kind``).
Each segment carries the reason for its kind (an English sentence marked for translation)
and the line its text is on (for a label alone on its line, the next line).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .cleanup import BodyLine
from .lines import (
    TITLES,
    SpeakerWithoutAnswer,
    addresses,
    ends_with_question,
    fold,
    gettext_noop,
    is_thanks,
    soft_question,
    strong_address,
)

__all__ = ["Convention", "Segment", "SegmentKind", "segment"]


class SegmentKind:
    PARAGRAPH = "paragraph"
    QUESTION = "question"
    ANSWER = "answer"
    CAPTION = "caption"
    SUBHEADING = "subheading"

    choices = (PARAGRAPH, QUESTION, ANSWER, CAPTION, SUBHEADING)


class Convention:
    """How the article marks its answers."""

    REPORT = "report"  # no questions and answers
    DASH_ANSWERS = "dash-answers"  # answers start with "- " (or "+ ")
    LABELLED_ANSWERS = "labelled-answers"  # answers start with the speaker's label
    UNLABELLED_ANSWERS = "unlabelled-answers"  # answers are plain paragraphs after a question
    REPLY_LABELS = "reply-labels"  # "Hỏi:" and "Đáp:"
    MIXED = "mixed"  # answers marked in more than one of these ways

    choices = (REPORT, DASH_ANSWERS, LABELLED_ANSWERS, UNLABELLED_ANSWERS, REPLY_LABELS, MIXED)


@dataclass(frozen=True)
class Segment:
    kind: str
    text: str  # normalised, without the "- " marker and without the label
    speaker_label: str = ""  # answers: the speaker's label as printed, without the colon
    photo_credit: str = ""  # captions: the credit, without "Ảnh:"
    reason: str = ""  # why this kind: English, marked for translation (show it with gettext)
    line: int = 0  # 1-based line number of the segment's text in the raw text
    label: str = ""  # the label printed before the text ("PV", "Đáp", a speaker), if any


# Reasons, in English, marked for translation.
REPORT = gettext_noop("no question is answered: read as a report")
REPORT_KIND = gettext_noop("the article is a report: no questions and answers")
LEAD = gettext_noop("lead before the first question")
BETWEEN = gettext_noop("text between the questions and answers")
Q_LABEL = gettext_noop("labelled as a question")
Q_NAMED = gettext_noop("labelled with the name of the interviewer, who asks")
Q_DASH = gettext_noop("starts with a dash and asks: a question")
Q_BULLET = gettext_noop("starts with a bullet and asks: a question")
Q_MARKED = gettext_noop("marked like the questions, and an answer follows: a question")
Q_BEFORE_ANSWER = gettext_noop("followed by a labelled answer: its question")
Q_MARK = gettext_noop("ends with a question mark and an answer follows")
Q_ADDRESS = gettext_noop("addresses the interviewee and an answer follows")
Q_CONTINUED = gettext_noop("continues the question above")
A_LABEL = gettext_noop("labelled with the speaker's name")
A_REPLY = gettext_noop("labelled as an answer")
A_DASH = gettext_noop("starts with a dash after a question: its answer")
A_PLUS = gettext_noop("starts with a plus sign after a question: its answer")
A_UNLABELLED = gettext_noop("unlabelled paragraph after a question: read as its answer")
A_CONTINUED = gettext_noop("continues the answer above")
A_ASKS = gettext_noop("asks within an answer: no separate answer follows")
THANKS = gettext_noop("closing thanks")
AFTER_THANKS = gettext_noop("after the closing thanks")
SUBHEADING = gettext_noop("short line without final punctuation: a subheading")

_ANSWER_STYLES = {
    A_LABEL: Convention.LABELLED_ANSWERS,
    A_REPLY: Convention.REPLY_LABELS,
    A_DASH: Convention.DASH_ANSWERS,
    A_PLUS: Convention.DASH_ANSWERS,
    A_UNLABELLED: Convention.UNLABELLED_ANSWERS,
}

# --- one line ------------------------------------------------------------------------------

# A list mark: "- " (or an en or em dash), "+ ", "* ", "• ". Dashes and "+ " mark questions
# that ask and answers that do not; "* " and "• " mark questions only.
_MARK = re.compile(r"^(?P<mark>[-–—+*•]) (?=\S)")
_ANSWER_MARKS = ("-", "+")
_DASHES = {"–": "-", "—": "-"}
_ROMAN = re.compile(r"^[IVXLCDM]+\.?$")
_SUBHEADING_END = tuple('.?!:…”")/;,')
# Folded labels.
_INTERVIEWER = re.compile(r"^(?:(?:pv|p\.v\.?|phong vien)(?: .+)?|hoi|cau hoi)$")
_REPLY = re.compile(r"^(?:dap|tra loi)$")
_TITLE_ONLY = re.compile(rf"^(?:{TITLES}|ong|ba)$")
# Words that open a phrase, not a name: "Về ASEAN:", "Thứ nhất:", "Tại Hội nghị APEC:".
_NOT_A_NAME = re.compile(
    r"^(?:ve|voi|tai|trong|theo|doi voi|con|nhung|va|tu|o|cho|sau|truoc|khi|neu|de|tuy|"
    r"vi|do|luu y|chu de|ket luan|ket qua|muc tieu|phan|dieu|chuong|cau|tin|bai|anh|video|"
    r"nguon|tieu de|hoi nghi|thu (?:nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi))\b"
)
_FIRST_PERSON = re.compile(r"\b(?:toi|chung toi|chung ta|minh)\b")
_INTERVIEW_WORDS = re.compile(r"\b(?:phong van|trao doi voi|cuoc trao doi|tro chuyen)\b")


def _label(text: str) -> tuple[str, str, str] | None:
    """(role, label, text after it) when ``text`` opens with a label and a colon; role is
    "interviewer" ("PV:", "Hỏi:"), "reply" ("Đáp:") or "speaker" ("Thứ trưởng Lê Hoài
    Trung:", "TS. Lê Hồng Hiệp:", "Đại sứ:"). The text after it is '' when the label stands
    alone on its line."""
    label, colon, rest = text.partition(":")
    label, rest = label.strip(), rest.strip()
    words = label.split()
    if not colon or not 0 < len(words) <= 12:
        return None
    folded = fold(label)
    if _INTERVIEWER.match(folded) and len(words) <= 8:
        return "interviewer", label, rest
    if _REPLY.match(folded):
        return "reply", label, rest
    # "Ông Nguyễn Văn A, Giám đốc Sở Ngoại vụ:": a name, then a position after one comma.
    name = label.split(",")[0] if label.count(",") == 1 and len(words) <= 12 else label
    if len(name.split()) > 8 or not all(ch.isalpha() or ch in " .-–&,()" for ch in label):
        return None  # digits, quotes, several commas: a sentence, not a name
    names = name.replace("(", " ").replace(")", " ").split()
    if not name[0].isupper() or _ROMAN.match(names[-1]) or _NOT_A_NAME.match(fold(name)):
        return None  # "Đại hội Đảng lần thứ XII: ...", "Về ASEAN: ..."
    if not names[-1][0].isupper() and not _TITLE_ONLY.match(fold(name)):
        return None  # "Sau đây là nội dung phỏng vấn:"
    return "speaker", label, rest


@dataclass
class _Item:
    """A line of the body with what can be told about it on its own."""

    number: int
    text: str
    caption: tuple[str, str] | None = None
    caption_reason: str = ""
    role: str = ""  # "interviewer", "reply", "speaker" when labelled
    label: str = ""
    dash: bool = False  # opens with a list mark (``mark``): a dash, "+", "*" or "•"
    mark: str = ""
    body: str = ""  # the text after the dash or the label
    asks: bool = False
    soft: bool = False  # asks without a question mark ("Xin ông cho biết ...")
    addressed: bool = False
    strong: bool = False  # asks, addressing the interviewee by "Xin", "Thưa", "Đề nghị"
    first_person: bool = False
    thanks: bool = False
    interviewer: bool = False  # a speaker label that asks: the interviewer's name

    @property
    def plain(self) -> bool:
        return self.caption is None and not self.dash and not self.role

    @property
    def marked_answer(self) -> bool:
        """Opens an answer by its marking: a speaker's label, "Đáp:", a "- " that does not
        ask."""
        if self.role == "speaker":
            return not self.interviewer
        return self.role == "reply" or self.marked_reply

    @property
    def marked_reply(self) -> bool:
        """A "- " or "+ " line that does not ask."""
        return self.mark in _ANSWER_MARKS and not self.asks and not self.thanks

    @property
    def asking(self) -> bool:
        """Asks as a question: labelled so, or a line that asks."""
        return (
            self.role == "interviewer"
            or self.interviewer
            or (self.asks and (self.dash or self.plain))
        )


def _item(line: BodyLine) -> _Item:
    item = _Item(line.number, line.text, line.caption, line.caption_reason)
    if line.caption is not None:
        return item
    text = item.body = line.text
    if match := _MARK.match(text):
        item.dash, item.body = True, text[match.end() :]
        item.mark = _DASHES.get(match["mark"], match["mark"])
    elif labelled := _label(text):
        item.role, item.label, item.body = labelled
    body = item.body
    item.soft = soft_question(body)
    item.asks = ends_with_question(body) or item.soft
    item.addressed = item.asks and addresses(body)
    item.strong = item.asks and strong_address(body)
    item.first_person = bool(_FIRST_PERSON.search(fold(body)))
    item.thanks = bool(body) and is_thanks(body)
    return item


# --- the body ------------------------------------------------------------------------------


class _Body:
    def __init__(self, lines: Sequence[BodyLine]) -> None:
        self.items = [_item(line) for line in lines]
        n = len(self.items)
        # The next item that is not a caption, and whether any is left after each item.
        self.next: list[int | None] = [None] * n
        following: int | None = None
        for i in range(n - 1, -1, -1):
            self.next[i] = following
            if self.items[i].caption is None:
                following = i
        self._mark_interviewers()
        # The marks the questions open with ("* ", "- "...).
        self.question_marks = {item.mark for item in self.items if item.dash and item.asks}
        # The next item that is neither a caption nor a plain line that asks.
        self.past_asking: list[int | None] = [None] * n
        following = None
        for i in range(n - 1, -1, -1):
            self.past_asking[i] = following
            item = self.items[i]
            if item.caption is None and not (item.plain and item.asks):
                following = i

    def _mark_interviewers(self) -> None:
        """A speaker label whose lines mostly ask is the interviewer's name ("Nhà báo X:"),
        when another speaker answers."""
        counts: dict[str, list[int]] = {}
        for i, item in enumerate(self.items):
            if item.role != "speaker":
                continue
            text = item.body or self.text_after(i)
            asks = ends_with_question(text) or soft_question(text)
            tally = counts.setdefault(fold(item.label), [0, 0])
            tally[0] += 1
            tally[1] += asks
        if len(counts) < 2:
            return
        askers = {key for key, (total, asks) in counts.items() if asks * 2 > total}
        if askers and len(askers) < len(counts):
            for item in self.items:
                if item.role == "speaker" and fold(item.label) in askers:
                    item.interviewer = True
                    item.asks = True

    def text_after(self, index: int) -> str:
        following = self.next[index]
        return self.items[following].text if following is not None else ""

    def following(self, index: int) -> _Item | None:
        following = self.next[index]
        return self.items[following] if following is not None else None

    def subheading(self, index: int) -> bool:
        item = self.items[index]
        text = item.text
        return (
            item.plain
            and not item.asks
            and len(text.split()) <= 10
            and any(ch.isalpha() for ch in text)
            and not text.endswith(_SUBHEADING_END)
            and self.next[index] is not None  # followed by more text
        )

    def answered(self, index: int) -> str | None:
        """How the item after ``index`` answers it: a convention's name, or None."""
        after = self.following(index)
        if after is None:
            return None
        if after.role == "speaker" and not after.interviewer:
            return Convention.LABELLED_ANSWERS
        if after.role == "reply":
            return Convention.REPLY_LABELS
        if after.marked_reply:
            return Convention.DASH_ANSWERS
        if after.plain and not after.asks and not after.thanks:
            if not self.subheading(self.next[index]):  # type: ignore[arg-type]
                return Convention.UNLABELLED_ANSWERS
        return None


def _evidence(body: _Body, kind: str | None) -> tuple[bool, bool]:
    """(read as an interview, answers may be unlabelled paragraphs)."""
    labelled = strong = addressed = strong_address = False
    alternations = marked = 0
    unlabelled = False
    lead_words = False
    asked = False
    for i, item in enumerate(body.items):
        if item.caption is not None:
            continue
        if item.role in ("interviewer", "reply") and (item.body or body.next[i] is not None):
            labelled = True
        if not asked and not item.asking:
            lead_words = lead_words or bool(_INTERVIEW_WORDS.search(fold(item.text)))
        if not item.asking:
            continue
        asked = True
        style = body.answered(i)
        if style is None:
            continue
        alternations += 1
        addressed = addressed or item.addressed
        strong_address = strong_address or item.strong
        if style == Convention.UNLABELLED_ANSWERS:
            unlabelled = True
        else:
            marked += 1
            # A question answered under the speaker's name: "Thứ trưởng X: …".
            strong = strong or style == Convention.LABELLED_ANSWERS
    if kind == "interview":
        return True, True
    interview = (
        labelled
        or strong
        or marked >= 2
        or (alternations >= 2 and (addressed or lead_words))
        # One answered question that speaks to the interviewee, in a text that says it is an
        # interview ("trả lời phỏng vấn", "trao đổi với báo chí"), or that addresses them as
        # only an interviewer does ("Xin ông cho biết", "Thưa Bộ trưởng"): a short interview.
        or (alternations >= 1 and ((addressed and lead_words) or strong_address))
    )
    return interview, unlabelled


def _report(body: _Body, reason: str) -> list[Segment]:
    segments = []
    for i, item in enumerate(body.items):
        if item.caption is not None:
            segments.append(_caption(item))
        elif body.subheading(i):
            segments.append(Segment("subheading", item.text, reason=SUBHEADING, line=item.number))
        else:
            segments.append(Segment("paragraph", item.text, reason=reason, line=item.number))
    return segments


def _caption(item: _Item) -> Segment:
    text, credit = item.caption  # type: ignore[misc]
    return Segment("caption", text, "", credit, item.caption_reason, item.number)


def segment(lines: Sequence[BodyLine], kind: str | None = None) -> tuple[list[Segment], str]:
    """The segments of the body and the convention its answers follow (see the module)."""
    body = _Body(lines)
    if kind == "report":
        return _report(body, REPORT_KIND), Convention.REPORT
    interview, unlabelled = _evidence(body, kind)
    if not interview:
        return _report(body, REPORT), Convention.REPORT
    segments = _Interview(body, unlabelled).walk()
    styles = {_ANSWER_STYLES[s.reason] for s in segments if s.reason in _ANSWER_STYLES}
    if not styles:
        return _report(body, REPORT), Convention.REPORT
    convention = styles.pop() if len(styles) == 1 else Convention.MIXED
    return segments, convention


class _Interview:
    """One walk through the body, keeping track of where the interview stands."""

    def __init__(self, body: _Body, unlabelled: bool) -> None:
        self.body = body
        self.unlabelled = unlabelled  # answers may be plain paragraphs
        self.segments: list[Segment] = []
        self.state = "lead"  # lead, asked, answer, between, closed
        self.speaker = ""  # the label of the answer running on ("" when unlabelled)
        self.skip: set[int] = set()

    def add(self, kind: str, text: str, reason: str, line: int, **fields: str) -> None:
        self.segments.append(Segment(kind, text, reason=reason, line=line, **fields))

    def walk(self) -> list[Segment]:
        for i, item in enumerate(self.body.items):
            if i not in self.skip:
                self.step(i, item)
        return self.segments

    def outside(self) -> str:
        return LEAD if self.state == "lead" else BETWEEN

    def step(self, i: int, item: _Item) -> None:
        body = self.body
        if item.caption is not None:
            self.segments.append(_caption(item))  # a photo does not interrupt an answer
        elif item.thanks and self.state in ("answer", "between") and not item.marked_answer:
            self.add("paragraph", item.body, THANKS, item.number)
            self.state = "closed"
        elif body.subheading(i):
            self.add("subheading", item.text, SUBHEADING, item.number)
            if self.state not in ("closed", "lead"):
                self.state = "between"
        elif self.state == "closed":
            self.add("paragraph", item.text, AFTER_THANKS, item.number)
        elif item.role == "interviewer" or item.interviewer:
            self.question_label(i, item)
        elif item.role in ("reply", "speaker"):
            self.answer_label(i, item)
        elif item.dash:
            self.dashed(i, item)
        else:
            self.plain(i, item)

    def question_label(self, i: int, item: _Item) -> None:
        text, line = item.body, item.number
        if not text:  # the label stands alone: the question is on the next line
            after = self.body.following(i)
            if after is None or not (after.plain or after.dash):
                self.add("paragraph", item.text, self.outside(), line)
                return
            text, line = after.body, after.number
            self.skip.add(self.body.next[i])  # type: ignore[arg-type]
        reason = Q_NAMED if item.interviewer else Q_LABEL
        self.add("question", text, reason, line, label=item.label)
        self.state = "asked"

    def answer_label(self, i: int, item: _Item) -> None:
        if self.state == "lead":  # before any question: a quote in the lead
            self.add("paragraph", item.text, LEAD, item.number)
            return
        text, line = item.body, item.number
        if not text:  # the label stands alone: the answer is on the next line
            after = self.body.following(i)
            if after is None or after.role or after.dash:
                raise SpeakerWithoutAnswer(line=item.number, label=item.label)
            text, line = after.text, after.number
            self.skip.add(self.body.next[i])  # type: ignore[arg-type]
        self.speaker = item.label if item.role == "speaker" else ""
        reason = A_LABEL if item.role == "speaker" else A_REPLY
        self.add("answer", text, reason, line, speaker_label=self.speaker, label=item.label)
        self.state = "answer"

    def dashed(self, i: int, item: _Item) -> None:
        after = self.body.following(i)
        before_answer = after is not None and after.role in ("speaker", "reply")
        before_answer = before_answer and not after.interviewer  # type: ignore[union-attr]
        # "* Nhiều ý kiến cho rằng ..." then "- ...": marked like the questions, answered.
        marked = (
            after is not None
            and item.mark in self.body.question_marks
            and after.mark != item.mark
            and after.marked_reply
        )
        if item.asks or before_answer or marked:
            if item.asks:
                reason = Q_DASH if item.mark == "-" else Q_BULLET
            else:
                reason = Q_BEFORE_ANSWER if before_answer else Q_MARKED
            self.add("question", item.body, reason, item.number)
            self.state = "asked"
        elif self.state == "asked" and item.mark in _ANSWER_MARKS:
            self.speaker = ""
            self.add("answer", item.body, A_DASH if item.mark == "-" else A_PLUS, item.number)
            self.state = "answer"
        elif self.state == "asked":
            self.plain(i, item)  # "* ..." that does not ask: a list, read as a plain line
        elif self.state == "answer":
            self.add("answer", item.text, A_CONTINUED, item.number, speaker_label=self.speaker)
        else:
            self.add("paragraph", item.text, self.outside(), item.number)

    def plain(self, i: int, item: _Item) -> None:
        if self.state == "asked":
            after = self.body.following(i)
            if item.asks or (after is not None and after.marked_answer):
                self.add("question", item.text, Q_CONTINUED, item.number)
            else:
                self.speaker = ""
                self.add("answer", item.text, A_UNLABELLED, item.number)
                self.state = "answer"
        elif item.asks and self.asks_here(i, item):
            reason = Q_ADDRESS if item.soft and not ends_with_question(item.text) else Q_MARK
            self.add("question", item.text, reason, item.number)
            self.state = "asked"
        elif self.state == "answer":
            reason = A_ASKS if item.asks else A_CONTINUED
            self.add("answer", item.text, reason, item.number, speaker_label=self.speaker)
        else:
            self.add("paragraph", item.text, self.outside(), item.number)

    def asks_here(self, i: int, item: _Item) -> bool:
        """Is this bare line that asks a question of the interview? Only if an answer
        follows it (past any further lines that ask)."""
        body = self.body
        j = body.past_asking[i]
        if j is None:
            return False
        after = body.items[j]
        if after.marked_answer:
            return True
        if not (after.plain and not after.thanks and not body.subheading(j)):
            return False
        if not self.unlabelled:
            return False
        if self.state == "answer":
            if self.speaker:
                return False  # inside a labelled answer, a new answer would be labelled
            if item.first_person and not item.addressed:
                return False  # the speaker asks in their own voice
        return True
