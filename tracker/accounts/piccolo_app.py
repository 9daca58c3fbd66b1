from pathlib import Path

from piccolo.conf.apps import AppConfig

from tracker.accounts.saml.tables import SamlSeenId
from tracker.accounts.tables import (
    Account,
    Membership,
    OnceKey,
    ProviderLink,
    SignInAttempt,
    SpentToken,
)

APP_CONFIG = AppConfig(
    app_name="accounts",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[
        Account,
        Membership,
        SignInAttempt,
        SpentToken,
        OnceKey,
        ProviderLink,
        SamlSeenId,
    ],
)
