package session

import (
	"context"

	"github.com/gonote/gonote/kernel/display"
)

func (s *Session) runMagics(ctx context.Context, code *string) (*display.Data, bool, error) {
	return nil, false, nil
}

// Complete returns completions.
func (s *Session) Complete(code string, cursor int) (matches []string, start, end int) {
	return nil, cursor, cursor
}

// Inspect returns help.
func (s *Session) Inspect(code string, cursor, detailLevel int) (map[string]any, bool) {
	return nil, false
}

// IsComplete says whether code is complete.
func (s *Session) IsComplete(code string) (status, indent string) { return "complete", "" }
