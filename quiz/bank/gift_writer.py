"""Write ``SourceQuestion`` values as a GIFT file that Moodle's importer reads as we meant.

Output follows Moodle's own GIFT export: a comment line per question (with ``[id:…]`` and
``[tag:…]``, which Moodle 3.6+ imports), ``::name::``, the text with an explicit format, one
answer per line and ``####`` general feedback. Every reserved character (``\\ ~ = # { } :``)
is escaped and newlines are written as ``\\n``. Questions with HTML texts or a code block are
written as ``[html]`` (the code in ``<pre><code>``); all others as ``[plain]``.

GIFT has no escape for ``->``, which Moodle (and our reader) take for a matching question
when the answers also hold ``=``. A short answer with one accepted answer is therefore
written without ``=`` (``{a->b}``, which both read as that answer); one with several accepted
answers of which one holds ``->`` cannot be written faithfully and is left out, with the
reason (``unwritable``), rather than written as a matching question.
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


def unwritable(question: SourceQuestion) -> str | None:
    """Why ``question`` cannot be written as GIFT with its meaning, or None."""
    several = question.kind == "shortanswer" and len(question.choices) > 1
    if several and any("->" in c.text for c in question.choices):
        return (
            "an accepted answer contains '->', which GIFT reads as a matching question "
            "when there are several answers; export it as Moodle XML"
        )
    return None


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
    fmt = "html" if q.code is not None or q.html else "plain"

    def text(value: str, *, rich: bool = False) -> str:
        """A text in the question's format: ``rich`` texts are already HTML in HTML questions."""
        if fmt == "html" and not (rich and q.html):
            value = html.escape(value, quote=False)
        # A leading "[" would read as a format name: state the format explicitly.
        prefix = f"[{fmt}]" if value.startswith("[") else ""
        return prefix + escape(value)

    meta = [f"[id:{q.idnumber}]"] if q.idnumber else []
    meta += [f"[tag:{t}]" for t in q.tags]
    head = f"// {' '.join(meta)}\n" if meta else ""
    stem = html_with_code(q.stem, q.code, stem_is_html=q.html) if fmt == "html" else q.stem
    lines = [f"{head}::{escape(q.title)}::[{fmt}]{escape(stem)}{{"]
    lines += ["\t" + a for a in _answers(q, text)]
    if q.general_feedback:
        lines.append(f"\t####{text(q.general_feedback, rich=True)}")
    lines.append("}\n")
    return "\n".join(lines)


def _answers(q: SourceQuestion, text: Callable[..., str]) -> list[str]:
    if q.kind == "truefalse":
        truth = next(c.text == "true" for c in q.choices if c.fraction >= FULL)
        return ["TRUE" if truth else "FALSE"]
    if q.kind == "numerical":
        return [f"#{number_text(k.value)}:{number_text(k.tolerance)}" for k in q.numeric]
    if q.kind == "shortanswer":
        if len(q.choices) == 1 and "->" in q.choices[0].text:  # no "=", so not matching
            only = q.choices[0].text
            return [("%100%" if only.startswith("%") else "") + text(only)]
        return [("=%100%" if c.text.startswith("%") else "=") + text(c.text) for c in q.choices]
    return [_choice(c, q.single, text) for c in q.choices]


def _choice(choice: Choice, single: bool, text: Callable[..., str]) -> str:
    if single and choice.fraction >= FULL:
        marker = "="
    elif choice.fraction == 0:
        marker = "~%0%" if choice.text.startswith("%") else "~"
    else:
        marker = f"~%{percent_text(choice.fraction)}%"
    feedback = f"#{text(choice.feedback, rich=True)}" if choice.feedback else ""
    return f"{marker}{text(choice.text)}{feedback}"
