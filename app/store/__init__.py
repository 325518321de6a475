"""The workspace store: SQLAlchemy models, migrations, the engine and the repository (an adapter)."""
