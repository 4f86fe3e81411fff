"""A format-neutral model of Moodle questions, shared by the GIFT, Moodle XML and Aiken
readers and the writers.

The formats describe the same Moodle question types (multiple choice, true/false, short
answer, numerical, matching, essay, description, cloze), so each reader produces
``SourceQuestion`` values and ``importer`` maps those onto our item types in one place. A
question's texts are either all plain text or, when any of them was HTML or Markdown, all
sanitized HTML (``SourceQuestion.html``); answer texts are always plain. The helpers here
split a trailing code block and a final ``Reference:`` line off a text with plain string
searches, linear in the text, never with backtracking patterns.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from quiz.bank import budget
from quiz.bank.richtext import Rich, unify

FULL = 0.99999  # fractions at or above this are full credit (Moodle writes 100 or 99.99999)
MAX_ANSWERS = 100  # answers one question may have; more is not a question anyone answers


class FormatError(ValueError):
    """The file is malformed; ``line`` is 1-based and names where the problem is."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass
class Choice:
    """One answer of a multiple-choice, true/false or short-answer question."""

    text: str
    fraction: float
    feedback: str = ""


@dataclass
class NumericKey:
    """One answer of a numerical question: a value with an absolute tolerance."""

    value: float
    tolerance: float
    fraction: float
    feedback: str = ""


@dataclass
class Code:
    """A code block found at the end of a question text."""

    language: str
    text: str


@dataclass
class SourceQuestion:
    """One question as Moodle sees it, with the line it starts on.

    ``stem``, ``general_feedback`` and the answers' feedback are sanitized HTML when ``html``
    is true, plain text otherwise; answer texts are plain text.
    """

    line: int
    kind: str  # multichoice, truefalse, shortanswer, numerical, matching, essay, description…
    stem: str = ""
    code: Code | None = None
    title: str = ""
    idnumber: str = ""
    tags: list[str] = field(default_factory=list)
    general_feedback: str = ""
    choices: list[Choice] = field(default_factory=list)
    single: bool = True
    numeric: list[NumericKey] = field(default_factory=list)
    other_feedback: str = ""  # feedback for any other answer (numerical ``~#…``, ``*``)
    case_sensitive: bool = False
    category: str = ""
    html: bool = False
    notes: list[str] = field(default_factory=list)  # what reading the texts lost

    def note(self, *lost: str) -> None:
        """Record what reading lost, once each."""
        self.notes.extend(n for n in lost if n not in self.notes)


def split_html_code(text: str) -> tuple[str, Code | None]:
    """An HTML text split into what precedes a final ``<pre><code>`` block, and that code."""
    budget.scan(len(text))
    body = text.rstrip()
    if not body.endswith("</code></pre>"):
        return text, None
    start = body.rfind("<pre><code")
    tag_end = body.find(">", start + len("<pre><code")) if start >= 0 else -1
    if tag_end < 0 or "</code>" in body[tag_end : -len("</code></pre>")]:
        return text, None
    attributes = body[start + len("<pre><code") : tag_end]
    language = "text"
    if attributes.startswith(' class="language-') and attributes.endswith('"'):
        language = attributes[len(' class="language-') : -1] or "text"
    elif attributes:
        return text, None
    code = html.unescape(body[tag_end + 1 : -len("</code></pre>")])
    return body[:start].rstrip(), Code(html.unescape(language), code)


def split_markdown_code(text: str) -> tuple[str, Code | None]:
    """A Markdown text split into what precedes a final fenced code block, and that code."""
    budget.scan(len(text))
    lines = text.strip().split("\n")
    fence = lines[-1].strip()
    if len(lines) < 3 or len(fence) < 3 or fence != "`" * len(fence):
        return text, None
    for opening in range(len(lines) - 2, -1, -1):
        if lines[opening].startswith(fence):
            language = lines[opening][len(fence) :].strip()
            if "`" in language or (opening > 0 and lines[opening - 1].strip()):
                return text, None
            code = "\n".join(lines[opening + 1 : -1])
            return "\n".join(lines[:opening]).rstrip(), Code(language or "text", code)
    return text, None


