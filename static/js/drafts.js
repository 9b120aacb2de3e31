/* A reflection's draft: autosave with the version it edits, and the choice when another device saved first.
   The server refuses a save over a draft this page has not seen (409 with the newer text, docs/api.md);
   the person then sees both texts and keeps theirs or takes the newer one. Used by prompts.js. */
(function () {
  'use strict';

  var C = window.MentorCommon;
  var el = C.el;
  var AUTOSAVE_MS = 1500;

  function Draft(prompt, version) {
    this.prompt = prompt;
    this.t = prompt.t;
    this.version = version || 0;
    this.timer = null;
    this.dirty = false;
    this.conflict = null;  // the open choice, while there is one: autosave waits for it
  }

  Draft.prototype.status = function (text, kind) {
    C.say(this.prompt.q('draft-status'), text, kind);
  };

  Draft.prototype.changed = function () {
    var self = this;
    this.dirty = true;
    window.clearTimeout(this.timer);
    if (this.conflict) { return; }
    this.timer = window.setTimeout(function () { self.save(); }, AUTOSAVE_MS);
  };

  Draft.prototype.save = function () {
    var self = this;
    var answer = this.prompt.answer;
    var text = answer.value;
    window.clearTimeout(this.timer);
    if (!this.prompt.ctx.signedIn || this.conflict) { return Promise.resolve(); }
    var body = {prompt_id: this.prompt.id, text: text, version: this.version};
    var moment = this.prompt.picker ? this.prompt.picker.value() : undefined;  // history.js
    if (moment !== false && moment !== undefined) { body.moment = moment; }  // a typed time that is none waits
    return C.postJSON(this.prompt.ctx.url('save_draft'), body)
      .then(function (saved) {
        self.version = saved.version;
        if (answer.value === text) { self.dirty = false; }
        self.status(self.t.draft_saved);
      }, function (error) {
        if (error.status === 409 && error.body && typeof error.body.draft === 'string') {
          self.offer(error.body, error.message);
          return;
        }
        self.status(error.status === 400 ? error.message : self.t.draft_failed, 'error');
        self.timer = window.setTimeout(function () { self.save(); }, AUTOSAVE_MS * 4);
      });
  };

  /* After a submission the server's draft is the submitted text, at the version it answered. */
  Draft.prototype.submitted = function (version) {
    window.clearTimeout(this.timer);
    this.version = version;
    this.dirty = false;
    this.close();
  };

  Draft.prototype.close = function () {
    if (this.conflict) { this.conflict.remove(); }
    this.conflict = null;
  };

  /* Both texts: the person's own stays in the editor; the newer one is shown beside it, with the choice. */
  Draft.prototype.offer = function (newer, message) {
    var self = this;
    var t = this.t;
    var prompt = this.prompt;
    var id = prompt.ctx.domId + '-conflict-' + prompt.id;
    this.close();
    this.status(message, 'error');
    var keep = el('button', {type: 'button', className: 'prompt__toggle', text: t.keep_mine});
    var take = el('button', {type: 'button', className: 'prompt__toggle', text: t.take_newer});
    var label = [document.createTextNode(C.format(t.newer_draft, {when: ''}))];
    if (newer.draft_saved_at) { label.push(C.time(newer.draft_saved_at)); }
    this.conflict = el('div', {className: 'prompt__conflict', role: 'group', 'aria-labelledby': id + '-title'}, [
      el('p', {className: 'prompt__conflict-title', id: id + '-title', text: t.draft_conflict}),
      el('p', {className: 'prompt__conflict-label', id: id + '-label'}, label),
      el('div', {className: 'prompt__conflict-text', 'aria-labelledby': id + '-label', role: 'region', tabindex: '0',
                 text: newer.draft}),
      el('div', {className: 'prompt__conflict-actions'}, [keep, take])
    ]);
    keep.addEventListener('click', function () {
      self.version = newer.version;  // saving again now overwrites the newer text, as chosen
      self.close();
      prompt.answer.focus();
      self.save();
    });
    take.addEventListener('click', function () {
      self.version = newer.version;
      prompt.answer.value = newer.draft;
      self.dirty = false;
      self.close();
      prompt.updateCount();
      self.status(t.took_newer, 'success');
      prompt.answer.focus();
    });
    // Focus stays where the person is typing; the status above is an alert, and the choice is next in order.
    prompt.q('editor').insertBefore(this.conflict, prompt.answer.nextSibling);
  };

  window.MentorDraft = Draft;
}());
