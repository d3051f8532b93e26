"""The OpenAPI document names components by class: two different models with one name
are refused when the document is built, since every $ref to the name would describe
whichever came last (two `Decision`s did; the fuzzer's requests followed the wrong one)."""

import pytest
from pydantic import BaseModel

from discussion_api.http.endpoints import Access, Call, Endpoint
from discussion_api.http.openapi import build_document


def make(field: str) -> type[BaseModel]:
    return type("Decision", (BaseModel,), {"__annotations__": {field: str}})


def handler(call: Call) -> None:
    return None


def test_two_models_with_one_name_are_refused() -> None:
    endpoints = [
        Endpoint("POST", f"/{field}", handler, Access.MEMBER, "A decision.", body=make(field))
        for field in ("reason", "status")
    ]
    with pytest.raises(ValueError, match="Decision"):
        build_document(endpoints, [])


def test_one_model_used_twice_is_one_component() -> None:
    model = make("reason")
    endpoints = [
        Endpoint("POST", path, handler, Access.MEMBER, "A decision.", body=model) for path in ("/a", "/b")
    ]
    assert "Decision" in build_document(endpoints, [])["components"]["schemas"]
