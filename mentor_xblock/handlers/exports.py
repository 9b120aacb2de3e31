"""Handlers for the programme's CSV reports: streamed at once when small, as a background job
(services/export_jobs.py) when large. Programme staff only (the services check)."""
from __future__ import annotations

from webob import Response

from ..base import BlockBase
from ..core.messages import N_, number
from ..errors import Conflict, require
from ..services import export_jobs, reports
from .decorator import api_handler, json_response


def _csv_response(body, filename: str) -> Response:
    response = Response(content_type="text/csv", charset="utf-8")
    response.app_iter = body
    response.content_disposition = f'attachment; filename="{filename}"'
    return response


class ExportHandlers(BlockBase):
    """export, export_job, export_status, export_download."""

    def _report_params(self, report: str) -> dict:
        return reports.report_params(report, self.authored, self.deadline.close)

    def _job_json(self, job) -> dict:
        answer = export_jobs.job_json(job)
        if job.status == job.DONE:
            answer["download_url"] = self.handler_path("export_download", f"{job.pk}.csv")
        return answer

    @api_handler(methods=("GET",))
    def export(self, data, suffix=""):
        """GET export/<assignments|responses|progress>.csv: the CSV streamed at once, for programme
        staff; 409 when the report is larger than the task threshold (use export_job)."""
        name = export_jobs.report_name(suffix[:-4] if suffix.endswith(".csv") else suffix)
        actor = self.actor()
        reports.require_staff(actor)
        size = reports.report_size(self.block_ref, name)
        if size > export_jobs.task_threshold():
            raise Conflict(N_("This report has {rows} rows; start it as an export job and download it when it is ready.",
                              rows=number(size)))
        # Rows are produced as the body is sent, in chunks.
        body = reports.export(self.block_ref, actor, name, self._report_params(name))
        return _csv_response(body, f"mentorship-{name}-{self.dom_id}.csv")

    @api_handler()
    def export_job(self, data, suffix=""):
        """{"report": "progress"}: {"status": "ready", "download_url"} for a small report, or a
        background job for a large one, 202 {"job_id", "status": "pending", "rows", "total", …}."""
        name = require(data, "report", max_length=20)
        job = export_jobs.start(self.block_ref, self.actor(), export_jobs.report_name(name), self._report_params(name))
        if job is None:
            return {"status": "ready", "download_url": self.handler_path("export", f"{name}.csv")}
        self.runtime.publish(self, "edx.mentorship.export.started", {"report": name, "job_id": job.pk, "total": job.total})
        return json_response(self._job_json(job), status=202)

    @api_handler(methods=("GET",))
    def export_status(self, data, suffix=""):
        """GET ?job_id=12: {"job_id", "report", "status", "rows", "total", "download_url" when done}."""
        return self._job_json(export_jobs.status(self.block_ref, self.actor(), data.get("job_id")))

    @api_handler(methods=("GET",))
    def export_download(self, data, suffix=""):
        """GET export_download/<job_id>.csv: the finished export's file, streamed to programme staff."""
        job, handle = export_jobs.open_file(self.block_ref, self.actor(), suffix[:-4] if suffix.endswith(".csv") else suffix)

        def chunks():
            try:
                yield from iter(lambda: handle.read(64 * 1024), b"")
            finally:
                handle.close()

        return _csv_response(chunks(), f"mentorship-{job.report}-{self.dom_id}.csv")
