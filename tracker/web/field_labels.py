"""The label of every form field, read from the templates, so an error summary can name the
field each message belongs to ("Startdatum: Datumet finns inte.").

The summary stands above its form, so when it is rendered the fields' labels have not been
yet. The labels are therefore read once from the template's source: every call of the field
macros (`input`, `textarea`, `select`, `radios` in templates/_macros.html) whose name and
label are written out, with the `prefix` it is given, in the template itself and in the
templates it includes, extends or imports from. A page's `Fields` objects get the labels of the template
that renders them (tracker/web/fragments.py `PageTemplate`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from jinja2 import Environment, nodes

FIELD_MACROS = frozenset({"input", "textarea", "select", "radios"})
Labels = dict[tuple[str, str], str]  # (prefix, field name) → label


def _const(node: nodes.Node | None) -> str | None:
    return node.value if isinstance(node, nodes.Const) and isinstance(node.value, str) else None


def _macro_name(call: nodes.Call) -> str | None:
    target = call.node
    if isinstance(target, nodes.Name):
        return target.name
    if isinstance(target, nodes.Getattr):
        return target.attr
    return None


def _calls(tree: nodes.Template) -> Iterator[tuple[str, str, str]]:
    for call in tree.find_all(nodes.Call):
        if _macro_name(call) not in FIELD_MACROS or len(call.args) < 3:
            continue
        name, label = _const(call.args[1]), _const(call.args[2])
        prefix = next((_const(k.value) for k in call.kwargs if k.key == "prefix"), "")
        if name and label and prefix is not None:
            yield prefix, name, label


def _referenced(tree: nodes.Template) -> Iterator[str]:
    """The templates this one includes, extends or imports macros from (a form drawn by a
    macro of its own, e.g. templates/insights/_capture_forms.html), where their names are
    written out."""
    included: list[nodes.Include | nodes.Extends | nodes.Import | nodes.FromImport] = [
        *tree.find_all(nodes.Include)
    ]
    included += tree.find_all(nodes.Extends)
    included += tree.find_all(nodes.Import)
    included += tree.find_all(nodes.FromImport)
    for node in included:
        if name := _const(node.template):
            yield name


@lru_cache(maxsize=512)
def _cached(environment: Environment, name: str) -> tuple[tuple[tuple[str, str], str], ...]:
    return tuple(_labels(environment, name, frozenset()).items())


def labels_of(environment: Environment, name: str | None) -> Labels:
    """The field labels of the template `name` (cached: templates do not change while the app
    runs)."""
    return dict(_cached(environment, name)) if name else {}


def _labels(environment: Environment, name: str, seen: frozenset[str]) -> Labels:
    if name in seen or environment.loader is None:
        return {}
    source, _, _ = environment.loader.get_source(environment, name)
    tree = environment.parse(source)
    found: Labels = {}
    for other in _referenced(tree):
        found.update(_labels(environment, other, seen | {name}))
    for prefix, field, label in _calls(tree):
        found.setdefault((prefix, field), label)
    return found
