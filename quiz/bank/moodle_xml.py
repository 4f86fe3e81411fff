"""Read Moodle XML question files safely into ``SourceQuestion`` values.

Parsed with defusedxml's SAX parser with DTDs forbidden: Moodle XML never needs a DTD, so an
entity-expansion bomb or an external entity is refused before anything expands or loads. The
SAX handler builds a small tree that remembers each element's line, so every error and every
skip names its line.
"""

from __future__ import annotations

import re
import xml.sax
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.sax import parseString

from quiz.bank.interchange import (
    Choice,
    FormatError,
    NumericKey,
    SourceQuestion,
    stem_from,
    text_from,
)

_FORMATS = {"html": "html", "markdown": "markdown", "plain_text": "plain"}
_KINDS = {"match": "matching"}
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


@dataclass
class Node:
    """One XML element: tag, attributes, direct text, children and its 1-based line."""

    tag: str
    attrs: dict[str, str]
    line: int
    text: str = ""
    children: list[Node] = field(default_factory=list)

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


class _TreeBuilder(xml.sax.ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[Node] = [Node("#document", {}, 1)]
        self.locator: xml.sax.xmlreader.Locator | None = None

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:
        self.locator = locator

    def line(self) -> int:
        line = self.locator.getLineNumber() if self.locator else None
        return line or 0

    def startElement(self, name: str, attrs: xml.sax.xmlreader.AttributesImpl) -> None:
        node = Node(name, dict(attrs), self.line())
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def endElement(self, name: str) -> None:
        self.stack.pop()

    def characters(self, content: str) -> None:
        self.stack[-1].text += content


def parse_tree(data: bytes) -> Node:
    """The root element of an XML document; DTDs, entities and malformed XML are errors."""
    handler = _TreeBuilder()
    try:
        parseString(data, handler, forbid_dtd=True, forbid_entities=True, forbid_external=True)
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


def parse_moodle_xml(data: bytes) -> list[SourceQuestion]:
    """Every question in a Moodle XML file; raises ``FormatError`` naming the line."""
    root = parse_tree(data)
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
        question = _question(node, _KINDS.get(kind, kind))
        question.category = category
        questions.append(question)
    return questions


def _text(node: Node | None, question: SourceQuestion, default: str = "html") -> str:
    if node is None:
        return ""
    fmt = _FORMATS.get(node.attrs.get("format", default), "moodle")
    text, lost = text_from(node.value("text"), fmt)
    question.notes.extend(n for n in lost if n not in question.notes)
    return text


def _question(node: Node, kind: str) -> SourceQuestion:
    question = SourceQuestion(line=node.line, kind=kind)
    question.title = node.value("name", "text")
    question.idnumber = node.value("idnumber")
    tags = node.first("tags")
    question.tags = [t.value("text") for t in tags.all("tag")] if tags else []
    stem_node = node.first("questiontext")
    if stem_node is not None:
        fmt = _FORMATS.get(stem_node.attrs.get("format", "html"), "moodle")
        question.stem, question.code, lost = stem_from(stem_node.value("text"), fmt)
        question.notes.extend(lost)
    question.general_feedback = _text(node.first("generalfeedback"), question)
    if kind in ("multichoice", "truefalse", "shortanswer"):
        question.choices = [_choice(a, question) for a in node.all("answer")]
        if kind == "truefalse":
            question.choices = [
                Choice(c.text.lower(), c.fraction, c.feedback) for c in question.choices
            ]
    if kind == "multichoice":
        question.single = node.value("single").lower() not in ("false", "0")
    if kind == "shortanswer":
        question.case_sensitive = node.value("usecase") == "1"
    if kind == "numerical":
        question.numeric = _numeric(node, question)
    return question


def _fraction(answer: Node) -> float:
    raw = answer.attrs.get("fraction", "0").strip()
    if not _NUMBER.fullmatch(raw):
        raise FormatError(answer.line, f"answer fraction {raw!r} is not a number")
    return float(raw) / 100


def _choice(answer: Node, question: SourceQuestion) -> Choice:
    fmt = _FORMATS.get(answer.attrs.get("format", "html"), "moodle")
    text, lost = text_from(answer.value("text"), fmt)
    question.notes.extend(n for n in lost if n not in question.notes)
    return Choice(text, _fraction(answer), _text(answer.first("feedback"), question))


def _numeric(node: Node, question: SourceQuestion) -> list[NumericKey]:
    units = node.first("units")
    if units is not None and units.children:
        question.notes.append("the units of the answer")
    keys = []
    for answer in node.all("answer"):
        value = answer.value("text")
        if value == "*":
            continue
        tolerance = answer.value("tolerance") or "0"
        for raw in (value, tolerance):
            if not _NUMBER.fullmatch(raw):
                raise FormatError(answer.line, f"{raw!r} is not a number")
        keys.append(NumericKey(float(value), abs(float(tolerance)), _fraction(answer)))
    return keys
