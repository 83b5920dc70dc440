"""YAML loading for the handbook's data files: safe, and refusing duplicate keys.

PyYAML keeps the last of two equal keys without a word; in a parameter or question file that would
silently drop a value, so a duplicate is an error with its line.
"""

from __future__ import annotations

from typing import Any

import yaml


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys instead of silently keeping the last one."""


def _mapping(loader: StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load(text: str) -> Any:
    """Parse YAML text; raises `yaml.YAMLError` (with line and column) on bad YAML or a duplicate key."""
    return yaml.load(text, Loader=StrictLoader)


def check_keys(mapping: dict, allowed: set, required: set, fail, where: str) -> None:
    """Refuse unknown and missing keys; `fail(problem)` builds the exception to raise."""
    unknown = set(mapping) - allowed
    if unknown:
        raise fail(f"{where} has unknown key(s) {sorted(map(str, unknown))}; allowed: {sorted(allowed)}")
    missing = required - set(mapping)
    if missing:
        raise fail(f"{where} is missing {sorted(missing)}")
