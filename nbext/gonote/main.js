// gonote classic-notebook extension: format Go cells with gofmt.
//
// The kernel does the formatting: the extension opens a comm with the
// target "gonote.format", sends {"code": source, "id": n} and gets back
// {"status": "ok", "code": formatted, "id": n} or
// {"status": "error", "error": "line:col: message", "id": n}.
// On an error the cell is left as it is and the error is shown in the
// notification area and on the offending line.
//
// Works in notebook 6.4 and nbclassic. Active only when the kernel's
// language is go.
define([
    'jquery',
    'base/js/namespace',
    'base/js/events'
], function ($, Jupyter, events) {
    'use strict';

    var TARGET = 'gonote.format';
    var PREFIX = 'gonote';
    var ERROR_CLASS = 'gonote-format-error';
    // Comm messages wait in the kernel's shell queue behind a running cell.
    var REPLY_TIMEOUT_MS = 60000;

    var comm = null;
    var pending = {};
    var nextId = 1;
    var toolbarGroup = null;
    var menuItems = null;

    // isGo reports whether the notebook's kernel runs Go.
    function isGo() {
        var nb = Jupyter.notebook;
        if (!nb) {
            return false;
        }
        var kernel = nb.kernel;
        var info = kernel && kernel.info_reply && kernel.info_reply.language_info;
        if (info && info.name) {
            return String(info.name).toLowerCase() === 'go';
        }
        var meta = nb.metadata || {};
        var lang = (meta.language_info && meta.language_info.name) ||
            (meta.kernelspec && meta.kernelspec.language) || '';
        return String(lang).toLowerCase() === 'go';
    }

    function notify(level, text, timeout) {
        var widget = Jupyter.notification_area.widget(PREFIX);
        widget[level](text, timeout);
    }

    // failPending rejects every request waiting for a reply.
    function failPending(reason) {
        var ids = Object.keys(pending);
        ids.forEach(function (id) {
            var p = pending[id];
            delete pending[id];
            clearTimeout(p.timer);
            p.reject(new Error(reason));
        });
    }

    // dropComm forgets the comm; the next request opens a new one. Called
    // when the kernel restarts or changes, since comms do not survive that.
    function dropComm() {
        comm = null;
        failPending('the kernel restarted');
    }

    function onReply(msg) {
        var data = (msg && msg.content && msg.content.data) || {};
        var p = pending[data.id];
        if (!p) {
            return;
        }
        delete pending[data.id];
        clearTimeout(p.timer);
        p.resolve(data);
    }

    function getComm() {
        var kernel = Jupyter.notebook.kernel;
        if (!kernel || !kernel.is_connected()) {
            throw new Error('the kernel is not connected');
        }
        if (comm !== null && comm.kernel === kernel) {
            return comm;
        }
        comm = kernel.comm_manager.new_comm(TARGET, {});
        comm.on_msg(onReply);
        comm.on_close(function () {
            comm = null;
            failPending('the kernel closed the format comm');
        });
        return comm;
    }

    // request asks the kernel to format source and resolves with its reply.
    function request(source) {
        return new Promise(function (resolve, reject) {
            var c = getComm();
            var id = nextId++;
            var timer = setTimeout(function () {
                if (pending[id]) {
                    delete pending[id];
                    reject(new Error('no reply from the kernel in ' +
                        REPLY_TIMEOUT_MS / 1000 + ' s (is a cell still running?)'));
                }
            }, REPLY_TIMEOUT_MS);
            pending[id] = {resolve: resolve, reject: reject, timer: timer};
            c.send({code: source, id: id});
        });
    }

    function clearErrorMark(cell) {
        var cm = cell.code_mirror;
        cm.eachLine(function (line) {
            cm.removeLineClass(line, 'background', ERROR_CLASS);
        });
        cell.element.removeAttr('data-gonote-format-error');
    }

    // markError highlights the line of a "line:col: message" error until
    // the cell is next edited.
    function markError(cell, error) {
        var cm = cell.code_mirror;
        var m = /^(\d+):(\d+):/.exec(error);
        cell.element.attr('data-gonote-format-error', error);
        if (!m) {
            return;
        }
        var line = Math.min(parseInt(m[1], 10) - 1, cm.lastLine());
        cm.addLineClass(line, 'background', ERROR_CLASS);
        cm.on('change', function clear() {
            cm.off('change', clear);
            clearErrorMark(cell);
        });
    }

    // replaceSource puts the formatted text into the editor as one undoable
    // change and keeps the cursor on the same line.
    function replaceSource(cell, text) {
        var cm = cell.code_mirror;
        var cursor = cm.getCursor();
        cm.operation(function () {
            var last = cm.lastLine();
            cm.replaceRange(text, {line: 0, ch: 0},
                {line: last, ch: cm.getLine(last).length}, '+gonote.format');
            var line = Math.min(cursor.line, cm.lastLine());
            cm.setCursor({line: line, ch: Math.min(cursor.ch, cm.getLine(line).length)});
        });
    }

    // formatCell formats one code cell. It resolves with null on success
    // and with the error text when the source has a syntax error.
    function formatCell(cell) {
        if (!cell || cell.cell_type !== 'code') {
            return Promise.resolve(null);
        }
        var source = cell.get_text();
        if (source.trim() === '') {
            return Promise.resolve(null);
        }
        clearErrorMark(cell);
        return request(source).then(function (reply) {
            if (reply.status !== 'ok') {
                markError(cell, reply.error || 'unknown error');
                return reply.error || 'unknown error';
            }
            // Leave the cell alone if it was edited while waiting.
            if (cell.get_text() === source && reply.code !== source) {
                replaceSource(cell, reply.code);
            }
            return null;
        });
    }

    function requireGo() {
        if (isGo()) {
            return true;
        }
        notify('warning', 'gofmt: the kernel is not a Go kernel', 3000);
        return false;
    }

    function formatSelected() {
        if (!requireGo()) {
            return;
        }
        var cell = Jupyter.notebook.get_selected_cell();
        formatCell(cell).then(function (error) {
            if (error) {
                notify('danger', 'gofmt: ' + error, 10000);
            } else {
                notify('info', 'gofmt: formatted', 1500);
            }
        }).catch(function (err) {
            notify('danger', 'gofmt: ' + err.message, 10000);
        });
    }

    function formatAll() {
        if (!requireGo()) {
            return;
        }
        var cells = Jupyter.notebook.get_cells().filter(function (c) {
            return c.cell_type === 'code';
        });
        var errors = [];
        var chain = Promise.resolve();
        cells.forEach(function (cell) {
            chain = chain.then(function () {
                return formatCell(cell).then(function (error) {
                    if (error) {
                        errors.push('cell ' + (Jupyter.notebook.find_cell_index(cell) + 1) +
                            ': ' + error);
                    }
                });
            });
        });
        chain.then(function () {
            if (errors.length > 0) {
                notify('danger', 'gofmt: ' + errors.length + ' cell(s) not formatted; ' +
                    errors.join('; '), 15000);
            } else {
                notify('info', 'gofmt: ' + cells.length + ' cell(s) formatted', 2000);
            }
        }).catch(function (err) {
            notify('danger', 'gofmt: ' + err.message, 10000);
        });
    }

    // updateVisibility shows the buttons and menu items only for Go.
    function updateVisibility() {
        var go = isGo();
        if (toolbarGroup) {
            toolbarGroup.toggle(go);
        }
        if (menuItems) {
            menuItems.toggle(go);
        }
    }

    function addStyle() {
        $('<style/>').attr('id', 'gonote-format-style').text(
            '.' + ERROR_CLASS + ' { background: rgba(255, 0, 0, 0.15); }'
        ).appendTo('head');
    }

    function addMenu(cellAction, allAction) {
        var menu = $('#edit_menu');
        if (menu.length === 0) {
            return;
        }
        function item(id, text, action) {
            return $('<li/>').attr('id', id).append(
                $('<a href="#"/>').text(text).click(function (e) {
                    e.preventDefault();
                    Jupyter.actions.call(action);
                }));
        }
        menuItems = $('<li class="divider"/>')
            .add(item('gonote-format-cell-menu', 'Format Go Cell (gofmt)', cellAction))
            .add(item('gonote-format-all-menu', 'Format All Go Cells (gofmt)', allAction));
        menu.append(menuItems);
    }

    function load_ipython_extension() {
        var cellAction = Jupyter.actions.register({
            icon: 'fa-align-left',
            help: 'format the Go cell with gofmt',
            help_index: 'zz-gonote-1',
            handler: formatSelected
        }, 'format-cell', PREFIX);
        var allAction = Jupyter.actions.register({
            icon: 'fa-indent',
            help: 'format all Go cells with gofmt',
            help_index: 'zz-gonote-2',
            handler: formatAll
        }, 'format-all-cells', PREFIX);

        toolbarGroup = Jupyter.toolbar.add_buttons_group([
            {action: cellAction, id: 'gonote-format-cell'},
            {action: allAction, id: 'gonote-format-all'}
        ], 'gonote-format-buttons');

        // Ctrl-Shift-F is the command palette in notebook 6; Alt-Shift-F is free.
        var km = Jupyter.keyboard_manager;
        km.edit_shortcuts.add_shortcut('alt-shift-f', cellAction);
        km.command_shortcuts.add_shortcut('alt-shift-f', cellAction);
        km.command_shortcuts.add_shortcut('alt-shift-a', allAction);

        addStyle();
        addMenu(cellAction, allAction);

        events.on('kernel_ready.Kernel kernel_connected.Kernel', updateVisibility);
        events.on('kernel_restarting.Kernel kernel_created.Session kernel_dead.Kernel',
            dropComm);
        updateVisibility();
    }

    return {
        load_ipython_extension: load_ipython_extension,
        // Exposed for tests and other extensions.
        formatCell: formatCell,
        formatAll: formatAll,
        isGo: isGo
    };
});
