package jupyter

import (
	"regexp"
	"strings"
	"sync"

	"github.com/gonote/gonote/kernel/wire"
)

// historySession is the session number of this kernel's history. History is
// kept in memory only, so there is one session: this process's.
const historySession = 1

type historyEntry struct {
	line          int
	input, output string
}

// history is the in-memory list of executed cells.
type history struct {
	mu      sync.Mutex
	entries []historyEntry
}

func (h *history) add(line int, input, output string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.entries = append(h.entries, historyEntry{line, input, output})
}

func (h *history) snapshot() []historyEntry {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]historyEntry(nil), h.entries...)
}

type historyContent struct {
	Output  bool   `json:"output"`
	Raw     bool   `json:"raw"`
	Access  string `json:"hist_access_type"`
	Session int    `json:"session"`
	Start   int    `json:"start"`
	Stop    *int   `json:"stop"`
	N       *int   `json:"n"`
	Pattern string `json:"pattern"`
	Unique  bool   `json:"unique"`
}

func (k *Kernel) historyRequest(m *wire.Message) {
	var c historyContent
	if err := decodeContent(m, &c); err != nil {
		k.replyOn(onShell, m, "history_reply", errorContent("BadRequest", err.Error(), nil))
		return
	}
	var sel []historyEntry
	all := k.history.snapshot()
	switch c.Access {
	case "tail":
		sel = lastN(all, c.N)
	case "range":
		sel = historyRange(all, c.Session, c.Start, c.Stop)
	case "search":
		sel = historySearch(all, c.Pattern, c.Unique, c.N)
	default:
		k.log.Warn("unknown hist_access_type", "hist_access_type", c.Access)
	}
	k.replyOn(onShell, m, "history_reply", map[string]any{
		"status": "ok", "history": historyItems(sel, c.Output),
	})
}

// lastN returns the last n entries, all of them when n is nil.
func lastN(es []historyEntry, n *int) []historyEntry {
	if n == nil || *n >= len(es) {
		return es
	}
	return es[len(es)-max(*n, 0):]
}

// historyRange returns lines start ≤ line < stop of session: 0 (the current
// session, as the protocol numbers it relatively) or historySession.
func historyRange(es []historyEntry, session, start int, stop *int) []historyEntry {
	if session != 0 && session != historySession {
		return nil
	}
	var out []historyEntry
	for _, e := range es {
		if e.line >= start && (stop == nil || e.line < *stop) {
			out = append(out, e)
		}
	}
	return out
}

// historySearch returns the entries whose input matches the glob pattern
// (* and ?, like IPython's history search), the newest n of them.
func historySearch(es []historyEntry, pattern string, unique bool, n *int) []historyEntry {
	re := globRE(pattern)
	var out []historyEntry
	seen := map[string]bool{}
	for i := len(es) - 1; i >= 0; i-- {
		e := es[i]
		if !re.MatchString(e.input) || (unique && seen[e.input]) {
			continue
		}
		seen[e.input] = true
		out = append(out, e)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return lastN(out, n)
}

func globRE(pattern string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?s)^`)
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// historyItems formats entries as history_reply tuples.
func historyItems(es []historyEntry, output bool) []any {
	items := make([]any, 0, len(es))
	for _, e := range es {
		var v any = e.input
		if output {
			var out any
			if e.output != "" {
				out = e.output
			}
			v = []any{e.input, out}
		}
		items = append(items, []any{historySession, e.line, v})
	}
	return items
}
