"""Users' text is text: names, descriptions and notes from data files are shown literally.

Streamlit renders the strings of st.markdown, st.caption, st.info, st.subheader, ... as Markdown
(with images, links, LaTeX, colours and emoji shortcodes); HTML that we build ourselves (the
report, the heatmap, the figure eight) needs HTML escaping. Wrap every value that comes from a
data file, a query parameter or the URL in `md` (Markdown) or `html_text` (HTML) before it goes
into such a string. For a text on its own, `st.text` shows it without any interpretation.
"""
from __future__ import annotations

import html
import re
import string
from typing import Any

# CommonMark: a backslash before any ASCII punctuation character makes that character literal,
# so text with every punctuation character escaped cannot form a link, image, emphasis, heading,
# list, table, HTML tag, entity, LaTeX ($) or Streamlit directive (:red[...], :material/...:).
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_START_SPACE = re.compile(r"(?m)^[ \t]+")  # four spaces would start a code block


def md(value: Any) -> str:
    r"""`value` as Markdown that shows exactly its text.

    >>> print(md("**vet** ![x](http://a/p.png) <b>"))
    \*\*vet\*\* \!\[x\]\(http\:\/\/a\/p\.png\) \<b\>
    """
    text = "" if value is None else str(value)
    return _PUNCTUATION.sub(r"\\\1", _LINE_START_SPACE.sub("", text))


def html_text(value: Any) -> str:
    """`value` as HTML text (also safe inside a quoted attribute)."""
    return html.escape("" if value is None else str(value), quote=True)
