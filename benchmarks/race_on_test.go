//go:build race

package benchmarks

// raceEnabled: the race detector slows evaluation ~10×, so TestWorkloads
// checks a sample of the matrix.
const raceEnabled = true
