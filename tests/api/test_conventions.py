"""Conventions every API operation keeps, read from the OpenAPI document itself so that a new
operation cannot forget them."""

from __future__ import annotations

import re

import pytest


@pytest.fixture(scope="module")
def document():
    from rodtrad.api.api import api

    return api.get_openapi_schema()


def _operations(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_every_schema_has_its_own_name():
    """The OpenAPI document names each schema by its class; two classes of one name would
    share one description, and one of them would be documented wrongly."""
    from ninja import Schema

    from rodtrad.api.api import api

    api.get_openapi_schema()  # imports every router

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [cls for cls in subclasses(Schema) if cls.__module__.startswith("rodtrad.")]
    names = [cls.__name__ for cls in ours]
    assert len(ours) > 100
    assert sorted({n for n in names if names.count(n) > 1}) == []


def test_every_collection_at_the_top_is_paged(document):
    """A list that grows with the installation (not one inside a single procurement or
    contract) answers a page: `items` and `count`, with `page` and `page_size`."""
    top_level_lists, pages = [], []
    for path, method, operation in _operations(document):
        if method != "get" or "{" in path:
            continue
        answer = operation["responses"][200]["content"]["application/json"]["schema"]
        if answer.get("type") == "array":
            top_level_lists.append(path)
            continue
        name = answer["$ref"].rsplit("/", 1)[1]
        if "items" in document["components"]["schemas"][name]["properties"]:
            pages.append(path)
            assert {"items", "count"} <= set(document["components"]["schemas"][name]["required"])
            assert {p["name"] for p in operation["parameters"]} >= {"page", "page_size"}, path
    assert top_level_lists == ["/api/v1/partnership/conditions"]  # the ten fixed conditions
    assert len(pages) >= 8, pages


def test_every_operation_documents_the_error_format(document):
    """Every operation names its errors, all in the one error shape."""
    missing = []
    for path, method, operation in _operations(document):
        errors = {str(code) for code in operation["responses"] if str(code)[0] in "45"}
        if not errors:
            missing.append(f"{method.upper()} {path}")
        for code in errors:
            schema = operation["responses"][
                int(code) if int(code) in operation["responses"] else code
            ]
            ref = schema["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/ErrorOut"), (path, code, ref)
    assert missing == []


def test_operation_ids_are_unique_and_readable(document):
    ids = [operation["operationId"] for _p, _m, operation in _operations(document)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9_]+", i) for i in ids), [
        i for i in ids if not re.fullmatch(r"[a-z0-9_]+", i)
    ]


def _request_bodies(document) -> dict[str, list[str]]:
    bodies: dict[str, list[str]] = {}
    for path, method, operation in _operations(document):
        for content in operation.get("requestBody", {}).get("content", {}).values():
            ref = content.get("schema", {}).get("$ref")
            if ref:
                bodies.setdefault(ref.rsplit("/", 1)[1], []).append(f"{method.upper()} {path}")
    return bodies


def test_every_request_body_has_an_example_that_is_valid(document):
    """Integrators read an example of every body they can send, and it is a body the schema
    accepts (schemathesis sends these examples too)."""
    from jsonschema import Draft202012Validator

    components = document["components"]
    bodies = _request_bodies(document)
    assert len(bodies) > 50
    without = sorted(name for name in bodies if not components["schemas"][name].get("examples"))
    assert without == [], without
    for name in bodies:
        validator = Draft202012Validator(
            {"$ref": f"#/components/schemas/{name}", "components": components}
        )
        for example in components["schemas"][name]["examples"]:
            errors = [e.message for e in validator.iter_errors(example)]
            assert errors == [], (name, example, errors)
