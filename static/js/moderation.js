/* Reported posts for the mentor and programme dashboards: each item with its reports and reasons,
 * and hide (with a reason the author is shown), show again, or dismiss the reports.
 * Data: the reported_items handler (mentors) or programme?list=flags (staff); actions: moderate. */
(function () {
  'use strict';

  var C = window.MentorCommon;
  var el = C.el;

  /* box: the element to fill; data: {items, total, page, pages}; t: catalogue; url(handler);
   * reload(page): fetch the list again; say(text): the dashboard's live status. */
  window.MentorModeration = function (box, data, t, url, reload, say) {
    box.textContent = '';
    if (!data.total) { box.appendChild(el('p', {text: t.no_reports})); return; }
    var list = el('ol', {className: 'queue'});
    data.items.forEach(function (item) {
      var id = 'mod-' + item.kind + '-' + item.id;
      var reason = el('input', {id: id + '-reason', maxlength: '500'});
      var status = el('p', {className: 'queue__status', role: 'status'});
      function act(action) {
        C.postJSON(url('moderate'), {kind: item.kind, id: item.id, action: action, reason: reason.value}).then(function () {
          say({hide: t.hidden_done, unhide: t.unhidden_done, dismiss: t.dismissed_done}[action]);
          reload(data.page);
        }, function (error) { C.say(status, error.message || t.error, 'error'); });
      }
      var buttons = [];
      [['hide', t.hide_item], ['unhide', t.unhide_item], ['dismiss', t.dismiss_reports]].forEach(function (pair) {
        if ((pair[0] === 'hide' && item.hidden) || (pair[0] === 'unhide' && !item.hidden)) { return; }
        // One main action per report (issue 23): hiding is it; showing again and dismissing are secondary.
        var button = el('button', {type: 'button', className: pair[0] === 'hide' ? 'primary' : 'secondary', text: pair[1]});
        button.addEventListener('click', function () { act(pair[0]); });
        buttons.push(button);
      });
      list.appendChild(el('li', {className: 'queue__item', id: 'mentor-' + item.kind + '-' + item.id}, [
        el('p', {className: 'queue__meta'}, [
          el('bdi', {className: 'queue__author', text: item.author}),
          document.createTextNode(' · ' + (item.kind === 'reply' ? t.kind_reply : t.kind_response) + ' · ' +
            C.format(t.report_count, {count: item.report_count}) + (item.hidden ? ' · ' + t.hidden_mark : ''))
        ]),
        el('blockquote', {className: 'queue__text'}, [C.richText(item.text_parts)]),
        el('ul', {className: 'queue__reports', 'aria-label': t.reports_label}, item.reports.map(function (r) {
          return el('li', {}, [C.time(r.created_at), document.createTextNode(' ' + (r.reason || t.no_reason))]);
        })),
        el('label', {for: reason.id, text: t.hide_reason_label}), reason,
        el('div', {className: 'queue__actions'}, buttons), status
      ]));
    });
    box.appendChild(list);
    var nav = C.pager(data, t, function (page) { reload(page); });
    if (nav) { box.appendChild(nav); }
  };

  /* The "Email about mentoring" choice (immediate, daily digest, off), for any role. */
  window.MentorMailPrefs = function (form, url, t, say) {
    if (!form) { return; }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var mode = form.querySelector('select').value;
      C.postJSON(url('set_notification_settings'), {mode: mode}).then(function () { say(t.mail_saved); },
        function (error) { say(error.message || t.error); });
    });
  };
}());