def html_with_code(stem: str, code: Code | None, *, stem_is_html: bool = False) -> str:
    """Our stem (and code) as an HTML question text that the readers split back exactly."""
    out = stem if stem_is_html else html.escape(stem, quote=False)
    if code is not None:
        language = html.escape(code.language)
        out += f'\n<pre><code class="language-{language}">{html.escape(code.text, quote=False)}'
        out += "</code></pre>"
    return out


_MARK = "Reference: "


def split_reference(feedback: str, *, is_html: bool = False) -> tuple[str, str | None]:
    """General feedback split into explanation and a final ``Reference: URL`` line, if any
    (in HTML feedback the line may be its own paragraph)."""
    budget.scan(len(feedback))
    text = feedback.strip()
    start = text.rfind("\n") + 1
    last = text[start:]
    if is_html and last.startswith("<p>") and last.endswith("</p>"):
        start = text.rfind("<p>")
        last = text[start + 3 : -4]
    if not last.startswith(_MARK):
        return text, None
    url = last[len(_MARK) :].strip()
    url = html.unescape(url) if is_html else url
    if not url.startswith(("http://", "https://")) or any(c.isspace() or c in "<>" for c in url):
        return text, None
    return text[:start].strip(), url


def join_reference(explanation: str, reference: str | None) -> str:
    """The general feedback we write: the explanation, then the reference on its own line."""
    if reference is None:
        return explanation
    line = f"{_MARK}{reference}"
    return f"{explanation}\n\n{line}" if explanation else line


OUTPUT_HEADING = "Output of the code:"
_OUTPUT_MARK = f"\n\n{OUTPUT_HEADING}\n"


def join_output(explanation: str, output: str | None) -> str:
    """The explanation, then (when given) the code's output under ``OUTPUT_HEADING``.

    Moodle has no field for what a snippet prints, so it travels in the general feedback,
    which a candidate sees only after answering.
    """
    return f"{explanation}{_OUTPUT_MARK}{output}" if output is not None else explanation


def split_output(explanation: str) -> tuple[str, str | None]:
    """An explanation split into its text and a final ``join_output`` section, if any."""
    budget.scan(len(explanation))
    at = explanation.rfind(_OUTPUT_MARK)
    output = explanation[at + len(_OUTPUT_MARK) :].strip() if at >= 0 else ""
    if not output:
        return explanation, None
    return explanation[:at].strip(), output


def category_hint(path: str) -> str:
    """The last segment of a Moodle category path, e.g. ``$course$/top/SQL`` → ``SQL``."""
    return path.rstrip("/").rsplit("/", 1)[-1].strip()


def too_many_questions(line: int, limit: int) -> FormatError:
    """The error for a file with more than ``limit`` questions, at the first one too many."""
    return FormatError(
        line, f"the file holds more than {limit} questions; split it into smaller files"
    )


def too_many_answers(line: int) -> FormatError:
    """The error for a question with more than ``MAX_ANSWERS`` answers."""
    return FormatError(line, f"a question with more than {MAX_ANSWERS} answers")


@dataclass
class Reading:
    """What a reader found in a file: its questions, and notes that belong to no question
    (removed control characters), each with its line."""

    questions: list[SourceQuestion]
    notes: list[tuple[int, str]] = field(default_factory=list)


def set_texts(
    question: SourceQuestion,
    stem: Rich,
    general: Rich,
    feedback: list[Rich] | None = None,
    other: Rich | None = None,
) -> None:
    """Give ``question`` its texts in one representation (see ``richtext.unify``):
    ``feedback`` follows ``question.choices``, or ``question.numeric`` for numerical ones."""
    feedback = feedback or []
    texts = [stem, general, other or Rich(""), *feedback]
    question.html, values = unify(texts)
    question.stem, question.general_feedback, question.other_feedback = values[:3]
    for choice, value in zip(question.choices, values[3:], strict=False):
        choice.feedback = value
    for key, value in zip(question.numeric, values[3:], strict=False):
        key.feedback = value
    for text in texts:
        question.note(*text.lost)
