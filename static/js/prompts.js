/* Reflections part of the learner view: drafts (drafts.js), submission, peers' responses, replies, moderation. */
(function () {
  'use strict';

  var C = window.MentorCommon;
  var el = C.el;
  var H = window.MentorHistory;  // history.js: rounds, reviews, moments

  function words(text) {
    var found = String(text).match(/\S+/g);
    return found ? found.length : 0;
  }

  function Prompt(ctx, section, state) {
    this.ctx = ctx;
    this.t = ctx.t;
    this.section = section;
    this.state = state;
    this.id = state.id;
    this.peersPage = 1;
    this.q = function (role) { return section.querySelector('[data-role="' + role + '"]'); };
    this.answer = this.q('answer');
    this.answer.maxLength = ctx.maxChars;
    this.draft = new window.MentorDraft(this, state.draft_version);
    var self = this;
    this.answer.addEventListener('input', function () { self.updateCount(); self.draft.changed(); });
    this.q('form').addEventListener('submit', function (event) { event.preventDefault(); self.submit(); });
    var toggle = this.q('toggle-peers');
    if (toggle) {
      toggle.disabled = !state.submitted;
      this.q('peers-why').hidden = !!state.submitted;  // the reason it is disabled, read with it
      toggle.addEventListener('click', function () { self.togglePeers(); });
    }
    var news = this.q('new-feedback');
    if (news) {
      section.addEventListener('focusin', function () { self.markSeen(); }, {once: true});
    }
    this.picker = H.picker(ctx.root, this.t, ctx.domId + '-' + this.id + '-moment',
      state.draft_moment || (state.response && state.response.moment));
    if (this.picker.node) { this.q('editor').insertBefore(this.picker.node, this.q('submit')); }
    this.updateCount();
    // Own response shown once: after submitting, the card shows it and "Edit response" opens the
    // form in place; a response the mentor asks to revise keeps the form open.
    this.setEditing(!state.submitted || state.review_status === 'needs_revision' ||
      (state.draft && state.response && state.draft !== state.response.text));
    this.renderThread();
  }

  Prompt.prototype.setEditing = function (editing) {
    this.q('editor').hidden = !editing;
    this.editing = editing;
  };

  Prompt.prototype.updateCount = function () {
    var count = words(this.answer.value);
    var min = this.state.min_words;
    this.q('count').textContent = min ? C.plural(this.t.words_min, min, {count: count, min: min}) : C.plural(this.t.words, count, {count: count});
    this.q('count').classList.toggle('prompt__count--short', min > 0 && count < min);
  };

  Prompt.prototype.submit = function () {
    var self = this;
    var message = this.q('form-message');
    var min = this.state.min_words;
    if (words(this.answer.value) < min) {
      C.say(message, C.format(this.t.too_short, {min: min}), 'error');
      this.answer.setAttribute('aria-invalid', 'true');
      this.answer.focus();
      return;
    }
    this.answer.removeAttribute('aria-invalid');
    var moment = this.picker.value();
    if (moment === false) { C.say(message, this.t.bad_moment, 'error'); return; }
    var button = this.q('submit');
    button.disabled = true;
    C.say(message, this.t.saving);
    var wasSubmitted = this.state.submitted;
    C.postJSON(this.ctx.url('submit_response'), {prompt_id: this.id, text: this.answer.value, moment: moment}).then(function (state) {
      self.draft.submitted(state.draft_version);
      Object.keys(state).forEach(function (k) { self.state[k] = state[k]; });
      C.say(message, wasSubmitted ? self.t.updated : self.t.submitted, 'success');
      button.textContent = self.t.update;
      self.q('draft-status').textContent = '';
      self.setEditing(false);
      var toggle = self.q('toggle-peers');
      if (toggle) { toggle.disabled = false; self.q('peers-why').hidden = true; }
      self.renderThread();
      if (window.MentorSummarise) {  // the summary at the top counts answered reflections (own cards)
        var root = self.section.closest('.mentorship');
        window.MentorSummarise(root, 'summary-prompts', root.querySelectorAll('section.prompt [data-role=thread] > article.response').length);
      }
    }, function (error) {
      C.say(message, error.message || self.t.error, 'error');
      if (error.status === 400) { self.answer.setAttribute('aria-invalid', 'true'); }
    }).then(function () { button.disabled = false; });
  };

  Prompt.prototype.markSeen = function () {
    var self = this;
    C.postJSON(this.ctx.url('mark_feedback_seen'), {prompt_id: this.id}).then(function () {
      var news = self.q('new-feedback');
      if (news) { news.remove(); }
    }, function () {});
  };

  Prompt.prototype.renderThread = function () {
    var thread = this.q('thread');
    thread.textContent = '';
    if (this.state.response) {
      var review = this.q('review');  // the page's static review note: the rounds below say it, with who and when
      if (review && this.state.response.rounds) { review.hidden = true; }
      thread.appendChild(this.responseCard(this.state.response, {own: true, seen: this.state.feedback_seen_at}));
      C.revealLinked(thread);
    }
  };

  /* One response with its replies and a reply form. */
  Prompt.prototype.responseCard = function (response, options) {
    var self = this;
    var t = this.t;
    var headingId = this.ctx.domId + '-r' + response.id;
    var meta = el('p', {className: 'response__meta'}, [
      el('bdi', {className: 'response__author', id: headingId, text: options.own ? this.t.yours || response.author : response.author}),
      document.createTextNode(' · '),
      document.createTextNode(C.format(t.submitted_on, {when: ''})),
      C.time(response.submitted_at)
    ]);
    if (response.edited_at) {
      meta.appendChild(document.createTextNode(' · ' + C.format(t.edited, {when: ''})));
      meta.appendChild(C.time(response.edited_at));
    }
    if (response.hidden) { meta.appendChild(el('span', {className: 'badge badge--hidden', text: ' ' + t.hidden_mark})); }
    var card = el('article', {className: 'response' + (response.hidden ? ' response--hidden' : ''), 'aria-labelledby': headingId,
                              'data-response-anchor': String(response.id)}, [
      meta,
      C.richText(response.text_parts, 'response__text')
    ]);
    var moment = H.momentLink(this.ctx.root, response.moment, t);
    if (moment) { card.appendChild(el('p', {className: 'response__moment'}, [moment])); }
    var current = H.currentRound(response);
    var replies = (response.replies || []).filter(function (r) { return !current || !r.round || r.round === current.number; });
    if (current) { card.appendChild(H.reviewList(current.reviews, t) || document.createTextNode('')); }
    meta.appendChild(el('span', {'data-role': 'reply-count'}));
    this.countReplies(card, replies.length);
    var actions = el('div', {className: 'response__actions'});
    if (options.own && !this.editing) {
      var edit = el('button', {type: 'button', className: 'link-button', text: t.edit_response});
      edit.addEventListener('click', function () {
        self.setEditing(true);
        self.renderThread();
        self.answer.focus();
      });
      actions.appendChild(edit);
    }
    if (!response.mine) { actions.appendChild(this.flagButton('response', response.id)); }
    if (options.moderator) { actions.appendChild(this.hideButton('response', response)); }
    if (actions.childNodes.length) { card.appendChild(actions); }
    var list = el('ol', {className: 'replies'});
    replies.forEach(function (reply) { list.appendChild(self.replyItem(reply, options)); });
    card.appendChild(list);
    card.appendChild(this.replyForm(response, list, options));
    var earlier = H.earlierRounds(this.ctx.root, response.rounds, t, function (reply) { return self.replyItem(reply, {}); });
    if (earlier) { card.appendChild(earlier); }
    return card;
  };

  /* The thread's "· 2 replies", kept current as replies are posted and deleted (issue 23). */
  Prompt.prototype.countReplies = function (card, count) {
    if (count === undefined) { count = card.querySelectorAll('.replies > .reply:not(.reply--deleted)').length; }
    card.querySelector('[data-role=reply-count]').textContent = count ? ' · ' + C.plural(this.t.replies, count, {count: count}) : '';
  };

  Prompt.prototype.replyItem = function (reply, options) {
    var self = this;
    var t = this.t;
    var head = el('p', {className: 'reply__meta'}, [el('bdi', {className: 'reply__author', text: reply.author})]);
    if (!reply.mine && options.own && (!options.seen || reply.created_at > options.seen)) {
      head.appendChild(el('span', {className: 'badge badge--new', text: t.new_mark}));
    }
    if (reply.author_role === 'mentor') { head.appendChild(el('span', {className: 'badge badge--mentor', text: t.mentor})); }
    if (reply.author_role === 'staff') { head.appendChild(el('span', {className: 'badge badge--staff', text: t.staff})); }
    head.appendChild(document.createTextNode(' · '));
    head.appendChild(C.time(reply.created_at));
    if (reply.edited_at) { head.appendChild(document.createTextNode(' · ' + C.format(t.edited, {when: ''}))); head.appendChild(C.time(reply.edited_at)); }
    if (reply.hidden) { head.appendChild(el('span', {className: 'badge badge--hidden', text: t.hidden_mark})); }
    var body = C.richText(reply.text_parts, 'reply__text');
    var item = el('li', {className: 'reply' + (reply.hidden ? ' reply--hidden' : '')}, [head, body,
      H.momentLink(this.ctx.root, reply.moment, t)]);
    var actions = el('div', {className: 'reply__actions'});
    if (reply.mine) {
      actions.appendChild(el('button', {type: 'button', className: 'link-button', text: t.edit}));
      actions.lastChild.addEventListener('click', function () { self.editReply(item, reply); });
      actions.appendChild(el('button', {type: 'button', className: 'link-button', text: t.delete}));
      actions.lastChild.addEventListener('click', function () { self.deleteReply(item, reply); });
    } else {
      actions.appendChild(this.flagButton('reply', reply.id));
    }
    if (options.moderator) { actions.appendChild(this.hideButton('reply', reply)); }
    item.appendChild(actions);
    return item;
  };

  Prompt.prototype.replyForm = function (response, list, options) {
    var self = this;
    var t = this.t;
    var fieldId = this.ctx.domId + '-reply-' + response.id;
    var area = el('textarea', {id: fieldId, rows: '2', className: 'reply-form__text', maxlength: String(this.ctx.maxReplyChars)});
    var status = el('p', {className: 'reply-form__status', role: 'status', 'aria-live': 'polite'});
    var label = options.own ? t.reply : C.format(t.reply_label, {author: response.author});
    var picker = H.picker(this.ctx.root, t, fieldId + '-moment', null);
    var form = el('form', {className: 'reply-form', novalidate: true, id: fieldId + '-form', hidden: true}, [
      el('label', {for: fieldId, text: label}),
      area,
      picker.node,
      el('button', {type: 'submit', text: t.post_reply}),
      status
    ]);
    // The box stays closed until asked for: a thread reads lighter without a textarea under every post.
    var open = el('button', {type: 'button', className: 'link-button reply-open', text: label,
      'aria-expanded': 'false', 'aria-controls': fieldId + '-form'});
    open.addEventListener('click', function () {
      form.hidden = false;
      open.setAttribute('aria-expanded', 'true');
      open.hidden = true;
      area.focus();
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!area.value.trim()) { area.focus(); return; }
      var moment = picker.value();
      if (moment === false) { C.say(status, t.bad_moment, 'error'); return; }
      C.postJSON(self.ctx.url('post_reply'), {prompt_id: self.id, response_id: response.id, text: area.value,
        moment: moment}).then(function (reply) {
        list.appendChild(self.replyItem(reply, options));
        self.countReplies(list.closest('article.response'));
        area.value = '';
        picker.reset();
        C.say(status, t.reply_posted, 'success');
      }, function (error) { C.say(status, error.message || t.error, 'error'); });
    });
    return el('div', {className: 'reply-box'}, [open, form]);
  };

  Prompt.prototype.editReply = function (item, reply) {
    var self = this;
    var t = this.t;
    var body = item.querySelector('.reply__text');
    var fieldId = this.ctx.domId + '-edit-' + reply.id;
    var area = el('textarea', {id: fieldId, rows: '2', className: 'reply-form__text', maxlength: String(this.ctx.maxReplyChars)});
    area.value = reply.text;
    var status = el('p', {role: 'status', 'aria-live': 'polite', className: 'reply-form__status'});
    var form = el('form', {className: 'reply-form', novalidate: true}, [
      el('label', {for: fieldId, text: t.edit, className: 'sr-only'}), area,
      el('button', {type: 'submit', text: t.save}),
      el('button', {type: 'button', text: t.cancel, className: 'link-button'}),
      status
    ]);
    body.replaceWith(form);
    area.focus();
    form.querySelector('button[type=button]').addEventListener('click', function () { form.replaceWith(body); });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      C.postJSON(self.ctx.url('edit_reply'), {reply_id: reply.id, text: area.value}).then(function (updated) {
        item.replaceWith(self.replyItem(updated, {moderator: false}));
      }, function (error) { C.say(status, error.message || t.error, 'error'); });
    });
  };

  Prompt.prototype.deleteReply = function (item, reply) {
    var self = this;
    if (!window.confirm(this.t.confirm_delete)) { return; }
    C.postJSON(this.ctx.url('delete_reply'), {reply_id: reply.id}).then(function () {
      var note = el('li', {className: 'reply reply--deleted'}, [el('span', {role: 'status', text: self.t.reply_deleted})]);
      var card = item.closest('article.response');
      item.replaceWith(note);
      if (card) { self.countReplies(card); }
    }, function (error) { window.alert(error.message || self.t.error); });
  };

  Prompt.prototype.flagButton = function (kind, id) {
    var self = this;
    var t = this.t;
    var button = el('button', {type: 'button', className: 'link-button', text: t.flag, 'aria-expanded': 'false'});
    // Reporting asks for a reason (optional) and can be cancelled before anything is sent.
    button.addEventListener('click', function () {
      var fieldId = self.ctx.domId + '-flag-' + kind + '-' + id;
      var reason = el('textarea', {id: fieldId, rows: '2', maxlength: '500', className: 'reply-form__text'});
      var status = el('p', {className: 'reply-form__status', role: 'status'});
      var cancel = el('button', {type: 'button', className: 'link-button', text: t.cancel});
      var form = el('form', {className: 'reply-form flag-form', novalidate: true}, [
        el('label', {for: fieldId, text: t.flag_reason}), reason,
        el('button', {type: 'submit', text: t.send_flag}), cancel, status
      ]);
      cancel.addEventListener('click', function () { form.replaceWith(button); button.focus(); });
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        C.postJSON(self.ctx.url('flag'), {kind: kind, id: id, reason: reason.value.trim()}).then(function () {
          // Undo is cheap until a moderator acts: the report is withdrawn and the button comes back.
          var undo = el('button', {type: 'button', className: 'link-button', text: t.undo_flag});
          var done = el('span', {className: 'flag-done'}, [el('span', {text: t.flagged, role: 'status'}), document.createTextNode(' '), undo]);
          undo.addEventListener('click', function () {
            C.postJSON(self.ctx.url('unflag'), {kind: kind, id: id}).then(function () {
              var again = self.flagButton(kind, id);
              done.replaceWith(el('span', {className: 'flag-done', text: t.unflagged, role: 'status'}), again);
              again.focus();
            }, function (error) { C.say(done.firstChild, error.message || t.error, 'error'); });
          });
          form.replaceWith(done);
          undo.focus();
        }, function (error) { C.say(status, error.message || t.error, 'error'); });
      });
      button.replaceWith(form);
      reason.focus();
    });
    return button;
  };

  Prompt.prototype.hideButton = function (kind, item) {
    var self = this;
    var button = el('button', {type: 'button', className: 'link-button', text: item.hidden ? this.t.unhide : this.t.hide});
    button.addEventListener('click', function () {
      var hidden = !item.hidden;
      C.postJSON(self.ctx.url('hide'), {kind: kind, id: item.id, hidden: hidden}).then(function () {
        item.hidden = hidden;
        button.textContent = hidden ? self.t.unhide : self.t.hide;
      }, function (error) { button.textContent = error.message || self.t.error; });
    });
    return button;
  };

  Prompt.prototype.togglePeers = function () {
    var toggle = this.q('toggle-peers');
    var panel = this.q('peers');
    var open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    toggle.textContent = open ? this.t.hide_peers : this.t.show_peers;
    panel.hidden = !open;
    if (open) { this.loadPeers(this.peersPage); }
  };

  Prompt.prototype.loadPeers = function (page) {
    var self = this;
    var panel = this.q('peers');
    panel.setAttribute('aria-busy', 'true');
    C.getJSON(this.ctx.url('list_responses'), {prompt_id: this.id, page: page}).then(function (data) {
      self.peersPage = data.page;
      panel.textContent = '';
      var moderator = data.responses.length > 0 && Object.prototype.hasOwnProperty.call(data.responses[0], 'hidden');
      panel.appendChild(el('p', {className: 'peers__count', role: 'status', text: data.total ? C.plural(self.t.peers_count, data.total, {total: data.total}) : self.t.no_peers}));
      var list = el('div', {className: 'peers__list'});
      data.responses.forEach(function (response) { list.appendChild(self.responseCard(response, {moderator: moderator})); });
      panel.appendChild(list);
      var nav = C.pager(data, self.t, function (page) { self.loadPeers(page); });
      if (nav) { panel.appendChild(nav); }
    }, function (error) {
      panel.textContent = '';
      panel.appendChild(el('p', {className: 'peers__error', role: 'alert', text: error.message || self.t.error}));
    }).then(function () { panel.removeAttribute('aria-busy'); });
  };

  window.MentorPrompts = function (runtime, root, args) {
    var ctx = {
      t: args.i18n,
      signedIn: args.signed_in,
      maxChars: args.max_chars,
      maxReplyChars: args.max_reply_chars,
      domId: root.querySelector('.mentorship').id,
      root: root,
      url: function (name) { return runtime.handlerUrl(root, name); }
    };
    var prompts = args.items.map(function (state) {
      var section = root.querySelector('section.prompt[data-prompt-id="' + state.id + '"]');
      return section ? new Prompt(ctx, section, state) : null;
    }).filter(Boolean);
    // Leaving with unsaved text warns; visibility changes flush drafts first.
    window.addEventListener('beforeunload', function (event) {
      if (prompts.some(function (p) { return p.draft.dirty; })) {
        event.preventDefault();
        event.returnValue = ctx.t.unsaved;
        return ctx.t.unsaved;
      }
      return undefined;
    });
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') { prompts.forEach(function (p) { if (p.draft.dirty) { p.draft.save(); } }); }
    });
    return prompts;
  };
}());
