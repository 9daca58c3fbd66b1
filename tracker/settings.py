"""Settings read from environment variables, once, with safe defaults for a developer machine."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = REPO_ROOT / "data" / "tracker.sqlite"
DEV_SECRET_KEY = "utvecklingsnyckel-byt-i-produktion"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    secret_key: str
    host: str
    port: int
    secure_cookies: bool
    phases_dir: Path
    lists_dir: Path
    templates_dir: Path
    municipality_file: Path  # the municipality's name, address and logo (lists/municipality.toml)

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgresql://", "postgres://"))

    @property
    def sqlite_path(self) -> Path:
        """The SQLite file named by a `sqlite:///path` URL (relative paths from the repo root)."""
        raw = self.database_url.removeprefix("sqlite:///")
        path = Path(raw)
        return path if path.is_absolute() else REPO_ROOT / path


def _database_url(raw: str | None) -> str:
    if not raw:
        return f"sqlite:///{DEFAULT_SQLITE_PATH}"
    if raw.startswith(("postgresql://", "postgres://", "sqlite:///")):
        return raw
    raise ValueError(
        f"TRACKER_DATABASE_URL måste börja med postgresql:// eller sqlite:/// (fick {raw!r})"
    )


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    lists_dir = Path(env.get("TRACKER_LISTS_DIR") or REPO_ROOT / "lists")
    return Settings(
        database_url=_database_url(env.get("TRACKER_DATABASE_URL")),
        secret_key=env.get("TRACKER_SECRET_KEY") or DEV_SECRET_KEY,
        host=env.get("TRACKER_HOST") or "127.0.0.1",
        port=int(env.get("TRACKER_PORT") or 8000),
        secure_cookies=env.get("TRACKER_SECURE_COOKIES", "").lower() in {"1", "true", "ja"},
        phases_dir=Path(env.get("TRACKER_PHASES_DIR") or REPO_ROOT / "phases"),
        lists_dir=lists_dir,
        templates_dir=REPO_ROOT / "templates",
        # A file name is looked for in the lists folder; a path is used as it is.
        municipality_file=lists_dir / (env.get("TRACKER_MUNICIPALITY") or "municipality.toml"),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
