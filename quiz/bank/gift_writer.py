"""Write ``SourceQuestion`` values as a GIFT file that Moodle's importer reads.

Output follows Moodle's own GIFT export: a comment line per question (with ``[id:…]`` and
``[tag:…]``, which Moodle 3.6+ imports), ``::name::``, the text with an explicit format, one
answer per line and ``####`` general feedback. Reserved characters are escaped and newlines
written as ``\\n``. Questions with a code block are written as ``[html]`` with the code in
``<pre><code>``; all others as ``[plain]``.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from quiz.bank.exporter import number_text, percent_text
from quiz.bank.interchange import FULL, Choice, SourceQuestion, html_with_code

_RESERVED = {"\\": "\\\\", "#": "\\#", "=": "\\=", "~": "\\~", "{": "\\{", "}": "\\}"}
_RESERVED |= {":": "\\:", "\n": "\\n", "\r": ""}


def escape(text: str) -> str:
    """``text`` with GIFT's reserved characters escaped and newlines as ``\\n``."""
    return "".join(_RESERVED.get(ch, ch) for ch in text)


def write_gift(questions: list[SourceQuestion]) -> str:
    """The GIFT text for ``questions``, with a ``$CATEGORY`` line whenever it changes."""
    out: list[str] = []
    category = None
    for question in questions:
        if question.category and question.category != category:
            out.append(f"$CATEGORY: {question.category}\n")
            category = question.category
        out.append(_question(question))
    return "\n".join(out)


def _question(q: SourceQuestion) -> str:
    fmt = "html" if q.code is not None else "plain"

    def text(value: str) -> str:
        # A leading "[" would read as a format name: state the format explicitly.
        prefix = f"[{fmt}]" if value.startswith("[") else ""
        return prefix + escape(html.escape(value, quote=False) if fmt == "html" else value)

    meta = [f"[id:{q.idnumber}]"] if q.idnumber else []
    meta += [f"[tag:{t}]" for t in q.tags]
    head = f"// {' '.join(meta)}\n" if meta else ""
    stem = html_with_code(q.stem, q.code) if fmt == "html" else q.stem
    lines = [f"{head}::{escape(q.title)}::[{fmt}]{escape(stem)}{{"]
    lines += ["\t" + a for a in _answers(q, text)]
    if q.general_feedback:
        lines.append(f"\t####{text(q.general_feedback)}")
    lines.append("}\n")
    return "\n".join(lines)


def _answers(q: SourceQuestion, text: Callable[[str], str]) -> list[str]:
    if q.kind == "truefalse":
        truth = next(c.text == "true" for c in q.choices if c.fraction >= FULL)
        return ["TRUE" if truth else "FALSE"]
    if q.kind == "numerical":
        return [f"#{number_text(k.value)}:{number_text(k.tolerance)}" for k in q.numeric]
    if q.kind == "shortanswer":
        return [("=%100%" if c.text.startswith("%") else "=") + text(c.text) for c in q.choices]
    return [_choice(c, q.single, text) for c in q.choices]


def _choice(choice: Choice, single: bool, text: Callable[[str], str]) -> str:
    if single and choice.fraction >= FULL:
        marker = "="
    elif choice.fraction == 0:
        marker = "~%0%" if choice.text.startswith("%") else "~"
    else:
        marker = f"~%{percent_text(choice.fraction)}%"
    feedback = f"#{text(choice.feedback)}" if choice.feedback else ""
    return f"{marker}{text(choice.text)}{feedback}"
