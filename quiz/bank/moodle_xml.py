"""Read Moodle XML question files safely into ``SourceQuestion`` values.

Parsed with defusedxml's SAX parser with DTDs forbidden: Moodle XML never needs a DTD, so an
entity-expansion bomb or an external entity is refused before anything expands or loads. The
SAX handler builds a small tree that remembers each element's line, so every error and every
skip names its line. Texts keep their format (``html``, ``markdown``, ``plain_text``,
``moodle_auto_format``; see ``quiz.bank.richtext``); what cannot travel (images and files,
Moodle 1.9's ``<image>``, combined feedback, hints, units) is noted on its question.
"""

from __future__ import annotations

import re
import xml.sax
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.sax import parseString

from quiz.bank import budget
from quiz.bank.interchange import (
    MAX_ANSWERS,
    Choice,
    FormatError,
    NumericKey,
    Reading,
    SourceQuestion,
    set_texts,
    split_html_code,
    split_markdown_code,
    too_many_answers,
    too_many_questions,
)
from quiz.bank.richtext import MarkupError, Rich, html_to_text, markdown_to_html, read_text
from quiz.bank.textfile import SAVE_AS, decode, first_forbidden

_FORMATS = {"html": "html", "markdown": "markdown", "plain_text": "plain"}
_KINDS = {"match": "matching"}
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_COMBINED = ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback")
MAX_XML_DEPTH = 32  # Moodle XML nests 6 deep; far deeper is not a question file


@dataclass
class Node:
    """One XML element: tag, attributes, direct text, children and its 1-based line."""

    tag: str
    attrs: dict[str, str]
    line: int
    parts: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The element's direct text."""
        return "".join(self.parts)

    def first(self, tag: str) -> Node | None:
        """The first child with ``tag``."""
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[Node]:
        """Every child with ``tag``."""
        return [c for c in self.children if c.tag == tag]

    def value(self, *path: str) -> str:
        """Text at ``path`` below this node (``""`` when missing), e.g. ``("name", "text")``."""
        node: Node | None = self
        for tag in path:
            node = node.first(tag) if node else None
        return node.text.strip() if node else ""


class _Refused(Exception):
    """Stop parsing: the document is past a limit (``FormatError`` carries line and reason)."""

    def __init__(self, error: FormatError) -> None:
        super().__init__(error.message)
        self.error = error


class _TreeBuilder(xml.sax.ContentHandler):
    def __init__(self, limit: int | None = None) -> None:
        super().__init__()
        self.stack: list[Node] = [Node("#document", {}, 1)]
        self.locator: xml.sax.xmlreader.Locator | None = None
        self.limit = limit
        self.questions = 0

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:
        self.locator = locator

    def line(self) -> int:
        line = self.locator.getLineNumber() if self.locator else None
        return line or 0

    def startElement(self, name: str, attrs: xml.sax.xmlreader.AttributesImpl) -> None:
        budget.scan(len(name))
        node = Node(name, dict(attrs), self.line())
        if len(self.stack) > MAX_XML_DEPTH:
            message = f"elements nested more than {MAX_XML_DEPTH} deep; Moodle XML needs 6"
            raise _Refused(FormatError(node.line, message))
        if name == "question" and len(self.stack) == 2 and node.attrs.get("type") != "category":
            self.questions += 1
            if self.limit is not None and self.questions > self.limit:
                raise _Refused(too_many_questions(node.line, self.limit))
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def endElement(self, name: str) -> None:
        self.stack.pop()

    def characters(self, content: str) -> None:
        budget.scan(len(content))
        self.stack[-1].parts.append(content)


def _declared_encoding(text: str) -> str | None:
    """The encoding named in the XML declaration, if any."""
    if not text.startswith("<?xml"):
        return None
    declaration = text[: text.find("?>", 0, 200) + 1]
    at = declaration.find("encoding=")
    if at < 0:
        return None
    quote = declaration[at + 9 : at + 10]
    return declaration[at + 10 : declaration.find(quote, at + 10)].strip()


def parse_tree(data: bytes, limit: int | None = None) -> Node:
    """The root element of a UTF-8 XML document; DTDs, entities, other encodings, forbidden
    characters and malformed XML are errors naming their line."""
    text = decode(data)
    encoding = _declared_encoding(text)
    if encoding is not None and encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise FormatError(1, f"the file declares the encoding {encoding!r}, not UTF-8; {SAVE_AS}")
    forbidden = first_forbidden(text)
    if forbidden is not None:
        line, name = forbidden
        raise FormatError(line, f"the character {name} is not allowed in XML")
    handler = _TreeBuilder(limit)
    try:
        parseString(
            text.encode("utf-8"),
            handler,
            forbid_dtd=True,
            forbid_entities=True,
            forbid_external=True,
        )
    except _Refused as refused:
        raise refused.error from None
    except xml.sax.SAXParseException as exc:
        raise FormatError(exc.getLineNumber() or 1, f"malformed XML: {exc.getMessage()}") from None
    except DefusedXmlException as exc:
        raise FormatError(
            handler.line() or 1,
            f"refused: the file declares a DTD or entities ({type(exc).__name__}); Moodle XML "
            "needs none, and they can hide entity bombs or read local files "
            "(DTDs are not allowed)",
        ) from None
    return handler.stack[0].children[0]


