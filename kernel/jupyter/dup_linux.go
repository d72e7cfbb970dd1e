package jupyter

import "syscall"

func dup2(from, to int) error { return syscall.Dup3(from, to, 0) }

// fSetPipeSize is Linux's F_SETPIPE_SZ fcntl command.
const fSetPipeSize = 1031

// growPipe makes the pipe of fd hold up to 1 MiB (the default maximum for
// unprivileged processes). When the Go runtime dies of a fatal error (a
// stack overflow, concurrent map writes) it writes its report to fd 2 with
// every goroutine stopped, the one reading the captured pipe included: with
// the default 64 KiB, a longer report blocks the write and the dying kernel
// hangs instead of exiting. Failure is harmless and ignored.
func growPipe(fd int) {
	_, _, _ = syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), fSetPipeSize, 1<<20)
}
