"""Reconcile what one article says in several places: facts in, links between them out.

In: the :class:`~olygraph.facts.EventFacts` of one article. Out: :class:`Links` (which medal,
prose mark or Notes placing belongs to which results row), made only on certain evidence, and a
:class:`~olygraph.facts.Problem` for everything left untied. Pure functions over facts: no RDF,
no I/O. ``extract`` uses it to report what cannot be tied; ``mapping`` to write the ties.
"""

from olygraph.reconcile.links import MEDAL_RANK, Links, RowKey, final_round, link, same_person

__all__ = ["MEDAL_RANK", "Links", "RowKey", "final_round", "link", "same_person"]
