/* Mentor dashboard part of the learner view: feedback queue with inline reply and review, mentees table. */
(function () {
  'use strict';

  var C = window.MentorCommon;
  var el = C.el;

  function duration(seconds, t) {
    if (seconds === null || seconds === undefined) { return t.no_turnaround; }
    return C.duration(seconds);
  }

  /* What "Mark reviewed" / "Ask for a revision" make of the learner's score (mentor-assessed
   * blocks; the server computes it: docs/api.md mentor_dashboard), or '' when a review changes none. */
  function scoreLine(item, t) {
    if (!item.score) { return ''; }
    var max = item.score.max_value;
    var values = {now: item.score.value, max: max, reviewed: item.score_if_reviewed.value,
      revision: item.score_if_revision.value};
    return C.plural(item.late ? t.score_late : t.score_preview, max, values);
  }

  /* The prompt's criteria as radio groups (one level each); returns {node, levels()}: levels() is
   * null when none is picked, the list of level numbers when all are, false when only some are. */
  function criteriaPicker(item, id, t, changed) {
    var groups = item.criteria.map(function (criterion, n) {
      var name = id + '-c' + n;
      return el('fieldset', {className: 'queue__criterion'}, [el('legend', {text: criterion.label})].concat(
        criterion.levels.map(function (level, index) {
          var input = el('input', {type: 'radio', name: name, value: String(index), id: name + '-' + index});
          input.addEventListener('change', changed);
          return el('label', {for: name + '-' + index, className: 'queue__level'}, [input, document.createTextNode(' ' + level)]);
        })));
    });
    function levels() {
      var picked = groups.map(function (group) {
        var on = group.querySelector('input:checked');
        return on ? Number(on.value) : null;
      });
      var count = picked.filter(function (x) { return x !== null; }).length;
      return count === 0 ? null : count < picked.length ? false : picked;
    }
    return {node: el('div', {className: 'queue__criteria'}, [el('p', {text: t.criteria_intro})].concat(groups)), levels: levels};
  }

  /* What the levels picked give (mentor-assessed): the prompt's share is the mean place of its levels. */
  function levelsScore(item, levels, t) {
    if (!item.score || !levels) { return ''; }
    var share = levels.reduce(function (sum, level, n) { return sum + level / (item.criteria[n].levels.length - 1); }, 0) / levels.length;
    var max = item.score.max_value;
    var value = Math.floor((item.others_share + share) * max / item.prompts + 1e-9);
    return C.plural(t.score_with_levels, max, {value: value, max: max});
  }

  function Dashboard(runtime, root, args) {
    this.t = args.i18n;
    this.t.page = root;  // the page's clips, for moments (history.js)
    this.root = root.querySelector('[data-role=mentor-dashboard]');
    this.domId = root.querySelector('.mentorship').id;
    this.page = root;
    this.t.domId = this.domId;
    this.url = function (name) { return runtime.handlerUrl(root, name); };
    this.state = {page: 1, queue_page: 1, search: ''};
    var self = this;
    this.root.querySelector('[data-role=search]').addEventListener('submit', function (event) {
      event.preventDefault();
      self.state.search = self.root.querySelector('[data-role=search-text]').value;
      self.state.page = 1;
      self.load();
    });
    this.load();
    this.loadFlags(1);
  }

  Dashboard.prototype.loadFlags = function (page) {
    var self = this;
    var box = this.root.querySelector('[data-role=flags]');
    var status = this.root.querySelector('[data-role=flags-status]');
    C.getJSON(this.url('reported_items'), {page: page || 1}).then(function (data) {
      window.MentorModeration(box, data, self.t, self.url, function (next) { self.loadFlags(next); },
        function (text) { status.textContent = text; });
    }, function (error) { C.say(status, error.message || self.t.error, 'error'); });
  };

  Dashboard.prototype.load = function () {
    var self = this;
    C.getJSON(this.url('mentor_dashboard'), this.state).then(function (data) {
      self.root.querySelector('[data-role=turnaround]').textContent =
        C.format(self.t.turnaround, {time: duration(data.median_turnaround_seconds, self.t)});
      self.renderQueue(data.queue);
      self.renderMentees(data.mentees);
    }, function (error) {
      self.root.querySelector('[data-role=queue]').textContent = error.message || self.t.error;
    });
  };

  Dashboard.prototype.renderQueue = function (queue) {
    var self = this;
    var t = this.t;
    var box = this.root.querySelector('[data-role=queue]');
    box.textContent = '';
    box.appendChild(el('p', {className: 'dashboard__count', text: queue.more ? C.format(t.queue_count_more, {total: queue.total}) : queue.total ? C.plural(t.queue_count, queue.total, {total: queue.total}) : t.queue_empty}));
    if (queue.overdue) {
      box.appendChild(el('p', {className: 'dashboard__count dashboard__count--overdue', 'data-role': 'overdue-count',
        text: C.plural(t.queue_overdue, queue.overdue, {count: queue.overdue, hours: queue.response_target_hours})}));
    }
    var list = el('ol', {className: 'queue'});
    queue.items.forEach(function (item) { list.appendChild(self.queueItem(item)); });
    box.appendChild(list);
    C.revealLinked(list);
    var nav = C.pager(queue, t, function (page) { self.state.queue_page = page; self.load(); });
    if (nav) { box.appendChild(nav); }
  };

  Dashboard.prototype.queueItem = function (item) {
    var self = this;
    var t = this.t;
    var id = this.domId + '-q' + item.response_id;
    var li = el('li', {className: 'queue__item', 'data-response-anchor': String(item.response_id)}, [
      el('p', {className: 'queue__meta'}, [
        this.menteeLink(item.learner_key, item.learner, id + '-who'), document.createTextNode(' · '),
        C.time(item.round_at || item.submitted_at)
      ].concat(item.overdue ? [document.createTextNode(' '), el('span', {className: 'queue__overdue', 'data-role': 'overdue', text: t.overdue})] : [])),
      el('p', {className: 'queue__prompt', dir: 'auto', text: item.prompt}),
      el('blockquote', {className: 'queue__text', dir: 'auto', text: item.text})
    ]);
    var moment = window.MentorHistory.momentLink(this.page, item.moment, t);
    if (moment) { li.appendChild(el('p', {className: 'queue__moment'}, [moment])); }
    if (item.revised) { this.revision(li, item); }
    var score = scoreLine(item, t);
    if (score) { li.appendChild(el('p', {className: 'queue__score', id: id + '-score', text: score})); }
    var reply = el('textarea', {id: id + '-reply', rows: '2', maxlength: '2000', className: 'reply-form__text'});
    var levelsLine = el('p', {className: 'queue__score', 'aria-live': 'polite'});
    var picker = item.criteria && item.criteria.length ? criteriaPicker(item, id, t, function () {
      levelsLine.textContent = levelsScore(item, picker.levels(), t);
    }) : null;
    var status = el('p', {role: 'status', 'aria-live': 'polite', className: 'reply-form__status'});
    var form = el('form', {className: 'reply-form', novalidate: true}, [
      picker && picker.node, picker && levelsLine,
      el('label', {for: id + '-reply', text: C.format(t.reply_to, {learner: item.learner})}), reply,
      el('div', {className: 'queue__actions'}, [
        el('button', {type: 'submit', text: t.send_reply}),
        el('button', {type: 'button', 'data-status': 'reviewed', text: t.mark_reviewed,
          'aria-describedby': score ? id + '-score' : null}),
        el('button', {type: 'button', 'data-status': 'needs_revision', text: t.needs_revision,
          'aria-describedby': score ? id + '-score' : null})
      ]),
      status
    ]);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!reply.value.trim()) { reply.focus(); return; }
      C.postJSON(self.url('post_reply'), {prompt_id: item.prompt_id, response_id: item.response_id, text: reply.value})
        .then(function () { self.done(li, t.replied); }, function (error) { C.say(status, error.message, 'error'); });
    });
    Array.prototype.forEach.call(form.querySelectorAll('button[data-status]'), function (button) {
      button.addEventListener('click', function () {
        if (button.getAttribute('data-status') === 'needs_revision' && !reply.value.trim()) {
          C.say(status, t.revision_needs_comment, 'error');
          reply.focus();
          return;
        }
        var levels = picker ? picker.levels() : null;
        if (levels === false || (picker && !levels && button.getAttribute('data-status') === 'reviewed')) {
          C.say(status, t.pick_levels, 'error');
          return;
        }
        C.postJSON(self.url('review_response'), {
          response_id: item.response_id, status: button.getAttribute('data-status'), comment: reply.value,
          levels: levels || undefined
        }).then(function () {
          self.done(li, button.getAttribute('data-status') === 'reviewed' ? t.reviewed : t.revision_asked);
        }, function (error) { C.say(status, error.message, 'error'); });
      });
    });
    li.appendChild(form);
    return li;
  };

  /* A revised response: marked, with what the previous round's feedback asked and the changes at a glance. */
  Dashboard.prototype.revision = function (li, item) {
    var t = this.t;
    var meta = li.querySelector('.queue__meta');
    meta.appendChild(el('span', {className: 'badge badge--revised', text: C.format(t.revised, {number: item.round})}));
    if (item.asked) {
      li.appendChild(el('div', {className: 'queue__asked'}, [
        el('p', {className: 'queue__asked-by', text: C.format(
          item.asked.status === 'needs_revision' ? t.asked_revision : t.marked_reviewed, {who: item.asked.by || t.former_mentor})}),
        el('blockquote', {text: item.asked.comment})
      ]));
    }
    if (item.changes) {
      var diff = el('p', {className: 'queue__changes'}, item.changes.map(function (part) {
        if (part.op === 'same') { return document.createTextNode(part.text); }
        return el(part.op === 'added' ? 'ins' : 'del', {text: part.text});
      }));
      li.appendChild(el('details', {className: 'queue__diff'}, [el('summary', {text: t.changes}), diff]));
    }
  };

  /* The learner's name, opening their whole conversation in the mentee panel (mentee_view.js). */
  Dashboard.prototype.menteeLink = function (key, name, id) {
    var self = this;
    if (!key) { return el('strong', {id: id, dir: 'auto', text: name}); }
    var button = el('button', {type: 'button', className: 'link-button', id: id, dir: 'auto', text: name,
      title: C.format(this.t.conversation_with, {learner: name})});
    button.addEventListener('click', function () {
      window.MentorMenteeView(self.root, self.t, self.url, key, name);
    });
    return button;
  };

  Dashboard.prototype.done = function (li, message) {
    li.textContent = '';
    li.appendChild(el('p', {role: 'status', className: 'queue__done', text: message}));
    var self = this;
    window.setTimeout(function () { self.load(); }, 1500);
  };

  // Why a pairing was made (core/why.py codes), as the mentor reads it.
  function whyText(labels, m) {
    if (m.why === 'shared_interests' && m.shared_tags && m.shared_tags.length) {
      return C.format(labels.shared_tags, {tags: m.shared_tags.join(', ')});
    }
    return m.why ? C.format(labels[m.why] || m.why, {rank: m.why_rank}) : '';
  }

  Dashboard.prototype.renderMentees = function (mentees) {
    var self = this;
    var t = this.t;
    var box = this.root.querySelector('[data-role=mentees]');
    box.textContent = '';
    if (!mentees.total) {
      box.appendChild(el('p', {text: mentees.search ? t.no_match : t.no_mentees}));
      return;
    }
    var head = el('tr', {}, [t.col_learner, t.col_segments, t.col_prompts, t.col_waiting, t.col_activity, t.why.col_why].map(function (label) {
      return el('th', {scope: 'col', text: label});
    }));
    var body = el('tbody', {}, mentees.items.map(function (m) {
      return el('tr', {}, [
        el('th', {scope: 'row'}, [self.menteeLink(m.learner_key, m.learner)]),
        el('td', {text: m.segments_watched + ' / ' + m.segments_total}),
        el('td', {text: m.prompts_answered + ' / ' + m.prompts_total}),
        el('td', {text: String(m.awaiting_feedback)}),
        el('td', {}, [m.last_activity ? C.time(m.last_activity) : document.createTextNode(t.never)]),
        el('td', {text: whyText(t.why, m)})
      ]);
    }));
    box.appendChild(C.stackable(el('table', {className: 'dashboard__table'}, [
      el('caption', {text: C.plural(t.mentee_count, mentees.total, {total: mentees.total})}), el('thead', {}, [head]), body
    ])));
    var nav = C.pager(mentees, t, function (page) { self.state.page = page; self.load(); });
    if (nav) { box.appendChild(nav); }
  };

  window.MentorCriteriaPicker = criteriaPicker;  // mentee_view.js: "Review again" with the criteria

  window.MentorDashboard = function (runtime, root, args) { return new Dashboard(runtime, root, args); };
}());
