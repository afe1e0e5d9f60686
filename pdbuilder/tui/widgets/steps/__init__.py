"""The editor's steps, one widget each, in the order the sidebar lists them."""

from pdbuilder.tui.widgets.steps.base import Step
from pdbuilder.tui.widgets.steps.class_step import ClassStep
from pdbuilder.tui.widgets.steps.details import DetailsStep
from pdbuilder.tui.widgets.steps.level import LevelStep
from pdbuilder.tui.widgets.steps.requirements import RequirementsStep
from pdbuilder.tui.widgets.steps.review import ReviewStep
from pdbuilder.tui.widgets.steps.tasks import TasksStep

STEPS: tuple[type[Step], ...] = (ClassStep, TasksStep, RequirementsStep, LevelStep, DetailsStep, ReviewStep)

__all__ = [
    "STEPS",
    "ClassStep",
    "DetailsStep",
    "LevelStep",
    "RequirementsStep",
    "ReviewStep",
    "Step",
    "TasksStep",
]
