// Package nbext holds the front-end files gonote installs: the kernelspec's
// kernel.js and logos, and the classic-notebook extension in gonote/.
package nbext

import "embed"

//go:generate go run logo-gen.go

// Files is the embedded tree: kernel.js, logo-32x32.png, logo-64x64.png,
// logo-svg.svg and the extension under gonote/.
//
//go:embed kernel.js logo-32x32.png logo-64x64.png logo-svg.svg gonote
var Files embed.FS
