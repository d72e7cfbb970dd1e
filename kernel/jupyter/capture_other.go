//go:build !linux && !darwin

package jupyter

import "errors"

type capture struct{}

func (*capture) sync() {}

// captureOutput is not available here.
// TODO: capture fds 1 and 2 on Windows (SetStdHandle) — not needed for the
// platforms gonote ships on.
func (k *Kernel) captureOutput() (IO, error) {
	return IO{}, errors.New("capturing fds 1 and 2 is not supported on this system")
}
