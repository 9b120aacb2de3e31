/* Programme dashboard, programme health (issue 22): the check-in figures and the current pairings that need
 * a look (a rating of 2 or lower, or two missed check-ins), with both sides' latest notes. Staff only; the
 * learner and the mentor never read each other's answers. Data: programme_figures, checkin_flags. */
(function () {
  'use strict';

  var C = window.MentorCommon;
  var el = C.el;

  window.MentorProgrammeCheckins = function (box, url, t) {
    var figures = box.querySelector('[data-role="checkin-figures"]');
    var list = box.querySelector('[data-role="checkin-flags"]');
    var page = 1;

    function side(s) {
      var parts = [s.rating === null ? t.no_rating : C.format(t.rating_of, {rating: s.rating})];
      if (s.missed) { parts.push(C.plural(t.missed, s.missed, {count: s.missed})); }
      var cell = el('td', {}, [el('span', {text: parts.join(' · ')})]);
      if (s.note) { cell.appendChild(el('blockquote', {className: 'dashboard__note', text: s.note})); }
      return cell;
    }

    function render(data) {
      list.textContent = '';
      if (!data.checkin_days) { list.appendChild(el('p', {text: t.checkins_off})); return; }
      if (!data.total) { list.appendChild(el('p', {text: t.no_flagged})); return; }
      var rows = data.items.map(function (p) {
        var why = p.reasons.map(function (r) { return r === 'low_rating' ? t.flag_low : t.flag_missed; }).join('; ');
        return el('tr', {}, [
          el('th', {scope: 'row', text: C.format(t.pair, {learner: p.learner, mentor: p.mentor})}),
          el('td', {text: why}), side(p.answers.learner), side(p.answers.mentor)
        ]);
      });
      list.appendChild(C.stackable(el('table', {className: 'dashboard__table'}, [
        el('caption', {text: C.plural(t.flagged_caption, data.total, {total: data.total})}),
        el('thead', {}, [el('tr', {}, [t.pairing, t.why_flagged, t.learner_side, t.mentor_side].map(function (h) {
          return el('th', {scope: 'col', text: h});
        }))]),
        el('tbody', {}, rows)
      ])));
      var nav = C.pager(data, t, function (n) { page = n; load(); });
      if (nav) { list.appendChild(nav); }
    }

    function load() {
      C.getJSON(url('checkin_flags'), {page: page}).then(render, function (error) {
        C.say(list, error.message || t.error, 'error');
      });
    }

    return {
      // The figures come with programme_figures (loaded by programme_dashboard.js).
      figures: function (f) {
        var c = f.checkins;
        figures.textContent = '';
        figures.appendChild(el('dl', {className: 'figures'}, [
          el('dt', {text: t.checkins_answered}), el('dd', {text: String(c.answered)}),
          el('dt', {text: t.checkins_median}), el('dd', {text: c.median_rating === null ? t.none_yet_rated : String(c.median_rating)}),
          el('dt', {text: t.checkins_low}), el('dd', {text: String(c.low)})
        ]));
      },
      load: load
    };
  };
}());
