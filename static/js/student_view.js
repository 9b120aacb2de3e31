/* Mentor XBlock learner view: click-to-load players, clip enforcement, watch tracking, transcripts.
 * The player adapters live in players.js, watched time and its reports in progress_tracker.js;
 * this file wires them to each segment of the page.
 * Vanilla JS, no inline script: configuration arrives as initialize_js JSON arguments.
 */
(function () {
  'use strict';

  var LOAD_TIMEOUT_MS = 6000; // a provider player not ready by then is treated as blocked or offline
  var READ_EVERY_MS = 10000; // while the transcript is open and visible (the server counts the gaps)
  var PROVIDER_NAMES = {youtube: 'YouTube', vimeo: 'Vimeo'};

  var postJSON = window.MentorCommon.postJSON;
  var players = window.MentorPlayers; // players.js: the YouTube, Vimeo and HTML5 adapters
  var Progress = window.MentorProgress.Progress; // progress_tracker.js: watched runs and their reports

  function Segment(view, section, seg) {
    this.view = view;
    this.section = section;
    this.seg = seg;
    this.player = null;
    this.ready = false;
    this.pendingSeek = null;
    this.el = function (role) { return section.querySelector('[data-role="' + role + '"]'); };
    this.cues = Array.prototype.slice.call(section.querySelectorAll('[data-role="cue"]'));
    var self = this;
    this.progress = new Progress({
      url: view.url, segmentId: seg.id, signedIn: view.signedIn,
      saved: function (state) { self.render(state); },
      failed: function () { self.say(self.view.t.saving_failed); }
    });
    this.failed = false;
    this.loadTimer = null;
    this.readTimer = null;
    this.el('play').addEventListener('click', function () { self.load(null); });
    this.el('retry').addEventListener('click', function () { self.retry(); });
    var read = this.el('read');
    var details = this.el('transcript');
    if (read && details) {
      read.addEventListener('click', function () {
        details.open = true;
        details.querySelector('summary').focus();
      });
    }
    if (details && seg.transcript_credit && view.signedIn) {
      details.addEventListener('toggle', function () { self.reading(details.open); });
      document.addEventListener('visibilitychange', function () {
        self.reading(details.open && document.visibilityState === 'visible');
      });
    }
    this.cues.forEach(function (cue) {
      cue.addEventListener('click', function () { self.load(seg.start + Number(cue.getAttribute('data-start'))); });
    });
    this.render(seg.progress);
  }

  Segment.prototype.say = function (text) { this.el('message').textContent = text; };

  /* The provider did not load (blocked, offline, or an error): keep the play control, say so,
   * and offer a retry, the source link and the transcript (the fallback block in the template). */
  Segment.prototype.fail = function () {
    if (this.failed) { return; }
    this.failed = true;
    window.clearTimeout(this.loadTimer);
    this.progress.stop();
    var frame = this.el('frame');
    frame.hidden = true;
    while (frame.firstChild) { frame.removeChild(frame.firstChild); }
    this.player = null;
    this.ready = false;
    this.el('poster').hidden = false;
    var t = this.view.t;
    var name = PROVIDER_NAMES[this.seg.provider];
    var text = !name ? t.file_failed : (this.el('read') ? t.provider_failed : t.provider_failed_no_transcript);
    this.say(text.split('{provider}').join(name || ''));
    this.el('fallback').hidden = false;
    this.el('retry').focus();
  };

  Segment.prototype.retry = function () {
    players.forget(this.seg.provider);
    this.failed = false;
    this.el('fallback').hidden = true;
    this.load(null);
  };

  /* Reading the transcript, where the author allows it: one report when it opens (the server
   * starts the clock), then every READ_EVERY_MS while open and visible, one when it closes. */
  Segment.prototype.reading = function (on) {
    var self = this;
    if (on && !this.readTimer) {
      this.sendReading();
      this.readTimer = window.setInterval(function () { self.sendReading(); }, READ_EVERY_MS);
    } else if (!on && this.readTimer) {
      window.clearInterval(this.readTimer);
      this.readTimer = null;
      this.sendReading();
    }
  };

  Segment.prototype.sendReading = function () {
    var self = this;
    postJSON(this.view.readingUrl, {segment_id: this.seg.id}).then(function (state) { self.render(state); }, function () {
      self.say(self.view.t.saving_failed);
    });
  };

  Segment.prototype.load = function (at) {
    var self = this;
    var seg = this.seg;
    var target = at === null ? seg.start : at;
    if (this.player) {
      this.player.seek(target);
      this.player.play();
      return;
    }
    var frame = this.el('frame');
    this.el('poster').hidden = true;
    this.el('fallback').hidden = true;
    frame.hidden = false;
    this.say(this.view.t.loading);
    window.clearTimeout(this.loadTimer);
    this.loadTimer = window.setTimeout(function () { if (!self.ready) { self.fail(); } }, LOAD_TIMEOUT_MS);
    this.pendingSeek = target;
    seg.labels = this.view.t;  // the clip controls' words (players.js)
    this.player = players.providers[seg.provider](frame, seg, {
      ready: function () {
        if (self.failed) { return; } // too late: the learner has the fallback now, and Retry
        window.clearTimeout(self.loadTimer);
        self.ready = true;
        self.say('');
        self.player.seek(self.pendingSeek);
        self.player.play();
        self.player.focus();
      },
      time: function (t) { self.onTime(t); },
      seeking: function (t) { self.progress.stop(); self.enforce(t); },
      playing: function () { self.say(''); self.progress.playing(); },
      paused: function () { self.progress.stop(); self.progress.report(false); },
      failed: function () { self.fail(); }
    });
  };

  // Keep playback inside [start, end]: providers forget `end` after a seek, so we enforce it.
  Segment.prototype.enforce = function (t) {
    var seg = this.seg;
    if (t < seg.start - 0.5) {
      this.player.seek(seg.start);
      return false;
    }
    if (t >= seg.end) {
      this.progress.ended(Math.min(t, seg.end));
      this.player.pause();
      if (t > seg.end + 0.5) { this.player.seek(seg.end); }
      this.say(this.view.t.clip_ended);
      this.progress.report(false);
      return false;
    }
    return true;
  };

  Segment.prototype.onTime = function (t) {
    if (!this.enforce(t)) { return; }
    if (this.player.isPlaying()) { this.progress.watched(t); }
    this.highlight(t - this.seg.start);
  };

  Segment.prototype.highlight = function (clipTime) {
    this.cues.forEach(function (cue) {
      var on = clipTime >= Number(cue.getAttribute('data-start')) && clipTime < Number(cue.getAttribute('data-end'));
      if (on) { cue.setAttribute('aria-current', 'true'); } else { cue.removeAttribute('aria-current'); }
    });
  };

  Segment.prototype.render = function (state) {
    var t = this.view.t;
    var percent = Math.round((state.coverage || 0) * 100);
    var readShare = this.seg.reading_seconds ? Math.min(1, (state.read_seconds || 0) / this.seg.reading_seconds) : 0;
    var readPercent = Math.round(readShare * 100);
    var text = state.watched ? t.watched : (percent > 0 ? t.percent_watched.replace('{percent}', percent) : t.not_watched);
    if (state.watched && percent < readPercent) { text = t.read; percent = 100; }
    else if (!state.watched && readPercent > percent) { text = t.percent_read.replace('{percent}', readPercent); percent = readPercent; }
    var targets = [this.section, this.view.root.querySelector('.mentorship__toc-item[data-segment-id="' + this.seg.id + '"]')];
    targets.forEach(function (node) {
      if (!node) { return; }
      var bar = node.querySelector('progress');
      var label = node.querySelector('[data-role="status-text"]');
      if (bar) { bar.value = percent; }
      if (label && label.textContent !== text) { label.textContent = text; }
    });
    this.section.classList.toggle('segment--watched', !!state.watched);
    summarise(this.view.root, 'summary-segments', this.view.root.querySelectorAll('.segment--watched').length);
  };

  /* The progress summary at the top ("2 of 4 clips watched"): the server's sentence, count updated in place. */
  function summarise(root, role, done) {
    var node = root.querySelector('[data-role="' + role + '"][data-template]');
    if (node) { node.textContent = node.getAttribute('data-template').replace('{done}', done); }
  }
  window.MentorSummarise = summarise;

  window.MentorStudentView = function (runtime, element, args) {
    var root = element && element.jquery ? element[0] : element;
    args = window.MentorCommon.initArgs(args);
    var view = {
      root: root,
      t: args.i18n,
      signedIn: args.signed_in,
      url: runtime.handlerUrl(root, 'record_progress'),
      readingUrl: runtime.handlerUrl(root, 'record_reading')
    };
    var segments = args.segments.map(function (seg) {
      var section = root.querySelector('section.segment[data-segment-id="' + seg.id + '"]');
      return section ? new Segment(view, section, seg) : null;
    }).filter(Boolean);
    // The page's clips for moments (history.js): their titles, "play from here", the clip playing now.
    root.mentorClips = {
      order: segments.map(function (s) { return s.seg.id; }),
      titles: segments.reduce(function (all, s) { all[s.seg.id] = s.seg.title || s.seg.id; return all; }, {}),
      seek: function (id, seconds) {
        var s = segments.filter(function (x) { return x.seg.id === id; })[0];
        if (!s) { return; }
        s.section.scrollIntoView({block: 'center'});
        s.highlight(seconds - s.seg.start);
        var details = s.el('transcript');
        var cue = s.section.querySelector('[data-role="cue"][aria-current="true"]');
        if (details && cue) { details.open = true; }
        s.load(seconds);
      },
      playing: function () {
        var s = segments.filter(function (x) { return x.player && x.ready && x.player.isPlaying(); })[0];
        return s ? {segment_id: s.seg.id, seconds: s.player.time()} : null;
      }
    };
    function flush() { segments.forEach(function (s) { s.progress.stop(); s.progress.report(true); }); }
    document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') { flush(); } });
    window.addEventListener('pagehide', flush);
    // Other parts of the view (each in a file of its own) start from here.
    if (window.MentorWidget && args.mentoring) { window.MentorWidget(runtime, root, args.mentoring); }
    if (window.MentorPrompts && args.prompts) { window.MentorPrompts(runtime, root, args.prompts); }
    if (window.MentorDashboard && args.dashboard && args.dashboard.role === 'mentor') { window.MentorDashboard(runtime, root, args.dashboard); }
    if (window.MentorProgramme && args.dashboard && args.dashboard.role === 'staff') { window.MentorProgramme(runtime, root, args.dashboard); }
    return {segments: segments};
  };
}());
