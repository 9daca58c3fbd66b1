"""Settings from environment variables: safe defaults, PostgreSQL, and clear refusals."""

import pytest

from tracker.settings import (
    DEV_SECRET_KEY,
    REPO_ROOT,
    client_address,
    load_settings,
    serve_key_check,
    weak_secret_key,
)


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


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_the_development_key_on_loopback_is_served_with_a_warning(host: str) -> None:
    refuse, message = serve_key_check(DEV_SECRET_KEY, host)

    assert not refuse
    assert message is not None and message.startswith("Varning:")


@pytest.mark.parametrize("key", [DEV_SECRET_KEY, "hemlig", "a" * 64])
@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "tracker.kommun.se"])
def test_a_weak_key_is_refused_beyond_loopback(key: str, host: str) -> None:
    refuse, message = serve_key_check(key, host)

    assert refuse
    assert message is not None and "startar inte" in message


def test_a_strong_key_is_served_anywhere_without_a_word() -> None:
    key = "x7Qp2mVb9LkR4tZs8NcW3yHf6JdA1gEu0Pq"

    assert weak_secret_key(key) is None
    assert serve_key_check(key, "0.0.0.0") == (False, None)


def test_trusted_proxies_are_read_as_networks() -> None:
    settings = load_settings({"TRACKER_TRUSTED_PROXIES": "10.0.0.5, 10.1.0.0/16"})

    assert [str(n) for n in settings.trusted_proxies] == ["10.0.0.5/32", "10.1.0.0/16"]
    with pytest.raises(ValueError, match="TRACKER_TRUSTED_PROXIES"):
        load_settings({"TRACKER_TRUSTED_PROXIES": "proxy.kommun.se"})


def test_the_client_address_comes_from_the_header_only_through_a_trusted_proxy() -> None:
    trusted = load_settings({"TRACKER_TRUSTED_PROXIES": "10.0.0.5"}).trusted_proxies

    # No trusted proxies: the header is ignored, whoever sent it.
    assert client_address("10.0.0.5", "192.0.2.7", ()) == "10.0.0.5"
    # A client that is not the proxy cannot choose its address.
    assert client_address("198.51.100.9", "192.0.2.7", trusted) == "198.51.100.9"
    # Through the proxy: the address the proxy saw, not what the client put before it.
    assert client_address("10.0.0.5", "1.2.3.4, 192.0.2.7", trusted) == "192.0.2.7"
    assert client_address("10.0.0.5", None, trusted) == "10.0.0.5"
