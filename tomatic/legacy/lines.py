"""Line-aware helpers shared by the legacy parsers: errors and YAML with line numbers."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode


@dataclass(frozen=True, order=True)
class LineError:
    """A line of a legacy file that could not be imported, and why."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(item) for item in value)
    return value


class LegacyYamlLoader(yaml.SafeLoader):
    """Safe loader that accepts sequences as mapping keys (as tuples).

    The original's `config.yaml` writes forced cells as `? [dl, 1, 4] : ningu`,
    which the plain safe loader rejects as unhashable keys.
    """

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _freeze(self.construct_object(key_node, deep=True))
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    None, None, "found an unhashable key", key_node.start_mark
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def _mapping(loader: LegacyYamlLoader, node: MappingNode) -> dict[Any, Any]:
    return loader.construct_mapping(node, deep=True)


LegacyYamlLoader.add_constructor("tag:yaml.org,2002:map", _mapping)


@dataclass
class YamlEntry:
    """One key of a YAML mapping with its value, value node and 1-based line."""

    key: Any
    value: Any
    line: int
    node: Node


def line_of(node: Node) -> int:
    """1-based line where `node` starts."""
    return node.start_mark.line + 1


def yaml_error(file: str, error: yaml.YAMLError) -> LineError:
    """Turn a PyYAML exception into a LineError at the problem's line."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    return LineError(file, mark.line + 1 if mark else 1, f"invalid YAML: {problem}")


class YamlDocument:
    """A parsed YAML text whose nodes keep their line numbers."""

    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.errors: list[LineError] = []
        self.root: Node | None = None
        self._loader = LegacyYamlLoader(text)
        try:
            self.root = self._loader.get_single_node()
        except yaml.YAMLError as error:
            self.errors.append(yaml_error(file, error))

    def value(self, node: Node) -> Any:
        """The Python value of `node` (raises yaml.YAMLError on bad content)."""
        return self._loader.construct_object(node, deep=True)

    def entries(self, node: Node | None, what: str) -> list[YamlEntry]:
        """Entries of mapping `node`; a non-mapping adds an error. Null means empty."""
        if node is None or node.tag == "tag:yaml.org,2002:null":
            return []
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} should be a mapping")
            return []
        result = []
        for key_node, value_node in node.value:
            try:
                key = _freeze(self.value(key_node))
                value = self.value(value_node)
            except yaml.YAMLError as error:
                self.errors.append(yaml_error(self.file, error))
                continue
            result.append(YamlEntry(key, value, line_of(key_node), value_node))
        return result

    def items(self, node: Node) -> list[tuple[int, Node]]:
        """(line, node) of each item of sequence `node`; a non-sequence adds an error."""
        if not isinstance(node, SequenceNode):
            self.error(node, "expected a list")
            return []
        return [(line_of(item), item) for item in node.value]

    def sorted_errors(self) -> list[LineError]:
        """The errors found so far, by line."""
        return sorted(self.errors)

    def error(self, node: Node | int, message: str) -> None:
        """Record an error at `node`'s line (or at a line number)."""
        line = node if isinstance(node, int) else line_of(node)
        self.errors.append(LineError(self.file, line, message))


class LegacyYamlDumper(yaml.SafeDumper):
    """Safe dumper writing tuples as plain sequences (for sequence mapping keys)."""


LegacyYamlDumper.add_representer(tuple, LegacyYamlDumper.represent_list)


def dump_yaml(data: Any) -> str:
    """Block-style YAML keeping key order and non-ASCII text readable."""
    return yaml.dump(
        data,
        Dumper=LegacyYamlDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
    )
