"""pdbuilder: position descriptions built from state class specifications."""

__version__ = "0.1.0"
