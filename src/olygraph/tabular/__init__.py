"""Tabular datasets (CSV) into the olygraph model, streamed (docs/history-model.md).

- :mod:`.csvfile`: open plain or gzip CSV (any line ending) and tell its kind by the header;
- :mod:`.rows`: check and canonicalise athlete-table rows;
- :mod:`.plan`: pass 1 (team events, repeated keys, unusable rows);
- :mod:`.history`: pass 2, the athlete table's blocks; :mod:`.nocs`: the NOC table;
- :mod:`.serial`, :mod:`.tokens`: the streaming writers of the six formats;
- :mod:`.stream`: the export of several files (and an article dataset) into one document;
- :mod:`.report`: what an export reports.
"""
