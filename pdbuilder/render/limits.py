"""Bounds on what a template may make: agency templates are trusted less than the code.

The sandbox keeps a template away from Python internals; these limits keep it from taking all
the memory or all the time (`{{ 'x'*500000000 }}`, `{{ 9**(9**9) }}`, loops in loops). Each is
checked before the work where it can be, and a template over one stops with TemplateLimitError.
docs/security.md lists them and the environment variables that raise them for a trusted template.
Imported by `sandbox()` only: it needs Jinja at import time.
"""

from __future__ import annotations

import inspect
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence, Sized
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, NoReturn, TypeGuard, TypeVar, overload

from jinja2 import Template, pass_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import TemplateRuntimeError
from jinja2.nodes import Concat
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment, safe_range

from pdbuilder.render.lookup import RenderError

_SIZED = (str, list, tuple)
_Value = TypeVar("_Value")
_deadline: ContextVar[float] = ContextVar("template_deadline", default=float("inf"))


class TemplateLimitError(TemplateRuntimeError):
    """A template went over one of the limits."""


@dataclass(frozen=True)
class Limits:
    seconds: float = 10.0  # to render one document, or to check a template
    characters: int = 10_000_000  # of any text or list a template makes, and of each part it renders
    number_bits: int = 4096  # of any whole number it computes (about 1,200 digits)

    @classmethod
    def from_environment(cls) -> Limits:
        """The limits, each raised by its environment variable when set (docs/security.md)."""
        default = cls()
        return cls(
            _setting("PDBUILDER_TEMPLATE_SECONDS", float, default.seconds),
            _setting("PDBUILDER_TEMPLATE_CHARACTERS", int, default.characters),
            _setting("PDBUILDER_TEMPLATE_NUMBER_BITS", int, default.number_bits),
        )


_Number = TypeVar("_Number", int, float)


def _setting(name: str, kind: type[_Number], default: _Number) -> _Number:
    text = os.environ.get(name, "").strip()
    try:
        value = kind(text) if text else default
    except ValueError:
        value = -1
    if not value > 0:
        raise RenderError(f"{name} must be a number above 0, not {text!r}")
    return value


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _made_size(name: str, text: object, args: Sequence[object]) -> int:
    """What a text-building function or filter will make, known before it runs: `text` is the
    string it works on (the filter's value, the method's string), `args` the rest."""
    if name == "join" and args:
        # The filter is items|join(separator); the method is separator.join(items).
        items, separator = (text, args[0]) if isinstance(args[0], str) else (args[0], text)
        if isinstance(items, Sized) and isinstance(separator, str):
            return len(separator) * len(items)
    if name in ("format", "format_map") and isinstance(text, str):  # `%500000000d`, `{:500000000}`
        return max(map(int, re.findall(r"\d+", text)), default=0)
    if name == "replace" and isinstance(text, str) and len(args) >= 2:
        old, new = args[:2]
        if isinstance(old, str) and isinstance(new, str):
            return len(text) + (text.count(old) if old else len(text) + 1) * max(0, len(new) - len(old))
    return 0


