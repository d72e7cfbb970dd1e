// kernel.js of the gonote kernelspec. The classic notebook (and nbclassic)
// loads it from /kernelspecs/gonote/kernel.js when the Go kernel starts.
//
// It makes the editors indent the way gofmt writes Go: with tabs, a tab
// four columns wide, for the cells already in the notebook and the cells
// created later.
define([
    'base/js/namespace',
    'base/js/events',
    'notebook/js/codecell'
], function (Jupyter, events, codecell) {
    'use strict';

    var GO_EDITOR = {
        indentWithTabs: true,
        tabSize: 4,
        indentUnit: 4
    };

    function configure(cell) {
        if (!cell || cell.cell_type !== 'code' || !cell.code_mirror) {
            return;
        }
        Object.keys(GO_EDITOR).forEach(function (key) {
            cell.code_mirror.setOption(key, GO_EDITOR[key]);
        });
    }

    function onload() {
        // New code cells start from the defaults...
        var defaults = codecell.CodeCell.options_default.cm_config;
        Object.keys(GO_EDITOR).forEach(function (key) {
            defaults[key] = GO_EDITOR[key];
        });

        // ...which a cell may override from the notebook config; set each
        // cell as well, those already there and those created from now on.
        Jupyter.notebook.get_cells().forEach(configure);
        events.on('create.Cell', function (event, data) {
            configure(data.cell);
        });
    }

    return {onload: onload};
});
