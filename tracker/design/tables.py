"""Hypotheses, prototypes with their versions (and images), and tests.

A test names the hypotheses it tests, each with its result (rows of their own), and the
prototype version it used. An image is kept in the database as base64 text in a table of its
own, so lists never read it and the JSON export carries it as it carries any text.
"""

from piccolo.columns import (
    Date,
    DoublePrecision,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from tracker.insights.tables import Insight, ServiceChange
from tracker.projects.tables import Project


class Hypothesis(Table, tablename="hypothesis"):
    """ "Om vi … så kommer … eftersom …"."""

    id: Serial

    project = ForeignKey(Project, index=True, on_delete=OnDelete.restrict)
    if_we = Text()  # Om vi …
    outcome = Text()  # så kommer …
    because = Text()  # eftersom …
    created_at = Timestamptz()
    created_by = Varchar(length=200)
    updated_at = Timestamptz()
    archived_at = Timestamptz(null=True, default=None)
    version = Integer(default=1)  # counted up by every save of an edit form


class HypothesisInsight(Table, tablename="hypothesis_insight"):
    """An insight a hypothesis rests on."""

    id: Serial

    hypothesis = ForeignKey(Hypothesis, index=True, on_delete=OnDelete.restrict)
    insight = ForeignKey(Insight, index=True, on_delete=OnDelete.restrict)
    linked_at = Timestamptz()
    linked_by = Varchar(length=200)


class Prototype(Table, tablename="prototype"):
    id: Serial

    project = ForeignKey(Project, index=True, on_delete=OnDelete.restrict)
    name = Varchar(length=200)
    description = Text()
    created_at = Timestamptz()
    created_by = Varchar(length=200)
    updated_at = Timestamptz()
    archived_at = Timestamptz(null=True, default=None)
    version = Integer(default=1)  # counted up by every save of an edit form


class PrototypeVersion(Table, tablename="prototype_version"):
    """One dated version of a prototype: an image (with its alt text) or a link."""

    id: Serial

    prototype = ForeignKey(Prototype, index=True, on_delete=OnDelete.restrict)
    number = Integer()  # 1, 2, 3 … within the prototype
    description = Text()
    made_on = Date()
    url = Varchar(length=500, default="")  # a link to the version (https://…), "" if none
    image_type = Varchar(length=20, default="")  # image/png | image/jpeg | image/webp; "" if none
    image_alt = Text(default="")
    image_width = Integer(default=0)
    image_height = Integer(default=0)
    created_at = Timestamptz()
    created_by = Varchar(length=200)


class PrototypeImage(Table, tablename="prototype_image"):
    """A version's image as the app re-encoded it (no metadata), base64 in a text column."""

    id: Serial

    version = ForeignKey(PrototypeVersion, unique=True, on_delete=OnDelete.restrict)
    data = Text()


class DesignTest(Table, tablename="design_test"):
    """A test of a prototype version with users: when, with whom (a group and a number, never
    names), what was observed (de-identified) and what the team decided."""

    id: Serial

    project = ForeignKey(Project, index=True, on_delete=OnDelete.restrict)
    step = Varchar(length=50)  # a step marked `tests = true` in phases/
    prototype_version = ForeignKey(PrototypeVersion, index=True, on_delete=OnDelete.restrict)
    method = Varchar(length=200)
    tested_on = Date()
    target_group = Varchar(length=200)
    participants = Integer()
    observations = Text()
    decision = Varchar(length=20)
    created_at = Timestamptz()
    created_by = Varchar(length=200)
    updated_at = Timestamptz()
    archived_at = Timestamptz(null=True, default=None)
    version = Integer(default=1)  # counted up by every save of an edit form


class TestResult(Table, tablename="test_result"):
    """What a test showed for one of its hypotheses."""

    __test__ = False  # not a pytest class

    id: Serial

    test = ForeignKey(DesignTest, index=True, on_delete=OnDelete.restrict)
    hypothesis = ForeignKey(Hypothesis, index=True, on_delete=OnDelete.restrict)
    result = Varchar(length=20)  # supported | not_supported | unclear


class ServiceEffect(Table, tablename="service_effect"):
    """An effect a service change is meant to have (nyttorealisering): what is measured, how
    and by whom, where it stood (baseline) and where it should be by when (target)."""

    id: Serial

    change = ForeignKey(ServiceChange, index=True, on_delete=OnDelete.restrict)
    indicator = Varchar(length=200)  # what is measured
    method = Text()  # how it is measured
    measured_by = Varchar(length=200)  # who measures it (a role or a unit)
    unit = Varchar(length=50, default="")  # "%", "dagar" …
    baseline_value = DoublePrecision()
    baseline_on = Date()
    target_value = DoublePrecision()
    target_on = Date()
    created_at = Timestamptz()
    created_by = Varchar(length=200)
    updated_at = Timestamptz()
    archived_at = Timestamptz(null=True, default=None)
    version = Integer(default=1)  # counted up by every save of an edit form


class EffectFollowUp(Table, tablename="effect_follow_up"):
    """A follow-up of an effect: planned for a date, then measured (value, date and comment)."""

    id: Serial

    effect = ForeignKey(ServiceEffect, index=True, on_delete=OnDelete.restrict)
    planned_on = Date(index=True)
    measured_on = Date(null=True, default=None)
    value = DoublePrecision(null=True, default=None)  # None until it is measured
    comment = Text(default="")
    recorded_at = Timestamptz(null=True, default=None)
    recorded_by = Varchar(length=200, default="")


class ChangeTest(Table, tablename="change_test"):
    """A test that supports a service change: the change was chosen on what the test showed."""

    __test__ = False  # not a pytest class

    id: Serial

    change = ForeignKey(ServiceChange, index=True, on_delete=OnDelete.restrict)
    test = ForeignKey(DesignTest, index=True, on_delete=OnDelete.restrict)
    linked_at = Timestamptz()
    linked_by = Varchar(length=200)
