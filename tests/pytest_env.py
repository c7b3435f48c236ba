"""Loaded with `-p tests.pytest_env` before pytest-django reads the settings: the environment
the tests run in (production-like settings, plain HTTP, tasks run at once)."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("TASKS_BACKEND", "immediate")
os.environ.setdefault("SITE_URL", "http://testserver")
os.environ.setdefault("RODTRAD_VAR_DIR", tempfile.mkdtemp(prefix="rodtrad-test-"))
os.makedirs(os.path.join(os.environ["RODTRAD_VAR_DIR"], "static"), exist_ok=True)
# Django refuses ORM calls from a thread that runs an event loop; Playwright's sync API runs one
# in the test thread while the live server answers in another, so the browser tests need this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
