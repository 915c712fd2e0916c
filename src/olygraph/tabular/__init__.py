"""Tabular datasets (CSV) into the olygraph model, streamed (docs/history-model.md).

In: the history CSV and the NOC table (plain or gzip). Out: RDF written as it is read, in any of
the six formats, with a report of the rows that could not be used.

- :mod:`.csvfile`: open plain or gzip CSV (any line ending) and tell its kind by the header;
- :mod:`.rows`: check and canonicalise athlete-table rows;
- :mod:`.plan`: pass 1 (team events, repeated keys, unusable rows);
- :mod:`.history`: pass 2, the athlete table's blocks; :mod:`.nocs`: the NOC table;
- :mod:`.serial`, :mod:`.tokens`: the streaming writers of the six formats;
- :mod:`.stream`: the export of several files (and an article dataset) into one document;
- :mod:`.report`: what an export reports.
"""

from olygraph.tabular.stream import export_datasets, feed_dataset, is_dataset, load_output

__all__ = ["export_datasets", "feed_dataset", "is_dataset", "load_output"]