class _CheckedConcat(CodeGenerator):
    """`a ~ b` as Jinja compiles it, its result then measured: doubling a text in a loop stops at the limit."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.checked(")
        super().visit_Concat(node, frame)
        self.write(")")


class BoundedSandbox(SandboxedEnvironment):
    # Intercepted operators are also not folded at compile time: `template check` computes nothing.
    intercepted_binops = frozenset({"*", "**", "+"})
    code_generator_class = _CheckedConcat

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.limits = Limits.from_environment()
        self.globals["range"] = self._range
        self.filters = {name: self._bounded_filter(name, function) for name, function in self.filters.items()}

    # --- time ---------------------------------------------------------------------------

    @contextmanager
    def time_limit(self) -> Iterator[None]:
        """Run a render or check against the clock; where it already runs in one, that one counts.

        The limits are read again here: a template is prepared once per process, rendered many times.
        """
        self.limits = Limits.from_environment()
        token = _deadline.set(min(_deadline.get(), time.monotonic() + self.limits.seconds))
        try:
            yield
        finally:
            _deadline.reset(token)

    def check_time(self) -> None:
        if time.monotonic() > _deadline.get():
            self._refuse(f"took more than {self.limits.seconds:g} s")

    # --- sizes ----------------------------------------------------------------------------

    def checked(self, value: _Value) -> _Value:
        """A value the template made, if within the limits."""
        if isinstance(value, _SIZED) and len(value) > self.limits.characters:
            self._refuse(f"makes a text or list of more than {self.limits.characters:,} items")
        if _is_int(value) and value.bit_length() > self.limits.number_bits:
            self._refuse(f"makes a number of more than {self.limits.number_bits} bits")
        return value

    def _check_arguments(
        self, name: str, text: object, args: Sequence[object], kwargs: dict[str, object]
    ) -> None:
        """Widths and counts (`center(10**9)`, `ljust(…)`) and what joins, replacements and formats
        would make: refused before they run."""
        for value in (*args, *kwargs.values()):
            if _is_int(value) and abs(value) > self.limits.characters:
                self._refuse(f"passes {value} where at most {self.limits.characters:,} is allowed")
        if _made_size(name, text, args) > self.limits.characters:
            self._refuse(f"makes a text of more than {self.limits.characters:,} characters with {name}")

    def _refuse(self, what: str) -> NoReturn:
        raise TemplateLimitError(f"the template {what}")

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.check_time()
        if operator == "**" and _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1:
            # A lower bound of the result's size, so that no more than twice the limit is computed.
            if (left.bit_length() - 1) * right > self.limits.number_bits:
                self._refuse(f"makes a number of more than {self.limits.number_bits} bits")
        elif operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, _SIZED) and _is_int(count) and len(seq) * count > self.limits.characters:
                    self._refuse(f"makes a text or list of more than {self.limits.characters:,} items")
            if (
                _is_int(left)
                and _is_int(right)
                and left.bit_length() + right.bit_length() > self.limits.number_bits + 1
            ):
                self._refuse(f"makes a number of more than {self.limits.number_bits} bits")
        return self.checked(super().call_binop(context, operator, left, right))

    def call(
        __self, __context: Context, __obj: Any, *args: Any, **kwargs: Any
    ) -> Any:  # the names Jinja uses: any keyword may be passed
        __self.check_time()
        method = inspect.unwrap(__obj)  # the sandbox wraps str.format
        __self._check_arguments(
            getattr(method, "__name__", ""), getattr(method, "__self__", None), args, kwargs
        )
        return __self.checked(super().call(__context, __obj, *args, **kwargs))

    def _bounded_filter(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """A filter with its width and count arguments checked and its result measured.

        Marked as taking the context, which also keeps Jinja from running it at compile time.
        """
        passes = getattr(function, "jinja_pass_arg", None)
        first = {
            "context": lambda c: (c,),
            "eval_context": lambda c: (c.eval_ctx,),
            "environment": lambda c: (c.environment,),
        }
        extra = first[passes.name] if passes is not None else lambda c: ()

        @pass_context
        def bounded(context: Context, value: object, *args: Any, **kwargs: Any) -> Any:
            self.check_time()
            self._check_arguments(name, value, args, kwargs)
            return self.checked(function(*extra(context), value, *args, **kwargs))

        return bounded

    def _range(self, *args: int) -> _TimedRange:
        return _TimedRange(safe_range(*args), self.check_time)

    # --- rendering ----------------------------------------------------------------------------

    def render_bounded(self, template: Template, context: dict[str, Any]) -> str:
        """What `template.render(context)` gives, stopped as soon as it is over the size or time limit."""
        pieces: list[str] = []
        size = 0
        for count, piece in enumerate(template.generate(context)):
            size += len(piece)
            if size > self.limits.characters:
                self._refuse(f"renders more than {self.limits.characters:,} characters")
            if count % 64 == 0:  # a piece is quick to make: the loops and calls making it check the clock too
                self.check_time()
            pieces.append(piece)
        return "".join(pieces)


class _TimedRange(Sequence[int]):
    """`range()` for templates: the sandbox's bounded range, checking the clock as loops go round it."""

    def __init__(self, values: range, check_time: Callable[[], None]):
        self.values, self.check_time = values, check_time

    def __len__(self) -> int:
        return len(self.values)

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...
    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        return self.values[index]

    def __iter__(self) -> Iterator[int]:
        for count, value in enumerate(self.values):
            if count % 256 == 0:
                self.check_time()
            yield value
