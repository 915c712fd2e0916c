"""Identity across sources: when an article's node and a dataset's node are the same thing.

One graph from many sources must hold the 1928 Summer Games, Denmark, the track time trial and
Willy Hansen once each, with every source's claims attached, and nothing merged on a guess. These
modules decide what is the same, from plain values, without touching RDF (except
:mod:`~olygraph.identity.article`, which reads those values out of an article export's graph):

- :mod:`~olygraph.identity.games`: Games, NOC and sport are minted from equal keys by both sources,
  so they are one node already; checks that confirm it;
- :mod:`~olygraph.identity.eventkey`, :mod:`~olygraph.identity.aliases`,
  :mod:`~olygraph.identity.events`: which dataset event an article event is (normalised names, the
  alias table, the article's distance);
- :mod:`~olygraph.identity.names`: how two person names relate (exact, ASCII loss, nickname,
  alternative, short form, surname);
- :mod:`~olygraph.identity.athletes`: which participant an article's athlete is, within a
  matched event, and which blank rows a participant fills.

See docs/identity.md for the rules, what counts as certain, and how the export applies a merge.
"""

from olygraph.identity.aliases import AliasRow, AliasTable, load_aliases, packaged_aliases
from olygraph.identity.athletes import (
    ArticleCompetitor,
    BlankRow,
    Candidate,
    DatasetParticipant,
    Evidence,
    GapFill,
    Merge,
    MergePlan,
    decide,
    fill_gaps,
)
from olygraph.identity.eventkey import EventKey, event_key
from olygraph.identity.events import (
    ArticleEventRef,
    DatasetEventRef,
    EventMatch,
    EventOutcome,
    event_outcome,
    match_event,
)
from olygraph.identity.games import dataset_games, games_key, same_games, same_noc, same_sport
from olygraph.identity.names import NameKey, NameMatch, compare_names, name_key

__all__ = [
    "AliasRow",
    "AliasTable",
    "ArticleCompetitor",
    "ArticleEventRef",
    "BlankRow",
    "Candidate",
    "DatasetEventRef",
    "DatasetParticipant",
    "EventKey",
    "EventMatch",
    "EventOutcome",
    "Evidence",
    "GapFill",
    "Merge",
    "MergePlan",
    "NameKey",
    "NameMatch",
    "compare_names",
    "dataset_games",
    "decide",
    "event_key",
    "event_outcome",
    "fill_gaps",
    "games_key",
    "load_aliases",
    "match_event",
    "name_key",
    "packaged_aliases",
    "same_games",
    "same_noc",
    "same_sport",
]
