"""Settings from environment variables: safe defaults, PostgreSQL, and clear refusals."""

import pytest

from tracker.settings import DEV_SECRET_KEY, REPO_ROOT, load_settings


def test_defaults_use_a_sqlite_file_under_data_and_port_8000() -> None:
    settings = load_settings({})

    assert settings.database_url.startswith("sqlite:///")
    assert settings.sqlite_path == REPO_ROOT / "data" / "tracker.sqlite"
    assert not settings.is_postgres
    assert settings.host == "127.0.0.1"
    assert settings.port == 8000
    assert settings.secure_cookies is False
    assert settings.secret_key == DEV_SECRET_KEY
    assert settings.phases_dir == REPO_ROOT / "phases"


def test_empty_values_count_as_not_set() -> None:
    settings = load_settings(
        {"TRACKER_DATABASE_URL": "", "TRACKER_PORT": "", "TRACKER_SECURE_COOKIES": ""}
    )

    assert settings.sqlite_path == REPO_ROOT / "data" / "tracker.sqlite"
    assert settings.port == 8000
    assert settings.secure_cookies is False


def test_environment_variables_override_the_defaults(tmp_path) -> None:
    settings = load_settings(
        {
            "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'egen.sqlite'}",
            "TRACKER_SECRET_KEY": "hemlig",
            "TRACKER_HOST": "0.0.0.0",
            "TRACKER_PORT": "8080",
            "TRACKER_SECURE_COOKIES": "1",
            "TRACKER_PHASES_DIR": str(tmp_path),
        }
    )

    assert settings.sqlite_path == tmp_path / "egen.sqlite"
    assert settings.secret_key == "hemlig"
    assert settings.host == "0.0.0.0"
    assert settings.port == 8080
    assert settings.secure_cookies is True
    assert settings.phases_dir == tmp_path


def test_a_relative_sqlite_path_is_from_the_repository() -> None:
    settings = load_settings({"TRACKER_DATABASE_URL": "sqlite:///data/annan.sqlite"})

    assert settings.sqlite_path == REPO_ROOT / "data" / "annan.sqlite"


@pytest.mark.parametrize(
    "url",
    ["postgresql://postgres@127.0.0.1:5432/tracker", "postgres://user:pw@db.example/tracker"],
)
def test_a_postgresql_url_selects_postgresql(url: str) -> None:
    settings = load_settings({"TRACKER_DATABASE_URL": url})

    assert settings.is_postgres
    assert settings.database_url == url


@pytest.mark.parametrize(
    "url", ["mysql://x", "sqlite://relativ.sqlite", "tracker.sqlite", "http://db"]
)
def test_an_unsupported_database_url_is_refused_in_swedish(url: str) -> None:
    with pytest.raises(ValueError, match="TRACKER_DATABASE_URL måste börja med") as error:
        load_settings({"TRACKER_DATABASE_URL": url})

    assert "postgresql://" in str(error.value)
    assert "sqlite:///" in str(error.value)
    assert url in str(error.value)
