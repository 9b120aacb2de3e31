/* A mentor's view of one mentee (issue 21): every response of theirs in the course, oldest first, each
 * round with its reviews and replies (history.js), the feedback still owed, and "Review again" to change
 * a review. Data: the `mentee` handler (docs/api.md). */
(function () {
  'use strict';

  var C = window.MentorCommon;
  var el = C.el;
  var H = window.MentorHistory;

  function replyLine(reply, t) {
    return el('li', {className: 'reply'}, [
      el('p', {className: 'reply__meta'}, [el('span', {className: 'reply__author', text: reply.author}),
        document.createTextNode(' · '), C.time(reply.created_at)]),
      C.richText(reply.text_parts, 'reply__text'), H.momentLink(t.page, reply.moment, t)
    ]);
  }

  function roundBlock(round, t) {
    var body = [
      el(round.current ? 'h5' : 'summary', {className: 'round__title'}, [
        document.createTextNode(C.format(t.round_n, {number: round.number}) + ' · '), C.time(round.submitted_at)]),
      C.richText(round.text_parts, 'round__text'), H.momentLink(t.page, round.moment, t), H.reviewList(round.reviews, t)
    ];
    if (round.replies.length) {
      body.push(el('ol', {className: 'replies'}, round.replies.map(function (reply) { return replyLine(reply, t); })));
    }
    return el(round.current ? 'div' : 'details', {className: 'round' + (round.current ? ' round--current' : ''),
      'data-round': String(round.number)}, body);
  }

  /* "Review again": the same buttons as the queue, on a response already answered (a change of its review). */
  function reviewAgain(item, t, url, reload) {
    var id = t.domId + '-mv' + item.id;
    var comment = el('textarea', {id: id, rows: '2', maxlength: '2000', className: 'reply-form__text'});
    var status = el('p', {role: 'status', 'aria-live': 'polite', className: 'reply-form__status'});
    var picker = item.criteria && item.criteria.length ? window.MentorCriteriaPicker(item, id, t, function () {}) : null;
    var form = el('div', {className: 'mentee__review', hidden: true}, [
      picker && picker.node,
      el('label', {for: id, text: t.review_comment}), comment,
      el('div', {className: 'queue__actions'}, ['reviewed', 'needs_revision'].map(function (value) {
        var button = el('button', {type: 'button', text: value === 'reviewed' ? t.mark_reviewed : t.needs_revision});
        button.addEventListener('click', function () {
          if (value === 'needs_revision' && !comment.value.trim()) { C.say(status, t.revision_needs_comment, 'error'); return; }
          var levels = picker ? picker.levels() : null;
          if (levels === false || (picker && !levels && value === 'reviewed')) { C.say(status, t.pick_levels, 'error'); return; }
          C.postJSON(url('review_response'), {response_id: item.id, status: value, comment: comment.value,
            levels: levels || undefined})
            .then(reload, function (error) { C.say(status, error.message, 'error'); });
        });
        return button;
      })),
      status
    ]);
    var open = el('button', {type: 'button', className: 'link-button', text: t.review_again, 'aria-expanded': 'false'});
    open.addEventListener('click', function () {
      form.hidden = !form.hidden;
      open.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) { comment.focus(); }
    });
    return el('div', {}, [open, form]);
  }

  function render(box, data, t, url, reload) {
    box.textContent = '';
    box.appendChild(el('p', {className: 'dashboard__count', text: data.owed.length
      ? C.plural(t.owed_count, data.owed.length, {count: data.owed.length}) : t.owed_none}));
    data.responses.items.forEach(function (item) {
      var rounds = (item.rounds || []).slice();
      var card = el('article', {className: 'mentee__response', 'data-response-anchor': String(item.id)}, [
        el('p', {className: 'queue__prompt', text: item.prompt || t.other_unit}),
        item.awaiting_feedback ? el('span', {className: 'badge badge--revised', text: t.owed_mark}) : null
      ].concat(rounds.map(function (round) { return roundBlock(round, t); })));
      if (item.in_this_block) { card.appendChild(reviewAgain(item, t, url, reload)); }
      box.appendChild(card);
    });
    var nav = C.pager(data.responses, t, function (page) { reload(page); });
    if (nav) { box.appendChild(nav); }
  }

  /* Open one mentee's conversation in the dashboard's panel (from the queue or the mentees table). */
  window.MentorMenteeView = function (root, t, url, learnerKey, name) {
    var panel = root.querySelector('[data-role=mentee-panel]');
    var box = panel.querySelector('[data-role=mentee]');
    panel.hidden = false;
    panel.querySelector('[data-role=mentee-title]').textContent = C.format(t.conversation_with, {learner: name});
    function load(page) {
      C.getJSON(url('mentee'), {learner: learnerKey, page: page || 1}).then(function (data) {
        render(box, data, t, url, function (next) { load(typeof next === 'number' ? next : page); });
      }, function (error) { box.textContent = error.message || t.error; });
    }
    load(1);
    panel.focus();
  };
}());
