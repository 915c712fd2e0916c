"""Reading: an article's plain-text rendering in, its syntax out, with no meaning yet.

In: the text of one article (``= Title =``, the ``Infobox`` block, ``==Sections==``,
``|``-tables, prose; see ``../shared/DESIGN.md``). Out: a
:class:`~olygraph.read.document.Document` with line numbers (:mod:`~olygraph.read.article`),
and the value readers used by ``extract``: dates (:mod:`~olygraph.read.dates`), marks
(:mod:`~olygraph.read.marks`), ranks (:mod:`~olygraph.read.ranks`) and table rows
(:mod:`~olygraph.read.tables`). No RDF.
"""

from olygraph.read.article import parse_article, read_article_file
from olygraph.read.document import Document

__all__ = ["Document", "parse_article", "read_article_file"]
