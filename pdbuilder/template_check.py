"""Checking a Word template before it is used: Jinja syntax errors and names the context lacks.

docxtpl's own `get_undeclared_template_variables` sees top-level names only (docxtpl #538), so a
typo such as `position.numbr` or `task.txt` inside a loop would pass it. This walks every
attribute and item access against the documented context (`CONTEXT_VARIABLES`), following
`{% for %}` loops into their lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias, TypeGuard

from pdbuilder.context import CONTEXT_VARIABLES
from pdbuilder.render import RenderError, open_template, sandbox, source_excerpt, template_parts

ITEM = "[]"  # key, in a shape, of what each item of a list holds
DICT_METHODS = frozenset({"items", "keys", "values", "get"})  # what Jinja lets a template call on a table
_MISSING = object()

if TYPE_CHECKING:
    from jinja2 import nodes

    from pdbuilder.render.limits import BoundedSandbox

# The context's shape: a dict for each table and list (a list's items under ITEM), None for a value.
Shape: TypeAlias = dict[str, "Shape | None"]
_Names: TypeAlias = dict[str, "_Names"]  # the same, built from the dotted names: leaves are empty dicts


@dataclass(frozen=True)
class TemplateProblem:
    part: str  # body, header1, footer1 …
    excerpt: str  # the text around the problem, as Word shows it
    message: str

    def __str__(self) -> str:
        return (
            f"{self.part}, in “{self.excerpt}”: {self.message}"
            if self.excerpt
            else f"{self.part}: {self.message}"
        )


def context_shape() -> Shape:
    """The documented context as nested dicts: `{"tasks": {"[]": {"text": None, …}}, …}`; None is a value."""
    shape: _Names = {}
    for name in CONTEXT_VARIABLES:
        node = shape
        for key in name.replace("[]", ".[]").split("."):
            child = node.get(key)
            if child is None:
                child = node[key] = {}
            node = child
    return {key: _leaves_to_none(child) for key, child in shape.items()}


def _leaves_to_none(shape: _Names) -> Shape | None:
    return {key: _leaves_to_none(child) for key, child in shape.items()} or None


def check_template(path: Path) -> list[TemplateProblem]:
    """Every problem found in a template, in document order; empty when it is sound.

    Parsing computes nothing a tag describes (the sandbox folds no constant: see render.limits),
    and the time limit of a render holds here too.
    """
    from pdbuilder.render.limits import TemplateLimitError

    env = sandbox()
    problems = []
    with env.time_limit():
        for part, source in template_parts(open_template(path)):
            try:
                env.check_time()
            except TemplateLimitError as exc:
                raise RenderError(f"template check stopped: {exc.message}", path) from None
            problems += _part_problems(env, part, source)
    return problems


def _part_problems(env: BoundedSandbox, part: str, source: str) -> list[TemplateProblem]:
    from jinja2 import TemplateSyntaxError, meta

    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        return [
            TemplateProblem(part, source_excerpt(source, exc.lineno), f"Jinja syntax error: {exc.message}")
        ]
    shape = context_shape()
    unknown = meta.find_undeclared_variables(tree) - shape.keys() - env.globals.keys()
    found = [(line, f"unknown variable {name!r}") for name, line in _first_uses(tree, unknown)]
    found += _AccessChecker(shape).run(tree)
    return [TemplateProblem(part, source_excerpt(source, line), message) for line, message in sorted(found)]


def _first_uses(tree: nodes.Template, names: set[str]) -> list[tuple[str, int]]:
    from jinja2 import nodes

    lines: dict[str, int] = {}
    for node in tree.find_all(nodes.Name):
        if node.name in names:
            lines.setdefault(node.name, node.lineno)
    return sorted(lines.items())


def _stored_names(target: nodes.Node) -> list[str]:
    from jinja2 import nodes

    return [target.name] if isinstance(target, nodes.Name) else [n.name for n in target.find_all(nodes.Name)]


def _is_private(node: nodes.Node) -> TypeGuard[nodes.Getattr]:
    from jinja2 import nodes

    return isinstance(node, nodes.Getattr) and node.attr.startswith("_")


class _AccessChecker:
    """Follows `a.b`, `a['b']` and `{% for x in a.list %}` through the context's shape."""

    def __init__(self, shape: Shape):
        self.shape = shape
        self.found: dict[tuple[int, str], None] = {}  # ordered set of (line, message)

    def run(self, tree: nodes.Template) -> list[tuple[int, str]]:
        self.visit(tree, dict(self.shape))
        return list(self.found)

    def visit(self, node: nodes.Node, scope: Shape) -> None:
        from jinja2 import nodes

        if isinstance(node, nodes.For):
            self.visit(node.iter, scope)
            inner = dict(scope)
            element = self.resolve(node.iter, scope)
            element = element.get(ITEM) if isinstance(element, dict) else None
            for name in _stored_names(node.target):  # `for a, b in …` unpacks: not followed
                inner[name] = element if isinstance(node.target, nodes.Name) else None
            for child in (*node.body, *([node.test] if node.test else [])):
                self.visit(child, inner)
            for child in node.else_:
                self.visit(child, scope)
            return
        if isinstance(node, (nodes.Assign, nodes.AssignBlock)):  # `{% set name = … %}` hides a context name
            for name in _stored_names(node.target):
                scope[name] = None
        if _is_private(node) and not _is_private(node.node):  # report `''.__class__.__mro__` once
            self.found[
                (node.lineno, f"{node.attr!r} reaches for Python internals, which the sandbox refuses")
            ] = None
        elif isinstance(node, (nodes.Getattr, nodes.Getitem)) and self.resolve(node, scope) is _MISSING:
            self.found[(node.lineno, f"unknown variable {self.dotted(node)!r}")] = None
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def resolve(self, node: nodes.Node, scope: Shape) -> object:
        """The shape an expression reads from the context: a dict, None (a value, or not known here), or _MISSING."""
        from jinja2 import nodes

        if isinstance(node, nodes.Name):
            return scope.get(node.name)
        if isinstance(node, nodes.Getattr):
            key = node.attr
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            key = node.arg.value
        else:
            return None
        outer = self.resolve(node.node, scope)
        if not isinstance(outer, dict):
            return None
        if ITEM in outer:  # a list: an index gives an item, anything else is a list method
            return outer[ITEM] if isinstance(key, int) else None
        if key in outer:
            return outer[key]
        return None if key in DICT_METHODS else _MISSING

    def dotted(self, node: nodes.Node) -> str:
        from jinja2 import nodes

        if isinstance(node, nodes.Name):
            return node.name
        if isinstance(node, nodes.Getattr):
            return f"{self.dotted(node.node)}.{node.attr}"
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            return f"{self.dotted(node.node)}[{node.arg.value!r}]"
        raise TypeError(f"not a name, attribute or constant key: {node!r}")  # resolve reports no other
