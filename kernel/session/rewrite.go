package session

import (
	"sort"
	"strings"
)

// edit replaces src[start:end] of the cell with text.
type edit struct {
	start, end int
	text       string
}

// rewrites are the edits that turn a cell into source yaegi can run. Edits
// replace small token ranges and never span another edit, and replacement
// text has no newlines, so cell line numbers stay exact.
type rewrites struct{ edits []edit }

// apply returns src[start:end] with the edits inside it applied and the
// pieces in skip blanked out.
func (rw *rewrites) apply(src string, start, end int, skip []*piece) string {
	es := append([]edit(nil), rw.edits...)
	for _, p := range skip {
		es = append(es, edit{p.start, p.end, blank(src[p.start:p.end])})
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].start < es[j].start })
	var b strings.Builder
	at := start
	for _, e := range es {
		if e.start < at || e.end > end {
			continue
		}
		b.WriteString(src[at:e.start])
		b.WriteString(e.text)
		at = e.end
	}
	b.WriteString(src[at:end])
	return b.String()
}

// blank replaces everything but newlines with spaces.
func blank(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' {
			return r
		}
		return ' '
	}, s)
}
