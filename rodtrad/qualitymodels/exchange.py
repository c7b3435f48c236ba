"""The exchange format of a model version, `rodtrad-quality-model/1`, as YAML or JSON.

    format: rodtrad-quality-model/1
    model:            {name, description}
    version:          {label, language, total_points, approach_points, results_points, notes}
    success_factors:  [{code, name, description}]
    groups:           [{code, name, description,
                        criteria: [{code, name, kind, max_points, description,
                                    questions: [text, …], guidance}]}]
    scales:           [{kind, name, steps: [{percent, label, description}]}]

`kind` is `approach` or `results`; points and percentages are whole numbers. Texts may be left
out (they are then empty); `language` defaults to `sv`. Unknown fields are refused, so that a
misspelt field is not silently lost. FORMAT.md beside this file describes it for users.

Reading never touches the database: `read_document(text)` returns a VersionSpec or the list of
problems, each with the line (from the YAML/JSON text) and the path of the value, e.g.
`line 14, groups[1].criteria[0].max_points: Enter a whole number`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import yaml
from django.utils.translation import gettext as _

from rodtrad.qualitymodels.spec import (
    CriterionSpec,
    FactorSpec,
    GroupSpec,
    ScaleSpec,
    StepSpec,
    VersionSpec,
)
from rodtrad.qualitymodels.validation import KINDS, Problem, validate_spec

FORMAT = "rodtrad-quality-model/1"
FORMATS = ("yaml", "json")
MAX_BYTES = 2_000_000
MAX_NODES = 200_000

_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Field name -> maximum length (None: unlimited text) for the text fields of each part.
_MODEL_TEXT = {"name": 200, "description": None}
_VERSION_TEXT = {"label": 100, "language": 8, "notes": None}
_VERSION_INT = ("total_points", "approach_points", "results_points")
_FACTOR_TEXT = {"code": 20, "name": 200, "description": None}
_GROUP_TEXT = {"code": 20, "name": 200, "description": None}
_CRITERION_TEXT = {"code": 20, "name": 200, "kind": 16, "description": None, "guidance": None}
_SCALE_TEXT = {"kind": 16, "name": 200}
_STEP_TEXT = {"label": 100, "description": None}
_REQUIRED_TEXT = {"code", "name", "kind"}


# --- writing ------------------------------------------------------------------------------------


def spec_to_document(spec: VersionSpec) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "model": {"name": spec.model_name, "description": spec.model_description},
        "version": {
            "label": spec.label,
            "language": spec.language,
            "total_points": spec.total_points,
            "approach_points": spec.approach_points,
            "results_points": spec.results_points,
            "notes": spec.notes,
        },
        "success_factors": [
            {"code": f.code, "name": f.name, "description": f.description}
            for f in spec.success_factors
        ],
        "groups": [
            {
                "code": g.code,
                "name": g.name,
                "description": g.description,
                "criteria": [
                    {
                        "code": c.code,
                        "name": c.name,
                        "kind": c.kind,
                        "max_points": c.max_points,
                        "description": c.description,
                        "questions": list(c.questions),
                        "guidance": c.guidance,
                    }
                    for c in g.criteria
                ],
            }
            for g in spec.groups
        ],
        "scales": [
            {
                "kind": s.kind,
                "name": s.name,
                "steps": [
                    {"percent": st.percent, "label": st.label, "description": st.description}
                    for st in s.steps
                ],
            }
            for s in spec.scales
        ],
    }


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Multi-line texts as literal blocks, so a file reads like the handbook."""


