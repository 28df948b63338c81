"""The one error type of :mod:`advisor.decision`.

Every input a caller can get wrong (shapes, NaN or infinite values, negative or
all-zero weights, inconsistent pairwise judgements) raises
:class:`DecisionInputError` with a plain message that names the offending row,
column, sample or cell. Indices in messages are 0-based, as in numpy, so the
caller can map them back to its own names (platforms, criteria, participants).
"""


class DecisionInputError(ValueError):
    """Raised when a decision input is malformed; the message says where."""
