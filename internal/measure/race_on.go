//go:build race

package measure

// Race reports whether the binary was built with -race.
const Race = true
