// Package benchmarks measures iamsim. It holds no library code: the
// workloads and benchmarks are in its test files.
package benchmarks
