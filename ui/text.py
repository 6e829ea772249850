"""Users' text is text: names, descriptions and notes from data files are shown literally.

Streamlit renders the strings of st.markdown, st.caption, st.info, st.subheader, ... as Markdown
(with images, links, LaTeX, colours and emoji shortcodes). Wrap every value that comes from a
data file, a query parameter or the URL in `md` before it goes into such a string. HTML that we
build ourselves (the report, the heatmap, the figure eight) escapes the same values with
`html.escape`; the graph view passes them as JSON and vis-network shows them with innerText.
"""
from __future__ import annotations

import re
import string
from typing import Any

# CommonMark: a backslash before any ASCII punctuation character makes that character literal,
# so text with every punctuation character escaped cannot form a link, image, emphasis, heading,
# list, table, HTML tag, entity, LaTeX ($) or Streamlit colour directive (:red[...]). The one thing
# left: Streamlit's emoji plugin works on the parsed text, so a name with ":smile:" still shows
# an emoji (no markup, no request leaves the browser).
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_START_SPACE = re.compile(r"(?m)^[ \t]+")  # four spaces would start a code block


def md(value: Any) -> str:
    r"""`value` as Markdown that shows exactly its text.

    >>> print(md("**vet** ![x](http://a/p.png) <b>"))
    \*\*vet\*\* \!\[x\]\(http\:\/\/a\/p\.png\) \<b\>
    """
    text = "" if value is None else str(value)
    return _PUNCTUATION.sub(r"\\\1", _LINE_START_SPACE.sub("", text))

