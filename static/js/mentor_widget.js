/* Mentor XBlock learner view, mentor part: choose or change a mentor, pick interests.
 * Vanilla JS, no inline script. The server renders the widget (templates/mentor_widget.html);
 * after an action the handler answers with the freshly rendered widget, which replaces the body,
 * so there is one template and the server alone decides what the learner may see.
 */
(function () {
  'use strict';

  var common = window.MentorCommon; // static/js/common.js: JSON calls with the CSRF header, format

  window.MentorWidget = function (runtime, root, args) {
    var widget = root.querySelector('[data-role="mentor-widget"]');
    if (!widget) { return null; }
    var t = args.i18n;
    var status = widget.querySelector('[data-role="mw-status"]');
    // Email about mentoring (immediate, daily digest, off): learners and mentors alike.
    widget.addEventListener('submit', function (event) {
      var form = event.target;
      if (!form.matches('[data-role="mail-prefs"]')) { return; }
      event.preventDefault();
      common.postJSON(runtime.handlerUrl(root, 'set_notification_settings'), {mode: form.querySelector('select').value})
        .then(function () { common.say(status, t.mail_saved, 'success'); },
          function (error) { common.say(status, common.format(t.failed, {error: error.message}), 'error'); });
    });
    // Check-ins and closing reflections: learners and mentors alike (checkins.js).
    window.MentorCheckins(runtime, root, widget, t);
    var busy = false;

    function url(handler) { return runtime.handlerUrl(root, handler); }

    function say(text, kind) { common.say(status, text, kind); }

    // Swap in the server's fresh rendering of the body; focus goes to `focusSelector` or the title.
    function refresh(html, focusSelector) {
      var holder = document.createElement('div');
      holder.innerHTML = html; // rendered by the server with autoescaping; contains no script
      var fresh = holder.querySelector('[data-role="mw-body"]');
      var body = widget.querySelector('[data-role="mw-body"]');
      if (fresh && body) { body.replaceWith(fresh); }
      var target = (focusSelector && widget.querySelector(focusSelector)) ||
        widget.querySelector('.mentor-widget__title');
      if (target) { target.focus(); }
    }

    function act(handler, data, done, focusSelector) {
      if (busy) { return; }
      busy = true;
      say(t.working);
      data.html = true;
      common.postJSON(url(handler), data).then(function (result) {
        refresh(result.html, focusSelector);
        say(done(result), 'success');
      }).catch(function (error) {
        say(common.format(t.failed, {error: error.message}), 'error');
      }).then(function () { busy = false; });
    }

    if (args.role !== 'learner') { return mentorSide(); }

    // Mentors answer learners' requests (mentor_approval): accept or decline, with an optional note.
    function mentorSide() {
      widget.addEventListener('click', function (event) {
        var button = event.target.closest('button[data-role="mw-accept"], button[data-role="mw-decline"]');
        if (!button || !widget.contains(button)) { return; }
        var accept = button.getAttribute('data-role') === 'mw-accept';
        var card = button.closest('li[data-request-id]');
        var note = card ? card.querySelector('[data-role="mw-request-note"]') : null;
        act('answer_request', {
          request_id: parseInt(button.getAttribute('data-request-id'), 10), accept: accept,
          note: note ? note.value.trim() : ''
        }, function () { return accept ? t.accepted : t.declined; });
      });
      return {refresh: refresh};
    }

    // The mentors ranked in the join form (first choice first), or null (and a message) for a repeat.
    function ranked(form) {
      var ids = [];
      var repeated = false;
      Array.prototype.forEach.call(form.querySelectorAll('select[name="rank"]'), function (select) {
        if (!select.value) { return; }
        var id = parseInt(select.value, 10);
        if (ids.indexOf(id) !== -1) { repeated = true; }
        ids.push(id);
      });
      if (repeated) { say(t.ranks_twice, 'error'); return null; }
      return ids;
    }

    // The interests ticked in a form, or null (and a message) when there are too many.
    function picked(form) {
      var chosen = Array.prototype.map.call(form.querySelectorAll('input[name="interest"]:checked'), function (box) {
        return box.value;
      });
      var max = parseInt(form.getAttribute('data-max'), 10);
      if (chosen.length > max) { say(common.format(t.too_many, {max: max}), 'error'); return null; }
      return chosen;
    }

    // Joining is the learner's own action (interests first, skippable); looking at the widget joins nobody.
    function join(interests, ranks) {
      var data = interests === null ? {} : {interests: interests};
      if (ranks && ranks.length) { data.ranked_mentors = ranks; }
      act('join_programme', data, function () { return t.joined; });
    }

    widget.addEventListener('submit', function (event) {
      var form = event.target;
      var chosen;
      if (form.matches('[data-role="mw-join"]')) {
        event.preventDefault();
        chosen = picked(form);
        var ranks = ranked(form);
        if (chosen !== null && ranks !== null) { join(chosen, ranks); }
      } else if (form.matches('[data-role="mw-interests"]')) {
        event.preventDefault();
        chosen = picked(form);
        if (chosen === null) { return; }
        act('set_interests', {interests: chosen}, function () { return t.interests_saved; }, '[data-role="mw-interests"] input');
      } else if (form.matches('[data-role="mw-change"]')) {
        event.preventDefault();
        var reason = form.querySelector('textarea').value.trim();
        if (!reason) {
          say(t.reason_needed, 'error');
          form.querySelector('textarea').setAttribute('aria-invalid', 'true');
          form.querySelector('textarea').focus();
          return;
        }
        act('request_change', {
          assignment_id: parseInt(form.getAttribute('data-assignment-id'), 10),
          reason: reason
        }, function () { return ''; }, '[data-state="change_pending"]');  // the widget says it is waiting: once
      }
    });

    widget.addEventListener('click', function (event) {
      var button = event.target.closest('button[data-role]');
      if (!button || !widget.contains(button)) { return; }
      var role = button.getAttribute('data-role');
      if (role === 'mw-choose') {
        var data = {mentor_id: parseInt(button.getAttribute('data-mentor-id'), 10)};
        var name = button.getAttribute('data-name');
        if (button.hasAttribute('data-replace')) {
          // Switching ends the current mentorship: it asks first.
          if (!window.confirm(common.format(t.confirm_switch, {name: name}))) { return; }
          var select = widget.querySelector('[data-role="mw-replace"]');
          data.replace = parseInt(select ? select.value : button.getAttribute('data-replace'), 10);
        }
        act('choose_mentor', data, function () {
          if (button.hasAttribute('data-ask')) { return common.format(t.requested_mentor, {name: name}); }
          return common.format(data.replace ? t.switched : t.chosen, {name: name});
        }, '.mentor-widget__cards .mentor-card__name');
      } else if (role === 'mw-dismiss-answer') {
        act('dismiss_change_answer', {request_id: parseInt(button.getAttribute('data-request-id'), 10)},
          function () { return t.note_dismissed; });
      } else if (role === 'mw-withdraw') {
        act('withdraw_request', {request_id: parseInt(button.getAttribute('data-request-id'), 10)},
          function () { return t.withdrawn; });
      } else if (role === 'mw-skip' || role === 'mw-retry') {
        var form = widget.querySelector('[data-role="mw-join"]');
        var ranks = form && role === 'mw-skip' ? ranked(form) : [];
        if (ranks !== null) { join(null, ranks); }
      } else if (role === 'mw-page') {
        var page = button.getAttribute('data-page');
        common.getJSON(url('mentors'), {html: 1, page: page}).then(function (result) {
          refresh(result.html, '[data-role="mw-choice-title"]');
        }).catch(function (error) { say(common.format(t.failed, {error: error.message}), 'error'); });
      }
    });
    return {refresh: refresh};
  };
}());
