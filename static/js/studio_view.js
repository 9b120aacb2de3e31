/* Mentor XBlock Studio editor: segments, prompts and settings, checked and saved by the server.
 * Vanilla JS, no inline script. Every rule lives on the server (studio_check, studio_submit):
 * this file only moves values between the form and those handlers and shows what they say.
 */
(function () {
  'use strict';

  var CHECK_DELAY_MS = 400;
  var SEGMENT_FIELDS = ['id', 'title', 'expert', 'expert_title', 'url', 'start', 'end', 'note', 'transcript',
    'transcript_format', 'transcript_src'];
  var PROMPT_FIELDS = ['id', 'text', 'min_words', 'visibility'];

  function text(value) { return value === null || value === undefined ? '' : String(value); }

  window.MentorStudioView = function (runtime, element, args) {
    var root = element && element.jquery ? element[0] : element;
    var common = window.MentorCommon;  // common.js: CSRF-aware JSON calls, {placeholder} formatting
    var format = common.format;
    args = common.initArgs(args);
    var t = args.i18n;
    var domId = args.dom_id;
    var form = root.querySelector('[data-role=form]');
    var list = root.querySelector('[data-role=items]');
    var status = root.querySelector('[data-role=status]');
    var summary = root.querySelector('[data-role=summary]');
    var mentoringOn = root.querySelector('[data-role=mentoring-on]');
    var mentoringBox = root.querySelector('[data-role=mentoring]');
    var olxArea = root.querySelector('[data-role=olx]');
    var olxErrors = root.querySelector('[data-role=olx-errors]');
    var templates = {
      segment: root.querySelector('[data-role=segment-template]'),
      prompt: root.querySelector('[data-role=prompt-template]')
    };
    var counter = 0;

    /* POST to a handler; resolves {ok, status, body}, rejects only when the server can't be reached. */
    function call(handler, data) {
      return common.postJSON(runtime.handlerUrl(element, handler), data).then(function (body) {
        return {ok: true, status: 200, body: body};
      }, function (error) {
        if (!error.status) { throw error; }
        return {ok: false, status: error.status, body: error.body && error.body.error ? error.body : {error: error.message}};
      });
    }

    function notify(name, data) {
      if (typeof runtime.notify === 'function') { runtime.notify(name, data); }
    }

    function announce(message) {
      // Clear first so that the same sentence twice is still read out.
      status.textContent = '';
      window.setTimeout(function () { status.textContent = message; }, 30);
    }

    function pathInput(path) { return root.querySelector('[data-path="' + path + '"]'); }

    /* --- items ------------------------------------------------------------------------ */

    function rows() { return Array.prototype.slice.call(list.children); }

    function field(row, name) { return row.querySelector('[data-field="' + name + '"]'); }

    function fieldNames(row) { return row.dataset.kind === 'segment' ? SEGMENT_FIELDS : PROMPT_FIELDS; }

    function describe(input, ids) {
      input.setAttribute('aria-describedby', ids.join(' '));
    }

    function makeRow(item) {
      var kind = item.kind;
      var row = templates[kind].content.firstElementChild.cloneNode(true);
      var key = domId + '-k' + (counter += 1);
      row.dataset.key = key;
      Array.prototype.forEach.call(row.querySelectorAll('[data-field]'), function (input) {
        var name = input.dataset.field;
        var id = key + '-' + name;
        input.id = id;
        var label = row.querySelector('[data-for="' + name + '"]');
        if (label) { label.setAttribute('for', id); }
        var described = [];
        if (input.dataset.help) {
          var help = document.createElement('p');
          help.className = 'mstudio__help';
          help.id = id + '-help';
          help.textContent = input.dataset.help;
          input.insertAdjacentElement('afterend', help);
          described.push(help.id);
        }
        var error = document.createElement('p');
        error.className = 'mstudio__error';
        error.id = id + '-error';
        error.dataset.errorFor = name;
        error.hidden = true;
        (described.length ? input.nextElementSibling : input).insertAdjacentElement('afterend', error);
        described.push(error.id);
        describe(input, described);
        if (name !== 'transcript_file' && item[name] !== undefined && item[name] !== null) {
          input.value = text(item[name]);
        }
      });
      var info = row.querySelectorAll('[data-role=info], [data-role=cues]');
      Array.prototype.forEach.call(info, function (node) { node.id = key + '-' + node.dataset.role; });
      if (kind === 'segment') {
        // The clip facts read out with the URL and times they come from.
        ['url', 'start', 'end'].forEach(function (name) {
          var input = field(row, name);
          describe(input, input.getAttribute('aria-describedby').split(' ').concat([key + '-info']));
        });
        describe(field(row, 'transcript'),
          field(row, 'transcript').getAttribute('aria-describedby').split(' ').concat([key + '-cues']));
      }
      return row;
    }

    function itemLabel(row) {
      var value = field(row, row.dataset.kind === 'segment' ? 'title' : 'text').value.trim();
      if (value.length > 60) { value = value.slice(0, 57) + '…'; }
      return value || t.untitled;
    }

    function kindLabel(row) { return row.dataset.kind === 'segment' ? t.segment : t.prompt; }

    function refresh() {
      var all = rows();
      all.forEach(function (row, index) {
        row.querySelector('[data-role=position]').textContent = (index + 1) + '.';
        row.querySelector('[data-role=label]').textContent = itemLabel(row);
        Array.prototype.forEach.call(row.querySelectorAll('[data-action=up], [data-action=down], [data-action=remove]'),
          function (button) {
            button.setAttribute('aria-label', button.textContent.trim() + ': ' + kindLabel(row) + ' ' + (index + 1) +
              ', ' + itemLabel(row));
          });
      });
      var empty = root.querySelector('[data-role=empty]');
      empty.hidden = all.length > 0;
      empty.textContent = all.length ? '' : t.empty;
    }

    function freeId(prefix) {
      var used = rows().map(function (row) { return field(row, 'id').value.trim(); });
      var n = 1;
      while (used.indexOf(prefix + '-' + n) !== -1) { n += 1; }
      return prefix + '-' + n;
    }

    function add(kind) {
      var item = kind === 'segment'
        ? {kind: 'segment', id: freeId('segment'), transcript_format: 'vtt', start: '0:00'}
        : {kind: 'prompt', id: freeId('prompt'), min_words: 0, visibility: 'mentor'};
      var row = makeRow(item);
      list.appendChild(row);
      refresh();
      field(row, kind === 'segment' ? 'title' : 'text').focus();
      announce(format(t.added, {kind: kindLabel(row), position: rows().length}));
    }

    function move(row, delta, button) {
      var all = rows();
      var index = all.indexOf(row);
      var target = index + delta;
      if (target < 0 || target >= all.length) {
        announce(delta < 0 ? t.at_top : t.at_bottom);
        return;
      }
      if (delta < 0) { list.insertBefore(row, all[target]); } else { list.insertBefore(all[target], row); }
      refresh();
      button.focus();
      announce(format(t.moved, {kind: kindLabel(row), title: itemLabel(row), position: target + 1, count: all.length}));
    }

    function remove(row) {
      var all = rows();
      var index = all.indexOf(row);
      var message = format(t.removed, {kind: kindLabel(row), title: itemLabel(row)});
      row.remove();
      refresh();
      var next = rows()[Math.min(index, rows().length - 1)];
      (next ? next.querySelector('[data-action=remove]') : root.querySelector('[data-action=add-segment]')).focus();
      announce(message);
    }

    function readItem(row) {
      var item = {kind: row.dataset.kind};
      fieldNames(row).forEach(function (name) { item[name] = field(row, name).value; });
      return item;
    }

    /* --- block fields -------------------------------------------------------------- */

    function fill(state) {
      var content = state.content || {};
      pathInput('display_name').value = text(state.display_name);
      pathInput('weight').value = text(state.weight);
      pathInput('completion').value = content.completion || 'segments+prompts';
      pathInput('grading').value = content.grading || 'participation';
      pathInput('watched_threshold').value = text(content.watched_threshold === undefined ? 0.9 : content.watched_threshold);
      pathInput('late_submissions').value = content.late_submissions || 'closed';
      pathInput('transcript_credit').value = content.transcript_credit ? 'true' : 'false';
      var mentoring = content.mentoring;
      mentoringOn.checked = !!mentoring;
      mentoring = mentoring || {strategy: 'auto', mentors_per_learner: 1, allow_change: true, tags: ''};
      pathInput('mentoring.strategy').value = mentoring.strategy;
      pathInput('mentoring.mentors_per_learner').value = text(mentoring.mentors_per_learner);
      pathInput('mentoring.allow_change').checked = !!mentoring.allow_change;
      pathInput('mentoring.tags').value = Array.isArray(mentoring.tags) ? mentoring.tags.join(', ') : text(mentoring.tags);
      showMentoring();
      list.textContent = '';
      (content.items || []).forEach(function (item) { list.appendChild(makeRow(item)); });
      refresh();
      clearErrors();
      rows().forEach(function (row) { check(row, false); });
    }

    function showMentoring() { mentoringBox.hidden = !mentoringOn.checked; }

    function collect() {
      return {
        display_name: pathInput('display_name').value,
        weight: pathInput('weight').value,
        content: {
          items: rows().map(readItem),
          completion: pathInput('completion').value,
          grading: pathInput('grading').value,
          watched_threshold: pathInput('watched_threshold').value,
          late_submissions: pathInput('late_submissions').value,
          transcript_credit: pathInput('transcript_credit').value,
          mentoring: mentoringOn.checked ? {
            strategy: pathInput('mentoring.strategy').value,
            mentors_per_learner: pathInput('mentoring.mentors_per_learner').value,
            allow_change: pathInput('mentoring.allow_change').checked,
            tags: pathInput('mentoring.tags').value
          } : null
        }
      };
    }

    /* --- errors ---------------------------------------------------------------------- */

    function setError(input, slot, message) {
      if (!input || !slot) { return false; }
      slot.textContent = message || '';
      slot.hidden = !message;
      if (message) { input.setAttribute('aria-invalid', 'true'); } else { input.removeAttribute('aria-invalid'); }
      return true;
    }

    function blockSlot(path) { return document.getElementById(domId + '-' + path.replace('.', '-') + '-error'); }

    function clearErrors() {
      Array.prototype.forEach.call(root.querySelectorAll('[aria-invalid]'), function (input) {
        input.removeAttribute('aria-invalid');
      });
      Array.prototype.forEach.call(root.querySelectorAll('.mstudio__error'), function (slot) {
        slot.textContent = '';
        slot.hidden = true;
      });
      summary.hidden = true;
    }

    function rowFieldError(row, name, message) {
      var input = field(row, name);
      return setError(input, input && document.getElementById(input.id + '-error'), message);
    }

    /* Place each {path, message, item?} next to its field; the rest go to the summary. */
    function showErrors(message, errors) {
      clearErrors();
      var unplaced = [];
      var first = null;
      (errors || []).forEach(function (error) {
        var name = error.path.split('.').pop();
        var placed;
        var input;
        if (typeof error.item === 'number' && rows()[error.item]) {
          placed = rowFieldError(rows()[error.item], name, error.message);
          input = field(rows()[error.item], name);
        } else {
          input = pathInput(error.path);
          placed = setError(input, blockSlot(error.path), error.message);
        }
        if (placed) {
          // Focus goes to the invalid field that comes first on the page.
          if (!first || (first.compareDocumentPosition(input) & Node.DOCUMENT_POSITION_PRECEDING)) { first = input; }
        } else {
          unplaced.push((error.location || error.path) + ': ' + error.message);
        }
      });
      summary.querySelector('[data-role=summary-text]').textContent = message;
      var listNode = summary.querySelector('[data-role=summary-list]');
      listNode.textContent = '';
      unplaced.forEach(function (line) {
        var li = document.createElement('li');
        li.textContent = line;
        listNode.appendChild(li);
      });
      summary.hidden = false;
      if (first) {
        if (first.closest('[data-role=mentoring]')) { mentoringOn.checked = true; showMentoring(); }
        first.focus();
      } else {
        summary.focus();
      }
    }

    /* --- live checks (the server runs the validator on one item) ------------------------ */

    function check(row, touchedOnly) {
      var others = rows().filter(function (other) { return other !== row; }).map(function (other) {
        return field(other, 'id').value.trim();
      });
      call('studio_check', {item: readItem(row), taken_ids: others}).then(function (result) {
        if (!row.isConnected || !result.ok) { return; }
        var errors = result.body.errors || {};
        fieldNames(row).forEach(function (name) {
          var input = field(row, name);
          if (touchedOnly === false && !input.dataset.touched && !errors[name]) { return; }
          if (touchedOnly !== false && !input.dataset.touched) { return; }
          rowFieldError(row, name, errors[name] || '');
        });
        if (row.dataset.kind === 'segment') { showInfo(row, result.body.info || {}); }
      }).catch(function () { /* the next keystroke or the save reports it */ });
    }

    function showInfo(row, info) {
      var parts = [];
      if (info.provider) { parts.push(format(t['provider_' + info.provider], {id: info.video_id})); }
      if (info.duration) { parts.push(format(t.clip, {start: info.start_label, end: info.end_label, length: info.duration})); }
      row.querySelector('[data-role=info]').textContent = parts.join(' ');
      var cues = '';
      if (info.cues_total !== undefined && info.cues_in_clip !== undefined) {
        cues = info.cues_in_clip ? format(t.cues, {inside: info.cues_in_clip, total: info.cues_total}) : t.no_cues;
      }
      row.querySelector('[data-role=cues]').textContent = cues;
    }

    function scheduleCheck(row) {
      window.clearTimeout(row.checkTimer);
      row.checkTimer = window.setTimeout(function () { check(row, true); }, CHECK_DELAY_MS);
    }

    function loadTranscript(row, input) {
      var file = input.files && input.files[0];
      if (!file) { return; }
      var reader = new FileReader();
      reader.onload = function () {
        var area = field(row, 'transcript');
        area.value = String(reader.result);
        area.dataset.touched = '1';
        field(row, 'transcript_format').value = /\.srt$/i.test(file.name) ? 'srt' : 'vtt';
        announce(format(t.file_read, {name: file.name}));
        check(row, true);
      };
      reader.onerror = function () { announce(t.file_failed); };
      reader.readAsText(file);
    }

    /* --- server round trips ------------------------------------------------------------- */

    function save() {
      notify('save', {state: 'start'});
      announce(t.saving);
      call('studio_submit', collect()).then(function (result) {
        if (result.ok) {
          clearErrors();
          saved = result.body;  // the server's state after saving: what Cancel returns to
          announce(t.saved);
          notify('save', {state: 'end'});
        } else {
          showErrors(result.body.error, result.body.errors);
          announce(result.body.error);
          notify('error', {title: t.save_failed, message: result.body.error});
        }
      }).catch(function () {
        announce(t.network);
        notify('error', {title: t.save_failed, message: t.network});
      });
    }

    function showOlxErrors(message, errors) {
      olxErrors.textContent = '';
      var p = document.createElement('p');
      p.textContent = message;
      olxErrors.appendChild(p);
      if (errors && errors.length) {
        var ul = document.createElement('ul');
        errors.forEach(function (error) {
          var li = document.createElement('li');
          li.textContent = (error.location || error.path) + ': ' + error.message;
          ul.appendChild(li);
        });
        olxErrors.appendChild(ul);
      }
      olxErrors.hidden = false;
      olxArea.setAttribute('aria-invalid', 'true');
    }

    function importOlx() {
      call('studio_import_olx', {olx: olxArea.value}).then(function (result) {
        if (!result.ok) {
          showOlxErrors(t.import_failed + ' ' + result.body.error, result.body.errors);
          announce(result.body.error);
          return;
        }
        olxErrors.hidden = true;
        olxArea.removeAttribute('aria-invalid');
        fill(result.body);
        var items = result.body.content.items;
        announce(format(t.imported, {
          segments: items.filter(function (i) { return i.kind === 'segment'; }).length,
          prompts: items.filter(function (i) { return i.kind === 'prompt'; }).length
        }));
      }).catch(function () { announce(t.network); });
    }

    function exportOlx() {
      call('studio_export_olx', collect()).then(function (result) {
        if (!result.ok) {
          showErrors(result.body.error, result.body.errors);
          announce(result.body.error);
          return;
        }
        olxErrors.hidden = true;
        olxArea.removeAttribute('aria-invalid');
        olxArea.value = result.body.olx;
        announce(t.exported);
      }).catch(function () { announce(t.network); });
    }

    /* --- events ------------------------------------------------------------------------ */

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      save();
    });
    mentoringOn.addEventListener('change', showMentoring);
    root.addEventListener('click', function (event) {
      var button = event.target.closest('[data-action]');
      if (!button || !root.contains(button)) { return; }
      var row = button.closest('.mstudio__item');
      switch (button.dataset.action) {
        case 'add-segment': add('segment'); break;
        case 'add-prompt': add('prompt'); break;
        case 'up': move(row, -1, button); break;
        case 'down': move(row, 1, button); break;
        case 'remove': remove(row); break;
        case 'import-olx': importOlx(); break;
        case 'export-olx': exportOlx(); break;
        case 'cancel':
          // Studio closes its editor on "cancel"; the editor also visibly returns to what was last
          // saved, so Cancel is never a button that does nothing (the workbench has no modal).
          clearErrors();
          fill(saved);
          announce(t.discarded);
          notify('cancel', {});
          break;
        default: return;
      }
    });
    list.addEventListener('input', function (event) {
      var input = event.target;
      var row = input.closest('.mstudio__item');
      if (!row || !input.dataset.field || input.type === 'file') { return; }
      input.dataset.touched = '1';
      if (input.dataset.field === 'title' || input.dataset.field === 'text') { refresh(); }
      scheduleCheck(row);
    });
    list.addEventListener('change', function (event) {
      var input = event.target;
      var row = input.closest('.mstudio__item');
      if (!row) { return; }
      if (input.type === 'file') { loadTranscript(row, input); return; }
      if (input.tagName === 'SELECT') { input.dataset.touched = '1'; scheduleCheck(row); }
    });

    var saved = args.state;
    fill(saved);
  };
}());
