// Package freeport picks free TCP ports on the loopback interface for tests
// that start kernels.
package freeport

import (
	"net"
	"testing"
)

// Ports returns n distinct free ports. It holds them all open until it
// returns, so that the system cannot hand out one port twice.
func Ports(t testing.TB, n int) []int {
	t.Helper()
	ports := make([]int, n)
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	return ports
}
