/* CSV reports of the programme dashboard (programme_dashboard.js): small ones download at once;
 * large ones run as a server job we poll until the file is ready. Handlers: export_job, export_status. */
(function () {
  'use strict';

  var C = window.MentorCommon;
  var el = C.el;

  /* box: the programme dashboard; url(handler, suffix); t: its catalogue. */
  function Reports(box, url, t) {
    this.box = box;
    this.url = url;
    this.t = t;
  }

  Reports.prototype.status = function () { return this.box.querySelector('[data-role="export-status"]'); };

  Reports.prototype.start = function (report, label) {
    var self = this;
    var t = this.t;
    var status = this.status();
    status.textContent = C.format(t.export_starting, {report: label});
    C.postJSON(this.url('export_job'), {report: report}).then(function (job) {
      if (job.status === 'ready') {
        status.textContent = '';
        self.download(job.download_url);
        return;
      }
      self.follow(job, label);
    }, function (error) { status.textContent = error.message || t.error; });
  };

  Reports.prototype.follow = function (job, label) {
    var self = this;
    var t = this.t;
    var status = this.status();
    status.textContent = '';
    if (job.status === 'done') {
      var link = el('a', {href: job.download_url, download: '', text: C.format(t.export_download, {report: label})});
      status.appendChild(document.createTextNode(C.format(t.export_ready, {rows: job.rows}) + ' '));
      status.appendChild(link);
      link.focus();
      return;
    }
    if (job.status === 'failed') {
      status.textContent = job.error || t.error;
      return;
    }
    status.textContent = C.format(t.export_progress, {report: label, rows: job.rows, total: job.total});
    window.setTimeout(function () {
      C.getJSON(self.url('export_status'), {job_id: job.job_id}).then(function (next) {
        self.follow(next, label);
      }, function (error) { status.textContent = error.message || t.error; });
    }, 1500);
  };

  Reports.prototype.download = function (url) {
    var link = el('a', {href: url, download: '', hidden: true});
    this.box.appendChild(link);
    link.click();
    link.remove();
  };

  /* Wires the dashboard's [data-export] links. */
  window.MentorProgrammeExports = function (box, url, t) {
    var reports = new Reports(box, url, t);
    Array.prototype.forEach.call(box.querySelectorAll('[data-export]'), function (link) {
      // The plain link still works without JS for a small course; with JS a large report becomes a job.
      link.href = url('export', link.getAttribute('data-export') + '.csv');
      link.addEventListener('click', function (event) {
        event.preventDefault();
        reports.start(link.getAttribute('data-export'), link.textContent);
      });
    });
    return reports;
  };
}());
