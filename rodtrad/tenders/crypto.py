"""Tender contents are sealed at rest (docs/security.md).

Each procurement has its own random 256-bit data key. The data key is stored only wrapped
(encrypted) with the server key, which comes from the environment (`RODTRAD_TENDER_KEY`, 32
bytes in url-safe base64; derived from SECRET_KEY when not set). Contents and attachments are
encrypted with AES-256-GCM under the data key, with the procurement and the kind of content as
associated data, so a sealed value cannot be moved to another procurement or field unnoticed.

A database dump therefore shows no tender text. Who may unseal is decided by the services: the
provider for its own tender at any time, the buyer only after the opening.
"""

from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

NONCE_BYTES = 12
VERSION = b"\x01"


@lru_cache(maxsize=1)
def server_key() -> bytes:
    configured = getattr(settings, "TENDER_KEY", "")
    if configured:
        try:
            key = base64.urlsafe_b64decode(configured + "=" * (-len(configured) % 4))
        except (ValueError, TypeError):
            raise ImproperlyConfigured("RODTRAD_TENDER_KEY is not url-safe base64.") from None
        if len(key) != 32:
            raise ImproperlyConfigured("RODTRAD_TENDER_KEY must be 32 bytes (base64).")
        return key
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"rodtrad", info=b"tender key wrapping"
    ).derive(settings.SECRET_KEY.encode())


def _seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _unseal(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    sealed = bytes(sealed)
    if not sealed.startswith(VERSION):
        raise ValueError("unknown sealed format")
    nonce = sealed[1 : 1 + NONCE_BYTES]
    return AESGCM(key).decrypt(nonce, sealed[1 + NONCE_BYTES :], aad)


def new_wrapped_data_key(procurement_id: int) -> bytes:
    return _seal(server_key(), AESGCM.generate_key(bit_length=256), _aad(procurement_id, "key"))


def data_key(procurement_id: int, wrapped: bytes) -> bytes:
    return _unseal(server_key(), wrapped, _aad(procurement_id, "key"))


def _aad(procurement_id: int, purpose: str) -> bytes:
    return f"rodtrad/procurement/{procurement_id}/{purpose}".encode()


def seal(key: bytes, procurement_id: int, purpose: str, plaintext: bytes) -> bytes:
    return _seal(key, plaintext, _aad(procurement_id, purpose))


def unseal(key: bytes, procurement_id: int, purpose: str, sealed: bytes) -> bytes:
    return _unseal(key, sealed, _aad(procurement_id, purpose))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
