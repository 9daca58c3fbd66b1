"""The tracker: service-design projects, citizen dialogues and the report-back to the board."""

import os

# Piccolo finds its engine and apps through this module; set it once for every entry point.
os.environ.setdefault("PICCOLO_CONF", "tracker.piccolo_conf")
