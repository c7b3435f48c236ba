"""Schemas shared by several routers."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Schema

from rodtrad.common.converters import MAX_ID

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A database id as a client sends it: positive and within what the database stores."""


class ErrorDetail(Schema):
    field: str
    message: str


class ErrorBody(Schema):
    status: int
    code: str
    message: str
    details: list[ErrorDetail]


class ErrorOut(Schema):
    error: ErrorBody


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
