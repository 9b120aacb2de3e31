"""CSV exports on the real workbench: large ones as Celery jobs (eager here), staff only, files in the
exports' private storage (services/export_storage.py), read and written through the storage API only."""
import csv
import io
import sys
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, InMemoryStorage
from django.core.management import call_command
from django.utils import timezone

from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import ExportJob, LearnerProfile, MentorProfile
from mentor_xblock.services import export_storage
from mentor_xblock.services.export_storage import PrivateFileSystemStorage
from tests.conftest import olx

STAFF = "staff_1"


@pytest.fixture
def block(workbench, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MENTOR_EXPORT_ROOT = str(tmp_path / "exports")
    settings.MENTOR_EXPORT_TASK_ROWS = 3  # lowered so a handful of learners is a "large" course
    usage = workbench.add_scenario("reflections", olx("reflections.xml"))
    workbench.view("reflections", student=STAFF)
    MentorProfile.objects.create(course_key=DEV_COURSE_KEY, mentor_id=anonymous_id_for("mentor_ada"),
                                 username="mentor_ada", display_name="Ada")
    return usage


def learners(count):
    for n in range(count):
        LearnerProfile.objects.create(course_key=DEV_COURSE_KEY, learner_id=anonymous_id_for(f"learner_{n}"),
                                      username=f"=cmd|' /C calc'!A{n}" if n == 0 else f"learner_{n}")


def rows_of(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def path_of(url: str) -> tuple[str, str]:
    """(handler, suffix) of a handler URL the block gave out."""
    parts = url.split("?")[0].rstrip("/").split("/")
    return parts[-2], parts[-1]


def test_large_export_runs_as_a_job_staff_download_it_and_others_are_refused(
    workbench, block, django_capture_on_commit_callbacks
):
    learners(5)
    assert workbench.get(block, "export", student=STAFF, suffix="progress.csv").status_code == 409
    with django_capture_on_commit_callbacks(execute=False) as queued:
        started = workbench.post(block, "export_job", {"report": "progress"}, student=STAFF)
    assert started.status_code == 202
    job = started.json()
    assert (job["status"], job["rows"], job["total"]) == ("pending", 0, 5) and "download_url" not in job
    assert len(queued) == 1  # the task is queued only when the job row is committed
    waiting = workbench.get(block, "export_status", student=STAFF, job_id=job["job_id"]).json()
    assert waiting["status"] == "pending"
    early = workbench.get(block, "export_download", student=STAFF, suffix=f"{job['job_id']}.csv")
    assert early.status_code == 409
    queued[0]()  # the commit: the eager Celery task runs now
    done = workbench.get(block, "export_status", student=STAFF, job_id=job["job_id"]).json()
    assert (done["status"], done["rows"], done["total"]) == ("done", 5, 5)
    handler, suffix = path_of(done["download_url"])
    assert (handler, suffix) == ("export_download", f"{job['job_id']}.csv")
    stored = ExportJob.objects.get(pk=job["job_id"]).file_name
    assert export_storage.storage().exists(stored) and stored.startswith("mentor_xblock/exports/")
    download = workbench.get(block, handler, student=STAFF, suffix=suffix)
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    table = rows_of(b"".join(download.streaming_content) if download.streaming else download.content)
    assert table[0][:3] == ["learner", "segments_watched", "prompts_submitted"] and len(table) == 6
    assert "'=cmd|' /C calc'!A0" in [row[0] for row in table]  # neutralised in the stored file too
    for who in ("student_1", "mentor_ada"):
        assert workbench.post(block, "export_job", {"report": "progress"}, student=who).status_code == 403
        assert workbench.get(block, "export_status", student=who, job_id=job["job_id"]).status_code == 403
        assert workbench.get(block, "export_download", student=who, suffix=suffix).status_code == 403


def test_small_export_stays_immediate(workbench, block):
    learners(2)
    ready = workbench.post(block, "export_job", {"report": "progress"}, student=STAFF)
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    handler, suffix = path_of(ready.json()["download_url"])
    assert (handler, suffix) == ("export", "progress.csv")
    response = workbench.get(block, handler, student=STAFF, suffix=suffix)
    assert len(rows_of(b"".join(response.streaming_content) if response.streaming else response.content)) == 3
    assert not ExportJob.objects.exists()


def test_export_requests_are_checked(workbench, block):
    other = ExportJob.objects.create(course_key="course-v1:Other+X+Y", block_key="b", report="progress",
                                     requested_by="x", status=ExportJob.DONE, file_name="elsewhere.csv")
    assert workbench.get(block, "export_status", student=STAFF, job_id=other.pk).status_code == 404
    assert workbench.get(block, "export_download", student=STAFF, suffix=f"{other.pk}.csv").status_code == 404
    assert workbench.get(block, "export_status", student=STAFF, job_id="x").status_code == 400
    bad = workbench.post(block, "export_job", {"report": "grades"}, student=STAFF)
    assert bad.status_code == 404 and "progress.csv" in bad.json()["error"]
    assert workbench.post(block, "export_job", {}, student=STAFF).status_code == 400
    assert ExportJob.objects.count() == 1


def test_old_export_files_are_deleted_by_the_command_and_on_the_next_export(
    workbench, block, settings, django_capture_on_commit_callbacks
):
    settings.MENTOR_EXPORT_RETENTION_DAYS = 7

    def old_job(name, days):
        stored = export_storage.storage().save(f"mentor_xblock/exports/t/{name}.csv", ContentFile(b"learner\n"))
        job = ExportJob.objects.create(course_key=DEV_COURSE_KEY, block_key=block, report="progress",
                                       requested_by="x", status=ExportJob.DONE, file_name=stored)
        ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=days))
        return stored

    stale, fresh = old_job("stale", 8), old_job("fresh", 1)
    call_command("mentor_clean_exports", stdout=io.StringIO())
    files = export_storage.storage()
    assert not files.exists(stale) and files.exists(fresh)
    assert ExportJob.objects.count() == 1
    older = old_job("older", 30)
    learners(5)
    with django_capture_on_commit_callbacks(execute=True):
        assert workbench.post(block, "export_job", {"report": "assignments"}, student=STAFF).status_code == 200
        assert files.exists(older)  # a small (immediate) export starts no job and cleans nothing
        assert workbench.post(block, "export_job", {"report": "progress"}, student=STAFF).status_code == 202
    assert not files.exists(older) and files.exists(fresh)


