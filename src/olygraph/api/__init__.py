"""The library's front door: sources in, one olygraph dataset out (what the CLI calls).

In: article files or folders (none = the embedded seed) and tabular datasets. Out:
:class:`Export` (an rdflib ``Dataset`` with one named graph per source, plus the articles'
facts and what could not be read), or, for datasets, a stream written as it is read
(:func:`stream_export`). :mod:`~olygraph.api.pipeline` runs read → extract → map → merge;
:mod:`~olygraph.api.report` renders what ``olygraph inspect`` prints. Nothing here exits the
process.
"""

from olygraph.api.pipeline import (
    ArticleOutcome,
    Export,
    expand_inputs,
    export,
    inspect_datasets,
    merge_plan,
    read_article,
    read_articles,
    read_seed,
    split_inputs,
    stream_export,
)

__all__ = [
    "ArticleOutcome",
    "Export",
    "expand_inputs",
    "export",
    "inspect_datasets",
    "merge_plan",
    "read_article",
    "read_articles",
    "read_seed",
    "split_inputs",
    "stream_export",
]
