//go:build race

package session

// raceEnabled is true under the race detector: yaegi offers no way to wait
// for the goroutine of a stopped evaluation, so the detector reports the next
// evaluation as racing with it (see hardStopSettle).
const raceEnabled = true