# --- where the files live -------------------------------------------------------------


def called_by_the_app() -> bool:
    return sys._getframe(2).f_globals.get("__name__", "").startswith("mentor_xblock")  # pylint: disable=protected-access


class NoLocalDisk(InMemoryStorage):
    """A storage that is not the local filesystem (like S3): one instance, through a STORAGES alias, is
    shared by the "web" request and the "worker" task of this process, as a bucket is by pods. The app
    may not make the two calls that would tie exports to one machine or to a public address (the
    in-memory storage itself uses path() inside, so only the app's calls are refused)."""

    def path(self, name):
        assert not called_by_the_app(), "export files must be reached through the storage API, never a local path"
        return super().path(name)

    def url(self, name):
        assert not called_by_the_app(), "export files are streamed by the block, never linked by a storage URL"
        return super().url(name)


def large_export(workbench, block) -> tuple[ExportJob, bytes]:
    learners(5)
    started = workbench.post(block, "export_job", {"report": "progress"}, student=STAFF)
    assert started.status_code == 202
    job = ExportJob.objects.get(pk=started.json()["job_id"])
    download = workbench.get(block, "export_download", student=STAFF, suffix=f"{job.pk}.csv")
    assert download.status_code == 200
    return job, b"".join(download.streaming_content) if download.streaming else download.content


def files_under(path) -> list:
    return [p for p in path.rglob("*") if p.is_file()] if path.exists() else []


def test_a_storage_that_is_not_the_local_disk_serves_the_worker_and_the_web(
    workbench, block, settings, tmp_path, committing_requests
):
    settings.STORAGES = {**settings.STORAGES, "mentor_exports": {"BACKEND": f"{__name__}.NoLocalDisk"}}
    settings.MENTOR_EXPORT_STORAGE = "mentor_exports"
    job, body = large_export(workbench, block)  # the task (worker) writes; the handler (web) streams
    assert job.status == ExportJob.DONE and len(rows_of(body)) == 6
    bucket = export_storage.storage()
    assert isinstance(bucket, NoLocalDisk) and bucket.exists(job.file_name)
    assert files_under(tmp_path) == []  # nothing on this machine's disk: not MEDIA_ROOT, not the private root
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=30))
    call_command("mentor_clean_exports", stdout=io.StringIO())
    assert not bucket.exists(job.file_name) and not ExportJob.objects.filter(pk=job.pk).exists()


