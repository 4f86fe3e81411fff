"""Moodle's GIFT text format: read into ``SourceQuestion`` values, and write them back.

Written against the grammar in Moodle's documentation and its reference importer
(``question/format/gift``): questions are separated by blank lines; ``//`` lines are comments
(``[id:…]`` and ``[tag:…]`` in them are read); ``::name::`` is the title; the answer block is
``{…}`` with ``=`` right and ``~`` wrong answers, ``%50%`` weights, ``#`` feedback and
``####`` general feedback; ``{T}``/``{TRUE}``/``{F}``/``{FALSE}``, ``{#1.5:0.1}``,
``{#1..2}``; text after the block makes the "missing word" form; ``[html]``, ``[markdown]``,
``[plain]`` and ``[moodle]`` set a text's format; ``\\`` escapes ``\\ ~ = # { } :`` and
``\\n`` is a newline. Where Moodle would guess silently, this reader stops with the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quiz.bank.gift_answers import UNESCAPE, formatted, parse_answers, protect, restore
from quiz.bank.interchange import FormatError, SourceQuestion, stem_from, text_from


@dataclass
class _Block:
    """The lines of one question: comment lines blanked so offsets map to line numbers."""

    first_line: int
    text: str
    comments: str

    def line_at(self, offset: int) -> int:
        return self.first_line + self.text[:offset].count("\n")


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    lines: list[tuple[int, str]] = []
    # Split on "\n" only: other Unicode line breaks inside a text are text, not structure.
    for number, line in enumerate([*text.replace("\r\n", "\n").split("\n"), ""], 1):
        if line.strip():
            lines.append((number, line))
            continue
        if lines:
            body = [("" if ln.strip().startswith("//") else ln) for _, ln in lines]
            comments = [ln.strip() for _, ln in lines if ln.strip().startswith("//")]
            blocks.append(_Block(lines[0][0], "\n".join(body), "\n".join(comments)))
        lines = []
    return blocks


def parse_gift(text: str) -> list[SourceQuestion]:
    """Every question in a GIFT file; raises ``FormatError`` naming the line of a problem."""
    if any(ch in text for ch in UNESCAPE):
        line = next(n for n, ln in enumerate(text.split("\n"), 1) if set(ln) & set(UNESCAPE))
        raise FormatError(line, "the file contains private-use characters (U+E000–U+E007)")
    questions: list[SourceQuestion] = []
    category = ""
    for block in _blocks(text.lstrip("\ufeff")):
        protected = _Block(block.first_line, protect(block.text), block.comments)
        body = protected.text.strip()
        if not body:
            continue
        if body.startswith("$CATEGORY:"):
            if "\n" in body:
                raise FormatError(block.first_line, "put a blank line after the $CATEGORY line")
            category = restore(body[len("$CATEGORY:") :]).strip()
            continue
        question = _question(protected)
        question.category = category
        questions.append(question)
    return questions


def _comment_meta(comments: str) -> tuple[str, list[str]]:
    idnumber = re.search(r"\[id:((?:\\\]|[^\]\x00-\x1f])+)\]", comments)
    tags = re.findall(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f])+)\]", comments)
    ident = idnumber[1].replace("\\]", "]").strip() if idnumber else ""
    return ident, [t.replace("\\]", "]").strip() for t in tags]


def _question(block: _Block) -> SourceQuestion:
    text = block.text
    start = len(text) - len(text.lstrip())
    question = SourceQuestion(line=block.line_at(start), kind="description")
    question.idnumber, question.tags = _comment_meta(block.comments)
    if text.startswith("::", start):
        end = text.find("::", start + 2)
        if end < 0:
            raise FormatError(question.line, "the question name opened with '::' is not closed")
        question.title = restore(text[start + 2 : end]).strip()
        start = end + 2
    opening, closing = text.find("{", start), text.find("}", start)
    if opening < 0 and closing < 0:
        _set_stem(question, text[start:], "")
        return question
    if closing < 0:
        raise FormatError(block.line_at(opening), "'{' is never closed by '}'")
    if opening < 0 or closing < opening:
        raise FormatError(block.line_at(closing), "'}' without an opening '{' (escape it as \\})")
    nested = text.find("{", opening + 1, closing)
    if nested >= 0:
        raise FormatError(block.line_at(nested), "'{' inside an answer block (escape it as \\{)")
    after = text[closing + 1 :].strip()
    if "{" in after or "}" in after:
        question.kind = "cloze"
        return question
    stem = text[start:opening] + ("_____" + text[closing + 1 :] if after else "")
    answers = text[opening + 1 : closing]
    gf_at = answers.rfind("####")
    feedback = answers[gf_at + 4 :] if gf_at >= 0 else ""
    answers = answers[:gf_at] if gf_at >= 0 else answers
    fmt = _set_stem(question, stem, feedback)
    try:
        parse_answers(question, answers.strip(), fmt)
    except FormatError as exc:
        raise FormatError(block.line_at(opening), exc.message) from None
    return question


def _set_stem(question: SourceQuestion, stem: str, feedback: str) -> str:
    fmt, body = formatted(stem, "moodle")
    question.stem, question.code, lost = stem_from(restore(body), fmt)
    fb_format, fb_body = formatted(feedback, fmt)
    question.general_feedback, fb_lost = text_from(restore(fb_body), fb_format)
    question.notes.extend(sorted(set(lost) | set(fb_lost)))
    return fmt
