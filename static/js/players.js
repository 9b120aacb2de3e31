/* Player adapters for the learner view (student_view.js): an HTML5 <video>, YouTube (IFrame API,
 * youtube-nocookie) and Vimeo (player.js), each behind one small interface. Provider scripts load
 * only when a learner presses play, once per page.
 */
(function () {
  'use strict';

  var YOUTUBE_API = 'https://www.youtube.com/iframe_api';
  var VIMEO_API = 'https://player.vimeo.com/api/player.js';
  var scripts = {};

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

  /* Forget the provider script that failed, so a retry really asks the network again. */
  function forget(provider) {
    delete scripts[provider === 'youtube' ? YOUTUBE_API : VIMEO_API];
  }

  /* Provider adapters share one small interface: play, pause, seek, time, focus, and events. */
  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    return (h ? h + ':' + (m < 10 ? '0' : '') : '') + m + ':' + (s < 10 ? '0' : '') + s;
  }

  /* The clip's own controls under an HTML5 video (issue 23): the native ones count the whole file
   * ("0:03 / 0:30"); these count the clip ("0:01 / 0:12") and their scrubber spans only the clip. */
  function clipControls(frame, video, seg, hasCaptions) {
    var t = seg.labels;
    var length = seg.end - seg.start;
    var bar = document.createElement('div');
    bar.className = 'segment__controls';
    function button(role, text) {
      var node = document.createElement('button');
      node.type = 'button';
      node.className = 'segment__control';
      node.dataset.role = role;
      node.textContent = text;
      bar.appendChild(node);
      return node;
    }
    var toggle = button('clip-toggle', t.play);
    var scrubber = document.createElement('input');
    scrubber.type = 'range';
    scrubber.min = '0';
    scrubber.max = String(length);
    scrubber.step = '0.1';
    scrubber.value = '0';
    scrubber.className = 'segment__scrubber';
    scrubber.dataset.role = 'clip-scrubber';
    scrubber.setAttribute('aria-label', t.clip_position);
    bar.appendChild(scrubber);
    var time = document.createElement('span');
    time.className = 'segment__clock';
    time.dataset.role = 'clip-time';
    time.setAttribute('aria-hidden', 'true');  // the scrubber says it (aria-valuetext)
    time.dir = 'ltr';  // "0:03 / 0:12" reads the same way in a right-to-left page
    bar.appendChild(time);
    var captions = hasCaptions ? button('clip-captions', t.captions) : null;
    var full = frame.requestFullscreen ? button('clip-fullscreen', t.fullscreen) : null;
    function show() {
      var at = Math.min(Math.max(video.currentTime - seg.start, 0), length);
      if (document.activeElement !== scrubber) { scrubber.value = String(at); }
      time.textContent = clock(at) + ' / ' + clock(length);
      scrubber.setAttribute('aria-valuetext', t.clip_time.replace('{time}', clock(at)).replace('{length}', clock(length)));
      toggle.textContent = video.paused || video.ended ? t.play : t.pause;
    }
    toggle.addEventListener('click', function () {
      if (video.paused || video.ended) { var p = video.play(); if (p && p.catch) { p.catch(function () {}); } } else { video.pause(); }
    });
    scrubber.addEventListener('input', function () { video.currentTime = seg.start + Number(scrubber.value); });
    if (captions) {
      captions.setAttribute('aria-pressed', 'false');
      captions.addEventListener('click', function () {
        var on = captions.getAttribute('aria-pressed') !== 'true';
        captions.setAttribute('aria-pressed', String(on));
        if (video.textTracks[0]) { video.textTracks[0].mode = on ? 'showing' : 'hidden'; }
      });
    }
    if (full) {
      full.addEventListener('click', function () {
        if (document.fullscreenElement) { document.exitFullscreen(); } else { frame.requestFullscreen().catch(function () {}); }
      });
    }
    ['timeupdate', 'play', 'pause', 'ended', 'seeked', 'loadedmetadata'].forEach(function (name) {
      video.addEventListener(name, show);
    });
    show();
    frame.appendChild(bar);
    return toggle;
  }

  function html5Player(frame, seg, events) {
    var video = document.createElement('video');
    video.preload = 'auto';
    video.playsInline = true;
    video.className = 'segment__video';
    video.setAttribute('aria-label', seg.title);
    // A media fragment: the browser starts loading at the clip (the block still enforces its end).
    video.src = seg.url.split('#')[0] + '#t=' + seg.start + ',' + seg.end;
    if (seg.transcript_url) {
      var track = document.createElement('track');
      track.kind = 'captions';
      track.src = seg.transcript_url + (seg.transcript_url.indexOf('?') < 0 ? '?' : '&') + 'timeline=source';
      track.srclang = document.documentElement.lang || 'en';
      track.label = seg.labels.captions;
      // The video element counts source time, so ask for cues cut to the clip but not shifted.
      video.appendChild(track);
    }
    frame.appendChild(video);
    frame.classList.add('segment__frame--html5');
    var toggle = clipControls(frame, video, seg, !!seg.transcript_url);
    video.addEventListener('click', function () { toggle.click(); });
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
      focus: function () { toggle.focus(); }
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

  /* providers[seg.provider](frame, seg, events) builds a player in frame; events: ready, time(t),
   * seeking(t), playing, paused, failed. */
  window.MentorPlayers = {providers: {html5: html5Player, youtube: youtubePlayer, vimeo: vimeoPlayer}, forget: forget};
}());
