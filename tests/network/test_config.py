"""Configuration: safe defaults, loud refusals."""

import pytest

from discussion_api.config import SETTINGS, ConfigError, load_settings


def test_localhost_defaults(tmp_path) -> None:
    settings = load_settings({"SCN_DATA_DIR": str(tmp_path)})
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.public_url == "http://127.0.0.1:8000"
    assert settings.allowed_origins == ("http://127.0.0.1:8000",)
    assert settings.database == tmp_path / "network.sqlite3"
    assert not settings.secure
    assert settings.session_cookie == "scn_session"
    # the development key is kept, so restarts and workers agree
    assert load_settings({"SCN_DATA_DIR": str(tmp_path)}).secret_key == settings.secret_key


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"SCN_ENV": "production", "SCN_PUBLIC_URL": "https://n.example"}, "SCN_SECRET_KEY"),
        ({"SCN_ENV": "production", "SCN_SECRET_KEY": "s" * 40}, "SCN_PUBLIC_URL"),
        ({"SCN_ENV": "staging"}, "SCN_ENV"),
        ({"SCN_PORT": "eighty"}, "SCN_PORT"),
        ({"SCN_SECRET_KEY": "short"}, "SCN_SECRET_KEY"),
        ({"SCN_ALLOWED_ORIGINS": "*"}, "SCN_ALLOWED_ORIGINS"),
        ({"SCN_SIGNIN_LIMIT_IP": "lots"}, "SCN_SIGNIN_LIMIT_IP"),
        ({"SCN_DATABASE_URL": "mysql://u:secret@db/network"}, "SCN_DATABASE_URL"),
        ({"SCN_DATABASE_URL": "postgresql://u:secret@db"}, "SCN_DATABASE_URL"),
    ],
)
def test_bad_settings_name_the_variable(tmp_path, env, variable) -> None:
    with pytest.raises(ConfigError, match=variable):
        load_settings({"SCN_DATA_DIR": str(tmp_path), **env})


def test_production_with_https_and_key(tmp_path) -> None:
    settings = load_settings(
        {
            "SCN_ENV": "production",
            "SCN_PUBLIC_URL": "https://n.example",
            "SCN_SECRET_KEY": "s" * 40,
            "SCN_DATA_DIR": str(tmp_path),
        }
    )
    assert settings.secure
    assert settings.session_cookie == "__Host-scn_session"


def test_every_setting_is_read_and_described() -> None:
    import inspect

    from discussion_api import cli, config

    source = inspect.getsource(config) + inspect.getsource(cli)
    for setting in SETTINGS:
        assert setting.description
        if "<NAME>" in setting.name:  # one per provider: read as a prefix and this suffix
            suffix = setting.name.split("<NAME>_")[1]
            assert f'prefix + "{suffix}"' in source, setting.name
            continue
        # declared once in SETTINGS, read at least once
        assert source.count(f'"{setting.name}"') >= 2, setting.name


def test_a_database_url_selects_postgresql_and_its_password_is_never_echoed(tmp_path) -> None:
    assert load_settings({"SCN_DATA_DIR": str(tmp_path)}).database_url == ""
    url = "postgresql://scn:secret@db.internal:5432/network"
    assert load_settings({"SCN_DATA_DIR": str(tmp_path), "SCN_DATABASE_URL": url}).database_url == url
    with pytest.raises(ConfigError) as refused:
        load_settings(
            {"SCN_DATA_DIR": str(tmp_path), "SCN_DATABASE_URL": "postgres://scn:secret@db.internal"}
        )
    assert "secret" not in str(refused.value)


def test_requests_run_on_as_many_threads_as_configured(tmp_path) -> None:
    """SCN_WORKER_THREADS bounds the threads requests' database work runs on (anyio's
    limiter of the server's event loop); the default depends on the engine."""
    import anyio.to_thread
    from starlette.testclient import TestClient

    from discussion_api.app import create_app

    from .conftest import test_settings

    assert load_settings({"SCN_DATA_DIR": str(tmp_path)}).worker_threads == 4
    assert load_settings({"SCN_DATA_DIR": str(tmp_path)}).write_threads == 8
    url = "postgresql://scn@db.internal/network"
    assert load_settings({"SCN_DATA_DIR": str(tmp_path), "SCN_DATABASE_URL": url}).worker_threads == 10
    assert load_settings({"SCN_DATA_DIR": str(tmp_path), "SCN_DATABASE_URL": url}).write_threads == 0
    # On PostgreSQL each of those threads gets a connection of the pool (opened lazily).
    from discussion_api.storage.engines import open_store

    seven = load_settings({"SCN_DATA_DIR": str(tmp_path), "SCN_DATABASE_URL": url, "SCN_WORKER_THREADS": "7"})
    assert open_store(seven).pool_size == 7  # type: ignore[attr-defined]
    more = load_settings(
        {
            "SCN_DATA_DIR": str(tmp_path),
            "SCN_DATABASE_URL": url,
            "SCN_WORKER_THREADS": "7",
            "SCN_WRITE_THREADS": "2",
        }
    )
    assert open_store(more).pool_size == 9  # type: ignore[attr-defined]
    with pytest.raises(ConfigError, match="SCN_WORKER_THREADS"):
        load_settings({"SCN_DATA_DIR": str(tmp_path), "SCN_WORKER_THREADS": "0"})
    app = create_app(test_settings(tmp_path, SCN_WORKER_THREADS="3"))
    with TestClient(app) as client:
        limiter = client.portal.call(anyio.to_thread.current_default_thread_limiter)
        assert limiter.total_tokens == 3
