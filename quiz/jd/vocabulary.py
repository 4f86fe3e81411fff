"""The job-description vocabulary in ``questions/technologies.yaml``: technology and skill
names (to report what the catalog does not cover), words that match only in their written
case, and generic words that never point to a requirement on their own."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

DEFAULT_PATH = Path(__file__).resolve().parent.parent.parent / "questions" / "technologies.yaml"
FILE_NAME = "technologies.yaml"

Name = Annotated[str, Field(min_length=1)]


class VocabularyError(ValueError):
    """The vocabulary file is missing or malformed; the message names the file."""


class Technology(BaseModel):
    """A technology or skill, reported under its ``name`` whichever alias the text uses."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: Name
    aliases: list[Name] = []

    @property
    def names(self) -> list[str]:
        """The name first, then the aliases."""
        return [self.name, *self.aliases]


class Vocabulary(BaseModel):
    """The whole of ``questions/technologies.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    exact_case: list[Name] = []
    generic: list[Name] = []
    technologies: list[Technology] = []

    @field_validator("technologies", mode="before")
    @classmethod
    def _names_as_entries(cls, value: Any) -> Any:
        """A bare string is a technology without aliases."""
        if isinstance(value, list):
            return [{"name": v} if isinstance(v, str) else v for v in value]
        return value


def load_vocabulary(path: str | Path | None = None) -> Vocabulary:
    """Read and validate the vocabulary file (the shipped one when ``path`` is None)."""
    path = Path(path) if path is not None else DEFAULT_PATH
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise VocabularyError(f"{path}: cannot read the file ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise VocabularyError(f"{path}: not valid YAML ({exc})") from exc
    try:
        return Vocabulary.model_validate(data or {})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise VocabularyError(f"{path}: {problems}") from exc


def vocabulary_for(questions_dir: str | Path) -> Vocabulary:
    """The vocabulary of a content folder, or the shipped one when the folder has none."""
    candidate = Path(questions_dir) / FILE_NAME
    return load_vocabulary(candidate if candidate.is_file() else None)