def _represent_str(dumper: Any, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(spec: VersionSpec) -> str:
    return yaml.dump(
        spec_to_document(spec),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )


def dump_json(spec: VersionSpec) -> str:
    return json.dumps(spec_to_document(spec), ensure_ascii=False, indent=2) + "\n"


def dump(spec: VersionSpec, fmt: str) -> str:
    return dump_json(spec) if fmt == "json" else dump_yaml(spec)


# --- parsing with line numbers ------------------------------------------------------------------


_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


class _TooLarge(Exception):
    pass


class _YamlWalker:
    """Builds plain values from a composed YAML node tree, noting the line of every path and
    reporting repeated keys (which PyYAML would silently overwrite)."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.lines: dict[str, int] = {}
        self.problems: list[Problem] = []
        self.visited = 0

    def walk(self, node: yaml.Node, path: str) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise _TooLarge
        self.lines.setdefault(path, node.start_mark.line + 1)
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
            self.problems.append(
                Problem(
                    path,
                    _("The YAML has a value that cannot be read: the tag %(tag)s.")
                    % {"tag": node.tag},
                    node.start_mark.line + 1,
                )
            )
            return None
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node)
                if not isinstance(key, str):
                    self.problems.append(
                        Problem(
                            path,
                            _("A field name must be a text, not %(key)s.") % {"key": key},
                            key_node.start_mark.line + 1,
                        )
                    )
                    continue
                child = f"{path}.{key}" if path else key
                if key in result:
                    self.problems.append(
                        Problem(
                            child,
                            _("The field “%(key)s” appears twice.") % {"key": key},
                            key_node.start_mark.line + 1,
                        )
                    )
                self.lines.setdefault(child, key_node.start_mark.line + 1)
                result[key] = self.walk(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, f"{path}[{i}]") for i, item in enumerate(node.value)]
        return self.loader.construct_object(node)


def _compose(text: str) -> tuple[Any, Any]:
    loader = _SafeLoader(text)
    try:
        return loader, loader.get_single_node()
    except BaseException:
        loader.dispose()
        raise


def _parse_yaml(text: str) -> tuple[Any, dict[str, int], list[Problem]]:
    try:
        loader, node = _compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return (
            None,
            {},
            [
                Problem(
                    "",
                    _("The YAML is malformed: %(problem)s.")
                    % {"problem": error.problem or error.context or "?"},
                    mark.line + 1 if mark is not None else None,
                )
            ],
        )
    except (yaml.YAMLError, RecursionError):
        return None, {}, [Problem("", _("The YAML is malformed."))]
    if node is None:
        return None, {}, [Problem("", _("The file is empty."))]
    walker = _YamlWalker(loader)
    try:
        value = walker.walk(node, "")
    except _TooLarge:
        return None, {}, [Problem("", _("The file is too large or nested too deeply."))]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return (
            None,
            {},
            [
                Problem(
                    "",
                    _("The YAML has a value that cannot be read: %(problem)s.")
                    % {"problem": error.problem or "?"},
                    mark.line + 1 if mark is not None else None,
                )
            ],
        )
    except RecursionError:
        return None, {}, [Problem("", _("The file is too large or nested too deeply."))]
    finally:
        loader.dispose()
    return value, walker.lines, walker.problems


def _parse_json(text: str) -> tuple[Any, dict[str, int], list[Problem]]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return (
            None,
            {},
            [
                Problem(
                    "",
                    _("The JSON is malformed: %(problem)s (column %(column)s).")
                    % {"problem": error.msg, "column": error.colno},
                    error.lineno,
                )
            ],
        )
    except RecursionError:
        return None, {}, [Problem("", _("The file is too large or nested too deeply."))]
    # JSON is (nearly always) YAML too: reading it as YAML finds the line of every value and
    # any repeated key. Where that fails the problems still name their paths.
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    try:
        loader, node = _compose(text)
    except (yaml.YAMLError, RecursionError):
        return value, lines, problems
    if node is not None:
        walker = _YamlWalker(loader)
        try:
            walker.walk(node, "")
            lines, problems = walker.lines, walker.problems
        except (yaml.YAMLError, _TooLarge, RecursionError):
            pass
    loader.dispose()
    return value, lines, problems


def detect_format(text: str) -> str:
    """JSON if the text starts like JSON, else YAML (whatever the file is called)."""
    return "json" if text.lstrip().startswith(("{", "[")) else "yaml"


def decode(content: bytes | str) -> tuple[str | None, list[Problem]]:
    if isinstance(content, str):
        text = content
    else:
        if len(content) > MAX_BYTES:
            return None, [Problem("", _("The file is larger than 2 MB."))]
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            return None, [
                Problem(
                    "",
                    _("The file is not UTF-8 text (byte %(position)s).")
                    % {"position": error.start + 1},
                )
            ]
    if len(text) > MAX_BYTES:
        return None, [Problem("", _("The file is larger than 2 MB."))]
    return text, []


# --- from a document to a VersionSpec -----------------------------------------------------------


class _Reader:
    """Checks the shape and types of a parsed document and builds the spec from it."""

    def __init__(self, lines: dict[str, int]) -> None:
        self.lines = lines
        self.problems: list[Problem] = []

    def line(self, path: str) -> int | None:
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message, self.line(path)))

    def mapping(
        self, value: Any, path: str, allowed: tuple[str, ...], *, required: bool = True
    ) -> dict[str, Any] | None:
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            if value is None:
                self.problem(path, _("This section is missing."))
            else:
                self.problem(
                    path, _("Expected a set of fields here, not %(value)s.") % _shown(value)
                )
            return None
        for key in value:
            if key not in allowed:
                child = f"{path}.{key}" if path else key
                self.problem(
                    child,
                    _("Unknown field “%(key)s”; the fields here are: %(allowed)s.")
                    % {"key": key, "allowed": ", ".join(allowed)},
                )
        return value

    def items(self, value: Any, path: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(path, _("Expected a list here, not %(value)s.") % _shown(value))
            return []
        return value

    def text(self, data: dict[str, Any], key: str, path: str, limit: int | None) -> str:
        value = data.get(key)
        here = f"{path}.{key}" if path else key
        if value is None:
            if key in _REQUIRED_TEXT:
                self.problem(here, _("The field “%(key)s” is missing.") % {"key": key})
            return ""
        if not isinstance(value, str):
            self.problem(
                here,
                _("Expected a text, not %(value)s (put it in quotes if it looks like a number).")
                % _shown(value),
            )
            return ""
        value = clean_text(value)
        if limit is not None and len(value) > limit:
            self.problem(
                here,
                _("At most %(limit)s characters, not %(length)s.")
                % {"limit": limit, "length": len(value)},
            )
        return value

    def whole_number(self, data: dict[str, Any], key: str, path: str, missing: str) -> int:
        value = data.get(key)
        here = f"{path}.{key}" if path else key
        if value is None:
            self.problem(here, missing)
            return 0
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(here, _("Expected a whole number, not %(value)s.") % _shown(value))
            return 0
        if value < 0:
            self.problem(here, _("Expected zero or more, not %(value)s.") % {"value": value})
            return 0
        return value

    def check_kind(self, kind: Any, data: dict[str, Any], path: str) -> None:
        if isinstance(kind, str) and kind and clean_text(kind) not in KINDS:
            self.problem(
                path, _("Unknown kind “%(kind)s”: use approach or results.") % {"kind": kind}
            )

    def texts(self, data: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        here = f"{path}.{key}"
        result = []
        for i, value in enumerate(self.items(data.get(key), here)):
            if not isinstance(value, str):
                self.problem(f"{here}[{i}]", _("Expected a text, not %(value)s.") % _shown(value))
                continue
            value = clean_text(value)
            if value:
                result.append(value)
        return tuple(result)

    def read(self, document: Any) -> VersionSpec | None:
        root = self.mapping(
            document,
            "",
            ("format", "model", "version", "success_factors", "groups", "scales"),
        )
        if root is None:
            return None
        fmt = root.get("format")
        if fmt is None:
            self.problem(
                "format",
                _("The file does not say its format: add “format: %(format)s”.")
                % {"format": FORMAT},
            )
        elif fmt != FORMAT:
            self.problem(
                "format",
                _("Unknown format “%(value)s”; rodtrad reads “%(format)s”.")
                % {"value": fmt, "format": FORMAT},
            )
        model = self.mapping(root.get("model"), "model", ("name", "description"))
        version = self.mapping(
            root.get("version"), "version", ("label", "language", "notes", *_VERSION_INT)
        )
        points = {
            key: (
                self.whole_number(
                    version, key, "version", _("The field “%(key)s” is missing.") % {"key": key}
                )
                if version is not None
                else 0
            )
            for key in _VERSION_INT
        }
        model_found = model is not None
        model, version = model or {}, version or {}
        language = version.get("language")
        return VersionSpec(
            model_name=(
                self.text(model, "name", "model", _MODEL_TEXT["name"]) if model_found else ""
            ),
            model_description=self.text(model, "description", "model", None),
            label=self.text(version, "label", "version", _VERSION_TEXT["label"]),
            language="sv"
            if language is None
            else self.text(version, "language", "version", _VERSION_TEXT["language"]),
            notes=self.text(version, "notes", "version", None),
            success_factors=tuple(self._factors(root.get("success_factors"))),
            groups=tuple(self._groups(root.get("groups"))),
            scales=tuple(self._scales(root.get("scales"))),
            **points,
        )

    def _factors(self, value: Any) -> list[FactorSpec]:
        result = []
        for i, item in enumerate(self.items(value, "success_factors")):
            path = f"success_factors[{i}]"
            data = self.mapping(item, path, tuple(_FACTOR_TEXT))
            if data is None:
                continue
            result.append(
                FactorSpec(
                    **{
                        key: self.text(data, key, path, limit)
                        for key, limit in _FACTOR_TEXT.items()
                    }
                )
            )
        return result

    def _groups(self, value: Any) -> list[GroupSpec]:
        if value is None:
            self.problem("groups", _("The field “groups” is missing."))
        result = []
        for g, item in enumerate(self.items(value, "groups")):
            path = f"groups[{g}]"
            data = self.mapping(item, path, (*_GROUP_TEXT, "criteria"))
            if data is None:
                continue
            criteria = []
            for c, raw in enumerate(self.items(data.get("criteria"), f"{path}.criteria")):
                criterion = self._criterion(raw, f"{path}.criteria[{c}]")
                if criterion is not None:
                    criteria.append(criterion)
            result.append(
                GroupSpec(
                    **{
                        key: self.text(data, key, path, limit) for key, limit in _GROUP_TEXT.items()
                    },
                    criteria=tuple(criteria),
                )
            )
        return result

    def _criterion(self, raw: Any, path: str) -> CriterionSpec | None:
        data = self.mapping(raw, path, (*_CRITERION_TEXT, "max_points", "questions"))
        if data is None:
            return None
        texts = {key: self.text(data, key, path, limit) for key, limit in _CRITERION_TEXT.items()}
        self.check_kind(texts["kind"], data, f"{path}.kind")
        return CriterionSpec(
            max_points=self.whole_number(
                data,
                "max_points",
                path,
                _("Criterion %(code)s has no points: add “max_points”.")
                % {"code": texts["code"] or "?"},
            ),
            questions=self.texts(data, "questions", path),
            **texts,
        )

    def _scales(self, value: Any) -> list[ScaleSpec]:
        result = []
        for i, item in enumerate(self.items(value, "scales")):
            path = f"scales[{i}]"
            data = self.mapping(item, path, (*_SCALE_TEXT, "steps"))
            if data is None:
                continue
            self.check_kind(data.get("kind"), data, f"{path}.kind")
            steps = []
            for j, raw in enumerate(self.items(data.get("steps"), f"{path}.steps")):
                spath = f"{path}.steps[{j}]"
                step = self.mapping(raw, spath, ("percent", *_STEP_TEXT))
                if step is None:
                    continue
                steps.append(
                    StepSpec(
                        percent=self.whole_number(
                            step, "percent", spath, _("The step has no “percent”.")
                        ),
                        **{k: self.text(step, k, spath, limit) for k, limit in _STEP_TEXT.items()},
                    )
                )
            result.append(
                ScaleSpec(
                    **{k: self.text(data, k, path, limit) for k, limit in _SCALE_TEXT.items()},
                    steps=tuple(steps),
                )
            )
        return result


def _shown(value: Any) -> dict[str, str]:
    if isinstance(value, bool):
        shown = "true" if value else "false"
    elif isinstance(value, dict):
        shown = _("a set of fields")
    elif isinstance(value, list):
        shown = _("a list")
    else:
        shown = repr(value) if isinstance(value, str) else str(value)
    if len(shown) > 40:
        shown = shown[:37] + "…"
    return {"value": shown}


def clean_text(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


_PARSERS: dict[str, Callable[[str], tuple[Any, dict[str, int], list[Problem]]]] = {
    "yaml": _parse_yaml,
    "json": _parse_json,
}


def read_document(
    content: bytes | str, fmt: str | None = None
) -> tuple[VersionSpec | None, list[Problem]]:
    """Parse, check the types and validate. Returns (spec, []) or (None, problems)."""
    text, problems = decode(content)
    if text is None:
        return None, problems
    fmt = fmt if fmt in FORMATS else detect_format(text)
    document, lines, problems = _PARSERS[fmt](text)
    if document is None:
        return None, problems
    reader = _Reader(lines)
    spec = reader.read(document)
    problems = problems + reader.problems
    if spec is None or problems:
        return None, problems
    problems = [Problem(p.path, p.message, reader.line(p.path)) for p in validate_spec(spec)]
    if problems:
        return None, problems
    return spec, []
