"""Where export files live: a storage named by a setting, private, and reachable from every process.

Exports hold usernames and learners' text, and on Open edX the web process that starts a job and
the worker that writes it may share no disk (Tutor k8s). So files go through a Django storage, by
its API only (save, open, delete, exists; never .path() or .url()), and are downloaded through the
block's staff-only export_download handler, never from a storage URL. Which storage (docs/platform.md):

1. MENTOR_EXPORT_STORAGE: a Django 4.2+ STORAGES alias ("mentor_exports"), or a dotted storage class
   built with MENTOR_EXPORT_STORAGE_KWARGS.
2. Else the platform's report store, built as edx-platform builds it
   (lms/djangoapps/instructor_task/models.py ReportStore.from_config("GRADES_DOWNLOAD"): the legacy
   STORAGE_TYPE "s3" / "localfs", else STORAGE_CLASS, default STORAGES["default"], with STORAGE_KWARGS).
3. Else, or when the storage chosen is a directory the web server publishes (inside MEDIA_ROOT or
   STATIC_ROOT: Tutor's GRADES_DOWNLOAD is /openedx/media/grades, served at /media/grades/), a
   private directory: MENTOR_EXPORT_ROOT, else DATA_DIR/mentor_xblock_exports (Tutor: /openedx/data,
   shared by the LMS and its workers on one host and never served), with no URL at all.
"""
from __future__ import annotations

import logging
import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

# As edx-platform's ReportStore for the legacy STORAGE_TYPE "s3".
S3_STORAGE_CLASS = "storages.backends.s3boto3.S3Boto3Storage"


class PrivateFileSystemStorage(FileSystemStorage):
    """Files in a directory no web server publishes: there is no URL to give out (the block streams them)."""

    def url(self, name):
        raise NotImplementedError("Export files have no URL: the block's export_download handler streams them.")


def storage() -> Storage:
    """The storage export files are written to, read from and deleted from (see the module's docstring)."""
    chosen = configured()
    if chosen is not None and not published(chosen):
        return chosen
    root = private_root()
    if chosen is not None:
        log.error("Export files are not written to %s: the web server publishes that directory. "
                  "Using the private directory %s instead (docs/platform.md).", chosen.location, root)
    if in_published_directory(root):
        raise ImproperlyConfigured(f"MENTOR_EXPORT_ROOT ({root}) is inside a directory the web server publishes "
                                   "(MEDIA_ROOT or STATIC_ROOT); choose a private one (docs/platform.md).")
    return PrivateFileSystemStorage(location=root)


def configured() -> Storage | None:
    """The storage the settings name (MENTOR_EXPORT_STORAGE, else GRADES_DOWNLOAD), or None."""
    name = getattr(settings, "MENTOR_EXPORT_STORAGE", None)
    if name:
        if name in getattr(settings, "STORAGES", {}):
            return storages[name]
        return import_string(name)(**getattr(settings, "MENTOR_EXPORT_STORAGE_KWARGS", {}))
    return platform_report_storage()


def platform_report_storage() -> Storage | None:
    """The platform's report store, as edx-platform builds it from GRADES_DOWNLOAD; None without one."""
    config = getattr(settings, "GRADES_DOWNLOAD", None)
    if not config:
        return None
    kind = str(config.get("STORAGE_TYPE", "")).lower()
    if kind == "s3":
        return import_string(S3_STORAGE_CLASS)(
            bucket_name=config["BUCKET"], location=config["ROOT_PATH"], custom_domain=config.get("CUSTOM_DOMAIN"),
            querystring_expire=300, gzip=True,
        )
    if kind == "localfs":
        return FileSystemStorage(location=config["ROOT_PATH"])
    backend = config.get("STORAGE_CLASS") or settings.STORAGES["default"]["BACKEND"]
    return import_string(backend)(**(config.get("STORAGE_KWARGS") or {}))


def published(chosen: Storage) -> bool:
    """Whether a storage is a local directory inside one the web server publishes."""
    return isinstance(chosen, FileSystemStorage) and in_published_directory(chosen.location)


def in_published_directory(location) -> bool:
    """Whether a directory is MEDIA_ROOT or STATIC_ROOT or inside one (what Django sites serve as files)."""
    location = os.path.realpath(location)
    for root in (getattr(settings, "MEDIA_ROOT", ""), getattr(settings, "STATIC_ROOT", "")):
        if root and os.path.commonpath([location, os.path.realpath(root)]) == os.path.realpath(root):
            return True
    return False


def private_root() -> str:
    """The private directory: MENTOR_EXPORT_ROOT, else DATA_DIR/mentor_xblock_exports (edx-platform's DATA_DIR)."""
    root = getattr(settings, "MENTOR_EXPORT_ROOT", None)
    if root:
        return str(root)
    data = getattr(settings, "DATA_DIR", None)
    if data:
        return os.path.join(str(data), "mentor_xblock_exports")
    raise ImproperlyConfigured("Set MENTOR_EXPORT_STORAGE or MENTOR_EXPORT_ROOT: where export files are kept "
                               "(docs/platform.md).")
