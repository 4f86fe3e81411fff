"""Rich text of questions: Moodle's four text formats to safe HTML or to plain text.

Moodle texts come as ``html``, ``markdown``, ``plain`` or ``moodle`` (auto-format, read as
plain). HTML is kept, made safe by **nh3** (the Rust sanitizer ammonia, linear in its input):
only structural and phrasing tags survive (paragraphs, lists, tables, code, emphasis, links
to http(s) and mail addresses); ``<script>`` and ``<style>`` are removed with their content,
every attribute but a link's target and a code block's ``language-`` class is dropped (no
inline style, which the site's CSP forbids anyway), headings become bold paragraphs (the
page owns the heading levels), and images and files embedded in a Moodle question (which
never travel in the text) are removed and reported. Markdown is rendered with markdown-it-py
(CommonMark, linear) and then sanitized the same way.

No Flask here: the readers, the item schema and the page filters all use these functions.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt

from quiz.bank import budget

_BLOCK = {"p", "div", "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "hr"}
_BLOCK |= {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"}
_PHRASING = {"a", "b", "strong", "i", "em", "u", "s", "del", "ins", "mark", "small", "sub"}
_PHRASING |= {"sup", "code", "kbd", "samp", "var", "q", "abbr", "cite", "span", "br"}
_HEADINGS = {f"h{n}" for n in range(1, 7)}
TAGS = frozenset(_BLOCK | _PHRASING | _HEADINGS)
_ATTRIBUTES = {"a": {"href", "title"}, "code": {"class"}, "ol": {"start"}}
_ATTRIBUTES |= {"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}}
_DROPPED_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object"}
_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")
PLUGINFILE = "@@PLUGINFILE@@"
_SPACES = re.compile("[ \t\f]+")  # HTML collapses ASCII white space only
MAX_DEPTH = 100  # elements nested deeper are refused: the HTML parser's cost grows with depth
MAX_MARKDOWN = 16 * 1024  # characters of Markdown one file may hold (pure-Python renderer)
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source"}
_VOID |= {"track", "wbr", "param"}
_SIBLINGS = {"p", "li", "dt", "dd", "tr", "td", "th", "option"}  # an open one closes itself
_MARKDOWN_LEFT: ContextVar[int | None] = ContextVar("quiz_markdown_left", default=None)


class MarkupError(ValueError):
    """A text's markup is beyond what we read: nested too deeply, or too much Markdown."""


@contextmanager
def markdown_allowance(characters: int = MAX_MARKDOWN) -> Iterator[None]:
    """Allow ``characters`` of Markdown in the block (one file); more raises ``MarkupError``."""
    token = _MARKDOWN_LEFT.set(characters)
    try:
        yield
    finally:
        _MARKDOWN_LEFT.reset(token)


def nesting_depth(fragment: str) -> int:
    """How deeply the elements of ``fragment`` nest (an upper bound), in one forward scan that
    stops past ``MAX_DEPTH``."""
    open_tags: list[str] = []
    deepest = 0
    start = fragment.find("<")
    while start >= 0 and deepest <= MAX_DEPTH:
        closing = fragment.startswith("/", start + 1)
        stop = end = start + 1 + closing
        while stop < len(fragment) and fragment[stop].isalnum():
            stop += 1
        name = fragment[end:stop].lower()
        gt = fragment.find(">", stop)
        if gt < 0:
            break
        if name and closing:
            if name in open_tags:
                del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name) :]
        elif name and name not in _VOID and fragment[gt - 1] != "/":
            if not (open_tags and open_tags[-1] == name and name in _SIBLINGS):
                open_tags.append(name)
            deepest = max(deepest, len(open_tags))
        start = fragment.find("<", gt)
    return deepest


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    """Links only to the web or mail; classes only ``language-…`` (code highlighting)."""
    if attribute == "href" and not value.startswith(("http://", "https://", "mailto:")):
        return None
    if attribute == "class" and not (element == "code" and value.startswith("language-")):
        return None
    return value


def sanitize(fragment: str) -> str:
    """A safe HTML fragment: allowed tags and attributes only, headings as bold paragraphs.

    Raises ``MarkupError`` for elements nested more than ``MAX_DEPTH`` deep."""
    budget.scan(len(fragment))
    if nesting_depth(fragment) > MAX_DEPTH:
        raise MarkupError(f"HTML nested more than {MAX_DEPTH} elements deep")
    clean = nh3.clean(
        fragment,
        tags=set(TAGS),
        clean_content_tags=_DROPPED_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https", "mailto"},
    )
    for tag in _HEADINGS:
        clean = clean.replace(f"<{tag}>", "<p><strong>").replace(f"</{tag}>", "</strong></p>")
    return clean.strip()


def losses(fragment: str) -> list[str]:
    """What turning ``fragment`` into safe HTML leaves out, in words, for import warnings."""
    budget.scan(len(fragment))
    lowered = fragment.lower()
    lost = []
    if "<img" in lowered:
        lost.append("an image")
    if PLUGINFILE.lower() in lowered:
        lost.append("a file embedded in the Moodle question (only its text is kept)")
    if "<script" in lowered or "<style" in lowered:
        lost.append("a <script> or <style> element (removed with its content)")
    return lost


