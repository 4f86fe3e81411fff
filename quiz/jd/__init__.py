"""Job-description matching: propose a role profile from the text of a job advert.

Pure: text, catalog and profiles in, a ``Proposal`` dataclass out; no Flask, no database.
``docs/jd-matching.md`` explains every rule with a worked example.
"""

from __future__ import annotations

from quiz.jd.matching import Matcher
from quiz.jd.proposal import NotMeasured, Proposal, ProposedRequirement, propose, targets_for
from quiz.jd.vocabulary import Vocabulary, VocabularyError, load_vocabulary, vocabulary_for

__all__ = [
    "Matcher",
    "NotMeasured",
    "Proposal",
    "ProposedRequirement",
    "Vocabulary",
    "VocabularyError",
    "load_vocabulary",
    "propose",
    "targets_for",
    "vocabulary_for",
]
