"""Write ``SourceQuestion`` values as a Moodle XML file, in the shape Moodle's own export has.

A category pseudo-question starts each area; every question carries its name, text, general
feedback, id number, answers and tags. Texts are ``plain_text``, or ``html`` when the question
has HTML texts or a code block (kept in ``<pre><code>``). Written with the standard library's
ElementTree (writing XML is safe; only reading untrusted XML needs defusedxml). Characters
XML 1.0 forbids never reach this writer (``exporter.without_forbidden`` removes them first).
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from quiz.bank.exporter import number_text, percent_text
from quiz.bank.interchange import SourceQuestion, html_with_code


def write_moodle_xml(questions: list[SourceQuestion]) -> str:
    """The Moodle XML document for ``questions``."""
    root = ET.Element("quiz")
    category = None
    for question in questions:
        if question.category and question.category != category:
            node = ET.SubElement(root, "question", type="category")
            _text(node, "category", question.category, None)
            category = question.category
        root.append(_question(question))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None) -> ET.Element:
    node = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(node, "text").text = value
    return node


def _question(q: SourceQuestion) -> ET.Element:
    fmt = "html" if q.code is not None or q.html else "plain_text"

    def text(value: str, *, rich: bool = False) -> str:
        """A text in the question's format: ``rich`` texts are already HTML in HTML questions."""
        if fmt == "html" and not (rich and q.html):
            return html.escape(value, quote=False)
        return value

    node = ET.Element("question", type=q.kind)
    _text(node, "name", q.title, None)
    stem = html_with_code(q.stem, q.code, stem_is_html=q.html) if fmt == "html" else q.stem
    _text(node, "questiontext", stem, fmt)
    _text(node, "generalfeedback", text(q.general_feedback, rich=True), fmt)
    ET.SubElement(node, "defaultgrade").text = "1"
    ET.SubElement(node, "penalty").text = "0.3333333"
    ET.SubElement(node, "hidden").text = "0"
    ET.SubElement(node, "idnumber").text = q.idnumber
    if q.kind == "multichoice":
        ET.SubElement(node, "single").text = "true" if q.single else "false"
        ET.SubElement(node, "shuffleanswers").text = "true"
        ET.SubElement(node, "answernumbering").text = "abc"
    if q.kind == "shortanswer":
        ET.SubElement(node, "usecase").text = "1" if q.case_sensitive else "0"
    for choice in q.choices:
        answer = _text(node, "answer", text(choice.text), fmt)
        answer.set("fraction", percent_text(choice.fraction))
        _text(answer, "feedback", text(choice.feedback, rich=True), fmt)
    for key in q.numeric:
        answer = _text(node, "answer", number_text(key.value), None)
        answer.set("fraction", percent_text(key.fraction))
        ET.SubElement(answer, "tolerance").text = number_text(key.tolerance)
        _text(answer, "feedback", "", fmt)
    if q.tags:
        tags = ET.SubElement(node, "tags")
        for tag in q.tags:
            _text(tags, "tag", tag, None)
    return node