def read_moodle_xml(data: bytes, limit: int | None = None) -> Reading:
    """Every question of a Moodle XML file; ``FormatError`` names the line of a problem, or of
    the first question past ``limit``."""
    return Reading(parse_moodle_xml(data, limit))


def parse_moodle_xml(data: bytes, limit: int | None = None) -> list[SourceQuestion]:
    """Every question in a Moodle XML file; raises ``FormatError`` naming the line."""
    root = parse_tree(data, limit)
    if root.tag != "quiz":
        raise FormatError(root.line, f"not a Moodle XML file: the root is <{root.tag}>, not <quiz>")
    questions: list[SourceQuestion] = []
    category = ""
    for node in root.all("question"):
        kind = node.attrs.get("type", "")
        if not kind:
            raise FormatError(node.line, "<question> has no type attribute")
        if kind == "category":
            category = node.value("category", "text")
            continue
        if limit is not None and len(questions) >= limit:
            raise too_many_questions(node.line, limit)
        if len(node.all("answer")) > MAX_ANSWERS:
            raise too_many_answers(node.line)
        try:
            question = _question(node, _KINDS.get(kind, kind))
        except MarkupError as exc:
            raise FormatError(node.line, str(exc)) from None
        question.category = category
        questions.append(question)
    return questions


def _format(node: Node | None, default: str = "html") -> str:
    raw = node.attrs.get("format", default) if node is not None else default
    return _FORMATS.get(raw, "moodle")


def _rich(node: Node | None) -> Rich:
    if node is None:
        return Rich("")
    return read_text(node.value("text"), _format(node))


def _question(node: Node, kind: str) -> SourceQuestion:
    question = SourceQuestion(line=node.line, kind=kind)
    question.title = node.value("name", "text")
    question.idnumber = node.value("idnumber")
    tags = node.first("tags")
    question.tags = [t.value("text") for t in tags.all("tag")] if tags else []
    stem_node = node.first("questiontext")
    fmt, source = _format(stem_node), stem_node.value("text") if stem_node else ""
    if fmt == "html":
        source, question.code = split_html_code(source)
    elif fmt == "markdown":
        source, question.code = split_markdown_code(source)
    feedback: list[Rich] = []
    other: Rich | None = None
    if kind in ("multichoice", "truefalse", "shortanswer"):
        for answer in node.all("answer"):
            question.choices.append(_choice(answer, question))
            feedback.append(_rich(answer.first("feedback")))
        if kind == "truefalse":
            question.choices = [
                Choice(c.text.lower(), c.fraction, c.feedback) for c in question.choices
            ]
    if kind == "multichoice":
        question.single = node.value("single").lower() not in ("false", "0")
    if kind == "shortanswer":
        question.case_sensitive = node.value("usecase") == "1"
    if kind == "numerical":
        feedback, other = _numeric(node, question)
    general = _rich(node.first("generalfeedback"))
    set_texts(question, read_text(source, fmt), general, feedback, other)
    _note_what_cannot_travel(node, question)
    return question


def _note_what_cannot_travel(node: Node, question: SourceQuestion) -> None:
    if node.first("image") is not None and (node.value("image") or node.value("image_base64")):
        question.note("an image (Moodle 1.9's <image> field)")
    if any(node.value(tag, "text") for tag in _COMBINED):
        question.note("the combined feedback (for correct, partially correct, incorrect)")
    if any(hint.value("text") for hint in node.all("hint")):
        question.note("the hints shown between tries")


def _fraction(answer: Node) -> float:
    raw = answer.attrs.get("fraction", "0").strip()
    if not _NUMBER.fullmatch(raw):
        raise FormatError(answer.line, f"answer fraction {raw!r} is not a number")
    return float(raw) / 100


def _choice(answer: Node, question: SourceQuestion) -> Choice:
    fmt = _format(answer)
    text = answer.value("text")
    if fmt in ("html", "markdown"):
        text, lost = html_to_text(markdown_to_html(text) if fmt == "markdown" else text)
        question.note(*lost)
    return Choice(text, _fraction(answer))


def _numeric(node: Node, question: SourceQuestion) -> tuple[list[Rich], Rich | None]:
    """The numbers with their feedback, and the feedback for any other answer (``*``)."""
    units = node.first("units")
    if units is not None and units.children:
        question.note("the units of the answer")
    feedback: list[Rich] = []
    other: Rich | None = None
    for answer in node.all("answer"):
        value = answer.value("text")
        if value == "*":
            other = _rich(answer.first("feedback"))
            continue
        tolerance = answer.value("tolerance") or "0"
        for raw in (value, tolerance):
            if not _NUMBER.fullmatch(raw):
                raise FormatError(answer.line, f"{raw!r} is not a number")
        question.numeric.append(NumericKey(float(value), abs(float(tolerance)), _fraction(answer)))
        feedback.append(_rich(answer.first("feedback")))
    return feedback, other
