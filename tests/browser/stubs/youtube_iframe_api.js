/* A local stand-in for the YouTube IFrame Player API (tests have no internet).
 * It implements the calls the block uses on a simulated clock, so tests can check
 * start/end enforcement, seeking and progress reporting through the YouTube path. */
(function () {
  'use strict';
  var State = {UNSTARTED: -1, ENDED: 0, PLAYING: 1, PAUSED: 2, BUFFERING: 3, CUED: 5};
  function Player(host, options) {
    var el = typeof host === 'string' ? document.getElementById(host) : host;
    var iframe = document.createElement('iframe');
    iframe.setAttribute('data-stub', 'youtube');
    iframe.setAttribute('data-video-id', options.videoId);
    iframe.src = 'about:blank';
    el.parentNode.replaceChild(iframe, el);
    this.iframe = iframe;
    this.options = options;
    this.time = 0;
    this.rate = 1;
    this.state = State.UNSTARTED;
    this.since = null;
    window.__ytStub = this;
    var self = this;
    window.setTimeout(function () {
      if (options.events && options.events.onReady) { options.events.onReady({target: self}); }
    }, 50);
  }
  Player.prototype.emit = function (state) {
    this.state = state;
    var cb = this.options.events && this.options.events.onStateChange;
    if (cb) { cb({target: this, data: state}); }
  };
  Player.prototype.getCurrentTime = function () {
    if (this.state === State.PLAYING) { return this.time + this.rate * (Date.now() - this.since) / 1000; }
    return this.time;
  };
  Player.prototype.playVideo = function () {
    if (this.state === State.PLAYING) { return; }
    this.since = Date.now();
    this.emit(State.PLAYING);
  };
  Player.prototype.pauseVideo = function () {
    if (this.state !== State.PLAYING) { return; }
    this.time = this.getCurrentTime();
    this.emit(State.PAUSED);
  };
  Player.prototype.seekTo = function (t) {
    this.time = t;
    this.since = Date.now();
  };
  Player.prototype.setPlaybackRate = function (r) { this.time = this.getCurrentTime(); this.since = Date.now(); this.rate = r; };
  Player.prototype.getPlayerState = function () { return this.state; };
  Player.prototype.getIframe = function () { return this.iframe; };
  window.YT = {Player: Player, PlayerState: State};
  window.setTimeout(function () { if (window.onYouTubeIframeAPIReady) { window.onYouTubeIframeAPIReady(); } }, 0);
}());
