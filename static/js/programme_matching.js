/* Matching on the programme dashboard (programme_dashboard.js): automatic matching with a preview
 * before it is applied, and assignments imported from CSV. Handlers: auto_assign, import_assignments. */
(function () {
  'use strict';

  var C = window.MentorCommon;
  var el = C.el;

  /* programme: the dashboard (q(role), url(handler), t, say, fail, refresh); table(caption, headers, rows):
   * its table builder. Wires the preview and apply buttons and the import form. */
  window.MentorProgrammeMatching = function (programme, table) {
    var t = programme.t;
    var proposed;  // how many the last preview placed: the apply confirmation names it

    function match(preview) {
      var box = programme.q('proposal');
      // Applying makes real assignments (and tells people): it asks first; previewing is free.
      if (!preview && !window.confirm(C.plural(t.confirm_apply, proposed || 0, {placed: proposed || 0}))) { return; }
      programme.say('');
      box.setAttribute('aria-busy', 'true');
      C.postJSON(programme.url('auto_assign'), {preview: preview}).then(function (report) {
        box.textContent = '';
        // Each count is a phrase of its own, so each takes its plural form ("1 learner", "2 learners").
        var counted = function (forms, n) { return C.plural(forms, n, {total: n}); };
        box.appendChild(el('p', {className: 'dashboard__figure', text: C.format(preview ? t.proposal : t.applied, {
          assignments: counted(t.n_assignments, report.placed), learners: counted(t.learners_caption, report.learners),
          overlap: counted(t.n_shared, report.total_overlap), left: counted(t.learners_caption, report.unplaced_count)
        })}));
        if (preview) { proposed = report.placed; }
        if (report.assignments.length) {
          box.appendChild(table(preview ? t.pairs : t.made_pairs, [t.learner, t.mentor], report.assignments.map(function (a) {
            return el('tr', {}, [el('th', {scope: 'row', text: a.username || a.learner_id}), el('td', {text: a.mentor})]);
          })));
        }
        if (report.unplaced.length) {
          box.appendChild(table(t.left_over, [t.learner, t.reason], report.unplaced.map(function (u) {
            return el('tr', {}, [el('th', {scope: 'row', text: u.username || u.learner_id}), el('td', {text: u.reason})]);
          })));
        }
        programme.q('apply').disabled = !(preview && report.placed > 0);
        if (!preview) { programme.refresh(); }
      }, function (error) { programme.fail(error); }).then(function () { box.removeAttribute('aria-busy'); });
    }

    function importCsv() {
      var input = programme.q('csv-file');
      var out = programme.q('import-result');
      out.textContent = '';
      if (!input.files.length) { out.textContent = t.choose_file; input.focus(); return; }
      input.files[0].text().then(function (text) {
        return C.postJSON(programme.url('import_assignments'), {csv: text});
      }).then(function (result) {
        out.appendChild(el('p', {text: C.plural(t.imported, result.assigned, {count: result.assigned})}));
        programme.refresh();
      }, function (error) {
        out.appendChild(el('p', {text: error.message || t.error}));
        var lines = (error.body && error.body.errors) || [];
        if (lines.length) {
          out.appendChild(el('ul', {className: 'dashboard__errors'}, lines.map(function (e) {
            return el('li', {text: C.format(t.line_error, {line: e.line, message: e.message})});
          })));
        }
      });
    }

    programme.q('preview').addEventListener('click', function () { match(true); });
    programme.q('apply').addEventListener('click', function () { match(false); });
    programme.q('import').addEventListener('submit', function (event) { event.preventDefault(); importCsv(); });
  };
}());
