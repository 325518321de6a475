"""SME digital level self-assessment (MIIT 2024 indicators)."""

__version__ = "0.1.0"
APP_NAME = "sme-digital-assess"
APP_AUTHOR = "SMEDigital"
