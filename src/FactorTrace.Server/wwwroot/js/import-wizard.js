// Import wizard (/imports, /imports/{id}): drop a file on an upload field; show a running commit's progress.
(function () {
    'use strict';

    // Drag and drop: a file dropped on the field's box is put into its file input (the form still posts it as usual).
    document.querySelectorAll('[data-dropzone]').forEach(function (zone) {
        var input = zone.querySelector('input[type=file]');
        if (!input) { return; }
        ['dragenter', 'dragover'].forEach(function (name) {
            zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.add('dragging'); });
        });
        ['dragleave', 'drop'].forEach(function (name) {
            zone.addEventListener(name, function () { zone.classList.remove('dragging'); });
        });
        zone.addEventListener('drop', function (e) {
            e.preventDefault();
            if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files.length > 0) {
                input.files = e.dataTransfer.files;
                input.dispatchEvent(new Event('change', { bubbles: true }));
            }
        });
    });

    // Commit: the request runs until every row is stored; meanwhile the import's progress is polled and shown.
    document.querySelectorAll('form[data-commit]').forEach(function (form) {
        form.addEventListener('submit', function () {
            var box = form.querySelector('[data-progress]');
            var bar = box && box.querySelector('progress');
            var text = box && box.querySelector('[data-progress-text]');
            var button = form.querySelector('button[type=submit]');
            if (!box) { return; }
            box.hidden = false;
            if (button) { button.setAttribute('aria-disabled', 'true'); }
            if (text) { text.textContent = 'Starting…'; }
            var poll = function () {
                fetch(form.getAttribute('data-progress-url'), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
                    .then(function (r) { return r.ok ? r.json() : null; })
                    .then(function (p) {
                        if (!p) { return; }
                        if (p.rows_total > 0) {
                            bar.max = p.rows_total;
                            bar.value = p.rows_done;
                            text.textContent = (p.phase || 'working') + ': ' + p.rows_done + ' of ' + p.rows_total + ' rows';
                        } else if (p.status !== 'validated') {
                            text.textContent = 'Finishing…';
                        }
                    })
                    .catch(function () { /* the page is leaving */ });
            };
            window.setInterval(poll, 400);
        });
    });
}());