def tags_in(fragment: str) -> set[str]:
    """Names of the tags in a sanitized fragment (whose markup is normalised)."""
    budget.scan(len(fragment))
    names: set[str] = set()
    start = fragment.find("<")
    while start >= 0:
        end = start + 1 + (fragment[start + 1] == "/" if start + 1 < len(fragment) else 0)
        stop = end
        while stop < len(fragment) and fragment[stop].isalnum():
            stop += 1
        if stop > end:
            names.add(fragment[end:stop].lower())
        start = fragment.find("<", stop)
    return names


def _as_text(clean: str) -> str:
    """Plain text of a sanitized fragment: block ends and ``<br>`` become line breaks."""
    for tag in ("br", "hr"):
        clean = clean.replace(f"<{tag}>", "\n")
    for tag in _BLOCK - {"hr"}:
        clean = clean.replace(f"</{tag}>", "\n")
    out, start = [], 0
    while (opening := clean.find("<", start)) >= 0:
        out.append(clean[start:opening])
        closing = clean.find(">", opening)
        start = len(clean) if closing < 0 else closing + 1
    out.append(clean[start:])
    text = html.unescape(_SPACES.sub(" ", "".join(out)))
    lines = [line.strip(" ") for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()


def html_to_text(fragment: str) -> tuple[str, list[str]]:
    """Plain text of an HTML fragment, and what the text cannot keep (images, formatting)."""
    clean = sanitize(fragment)
    lost = losses(fragment)
    simple = plain_if_simple(clean)
    if simple is not None:
        return simple, lost
    formatting = sorted(tags_in(clean) - {"p", "div", "span", "br"})
    lost.extend(f"<{tag}> formatting" for tag in formatting if tag != "a")
    if "a" in formatting:
        lost.append("a link (its text is kept)")
    return _as_text(clean), lost


def markdown_to_html(source: str) -> str:
    """Markdown (CommonMark with tables) rendered to HTML, not yet sanitized; within a file's
    ``markdown_allowance`` (else ``MarkupError``)."""
    budget.scan(len(source))
    left = _MARKDOWN_LEFT.get()
    if left is not None:
        if len(source) > left:
            raise MarkupError(
                f"the file holds more than {MAX_MARKDOWN // 1024} KB of Markdown; "
                "split it or use HTML"
            )
        _MARKDOWN_LEFT.set(left - len(source))
    return str(_MARKDOWN.render(source))


def plain_to_html(text: str) -> str:
    """Plain text as HTML paragraphs: blank lines separate paragraphs, line breaks stay."""
    paragraphs = [p.strip() for p in text.strip().split("\n\n") if p.strip()]
    escaped = (html.escape(p, quote=False).replace("\n", "<br>") for p in paragraphs)
    return "".join(f"<p>{p}</p>" for p in escaped)


def plain_if_simple(clean: str) -> str | None:
    """The plain text of a sanitized fragment that holds no markup (at most one ``<p>``
    around it), or None when the markup matters."""
    inner = clean
    if inner.startswith("<p>") and inner.endswith("</p>"):
        inner = inner[3:-4]
    if "<" in inner:
        return None
    return html.unescape(inner).strip()


def normalize_html(fragment: str) -> str:
    """The one stored form of an item's HTML text: sanitized, and text without markup wrapped
    in paragraphs (so a text reads back the same after any number of round trips)."""
    clean = sanitize(fragment)
    plain = plain_if_simple(clean)
    return plain_to_html(plain) if plain is not None else clean


@dataclass(frozen=True)
class Rich:
    """A text as read from a file: plain text, or sanitized HTML when ``html``."""

    text: str
    html: bool = False
    lost: tuple[str, ...] = ()

    def as_html(self) -> str:
        """The text as HTML (plain text escaped into paragraphs)."""
        return self.text if self.html else plain_to_html(self.text)


def read_text(text: str, text_format: str) -> Rich:
    """A Moodle text in ``html``, ``markdown``, ``plain`` or ``moodle`` format.

    HTML that carries no markup beyond one paragraph becomes plain text, so only texts whose
    markup means something become HTML items.
    """
    if text_format not in ("html", "markdown"):
        budget.scan(len(text))
        return Rich(text.strip())
    source = markdown_to_html(text) if text_format == "markdown" else text
    clean = sanitize(source)
    lost = tuple(losses(source))
    plain = plain_if_simple(clean)
    if plain is not None:
        return Rich(plain, lost=lost)
    return Rich(clean, html=True, lost=lost)


def inline_html(fragment: str) -> str | None:
    """``fragment`` (sanitized HTML) as phrasing content, unwrapping one outer ``<p>``; None
    when it holds block content (lists, tables, several paragraphs)."""
    inner = fragment.strip()
    if inner.startswith("<p>") and inner.endswith("</p>") and inner.count("<p>") == 1:
        inner = inner[3:-4]
    return None if tags_in(inner) - _PHRASING else inner


def to_plain(text: str, text_format: str) -> str:
    """The plain text of an item text (for lists and truncated previews)."""
    return _as_text(sanitize(text)) if text_format == "html" else text


def unify(texts: list[Rich]) -> tuple[bool, list[str]]:
    """The texts of one question in one representation: all sanitized HTML when any of them
    is HTML, else all plain text."""
    as_html = any(t.html for t in texts)
    return as_html, [(t.as_html() if t.text else "") if as_html else t.text for t in texts]
