"""Reading the staff dashboard in HTTP tests: a page's text, one panel's section, a link inside it."""
from __future__ import annotations

import html
import re


def page_text(response) -> str:
    """The page of a 200 answer, entities unescaped."""
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def panel_section(page: str, name: str) -> str:
    """The `<section data-panel="name">` of a dashboard page (fails when the panel is not shown)."""
    match = re.search(rf'<section[^>]*data-panel="{name}".*?</section>', page, re.DOTALL)
    assert match, name
    return match.group(0)


def has_link(panel: str, href: str, text: str) -> bool:
    """`panel` has a link to `href` reading `text`."""
    return re.search(rf'<a [^>]*href="{re.escape(href)}"[^>]*>{re.escape(text)}</a>', panel) is not None
