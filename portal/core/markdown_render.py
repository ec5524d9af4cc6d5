"""Markdown to safe HTML: python-markdown, then nh3 with an explicit allow-list.

Used for every piece of staff- or public-written Markdown (content pages, DUMAS/WBS answers...).
The output is safe to put in a page as-is: no script, style, frames, event handlers or `style`
attributes survive; links may only point to http(s), mailto or a relative address and get
`rel="noopener noreferrer"`; images may only come from a relative address or https.
"""
from __future__ import annotations

import re

import markdown
import nh3
from markdown.extensions.tables import TableExtension
from markupsafe import Markup

ALLOWED_TAGS: frozenset[str] = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
    "s", "small", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul",
})

# Tags removed together with everything inside them (never shown as text either).
DROPPED_WITH_CONTENT: frozenset[str] = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
    "template", "noscript", "noembed", "noframes", "textarea", "select", "xmp", "plaintext", "title",
})

# No `style`, no `class` (except code language, below), no `on*`, no `rel`/`target` (nh3 sets `rel`).
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "code": {"class"},
    "details": {"open"},
}

URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these before reading the scheme
_CODE_CLASS = re.compile(r"^language-[A-Za-z0-9_+\-]{1,32}$")
_NUMBER = re.compile(r"^\d{1,4}$")
_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")

MARKDOWN_EXTENSIONS = [TableExtension(use_align_attribute=True), "fenced_code", "sane_lists"]


def _url_scheme(value: str) -> str | None:
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", value))
    return match.group(1).lower() if match else None


def _is_safe_link(value: str) -> bool:
    scheme = _url_scheme(value)
    return scheme is None or scheme in URL_SCHEMES


def _is_safe_image(value: str) -> bool:
    """Only a same-site relative path or an https address (no data:, no protocol-relative //host)."""
    compact = _IGNORED_IN_URL.sub("", value)
    scheme = _url_scheme(compact)
    if scheme is None:
        return not compact.startswith(("//", "\\\\", "/\\", "\\/"))
    return scheme == "https"


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Second line of defence after nh3's own scheme check. Must never raise."""
    if attribute == "href":
        return value if _is_safe_link(value) else None
    if attribute == "src":
        return value if tag == "img" and _is_safe_image(value) else None
    if tag == "code" and attribute == "class":
        # fenced_code writes class="language-python"; keep only that shape.
        return value if _CODE_CLASS.match(value) else None
    if attribute in ("width", "height", "colspan", "rowspan", "start"):
        return value if _NUMBER.match(value.strip()) else None
    if attribute == "align":
        return value if value in ("left", "right", "center") else None
    return value


_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_attribute_filter,
    strip_comments=True,
    link_rel=LINK_REL,
    url_schemes=set(URL_SCHEMES),
    # Markdown tables put <th> only in the header row: mark them as column headers for screen readers.
    set_tag_attribute_values={"th": {"scope": "col"}},
)


def sanitize_html(html: str) -> str:
    """Clean an HTML fragment with the portal's allow-list (for HTML that did not come from Markdown)."""
    return _cleaner.clean(html or "")


def _shift_headings(html: str, min_level: int) -> str:
    levels = [int(level) for _slash, level in _HEADING_TAG.findall(html)]
    if not levels or min(levels) >= min_level:
        return html
    shift = min_level - min(levels)
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}>", html)


def render_markdown(text: str | None, *, min_heading_level: int = 1) -> Markup:
    """Markdown -> sanitised HTML, as Markup ready for a template.

    `min_heading_level`: when the page already has its own <h1>, pass 2 and every heading of the
    text is moved down so that its top heading becomes <h2> (the outline stays the same).
    """
    if not text or not text.strip():
        return Markup("")
    html = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")
    html = _cleaner.clean(html)
    if min_heading_level > 1:
        html = _shift_headings(html, min(6, min_heading_level))
    # bandit B704: sanitised above by nh3 (allow-list; tests/core/test_markdown.py)
    return Markup(html)  # nosec B704


def to_plain_text(text: str | None, limit: int | None = None) -> str:
    """Markdown -> plain text (for summaries, meta descriptions, e-mail previews)."""
    html = markdown.markdown(text or "", extensions=MARKDOWN_EXTENSIONS, output_format="html")
    plain = nh3.clean(html, tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT))
    # bandit B704: Markup here only unescapes entities into plain text; nothing is marked safe
    plain = re.sub(r"\s+", " ", Markup(plain).unescape()).strip()  # nosec B704
    if limit is not None and len(plain) > limit:
        plain = plain[: max(0, limit - 1)].rstrip() + "…"
    return plain
