from pathlib import Path

from piccolo.conf.apps import AppConfig

from tracker.mail.tables import DigestSetting, OutboxMessage, SignInLink

APP_CONFIG = AppConfig(
    app_name="mail",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[OutboxMessage, DigestSetting, SignInLink],
)
