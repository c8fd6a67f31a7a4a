"""The pydantic base both vendors' models share: tolerant of what real APIs send."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator


class ApiModel(BaseModel):
    """A response object: unknown fields are kept (``model_extra``), explicit nulls mean unset.

    Vendors add fields without notice (Scaleway's undocumented ``organization_id``), and PHP
    APIs such as FullHelp send null for unset values; neither may break parsing.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _null_means_default(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value is not None}
        return data
