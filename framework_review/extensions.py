"""Unbound Flask extensions; models and services import them from here."""

import sqlite3

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints let Alembic drop and alter them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


@event.listens_for(Engine, "savepoint")
def _sqlite_begin_before_savepoint(connection, _name) -> None:
    """Begin the SQLite transaction before a savepoint, so that releasing it commits nothing.

    The sqlite3 module begins a transaction only before a data change: a SAVEPOINT taken before
    any change would start the transaction itself, and its RELEASE would commit it, so a request
    that numbers a comment in a savepoint and then fails would keep that comment.
    """
    if connection.dialect.name != "sqlite":
        return
    dbapi_connection = connection.connection.dbapi_connection
    if isinstance(dbapi_connection, sqlite3.Connection) and not dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
# Bound in create_app with the selectors of core/i18n.py (language and time zone of a request).
babel = Babel()
# Limits are declared where they apply (core/throttling.py); none by default.
limiter = Limiter(key_func=get_remote_address, default_limits=[], strategy="fixed-window")
