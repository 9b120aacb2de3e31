/* Mentor XBlock learner view: click-to-load players, clip enforcement, watch tracking, transcripts.
 * Vanilla JS, no inline script: configuration arrives as initialize_js JSON arguments.
 */
(function () {
  'use strict';

  var YOUTUBE_API = 'https://www.youtube.com/iframe_api';
  var VIMEO_API = 'https://player.vimeo.com/api/player.js';
  var REPORT_EVERY_MS = 10000;
  var FIRST_REPORT_MS = 2000; // the first credit shows 2-3 s into playback, then every REPORT_EVERY_MS
  var LOAD_TIMEOUT_MS = 6000; // a provider player not ready by then is treated as blocked or offline
  var READ_EVERY_MS = 10000; // while the transcript is open and visible (the server counts the gaps)
  var PROVIDER_NAMES = {youtube: 'YouTube', vimeo: 'Vimeo'};
  var MAX_STEP = 1.5; // seconds; a bigger jump between two time readings is a seek, not playback
  var scripts = {};

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

  function loadScript(src, isReady) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        if (isReady()) { resolve(); return; }
        var tag = document.createElement('script');
        tag.src = src;
        tag.async = true;
        tag.onerror = reject;
        tag.onload = function () { if (src !== YOUTUBE_API) { resolve(); } };
        if (src === YOUTUBE_API) {
          // The IFrame API announces itself through a global callback; chain any existing one.
          var previous = window.onYouTubeIframeAPIReady;
          window.onYouTubeIframeAPIReady = function () {
            if (typeof previous === 'function') { previous(); }
            resolve();
          };
        }
        document.head.appendChild(tag);
      });
    }
    return scripts[src];
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

  /* Provider adapters share one small interface: play, pause, seek, time, focus, and events. */
  function html5Player(frame, seg, events) {
    var video = document.createElement('video');
    video.controls = true;
    video.preload = 'auto';
    video.playsInline = true;
    video.className = 'segment__video';
    video.setAttribute('aria-label', seg.title);
    video.src = seg.url.split('#')[0];
    if (seg.transcript_url) {
      var track = document.createElement('track');
      track.kind = 'captions';
      track.src = seg.transcript_url + (seg.transcript_url.indexOf('?') < 0 ? '?' : '&') + 'timeline=source';
      track.srclang = document.documentElement.lang || 'en';
      track.label = seg.captionsLabel;
      // The video element counts source time, so ask for cues cut to the clip but not shifted.
      video.appendChild(track);
    }
    frame.appendChild(video);
    video.addEventListener('loadedmetadata', function () { events.ready(); }, {once: true});
    video.addEventListener('timeupdate', function () { events.time(video.currentTime); });
    video.addEventListener('seeking', function () { events.seeking(video.currentTime); });
    video.addEventListener('play', function () { events.playing(); });
    video.addEventListener('pause', function () { events.paused(); });
    video.addEventListener('ended', function () { events.paused(); });
    video.addEventListener('error', function () { events.failed(); });
    return {
      play: function () { var p = video.play(); if (p && p.catch) { p.catch(function () {}); } },
      pause: function () { video.pause(); },
      seek: function (t) { video.currentTime = t; },
      time: function () { return video.currentTime; },
      isPlaying: function () { return !video.paused && !video.ended; },
      focus: function () { video.focus(); }
    };
  }

  function youtubePlayer(frame, seg, events) {
    var host = document.createElement('div');
    frame.appendChild(host);
    var player = null;
    var poll = null;
    var playing = false;
    function startPolling() {
      if (poll) { return; }
      poll = window.setInterval(function () { events.time(player.getCurrentTime()); }, 250);
    }
    function stopPolling() { window.clearInterval(poll); poll = null; }
    loadScript(YOUTUBE_API, function () { return window.YT && window.YT.Player; }).then(function () {
      player = new window.YT.Player(host, {
        host: 'https://www.youtube-nocookie.com',
        videoId: seg.video_id,
        width: '100%',
        playerVars: {
          start: seg.start, end: seg.end, origin: window.location.origin,
          rel: 0, playsinline: 1, modestbranding: 1, enablejsapi: 1, cc_load_policy: 0
        },
        events: {
          onReady: function () {
            var iframe = player.getIframe && player.getIframe();
            if (iframe) { iframe.setAttribute('title', seg.title); }
            events.ready();
          },
          onStateChange: function (e) {
            var state = window.YT.PlayerState;
            if (e.data === state.PLAYING) { playing = true; startPolling(); events.playing(); }
            else if (e.data === state.PAUSED || e.data === state.ENDED) {
              playing = false; stopPolling(); events.time(player.getCurrentTime()); events.paused();
            }
          },
          onError: function () { events.failed(); }
        }
      });
    }, function () { events.failed(); });
    return {
      play: function () { if (player) { player.playVideo(); } },
      pause: function () { if (player) { player.pauseVideo(); } },
      seek: function (t) { if (player) { player.seekTo(t, true); } },
      time: function () { return player ? player.getCurrentTime() : seg.start; },
      isPlaying: function () { return playing; },
      focus: function () { var f = player && player.getIframe && player.getIframe(); if (f) { f.focus(); } }
    };
  }

  function vimeoPlayer(frame, seg, events) {
    var host = document.createElement('div');
    frame.appendChild(host);
    var player = null;
    var current = seg.start;
    var playing = false;
    loadScript(VIMEO_API, function () { return window.Vimeo && window.Vimeo.Player; }).then(function () {
      var parts = String(seg.video_id).split(':');
      var options = {id: Number(parts[0]), dnt: true, responsive: true, title: false, byline: false};
      if (parts[1]) { options.url = 'https://vimeo.com/' + parts[0] + '/' + parts[1]; delete options.id; }
      player = new window.Vimeo.Player(host, options);
      player.ready().then(function () {
        var iframe = host.querySelector('iframe') || frame.querySelector('iframe');
        if (iframe) { iframe.setAttribute('title', seg.title); }
        events.ready();
      }, function () { events.failed(); });
      player.on('timeupdate', function (d) { current = d.seconds; events.time(d.seconds); });
      player.on('seeked', function (d) { current = d.seconds; events.seeking(d.seconds); });
      player.on('play', function () { playing = true; events.playing(); });
      player.on('pause', function () { playing = false; events.paused(); });
      player.on('ended', function () { playing = false; events.paused(); });
    }, function () { events.failed(); });
    return {
      play: function () { if (player) { player.play().catch(function () {}); } },
      pause: function () { if (player) { player.pause().catch(function () {}); } },
      seek: function (t) { if (player) { current = t; player.setCurrentTime(t).catch(function () {}); } },
      time: function () { return current; },
      isPlaying: function () { return playing; },
      focus: function () { var f = frame.querySelector('iframe'); if (f) { f.focus(); } }
    };
  }

  var PROVIDERS = {html5: html5Player, youtube: youtubePlayer, vimeo: vimeoPlayer};

  function Segment(view, section, seg) {
    this.view = view;
    this.section = section;
    this.seg = seg;
    this.tracker = new Tracker();
    this.player = null;
    this.ready = false;
    this.pendingSeek = null;
    this.timer = null;
    this.sentStart = false;
    this.dirty = false;
    this.el = function (role) { return section.querySelector('[data-role="' + role + '"]'); };
    this.cues = Array.prototype.slice.call(section.querySelectorAll('[data-role="cue"]'));
    var self = this;
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
    this.tracker.stop();
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
    // Forget the provider script that failed, so the retry really asks the network again.
    delete scripts[this.seg.provider === 'youtube' ? YOUTUBE_API : VIMEO_API];
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
    seg.captionsLabel = this.view.t.captions;
    this.player = PROVIDERS[seg.provider](frame, seg, {
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
      seeking: function (t) { self.tracker.stop(); self.enforce(t); },
      playing: function () { self.onPlaying(); },
      paused: function () { self.tracker.stop(); self.report(false); },
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
      this.tracker.tick(Math.min(t, seg.end));
      this.tracker.stop();
      this.player.pause();
      if (t > seg.end + 0.5) { this.player.seek(seg.end); }
      this.say(this.view.t.clip_ended);
      this.report(false);
      return false;
    }
    return true;
  };

  Segment.prototype.onTime = function (t) {
    if (!this.enforce(t)) { return; }
    if (this.player.isPlaying()) {
      this.tracker.tick(t);
      this.dirty = true;
    }
    this.highlight(t - this.seg.start);
  };

  Segment.prototype.onPlaying = function () {
    var self = this;
    this.say('');
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

  Segment.prototype.highlight = function (clipTime) {
    this.cues.forEach(function (cue) {
      var on = clipTime >= Number(cue.getAttribute('data-start')) && clipTime < Number(cue.getAttribute('data-end'));
      if (on) { cue.setAttribute('aria-current', 'true'); } else { cue.removeAttribute('aria-current'); }
    });
  };

  Segment.prototype.send = function (useBeacon) {
    var self = this;
    if (!this.view.signedIn) { return; }
    var data = {segment_id: this.seg.id, intervals: this.tracker.intervals()};
    this.dirty = false;
    if (useBeacon) { beacon(this.view.url, data); return; }
    postJSON(this.view.url, data).then(function (state) { self.render(state); }, function () {
      self.dirty = true;
      self.say(self.view.t.saving_failed);
    });
  };

  Segment.prototype.report = function (useBeacon) {
    if (this.sentStart && (this.dirty || !useBeacon)) { this.send(useBeacon); }
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
    function flush() { segments.forEach(function (s) { s.tracker.stop(); s.report(true); }); }
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