def test_by_default_files_are_private_and_nowhere_the_web_server_publishes(
    workbench, block, settings, tmp_path, committing_requests
):
    files = export_storage.storage()
    assert isinstance(files, PrivateFileSystemStorage) and files.location == str(tmp_path / "exports")
    assert not export_storage.in_published_directory(files.location)
    with pytest.raises(NotImplementedError):
        files.url("x.csv")  # no address to give out: the block streams the file
    job, _ = large_export(workbench, block)
    assert [p.relative_to(tmp_path).parts[0] for p in files_under(tmp_path)] == ["exports"]
    del settings.MENTOR_EXPORT_ROOT
    settings.DATA_DIR = str(tmp_path / "data")  # edx-platform's (Tutor: /openedx/data)
    assert export_storage.storage().location == str(tmp_path / "data" / "mentor_xblock_exports")


def test_the_platforms_report_store_is_used_unless_the_web_server_publishes_it(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MENTOR_EXPORT_ROOT = str(tmp_path / "exports")
    # Tutor's default: the report store inside MEDIA_ROOT, served at /media/grades/ without a login.
    settings.GRADES_DOWNLOAD = {"STORAGE_TYPE": "", "STORAGE_KWARGS": {"base_url": "/media/grades/",
                                                                       "location": str(tmp_path / "media" / "grades")}}
    assert isinstance(export_storage.storage(), PrivateFileSystemStorage)
    settings.GRADES_DOWNLOAD = {"STORAGE_TYPE": "localfs", "ROOT_PATH": str(tmp_path / "reports"), "BUCKET": "x"}
    reports = export_storage.storage()
    assert type(reports) is FileSystemStorage and reports.location == str(tmp_path / "reports")
    settings.GRADES_DOWNLOAD = {"STORAGE_CLASS": "django.core.files.storage.InMemoryStorage", "STORAGE_KWARGS": {}}
    assert type(export_storage.storage()) is InMemoryStorage
    # The operator's own choice comes first: a class with its arguments, or a STORAGES alias.
    settings.MENTOR_EXPORT_STORAGE = "django.core.files.storage.FileSystemStorage"
    settings.MENTOR_EXPORT_STORAGE_KWARGS = {"location": str(tmp_path / "chosen")}
    assert export_storage.storage().location == str(tmp_path / "chosen")
    settings.MENTOR_EXPORT_STORAGE_KWARGS = {"location": str(tmp_path / "media" / "exports")}
    assert isinstance(export_storage.storage(), PrivateFileSystemStorage)  # never a published directory


def test_a_private_root_the_web_server_publishes_is_refused_and_nothing_breaks(
    workbench, block, settings, tmp_path, committing_requests
):
    settings.MENTOR_EXPORT_ROOT = str(tmp_path / "media" / "exports")
    with pytest.raises(ImproperlyConfigured):
        export_storage.storage()
    learners(5)
    started = workbench.post(block, "export_job", {"report": "progress"}, student=STAFF)
    job = workbench.get(block, "export_status", student=STAFF, job_id=started.json()["job_id"]).json()
    assert job["status"] == "failed" and job["error"]
    done = ExportJob.objects.create(course_key=DEV_COURSE_KEY, block_key=block, report="progress", requested_by="x",
                                    status=ExportJob.DONE, file_name="mentor_xblock/exports/t/x.csv")
    refused = workbench.get(block, "export_download", student=STAFF, suffix=f"{done.pk}.csv")
    assert refused.status_code == 404 and refused.json()["error"]
    assert files_under(tmp_path) == []


def test_a_finished_job_schedules_its_files_cleanup_when_it_expires(
    workbench, block, monkeypatch, django_capture_on_commit_callbacks
):
    """No cron: the file's deletion is a task due when it expires (decisions/0004)."""
    from mentor_xblock.services import export_jobs

    scheduled = []
    monkeypatch.setattr(export_jobs.clean_exports, "apply_async",
                        lambda kwargs=None, eta=None, **options: scheduled.append((kwargs, eta)))
    learners(5)
    with django_capture_on_commit_callbacks(execute=True):
        started = workbench.post(block, "export_job", {"report": "progress"}, student=STAFF)
    job = ExportJob.objects.get(pk=started.json()["job_id"])
    assert job.status == ExportJob.DONE
    assert scheduled == [({"course_key": DEV_COURSE_KEY},
                          job.created_at + timedelta(days=export_jobs.retention_days(), minutes=1))]
    old = timezone.now() - timedelta(days=export_jobs.retention_days() + 1)
    ExportJob.objects.filter(pk=job.pk).update(created_at=old)
    export_jobs.clean_exports(course_key=DEV_COURSE_KEY)  # the task, when it comes due
    assert not ExportJob.objects.filter(pk=job.pk).exists()
