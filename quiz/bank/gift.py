"""Moodle's GIFT text format: read into ``SourceQuestion`` values.

Written against the grammar in Moodle's documentation and its reference importer
(``question/format/gift``): questions are separated by blank lines; ``//`` lines are comments
(``[id:…]`` and ``[tag:…]`` in them are read); ``::name::`` is the title; the answer block is
``{…}`` with ``=`` right and ``~`` wrong answers, ``%50%`` weights, ``#`` feedback and
``####`` general feedback; ``{T}``/``{TRUE}``/``{F}``/``{FALSE}``, ``{#1.5:0.1}``,
``{#1..2}``; text after the block makes the "missing word" form; ``[html]``, ``[markdown]``,
``[plain]`` and ``[moodle]`` set a text's format; ``\\`` escapes ``\\ ~ = # { } :`` and
``\\n`` is a newline. Where Moodle would guess silently, this reader stops with the line.

Reading is linear in the file: one pass splits lines into blocks, one replaces escapes, and
each block is searched forward with ``str.find`` (see ``quiz.bank.budget``).
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.bank import budget
from quiz.bank.gift_answers import UNESCAPE, formatted, parse_answers, protect, restore
from quiz.bank.interchange import (
    FormatError,
    Reading,
    SourceQuestion,
    set_texts,
    split_html_code,
    split_markdown_code,
    too_many_questions,
)
from quiz.bank.richtext import MarkupError, Rich, read_text
from quiz.bank.textfile import decode, remove_forbidden


@dataclass
class _Block:
    """The lines of one question: comment lines blanked so offsets map to line numbers."""

    first_line: int
    text: str
    comments: str

    def line_at(self, offset: int) -> int:
        return self.first_line + self.text.count("\n", 0, offset)


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    lines: list[tuple[int, str]] = []
    # Split on "\n" only (line endings are already LF): other Unicode breaks are text.
    for number, line in enumerate([*text.split("\n"), ""], 1):
        budget.scan(len(line))
        if line.strip():
            lines.append((number, line))
            continue
        if lines:
            body = [("" if ln.lstrip().startswith("//") else ln) for _, ln in lines]
            comments = [ln.strip() for _, ln in lines if ln.lstrip().startswith("//")]
            blocks.append(_Block(lines[0][0], "\n".join(body), "\n".join(comments)))
        lines = []
    return blocks


def read_gift(data: bytes, limit: int | None = None) -> Reading:
    """Every question of a GIFT file (UTF-8; any line endings); ``FormatError`` names the line
    of a problem, or of the first question past ``limit``."""
    text, notes = remove_forbidden(decode(data))
    return Reading(parse_gift(text, limit), notes)


def parse_gift(text: str, limit: int | None = None) -> list[SourceQuestion]:
    """Every question in GIFT text; raises ``FormatError`` naming the line of a problem."""
    budget.scan(len(text))
    if any(ch in text for ch in UNESCAPE):
        line = next(n for n, ln in enumerate(text.split("\n"), 1) if set(ln) & set(UNESCAPE))
        raise FormatError(line, "the file contains private-use characters (U+E000–U+E007)")
    questions: list[SourceQuestion] = []
    category = ""
    for block in _blocks(text.removeprefix("\ufeff")):
        protected = _Block(block.first_line, protect(block.text), block.comments)
        body = protected.text.strip()
        if not body:
            continue
        if body.startswith("$CATEGORY:"):
            if "\n" in body:
                raise FormatError(block.first_line, "put a blank line after the $CATEGORY line")
            category = restore(body[len("$CATEGORY:") :]).strip()
            continue
        if limit is not None and len(questions) >= limit:
            raise too_many_questions(block.first_line, limit)
        try:
            question = _question(protected)
        except MarkupError as exc:
            raise FormatError(block.first_line, str(exc)) from None
        question.category = category
        questions.append(question)
    return questions


def _bracketed(comments: str, opener: str) -> list[str]:
    """Values of ``[opener…]`` in comment lines, where ``\\]`` is an escaped ``]``; each line
    is scanned once, forward (a line with no ``]`` left ends its scan)."""
    values: list[str] = []
    for line in comments.split("\n"):
        position = 0
        while (start := line.find(opener, position)) >= 0:
            position = start + len(opener)
            parts: list[str] = []
            end = line.find("]", position)
            while end > 0 and line[end - 1] == "\\":
                parts.append(line[position : end - 1] + "]")
                position = end + 1
                end = line.find("]", position)
            if end < 0:
                break
            parts.append(line[position:end])
            position = end + 1
            value = "".join(parts).strip()
            if value and not any(ord(c) < 32 or c in "<>" for c in value):
                values.append(value)
    return values


def _comment_meta(comments: str) -> tuple[str, list[str]]:
    budget.scan(len(comments))
    ids = _bracketed(comments, "[id:")
    return (ids[0] if ids else ""), _bracketed(comments, "[tag:")


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
        _texts(question, text[start:], "", [])
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
    fmt = formatted(stem, "moodle")[0]
    try:
        answer_feedback, other = parse_answers(question, answers.strip(), fmt)
    except FormatError as exc:
        raise FormatError(block.line_at(opening), exc.message) from None
    _texts(question, stem, feedback, answer_feedback, other)
    return question


def _texts(
    question: SourceQuestion,
    stem: str,
    feedback: str,
    answer_feedback: list[Rich],
    other: Rich | None = None,
) -> None:
    """Read the stem (and a trailing code block) and the feedback in their formats."""
    fmt, body = formatted(stem, "moodle")
    source = restore(body)
    if fmt == "html":
        source, question.code = split_html_code(source)
    elif fmt == "markdown":
        source, question.code = split_markdown_code(source)
    fb_format, fb_body = formatted(feedback, fmt)
    general = read_text(restore(fb_body), fb_format)
    set_texts(question, read_text(source, fmt), general, answer_feedback, other)
