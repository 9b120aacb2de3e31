/* Programme dashboard part of the learner view, for course staff: figures, pool, requests, learners,
 * bulk matching with a preview, CSV reports and import. All data comes from the staff JSON handlers.
 * Reports live in programme_exports.js, matching and CSV import in programme_matching.js. */
(function () {
  'use strict';

  var C = window.MentorCommon;
  var el = C.el;

  function hours(seconds, t) {
    if (seconds === null || seconds === undefined) { return t.none_yet; }
    return C.duration(seconds);
  }

  function table(caption, headers, rows) {
    return C.stackable(el('table', {className: 'dashboard__table'}, [
      el('caption', {text: caption}),
      el('thead', {}, [el('tr', {}, headers.map(function (h) { return el('th', {scope: 'col', text: h}); }))]),
      el('tbody', {}, rows)
    ]));
  }

  function Programme(runtime, root, args) {
    this.t = args.i18n;
    this.box = root.querySelector('[data-role=programme-dashboard]');
    this.url = function (name, suffix) { return runtime.handlerUrl(root, name, suffix); };
    this.pages = {mentors: 1, learners: 1, requests: 1, flags: 1, mail: 1};
    this.learnerFilter = 'learners';
    this.mentors = [];
    var self = this;
    this.q('mentor-form').addEventListener('submit', function (event) { event.preventDefault(); self.saveMentor(); });
    window.MentorProgrammeMatching(this, table);
    window.MentorMailPrefs(this.q('mail-prefs'), this.url, this.t, function (text) { self.say(text); });
    window.MentorProgrammeExports(this.box, this.url, this.t);
    this.checkins = window.MentorProgrammeCheckins(this.box, this.url, this.t);
    this.refresh();
  }

  Programme.prototype.q = function (role) { return this.box.querySelector('[data-role="' + role + '"]'); };

  Programme.prototype.say = function (text, kind) { C.say(this.q('status'), text, kind || 'success'); };

  Programme.prototype.fail = function (error) { this.say(error.message || this.t.error, 'error'); };

  Programme.prototype.refresh = function () {
    this.loadFigures();
    this.loadList('mentors');
    this.loadList('requests');
    this.loadList('learners');
    this.loadList('flags');
    this.loadList('mail');
    this.checkins.load();
  };

  Programme.prototype.loadFigures = function () {
    var self = this;
    var t = this.t;
    C.getJSON(this.url('programme_figures'), {}).then(function (f) {
      var box = self.q('figures');
      box.textContent = '';
      var facts = [
        [t.learners, f.learners], [t.with_mentor, f.learners_with_mentor], [t.mentors, f.active_mentors],
        [t.places, f.load + ' / ' + f.capacity],
        [t.awaiting, f.awaiting_feedback_more ? C.format(t.more_than, {count: f.awaiting_feedback}) : f.awaiting_feedback],
        [C.format(t.overdue, {hours: f.response_target_hours}), f.overdue_more ? C.format(t.more_than, {count: f.overdue}) : f.overdue],
        [t.turnaround, hours(f.median_turnaround_seconds, t)]
      ];
      box.appendChild(el('dl', {className: 'figures'}, facts.reduce(function (nodes, fact) {
        return nodes.concat([el('dt', {text: fact[0]}), el('dd', {text: String(fact[1])})]);
      }, [])));
      // Pictures where people would rather look than read: small SVG bars, numbers beside them as text.
      var charts = el('div', {className: 'charts'});
      if (f.segment_completion.length) {
        charts.appendChild(window.MentorCharts.bars(t.segment_completion, f.segment_completion.map(function (s) {
          return {label: s.title, value: s.watched, text: C.plural(t.completion_value, f.learners, {watched: s.watched, learners: f.learners})};
        }), Math.max(f.learners, 1)));
      }
      var mentors = f.mentor_turnaround.items;
      if (mentors.length) {
        charts.appendChild(window.MentorCharts.bars(t.queue_caption, mentors.map(function (m) {
          var text = m.waiting ? C.plural(t.queue_value, m.waiting, {count: m.waiting, time: hours(m.oldest_waiting_seconds, t)}) : t.queue_none;
          if (m.overdue) { text += ' · ' + C.plural(t.mentor_overdue, m.overdue, {count: m.overdue}); }
          return {label: m.mentor, value: m.oldest_waiting_seconds, text: text};
        })));
        charts.appendChild(window.MentorCharts.bars(t.turnaround_caption, mentors.map(function (m) {
          return {label: m.mentor, value: m.median_turnaround_seconds, text: hours(m.median_turnaround_seconds, t)};
        })));
      }
      if (charts.childNodes.length) { box.appendChild(charts); }
      self.checkins.figures(f);
    }, function (error) { self.fail(error); });
  };

  Programme.prototype.loadList = function (name) {
    var self = this;
    var list = name === 'learners' ? this.learnerFilter : name;
    C.getJSON(this.url('programme'), {list: list, page: this.pages[name]}).then(function (data) {
      if (name === 'mentors') { self.mentors = data.items; }
      self['render_' + name](data);
    }, function (error) { self.fail(error); });
  };

  Programme.prototype.pager = function (name, data) {
    var self = this;
    var paged = {page: data.page, pages: Math.max(Math.ceil(data.total / data.page_size), 1)};
    return C.pager(paged, this.t, function (page) { self.pages[name] = page; self.loadList(name); });
  };

  Programme.prototype.render_mentors = function (data) {
    var self = this;
    var t = this.t;
    var box = this.q('pool');
    box.textContent = '';
    if (!data.total) { box.appendChild(el('p', {text: t.no_mentors})); return; }
    box.appendChild(table(C.plural(t.pool_caption, data.total, {total: data.total}), [t.mentor, t.tags, t.load, t.status, t.actions],
      data.items.map(function (m) {
        var edit = el('button', {type: 'button', className: 'link-button', text: C.format(t.edit_mentor, {name: m.display_name})});
        edit.addEventListener('click', function () { self.editMentor(m); });
        var full = m.load >= m.capacity;
        return el('tr', {}, [
          el('th', {scope: 'row', text: m.display_name + ' (' + m.username + ')'}),
          el('td', {text: m.tags.join(', ')}),
          el('td', {className: full ? 'is-full' : '', text: m.load + ' / ' + m.capacity + (full ? ' · ' + t.full : '')}),
          el('td', {text: m.active ? t.active : t.inactive}),
          el('td', {}, [edit])
        ]);
      })));
    var nav = this.pager('mentors', data);
    if (nav) { box.appendChild(nav); }
  };

  Programme.prototype.editMentor = function (m) {
    var form = this.q('mentor-form');
    form.elements.username.value = m.username;
    form.elements.display_name.value = m.display_name;
    form.elements.bio.value = m.bio || '';
    form.elements.tags.value = m.tags.join(', ');
    form.elements.capacity.value = m.capacity;
    form.elements.contact_url.value = m.contact_url || '';
    form.elements.active.checked = m.active;
    this.q('mentor-editor').open = true;
    form.elements.username.focus();
  };

  Programme.prototype.saveMentor = function () {
    var self = this;
    var form = this.q('mentor-form');
    var errors = this.q('mentor-errors');
    errors.textContent = '';
    var data = {
      username: form.elements.username.value.trim(),
      display_name: form.elements.display_name.value.trim() || form.elements.username.value.trim(),
      bio: form.elements.bio.value,
      tags: form.elements.tags.value,
      capacity: parseInt(form.elements.capacity.value, 10),
      contact_url: form.elements.contact_url.value.trim(),
      active: form.elements.active.checked
    };
    if (isNaN(data.capacity)) { data.capacity = -1; }
    C.postJSON(this.url('save_mentor'), data).then(function (result) {
      self.say(C.format(result.created ? self.t.mentor_added : self.t.mentor_saved, {name: result.mentor.display_name}));
      form.reset();
      self.refresh();
    }, function (error) { errors.textContent = error.message || self.t.error; });
  };

  Programme.prototype.render_requests = function (data) {
    var self = this;
    var t = this.t;
    var box = this.q('requests');
    box.textContent = '';
    if (!data.total) { box.appendChild(el('p', {text: t.no_requests})); return; }
    var list = el('ol', {className: 'queue'});
    data.items.forEach(function (r) {
      var note = el('input', {id: 'req-note-' + r.id, maxlength: '1000'});
      var approve = el('button', {type: 'button', className: 'primary', text: t.approve});
      var decline = el('button', {type: 'button', className: 'secondary', text: t.decline});
      // Staff pick the next mentor among those with a free place; with none, they are told first.
      var free = (data.free_mentors || []).filter(function (m) { return m.id !== r.mentor_profile_id; });
      var pick = el('select', {id: 'req-mentor-' + r.id}, [el('option', {value: '', text: t.no_new_mentor})].concat(
        free.map(function (m) { return el('option', {value: String(m.id), text: C.plural(t.mentor_free, m.free, {name: m.display_name, free: m.free})}); })));
      if (free.length) { pick.value = String(free[0].id); }
      var warning = free.length ? null : el('p', {className: 'dashboard__warning', role: 'note', text: t.no_free_places});
      function resolve(ok) {
        var body = {request_id: r.id, approve: ok, note: note.value};
        if (ok && pick.value) { body.mentor_id = parseInt(pick.value, 10); }
        C.postJSON(self.url('resolve_change_request'), body).then(function (result) {
          self.say(!ok ? t.declined : (result.unassigned ? t.approved_unassigned : t.approved));
          self.refresh();
        }, function (error) { self.fail(error); });
      }
      approve.addEventListener('click', function () { resolve(true); });
      decline.addEventListener('click', function () { resolve(false); });
      list.appendChild(el('li', {className: 'queue__item'}, [
        el('p', {className: 'queue__meta'}, [el('strong', {text: r.username || r.learner_id}),
          document.createTextNode(' · ' + (r.mentor || '') + ' · '), C.time(r.created_at)]),
        el('blockquote', {className: 'queue__text', text: r.reason}),
        el('label', {for: 'req-mentor-' + r.id, text: t.new_mentor_label}), pick, warning,
        el('label', {for: 'req-note-' + r.id, text: t.note_label}), note,
        el('div', {className: 'queue__actions'}, [approve, decline])
      ]));
    });
    box.appendChild(list);
    var nav = this.pager('requests', data);
    if (nav) { box.appendChild(nav); }
  };

  Programme.prototype.render_learners = function (data) {
    var self = this;
    var t = this.t;
    var box = this.q('learners');
    box.textContent = '';
    var only = el('input', {type: 'checkbox', id: this.box.id + '-unassigned', checked: this.learnerFilter === 'unassigned'});
    only.addEventListener('change', function () {
      self.learnerFilter = only.checked ? 'unassigned' : 'learners';
      self.pages.learners = 1;
      self.loadList('learners');
    });
    box.appendChild(el('p', {className: 'dashboard__check'}, [only, el('label', {for: only.id, text: t.only_unassigned})]));
    if (!data.total) { box.appendChild(el('p', {text: t.no_learners})); return; }
    box.appendChild(table(C.plural(t.learners_caption, data.total, {total: data.total}), [t.learner, t.interests, t.mentors_col, t.actions],
      data.items.map(function (l) {
        var cell = el('td');
        // The mentors with free places come with the list (free_mentors), as for Reassign: one form, and no
        // race with the pool's list, which may arrive later (issue 23).
        var mine = l.mentors.map(function (m) { return m.mentor_id; });
        var free = (data.free_mentors || []).filter(function (m) { return mine.indexOf(m.id) === -1; });
        if (l.mentors.length < l.mentors_wanted && free.length) {
          var id = 'assign-' + l.learner_id;
          var select = el('select', {id: id}, free.map(function (m) {
            return el('option', {value: String(m.id), text: C.plural(t.mentor_free, m.free, {name: m.display_name, free: m.free})});
          }));
          var go = el('button', {type: 'button', className: 'primary', text: t.assign});
          go.addEventListener('click', function () {
            C.postJSON(self.url('assign'), {learner_id: l.learner_id, mentor_id: parseInt(select.value, 10)}).then(function () {
              self.say(C.format(t.assigned, {learner: l.username}));
              self.refresh();
            }, function (error) { self.fail(error); });
          });
          if (select.options.length) {
            cell.appendChild(el('label', {for: id, className: 'sr-only', text: C.format(t.assign_label, {learner: l.username})}));
            cell.appendChild(select);
            cell.appendChild(go);
          }
        }
        l.mentors.forEach(function (a) { cell.appendChild(self.assignmentActions(l, a, data.free_mentors || [])); });
        return el('tr', {}, [
          el('th', {scope: 'row', text: l.username || l.learner_id}),
          el('td', {text: (l.interests || []).join(', ')}),
          el('td', {text: l.mentors.length ? l.mentors.map(function (m) {
            return m.why ? m.mentor + ' (' + C.format(t.why[m.why] || m.why, {rank: m.why_rank}) + ')' : m.mentor;
          }).join(', ') : t.unassigned}),
          cell
        ]);
      })));
    var nav = this.pager('learners', data);
    if (nav) { box.appendChild(nav); }
  };

  /* End a pairing, or reassign the learner to a mentor with a free place (the pairing ends, history stays). */
  Programme.prototype.assignmentActions = function (l, a, free) {
    var self = this;
    var t = this.t;
    var id = 'reassign-' + a.assignment_id;
    var others = free.filter(function (m) { return m.id !== a.mentor_id; });
    var end = el('button', {type: 'button', className: 'danger', text: C.format(t.end_with, {mentor: a.mentor})});
    end.addEventListener('click', function () {
      if (!window.confirm(C.format(t.confirm_end, {learner: l.username, mentor: a.mentor}))) { return; }
      C.postJSON(self.url('end_assignment'), {assignment_id: a.assignment_id, reason: t.ended_reason}).then(function () {
        self.say(C.format(t.ended, {learner: l.username, mentor: a.mentor}));
        self.refresh();
      }, function (error) { self.fail(error); });
    });
    var box = el('div', {className: 'dashboard__inline'}, [end]);
    if (others.length) {
      var select = el('select', {id: id}, others.map(function (m) {
        return el('option', {value: String(m.id), text: C.plural(t.mentor_free, m.free, {name: m.display_name, free: m.free})});
      }));
      var go = el('button', {type: 'button', className: 'secondary', text: t.reassign});
      go.addEventListener('click', function () {
        C.postJSON(self.url('assign'), {learner_id: l.learner_id, mentor_id: parseInt(select.value, 10),
          replace: a.assignment_id}).then(function () {
          self.say(C.format(t.assigned, {learner: l.username}));
          self.refresh();
        }, function (error) { self.fail(error); });
      });
      box.appendChild(el('label', {for: id, className: 'sr-only', text: C.format(t.reassign_label, {learner: l.username, mentor: a.mentor})}));
      box.appendChild(select);
      box.appendChild(go);
    }
    return box;
  };

  Programme.prototype.render_flags = function (data) {
    var self = this;
    window.MentorModeration(this.q('flags'), data, this.t, this.url, function (page) {
      self.pages.flags = page || 1;
      self.loadList('flags');
    }, function (text) { self.say(text); });
  };

  Programme.prototype.render_mail = function (data) {
    var t = this.t;
    var box = this.q('mail');
    box.textContent = '';
    box.appendChild(el('p', {text: C.format(t.mail_summary, {waiting: data.mail.waiting, failed: data.mail.failed})}));
    if (data.items.length) {
      box.appendChild(table(t.mail_problems, [t.mail_kind, t.mail_state, t.mail_error], data.items.map(function (m) {
        return el('tr', {}, [el('th', {scope: 'row', text: m.kind}), el('td', {text: m.state + ' (' + m.attempts + ')'}),
          el('td', {text: m.last_error})]);
      })));
    }
  };

  window.MentorProgramme = function (runtime, root, args) { return new Programme(runtime, root, args); };
}());
