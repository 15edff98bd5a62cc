"""Safe HTML for the articles: one allow-list, shared by the editor and the sanitizer.

The editor (django-prose-editor, ProseMirror) can only produce the tags of the extensions below; the
same list, turned into an nh3 (Ammonia) allow-list by the editor's own helper, is applied to every body
that is saved — whatever sent it (the admin, the demo, a shell, a forged POST). A `<script>`, an `on…=`
attribute, a `javascript:` link or a `style` never survives it. Decision 0031.
"""
from functools import cache

import nh3
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

# What the center's editors need for a news article: headings below the title (h1 is the title),
# emphasis, lists, quotes, tables of schedules or fees, links. No images inside the body (the article's
# image is uploaded, resized and described separately), no inline styles, no colours.
EDITOR_EXTENSIONS: dict = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    # Links open in the same tab (no target): nothing for a reverse-tabnabbing to use.
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
}

# Schemes a link may use; everything else (javascript:, data:, vbscript:) is dropped with the href.
URL_SCHEMES = {"http", "https", "mailto", "tel"}


@cache
def _cleaner() -> nh3.Cleaner:
    allow = allowlist_from_extensions(expand_extensions(EDITOR_EXTENSIONS))
    attributes = {tag: set(attrs) for tag, attrs in allow["attributes"].items()}
    # `rel` is set by the sanitizer itself, never taken from the input.
    attributes.get("a", set()).discard("rel")
    return nh3.Cleaner(
        tags=set(allow["tags"]),
        attributes=attributes,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def clean_html(html: str) -> str:
    """The body as it may be shown: only the editor's tags and attributes; '' for an empty editor."""
    cleaned = _cleaner().clean(html or "").strip()
    # ProseMirror always leaves one empty paragraph in an empty editor: that is an empty body.
    return "" if cleaned in {"", "<p></p>", "<p><br></p>"} else cleaned
