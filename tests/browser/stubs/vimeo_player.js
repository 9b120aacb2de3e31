/* A local stand-in for Vimeo's player.js: the calls the block uses, on a simulated clock. */
(function () {
  'use strict';
  function Player(host, options) {
    var iframe = document.createElement('iframe');
    iframe.setAttribute('data-stub', 'vimeo');
    iframe.src = 'about:blank';
    host.appendChild(iframe);
    this.options = options;
    this.handlers = {};
    this.time = 0;
    this.playing = false;
    this.since = null;
    window.__vimeoStub = this;
    var self = this;
    this.timer = window.setInterval(function () {
      if (self.playing) { self.fire('timeupdate', {seconds: self.now()}); }
    }, 250);
  }
  Player.prototype.now = function () { return this.playing ? this.time + (Date.now() - this.since) / 1000 : this.time; };
  Player.prototype.fire = function (name, data) { (this.handlers[name] || []).forEach(function (h) { h(data); }); };
  Player.prototype.on = function (name, handler) { (this.handlers[name] = this.handlers[name] || []).push(handler); };
  Player.prototype.ready = function () { return Promise.resolve(); };
  Player.prototype.play = function () { this.since = Date.now(); this.playing = true; this.fire('play', {}); return Promise.resolve(); };
  Player.prototype.pause = function () { this.time = this.now(); this.playing = false; this.fire('pause', {}); return Promise.resolve(); };
  Player.prototype.setCurrentTime = function (t) { this.time = t; this.since = Date.now(); this.fire('seeked', {seconds: t}); return Promise.resolve(t); };
  window.Vimeo = {Player: Player};
}());
