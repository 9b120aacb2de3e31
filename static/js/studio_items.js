/* The Studio editor's list of segments and prompts (studio_view.js): one row per item, added, moved
 * and removed with announced results, each row checked by the server as the author types
 * (studio_check). Every rule lives on the server; this file only builds rows and reads them back.
 */
(function () {
  'use strict';

  var CHECK_DELAY_MS = 400;
  var SEGMENT_FIELDS = ['id', 'title', 'expert', 'expert_title', 'url', 'start', 'end', 'note', 'transcript',
    'transcript_format', 'transcript_src'];
  var PROMPT_FIELDS = ['id', 'text', 'min_words', 'visibility', 'criteria'];

  function text(value) { return value === null || value === undefined ? '' : String(value); }

  /* Shows message (or nothing) in a field's error slot and marks the field invalid; false without both. */
  function setError(input, slot, message) {
    if (!input || !slot) { return false; }
    slot.textContent = message || '';
    slot.hidden = !message;
    if (message) { input.setAttribute('aria-invalid', 'true'); } else { input.removeAttribute('aria-invalid'); }
    return true;
  }

  /* root: the editor; t: its catalogue; domId: the block's DOM id (row ids are unique per page);
   * call(handler, data): a POST resolving {ok, status, body}; announce(message): the live status;
   * workOf(id): how many learners have answers or progress under a saved item (0 when none). */
  function editor(root, t, domId, call, announce, workOf) {
    var format = window.MentorCommon.format;
    var list = root.querySelector('[data-role=items]');
    var templates = {
      segment: root.querySelector('[data-role=segment-template]'),
      prompt: root.querySelector('[data-role=prompt-template]')
    };
    var counter = 0;

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
        // The first item cannot move up nor the last down: say so by disabling the button (issue 23).
        row.querySelector('[data-action=up]').disabled = index === 0;
        row.querySelector('[data-action=down]').disabled = index === all.length - 1;
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
      // At the top or bottom now, the pressed button is disabled: focus stays in the row on its other move button.
      (button.disabled ? row.querySelector(delta < 0 ? '[data-action=down]' : '[data-action=up]') : button).focus();
      announce(format(t.moved, {kind: kindLabel(row), title: itemLabel(row), position: target + 1, count: all.length}));
    }

    function remove(row) {
      var all = rows();
      var index = all.indexOf(row);
      var message = format(t.removed, {kind: kindLabel(row), title: itemLabel(row)});
      var learners = workOf(field(row, 'id').value.trim());
      if (learners) { message += ' ' + format(t.removed_work, {count: learners}); }
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

    function rowFieldError(row, name, message) {
      var input = field(row, name);
      return setError(input, input && document.getElementById(input.id + '-error'), message);
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

    /* Replaces the rows with items (the state the server sent). */
    function load(items) {
      list.textContent = '';
      items.forEach(function (item) { list.appendChild(makeRow(item)); });
      refresh();
    }

    /* --- events ------------------------------------------------------------------------ */

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

    return {rows: rows, field: field, readItem: readItem, rowFieldError: rowFieldError, check: check,
      add: add, move: move, remove: remove, load: load};
  }

  window.MentorStudioItems = {text: text, setError: setError, editor: editor};
}());
