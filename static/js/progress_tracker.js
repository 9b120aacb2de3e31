/* Watch progress for the learner view (student_view.js): the time a learner really watched, as
 * merged runs of continuous playback, and its reports to the server: one when playback first
 * starts (the server's clock), one soon after, then every REPORT_EVERY_MS while there is news,
 * and a beacon when the page goes away.
 */
(function () {
  'use strict';

  var REPORT_EVERY_MS = 10000;
  var FIRST_REPORT_MS = 2000; // the first credit shows 2-3 s into playback, then every REPORT_EVERY_MS
  var MAX_STEP = 1.5; // seconds; a bigger jump between two time readings is a seek, not playback

  var csrfToken = window.MentorCommon.csrfToken;
  var postJSON = window.MentorCommon.postJSON;

  // sendBeacon survives page unload but cannot set headers: the CSRF token travels as a form field.
  function beacon(url, data) {
    var form = new FormData();
    form.append('csrfmiddlewaretoken', csrfToken());
    form.append('payload', JSON.stringify(data));
    if (!(navigator.sendBeacon && navigator.sendBeacon(url, form))) {
      fetch(url, {method: 'POST', credentials: 'same-origin', body: form, keepalive: true});
    }
  }

  /* Watched time, as merged [from, to] runs of continuous playback in absolute media seconds. */
  function Tracker() {
    this.runs = [];
    this.run = null;
    this.last = null;
  }
  Tracker.prototype.tick = function (t) {
    if (this.run && this.last !== null && t >= this.last && t - this.last <= MAX_STEP) {
      this.run[1] = t;
    } else {
      this.stop();
      this.run = [t, t];
    }
    this.last = t;
  };
  Tracker.prototype.stop = function () {
    if (this.run && this.run[1] > this.run[0]) { this.runs = merge(this.runs.concat([this.run])); }
    this.run = null;
    this.last = null;
  };
  Tracker.prototype.intervals = function () {
    var all = this.run && this.run[1] > this.run[0] ? this.runs.concat([this.run.slice()]) : this.runs;
    return merge(all).map(function (r) { return [Math.round(r[0] * 100) / 100, Math.round(r[1] * 100) / 100]; });
  };

  function merge(runs) {
    var sorted = runs.map(function (r) { return [r[0], r[1]]; }).sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    sorted.forEach(function (r) {
      var top = merged[merged.length - 1];
      if (top && r[0] <= top[1]) { top[1] = Math.max(top[1], r[1]); } else { merged.push(r); }
    });
    return merged;
  }

  /* One segment's progress. options: url (record_progress), segmentId, signedIn (anonymous
   * learners report nothing), saved(state) with the server's answer, failed() when a report did not
   * reach it (the next report tries again). */
  function Progress(options) {
    this.options = options;
    this.tracker = new Tracker();
    this.timer = null;
    this.sentStart = false;
    this.dirty = false;
  }

  /* A time reading while the player plays. */
  Progress.prototype.watched = function (t) {
    this.tracker.tick(t);
    this.dirty = true;
  };

  /* Playback reached the clip's end at t: the run ends there. */
  Progress.prototype.ended = function (t) {
    this.tracker.tick(t);
    this.tracker.stop();
  };

  Progress.prototype.stop = function () { this.tracker.stop(); };

  Progress.prototype.playing = function () {
    var self = this;
    if (!this.sentStart) {
      // The first report starts the server's clock for this segment (it caps credit by wall time).
      this.sentStart = true;
      this.send(false);
    }
    if (!this.timer) {
      // A first report soon after playback starts, so progress shows at once; then periodically.
      this.timer = window.setTimeout(function tick() {
        if (self.dirty) { self.report(false); }
        self.timer = window.setTimeout(tick, REPORT_EVERY_MS);
      }, FIRST_REPORT_MS);
    }
  };

  Progress.prototype.send = function (useBeacon) {
    var self = this;
    var options = this.options;
    if (!options.signedIn) { return; }
    var data = {segment_id: options.segmentId, intervals: this.tracker.intervals()};
    this.dirty = false;
    if (useBeacon) { beacon(options.url, data); return; }
    postJSON(options.url, data).then(function (state) { options.saved(state); }, function () {
      self.dirty = true;
      options.failed();
    });
  };

  /* useBeacon when the page is going away: then only news is sent. */
  Progress.prototype.report = function (useBeacon) {
    if (this.sentStart && (this.dirty || !useBeacon)) { this.send(useBeacon); }
  };

  window.MentorProgress = {Progress: Progress};
}());
