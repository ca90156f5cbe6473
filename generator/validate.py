"""Shape checks: a loaded YAML document against its pydantic model, errors made readable.

pydantic reports errors as ``(type, loc, msg)``; this module turns each into a
:class:`~generator.problems.Problem` at the line and column of the offending value (or key,
for an unknown field), with a message written for an editor rather than a programmer.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.problems import Problem, did_you_mean
from generator.yamlsource import Document, PathKey, dotted

M = TypeVar("M", bound=BaseModel)


def _found(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"text '{value}'"


def _fields_at(model: type[BaseModel], path: PathKey) -> list[str]:
    """Field names of the (nested) model that ``path`` points into, for suggestions."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        annotation = field.annotation
        for candidate in (annotation, *getattr(annotation, "__args__", ())):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                current = candidate
                break
    return list(getattr(current, "model_fields", {}))


def _translate(error: dict[str, Any], doc: Document, model: type[BaseModel]) -> Problem:
    path: PathKey = tuple(error["loc"])
    kind, value = error["type"], error.get("input")
    where = dotted(path)
    if kind == "missing":
        name = path[-1]
        return doc.problem(path[:-1], f"{dotted(path[:-1])}: missing required field '{name}'",
                           f"add a line '{name}: …' to this record")
    if kind == "extra_forbidden":
        name = str(path[-1])
        allowed = _fields_at(model, path[:-1])
        hint = did_you_mean(name, allowed) or f"allowed fields: {', '.join(allowed)}"
        return doc.problem(path, f"{where}: unknown field '{name}'", hint, key=True)
    if kind == "value_error":
        message = str(error["ctx"]["error"])
        what, _, hint = message.partition("; ")
        return doc.problem(path, f"{where}: {what}", hint)
    if kind == "literal_error":
        expected = error["ctx"]["expected"]
        hint = (did_you_mean(str(value), [e.strip(" '") for e in expected.replace(" or ", ", ").split(",")])
                if isinstance(value, str) else "")
        return doc.problem(path, f"{where}: {_found(value)} is not one of {expected}",
                           hint or f"write one of {expected}")
    if kind == "string_type":
        if value is None:
            return doc.problem(path, f"{where}: is empty", "write the text, or remove the line if optional")
        return doc.problem(path, f"{where}: expected text, found {_found(value)}",
                           "write the text on the same line, in double quotes if it contains ': '")
    if kind == "list_type":
        return doc.problem(path, f"{where}: expected a list, found {_found(value)}",
                           "write each item on its own line starting with '- '")
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        if not path and value is None:
            return doc.problem(path, "file is empty", f"write the fields: {', '.join(model.model_fields)}")
        return doc.problem(path, f"{where}: expected a mapping (key: value lines), found {_found(value)}",
                           "write 'key: value' lines indented under this one")
    if kind == "too_short" and error["ctx"].get("min_length", 1) > 1 and error["ctx"].get("actual_length"):
        least = error["ctx"]["min_length"]
        return doc.problem(path, f"{where}: has {error['ctx']['actual_length']} items, fewer than {least}",
                           f"write at least {least}")
    if kind == "too_long":
        most = error["ctx"]["max_length"]
        return doc.problem(path, f"{where}: has {error['ctx']['actual_length']} items, more than {most}",
                           f"keep the {most} that matter most")
    if kind in {"too_short", "string_too_short"}:
        return doc.problem(path, f"{where}: is empty", "add at least one item" if kind == "too_short"
                           else "write the text")
    if kind == "string_pattern_mismatch":
        hint = ("write the file's sha256 as 64 lowercase hexadecimal digits (sha256sum prints it)"
                if path and path[-1] == "sha256" else f"it must match {error['ctx']['pattern']}")
        return doc.problem(path, f"{where}: {_found(value)} has the wrong form", hint)
    return doc.problem(path, f"{where}: {error['msg']}", "")


def validate(doc: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate ``doc.data`` against ``model``.

    Returns the model instance and no problems, or ``None`` and one problem per pydantic
    error, located in ``doc``. Never raises for bad data.
    """
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [_translate(dict(error), doc, model) for error in exc.errors()]
