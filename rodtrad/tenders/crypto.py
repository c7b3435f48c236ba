"""Tender contents are sealed at rest (docs/security.md).

Each procurement has its own random 256-bit data key. The data key is stored only wrapped
(encrypted) with the server key, which comes from the environment (`RODTRAD_TENDER_KEY`, 32
bytes in url-safe base64; derived from SECRET_KEY when not set). Contents and attachments are
encrypted with AES-256-GCM under the data key, with the procurement and the kind of content as
associated data, so a sealed value cannot be moved to another procurement or field unnoticed.

The server key can be rotated: new data keys are always wrapped with the current key, and
unwrapping tries the current key first and then the previous ones (`RODTRAD_TENDER_KEYS_PREVIOUS`,
or keys derived from SECRET_KEY_FALLBACKS when the key is derived). The wrapped key does not say
which server key wrapped it; AES-GCM's authentication tag tells a wrong key apart. The command
`rodtrad rotate-tender-key` re-wraps every data key with the current key, after which the
previous keys can be removed.

A database dump therefore shows no tender text. Who may unseal is decided by the services: the
provider for its own tender at any time, the buyer only after the opening.
"""

from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.encoding import force_bytes

NONCE_BYTES = 12
VERSION = b"\x01"


class UnknownServerKey(Exception):
    """No configured server key unwraps a procurement's data key."""


def server_keys() -> tuple[bytes, ...]:
    """The current server key, then the previous ones that unwrapping also tries.

    Read from the settings on every call (so overridden settings take effect at once); the
    decoding and derivation are cached per combination of values."""
    return _server_keys(
        getattr(settings, "TENDER_KEY", "") or "",
        tuple(getattr(settings, "TENDER_KEYS_PREVIOUS", ()) or ()),
        force_bytes(settings.SECRET_KEY),
        tuple(force_bytes(k) for k in getattr(settings, "SECRET_KEY_FALLBACKS", ()) or ()),
    )


def server_key() -> bytes:
    """The current server key: every new or re-wrapped data key is wrapped with it."""
    return server_keys()[0]


@lru_cache(maxsize=8)
def _server_keys(
    configured: str, previous: tuple[str, ...], secret_key: bytes, fallbacks: tuple[bytes, ...]
) -> tuple[bytes, ...]:
    if configured:
        keys = [_decode(configured, "RODTRAD_TENDER_KEY")]
    else:
        # Rotating SECRET_KEY the Django way (the old one in SECRET_KEY_FALLBACKS) keeps the
        # keys derived from it usable until `rotate-tender-key` has re-wrapped everything.
        keys = [_derive(secret_key), *(_derive(fallback) for fallback in fallbacks)]
    keys += [_decode(value, "A key in RODTRAD_TENDER_KEYS_PREVIOUS") for value in previous]
    return tuple(dict.fromkeys(keys))  # without repeats, in order


def _decode(value: str, name: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (ValueError, TypeError):
        raise ImproperlyConfigured(f"{name} is not url-safe base64.") from None
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name} must be 32 bytes (base64).")
    return key


def _derive(secret: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"rodtrad", info=b"tender key wrapping"
    ).derive(secret)


def encode_key(key: bytes) -> str:
    """A server key as the settings take it (url-safe base64)."""
    return base64.urlsafe_b64encode(key).decode()


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


def unwrap(procurement_id: int, wrapped: bytes) -> tuple[bytes, int]:
    """(data key, position of the server key that unwrapped it: 0 is the current key).
    Raises UnknownServerKey when no configured key does."""
    aad = _aad(procurement_id, "key")
    for position, key in enumerate(server_keys()):
        try:
            return _unseal(key, wrapped, aad), position
        except InvalidTag:
            continue
    raise UnknownServerKey(
        f"No configured server key unwraps the data key of procurement {procurement_id}."
    )


def data_key(procurement_id: int, wrapped: bytes) -> bytes:
    return unwrap(procurement_id, wrapped)[0]


def rewrap(procurement_id: int, wrapped: bytes) -> bytes | None:
    """The data key wrapped anew with the current server key, or None when it already is.
    The data key itself does not change, so everything sealed with it stays readable."""
    key, position = unwrap(procurement_id, wrapped)
    if position == 0:
        return None
    return _seal(server_key(), key, _aad(procurement_id, "key"))


def _aad(procurement_id: int, purpose: str) -> bytes:
    return f"rodtrad/procurement/{procurement_id}/{purpose}".encode()


def seal(key: bytes, procurement_id: int, purpose: str, plaintext: bytes) -> bytes:
    return _seal(key, plaintext, _aad(procurement_id, purpose))


def unseal(key: bytes, procurement_id: int, purpose: str, sealed: bytes) -> bytes:
    return _unseal(key, sealed, _aad(procurement_id, purpose))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
