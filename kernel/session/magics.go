package session

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/gonote/gonote/kernel/display"
)

// magicHelp lists the magics; %help prints it.
var magicHelp = []struct{ name, doc string }{
	{"%help", "list the magics"},
	{"%env", "%env NAME=value sets an environment variable; %env NAME prints it; %env lists all"},
	{"%time", "times the rest of the cell and prints the wall time"},
	{"%reset", "starts a fresh session: every variable, func, type and import is forgotten"},
	{"!cmd", "runs cmd with sh -c, streaming its output; an interrupt stops it"},
}

// runMagics runs the magic lines at the top of the cell (before any Go
// line). It blanks them in *code so line numbers stay right, and runs the
// rest itself when a magic wraps it (%time). handled is true when the cell
// is fully handled.
func (s *Session) runMagics(ctx context.Context, code *string) (*display.Data, bool, error) {
	lines := strings.Split(*code, "\n")
	for i, line := range lines {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "//") {
			continue
		}
		if !strings.HasPrefix(t, "%") && !strings.HasPrefix(t, "!") {
			break
		}
		lines[i] = ""
		if t == "%time" || strings.HasPrefix(t, "%time ") {
			rest := strings.TrimSpace(strings.TrimPrefix(t, "%time"))
			if rest != "" {
				lines[i] = rest
			}
			return s.timeCell(ctx, strings.Join(lines, "\n"))
		}
		if err := s.runMagic(ctx, t); err != nil {
			return nil, true, err
		}
	}
	*code = strings.Join(lines, "\n")
	return nil, strings.TrimSpace(*code) == "", nil
}

// timeCell runs the rest of the cell (magics included) and prints its time.
func (s *Session) timeCell(ctx context.Context, rest string) (*display.Data, bool, error) {
	start := time.Now()
	d, handled, err := s.runMagics(ctx, &rest)
	if !handled {
		d, err = s.executeCode(ctx, rest)
	}
	fmt.Fprintf(s.opts.Stdout, "time: %v\n", time.Since(start).Round(time.Microsecond))
	return d, true, err
}

// runMagic runs one magic line.
func (s *Session) runMagic(ctx context.Context, line string) error {
	if strings.HasPrefix(line, "!") {
		return s.shell(ctx, strings.TrimSpace(line[1:]))
	}
	name, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	switch name {
	case "%help":
		for _, m := range magicHelp {
			fmt.Fprintf(s.opts.Stdout, "%-8s %s\n", m.name, m.doc)
		}
		return nil
	case "%env":
		return s.env(arg)
	case "%reset":
		if err := s.reset(); err != nil {
			return &CellError{Name: nameMagic, Value: err.Error()}
		}
		return nil
	}
	return &CellError{Name: nameMagic, Value: fmt.Sprintf(
		"unknown magic %s: %%help lists them", name)}
}

// env implements %env.
func (s *Session) env(arg string) error {
	if arg == "" {
		all := os.Environ()
		sort.Strings(all)
		for _, kv := range all {
			fmt.Fprintln(s.opts.Stdout, kv)
		}
		return nil
	}
	name, value, set := strings.Cut(arg, "=")
	if !set {
		name, value, set = strings.Cut(arg, " ")
	}
	name = strings.TrimSpace(name)
	if !set {
		fmt.Fprintln(s.opts.Stdout, os.Getenv(name))
		return nil
	}
	if err := os.Setenv(name, strings.TrimSpace(value)); err != nil {
		return &CellError{Name: nameMagic, Value: fmt.Sprintf("%%env: %v", err)}
	}
	return nil
}

// shell runs cmd with sh -c in its own process group, streaming its output;
// cancelling ctx kills the group.
func (s *Session) shell(ctx context.Context, cmd string) error {
	c := exec.Command("sh", "-c", cmd)
	c.Stdout, c.Stderr, c.Stdin = s.opts.Stdout, s.opts.Stderr, nil
	c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := c.Start(); err != nil {
		return &CellError{Name: "ShellError", Value: err.Error()}
	}
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		_ = syscall.Kill(-c.Process.Pid, syscall.SIGKILL)
		<-done
		return &CellError{Name: nameInterrupted, Value: "the command was stopped by an interrupt"}
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return &CellError{Name: "ShellError", Value: fmt.Sprintf("!%s: %v", cmd, err)}
	}
	if err != nil {
		return &CellError{Name: "ShellError", Value: err.Error()}
	}
	return nil
}
