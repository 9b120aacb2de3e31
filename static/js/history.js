/* The mentoring conversation (issue 21): earlier rounds of a response, folded; reviews with their
 * criteria levels; moments of a clip ("at 2:13 in Start with why") that play the clip from there,
 * and the control that attaches one to a response or a reply. Shapes: docs/api.md "History", "Moments". */
(function () {
  'use strict';

  var C = window.MentorCommon;
  var el = C.el;

  /* 133.4 → "2:13"; 3725 → "1:02:05" (as core/moments.py clock). */
  function clock(seconds) {
    var whole = Math.floor(Number(seconds) || 0);
    var h = Math.floor(whole / 3600);
    var m = Math.floor((whole % 3600) / 60);
    var s = whole % 60;
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    return h ? h + ':' + pad(m) + ':' + pad(s) : m + ':' + pad(s);
  }

  /* "2:13" / "1:02:05" / "133" → seconds, or null when it is not a time. */
  function parseClock(text) {
    var value = String(text || '').trim();
    if (!/^\d+(:\d{1,2}){0,2}(\.\d+)?$/.test(value)) { return null; }
    return value.split(':').reduce(function (total, part) { return total * 60 + Number(part); }, 0);
  }

  /* The page's clips (student_view.js sets root.mentorClips: titles, seek, playing). */
  function clips(root) { return (root && root.mentorClips) || null; }

  /* "at 2:13 in Start with why": a button that plays the clip from there and highlights the transcript line. */
  function momentLink(root, moment, t) {
    if (!moment) { return null; }
    var page = clips(root);
    var title = page && page.titles[moment.segment_id] || moment.segment_id;
    var text = C.format(t.at_moment, {time: clock(moment.seconds), title: title});
    if (!page || !page.titles[moment.segment_id]) { return el('span', {className: 'moment', text: text}); }
    var button = el('button', {type: 'button', className: 'link-button moment', text: text,
      'data-moment': moment.segment_id + '@' + moment.seconds});
    button.addEventListener('click', function () { page.seek(moment.segment_id, moment.seconds); });
    return button;
  }

  /* What a review said: who, when, the status, the level of each criterion, the comment. */
  function reviewItem(review, t) {
    var who = review.by || t.former_mentor;
    var head = el('p', {className: 'round__review-meta'}, [
      el('strong', {text: C.format(review.status === 'needs_revision' ? t.asked_revision : t.marked_reviewed, {who: who})}),
      document.createTextNode(' · '), C.time(review.at)
    ]);
    if (review.changed) { head.appendChild(el('span', {className: 'badge', text: t.review_changed})); }
    var item = el('li', {className: 'round__review round__review--' + review.status}, [head]);
    if (review.levels && review.levels.length) {
      item.appendChild(el('dl', {className: 'criteria-levels'}, review.levels.reduce(function (parts, level) {
        return parts.concat([el('dt', {text: level.criterion}),
          el('dd', {text: C.format(t.level_of, {level: level.level, index: level.index + 1, of: level.of})})]);
      }, [])));
    }
    if (review.comment) { item.appendChild(C.richText(review.comment_parts, 'round__comment')); }
    return item;
  }

  function reviewList(reviews, t) {
    if (!reviews || !reviews.length) { return null; }
    return el('ol', {className: 'round__reviews'}, reviews.map(function (review) { return reviewItem(review, t); }));
  }

  /* The earlier rounds of a response (all but the current one), each folded in a <details>: what the
   * learner wrote, the moment, the reviews and the replies of that round (replyItem shapes a reply). */
  function earlierRounds(root, rounds, t, replyItem) {
    var earlier = (rounds || []).filter(function (round) { return !round.current; });
    if (!earlier.length) { return null; }
    var box = el('section', {className: 'history', 'data-role': 'history'}, [
      el('h4', {className: 'history__title', text: C.plural(t.earlier_rounds, earlier.length, {count: earlier.length})})
    ]);
    earlier.forEach(function (round) {
      var summary = el('summary', {}, [
        document.createTextNode(C.format(t.round_n, {number: round.number}) + ' · '), C.time(round.submitted_at)
      ]);
      var body = [summary, C.richText(round.text_parts, 'round__text'), momentLink(root, round.moment, t),
        reviewList(round.reviews, t)];
      if (round.replies.length) {
        body.push(el('ol', {className: 'replies'}, round.replies.map(function (reply) { return replyItem(reply); })));
      }
      box.appendChild(el('details', {className: 'round', 'data-round': String(round.number)}, body));
    });
    return box;
  }

  /* The round a response is in now, with its reviews (criteria levels and explanation). */
  function currentRound(response) {
    var rounds = response.rounds || [];
    return rounds.length ? rounds[rounds.length - 1] : null;
  }

  /* Attach a moment: a button "at 2:13" that takes the time of the clip playing, or a typed m:ss
   * in a chosen clip; `value()` is the moment, null (none), false when the typed time is not one, or
   * undefined when the page has no clip. */
  function MomentPicker(root, t, idPrefix, initial) {
    var page = clips(root);
    this.page = page;
    this.t = t;
    this.moment = initial || null;
    if (!page || !page.order.length) { this.node = null; return; }
    var self = this;
    this.take = el('button', {type: 'button', className: 'moment-picker__take', hidden: true});
    this.select = el('select', {id: idPrefix + '-clip', className: 'moment-picker__clip'},
      page.order.map(function (id) { return el('option', {value: id, text: page.titles[id] || id}); }));
    this.typed = el('input', {id: idPrefix + '-time', className: 'moment-picker__time', inputmode: 'numeric',
      placeholder: 'm:ss', size: '7'});
    this.shown = el('span', {className: 'moment-picker__chosen', 'aria-live': 'polite'});
    this.clear = el('button', {type: 'button', className: 'link-button', text: t.remove_moment, hidden: true});
    this.node = el('fieldset', {className: 'moment-picker'}, [
      el('legend', {text: t.moment_legend}), this.take,
      el('label', {for: idPrefix + '-clip', text: t.moment_clip, hidden: page.order.length < 2}), this.select,
      el('label', {for: idPrefix + '-time', text: t.moment_time}), this.typed, this.shown, this.clear
    ]);
    if (page.order.length < 2) { this.select.hidden = true; }
    this.take.addEventListener('click', function () { self.set(self.playing); });
    this.clear.addEventListener('click', function () { self.set(null); });
    this.typed.addEventListener('input', function () { self.moment = null; self.render(); });
    this.timer = window.setInterval(function () { self.poll(); }, 1000);
    this.set(initial || null);
  }

  MomentPicker.prototype.poll = function () {
    if (!this.node.isConnected) { window.clearInterval(this.timer); return; }
    this.playing = this.page.playing();
    this.take.hidden = !this.playing;
    if (this.playing) { this.take.textContent = C.format(this.t.take_moment, {time: clock(this.playing.seconds)}); }
  };

  MomentPicker.prototype.set = function (moment) {
    this.moment = moment ? {segment_id: moment.segment_id, seconds: Math.floor(moment.seconds)} : null;
    this.typed.value = moment ? clock(moment.seconds) : '';
    if (moment) { this.select.value = moment.segment_id; }
    this.render();
  };

  MomentPicker.prototype.render = function () {
    var m = this.moment;
    this.shown.textContent = m ? C.format(this.t.at_moment, {time: clock(m.seconds), title: this.page.titles[m.segment_id] || m.segment_id}) : '';
    this.clear.hidden = !m && !this.typed.value;
  };

  MomentPicker.prototype.value = function () {
    if (!this.node) { return undefined; }  // no clip on the page: the request says nothing of moments
    if (this.moment) { return this.moment; }
    if (!this.typed.value.trim()) { return null; }
    var seconds = parseClock(this.typed.value);
    return seconds === null ? false : {segment_id: this.select.value, seconds: seconds};
  };

  MomentPicker.prototype.reset = function () { if (this.node) { this.set(null); } };

  window.MentorHistory = {
    clock: clock, parseClock: parseClock, momentLink: momentLink, reviewList: reviewList,
    earlierRounds: earlierRounds, currentRound: currentRound,
    picker: function (root, t, idPrefix, initial) { return new MomentPicker(root, t, idPrefix, initial); }
  };
}());
