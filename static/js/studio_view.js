/* Mentor XBlock Studio editor: segments, prompts and settings, checked and saved by the server.
 * Vanilla JS, no inline script. Every rule lives on the server (studio_check, studio_submit):
 * this file only moves values between the form and those handlers and shows what they say.
 * The list of segments and prompts is studio_items.js; this file has the block fields, errors,
 * saving, and OLX import and export.
 */
(function () {
  'use strict';

  var studioItems = window.MentorStudioItems; // studio_items.js: the item rows and their live checks
  var text = studioItems.text;
  var setError = studioItems.setError;

  window.MentorStudioView = function (runtime, element, args) {
    var root = element && element.jquery ? element[0] : element;
    var common = window.MentorCommon;  // common.js: CSRF-aware JSON calls, {placeholder} formatting
    var format = common.format;
    args = common.initArgs(args);
    var t = args.i18n;
    var domId = args.dom_id;
    var form = root.querySelector('[data-role=form]');
    var status = root.querySelector('[data-role=status]');
    var summary = root.querySelector('[data-role=summary]');
    var mentoringOn = root.querySelector('[data-role=mentoring-on]');
    var mentoringBox = root.querySelector('[data-role=mentoring]');
    var olxArea = root.querySelector('[data-role=olx]');
    var olxErrors = root.querySelector('[data-role=olx-errors]');
    var confirmBox = root.querySelector('[data-role=confirm]');

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

    /* --- items (studio_items.js) -------------------------------------------------------- */

    var itemList = studioItems.editor(root, t, domId, call, announce, function (id) {
      return (saved && saved.work && saved.work[id]) || 0;
    });
    var rows = itemList.rows;
    var field = itemList.field;

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
      mentoring = mentoring || {strategy: 'auto', mentors_per_learner: 1, allow_change: true, tags: '',
        response_target_hours: 72, nudge_days: 0, mentor_approval: false, request_expiry_days: 7, checkin_days: 30};
      pathInput('mentoring.strategy').value = mentoring.strategy;
      pathInput('mentoring.mentors_per_learner').value = text(mentoring.mentors_per_learner);
      pathInput('mentoring.allow_change').checked = !!mentoring.allow_change;
      pathInput('mentoring.response_target_hours').value = text(mentoring.response_target_hours === undefined ? 72 : mentoring.response_target_hours);
      pathInput('mentoring.nudge_days').value = text(mentoring.nudge_days || 0);
      pathInput('mentoring.mentor_approval').checked = !!mentoring.mentor_approval;
      pathInput('mentoring.request_expiry_days').value = text(mentoring.request_expiry_days);
      pathInput('mentoring.checkin_days').value = text(mentoring.checkin_days === undefined ? 30 : mentoring.checkin_days);
      pathInput('mentoring.tags').value = Array.isArray(mentoring.tags) ? mentoring.tags.join(', ') : text(mentoring.tags);
      showMentoring();
      itemList.load(content.items || []);
      clearErrors();
      rows().forEach(function (row) { itemList.check(row, false); });
    }

    function showMentoring() { mentoringBox.hidden = !mentoringOn.checked; }

    function collect() {
      return {
        display_name: pathInput('display_name').value,
        weight: pathInput('weight').value,
        content: {
          items: rows().map(itemList.readItem),
          completion: pathInput('completion').value,
          grading: pathInput('grading').value,
          watched_threshold: pathInput('watched_threshold').value,
          late_submissions: pathInput('late_submissions').value,
          transcript_credit: pathInput('transcript_credit').value,
          mentoring: mentoringOn.checked ? {
            strategy: pathInput('mentoring.strategy').value,
            mentors_per_learner: pathInput('mentoring.mentors_per_learner').value,
            allow_change: pathInput('mentoring.allow_change').checked,
            mentor_approval: pathInput('mentoring.mentor_approval').checked,
            request_expiry_days: pathInput('mentoring.request_expiry_days').value,
            checkin_days: pathInput('mentoring.checkin_days').value,
            tags: pathInput('mentoring.tags').value,
            response_target_hours: pathInput('mentoring.response_target_hours').value,
            nudge_days: pathInput('mentoring.nudge_days').value
          } : null
        }
      };
    }

    /* --- errors ---------------------------------------------------------------------- */

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
          placed = itemList.rowFieldError(rows()[error.item], name, error.message);
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

    /* --- server round trips ------------------------------------------------------------- */

    /* The server refused to hide learners' work without the author's word (409 with `removals`):
     * say what would be hidden, next to the Save button, and let the author confirm or keep the items. */
    function askToConfirm(body) {
      confirmBox.querySelector('[data-role=confirm-text]').textContent = body.error;
      var listNode = confirmBox.querySelector('[data-role=confirm-list]');
      listNode.textContent = '';
      body.removals.forEach(function (removal) {
        var li = document.createElement('li');
        li.textContent = removal.message;
        li.dir = 'auto';
        listNode.appendChild(li);
      });
      confirmBox.hidden = false;
      confirmBox.focus();
    }

    /* Puts the removed items the server named back where they were when last saved. */
    function keepItems() {
      var current = rows().map(itemList.readItem);
      var ids = current.map(function (item) { return item.kind + ':' + item.id.trim(); });
      (saved.content.items || []).forEach(function (item, index) {
        if (ids.indexOf(item.kind + ':' + item.id) === -1) { current.splice(Math.min(index, current.length), 0, item); }
      });
      itemList.load(current);
      confirmBox.hidden = true;
      announce(t.kept);
    }

    function save(confirmRemoval) {
      notify('save', {state: 'start'});
      announce(t.saving);
      var data = collect();
      if (confirmRemoval) { data.confirm_removal = true; }
      confirmBox.hidden = true;
      call('studio_submit', data).then(function (result) {
        if (!result.ok && result.status === 409 && result.body.removals) {
          clearErrors();
          askToConfirm(result.body);
          announce(result.body.error);
          return;
        }
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
          showOlxErrors(result.body.error, result.body.errors);  // an alert, said once (issue 23)
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
      save(false);
    });
    mentoringOn.addEventListener('change', showMentoring);
    root.addEventListener('click', function (event) {
      var button = event.target.closest('[data-action]');
      if (!button || !root.contains(button)) { return; }
      var row = button.closest('.mstudio__item');
      switch (button.dataset.action) {
        case 'add-segment': itemList.add('segment'); break;
        case 'add-prompt': itemList.add('prompt'); break;
        case 'up': itemList.move(row, -1, button); break;
        case 'down': itemList.move(row, 1, button); break;
        case 'remove': itemList.remove(row); break;
        case 'confirm-removal': save(true); break;
        case 'keep-items': keepItems(); break;
        case 'import-olx': importOlx(); break;
        case 'export-olx': exportOlx(); break;
        case 'cancel':
          // Studio closes its editor on "cancel"; the editor also visibly returns to what was last
          // saved, so Cancel is never a button that does nothing (the workbench has no modal).
          clearErrors();
          confirmBox.hidden = true;
          fill(saved);
          announce(t.discarded);
          notify('cancel', {});
          break;
        default: return;
      }
    });

    var saved = args.state;
    fill(saved);
  };
}());
