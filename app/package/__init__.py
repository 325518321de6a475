"""The signed submission package (.sdap): export, offline verification, and loading for import.

The format is described in docs/package-format.md. Like every adapter it imports only app.core and
app.services.ports (never the other services, the UI or the store); import-linter checks it.
"""

from __future__ import annotations

from app.package.format import (
    EXTENSION,
    FORMAT_NAME,
    FORMAT_VERSION,
    Commitment,
    FormatError,
    Manifest,
    SignerRole,
    display_fingerprint,
    fingerprint,
)
from app.package.keys import (
    FileKeyStore,
    KeyStore,
    KeyStoreError,
    KeyStoreUnavailableError,
    Signer,
    load_public_key,
    load_public_key_file,
    open_key_store,
    public_key_pem,
)
from app.package.safezip import ArchiveError, Limits
from app.package.verify import (
    Check,
    LoadedPackage,
    PackageVerificationError,
    SignatureInfo,
    VerificationReport,
    verify_package,
)
from app.package.writer import ExportError, PackageInfo, export_package, package_record

__all__ = [
    "EXTENSION",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "ArchiveError",
    "Check",
    "Commitment",
    "ExportError",
    "FileKeyStore",
    "FormatError",
    "KeyStore",
    "KeyStoreError",
    "KeyStoreUnavailableError",
    "Limits",
    "LoadedPackage",
    "Manifest",
    "PackageInfo",
    "PackageVerificationError",
    "SignatureInfo",
    "Signer",
    "SignerRole",
    "VerificationReport",
    "display_fingerprint",
    "export_package",
    "fingerprint",
    "load_public_key",
    "load_public_key_file",
    "open_key_store",
    "package_record",
    "public_key_pem",
    "verify_package",
]
