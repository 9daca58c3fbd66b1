"""Every action an area records in the change log has Swedish words, and so has every kind of
record: the source is read for each `record_change(…)` call, so a new action without a label
fails here rather than showing its raw key to the administrators."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker import kinds
from tracker.accounts import labels as accounts
from tracker.app import LOG_WORDS
from tracker.archive import labels as archive
from tracker.audit.display import COMMON, LogWords
from tracker.collaborations import labels as collaborations
from tracker.design import labels as design
from tracker.dialogues import labels as dialogues
from tracker.gallring import labels as gallring
from tracker.insights import labels as insights
from tracker.mail import labels as mail
from tracker.projects import labels as projects
from tracker.reports import labels as reports
from tracker.residents import labels as residents
from tracker.work import labels as work

ROOT = Path(__file__).resolve().parents[2] / "tracker"
AREA_WORDS: dict[str, LogWords] = {
    "accounts": accounts.LOG_WORDS,
    "projects": projects.LOG_WORDS,
    "dialogues": dialogues.LOG_WORDS,
    "collaborations": collaborations.LOG_WORDS,
    "insights": insights.LOG_WORDS,
    "design": design.LOG_WORDS,
    "reports": reports.LOG_WORDS,
    "mail": mail.LOG_WORDS,
    "work": work.LOG_WORDS,
    "residents": residents.LOG_WORDS,
    "archive": archive.LOG_WORDS,
    "gallring": gallring.LOG_WORDS,
    "shared": LogWords(),  # links, members, archiving: their actions are the COMMON ones
}


class Module:
    """One source file: its functions and module-level constants, to follow a value back."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.functions = {
            node.name: node
            for node in ast.walk(self.tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        self.constants = {
            target.id: node.value
            for node in self.tree.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        self.parents = {
            child: parent
            for parent in ast.walk(self.tree)
            for child in ast.iter_child_nodes(parent)
        }

    def enclosing(self, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node
        return None

    def values(self, node: ast.expr, depth: int = 0) -> Iterator[str | None]:
        """The strings an argument can be; None for one that cannot be followed in this file."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
        elif isinstance(node, ast.IfExp):
            yield from self.values(node.body, depth)
            yield from self.values(node.orelse, depth)
        elif isinstance(node, ast.Name) and node.id in self.constants:
            yield from self.values(self.constants[node.id], depth)
        elif isinstance(node, ast.Name) and depth < 3:
            yield from self._from_callers(node, depth)
        else:
            yield None

    def _from_callers(self, name: ast.Name, depth: int) -> Iterator[str | None]:
        """A parameter: what the function's callers in this file pass for it."""
        function = self.enclosing(name)
        parameters = [arg.arg for arg in function.args.args] if function else []
        if function is None or name.id not in parameters:
            yield None
            return
        position = parameters.index(name.id)
        calls = [
            node
            for node in ast.walk(self.tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == function.name
        ]
        if not calls:
            yield None
        for call in calls:
            passed = [kw.value for kw in call.keywords if kw.arg == name.id]
            if not passed and position < len(call.args):
                passed = [call.args[position]]
            if not passed:
                yield None
            for value in passed:
                yield from self.values(value, depth + 1)

    def record_changes(self) -> Iterator[ast.Call]:
        for node in ast.walk(self.tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "record_change"
            ):
                yield node


def _calls() -> Iterator[tuple[str, Module, ast.Call]]:
    for path in sorted(ROOT.rglob("*.py")):
        if "piccolo_migrations" in path.parts:
            continue
        module = Module(path)
        for call in module.record_changes():
            yield path.relative_to(ROOT).parts[0], module, call


def _argument(call: ast.Call, name: str) -> ast.expr:
    return next(kw.value for kw in call.keywords if kw.arg == name)


def test_the_scan_finds_the_calls() -> None:
    found = {area for area, _, _ in _calls()}
    assert found == set(AREA_WORDS)


def test_every_recorded_action_has_a_label_in_its_area() -> None:
    missing = []
    for area, module, call in _calls():
        words = LogWords.combine([COMMON, AREA_WORDS[area]])
        where = f"{module.path.relative_to(ROOT.parent)}:{call.lineno}"
        for action in module.values(_argument(call, "action")):
            if action is None:
                missing.append(f"{where}: an action that cannot be read from the source")
            elif action not in words.actions:
                missing.append(f"{where}: {action}")
    assert not missing, "Actions without a Swedish label:\n" + "\n".join(missing)


def test_every_kind_of_record_in_the_log_has_a_label() -> None:
    missing = []
    for _, module, call in _calls():
        for entity_type in module.values(_argument(call, "entity_type")):
            # A type handed in from another file (members, evidence) is checked where it is set.
            if entity_type is not None and entity_type not in kinds.KINDS:
                missing.append(f"{module.path.name}:{call.lineno}: {entity_type}")
    assert not missing


@pytest.mark.parametrize("words", [COMMON, *AREA_WORDS.values()])
def test_labels_are_swedish_sentences(words: LogWords) -> None:
    for label in words.actions.values():
        assert label[:1].isupper() and label[1:] != label[1:].upper()
        assert "_" not in label


def test_the_app_hands_every_area_s_words_to_the_log() -> None:
    for words in AREA_WORDS.values():
        assert words.actions.items() <= LOG_WORDS.actions.items()
        assert words.fields.items() <= LOG_WORDS.fields.items()
