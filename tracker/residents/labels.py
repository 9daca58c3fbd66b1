"""The Swedish words of the residents' area: the accessibility statement's fields in the log."""

from tracker.audit.display import LogWords
from tracker.residents.accessibility import FIELD_LABELS

LOG_WORDS = LogWords(fields=FIELD_LABELS)
