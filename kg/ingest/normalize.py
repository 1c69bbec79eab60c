"""Clean decoded text, keeping a map from every clean character back to the source.

Three passes, each one character in, zero or more out, so the map stays exact:

1. characters: NFC, full-width letters/digits/space to half-width (CJK
   punctuation such as ，。、：；（）“” stays), zero-width and control
   characters dropped, every kind of line break made ``\\n``;
2. lines: spaces trimmed at both ends, runs of spaces next to CJK removed
   ("6 月 7 日" -> "6月7日", "2024-03-20  来源" -> "2024-03-20来源"), Latin
   words keep one space ("Alison Noble");
   blank lines dropped, so a paragraph is one line whatever the format;
3. page breaks and hard wraps: a line that stops mid-sentence is joined with
   the next one ("在中国" + "电子工程设计院"), see :func:`continues`.

``nlp_text`` is the same text in simplified script with ASCII punctuation
between CJK made full-width; it has exactly the length of ``text``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from kg.model import OffsetMap

__all__ = ["NormalizedText", "normalize", "to_nlp_text", "is_cjk", "continues", "is_structural_line"]


@dataclass(frozen=True, slots=True)
class NormalizedText:
    text: str
    nlp_text: str  # len(nlp_text) == len(text)
    offsets: OffsetMap  # text -> source


# --- character classes ---------------------------------------------------

_CJK_RANGES = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # kana
    (0x3100, 0x312F),  # bopomofo
    (0x31C0, 0x31EF),
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xAC00, 0xD7AF),  # hangul
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # vertical / compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms
    (0x20000, 0x3FFFF),
)
_CJK_EXTRA = frozenset("“”‘’…—·〡")


def is_cjk(ch: str) -> bool:
    """A CJK character or a punctuation mark of CJK text (“”…— included)."""
    if ch in _CJK_EXTRA:
        return True
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _CJK_RANGES)


def _is_ideograph(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF


# full-width symbols that are ASCII in disguise; CJK punctuation (，。：；（）！？) is kept
_HALF_WIDTH_SYMBOLS = frozenset("％＋．／＠＃＆＝＿＄＊＾｀＼｜")
_LINE_BREAKS = frozenset("\n\u2028\u2029\x0b\x0c\x85\x1c\x1d\x1e")


def _fold(ch: str) -> str:
    """One NFC character to what the clean text holds: '' (dropped), ' ', '\\n' or a character."""
    if ch in _LINE_BREAKS:
        return "\n"
    if ch == "\t":
        return " "
    o = ord(ch)
    if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A or ch in _HALF_WIDTH_SYMBOLS:
        return chr(o - 0xFEE0)
    cat = unicodedata.category(ch)
    if cat == "Zs":
        return " "
    if cat in ("Cc", "Cf", "Cs", "Co", "Cn") or ch == "\ufffd":
        return ""  # control, zero-width, bidi marks, BOM, surrogates, unassigned
    return ch


def _char_pass(source: str) -> tuple[list[str], list[int]]:
    chars: list[str] = []
    src: list[int] = []
    i, n = 0, len(source)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(source[j]):
            j += 1
        cluster = source[i:j]
        if cluster == "\r":
            if j < n and source[j] == "\n":  # CRLF: the LF stands for both
                i = j
                continue
            cluster = "\n"
        composed = unicodedata.normalize("NFC", cluster) if (j - i > 1 or ord(cluster) > 0x7F) else cluster
        for ch in composed:
            out = _fold(ch)
            if out:
                chars.append(out)
                src.append(i)
        i = j
    return chars, src


# --- lines ---------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    chars: list[str]
    src: list[int]
    newline_src: int  # source offset of the line break after this line (or len(source))

    @property
    def text(self) -> str:
        return "".join(self.chars)


def _collapse_spaces(chars: list[str], src: list[int]) -> tuple[list[str], list[int]]:
    """Trim a line and drop the spaces CJK text does not have."""
    start, end = 0, len(chars)
    while start < end and chars[start] == " ":
        start += 1
    while end > start and chars[end - 1] == " ":
        end -= 1
    out_c: list[str] = []
    out_s: list[int] = []
    k = start
    while k < end:
        if chars[k] != " ":
            out_c.append(chars[k])
            out_s.append(src[k])
            k += 1
            continue
        run_end = k
        while chars[run_end] == " ":
            run_end += 1
        if not (is_cjk(chars[k - 1]) or is_cjk(chars[run_end])):
            out_c.append(" ")  # "Alison Noble": Latin words keep one space
            out_s.append(src[k])
        # else: "6 月 7 日", "的 30 名", "暨 “AIGC", "记者  赵晓骞": CJK text has no spaces
        k = run_end
    return out_c, out_s


def _split_lines(chars: list[str], src: list[int], source_len: int) -> list[_Line]:
    lines: list[_Line] = []
    cur_c: list[str] = []
    cur_s: list[int] = []
    for ch, s in zip(chars, src, strict=True):
        if ch == "\n":
            c, ss = _collapse_spaces(cur_c, cur_s)
            if c:
                lines.append(_Line(c, ss, s))
            cur_c, cur_s = [], []
        else:
            cur_c.append(ch)
            cur_s.append(s)
    c, ss = _collapse_spaces(cur_c, cur_s)
    if c:
        lines.append(_Line(c, ss, source_len))
    return lines


# --- joining hard-wrapped lines -------------------------------------------

# punctuation that ends a sentence, a heading or an attribution
_FINAL = frozenset("。！？；：」』”’）)】!?;:…")
# punctuation that cannot end a paragraph: the sentence goes on
_OPEN_END = frozenset("，、,（(“‘《〈「『—-·")
# punctuation a continuation line can start with
_CONT_START = frozenset("，。、；：！？）」』”’》,.;:!?)")
# punctuation inside a sentence: a line holding it is body text, not a title
_BODY_MARKS = frozenset("，,。；;")

_CREDIT_LABELS = (
    "编辑|责任编辑|责编|审核|审校|审签|审稿|校对|签发|来源|分送|报送|抄送|发送|信息报送邮箱|报送邮箱|投稿邮箱|"
    "供稿|撰稿|撰文|作者|记者|通讯员|摄影|图片|文字|排版|编審|編輯|責任編輯|審核|來源|記者|攝影|時間|时间|发布时间|發布時間"
)
_STRUCTURAL = re.compile(
    r"""^(?:
        【[^】]{1,20}】                                   # section heading
      | [-•·*▪●◆]\s?\S.*                                  # bullet (table of contents)
      | (?:目\s*录|目录提要|本期目录|本期要目|本期导读)      # TOC heading
      | [（(]?(?:""" + _CREDIT_LABELS + r""")\s*[：:].*   # credit or header line
      | \d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?   # date line
      | \d{4}\s*年\s*第\s*\d+\s*期.*                      # issue line
      | [（(]\s*总\s*第\s*\d+\s*期\s*[）)]                 # (总第71期)
      | .{1,30}供稿[。]?
    )$""",
    re.X,
)
_STARTS_WITH_DATE = re.compile(r"^(?:\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2})")


def is_structural_line(line: str) -> bool:
    """Headings, bullets, credits, masthead and date lines: never joined with a neighbour."""
    return bool(_STRUCTURAL.match(line))


def continues(prev: str, nxt: str) -> bool:
    """Does ``nxt`` continue the sentence that ``prev`` broke off (a page break or a hard wrap)?

    A title has no final punctuation either, so a missing 。 alone is not
    enough: the break must show that a sentence is open.  Cues, any one of:
    ``nxt`` starts with punctuation that cannot open a line (，。）…);
    ``prev`` ends in 、，（“ and the like or leaves a bracket or quote open;
    ``prev`` already holds sentence
    punctuation (，。；) so it is body text and not a heading; ``prev`` is
    longer than any heading (60+ characters).
    """
    if not prev or not nxt:
        return False
    if prev[-1] in _FINAL or is_structural_line(prev) or is_structural_line(nxt):
        return False
    if nxt[0] in _CONT_START:
        return True
    if prev[-1] in _OPEN_END or _unclosed(prev):
        return True
    if _STARTS_WITH_DATE.match(nxt):
        return False  # a new paragraph opening with its date
    if any(c in _BODY_MARKS for c in prev):
        return True
    return len(prev) >= 60


_COLOPHON = re.compile(r"^(?:分送|抄送|发送|报送|送|编辑|责任编辑|审核|签发)\s*[：:]")


_PAIRS = {"（": "）", "(": ")", "“": "”", "《": "》", "「": "」", "『": "』"}


def _unclosed(line: str) -> bool:
    """An opening bracket or quote whose partner has not come yet: the sentence goes on."""
    depth = 0
    for ch in line:
        if ch in _PAIRS:
            depth += 1
        elif ch in _PAIRS.values():
            depth = max(0, depth - 1)
    return depth > 0


def _join(lines: list[_Line]) -> tuple[list[str], list[int]]:
    chars: list[str] = []
    src: list[int] = []
    colophon = False  # after 分送：/编辑： every line is a list item of its own
    paragraph = ""  # the output line so far: joins are judged on it, so joining is idempotent
    for k, line in enumerate(lines):
        text = line.text
        if k:
            prev = lines[k - 1]
            prev_text = paragraph
            colophon = colophon or bool(_COLOPHON.match(prev_text))
            if not colophon and continues(prev_text, text):
                if prev_text[-1].isascii() and prev_text[-1].isalnum() and text[0].isascii() \
                        and text[0].isalnum():
                    chars.append(" ")  # a wrapped Latin phrase keeps its word space
                    src.append(prev.newline_src)
                    paragraph += " "
                paragraph += text
            else:
                chars.append("\n")
                src.append(prev.newline_src)
                paragraph = text
        else:
            paragraph = text
        chars.extend(line.chars)
        src.extend(line.src)
    return chars, src


def normalize(source: str) -> NormalizedText:
    """Clean ``source`` (decoded text) into the text every later stage reads."""
    chars, src = _char_pass(source)
    lines = _split_lines(chars, src, len(source))
    chars, src = _join(lines)
    text = "".join(chars)
    targets = (*src, (src[-1] + 1) if src else 0)
    return NormalizedText(text, to_nlp_text(text), OffsetMap(targets))


# --- nlp_text ------------------------------------------------------------


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


_ASCII_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）", ".": "。"}


def _simplified(text: str) -> str:
    conv = _t2s()
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    # a phrase changed length: convert character by character
    chars = []
    for ch in text:
        c = conv.convert(ch)
        chars.append(c if len(c) == 1 else ch)
    return "".join(chars)


def to_nlp_text(text: str) -> str:
    """Simplified script, and ASCII ,;:!?() next to CJK made full-width; same length as ``text``."""
    chars = list(_simplified(text))
    n = len(chars)
    open_parens: list[tuple[int, bool]] = []
    for i, ch in enumerate(chars):
        if ch not in _ASCII_TO_FULL:
            continue
        before = chars[i - 1] if i else ""
        after = chars[i + 1] if i + 1 < n else ""
        near_cjk = bool(before and _is_cjk_text(before)) or bool(after and _is_cjk_text(after))
        if ch == "(":
            open_parens.append((i, near_cjk))
            if near_cjk:
                chars[i] = "（"
        elif ch == ")":
            opened = open_parens.pop()[1] if open_parens else False
            if opened or near_cjk:
                chars[i] = "）"
        elif ch == ":" and before.isdigit() and after.isdigit():
            continue  # 10:49
        elif ch == "," and before.isdigit() and after.isdigit():
            continue  # 1,000
        elif ch == ".":
            # a full stop only between Chinese characters or closing Chinese text ("召开.学术"); not 3.5, E.Reichman
            if before and _is_ideograph(before) and (not after or after in "\n \"'”" or _is_ideograph(after)):
                chars[i] = "。"
        elif near_cjk:
            chars[i] = _ASCII_TO_FULL[ch]
    return "".join(chars)


def _is_cjk_text(ch: str) -> bool:
    return _is_ideograph(ch) or (is_cjk(ch) and not ch.isspace())
