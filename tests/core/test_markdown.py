"""render_markdown: Markdown features survive, every XSS vector does not."""
import re

import pytest
from markupsafe import Markup

from portal.core.markdown_render import render_markdown, sanitize_html, to_plain_text


def html(text: str, **kw) -> str:
    out = render_markdown(text, **kw)
    assert isinstance(out, Markup)
    return str(out)


def assert_inert(out: str) -> None:
    low = out.lower()
    for needle in ("<script", "javascript:", "vbscript:", "data:", "<iframe", "<svg", "<object", "<embed",
                   "<style", "style=", "<form", "<input", "<math", "srcdoc", "<base", "<meta", "<link"):
        assert needle not in low, f"{needle!r} survived in {out!r}"
    assert not re.search(r"\son[a-z]+\s*=", low), f"event handler survived in {out!r}"


def test_basic_markdown_features():
    out = html("# Judul\n\nParagraf **tebal** dan *miring*.\n\n- satu\n- dua\n\n1. a\n2. b\n\n> kutipan")
    assert "<h1>Judul</h1>" in out
    assert "<strong>tebal</strong>" in out and "<em>miring</em>" in out
    assert "<ul>" in out and "<ol>" in out and "<blockquote>" in out


def test_tables_and_fenced_code():
    out = html("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```python\nprint('<b>')\n```")
    assert "<table>" in out and '<th align="left" scope="col">a</th>' in out
    assert '<td align="right">2</td>' in out
    assert '<code class="language-python">' in out
    assert "print(&#39;&lt;b&gt;&#39;)" in out or "print('&lt;b&gt;')" in out


def test_nl2br_is_off():
    assert "<br" not in html("baris satu\nbaris dua")


def test_sane_lists_do_not_mix_kinds():
    out = html("1. satu\n2. dua\n\n- butir")
    assert out.count("<ol>") == 1 and out.count("<ul>") == 1


def test_links_keep_safe_schemes_and_get_rel():
    out = html("[a](https://kpu.go.id) [b](http://contoh.id) [c](mailto:x@contoh.id) "
               "[d](/halaman/tentang) [e](#bagian)")
    for href in ("https://kpu.go.id", "http://contoh.id", "mailto:x@contoh.id", "/halaman/tentang",
                 "#bagian"):
        assert f'href="{href}"' in out
    assert out.count('rel="noopener noreferrer"') == 5


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;vascript&#58;alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "<img src=x onerror=alert(1)>",
    '<img src="x" ONERROR="alert(1)">',
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<span style="position:fixed;top:0">x</span>',
    "<style>body{display:none}</style>",
    '<div onclick="alert(1)">klik</div>',
    '<a href="/" onmouseover="alert(1)">x</a>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><input name="p"></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<details open ontoggle=alert(1)>x</details>",
])
def test_xss_payloads_do_not_survive(payload):
    assert_inert(html(payload))
    if payload.startswith("<"):  # raw HTML given to the sanitiser directly (Markdown text is inert there)
        assert_inert(sanitize_html(payload))


def test_script_content_is_dropped_not_shown():
    out = html("sebelum <script>alert('curi')</script> sesudah")
    assert "curi" not in out and "sebelum" in out and "sesudah" in out


def test_images_only_relative_or_https():
    assert 'src="/static/img/logo.svg"' in html("![logo](/static/img/logo.svg)")
    assert 'src="https://kpu.go.id/a.png"' in html("![a](https://kpu.go.id/a.png)")
    for bad in ("http://kpu.go.id/a.png", "//evil.example/a.png", "data:image/png;base64,AAAA",
                "javascript:alert(1)", "ftp://evil.example/a.png"):
        out = html(f"![a]({bad})")
        assert "src=" not in out, out
        assert 'alt="a"' in out


def test_code_class_only_language_names():
    assert "class=" not in html('<code class="btn btn-danger">x</code>')
    assert "class=" not in html('<p class="alert">x</p>')


def test_comments_stripped():
    assert "<!--" not in html("a <!-- rahasia --> b")


def test_heading_shift_keeps_outline():
    out = html("# A\n\n## B\n\n###### F", min_heading_level=2)
    assert "<h2>A</h2>" in out and "<h3>B</h3>" in out and "<h6>F</h6>" in out and "<h1>" not in out
    assert "<h2>B</h2>" in html("## B\n\n### C", min_heading_level=2)


def test_empty_input():
    assert html("") == "" and html(None) == "" and html("   \n") == ""


def test_plain_text_summary():
    text = to_plain_text("# Judul\n\nIsi **tebal** <script>alert(1)</script> "
                         "[tautan](https://x.id) & lainnya", limit=200)
    assert text == "Judul Isi tebal tautan & lainnya"
    assert to_plain_text("kata " * 100, limit=20).endswith("…")
    assert len(to_plain_text("kata " * 100, limit=20)) <= 20
