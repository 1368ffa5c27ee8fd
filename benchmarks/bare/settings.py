"""The bare reference's settings: DEBUG off, ``CommonMiddleware`` only, and the same database
set-up as ours (``config.settings.base``): PostgreSQL from DATABASE_URL with connections kept
60 s and health-checked, else SQLite in WAL on BENCH_SQLITE_PATH with connections kept 60 s."""

import os
from pathlib import Path
from typing import Any

import dj_database_url

from benchmarks.databases import sqlite_settings

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1").split(",")
INSTALLED_APPS = ["benchmarks.bare.apps.BareConfig"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
ROOT_URLCONF = "benchmarks.bare.urls"
WSGI_APPLICATION = "benchmarks.bare.wsgi.application"
USE_TZ = True
TIME_ZONE = "Europe/London"

DATABASES: dict[str, Any]
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {"default": sqlite_settings(Path(os.environ["BENCH_SQLITE_PATH"]))}
    DATABASES["default"]["CONN_MAX_AGE"] = 60
