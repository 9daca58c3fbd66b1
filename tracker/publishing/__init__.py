"""The review-and-publish workflow that "Ni sa – vi gjorde" (tracker.insights.publication) and
the design history's publication (tracker.design.history_publication*) share, written once.

A text is saved as a draft, sent for review to chosen colleagues (mailed), approved by someone
other than its last editor (four eyes) or sent back with a reason, and published as a numbered
version that never changes, sealed with its SHA-256 in the change log. `rules` holds the states
and the rules as plain functions, `reviewers` who may be asked, and `workflow` the steps on a
feature's own tables (`Publication`). Each feature keeps what differs: its tables, its text or
snapshot, its change-log actions (it records each step: the log's words are read from its
source), its mail and its pages.
"""
