"""Storage: SQLAlchemy 2.0 models, engine, unit of work, migrations."""
