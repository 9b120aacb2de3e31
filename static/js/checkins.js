/* Mentor XBlock learner view, mentor widget: check-ins (a 1–5 rating and a note for the programme team)
 * and closing reflections, for learners and mentors alike (issue 22). The server renders the questions
 * (templates/checkins.html); after an answer the handler sends the freshly rendered widget body. */
(function () {
  'use strict';

  var common = window.MentorCommon; // static/js/common.js

  window.MentorCheckins = function (runtime, root, widget, t) {
    var status = widget.querySelector('[data-role="mw-status"]');
    var busy = false;

    function say(text, kind) { common.say(status, text, kind); }

    function refresh(html) {
      var holder = document.createElement('div');
      holder.innerHTML = html; // rendered by the server with autoescaping; contains no script
      var fresh = holder.querySelector('[data-role="mw-body"]');
      var body = widget.querySelector('[data-role="mw-body"]');
      if (fresh && body) { body.replaceWith(fresh); }
      var title = widget.querySelector('.mentor-widget__title');
      if (title) { title.focus(); }
    }

    function send(handler, data, done) {
      if (busy) { return; }  // one answer at a time; the server refuses a second one with 409 anyway
      busy = true;
      say(t.working);
      data.html = true;
      common.postJSON(runtime.handlerUrl(root, handler), data).then(function (result) {
        refresh(result.html);
        say(done, 'success');
      }).catch(function (error) {
        say(common.format(t.failed, {error: error.message}), 'error');
      }).then(function () { busy = false; });
    }

    function checkin(form, skip) {
      var data = {assignment_id: parseInt(form.getAttribute('data-assignment-id'), 10),
        period: parseInt(form.getAttribute('data-period'), 10)};
      if (skip) {
        data.skip = true;
        send('answer_checkin', data, t.checkin_skipped);
        return;
      }
      var picked = form.querySelector('input[name="rating"]:checked');
      if (!picked) {
        say(t.rating_needed, 'error');
        form.querySelector('input[name="rating"]').focus();
        return;
      }
      data.rating = parseInt(picked.value, 10);
      data.note = form.querySelector('textarea').value;
      send('answer_checkin', data, t.checkin_saved);
    }

    function closing(form, skip) {
      var data = {assignment_id: parseInt(form.getAttribute('data-assignment-id'), 10)};
      var text = form.querySelector('textarea').value.trim();
      if (skip || !text) { data.skip = true; } else { data.text = text; }
      send('answer_closing', data, data.skip ? t.closing_skipped : t.closing_saved);
    }

    widget.addEventListener('submit', function (event) {
      var form = event.target;
      if (form.matches('[data-role="mw-checkin"]')) {
        event.preventDefault();
        checkin(form, false);
      } else if (form.matches('[data-role="mw-closing"]')) {
        event.preventDefault();
        closing(form, false);
      }
    });

    widget.addEventListener('click', function (event) {
      var button = event.target.closest('button[data-role]');
      if (!button || !widget.contains(button)) { return; }
      var role = button.getAttribute('data-role');
      if (role === 'mw-skip-checkin') {
        checkin(button.closest('form'), true);
      } else if (role === 'mw-skip-closing') {
        closing(button.closest('form'), true);
      }
    });
  };
}());
