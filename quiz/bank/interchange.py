"""A format-neutral model of Moodle questions, shared by the GIFT and Moodle XML readers/writers.

Both formats describe the same Moodle question types (multiple choice, true/false, short answer,
numerical, matching, essay, description, cloze), so each reader produces ``SourceQuestion``
values and ``importer`` maps those onto our item types in one place. Texts are already turned
into plain text here: ``text_from`` converts Moodle's four text formats and records what a
conversion lost, so no format detail leaks into the mapping.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

FULL = 0.99999  # fractions at or above this are full credit (Moodle writes 100 or 99.99999)


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
    """One question as Moodle sees it, with plain-text texts and the line it starts on."""

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
    case_sensitive: bool = False
    category: str = ""
    notes: list[str] = field(default_factory=list)  # what reading the texts lost


class _TextExtractor(HTMLParser):
    """Collect the text of an HTML fragment; note markup that plain text cannot keep."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.lost: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "p":
            if "".join(self.parts).strip():
                self.parts.append("\n\n")
        elif tag == "img":
            self.lost.add("an image")
        elif tag not in ("span", "div"):
            self.lost.add(f"<{tag}> formatting")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(fragment: str) -> tuple[str, list[str]]:
    """Plain text of an HTML fragment, and what was lost (images, formatting)."""
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts).strip(), sorted(parser.lost)


def text_from(text: str, text_format: str) -> tuple[str, list[str]]:
    """Plain text from a Moodle text in ``html``, ``markdown``, ``plain`` or ``moodle`` format."""
    if text_format == "html":
        return html_to_text(text)
    return text.strip(), []


_HTML_CODE = re.compile(
    r'^(?P<stem>.*?)\s*<pre><code(?: class="language-(?P<lang>[^"]+)")?>(?P<code>.*?)</code></pre>'
    r"\s*$",
    re.DOTALL,
)
_MARKDOWN_CODE = re.compile(
    r"^(?P<stem>.*?)\n\s*\n(?P<fence>`{3,})(?P<lang>[^\n`]*)\n(?P<code>.*?)\n(?P=fence)\s*$",
    re.DOTALL,
)


def stem_from(text: str, text_format: str) -> tuple[str, Code | None, list[str]]:
    """A question text split into plain stem and a trailing code block, if it ends with one."""
    pattern = {"html": _HTML_CODE, "markdown": _MARKDOWN_CODE}.get(text_format)
    match = pattern.match(text.strip()) if pattern else None
    if match is None:
        stem, lost = text_from(text, text_format)
        return stem, None, lost
    stem, lost = text_from(match["stem"], text_format)
    code = match["code"]
    if text_format == "html":
        code = html.unescape(code)
    return stem, Code(match["lang"].strip() or "text", code), lost


def html_with_code(stem: str, code: Code | None) -> str:
    """Our stem (and code) as an HTML question text that ``stem_from`` reads back exactly."""
    out = html.escape(stem, quote=False)
    if code is not None:
        language = html.escape(code.language)
        out += f'\n<pre><code class="language-{language}">{html.escape(code.text, quote=False)}'
        out += "</code></pre>"
    return out


_REFERENCE = re.compile(r"^(?P<text>.*?)\s*(?:^|\n)Reference: (?P<url>https?://\S+)\s*$", re.DOTALL)


def split_reference(feedback: str) -> tuple[str, str | None]:
    """General feedback split into explanation and a final ``Reference: URL`` line, if any."""
    match = _REFERENCE.match(feedback.strip())
    if match is None:
        return feedback.strip(), None
    return match["text"].strip(), match["url"]


def join_reference(explanation: str, reference: str) -> str:
    """The general feedback we write: the explanation, then the reference on its own line."""
    return f"{explanation}\n\nReference: {reference}"


OUTPUT_HEADING = "Output of the code:"
_OUTPUT = re.compile(rf"^(?P<text>.*)\n\n{re.escape(OUTPUT_HEADING)}\n(?P<output>.+)$", re.DOTALL)


def join_output(explanation: str, output: str | None) -> str:
    """The explanation, then (when given) the code's output under ``OUTPUT_HEADING``.

    Moodle has no field for what a snippet prints, so it travels in the general feedback,
    which a candidate sees only after answering.
    """
    return f"{explanation}\n\n{OUTPUT_HEADING}\n{output}" if output is not None else explanation


def split_output(explanation: str) -> tuple[str, str | None]:
    """An explanation split into its text and a final ``join_output`` section, if any."""
    match = _OUTPUT.match(explanation)
    if match is None:
        return explanation, None
    return match["text"].strip(), match["output"].strip()


def category_hint(path: str) -> str:
    """The last segment of a Moodle category path, e.g. ``$course$/top/SQL`` → ``SQL``."""
    return path.rstrip("/").rsplit("/", 1)[-1].strip()
